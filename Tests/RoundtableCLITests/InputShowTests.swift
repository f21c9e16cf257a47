import BuiltInHandlers
import Foundation
@testable import RoundtableCLI
@testable import RoundtableKit
import Testing

/// `show` names several inputs, results handed on between agenda items, and the item each
/// pass of a looping block works on, as text and as JSON.
@Suite struct InputShowTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    static let registry = BuiltInHandlers.registry()
    static let people = ["Ana", "Ben", "Chen", "Dev", "Eli"].map { Participant($0) }

    static func json(_ plan: Plan) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(try PlanJSON.encode(plan).utf8)) as? [String: Any]
        return try #require(object?["steps"] as? [[String: Any]])
    }

    @Test func showNamesEveryInputAndTheItemOfEachPass() throws {
        let loader = Loader(registry: Self.registry)
        let document = try loader.document(from: loader.yaml.parse(text: """
            id: topics
            title: Topics
            steps:
              - { id: propose, handler: brainstorm, duration: 2m }
              - { id: risks, handler: brainstorm, duration: 2m }
              - { id: vote, handler: dot-vote, input: [propose, risks], duration: 2m }
              - block: topic
                for_each: { from: vote, top: 2 }
                steps:
                  - { id: discuss, title: "Discuss: {{item}}", handler: timebox, duration: 3m }
            """, file: "topics.yaml"))
        let plan = try Planner(registry: Self.registry).plan(document, participants: Self.people)
        let text = PlanText.render(plan)
        #expect(text.contains("takes the artifacts of 'propose', 'risks'"))
        #expect(text.contains("Discuss: item 2"))
        #expect(text.contains("works on item 2 of the top 2 of 'vote' (skipped when it has fewer items)"))
        let steps = try Self.json(plan)
        #expect(steps[2]["input"] as? String == "propose")
        #expect(steps[2]["inputs"] as? [String] == ["propose", "risks"])
        #expect((steps[4]["forEach"] as? [String: Any])?["pick"] as? Int == 2)
    }

    @Test func showNamesAResultHandedOnFromAnEarlierAgendaItem() throws {
        let library = Library(roots: [Self.root.appendingPathComponent("Exercises").path], loader: Loader(registry: Self.registry))
        let plan = try Planner(registry: Self.registry).plan(try library.document(named: "decision-workshop-45"), participants: Self.people)
        #expect(PlanText.render(plan).contains("takes the artifacts of 'dot-voting.vote'"))
        let decide = try #require(try Self.json(plan).first { $0["handler"] as? String == "consent" })
        #expect(decide["inputs"] as? [String] == ["dot-voting.vote"])
    }
}
