import BuiltInHandlers
import RoundtableKit
import Testing

/// The session machine alone: events and times in, actions out.
struct SessionMachineTests {
    typealias Action = SessionMachine.Action

    /// A one-step exercise of 3 turns of 30 s (a round), and a 1-minute timebox after it.
    static func machine() throws -> SessionMachine {
        SessionMachine(plan: try Fixtures.plan("""
            id: turns
            title: Turns
            steps:
              - id: round
                handler: round
                each: participant
                duration: 30s
                timer: { on_zero: advance }
              - id: after
                handler: timebox
                duration: 1m
            """))
    }

    static func line(_ text: String) -> Contribution { Contribution(text) }

    @Test func theHandlerStartsAfterTheStepIsShownAndEventsWaitWhileItIsBusy() throws {
        var machine = try Self.machine()
        let start = machine.handle(.start, at: .zero)
        #expect(start == [
            .clock(.beginStep(0)),
            .clock(.beginSegment(step: 0, segment: 0, deadline: .seconds(30))),
            .startHandler(step: 0, visit: 1),
            .clock(.setAlarm(.seconds(20))),
        ])
        #expect(machine.isHandlerBusy)
        // A line and a command arrive before the handler first waits: both are queued.
        #expect(machine.handle(.contribution(Self.line("early")), at: .seconds(1)).isEmpty)
        #expect(machine.handle(.command(.next), at: .seconds(2)).isEmpty)
        #expect(machine.pending.count == 2)
        // The handler waits: it gets the line (at once busy again), and the command still waits.
        #expect(machine.handle(.handlerWaitsForInput(visit: 1, epoch: 0), at: .seconds(3)) == [.deliver(Self.line("early"))])
        #expect(machine.pending.count == 1)
        // It waits again: /next (taken at the time it was typed) ends the turn; the handler is told.
        let next = machine.handle(.handlerWaitsForInput(visit: 1, epoch: 0), at: .seconds(4))
        #expect(next == [
            .clock(.beginSegment(step: 0, segment: 1, deadline: .seconds(32))),
            .endHandlerSegment,
            .clock(.setAlarm(.seconds(22))),
        ])
        #expect(machine.isHandlerBusy)
    }

    @Test func commandsQueuedWhileTheHandlerWorksMoveItOneSegmentAtATime() throws {
        var machine = try Self.machine()
        _ = machine.handle(.start, at: .zero)
        // Two /next arrive while the handler is still busy with its first turn.
        #expect(machine.handle(.command(.next), at: .seconds(5)).isEmpty)
        #expect(machine.handle(.contribution(Self.line("second speaker")), at: .seconds(5)).isEmpty)
        #expect(machine.handle(.command(.next), at: .seconds(6)).isEmpty)
        // The first /next is taken when the handler waits, at the time it was typed.
        #expect(machine.handle(.handlerWaitsForInput(visit: 1, epoch: 0), at: .seconds(7)) == [
            .clock(.beginSegment(step: 0, segment: 1, deadline: .seconds(35))),
            .endHandlerSegment,
            .clock(.setAlarm(.seconds(25))),
        ])
        #expect(machine.handle(.handlerWaitsForSegment(visit: 1, after: 0), at: .seconds(7)) == [.moveHandler(toSegment: 1)])
        // In the second turn, the line typed in the second turn, then the second /next.
        #expect(machine.handle(.handlerWaitsForInput(visit: 1, epoch: 1), at: .seconds(7)) == [.deliver(Self.line("second speaker"))])
        #expect(machine.handle(.handlerWaitsForInput(visit: 1, epoch: 1), at: .seconds(7)) == [
            .clock(.beginSegment(step: 0, segment: 2, deadline: .seconds(36))),
            .endHandlerSegment,
            .clock(.setAlarm(.seconds(26))),
        ])
        #expect(machine.pending.isEmpty)
        #expect(machine.handle(.handlerWaitsForSegment(visit: 1, after: 1), at: .seconds(8)) == [.moveHandler(toSegment: 2)])
        #expect(machine.handle(.handlerWaitsForInput(visit: 1, epoch: 2), at: .seconds(8)).isEmpty)
        #expect(machine.handler == .waitingForInput(epoch: 2))
    }

    @Test func aHandlerWaitingForALaterSegmentIsMovedAsSoonAsTheRoomGetsThere() throws {
        var machine = try Self.machine()
        _ = machine.handle(.start, at: .zero)
        // The handler has nothing to read in this turn and waits for the next one.
        #expect(machine.handle(.handlerWaitsForSegment(visit: 1, after: 0), at: .seconds(1)).isEmpty)
        let next = machine.handle(.command(.next), at: .seconds(2))
        #expect(next == [
            .clock(.beginSegment(step: 0, segment: 1, deadline: .seconds(32))),
            .moveHandler(toSegment: 1),
            .clock(.setAlarm(.seconds(22))),
        ])
    }

    @Test func aLineNobodyReadsIsKeptInItsStep() throws {
        var machine = try Self.machine()
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.handlerWaitsForInput(visit: 1, epoch: 0), at: .zero)
        _ = machine.handle(.contribution(Self.line("said")), at: .seconds(1))
        // The handler has done its turn's work and waits for the next segment.
        #expect(machine.handle(.handlerWaitsForSegment(visit: 1, after: 0), at: .seconds(2)).isEmpty)
        let device = Contribution("from a phone", source: .device("Ben"))
        #expect(machine.handle(.contribution(device), at: .seconds(3)) == [.keep(device, step: 0)])
    }

    @Test func aHandlerThatReturnsEndsItsStepAndLateSignalsOfItAreIgnored() throws {
        var machine = try Self.machine()
        _ = machine.handle(.start, at: .zero)
        let returned = machine.handle(.handlerReturned(visit: 1), at: .seconds(10))
        #expect(returned == [.clock(.setAlarm(nil)), .clock(.endStep(0, skipped: false))])
        #expect(machine.handle(.handlerWaitsForInput(visit: 1, epoch: 0), at: .seconds(10)).isEmpty)
        // Events during the close wait for the next step.
        #expect(machine.handle(.contribution(Self.line("for the next step")), at: .seconds(10)).isEmpty)
        let closed = machine.handle(.stepClosed, at: .seconds(10))
        #expect(closed.first == .clock(.beginStep(1)))
        #expect(closed.contains(.startHandler(step: 1, visit: 2)))
        #expect(machine.pending.count == 1)
        #expect(machine.handle(.handlerWaitsForInput(visit: 2, epoch: 0), at: .seconds(11)) == [.deliver(Self.line("for the next step"))])
    }

    @Test func theTimerEndsTurnsWhileTheHandlerWaits() throws {
        var machine = try Self.machine()
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.handlerWaitsForInput(visit: 1, epoch: 0), at: .zero)
        #expect(machine.handle(.alarm, at: .seconds(20)) == [.clock(.warn(remaining: .seconds(10))), .clock(.setAlarm(.seconds(30)))])
        let zero = machine.handle(.alarm, at: .seconds(30))
        #expect(zero == [
            .clock(.timeUp(advancing: true)),
            .clock(.beginSegment(step: 0, segment: 1, deadline: .seconds(60))),
            .endHandlerSegment,
            .clock(.setAlarm(.seconds(50))),
        ])
    }
}
