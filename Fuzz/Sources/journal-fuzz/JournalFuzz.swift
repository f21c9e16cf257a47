// A seeded mutation fuzzer for session journals.
//
//   journal-fuzz [--seconds N] [--iterations N] [--seed S] [--corpus DIR]... [--out DIR] [--slow SECONDS]
//   journal-fuzz --replay FILE...
//
// Each input is a corpus journal mutated line by line and byte by byte: records cut,
// doubled, swapped and dropped, numbers replaced by edge values (Int64 bounds, huge steps
// and times, negative and fractional values), types and keys changed, control characters
// and invalid UTF-8 inserted, headers damaged. Every input goes through JournalCheck: what
// `report`, `sessions` and `resume` do with a journal. A broken property, a crash or an
// input slower than --slow seconds is saved under --out and the run exits 1. The same seed
// replays the same inputs.
import Foundation
import Glibc
import JournalCheck
import RoundtableKit
import Synchronization

enum Current {
    nonisolated(unsafe) static var bytes: [UInt8] = []
    nonisolated(unsafe) static var crashPath: [CChar] = []
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 22)
    nonisolated(unsafe) static var length = 0
    static let started = Atomic<Int64>(0)

    static func set(_ data: [UInt8]) {
        length = min(data.count, 1 << 22)
        data.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: length) }
    }

    /// Async-signal-safe: open, write, close.
    static func dump(to path: UnsafePointer<CChar>) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        _ = write(fd, buffer, length)
        close(fd)
    }
}

func monotonicNanos() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
}

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

struct Mutator {
    var random: SeededGenerator
    let corpus: [[UInt8]]

    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }

    static let numbers = ["0", "-1", "1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                          "1e308", "-1e308", "1.5", "2592000000000000", "2592000000000001", "99999", "100000",
                          "31622400000000000", "NaN", "\"7\"", "null", "true", "[]", "{}", "0.1", "10000", "10001", "1e-20"]
    static let types = ["session", "line", "contribution", "input-closed", "heartbeat", "step", "finished", "interrupted", "x", ""]
    static let fragments = ["\u{1B}]0;x\u{07}", "\u{1B}[2J", "\\u0000", "\\u001b", "\u{0}", "\u{7F}", "\u{202E}",
                            ",\"step\":3", ",\"roles\":[[\"facilitator\"]]", ",\"length\":5", ",\"completed\":false",
                            ",\"device\":\"phone\"", ",\"author\":\"Ana\"", "\"", "\\", "{", "}", "]", "[", ",", ":"]

    mutating func next() -> [UInt8] {
        var data = pick(corpus)
        for _ in 0..<int(1..<6) { mutate(&data) }
        return data
    }

    mutating func mutate(_ data: inout [UInt8]) {
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return }
        let index = int(0..<lines.count)
        switch int(0..<12) {
        case 0: lines.remove(at: index)
        case 1: lines.insert(lines[index], at: int(0..<lines.count))
        case 2: lines.swapAt(index, int(0..<lines.count))
        case 3 where !lines[index].isEmpty: lines[index].removeLast(int(0..<lines[index].count))  // a torn record
        case 4:  // a number replaced by an edge value
            lines[index] = replaceNumber(in: lines[index])
        case 5:  // another record type
            if let text = String(bytes: lines[index], encoding: .utf8), let range = text.range(of: #""type":"[^"]*""#, options: .regularExpression) {
                lines[index] = Array(text.replacingCharacters(in: range, with: "\"type\":\"\(pick(Self.types))\"").utf8)
            }
        case 6:  // a fragment inserted
            let position = int(0..<(lines[index].count + 1))
            lines[index].insert(contentsOf: Array(pick(Self.fragments).utf8), at: position)
        case 7 where !lines[index].isEmpty:  // a flipped bit
            let position = int(0..<lines[index].count)
            lines[index][position] ^= UInt8(1 << int(0..<8))
        case 8:  // invalid UTF-8
            lines[index].insert(pick([0xFF, 0xC3, 0x80, 0xED]), at: int(0..<(lines[index].count + 1)))
        case 9:  // a line from another journal
            let other = pick(corpus).split(separator: 0x0A).map(Array.init)
            if !other.isEmpty { lines.insert(pick(other), at: index) }
        case 10:  // many copies of a line
            lines.insert(contentsOf: Array(repeating: lines[index], count: int(2..<200)), at: index)
        default:  // the file cut anywhere
            data = Array(data.prefix(int(0..<(data.count + 1))))
            return
        }
        data = Array(lines.joined(separator: [0x0A]))
    }

    mutating func replaceNumber(in line: [UInt8]) -> [UInt8] {
        guard let text = String(bytes: line, encoding: .utf8) else { return line }
        let pattern = try! NSRegularExpression(pattern: #"(?<=:)-?[0-9][0-9.e+-]*"#)
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard !matches.isEmpty, let range = Range(pick(matches).range, in: text) else { return line }
        return Array(text.replacingCharacters(in: range, with: pick(Self.numbers)).utf8)
    }
}

/// Runs one check to its end on the concurrency pool and waits for it.
func checkNow(_ input: [UInt8], folder: String) -> Result<JournalCheck.Outcome, JournalCheck.Failure> {
    let box = Mutex<Result<JournalCheck.Outcome, JournalCheck.Failure>?>(nil)
    let done = DispatchSemaphore(value: 0)
    let data = Data(input)
    Task.detached {
        let result: Result<JournalCheck.Outcome, JournalCheck.Failure>
        do throws(JournalCheck.Failure) {
            result = .success(try await JournalCheck.check(data, folder: folder))
        } catch {
            result = .failure(error)
        }
        box.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return box.withLock { $0! }
}

@main
struct JournalFuzz {
    static func main() {
        var seconds = 30.0, iterations = Int.max, seed = UInt64(UInt32.random(in: 1...UInt32.max))
        var corpusFolders: [String] = [], out = "Fuzz/.work/journal-findings", slow = 10.0
        var replay: [String] = []
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--seconds": seconds = Double(arguments.popFirst() ?? "") ?? seconds
            case "--iterations": iterations = Int(arguments.popFirst() ?? "") ?? iterations
            case "--seed": seed = UInt64(arguments.popFirst() ?? "") ?? seed
            case "--corpus": corpusFolders.append(arguments.popFirst() ?? "")
            case "--out": out = arguments.popFirst() ?? out
            case "--slow": slow = Double(arguments.popFirst() ?? "") ?? slow
            case "--replay": replay = Array(arguments); arguments = []
            default:
                FileHandle.standardError.write(Data("usage: journal-fuzz [--seconds N] [--iterations N] [--seed S] [--corpus DIR]... [--out DIR] [--slow S] | --replay FILE...\n".utf8))
                exit(64)
            }
        }
        // Inside --out, so that after a crash the input it was checking is found there
        // (`input.jsonl`), whatever became of the signal handlers.
        let scratch = out + "/scratch-\(getpid())"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        if !replay.isEmpty {
            var status: Int32 = 0
            for file in replay {
                guard let data = FileManager.default.contents(atPath: file) else { say("\(file): cannot read"); status = 66; continue }
                switch checkNow(Array(data), folder: scratch) {
                case .success(let outcome): say("\(file): \(outcome)")
                case .failure(let failure): say("\(file): FAILURE \(failure)"); status = 1
                }
            }
            try? FileManager.default.removeItem(atPath: scratch)
            exit(status)
        }
        if corpusFolders.isEmpty { corpusFolders = ["Fuzz/corpus-journals"] }
        let corpus = corpusFolders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().compactMap {
                FileManager.default.contents(atPath: folder + "/" + $0).map { Array($0) }
            }
        }
        guard !corpus.isEmpty else {
            FileHandle.standardError.write(Data("journal-fuzz: no corpus files in \(corpusFolders)\n".utf8))
            exit(66)
        }
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        Current.crashPath = Array("\(out)/crash-seed-\(seed).jsonl".utf8CString)
        for signalNumber in [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE] {
            signal(signalNumber) { number in
                Current.crashPath.withUnsafeBufferPointer { Current.dump(to: $0.baseAddress!) }
                let message = "\njournal-fuzz: crashed (signal \(number)); the input is saved (also as scratch-<pid>/input.jsonl in --out)\n"
                _ = message.withCString { write(2, $0, strlen($0)) }
                signal(number, SIG_DFL)
                raise(number)
            }
        }
        let slowPath = "\(out)/slow-seed-\(seed).jsonl"
        let limit = slow
        Thread {
            while true {
                sleep(1)
                let started = Current.started.load(ordering: .sequentiallyConsistent)
                if started != 0 && Double(monotonicNanos() - started) / 1e9 > limit {
                    slowPath.withCString { Current.dump(to: $0) }
                    FileHandle.standardError.write(Data("journal-fuzz: FAILURE: one input ran over \(limit) s (a hang); saved to \(slowPath)\n".utf8))
                    _exit(3)
                }
            }
        }.start()

        say("journal-fuzz: seed \(seed), \(corpus.count) corpus journals, \(Int(seconds)) s, findings in \(out)")
        var mutator = Mutator(random: SeededGenerator(seed: seed), corpus: corpus)
        var executed = 0, replayed = 0, refused = 0, slowest = 0.0
        let start = monotonicNanos()
        while executed < iterations, Double(monotonicNanos() - start) / 1e9 < seconds {
            let input = mutator.next()
            Current.set(input)
            let began = monotonicNanos()
            Current.started.store(began, ordering: .sequentiallyConsistent)
            let result = checkNow(input, folder: scratch)
            Current.started.store(0, ordering: .sequentiallyConsistent)
            slowest = max(slowest, Double(monotonicNanos() - began) / 1e9)
            executed += 1
            switch result {
            case .success(.replayed): replayed += 1
            case .success(.refused): refused += 1
            case .failure(let failure):
                let path = "\(out)/failure-seed-\(seed)-\(executed).jsonl"
                _ = FileManager.default.createFile(atPath: path, contents: Data(input))
                say("journal-fuzz: FAILURE after \(executed) inputs: \(failure)\n  input saved to \(path)")
                exit(1)
            }
        }
        let elapsed = Double(monotonicNanos() - start) / 1e9
        say("journal-fuzz: OK — \(executed) inputs in \(String(format: "%.0f", elapsed)) s, seed \(seed)")
        say("  replayed \(replayed), refused with located errors \(refused), slowest input \(String(format: "%.3f", slowest)) s")
    }
}
