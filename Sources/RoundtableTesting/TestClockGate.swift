import ConcurrencyExtras
import Foundation

/// Lets one test at a time drive tasks on the main serial executor.
///
/// `withMainSerialExecutor` swaps a process-wide hook; two tests doing it at once (Swift
/// Testing runs suites in parallel) would switch each other's hook off half-way. Every
/// test that runs a ``Rehearsal`` or drives a runner with a test clock goes through this
/// gate, so those tests take turns while the rest of the suite runs in parallel.
public enum TestClockGate {
    private static let gate = Gate()

    /// Runs `body` on the main serial executor, after any other test using the gate.
    ///
    /// - Parameter holder: Who holds the gate, said on standard error if it holds it for
    ///   more than two minutes (a test-clock test takes a few seconds at most).
    public static func run(_ holder: String = #fileID, line: Int = #line, _ body: @Sendable () async throws -> Void) async rethrows {
        await gate.enter(as: "\(holder):\(line)")
        do {
            try await withMainSerialExecutor { try await body() }
        } catch {
            await gate.leave()
            throw error
        }
        await gate.leave()
    }

    /// Runs `body` while no test-clock test runs, on the ordinary executor: for tests with
    /// real sockets and threads, which the serial executor of a test-clock test would stall.
    public static func exclusive(_ holder: String = #fileID, line: Int = #line, _ body: @Sendable () async throws -> Void) async rethrows {
        await gate.enter(as: "\(holder):\(line)")
        do {
            try await body()
        } catch {
            await gate.leave()
            throw error
        }
        await gate.leave()
    }

    private actor Gate {
        private var busy = false
        private var waiting: [(holder: String, continuation: CheckedContinuation<Void, Never>)] = []
        /// Who holds the gate, and how many times it changed hands (for the watchdog).
        private var holder = ""
        private var turn = 0

        func enter(as holder: String) async {
            if busy {
                await withCheckedContinuation { waiting.append((holder, $0)) }
            } else {
                busy = true
            }
            self.holder = holder
            turn += 1
            watch(turn)
        }

        func leave() {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().continuation.resume() }
        }

        /// Says on standard error when one holder keeps the gate for two minutes: every other
        /// test-clock test waits behind it, so that is the test to look at.
        private func watch(_ turn: Int) {
            Task.detached { [weak self] in
                try? await Task.sleep(for: .seconds(120))
                guard let self, let (held, stuck) = await self.holding(turn) else { return }
                FileHandle.standardError.write(Data("TestClockGate: held for 2 minutes by \(held); \(stuck) waiting\n".utf8))
            }
        }

        private func holding(_ turn: Int) -> (String, Int)? {
            busy && self.turn == turn ? (holder, waiting.count) : nil
        }
    }
}
