import ConcurrencyExtras

/// Lets one test at a time drive tasks on the main serial executor.
///
/// `withMainSerialExecutor` swaps a process-wide hook; two tests doing it at once (Swift
/// Testing runs suites in parallel) would switch each other's hook off half-way. Every
/// test that runs a ``Rehearsal`` or drives a runner with a test clock goes through this
/// gate, so those tests take turns while the rest of the suite runs in parallel.
public enum TestClockGate {
    private static let gate = Gate()

    /// Runs `body` on the main serial executor, after any other test using the gate.
    public static func run(_ body: @Sendable () async throws -> Void) async rethrows {
        await gate.enter()
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
    public static func exclusive(_ body: @Sendable () async throws -> Void) async rethrows {
        await gate.enter()
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
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func enter() async {
            guard busy else {
                busy = true
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func leave() {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
    }
}
