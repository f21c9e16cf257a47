import BuiltInHandlers
import Foundation
@testable import RoundtableCLI
@testable import RoundtableKit
import Testing

/// Phases on the screen and in `show`: Troika Consulting, whose rounds have four phases.
@Suite struct PhaseScreenTests {
    static func plan() throws -> Plan {
        let registry = BuiltInHandlers.registry()
        let file = Binary.packageRoot.appendingPathComponent("Exercises/rounds/troika-consulting.yaml").path
        let document = try Loader(registry: registry).load(file: file)
        return try Planner(registry: registry).plan(document, participants: ["Ana", "Ben", "Chen"].map { Participant($0) }, seed: 0)
    }

    @Test func theHeaderNamesThePhaseCountsItDownAndSaysWhatComesNext() throws {
        var machine = RunnerMachine(plan: try Self.plan())
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(60))
        _ = machine.handle(.stepClosed, at: .seconds(60))
        _ = machine.handle(.alarm, at: .seconds(180))
        // 30 s into the clarifying questions (2m), 7m30s left in the round.
        let lines = HeaderText.lines(machine.status(at: .seconds(210)), rows: 10, columns: 200, color: false).joined(separator: "\n")
        #expect(lines.contains("Phase 2/4: Clarifying questions (7:30 left in all)"))
        #expect(lines.contains("1:30\u{1B}[0m left — then Consultants discuss"))
    }

    @Test func aNewPhaseRingsTheBellButTheFirstDoesNot() throws {
        let plan = try Self.plan()
        let step = plan.steps[1]
        var state = ScreenState()
        let second = state.apply(.phaseStarted(step, step.segments[0], phase: 1, prompt: nil, focus: "Ben and Chen ask"))
        let first = state.apply(.phaseStarted(step, step.segments[0], phase: 0, prompt: nil, focus: nil))
        #expect(second)
        #expect(!first)
        let lines = EventText.lines(for: .phaseStarted(step, step.segments[0], phase: 1, prompt: "Any questions?", focus: "Ben and Chen ask"))
        #expect(lines.map(\.0) == ["Phase 2/4: Clarifying questions (2m) — Ben and Chen ask", "» Any questions?"])
    }

    @Test func showListsThePhasesOfEachRound() throws {
        let text = PlanText.render(try Self.plan())
        #expect(text.contains("each round: Client explains 2m → Clarifying questions 2m → Consultants discuss 4m → Client responds 2m"))
        let json = try PlanJSON.encode(try Self.plan())
        #expect(json.contains("\"phases\""))
        #expect(json.contains("Consultants discuss"))
    }

    @Test func showNamesTheLoopAndTheTurnsAnEarlierVotePicks() throws {
        let registry = BuiltInHandlers.registry()
        func plan(_ path: String) throws -> Plan {
            let document = try Loader(registry: registry).load(file: Binary.packageRoot.appendingPathComponent(path).path)
            return try Planner(registry: registry).plan(document, participants: ["Ana", "Ben", "Chen", "Dev"].map { Participant($0) }, seed: 0)
        }
        let coffee = try plan("Exercises/meetings/lean-coffee.yaml")
        #expect(PlanText.render(coffee).contains("Discuss: each item"))
        #expect(PlanText.render(coffee).contains("once for each of the top 3 items of 'vote', best first (7m each; fewer items, fewer rounds)"))
        #expect(try PlanJSON.encode(coffee).contains("\"forEach\""))
        // Each topic ends with a thumbs vote on going on: show names its extensions.
        #expect(PlanText.render(coffee).contains("thumbs vote when each round ends: more thumbs up than down extend it by 4m, then 2m, then 1m; a tie or no votes move on"))
        #expect(try PlanJSON.encode(coffee).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "").contains("\"extendVoteSeconds\":[240,120,60]"))
        let decider = try plan("Exercises/decisions/decider.yaml")
        #expect(PlanText.render(decider).contains("turns only for those whose score in 'vote' is at most 1 (known when it ends)"))
        #expect(try PlanJSON.encode(decider).contains("\"atMost\""))
    }
}
