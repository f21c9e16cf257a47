import BuiltInHandlers
import Clocks
import Foundation
import RoundtableKit
import Synchronization

/// A display that keeps every event with the clock's time, for assertions.
final class RecordingDisplay: RunDisplay {
    let events = Mutex<[(Duration, DisplayEvent)]>([])
    let now: @Sendable () -> Duration
    var wantsTicks: Bool { false }

    init(now: @escaping @Sendable () -> Duration) { self.now = now }

    func show(_ event: DisplayEvent) {
        let time = now()
        events.withLock { $0.append((time, event)) }
    }

    func refresh(_ status: RunStatus) {}

    var warnings: [(at: Duration, remaining: Duration)] {
        events.withLock { list in
            list.compactMap { time, event in
                if case .warning(let remaining) = event { return (time, remaining) }
                return nil
            }
        }
    }

    var timeUps: [Duration] {
        events.withLock { list in list.compactMap { time, event in if case .timeUp = event { return time } else { return nil } } }
    }

    var segmentStarts: [(at: Duration, step: String, speaker: String?)] {
        events.withLock { list in
            list.compactMap { time, event in
                if case .segmentStarted(let step, let segment, _) = event { return (time, step.id, segment.speaker) }
                return nil
            }
        }
    }
}

/// Input the test feeds line by line, and closes when it wants.
final class FeedInput: RunInput {
    let stream: AsyncStream<String>
    let sink: AsyncStream<String>.Continuation

    init() { (stream, sink) = AsyncStream<String>.makeStream() }

    func lines() -> AsyncStream<String> { stream }
    func type(_ line: String) { sink.yield(line) }
    func close() { sink.finish() }
}

enum Fixtures {
    static let registry = BuiltInHandlers.registry()

    static func document(_ yaml: String, file: String = "test.yaml") throws -> Document {
        try Loader(registry: registry).document(from: try YAMLSource().parse(text: yaml, file: file))
    }

    static func plan(_ yaml: String, people: [String] = ["Ana", "Ben", "Chen"], seed: UInt64 = 0) throws -> Plan {
        try Planner(registry: BuiltInHandlers.registry()).plan(try document(yaml), participants: people.map { Participant($0) }, seed: seed)
    }

    /// Two steps: a 5-minute discussion and a check-in round of 30-second turns.
    static let twoSteps = """
        id: two-steps
        title: Two steps
        participants: { min: 2, max: 8 }
        roles:
          facilitator: per-exercise
          scribe: per-step
        steps:
          - id: talk
            handler: timebox
            duration: 5m
          - id: round
            handler: round
            each: participant
            duration: 30s
        """
}
