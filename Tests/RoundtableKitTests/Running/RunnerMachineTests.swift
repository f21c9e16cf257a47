import RoundtableKit
import Testing

/// The runner's decisions, checked event by event with exact session times.
@Suite struct RunnerMachineTests {
    typealias Action = RunnerMachine.Action

    func machine(_ yaml: String = Fixtures.twoSteps) throws -> RunnerMachine {
        RunnerMachine(plan: try Fixtures.plan(yaml))
    }

    @Test func startsTheFirstStepWithADeadlineAndItsFirstWarning() throws {
        var machine = try machine()
        let actions = machine.handle(.start, at: .zero)
        #expect(actions == [
            .beginStep(0), .beginSegment(step: 0, segment: 0, deadline: .seconds(300)), .setAlarm(.seconds(240)),
        ])
    }

    @Test func warningsFireAtOneMinuteAndTenSecondsThenTimeIsUp() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        #expect(machine.handle(.alarm, at: .seconds(240)) == [.warn(remaining: .seconds(60)), .setAlarm(.seconds(290))])
        #expect(machine.handle(.alarm, at: .seconds(290)) == [.warn(remaining: .seconds(10)), .setAlarm(.seconds(300))])
        #expect(machine.handle(.alarm, at: .seconds(300)) == [.timeUp(advancing: false), .setAlarm(nil)])
        // Overtime counts up; the facilitator moves on.
        #expect(machine.status(at: .seconds(315)).remaining == .seconds(-15))
        #expect(machine.handle(.command(.next), at: .seconds(320)) == [.setAlarm(nil), .endStep(0, skipped: false)])
    }

    @Test func shortStepsOnlyWarnTenSecondsBeforeTheEnd() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(100))
        let actions = machine.handle(.stepClosed, at: .seconds(100))
        #expect(actions == [
            .beginStep(1), .beginSegment(step: 1, segment: 0, deadline: .seconds(130)), .setAlarm(.seconds(120)),
        ])
    }

    @Test func pauseShiftsTheDeadlineByThePausedTime() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        #expect(machine.handle(.command(.pause), at: .seconds(100)) == [.paused, .setAlarm(nil)])
        #expect(machine.status(at: .seconds(150)).remaining == .seconds(200))
        #expect(machine.handle(.alarm, at: .seconds(240)) == [])
        let actions = machine.handle(.command(.resume), at: .seconds(160))
        #expect(actions == [.resumed(deadline: .seconds(360)), .setAlarm(.seconds(300))])
        #expect(machine.status(at: .seconds(160)).remaining == .seconds(200))
    }

    @Test func extendAddsTimeAndReArmsWarnings() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.alarm, at: .seconds(240))
        _ = machine.handle(.alarm, at: .seconds(290))
        _ = machine.handle(.alarm, at: .seconds(300))
        // In overtime: two more minutes bring the clock back to counting down.
        let actions = machine.handle(.command(.extend(.seconds(120))), at: .seconds(310))
        #expect(actions == [.extended(by: .seconds(120), deadline: .seconds(420)), .setAlarm(.seconds(360))])
        #expect(machine.handle(.alarm, at: .seconds(360)) == [.warn(remaining: .seconds(60)), .setAlarm(.seconds(410))])
    }

    @Test func slipIsTheProjectedEndAgainstThePlannedEnd() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        #expect(machine.slip(at: .seconds(100)) == .zero)
        _ = machine.handle(.command(.pause), at: .seconds(100))
        #expect(machine.slip(at: .seconds(130)) == .seconds(30))
        _ = machine.handle(.command(.resume), at: .seconds(130))
        _ = machine.handle(.alarm, at: .seconds(330))
        #expect(machine.slip(at: .seconds(345)) == .seconds(45))
        // Ending the first step early puts the session ahead of plan.
        var early = try self.machine()
        _ = early.handle(.start, at: .zero)
        _ = early.handle(.command(.next), at: .seconds(200))
        _ = early.handle(.stepClosed, at: .seconds(200))
        #expect(early.slip(at: .seconds(200)) == .seconds(-100))
    }

    @Test func perSpeakerTurnsEachGetTheirOwnTimer() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(300))
        _ = machine.handle(.stepClosed, at: .seconds(300))
        #expect(machine.handle(.command(.next), at: .seconds(310)) == [
            .beginSegment(step: 1, segment: 1, deadline: .seconds(340)), .setAlarm(.seconds(330)),
        ])
        #expect(machine.segment.speaker == machine.plan.steps[1].segments[1].speaker)
    }

    @Test func advancePolicyMovesOnAtZero() throws {
        var machine = try machine("""
            id: quick
            title: Quick
            steps:
              - id: a
                handler: timebox
                duration: 20s
                timer: { on_zero: advance, warn_at: [] }
              - id: b
                handler: timebox
                duration: 20s
            """)
        _ = machine.handle(.start, at: .zero)
        let actions = machine.handle(.alarm, at: .seconds(20))
        #expect(actions == [.timeUp(advancing: true), .setAlarm(nil), .endStep(0, skipped: false)])
    }

    /// An alarm served late, and the time taken to close the step, do not push the next
    /// step back: it starts at the instant the last one was due to end, so a run of timed
    /// steps keeps to the clock. A real hold-up (over a second) starts it when it can.
    @Test func theTimerMovesOnAtTheDeadlineNotWhenTheAlarmWasServed() throws {
        let yaml = """
            id: quick
            title: Quick
            steps:
              - { id: a, handler: timebox, duration: 20s, timer: { on_zero: advance, warn_at: [] } }
              - { id: b, handler: timebox, duration: 20s, timer: { on_zero: advance, warn_at: [] } }
              - { id: c, handler: timebox, duration: 20s, timer: { on_zero: advance, warn_at: [] } }
            """
        var machine = try machine(yaml)
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.alarm, at: .milliseconds(20_003))
        #expect(machine.handle(.stepClosed, at: .milliseconds(20_004)) == [
            .beginStep(1), .beginSegment(step: 1, segment: 0, deadline: .seconds(40)), .setAlarm(.seconds(40)),
        ])
        #expect(machine.timings[1].started == .seconds(20))
        _ = machine.handle(.alarm, at: .milliseconds(40_002))
        #expect(machine.handle(.stepClosed, at: .milliseconds(41_500)) == [
            .beginStep(2), .beginSegment(step: 2, segment: 0, deadline: .milliseconds(61_500)), .setAlarm(.milliseconds(61_500)),
        ])
        // Moving on by hand starts the next step when it is asked for.
        var manual = try self.machine(yaml)
        _ = manual.handle(.start, at: .zero)
        _ = manual.handle(.command(.next), at: .seconds(5))
        #expect(manual.handle(.stepClosed, at: .milliseconds(5_004))[1] == .beginSegment(step: 1, segment: 0, deadline: .milliseconds(25_004)))
    }

    @Test func whenInputEndsBellStepsAdvanceAtZeroAndOvertimeEndsAtOnce() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.alarm, at: .seconds(240))
        _ = machine.handle(.alarm, at: .seconds(290))
        _ = machine.handle(.alarm, at: .seconds(300))
        #expect(machine.handle(.inputClosed, at: .seconds(305)) == [.setAlarm(nil), .endStep(0, skipped: false)])
        _ = machine.handle(.stepClosed, at: .seconds(305))
        _ = machine.handle(.alarm, at: .seconds(325))
        #expect(machine.handle(.alarm, at: .seconds(335)) == [
            .timeUp(advancing: true), .beginSegment(step: 1, segment: 1, deadline: .seconds(365)), .setAlarm(.seconds(355)),
        ])
    }

    @Test func countUpStepsHaveNoDeadlineUntilInputEnds() throws {
        var machine = try machine("""
            id: open
            title: Open
            steps:
              - id: a
                handler: timebox
                duration: 1m
                timer: { on_zero: count-up }
            """)
        #expect(machine.handle(.start, at: .zero) == [.beginStep(0), .beginSegment(step: 0, segment: 0, deadline: nil), .setAlarm(nil)])
        #expect(machine.status(at: .seconds(90)).remaining == .seconds(90))
        #expect(machine.handle(.inputClosed, at: .seconds(30)) == [.setAlarm(.seconds(60))])
        #expect(machine.handle(.alarm, at: .seconds(60)) == [.setAlarm(nil), .endStep(0, skipped: false)])
    }

    @Test func backSkipAndQuit() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(10))
        _ = machine.handle(.stepClosed, at: .seconds(10))
        _ = machine.handle(.command(.next), at: .seconds(20))
        // Back within a step returns to the previous turn with a fresh timer.
        #expect(machine.handle(.command(.back), at: .seconds(25)) == [
            .beginSegment(step: 1, segment: 0, deadline: .seconds(55)), .setAlarm(.seconds(45)),
        ])
        // Back from the first turn returns to the previous step.
        #expect(machine.handle(.command(.back), at: .seconds(26)) == [.setAlarm(nil), .endStep(1, skipped: false)])
        #expect(machine.handle(.stepClosed, at: .seconds(26)).first == .beginStep(0))
        #expect(machine.handle(.command(.skip), at: .seconds(27)) == [.setAlarm(nil), .endStep(0, skipped: true)])
        _ = machine.handle(.stepClosed, at: .seconds(27))
        #expect(machine.handle(.command(.quit), at: .seconds(28)) == [.setAlarm(nil), .endStep(1, skipped: false)])
        #expect(machine.handle(.stepClosed, at: .seconds(28)) == [.finish(completed: false)])
        #expect(machine.isFinished)
        #expect(machine.timings[0].skipped)
        #expect(machine.timings[0].visits == 2)
    }

    @Test func aHandlerThatReturnsEndsItsStep() throws {
        var machine = try machine()
        _ = machine.handle(.start, at: .zero)
        #expect(machine.handle(.handlerReturned, at: .seconds(5)) == [.setAlarm(nil), .endStep(0, skipped: false)])
        _ = machine.handle(.stepClosed, at: .seconds(5))
        _ = machine.handle(.handlerReturned, at: .seconds(6))
        #expect(machine.handle(.stepClosed, at: .seconds(6)) == [.finish(completed: true)])
    }
}
