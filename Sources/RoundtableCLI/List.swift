import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the exercises and agendas of the library.",
            discussion: """
                Without a path: the library built into roundtable, plus ./Exercises and the folders \
                in ROUNDTABLE_PATH (colon-separated), which come first: an id they share with the \
                built-in library overrides it, with a note naming both files. Durations are for \
                --people participants, since per-speaker steps grow with the group.
                """)

        @Argument(help: ArgumentHelp("Folders to list instead of the default library (their agendas may still use built-in ids).", valueName: "path"))
        var paths: [String] = []

        @Option(help: "Group size used to compute durations.")
        var people = 5

        @OptionGroup var formatOption: FormatOption
        var format: OutputFormat { formatOption.format }

        func validate() throws {
            guard (1...500).contains(people) else { throw ValidationError("--people must be between 1 and 500") }
        }

        struct Row: Encodable {
            var kind: String
            var id: String
            var title: String
            var minutes: Double
            var participants: String
            var tags: [String]
            var path: String
        }

        func run() async throws {
            try await reportingFailures {
                let console = Console()
                let roots: [String]
                if paths.isEmpty {
                    roots = try LibraryOptions.defaultRoots()
                } else {
                    try LibraryOptions.check(paths, option: "list")
                    roots = paths
                }
                let embedded = RoundtableCommand.libraryFiles
                if roots.isEmpty && embedded.isEmpty {
                    throw CLIError(message: "no library: this build has none built in, ./Exercises does not exist and ROUNDTABLE_PATH is not set",
                                   hint: "pass a folder, or set ROUNDTABLE_PATH", code: 66)
                }
                let library = Library(roots: roots, embedded: embedded, loader: Loader(registry: try RoundtableCommand.registry()))
                let shown = library.visibleEntries.filter { paths.isEmpty || !$0.isEmbedded }
                let rows: [Row] = shown.map { entry in
                    switch entry.document {
                    case .exercise(let exercise):
                        let count = min(max(people, exercise.participants.min), exercise.participants.max ?? people)
                        return Row(kind: "exercise", id: exercise.id, title: exercise.title,
                                   minutes: exercise.duration(participants: count).secondsValue / 60,
                                   participants: exercise.participants.description, tags: exercise.tags, path: entry.path)
                    case .agenda(let agenda):
                        return Row(kind: "agenda", id: entry.id, title: agenda.title,
                                   minutes: agenda.duration(participants: agenda.participants?.count ?? people).secondsValue / 60,
                                   participants: agenda.participants.map { "\($0.count)" } ?? "any", tags: [], path: entry.path)
                    }
                }
                if format == .json {
                    console.out(try JSONOutput.encode(rows))
                } else {
                    for kind in ["exercise", "agenda"] {
                        let group = rows.filter { $0.kind == kind }
                        guard !group.isEmpty else { continue }
                        console.out(kind == "exercise" ? "Exercises (durations for \(people) people)" : "\nAgendas")
                        let table = group.map { row in
                            [row.id, row.title, DurationText.format(.seconds(Int64(row.minutes * 60))), row.participants,
                             row.tags.joined(separator: ", ")].map { $0.neutralized() }
                        }
                        console.out(TextTable.render(["id", "title", "time", "people", "tags"], table))
                    }
                    var sources = paths.isEmpty && !embedded.isEmpty ? ["the built-in library"] : []
                    sources += roots.map { $0.neutralized() }
                    console.out("\n\(rows.filter { $0.kind == "exercise" }.count) exercises, \(rows.filter { $0.kind == "agenda" }.count) agendas"
                                + " from \(sources.joined(separator: ", "))")
                }
                let diagnostics = library.diagnostics.filter { paths.isEmpty || !($0.location?.file.hasPrefix(Library.builtinScheme) ?? false) }
                console.report(diagnostics)
                let failed = Set(diagnostics.filter { $0.severity == .error }.compactMap { $0.location?.file })
                if !failed.isEmpty {
                    console.err("\(failed.count) file(s) did not load; run `roundtable validate` for details")
                }
            }
        }
    }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
