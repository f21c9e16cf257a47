import Dispatch
import Foundation
import RoundtableKit
import Synchronization

/// SIGINT and SIGTERM end a session cleanly in every mode (a terminal, a pipe, a script):
/// the session stops as on `/quit`, and its report is still written.
///
/// The signals are taken from a dispatch source, not a signal handler, so that the work
/// they start may allocate and take locks. A third signal ends the process at once.
final class StopSignals: Sendable {
    static let watched = [SIGINT, SIGTERM]
    private struct State {
        var count = 0
        var first: Int32?
        var action: (@Sendable (_ signal: Int32, _ count: Int) -> Void)?
    }

    private let state = Mutex(State())
    /// Set in `init`, cancelled in ``cancel()``: both on the session's own task.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    /// Starts watching; signals that come before ``onStop(_:)`` are kept for it.
    init() {
        for number in Self.watched {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    private func received(_ number: Int32) {
        let (count, action) = state.withLock { state in
            state.count += 1
            if state.first == nil { state.first = number }
            return (state.count, state.action)
        }
        if count >= 3 {
            TerminalMode.restore()
            _exit(128 + number)
        }
        action?(number, count)
    }

    /// What to do on each signal, given its number and how many came so far.
    func onStop(_ action: @escaping @Sendable (_ signal: Int32, _ count: Int) -> Void) {
        let (count, first) = state.withLock { state in
            state.action = action
            return (state.count, state.first)
        }
        if count > 0, let first { action(first, count) }
    }

    /// The first signal received, if any.
    var received: Int32? { state.withLock { $0.first } }

    /// Stops watching: the signals have their default effect again.
    func cancel() {
        for source in sources { source.cancel() }
        for number in Self.watched { signal(number, SIG_DFL) }
    }
}

/// Typed input that a signal can end as if `/quit` had been typed.
final class StoppableInput: RunInput {
    private let base: any RunInput
    private let stream: AsyncStream<String>
    private let sink: AsyncStream<String>.Continuation

    init(_ base: any RunInput) {
        self.base = base
        (stream, sink) = AsyncStream<String>.makeStream()
    }

    /// The script of the input it wraps: a script is typed at once before the timers run
    /// (the same session at any `--speed`), which streaming its lines would race.
    var script: [String]? { base.script }

    func lines() -> AsyncStream<String> {
        let base = self.base, sink = self.sink
        Task {
            for await line in base.lines() { sink.yield(line) }
            sink.finish()
        }
        return stream
    }

    /// Types `/quit`; false when input has already ended and the line cannot be typed.
    func stop() -> Bool {
        // A script was typed in full before the timers ran: its input has ended.
        if base.script != nil { return false }
        if case .terminated = sink.yield("/quit") { return false }
        return true
    }
}
