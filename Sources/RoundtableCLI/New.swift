import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    /// `roundtable new handler|exercise`: starting points that build, load and pass their tests as written.
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Start a new handler module or exercise file from a working scaffold.",
            discussion: """
                `new handler NAME` writes a handler module under Plugins/, its tests and a YAML \
                example, and prints the lines to add to Package.swift. `new exercise NAME` writes \
                a commented exercise that validates as it is. Neither overwrites an existing file.
                """,
            subcommands: [HandlerScaffold.self, ExerciseScaffold.self])
    }
}

extension RoundtableCommand.New {
    struct HandlerScaffold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "handler",
            abstract: "Scaffold a handler module: Plugins/<Type>/, its tests and a YAML example.",
            discussion: """
                NAME is the handler's YAML name, kebab-case (e.g. shout-out); the module and its \
                types are named after it (ShoutOut, ShoutOutHandler). Package.swift is not edited: \
                the lines to add are printed. Exit status: 64 for a bad name or folder, 73 when a \
                file to write already exists (nothing is written then).
                """)

        @Argument(help: ArgumentHelp("The handler's YAML name, kebab-case, e.g. shout-out.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The package to add the module to (must hold Package.swift).", valueName: "folder"))
        var directory = "."

        func validate() throws {
            if let problem = ScaffoldName.problem(with: name) { throw ValidationError("handler name \(problem)") }
            guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("Package.swift")) else {
                throw ValidationError("--directory: no Package.swift in '\(directory)'; run this at the root of a Swift package or pass --directory FOLDER")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let console = Console()
                let names = ScaffoldName(name)
                let root = URL(fileURLWithPath: directory)
                let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
                if let existing = try RoundtableCommand.registry().entry(named: name) {
                    throw CLIError(message: "a handler named '\(name)' is already registered (\(String(reflecting: existing.type)))",
                                   hint: "handler names are unique across modules; choose another name")
                }
                let taken = ScaffoldName.declaredTargets(in: manifest) + ScaffoldName.reservedModules
                if let clash = [names.module, names.module + "Tests"].first(where: taken.contains) {
                    throw CLIError(message: "'\(name)' would make a module named \(clash), and that name is taken",
                                   hint: "choose another handler name")
                }
                let template = HandlerTemplate(names: names)
                try ScaffoldWriter.writeAll(template.files, under: root)
                console.out("Created:")
                for file in template.files { console.out("  \(file.path)") }
                console.out("")
                console.out(template.nextSteps(manifest: manifest))
            }
        }
    }

    struct ExerciseScaffold: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exercise",
            abstract: "Write a commented exercise file (round, timebox, roles) that validates as it is.",
            discussion: "Exit status: 64 for a bad name, 73 when the file already exists (it is never overwritten).")

        @Argument(help: ArgumentHelp("The exercise id, kebab-case, e.g. team-retro.", valueName: "name"))
        var name: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write it (default: NAME.yaml).", valueName: "path"))
        var output: String?

        func validate() throws {
            if let problem = ScaffoldName.problem(with: name) { throw ValidationError("exercise id \(problem)") }
        }

        func run() async throws {
            try await reportingFailures {
                let path = output ?? "\(name).yaml"
                let text = ExerciseTemplate.text(id: name, title: ScaffoldName(name).title, path: path)
                // The scaffold promises a file that validates: check it with this build's handlers first.
                let loader = Loader(registry: try RoundtableCommand.registry())
                _ = try loader.document(from: try loader.yaml.parse(text: text, file: path))
                try ScaffoldWriter.writeAll([ScaffoldFile(path: path, text: text)], under: URL(fileURLWithPath: "."))
                let console = Console()
                console.out("Created \(path). Next:")
                console.out("  roundtable validate \(path)")
                console.out("  roundtable show \(path) -p Ana,Ben,Chen")
                console.out("  roundtable run \(path) -p Ana,Ben,Chen")
            }
        }
    }
}

/// A kebab-case name and the Swift and display names made from it.
struct ScaffoldName {
    /// The YAML name as typed: `shout-out`.
    var kebab: String
    /// The module and type stem: `ShoutOut`.
    var module: String
    /// Words for people: `Shout out`.
    var title: String

    init(_ kebab: String) {
        self.kebab = kebab
        let words = kebab.split(separator: "-").map(String.init)
        module = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        title = words.joined(separator: " ").prefix(1).uppercased() + words.joined(separator: " ").dropFirst()
    }

    /// Why `name` cannot be used, or nil when it can: the handler registry's own rule.
    static func problem(with name: String) -> String? {
        guard HandlerRegistry.isKebabCase(name) else {
            return "'\(name.neutralized())' is not kebab-case: use lowercase letters, digits and single hyphens, starting with a letter (e.g. shout-out)"
        }
        return nil
    }

    /// Module names a scaffold must not reuse: the toolchain's, this package's dependencies', and names Swift reserves.
    static let reservedModules = [
        "Swift", "Foundation", "FoundationEssentials", "Dispatch", "Glibc", "Musl", "Darwin", "XCTest", "Testing",
        "Synchronization", "Observation", "ArgumentParser", "CLibYAML", "Clocks", "ConcurrencyExtras", "IssueReporting",
        "RoundtableSDK", "RoundtableKit", "RoundtableCLI", "RoundtableTesting", "BuiltInHandlers", "BuiltInLibrary", "Self", "Type", "Protocol", "Any",
    ]

    /// Every `name: "…"` of a target or product declared in a manifest.
    static func declaredTargets(in manifest: String) -> [String] {
        let pattern = /\.(?:target|testTarget|executableTarget|library|executable)\(\s*name:\s*"([^"]+)"/
        return manifest.matches(of: pattern).map { String($0.output.1) }
    }
}

/// A file a scaffold writes: a path relative to the scaffold's root, or absolute.
struct ScaffoldFile {
    var path: String
    var text: String
}

enum ScaffoldWriter {
    /// Writes every file, or none when any of them already exists.
    ///
    /// - Throws: `CLIError` (exit 73) naming the files that exist, or one that cannot be written.
    static func writeAll(_ files: [ScaffoldFile], under root: URL) throws {
        let manager = FileManager.default
        func url(_ file: ScaffoldFile) -> URL {
            file.path.hasPrefix("/") ? URL(fileURLWithPath: file.path) : root.appendingPathComponent(file.path)
        }
        let existing = files.filter { manager.fileExists(atPath: url($0).path) }
        guard existing.isEmpty else {
            throw CLIError(message: "not overwriting \(existing.map(\.path).joined(separator: ", ")): already exists",
                           hint: "choose another name, or move the existing file away first", code: 73)
        }
        for file in files {
            let target = url(file)
            do {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.text.write(to: target, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError(message: "cannot write \(file.path): \(error.localizedDescription)", hint: nil, code: 73)
            }
        }
    }
}
