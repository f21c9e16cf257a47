import RoundtableKit
import Testing

/// `/fit`, its answers and `/speaker` in the pure runner machine, with exact session times.
@Suite struct FitMachineTests {
    static func notices(_ actions: [RunnerMachine.Action]) -> [String] {
        actions.compactMap { if case .notice(let text) = $0 { return text } else { return nil } }
    }

    @Test func fitMovesTheProjectedEndToTheTimeboxAndSlipFollowsIt() throws {
        var machine = RunnerMachine(plan: try FitRunTests.lateAgenda(fit: "manual"))
        _ = machine.handle(.start, at: .zero)
        #expect(machine.status(at: .seconds(720)).slip == .seconds(420))
        #expect(machine.status(at: .seconds(720)).projectedEnd == nil)
        let actions = machine.handle(.command(.fit(.now)), at: .seconds(720))
        #expect(Self.notices(actions).first?.hasPrefix("Fitted to end at 30:00: Round 6m → ") == true)
        let status = machine.status(at: .seconds(720))
        #expect(status.projectedEnd == .seconds(1800))
        #expect(status.slip == .zero)
        // The current step is not changed: its deadline stays where it was.
        #expect(machine.deadline == .seconds(300))
        #expect(machine.fitting.lengths[4] == nil)
    }

    @Test func fitNoAndFitYesWithoutAProposalSaySo() throws {
        var machine = RunnerMachine(plan: try FitRunTests.lateAgenda(fit: "manual"))
        _ = machine.handle(.start, at: .zero)
        #expect(Self.notices(machine.handle(.command(.fit(.confirm)), at: .seconds(10))).first?.hasPrefix("Nothing to confirm") == true)
        #expect(Self.notices(machine.handle(.command(.fit(.decline)), at: .seconds(10))).first?.hasPrefix("Nothing to decline") == true)
        #expect(Self.notices(machine.handle(.command(.fit(.now)), at: .seconds(10))).first?.hasPrefix("On time") == true)
        _ = machine.handle(.command(.fit(.now)), at: .seconds(25 * 60))
        #expect(machine.fitting.proposal != nil)
        #expect(Self.notices(machine.handle(.command(.fit(.decline)), at: .seconds(25 * 60))) == ["The plan stays as it is."])
        #expect(machine.fitting.proposal == nil && machine.fitting.dropped.isEmpty)
    }

    @Test func fitAutoAppliesTheMinimumsAndProposesADropAtTheNextStep() throws {
        var machine = RunnerMachine(plan: try FitRunTests.lateAgenda(fit: "auto"))
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(25 * 60))
        let actions = machine.handle(.stepClosed, at: .seconds(25 * 60))
        #expect(Self.notices(actions).first?.contains("/fit yes") == true)
        // Meanwhile every step runs at its minimum: the round at 3 × 1m.
        #expect(machine.fitting.lengths[1] == .seconds(180))
        #expect(machine.length(ofStep: 1, segment: 0) == .seconds(60))
        _ = machine.handle(.command(.fit(.confirm)), at: .seconds(25 * 60 + 5))
        #expect(!machine.fitting.dropped.isEmpty)
        #expect(!machine.fitting.dropped.contains(4))
    }

    @Test func fitAutoDoesNotAskAgainForDropsTheFacilitatorDeclined() throws {
        var machine = RunnerMachine(plan: try FitRunTests.lateAgenda(fit: "auto"))
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(27 * 60))
        #expect(Self.notices(machine.handle(.stepClosed, at: .seconds(27 * 60))).first?.contains("/fit yes") == true)
        _ = machine.handle(.command(.fit(.decline)), at: .seconds(27 * 60))
        // The next step starts: the same steps would go, and the room already said no.
        _ = machine.handle(.command(.next), at: .seconds(28 * 60))
        let actions = machine.handle(.stepClosed, at: .seconds(28 * 60))
        #expect(Self.notices(actions).isEmpty)
        #expect(machine.fitting.proposal == nil && machine.fitting.dropped.isEmpty)
    }

    @Test func speakerTakesANameItsStartOrItsNumber() throws {
        var machine = RunnerMachine(plan: try FitRunTests.lateAgenda(fit: "manual"))
        _ = machine.handle(.start, at: .zero)
        #expect(Self.notices(machine.handle(.command(.speaker("chen")), at: .zero)) == ["Chen speaks."])
        #expect(Self.notices(machine.handle(.command(.speaker("A")), at: .seconds(30))) == ["Ana speaks."])
        #expect(Self.notices(machine.handle(.command(.speaker("2")), at: .seconds(40))) == ["Ben speaks."])
        _ = machine.handle(.command(.speaker(nil)), at: .seconds(45))
        #expect(machine.timings[0].airtime == ["Chen": .seconds(30), "Ana": .seconds(10), "Ben": .seconds(5)])
    }
}
