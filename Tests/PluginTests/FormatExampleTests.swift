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
