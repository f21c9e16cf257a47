import ArgumentParser
import Foundation
import RoundtableKit

/// How `validate` writes its diagnostics.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    /// `file:line:column: error: message [RT101 unknown-key]`, notes and hint below.
    case text
    /// One JSON document on standard output.
    case json
    /// GitHub Actions workflow commands (`::error file=…::message`), which annotate the lines of a pull request.
    case github
}

/// Diagnostics for programs: JSON and GitHub Actions annotations.
enum DiagnosticOutput {
    struct NoteView: Encodable {
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
    }

    struct DiagnosticView: Encodable {
        var code: String
        var name: String
        var severity: String
        var file: String?
        var line: Int?
        var column: Int?
        var message: String
        var notes: [NoteView]
        var hint: String?
    }

    static func view(_ diagnostic: Diagnostic) -> DiagnosticView {
        DiagnosticView(
            code: diagnostic.code.id, name: diagnostic.code.name, severity: diagnostic.severity.rawValue,
            file: diagnostic.location?.file, line: diagnostic.location?.line, column: diagnostic.location?.column,
            message: diagnostic.message,
            notes: diagnostic.notes.map { NoteView(message: $0.message, file: $0.location?.file, line: $0.location?.line, column: $0.location?.column) },
            hint: diagnostic.hint)
    }

    /// One workflow command per diagnostic, as GitHub documents them: the message's `%`, CR
    /// and LF escaped, and in the properties also `:` and `,`.
    static func github(_ diagnostic: Diagnostic) -> String {
        let command: String
        switch diagnostic.severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        var properties: [String] = []
        if let location = diagnostic.location {
            properties += ["file=\(escapeProperty(location.file))", "line=\(location.line)", "col=\(location.column)"]
        }
        properties.append("title=\(escapeProperty(diagnostic.code.description))")
        var text = diagnostic.message
        for note in diagnostic.notes {
            text += "\nnote: " + (note.location.map { "\($0): " } ?? "") + note.message
        }
        if let hint = diagnostic.hint { text += "\nhint: \(hint)" }
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(text.neutralized(keepingNewlines: true)))"
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text.neutralized())
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}
