import BuiltInHandlers
import Foundation
import RoundtableKit
import Testing

/// The limits that keep a hostile file harmless, as they stand, and the ones missing.
///
/// Current limits (YAMLSource.Limits): 1 MiB per file, nesting 32 levels (64 brackets or
/// list dashes on one line before parsing), 64 aliases, 100,000 values after alias
/// expansion. The system's libyaml (0.2.5) has no nesting cap of its own (the copy Yams
/// bundled stopped at 1,000 levels), so the depth limit is ours alone. Keys that could hold an alias are
/// refused. There is no limit of its own on the number of steps (the value limit caps an
/// exercise at about 14,000 minimal steps); participants stop at 1,000 everywhere.
@Suite(.timeLimit(.minutes(1)))
struct HardeningLoaderLimitsTests {
    let file = "limits.yaml"
    let loader = Loader(registry: BuiltInHandlers.registry())

    func load(_ text: String) throws(LoadError) -> Document {
        try loader.document(from: try loader.yaml.parse(text: text, file: file))
    }

    /// The single located diagnostic `text` is refused with, through the whole loader.
    func refusal(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
        let error = try #require(throws: LoadError.self, sourceLocation: sourceLocation) { try self.load(text) }
        let diagnostic = try #require(error.diagnostics.first, sourceLocation: sourceLocation)
        let location = try #require(diagnostic.location, "refused without a location: \(diagnostic)", sourceLocation: sourceLocation)
        #expect(location.file == file, sourceLocation: sourceLocation)
        #expect(location.line >= 1 && location.column >= 1, sourceLocation: sourceLocation)
        return diagnostic
    }

    static func steps(_ count: Int, eachParticipant: Bool = false) -> String {
        var text = "id: many\ntitle: Many steps\nsteps:\n"
        for index in 0..<count {
            text += "  - { id: s\(index), handler: timebox, duration: 1m\(eachParticipant ? ", each: participant" : "") }\n"
        }
        return text
    }

    @Test func theDefaultLimitsAreTheDocumentedOnes() {
        let limits = YAMLSource.Limits()
        #expect(limits.maxBytes == 1 << 20)
        #expect(limits.maxDepth == 32)
        #expect(limits.maxAliases == 64)
        #expect(limits.maxNodes == 100_000)
    }

    // MARK: Size

    @Test func aFileJustUnderTheSizeLimitIsParsedAndOneByteMoreIsNot() throws {
        let head = "id: big\ntitle: Big\nsteps:\n  - { id: a, handler: timebox, duration: 1m }\n"
        let padding = (1 << 20) - head.utf8.count - 1
        let under = head + String(repeating: "#", count: padding) + "\n"
        #expect(under.utf8.count == 1 << 20)
        #expect(throws: Never.self) { try self.load(under) }
        let over = try refusal(under + "\n")
        #expect(over.code == .fileTooLarge)
    }

    // MARK: Aliases

    /// An alias ladder within the alias limit (8 levels of 8 aliases: 56 aliases) whose
    /// values expand to 8^8: refused at the value limit, quickly.
    @Test func anAliasLadderUnderTheAliasLimitStopsAtTheValueLimit() throws {
        var text = "a0: &a0 [" + Array(repeating: "lol", count: 8).joined(separator: ", ") + "]\n"
        for level in 1...7 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 8).joined(separator: ", ") + "]\n"
        }
        let clock = ContinuousClock()
        let start = clock.now
        let diagnostic = try refusal(text)
        #expect(diagnostic.code == .tooManyValues)
        #expect(start.duration(to: clock.now) < .seconds(5))
    }

    @Test func the65thAliasIsRefusedWhereItStands() throws {
        let text = "a: &a x\nb: [" + Array(repeating: "*a", count: 65).joined(separator: ", ") + "]\n"
        let diagnostic = try refusal(text)
        #expect(diagnostic.code == .tooManyAliases)
        #expect(diagnostic.location?.line == 2)
        #expect(diagnostic.location?.column == 5 + 64 * 4)
    }

    /// The composer hashes a key in full before any value limit applies, so keys that can
    /// hold an alias are refused before parsing, where they stand.
    @Test(arguments: [
        ("a: &a [x, y]\nb: &b [*a, *a]\n? *b\n: v\n", 3, 1, "explicit keys (`? key`) are not supported"),
        ("a: &a x\n*a : v\n", 2, 1, "an alias (*name) cannot be a key here"),
        ("a: &a x\nb: { *a: v }\n", 2, 6, "an alias (*name) cannot be a key here"),
        ("a: &a x\n[*a, y]: v\n", 2, 7, "a list cannot be a key here"),
        ("a: &a x\nb: [{ k: *a }: v]\n", 2, 13, "a mapping cannot be a key here"),
        ("a: &a x\n?\n  *a\n: v\n", 2, 1, "explicit keys (`? key`) are not supported"),
    ])
    func keysThatCouldHoldAnAliasAreRefused(text: String, line: Int, column: Int, message: String) throws {
        let diagnostic = try refusal(text)
        #expect(diagnostic.message == message)
        #expect(diagnostic.code == .unsupportedKey)
        #expect(diagnostic.location?.line == line)
        #expect(diagnostic.location?.column == column)
    }

    @Test func aliasesAsValuesAndQuestionMarksInTextStillLoad() throws {
        let text = """
            id: x
            title: Why? Because
            summary: &s "A summary: with a colon"
            steps:
              - { id: a, handler: timebox, duration: 1m, prompt: *s }
              - id: b
                handler: timebox
                duration: 1m
                prompt: "?  and [a]: quoted"
            """
        #expect(throws: Never.self) { try self.load(text) }
    }

    /// Block scalars are prose: bullets written `* item` or `? question` are text, and no
    /// count of them is an alias count.
    @Test func blockScalarLinesAreNotScannedAsStructure() throws {
        let bullets = (1...80).map { "      * point \($0)\n      ? question \($0)\n      [x]: y\n" }.joined()
        let text = "id: x\ntitle: X\nsteps:\n  - id: a\n    handler: timebox\n    duration: 1m\n    instructions: |\n"
            + bullets + "\n    prompt: >-\n      ? still text\n"
        guard case .exercise(let exercise) = try load(text) else { Issue.record("not an exercise"); return }
        #expect(exercise.steps[0].instructions?.contains("* point 80") == true)
        // After the block, scanning resumes: the next line's structure is checked again.
        let after = text + "tags: [*undefined, " + Array(repeating: "*a", count: 64).joined(separator: ", ") + "]\n"
        #expect(try refusal(after).code == .tooManyAliases)
    }

    /// Found by loader-fuzz: 5,000 unknown placeholders on one 57,000-column line took 3.5 s,
    /// each one searching the whole line again. Every one is reported at its column.
    @Test func manyUnknownPlaceholdersOnOneLineAreEachReportedAtTheirColumn() throws {
        let prompt = String(repeating: "{{who}} ", count: 20_000)
        let text = "id: x\ntitle: X\nsteps:\n  - { id: a, handler: timebox, duration: 1m, prompt: \"\(prompt)\" }\n"
        let error = try #require(throws: LoadError.self) { try self.load(text) }
        let placeholders = error.diagnostics.filter { $0.message.hasPrefix("placeholder '{{who}}'") }
        #expect(placeholders.count == 20_000)
        #expect(placeholders.last?.location?.column == 55 + 19_999 * 8)
    }

    @Test func aSecondDocumentIsRefusedWhereItStarts() throws {
        let diagnostic = try refusal("id: x\ntitle: X\n---\nid: y\n")
        #expect(diagnostic.code == .multipleDocuments)
        #expect(diagnostic.location?.line == 3)
    }

    /// An alias stands for its anchor's size and depth where it is used.
    @Test func anAliasPastTheDepthLimitIsRefusedAtTheAlias() throws {
        let deep = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        let text = "a: &a " + deep + "\nb: " + String(repeating: "[", count: 14) + "*a" + String(repeating: "]", count: 14) + "\n"
        let diagnostic = try refusal(text)
        #expect(diagnostic.code == .nestingTooDeep)
        #expect(diagnostic.location?.line == 2)
        #expect(diagnostic.location?.column == 18)
    }

    @Test func anUndefinedAliasIsALocatedSyntaxError() throws {
        let diagnostic = try refusal("id: x\ntitle: *nowhere\n")
        #expect(diagnostic.code == .yamlSyntax)
        #expect(diagnostic.location?.line == 2)
    }

    // MARK: Nesting

    @Test(arguments: [32, 33])
    func flowSequencesNestedToTheDepthLimit(depth: Int) throws {
        // `tags` is at depth 1 under the root mapping; each `[` inside it is one level more.
        let text = "id: x\ntitle: X\nsteps:\n  - { id: a, handler: timebox, duration: 1m }\ntags: "
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let diagnostic = try refusal(text)
        if depth > 32 {
            #expect(diagnostic.code == .nestingTooDeep)
            #expect(diagnostic.location?.line == 5)
        } else {
            // Deep but within the limit: the loader reads it and says what is wrong with it.
            #expect(diagnostic.message != "nesting is deeper than 32 levels", "\(diagnostic)")
        }
    }

    /// 1,001 levels of block mappings: libyaml 0.2.5 would read them all, so the composer's
    /// own depth count must stop the file, at the key that goes one level too deep.
    @Test func blockNestingFarBeyondTheLimitIsRefusedAtTheFirstLevelTooDeep() throws {
        let text = (0..<1_001).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " end\n"
        #expect(text.utf8.count < 1 << 20)
        let diagnostic = try refusal(text)
        #expect(diagnostic.code == .nestingTooDeep)
        #expect(diagnostic.location?.line == 33)
        #expect(diagnostic.location?.column == 33)
    }

    // MARK: Steps and participants

    @Test func thereIsNoStepLimitOfItsOwnButTheValueLimitCapsAnExercise() throws {
        // 2,000 one-line steps are fine (about 14,000 values).
        let document = try load(Self.steps(2_000))
        guard case .exercise(let exercise) = document else { Issue.record("not an exercise"); return }
        #expect(exercise.steps.count == 2_000)
        // 15,000 steps are over 100,000 values: refused, though no rule is about steps.
        let diagnostic = try refusal(Self.steps(15_000))
        #expect(diagnostic.code == .tooManyValues)
    }

    @Test func participantRangesInFilesStopAtOneThousand() throws {
        let text = "id: x\ntitle: X\nparticipants: { min: 2, max: 1001 }\nsteps:\n  - { id: a, handler: timebox, duration: 1m }\n"
        let diagnostic = try refusal(text)
        #expect(diagnostic.message.contains("1000"), "\(diagnostic)")
    }

    /// Planning allocates people × people pair counts and a segment per person per
    /// `each: participant` step: 50,000 names (a 400 KB agenda or a long --participants)
    /// would ask for 20 GB. The planner, agendas and team files stop at 1,000 like files do.
    @Test func thePlannerRefusesMoreThanOneThousandParticipants() throws {
        let document = try load(Self.steps(1))
        let crowd = (0..<1_001).map { Participant("P\($0)") }
        #expect(throws: LoadError.self) { try Planner(registry: BuiltInHandlers.registry()).plan(document, participants: crowd) }
        #expect((try? Planner(registry: BuiltInHandlers.registry()).plan(document, participants: Array(crowd.prefix(1_000)))) != nil)
    }

    @Test func anAgendaListingMoreThanOneThousandParticipantsIsRefused() throws {
        let names = (0..<1_001).map { "P\($0)" }.joined(separator: ", ")
        let text = "title: Crowd\nparticipants: [\(names)]\nagenda:\n  - break: 5m\n"
        let diagnostic = try refusal(text)
        #expect(diagnostic.code == .tooManyParticipants)
        #expect(diagnostic.location?.line == 2)
    }
}
