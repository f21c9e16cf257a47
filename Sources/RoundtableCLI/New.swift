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

/// The files of `roundtable new handler` and the instructions printed after them.
struct HandlerTemplate {
    var names: ScaffoldName

    var files: [ScaffoldFile] {
        let module = names.module
        return [
            ScaffoldFile(path: "Plugins/\(module)/\(module)Handler.swift", text: fill(Self.handler)),
            ScaffoldFile(path: "Plugins/\(module)/\(module).swift", text: fill(Self.list)),
            ScaffoldFile(path: "Plugins/\(module)/example.yaml", text: fill(Self.example)),
            ScaffoldFile(path: "Tests/\(module)Tests/\(module)Tests.swift", text: fill(Self.tests)),
        ]
    }

    private func fill(_ template: String) -> String {
        template.replacingOccurrences(of: "HANDLER_MODULE", with: names.module)
            .replacingOccurrences(of: "HANDLER_NAME", with: names.kebab)
            .replacingOccurrences(of: "HANDLER_TITLE", with: names.title)
    }

    /// What to add by hand. A manifest that declares RoundtableKit itself is this repository;
    /// any other package depends on Roundtable and uses its products.
    func nextSteps(manifest: String) -> String {
        let module = names.module
        let inRepository = ScaffoldName.declaredTargets(in: manifest).contains("RoundtableKit")
        let settings = manifest.contains("let strict") ? "strict" : #"[.enableUpcomingFeature("ExistentialAny")]"#
        let kit = inRepository ? #""RoundtableKit""# : #".product(name: "RoundtableKit", package: "Roundtable")"#
        let testing = inRepository ? #""RoundtableTesting""# : #".product(name: "RoundtableTesting", package: "Roundtable")"#
        var text = """
            Next steps:

            1. In Package.swift, add these targets to `targets:`:

                    .target(
                        name: "\(module)",
                        dependencies: [\(kit)],
                        path: "Plugins/\(module)",
                        exclude: ["example.yaml"],
                        swiftSettings: \(settings)
                    ),
                    .testTarget(
                        name: "\(module)Tests",
                        dependencies: ["\(module)", \(kit), \(testing)],
                        swiftSettings: \(settings)
                    ),


            """
        if inRepository {
            text += """
                2. In Package.swift, add "\(module)" to the dependencies of the "BuiltInHandlers" target:

                            dependencies: [..., "\(module)"],

                3. In Sources/BuiltInHandlers/BuiltInHandlers.swift, import the module and add its list:

                    import \(module)

                        public static let all: [any ExerciseHandler.Type] =
                            Rounds.all + ... + \(module).all

                4. Build, test and try it:

                    swift build
                    swift test --filter \(module)Tests
                    .build/debug/roundtable handlers \(names.kebab)
                    .build/debug/roundtable run Plugins/\(module)/example.yaml -p Ana,Ben,Chen
                """
        } else {
            text += """
                2. In Package.swift, add "\(module)" to the dependencies of your executable target.

                3. In its main.swift, add the module's list to the handlers:

                    import \(module)

                    await RoundtableCommand.main(handlers: BuiltInHandlers.all + \(module).all)

                4. Build and test:

                    swift build
                    swift test --filter \(module)Tests
                """
        }
        return text
    }

    static let handler = #"""
        import Foundation
        import RoundtableKit

        /// Collects the lines typed during a step as notes, each with a prefix.
        ///
        /// Scaffolded by `roundtable new handler HANDLER_NAME`: a small, complete handler to make
        /// your own. It shows what every handler does:
        /// - `init(config:)` reads and checks the step's `config:`, reporting a problem at the
        ///   value that caused it (the loader prints it as `file:line:column: error:`);
        /// - `run(_:)` works segment by segment (one per speaker with `each: participant`, one
        ///   per round otherwise), reading typed lines until the segment's timer or `/next`
        ///   ends it;
        /// - it records artifacts as it goes, so a step cut short keeps what it collected.
        public struct HANDLER_MODULEHandler: ExerciseHandler {
            /// The name exercise files use; kebab-case and stable (a rename keeps the old one in `aliases`).
            public static let name = "HANDLER_NAME"
            public static let summary = "Collects the lines typed during a step as notes, each with a prefix."
            /// Each `config:` key, declared once: name, type, default, range and help. The
            /// declaration is what `init(config:)` reads, what `roundtable handlers` shows and
            /// what `roundtable schema` checks.
            static let prefix = ConfigKey.text("prefix", default: "+", "Put in front of every line kept as a note.")
            static let limit = ConfigKey.integer("limit", default: 20, in: 1...100, "How many lines each turn (or round) keeps.")
            public static let configKeys: [any AnyConfigKey] = [prefix, limit]
            /// A step using this handler: `roundtable handlers HANDLER_NAME` shows it, and the tests load it.
            public static let example = """
                - id: HANDLER_NAME
                  title: HANDLER_TITLE
                  handler: HANDLER_NAME
                  each: participant
                  duration: 1m
                  prompt: "{{speaker}}: what would you like to share?"
                  config: { prefix: "HANDLER_TITLE:", limit: 2 }
                """

            let prefix: String
            let limit: Int

            public init(config: HandlerConfig) {
                prefix = config[Self.prefix]
                limit = config[Self.limit]
                // Checks beyond the keys' own point at the value too, so the author sees where.
                if prefix.trimmingCharacters(in: .whitespaces).isEmpty, let value = config.value(Self.prefix.name) {
                    config.error("config `prefix` must not be empty", at: value, hint: "leave `prefix` out to use '+'")
                }
            }

            public func run(_ step: StepContext) async {
                repeat {
                    // Lines belong to the speaker of the turn, else to whoever holds the scribe role.
                    let author = step.segment.speaker ?? step.roles["scribe"]
                    var kept = 0
                    while let line = await step.line(prompt: "Type a line for \(author ?? "the room"); /next when done") {
                        let text = line.text.trimmingCharacters(in: .whitespaces)
                        guard !text.isEmpty else { continue }
                        guard kept < limit else {
                            step.announce("Only \(limit) line\(limit == 1 ? " is" : "s are") kept per turn; /next moves on.")
                            continue
                        }
                        step.record(.note("\(prefix) \(text)", by: author))
                        kept += 1
                    }
                } while await step.nextSegment() != nil
            }
        }

        """#

    static let list = #"""
        import RoundtableKit

        /// The handlers of the HANDLER_MODULE module, as one list: `BuiltInHandlers.all + HANDLER_MODULE.all`.
        public enum HANDLER_MODULE {
            public static let all: [any ExerciseHandler.Type] = [HANDLER_MODULEHandler.self]
        }

        """#

    static let example = #"""
        # An exercise using the HANDLER_NAME handler. Tests/HANDLER_MODULETests runs it with
        # scripted input; once the module is registered, try it live:
        #   roundtable run Plugins/HANDLER_MODULE/example.yaml -p Ana,Ben,Chen
        id: HANDLER_NAME-example
        title: HANDLER_TITLE example
        participants: { min: 2, max: 12 }
        roles:
          facilitator: per-exercise
          scribe: per-step
        steps:
          - id: HANDLER_NAME
            title: HANDLER_TITLE
            handler: HANDLER_NAME
            each: participant
            duration: 1m
            instructions: "{{facilitator}} asks each person in turn; {{scribe}} types what they say."
            prompt: "{{speaker}}: what would you like to share?"
            config: { prefix: "HANDLER_TITLE:", limit: 2 }

        """#

    static let tests = #"""
        import Foundation
        import HANDLER_MODULE
        import RoundtableKit
        import RoundtableTesting
        import Testing

        /// The HANDLER_NAME handler through the real loader, planner and runner, with scripted input.
        @Suite struct HANDLER_MODULETests {
            static let people = ["Ana", "Ben", "Chen"]

            /// Plugins/HANDLER_MODULE/example.yaml: the example is the test.
            static func exampleYAML() throws -> String {
                let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent()
                return try String(contentsOf: root.appendingPathComponent("Plugins/HANDLER_MODULE/example.yaml"), encoding: .utf8)
            }

            @Test func theExampleKeepsEachTurnsLinesAsPrefixedNotesUpToTheLimit() async throws {
                let rehearsal = try Rehearsal(yaml: try Self.exampleYAML(), handlers: HANDLER_MODULE.all, participants: Self.people)
                let speakers = rehearsal.plan.steps[0].segments.compactMap(\.speaker)
                let rehearsed = await rehearsal.run([
                    "the code review", "the demo", "one too many", "/next",
                    "", "/next",
                    "pairing on the parser",
                ])
                let notes = rehearsed.artifacts(of: "HANDLER_NAME")
                #expect(notes.map(\.text) == ["HANDLER_TITLE: the code review", "HANDLER_TITLE: the demo", "HANDLER_TITLE: pairing on the parser"])
                #expect(notes.map(\.author) == [speakers[0], speakers[0], speakers[2]])
                #expect(notes.allSatisfy { $0.kind == .note })
                #expect(rehearsed.announcements.contains("Only 2 lines are kept per turn; /next moves on."))
                #expect(rehearsed.report.contains("HANDLER_TITLE: the demo"))
            }

            @Test func theDocumentedStepLoads() throws {
                let steps = HANDLER_MODULEHandler.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
                let yaml = "id: example\ntitle: Example\nsteps:\n" + steps
                _ = try Rehearsal(yaml: yaml, handlers: HANDLER_MODULE.all, participants: Self.people)
            }

            @Test func badConfigValuesAreErrorsAtTheirLineAndColumn() throws {
                let marked = Self.marked("""
                    id: bad-config
                    title: Bad config
                    steps:
                      - id: collect
                        handler: HANDLER_NAME
                        duration: 1m
                        config: { prefix: ‸"", limit: ‸0 }
                    """)
                let error = try #require(throws: LoadError.self) {
                    try Rehearsal(yaml: marked.text, handlers: HANDLER_MODULE.all, participants: Self.people)
                }
                let prefix = try #require(error.diagnostics.first { $0.message.contains("`prefix` must not be empty") }, "\(error)")
                let limit = try #require(error.diagnostics.first { $0.message.contains("`limit` must be between 1 and 100") }, "\(error)")
                #expect(prefix.location == SourceLocation(file: "rehearsal.yaml", line: marked.spots[0].line, column: marked.spots[0].column))
                #expect(limit.location == SourceLocation(file: "rehearsal.yaml", line: marked.spots[1].line, column: marked.spots[1].column))
            }

            /// The text without its `‸` markers, and the 1-based line and column of each marker.
            static func marked(_ text: String) -> (text: String, spots: [(line: Int, column: Int)]) {
                var line = 1, column = 1
                var spots: [(line: Int, column: Int)] = []
                var scalars = String.UnicodeScalarView()
                for scalar in text.unicodeScalars {
                    if scalar == "‸" {
                        spots.append((line, column))
                        continue
                    }
                    scalars.append(scalar)
                    if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                return (String(scalars), spots)
            }
        }

        """#
}

/// The file of `roundtable new exercise`.
enum ExerciseTemplate {
    static func text(id: String, title: String, path: String) -> String {
        #"""
        # A Roundtable exercise. Reference: docs/FORMAT.md; handlers: `roundtable handlers`.
        # Editor completion: `roundtable schema -o roundtable.schema.json`, then make the first
        # line `# yaml-language-server: $schema=PATH/TO/roundtable.schema.json`.
        #
        #   roundtable validate EXERCISE_PATH                  # file:line:column for every problem
        #   roundtable show EXERCISE_PATH -p Ana,Ben,Chen      # the plan: times, turns, role holders
        #   roundtable run EXERCISE_PATH -p Ana,Ben,Chen       # run it live
        #
        # The id is kebab-case and unique in the library; `roundtable show/run ID` find it by id.
        id: EXERCISE_ID
        title: "EXERCISE_TITLE"
        summary: One line for `roundtable list`.
        tags: [draft]
        participants: { min: 2, max: 12 }      # fewer or more people is an error before anything starts
        roles:
          facilitator: per-exercise            # keeps the exercise on track
          scribe: per-step                     # types what the room says; changes hands every step
        params:                                # an agenda or `--with topic=...` can change it
          topic: { default: "what to improve next", summary: What the discussion is about }
        steps:
          - id: check-in
            title: Check-in
            handler: round                     # each participant in turn, on their own timer
            each: participant
            duration: 30s                      # per speaker, because of `each`
            instructions: "{{facilitator}} invites each person in turn; {{scribe}} notes a word or two."
            prompt: "{{speaker}}: how do you arrive today?"
            config: { allow_pass: true }       # typing `pass` records that the speaker passed
          - id: discuss
            title: Discuss {{topic}}
            handler: timebox                   # an open discussion; typed lines are the scribe's notes
            duration: 10m
            prompt: "What do we know about {{topic}}, and what should we try?"
            timer: { warn_at: [1m], on_zero: bell }
            config: { note_role: scribe, kind: note }

        """#
        .replacingOccurrences(of: "EXERCISE_PATH", with: path)
        .replacingOccurrences(of: "EXERCISE_ID", with: id)
        .replacingOccurrences(of: "EXERCISE_TITLE", with: title)
    }
}
