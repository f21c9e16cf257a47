import CLibYAML
import Foundation

extension YAMLSource {
    /// The diagnostic for the error libyaml stopped with.
    static func diagnostic(for parser: yaml_parser_t, text: String, file: String) -> Diagnostic {
        func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.error {
        case YAML_READER_ERROR:
            // The offset counts bytes; lines and columns count Unicode scalars.
            var line = 1, column = 1, offset = 0
            for scalar in text.unicodeScalars {
                if offset >= parser.problem_offset { break }
                offset += UTF8.width(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return .error(
                .invalidUTF8, "cannot read the text: \(problem)", at: SourceLocation(file: file, line: line, column: column),
                hint: "remove control characters; YAML allows tab, newline and printable characters only")
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let mark = parser.problem_mark
            var notes: [Diagnostic.Note] = []
            if let context = parser.context,
               parser.context_mark.line != mark.line || parser.context_mark.column != mark.column {
                notes.append(.init(String(cString: context), at: location(parser.context_mark)))
            }
            return .error(
                .yamlSyntax, "YAML syntax: \(problem)", at: location(mark), notes: notes,
                hint: unquotedPlaceholderHint(near: Int(mark.line) + 1, in: text)
                    ?? syntaxHint(problem, at: scalar(line: Int(mark.line) + 1, column: Int(mark.column) + 1, in: text)))
        default:
            return .error(.yamlSyntax, "cannot parse YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The character libyaml stopped at (lines split at "\n" only; good enough for a hint).
    private static func scalar(line wanted: Int, column wantedColumn: Int, in yaml: String) -> Unicode.Scalar? {
        var line = 1, column = 1
        for scalar in yaml.unicodeScalars {
            if line == wanted && column == wantedColumn { return scalar }
            if scalar == "\n" {
                if line == wanted { return nil }
                line += 1; column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

    /// A value that starts with `{{` reads as a YAML mapping, which is what most often
    /// breaks a line that uses a placeholder: the hint says to quote it.
    private static func unquotedPlaceholderHint(near line: Int, in yaml: String) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        for index in [line - 1, line - 2] where lines.indices.contains(index) {
            if let colon = lines[index].range(of: ": {{") ?? lines[index].range(of: ":{{"),
               !lines[index][..<colon.lowerBound].contains("\"") {
                return Placeholders.quoteHint
            }
        }
        return nil
    }

    private static func syntaxHint(_ problem: String, at character: Unicode.Scalar?) -> String? {
        // libyaml often says "found character that cannot start any token" for an indenting tab.
        if problem.contains("tab") || character == "\t" { return "indent with spaces; YAML does not allow tabs for indentation" }
        if problem.contains("mapping values are not allowed") {
            return "a value containing ': ' must be quoted, e.g. prompt: \"Why: because\""
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation of this line against the lines above it"
        }
        return nil
    }
}
