import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// Per-turn placeholders follow the turn: `{{speaker}}`, `{{group}}` and `{{item}}` are
/// filled for every turn in instructions and phase prompts, and `{{group}}` is checked.
@Suite struct TurnPlaceholderTests {
    typealias H = LoaderHarness

    static func step(_ keys: String) -> String {
        """
        id: x
        title: X
        steps:
          - id: talk
            handler: round
            duration: 1m
            instructions: "{{speaker}} talks with {{group}}"
        \(keys)
        """
    }

    @Test func groupNeedsTurnsAndGroups() throws {
        let both = try H.exercise(Self.step("    each: participant\n    groups: 2")).warnings
        #expect(!both.contains { $0.code == .perTurnPlaceholder }, "\(both)")
        let noGroups = try H.exercise(Self.step("    each: participant")).warnings
        #expect(noGroups.map(\.code) == [.perTurnPlaceholder])
        #expect(noGroups.first?.message.contains("no groups") == true)
        let diagnostics = try H.diagnostics("""
            id: x
            title: X
            roles: { group: per-step }
            steps:
              - { id: a, handler: timebox, duration: 1m }
            """)
        #expect(diagnostics.map(\.code) == [.invalidRoleName])
    }

    @Test func instructionsAndPhasePromptsAreFilledForEveryTurn() async throws {
        let yaml = """
            id: pairs
            title: Pairs
            steps:
              - id: talk
                handler: round
                each: participant
                groups: 2
                instructions: "{{speaker}} talks with {{group}}"
                phases:
                  - { name: Talk, duration: 30s, prompt: "{{speaker}}, your turn" }
                  - { name: Listen, duration: 30s, focus: "{{group}} listen" }
            """
        let rehearsal = try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen", "Dev"])
        let segments = rehearsal.plan.steps[0].segments
        let rehearsed = await rehearsal.run(["/skip", "/skip", "/skip", "/skip"])
        var instructions: [String?] = []
        var prompts: [String?] = []
        var focus: [String?] = []
        for (_, event) in rehearsed.events {
            if case .segmentStarted(_, _, let text) = event { instructions.append(text) }
            if case .phaseStarted(_, _, let phase, let prompt, let focused) = event {
                if phase == 0 { prompts.append(prompt) } else { focus.append(focused) }
            }
        }
        func group(_ segment: Segment) -> String { segment.groups.first { $0.contains(segment.speaker!) }!.joined(separator: ", ") }
        #expect(instructions == segments.map { "\($0.speaker!) talks with \(group($0))" })
        #expect(prompts == segments.map { "\($0.speaker!), your turn" })
        #expect(focus.allSatisfy { $0?.contains("{{") == false })
    }
}
