import ArgumentParser
import Foundation
import RoundtableKit

/// Writes command output and diagnostics; colours only on a terminal without NO_COLOR.
struct Console {
    var useColor: Bool

    init(noColor: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) {
        useColor = !noColor && environment["NO_COLOR"].map(\.isEmpty) ?? true && isatty(STDERR_FILENO) == 1
            && environment["TERM"] != "dumb"
    }

    /// Writes a line of command output; whatever it quotes, no control character reaches
    /// the terminal (the last line of defence: callers neutralize what they quote).
    func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.neutralized(keepingNewlines: true) + "\n").utf8))
    }

    func err(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints diagnostics compiler-style to standard error.
    func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { err(render(diagnostic)) }
    }

    func render(_ diagnostic: Diagnostic) -> String {
        // Messages quote file content, which is neutralized where it is quoted; the whole
        // text is neutralized again here as the last line of defence.
        let plain = diagnostic.description.neutralized(keepingNewlines: true)
        guard useColor else { return plain }
        let label: String
        switch diagnostic.severity {
        case .error: label = "\u{1B}[1;31merror:\u{1B}[0m"
        case .warning: label = "\u{1B}[1;33mwarning:\u{1B}[0m"
        case .note: label = "note:"  // coloured with the other notes below
        }
        return plain
            .replacingOccurrences(of: "\(diagnostic.severity.rawValue): ", with: label + " ", options: [], range: plain.range(of: "\(diagnostic.severity.rawValue): "))
            .replacingOccurrences(of: "note:", with: "\u{1B}[1;36mnote:\u{1B}[0m")
            .replacingOccurrences(of: "hint:", with: "\u{1B}[1;32mhint:\u{1B}[0m")
    }

    /// Reports a failure and returns the exit status to use.
    func fail(_ error: any Error) -> Int32 {
        switch error {
        case let error as LoadError:
            report(error.diagnostics)
            return dataErrorCode
        case let error as CLIError:
            err("error: \(error.message.neutralized())")
            if let hint = error.hint { err("    hint: \(hint.neutralized())") }
            return error.code
        default:
            err("error: \(String(describing: error).neutralized())")
            return 1
        }
    }
}

/// Runs a command body, printing any failure as a diagnostic and exiting with its status.
func reportingFailures(noColor: Bool = false, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw ExitCode(Console(noColor: noColor).fail(error))
    }
}
