import BuiltInHandlers
import Clocks
import ConcurrencyExtras
import RoundtableKit
import RoundtableTesting
import Synchronization
import Testing

/// Replay is exact: a session whose contributions came from the keyboard and from devices,
/// in any interleaving, replays from its journal to the very same artifacts.
@Suite(.serialized) struct ReplayDeterminismTests {
    /// Keeps the journal in memory.
    final class MemoryJournal: SessionRecorder {
        let records = Mutex<[JournalRecord]>([])
        func record(_ record: JournalRecord) -> Bool {
            records.withLock { $0.append(record) }
            return true
        }
    }

    static let people = ["Ana", "Ben", "Chen", "Dev"]

    static let exercise = """
        id: mixed
        title: Mixed sources
        steps:
          - id: ideas
            handler: brainstorm
            duration: 2m
          - id: vote
            handler: dot-vote
            input: ideas
            duration: 2m
            config: { dots: 2 }
          - id: actions
            handler: action-items
            input: vote
            duration: 2m
        """

    /// A script: ideas, ballots and actions by random people, each from the keyboard
    /// (signed) or from the person's device, with a few refusals and commands mixed in.
    static func script(seed: UInt64) -> [Contribution] {
        var random = SeededGenerator(seed: seed)
        func from(_ person: String, _ text: String) -> Contribution {
            Bool.random(using: &random)
                ? Contribution("\(person): \(text)")
                : Contribution(text, source: .device(person))
        }
        var script: [Contribution] = []
        for index in 0..<Int.random(in: 2...5, using: &random) {
            script.append(from(people.randomElement(using: &random)!, "idea \(index)"))
        }
        script.append(Contribution("/next"))
        for person in random.shuffled(people) {
            let ballot = (0..<Int.random(in: 0...3, using: &random)).map { _ in String(Int.random(in: 1...4, using: &random)) }
            script.append(from(person, ballot.joined(separator: " ")))
            if Int.random(in: 0..<4, using: &random) == 0 { script.append(from(person, "1")) }
        }
        script.append(Contribution("/next"))
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            let owner = people.randomElement(using: &random)!
            script.append(from(owner, "1 @\(owner)"))
        }
        script.append(Contribution("/next"))
        return script
    }

    /// Runs `script` live (every contribution submitted as a device or keyboard contribution
    /// would be), then replays the journal; returns both results.
    static func liveAndReplayed(_ script: [Contribution], plan: Plan, registry: HandlerRegistry) async
        -> (live: RunResult, replayed: RunResult)
    {
        let journal = MemoryJournal()
        let clock = TestClock()
        let display = RecordingDisplay { .zero }
        let input = FeedInput()
        let runner = Runner(plan: plan, registry: registry, clock: clock, display: display, input: input, recorder: journal)
        let done = LockIsolated(false)
        let live = Task {
            let result = await runner.run()
            done.setValue(true)
            return result
        }
        await Task.megaYield()
        for contribution in script {
            if contribution.source == .keyboard { input.type(contribution.text) } else { runner.submit(contribution) }
            await Task.megaYield()
        }
        input.close()
        // On a loaded machine one run of the clock may give up (after 500 ms of real time)
        // before the session ends: keep running it until the session has ended.
        while !done.value {
            await Task.megaYield()
            await clock.run()
        }
        let first = await live.value
        let replayer = Runner(plan: plan, registry: registry, clock: TestClock(), display: RecordingDisplay { .zero },
                              input: ScriptedInput([]))
        let second = await replayer.run(resuming: journal.records.withLock { $0 }, live: false)
        return (first, second)
    }

    @Test func aThousandMixedSessionsReplayToTheSameArtifacts() async throws {
        let registry = BuiltInHandlers.registry()
        let plan = try Planner(registry: registry).plan(
            try Fixtures.document(Self.exercise), participants: Self.people.map { Participant($0) })
        await TestClockGate.run {
            var devices = 0
            for seed in UInt64(0)..<1_000 {
                let script = Self.script(seed: seed)
                devices += script.filter { $0.source != .keyboard }.count
                let (live, replayed) = await Self.liveAndReplayed(script, plan: plan, registry: registry)
                #expect(live.artifacts == replayed.artifacts, "seed \(seed)")
                #expect(live.superseded == replayed.superseded, "seed \(seed)")
                if live.artifacts != replayed.artifacts { return }
                // Nothing sent is lost: every contribution is an artifact of some kind, or refused on screen.
                #expect(!live.allArtifacts.isEmpty, "seed \(seed)")
            }
            // The scripts did mix the sources.
            #expect(devices > 1_000)
        }
    }
}
