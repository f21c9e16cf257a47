import Foundation
import RoundtableKit
import Synchronization

/// Measures the live screen's redraw for `Benchmarks/` (`TimerAccuracy screen`): run a
/// session with this display to catch a real status, then time the drawing of a board.
///
/// ```swift
/// let probe = ScreenProbe()
/// _ = await Runner(plan: plan, registry: registry, clock: ContinuousClock(), display: probe,
///                  input: ScriptedInput(["/quit"])).run()
/// let figures = probe.measure(cards: 60, rows: 55, columns: 200, iterations: 2000)
/// ```
@_spi(Benchmarks) public final class ScreenProbe: RunDisplay {
    private let status = Mutex<RunStatus?>(nil)

    public init() {}

    public var wantsTicks: Bool { false }
    public func show(_ event: DisplayEvent) {}
    public func refresh(_ status: RunStatus) { self.status.withLock { $0 = status } }

    /// Timings of one redraw, in microseconds, and the bytes written.
    public struct Figures: Sendable {
        /// A second's tick: the header drawn again, compared with the frame on screen, the changed lines written.
        public var tickMedian: Double
        public var tickP99: Double
        public var tickBytes: Int
        /// The whole frame drawn and written (start, resize).
        public var wholeMedian: Double
        public var wholeBytes: Int
        /// Drawing the whole frame alone, without comparing or writing.
        public var renderMedian: Double
    }

    /// Redraws a board of `cards` cards `iterations` times at `rows` × `columns`, writing to /dev/null.
    ///
    /// - Returns: nil when no status was caught.
    public func measure(cards: Int, rows: Int, columns: Int, iterations: Int) -> Figures? {
        guard var status = status.withLock({ $0 }) else { return nil }
        var view = StepView(prompt: "What should we start, stop and continue?",
                            columns: ["Start", "Stop", "Continue"].map { StepView.Column($0) },
                            progress: .init(verb: "written", done: ["Ana", "Ben"], awaited: ["Chen", "Dev"]),
                            notes: ["Columns: Start (sta:) · Stop (sto:) · Continue (c:)."])
        let texts = ["Pair on reviews", "Write the test first", "Demo to the users", "Long stand-ups", "Merging on Fridays"]
        for index in 0..<cards {
            view.columns[index % 3].cards.append(StepView.Card("\(texts[index % texts.count]) (card \(index + 1))", by: "Ana"))
        }
        var state = ScreenState()
        state.apply(.view(view))
        for index in 0..<8 { state.apply(.say("Announcement \(index)")) }
        let layout = ScreenLayout(rows: rows, columns: columns, color: true)
        let descriptor = open("/dev/null", O_WRONLY)
        defer { close(descriptor) }
        let writer = TerminalWriter(descriptor: descriptor)
        let clock = ContinuousClock()

        var ticks: [Double] = [], wholes: [Double] = [], renders: [Double] = []
        var tickBytes = 0, wholeBytes = 0
        status.remaining = .seconds(600)
        state.status = status
        var last = layout.render(state)
        for iteration in 0..<iterations {
            status.remaining = .seconds(599 - iteration % 500)
            state.status = status
            var output = ""
            let tick = clock.measure {
                let frame = layout.render(state, reusing: last)
                output = ScreenPainter.update(from: last.lines, to: frame)
                last = frame
                writer.write(output)
            }
            ticks.append(micros(tick))
            tickBytes = output.utf8.count
            let whole = clock.measure {
                let frame = layout.render(state)
                output = ScreenPainter.update(from: nil, to: frame)
                writer.write(output)
            }
            wholes.append(micros(whole))
            wholeBytes = output.utf8.count
            renders.append(micros(clock.measure { _ = layout.render(state) }))
        }
        return Figures(tickMedian: percentile(ticks, 0.5), tickP99: percentile(ticks, 0.99), tickBytes: tickBytes,
                       wholeMedian: percentile(wholes, 0.5), wholeBytes: wholeBytes, renderMedian: percentile(renders, 0.5))
    }

    private func micros(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }

    private func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}
