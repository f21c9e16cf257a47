import Foundation

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

    /// What to add by hand. A manifest that declares RoundtableSDK itself is this repository;
    /// any other package depends on Roundtable and uses its products. The handler module
    /// depends on the SDK alone; its tests add `RoundtableTesting` (the real engine).
    func nextSteps(manifest: String) -> String {
        let module = names.module
        let inRepository = ScaffoldName.declaredTargets(in: manifest).contains("RoundtableSDK")
        let settings = manifest.contains("let strict") ? "strict" : #"[.enableUpcomingFeature("ExistentialAny")]"#
        let sdk = inRepository ? #""RoundtableSDK""# : #".product(name: "RoundtableSDK", package: "Roundtable")"#
        let testing = inRepository ? #""RoundtableTesting""# : #".product(name: "RoundtableTesting", package: "Roundtable")"#
        var text = """
            Next steps:

            1. In Package.swift, add these targets to `targets:`:

                    .target(
                        name: "\(module)",
                        dependencies: [\(sdk)],
                        path: "Plugins/\(module)",
                        exclude: ["example.yaml"],
                        swiftSettings: \(settings)
                    ),
                    .testTarget(
                        name: "\(module)Tests",
                        dependencies: ["\(module)", \(sdk), \(testing)],
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
        import RoundtableSDK

        /// Collects what people share during a step as notes, each with a prefix, on a board
        /// that stays on screen.
        ///
        /// Scaffolded by `roundtable new handler HANDLER_NAME`: a small, complete handler to make
        /// your own. It shows what every handler does:
        /// - `init(config:)` reads the step's `config:` through declared keys and reports a
        ///   problem at the value that caused it (`file:line:column: error:`);
        /// - `run(_:)` works segment by segment (one per speaker with `each: participant`, one
        ///   per round otherwise), reading contributions until the segment's timer or `/next`
        ///   ends it; a contribution comes from the keyboard or from a participant's device;
        /// - it records artifacts as it goes, so a step cut short keeps what it collected;
        /// - it publishes a view (the board), which the terminal, the join page and the report
        ///   draw; it never prints state line by line.
        public struct HANDLER_MODULEHandler: ExerciseHandler {
            /// The name exercise files use; kebab-case and stable (a rename keeps the old one in `aliases`).
            public static let name = "HANDLER_NAME"
            public static let summary = "Collects what people share as notes, each with a prefix, on a board."
            /// What the room types, one form a line: `roundtable handlers HANDLER_NAME` prints it.
            public static let whatToType = ["a line — a note by the speaker (or by the participant whose device sent it)"]
            /// Each `config:` key, declared once: name, type, default, range and help. The
            /// declaration is what `init(config:)` reads, what `roundtable handlers` shows and
            /// what `roundtable schema` checks.
            static let prefix = ConfigKey.text("prefix", default: "+", "Put in front of every line kept as a note.")
            static let limit = ConfigKey.integer("limit", default: 20, in: 1...100, "How many lines each person keeps per turn (or round).")
            public static let configKeys: [any AnyConfigKey] = [prefix, limit]
            /// A step using this handler: `roundtable handlers HANDLER_NAME` shows it, and the tests run it.
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
                var board: [StepView.Card] = []
                repeat {
                    var kept: [String: Int] = [:]
                    let speaker = step.segment.speaker ?? step.roles["scribe"]
                    while let line = await step.line(prompt: "Type a line for \(speaker ?? "the room"); /next when done") {
                        let text = line.text.trimmingCharacters(in: .whitespaces)
                        guard !text.isEmpty else { continue }
                        // A device's contribution is its participant's; a typed line is the speaker's.
                        let author = line.author ?? speaker
                        guard kept[author ?? "", default: 0] < limit else {
                            step.announce("Only \(limit) line\(limit == 1 ? " is" : "s are") kept per person and turn; /next moves on.")
                            continue
                        }
                        kept[author ?? "", default: 0] += 1
                        step.record(.note("\(prefix) \(text)", by: author))
                        board.append(StepView.Card(text, by: author))
                        step.updateView { $0.columns = [StepView.Column(step.step.title, cards: board)] }
                    }
                } while await step.nextSegment() != nil
            }
        }

        """#

    static let list = #"""
        import RoundtableSDK

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
        import RoundtableSDK
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
                #expect(rehearsed.announcements.contains("Only 2 lines are kept per person and turn; /next moves on."))
                #expect(rehearsed.report.contains("HANDLER_TITLE: the demo"))
                // The board the room saw at the end: every kept line, under the step's title.
                let board = try #require(rehearsed.lastView(of: "HANDLER_NAME")?.columns.first)
                #expect(board.title == "HANDLER_TITLE")
                #expect(board.cards.map(\.text) == ["the code review", "the demo", "pairing on the parser"])
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
