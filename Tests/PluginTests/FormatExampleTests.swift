import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// The YAML examples of docs/FORMAT.md's sections on inputs and loops over blocks, read
/// from the document itself and rehearsed: what the reference shows runs as it says.
@Suite struct FormatExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    /// The first ```yaml block after `heading` in docs/FORMAT.md.
    static func example(under heading: String) throws -> String {
        let doc = try String(contentsOf: root.appendingPathComponent("docs/FORMAT.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "\n" + heading + "\n"), "no section \(heading)")
        let start = try #require(doc.range(of: "```yaml\n", range: section.upperBound..<doc.endIndex))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        return String(doc[start.upperBound..<end.lowerBound])
    }

    /// The items written in the file: a round each, known to the plan, notes filed under them.
    @Test func theListedItemsExampleRunsARoundPerItemInOrder() async throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/FORMAT.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "<!-- listed-items-example -->\n```yaml\n"))
        let end = try #require(doc.range(of: "```\n<!-- /listed-items-example -->", range: start.upperBound..<doc.endIndex))
        let yaml = "id: helping\ntitle: Helping\nsteps:\n" + doc[start.upperBound..<end.lowerBound]
        let people = ["Ana", "Ben", "Chen", "Dev", "Eve", "Fay"]
        let rehearsal = try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: people)
        let step = rehearsal.plan.steps[0]
        let patterns = ["Quiet presence", "Guided discovery", "Loving provocation", "Process mindfulness"]
        #expect(step.segments.map(\.item) == patterns)
        #expect(step.listedItems == patterns)
        #expect(step.generalTitle == "Helping: each item")
        #expect(step.segments[1].roundLabel == "Item 2/4: Guided discovery")
        #expect(Placeholders.fill(step.prompt ?? "", with: step.segments[2].placeholderValues) == "The coach helps by Loving provocation")
        let rehearsed = await rehearsal.run(["Ben: stayed quiet", "/next", "Ana: asked open questions", "/next", "/next", "/next"])
        #expect(rehearsed.result.completed)
        let notes = rehearsed.artifacts(of: "practise")
        #expect(notes.map(\.item) == ["Quiet presence", "Guided discovery"])
        #expect(notes.map(\.author) == ["Ben", "Ana"])
        #expect(rehearsed.report.contains("Quiet presence") && rehearsed.report.contains("Guided discovery"))
    }

    @Test func aListedForEachIsCheckedWhereItIsWritten() throws {
        for (bad, message) in [
            ("for_each: []", "lists 0 items"),
            ("for_each: [a, b, a]", "lists 'a' twice"),
            ("for_each: [a, \"  \"]", "is empty"),
            ("for_each: [a, b]\n    rounds: 2", "`rounds` cannot be given"),
        ] {
            let yaml = "id: x\ntitle: X\nsteps:\n  - id: talk\n    handler: timebox\n    duration: 2m\n    \(bad)\n"
            let error = try #require(throws: LoadError.self) {
                _ = try Loader(registry: BuiltInHandlers.registry()).document(from: try YAMLSource().parse(text: yaml, file: "x.yaml"))
            }
            #expect(error.diagnostics.contains { $0.code == .invalidForEach && $0.message.contains(message) && $0.location?.line ?? 0 >= 7 },
                    "\(bad): \(error.diagnostics)")
        }
    }

    @Test func theSeveralInputsExampleVotesOverBothBrainstorms() async throws {
        let rehearsal = try Rehearsal(yaml: try Self.example(under: "### Several inputs"), handlers: BuiltInHandlers.all,
                                      participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run([
            "Ana: the vendor is late", "/next", "Ben: a second customer", "/next",
            "1 2", "2 2", "2", "/next",
        ])
        #expect(rehearsed.result.completed)
        let votes = rehearsed.artifacts(of: "vote").filter { $0.kind == .vote }
        #expect(Set(votes.map(\.text)) == ["the vendor is late", "a second customer"])
    }

    @Test func theBlockPerItemExampleRunsItsStepsForTheTopTwo() async throws {
        let rehearsal = try Rehearsal(yaml: try Self.example(under: "#### A block per ranked item"), handlers: BuiltInHandlers.all,
                                      participants: ["Ana", "Ben", "Chen"])
        let rehearsed = await rehearsal.run([
            "Ana: flaky tests", "Ben: slow reviews", "Chen: no docs", "/next",
            "2 2", "2 3", "3 1", "/next",
            "we wait two days", "/next", "Review within a day @Ben", "/next",
            "new people get lost", "/next", "Write a start page @Chen", "/next",
        ])
        #expect(rehearsed.result.completed)
        #expect(rehearsed.artifacts(of: "discuss-1").map(\.item) == ["slow reviews"])
        #expect(rehearsed.artifacts(of: "actions-2").filter { $0.kind == .action }.map(\.item) == ["no docs"])
    }

    @Test func theHandingOnExampleVotesOverTheBrainstormAndConsentsToTheWinner() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("format-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("ideas-to-a-decision.yaml")
        try Self.example(under: "### Handing results on").write(to: file, atomically: true, encoding: .utf8)
        let library = Library(roots: [Self.root.appendingPathComponent("Exercises").path], loader: Loader(registry: BuiltInHandlers.registry()))
        let document = try library.document(named: file.path)
        let rehearsal = try Rehearsal(document: document, registry: BuiltInHandlers.registry(), participants: ["Ana", "Ben", "Chen"])
        let plan = rehearsal.plan
        #expect(plan.exercises.map(\.id) == ["round-robin-brainstorm", "dot-voting", "consent-decision"])
        func step(_ exercise: Int, _ id: String) throws -> PlannedStep {
            try #require(plan.steps[plan.exercises[exercise].stepRange].first { $0.id == id })
        }
        // The second exercise's vote reads the first one's ideas, the consent that vote.
        #expect(try step(1, "vote").inputIndices == [try step(0, "ideas").index])
        #expect(try step(2, "decide").inputIndices == [try step(1, "vote").index])
    }
}
