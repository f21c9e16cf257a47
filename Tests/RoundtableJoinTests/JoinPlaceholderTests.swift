import BuiltInHandlers
@testable import RoundtableJoin
import RoundtableKit
import RoundtableSDK
import Testing

/// Devices see the prompt filled for the current turn, as the terminal does.
@Suite struct JoinPlaceholderTests {
    @Test func thePromptFollowsTheTurnOnEveryDevice() throws {
        let registry = BuiltInHandlers.registry()
        let loader = Loader(registry: registry)
        let document = try loader.document(from: try loader.yaml.parse(text: """
            id: turns
            title: Turns
            steps:
              - id: share
                handler: round
                each: participant
                groups: 2
                duration: 1m
                prompt: "{{speaker}} speaks, {{group}} listen"
            """, file: "turns.yaml"))
        let plan = try Planner(registry: registry).plan(document, participants: ["Ana", "Ben", "Chen", "Dev"].map { Participant($0) })
        let room = JoinRoom(plan: plan)
        let step = plan.steps[0]
        room.observe(.stepStarted(step, exercise: plan.exercises.first))
        room.observe(.segmentStarted(step, step.segments[0], instructions: nil))
        let first = step.segments[0]
        let group = try #require(first.groups.first { $0.contains(first.speaker!) })
        #expect(room.stateMessage(for: nil).prompt == "\(first.speaker!) speaks, \(group.joined(separator: ", ")) listen")
        room.observe(.segmentStarted(step, step.segments[1], instructions: nil))
        #expect(room.stateMessage(for: nil).prompt?.hasPrefix("\(step.segments[1].speaker!) speaks") == true)
        #expect(room.stateMessage(for: nil).prompt?.contains("{{") == false)
    }
}
