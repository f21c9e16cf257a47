import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct Handlers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "handlers",
            abstract: "List the registered exercise handlers and their config keys.")

        @Argument(help: "Show one handler in full, with its YAML example.")
        var name: String?

        @OptionGroup var formatOption: FormatOption
        var format: OutputFormat { formatOption.format }

        struct Row: Encodable {
            var name: String
            var aliases: [String]
            var module: String
            var summary: String
            var config: [ConfigKeyInfo]
            var whatToType: [String]
            var example: String
            /// The handler's own slash commands, as `/help` lists them; absent when it has none.
            var commands: [String]?
        }

        func run() async throws {
            try await reportingFailures {
                let console = Console()
                let registry = try RoundtableCommand.registry()
                var rows = registry.entries.map { entry in
                    Row(name: entry.type.name, aliases: entry.type.aliases, module: entry.module, summary: entry.type.summary,
                        config: entry.type.configKeys.map(\.info), whatToType: entry.type.whatToType, example: entry.type.example,
                        commands: entry.type.commands.isEmpty ? nil : entry.type.commands.map(\.help))
                }.sorted { $0.name < $1.name }
                if let name {
                    guard let entry = registry.entry(named: name) else {
                        let suggestion = Suggestion.closest(to: name, in: registry.names)
                        throw CLIError(message: "no handler named '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                                       hint: "registered: \(registry.names.joined(separator: ", "))")
                    }
                    rows = rows.filter { $0.name == entry.type.name }
                }
                if format == .json {
                    console.out(try JSONOutput.encode(rows))
                    return
                }
                for row in rows {
                    var head = "\(row.name)  (\(row.module))"
                    if !row.aliases.isEmpty { head += "  aliases: \(row.aliases.joined(separator: ", "))" }
                    console.out(head)
                    console.out("  \(row.summary)")
                    if row.config.isEmpty {
                        console.out("  config: none")
                    } else {
                        console.out("  config:")
                        for key in row.config {
                            var line = "    \(key.name): \(key.type)"
                            if key.required { line += " (required)" } else if let value = key.defaultValue { line += " (default \(value))" }
                            if !key.summary.isEmpty { line += " — \(key.summary)" }
                            console.out(line)
                        }
                    }
                    if let commands = row.commands {
                        console.out("  commands:")
                        for command in commands { console.out("    " + command) }
                    }
                    if name != nil {
                        if row.whatToType.isEmpty {
                            console.out("  what to type: not described by the handler")
                        } else {
                            console.out("  what to type:")
                            for line in row.whatToType { console.out("    " + line.neutralized()) }
                        }
                        console.out("  example:")
                        console.out(row.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
                    }
                    console.out("")
                }
                if name == nil { console.out("\(rows.count) handlers. `roundtable handlers NAME` shows one with its YAML example.") }
            }
        }
    }
}
