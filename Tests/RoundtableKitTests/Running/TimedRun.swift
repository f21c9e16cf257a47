import Clocks
import ConcurrencyExtras
import RoundtableKit
import RoundtableTesting

/// Runs a plan through the real engine with a test clock, typing keyboard lines and sending
/// device contributions at exact session times, after replaying a journal if given.
enum TimedRun {
    enum Input: Sendable {
        case line(String)
        /// A contribution from the device of the named participant.
        case device(String, String)
    }

    /// Runs `plan` after replaying `journal`; the script's inputs not in it are fed at their
    /// session times (seconds), the clock starting where the journal ends.
    static func run(_ plan: Plan, resuming journal: [JournalRecord], recorder: any SessionRecorder,
                    display: any RunDisplay = SilentTestDisplay(), heartbeat: Duration = .seconds(600),
                    script: [(Int, Input)]) async -> RunResult {
        let given = journal.filter {
            switch $0 {
            case .line, .contribution: return true
            default: return false
            }
        }.count
        let start = journal.compactMap(\.time).last ?? .zero
        let box = ResultBox()
        await TestClockGate.run {
            let clock = TestClock()
            let input = FeedInput()
            let runner = Runner(plan: plan, registry: Fixtures.registry, clock: clock, display: display,
                                input: input, recorder: recorder, heartbeat: heartbeat)
            let done = LockIsolated(false)
            let task = Task {
                let result = await runner.run(resuming: journal)
                done.setValue(true)
                return result
            }
            while !runner.isLive && !done.value { await Task.megaYield() }
            await Task.megaYield()
            var now = start
            for (time, entry) in script.dropFirst(given) {
                let at = Duration.seconds(time)
                if at > now { await clock.advance(by: at - now) }
                now = max(now, at)
                switch entry {
                case .line(let text): input.type(text)
                case .device(let name, let text): runner.submit(Contribution(text, source: .device(name)))
                }
                await Task.megaYield()
            }
            input.close()
            while !done.value {
                await Task.megaYield()
                await clock.run()
            }
            box.result = await task.value
        }
        return box.result!
    }
}
