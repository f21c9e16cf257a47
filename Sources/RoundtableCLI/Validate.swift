import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check exercise and agenda files; report every problem as file:line:column.",
            discussion: """
                Folders are searched recursively for .yaml and .yml files. Agendas are checked \
                against the library (./Exercises, ROUNDTABLE_PATH, the folders given here and the \
                built-in library). Without a path, the whole library is checked, built-in files \
                included. Every diagnostic names its code (RT101 unknown-key; docs/FORMAT.md lists \
                them). Warnings point at what loads but probably does not do what was meant; \
                --strict counts them as errors. A folder that cannot be read is an error, not a \
                folder without files. Exit status: 0 when every file is valid, 65 when any is not.
                """)

        @Argument(help: ArgumentHelp("Files or folders to check (default: the whole library).", valueName: "path"))
        var paths: [String] = []

        @Flag(help: "Print only diagnostics and the summary.")
        var quiet = false

        @Flag(help: "Do not colour the output.")
        var noColor = false

        @Flag(help: "Treat warnings as errors (exit status 65).")
        var strict = false

        @Option(help: "How to write diagnostics: text, json (one document on standard output) or github (Actions annotations).")
        var format: DiagnosticFormat = .text

        func run() async throws {
            try await reportingFailures(noColor: noColor) {
                let console = Console(noColor: noColor)
                for path in paths where !FileManager.default.fileExists(atPath: path) {
                    throw CLIError(message: "\(path): no such file or folder", hint: "give a .yaml file or a folder of them", code: 66)
                }
                let registry = try RoundtableCommand.registry()
                let folders = paths.filter { path in
                    var isDirectory: ObjCBool = false
                    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
                }
                var roots = try LibraryOptions.defaultRoots() + folders
                roots = roots.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
                let embedded = RoundtableCommand.libraryFiles
                let files = paths.isEmpty ? Library.yamlFiles(under: roots) + embedded.map(\.address) : Library.yamlFiles(under: paths)
                // The library resolves agenda items by id; files given directly are checked too.
                let library = Library(roots: roots, embedded: embedded, loader: Loader(registry: registry))
                var invalid = 0, exercises = 0, agendas = 0
                var diagnostics: [Diagnostic] = []
                let unreadable = Library.unreadableFolders(under: paths.isEmpty ? roots : paths)
                for (folder, reason) in unreadable {
                    diagnostics.append(.error(.unreadableFile, "cannot read the folder '\(folder.neutralized())' (\(reason)); the files in it are not checked",
                                              at: nil, hint: "give read and search permission (chmod u+rx), or leave the folder out"))
                }
                for file in files {
                    var problems = library.diagnostics(forPath: file)
                    var document = library.entry(atPath: file)?.document
                    if document == nil && problems.isEmpty {
                        do {
                            document = try library.document(named: file)
                            problems = document.map(library.warnings(for:)) ?? []
                        } catch let error as LoadError {
                            problems = error.diagnostics
                        }
                    }
                    if strict {
                        problems = problems.map { problem in
                            var problem = problem
                            if problem.severity == .warning { problem.severity = .error }
                            return problem
                        }
                    }
                    if problems.contains(where: { $0.severity == .error }) {
                        invalid += 1
                    } else if let document {
                        switch document {
                        case .exercise: exercises += 1
                        case .agenda: agendas += 1
                        }
                        if !quiet && format == .text { console.out("ok  \(file.neutralized())") }
                    }
                    diagnostics += problems
                }
                switch format {
                case .text:
                    console.report(diagnostics)
                case .json:
                    console.out(try JSONOutput.encode(ValidationView(
                        files: files.count, exercises: exercises, agendas: agendas, invalid: invalid, strict: strict,
                        diagnostics: diagnostics.map(DiagnosticOutput.view))))
                case .github:
                    for diagnostic in diagnostics { console.out(DiagnosticOutput.github(diagnostic)) }
                }
                let errors = diagnostics.filter { $0.severity == .error }.count
                let warnings = diagnostics.filter { $0.severity == .warning }.count
                var summary = "\(files.count) file\(files.count == 1 ? "" : "s") checked: \(exercises) exercise\(exercises == 1 ? "" : "s"), \(agendas) agenda\(agendas == 1 ? "" : "s")"
                if invalid > 0 { summary += "; \(invalid) invalid with \(errors) error\(errors == 1 ? "" : "s")" }
                if strict && invalid > 0 { summary += " (--strict: warnings count as errors)" }
                if warnings > 0 { summary += ", \(warnings) warning\(warnings == 1 ? "" : "s")" }
                if !unreadable.isEmpty { summary += "; \(unreadable.count) folder\(unreadable.count == 1 ? "" : "s") could not be read" }
                if files.isEmpty && unreadable.isEmpty {
                    summary = "no .yaml or .yml files found under \((paths.isEmpty ? roots : paths).joined(separator: ", "))"
                }
                console.err(summary)
                if invalid > 0 || !unreadable.isEmpty { throw ExitCode(dataErrorCode) }
            }
        }
    }
}

/// `validate --format json`: the counts and every diagnostic.
struct ValidationView: Encodable {
    var files: Int
    var exercises: Int
    var agendas: Int
    var invalid: Int
    var strict: Bool
    var diagnostics: [DiagnosticOutput.DiagnosticView]
}
