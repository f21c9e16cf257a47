import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// The handler that docs/HANDLERS.md walks through: the guide's code is this file's code,
/// and it works as the guide says.
@Suite struct DocumentedHandlerTests {
    static let people = ["Ana", "Ben", "Chen"]
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func exercise() -> String {
        "id: sizing\ntitle: Sizing\nsteps:\n" + EstimateHandler.example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
    }

    @Test func theGuideShowsThisHandlerAsItIs() throws {
        let guide = try String(contentsOf: Self.root.appendingPathComponent("docs/HANDLERS.md"), encoding: .utf8)
        let source = try String(contentsOf: Self.root.appendingPathComponent("Tests/PluginTests/Documented/EstimateHandler.swift"), encoding: .utf8)
        #expect(guide.contains("```swift\n" + source + "```\n"), "docs/HANDLERS.md must show Tests/PluginTests/Documented/EstimateHandler.swift verbatim")
    }

    @Test func estimatesStaySecretUntilAllAreInThenAreRevealedWithAHistogram() async throws {
        let rehearsal = try Rehearsal(yaml: Self.exercise(), handlers: [EstimateHandler.self], participants: Self.people)
        let rehearsed = await rehearsal.run(contributions: [
            Contribution("8", source: .device("Ben")),
            Contribution("Ana: 21"),
            Contribution("Ana: 5"),
            Contribution("5", source: .device("Chen")),
            Contribution("risky: the old schema"),
            Contribution("/next"),
        ])
        // Nothing any screen showed before the reveal gave an estimate away.
        let views = rehearsed.events.compactMap { if case .view(let view) = $0.event { view } else { nil } }
        let reveal = try #require(views.firstIndex { !$0.items.isEmpty })
        #expect(views[..<reveal].allSatisfy { $0.items.isEmpty && $0.notes.allSatisfy { !$0.contains("×") } })
        #expect(views[..<reveal].contains { $0.hidden == 2 && $0.progress?.summary == "2 of 3 have estimated" })
        let shown = rehearsed.events.compactMap { if case .artifact(let artifact) = $0.event { artifact.text } else { nil } }
        #expect(!shown.contains("8") && !shown.contains("5"))
        #expect(rehearsed.announcements.contains("Ana: choose one of 1, 2, 3, 5, 8"))

        let revealed = try #require(rehearsed.lastView(of: "estimate"))
        #expect(revealed.hidden == 0)
        #expect(revealed.items.map(\.text) == ["Ben", "Ana", "Chen"])
        #expect(revealed.items.map(\.detail) == ["8", "5", "5"])
        #expect(revealed.notes == ["Spread: 5 ×2, 8 ×1"])

        let artifacts = rehearsed.artifacts(of: "estimate")
        let histogram = try #require(artifacts.first { $0.kind == .result })
        #expect(histogram.table?.rows == [["1", "0"], ["2", "0"], ["3", "0"], ["5", "2"], ["8", "1"]])
        #expect(artifacts.filter { $0.category == "estimate" }.map(\.author) == ["Ben", "Ana", "Chen"])
        #expect(artifacts.contains { $0.kind == .note && $0.text == "risky: the old schema" })
        #expect(rehearsed.report.contains("Estimates"))
    }
}
