import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "schema",
            abstract: "Print the JSON Schema (draft 2020-12) of exercise and agenda files.",
            discussion: """
                Save it and point your editor's YAML support at it, e.g. with a first line \
                `# yaml-language-server: $schema=./roundtable.schema.json` in an exercise file.
                """)

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func run() async throws {
            try await reportingFailures {
                let schema = FormatSchema.schema(for: try RoundtableCommand.registry())
                let text = try JSONOutput.encode(schema, sortedKeys: false) + "\n"
                if let output {
                    do { try SessionRunner.writeRegularFile(text, to: output) } catch {
                        let reason = (error as? CLIError)?.message ?? error.localizedDescription
                        throw CLIError(message: "cannot write \(output): \(reason)", hint: nil, code: 73)
                    }
                } else {
                    Console().out(text.trimmingTrailingNewline())
                }
            }
        }
    }
}

extension String {
    func trimmingTrailingNewline() -> String { hasSuffix("\n") ? String(dropLast()) : self }
}
