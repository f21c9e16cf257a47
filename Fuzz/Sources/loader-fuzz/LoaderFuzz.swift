// A seeded, structure-aware fuzzer for the exercise loader.
//
//   loader-fuzz [--seconds N] [--iterations N] [--seed S] [--corpus DIR]... [--out DIR]
//               [--max-len BYTES] [--slow SECONDS]
//   loader-fuzz --replay FILE...
//
// Each input is a corpus file mutated (bytes, lines, YAML tokens, edge values), a document
// written from the format's vocabulary, or a hostile shape (deep nesting, alias ladders,
// long lines, control characters). Every input goes through LoaderCheck: parse, load, plan.
// A broken property, a crash or an input slower than --slow seconds is saved under --out
// and the run exits 1. The same seed replays the same inputs.
import Foundation
import Glibc
import LoaderCheck
import RoundtableKit
import Synchronization

// MARK: Random numbers

/// The planner's seeded generator (SplitMix64): a run is replayed from its seed.
typealias SplitMix64 = SeededGenerator

// MARK: Crash and hang capture

/// The input being checked, kept where a signal handler or the watchdog can write it out.
enum Current {
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    nonisolated(unsafe) static var capacity = 1
    nonisolated(unsafe) static var length = 0
    nonisolated(unsafe) static var crashPath: [CChar] = []
    static let started = Atomic<Int64>(0)  // monotonic ns when the current input started; 0 when idle

    static func set(_ data: [UInt8]) {
        if data.count > capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: data.count)
            let old = buffer
            buffer = bigger
            capacity = data.count
            old.deallocate()
        }
        data.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: data.count) }
        length = data.count
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

func installCrashHandlers() {
    for signalNumber in [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE] {
        signal(signalNumber) { number in
            Current.crashPath.withUnsafeBufferPointer { Current.dump(to: $0.baseAddress!) }
            let message = "\nloader-fuzz: crashed (signal \(number)); the input is saved\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            signal(number, SIG_DFL)
            raise(number)
        }
    }
}

// MARK: Mutations

struct Mutator {
    var random: SplitMix64
    let corpus: [[UInt8]]
    let maxLength: Int

    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }

    static let interestingBytes: [[UInt8]] = [
        [0x00], [0x1B], [0x07], [0x08], [0x7F], [0x0D], [0x09], [0x0A], [0xC2, 0x9B], [0xC2, 0x85], [0xE2, 0x80, 0xAE],
        [0xE2, 0x81, 0xA6], [0xEF, 0xBB, 0xBF], [0xFF], [0xFE], [0xC3], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF0, 0x9F, 0x8E, 0x89], [0xCC, 0x81], Array("\u{1B}]0;x\u{07}".utf8), Array("\u{1B}[2J".utf8),
    ]

    mutating func next() -> [UInt8] {
        var data: [UInt8]
        switch int(0..<10) {
        case 0..<5: data = pick(corpus)
        case 5..<8: data = Array(document().utf8)
        default: data = Array(hostile().utf8)
        }
        let rounds = int(0..<5)
        for _ in 0..<rounds { mutate(&data) }
        if data.count > maxLength { data.removeLast(data.count - maxLength) }
        return data
    }

    mutating func mutate(_ data: inout [UInt8]) {
        let position = data.isEmpty ? 0 : int(0..<(data.count + 1))
        switch int(0..<14) {
        case 0 where !data.isEmpty:  // flip a bit
            let index = int(0..<data.count)
            data[index] ^= UInt8(1 << int(0..<8))
        case 1 where !data.isEmpty:  // any byte
            data[int(0..<data.count)] = UInt8(truncatingIfNeeded: random.next())
        case 2:  // an interesting byte sequence
            data.insert(contentsOf: pick(Self.interestingBytes), at: position)
        case 3 where !data.isEmpty:  // delete a range
            let length = min(data.count - min(position, data.count - 1), int(1..<32))
            let start = min(position, data.count - 1)
            data.removeSubrange(start..<min(data.count, start + length))
        case 4 where !data.isEmpty:  // duplicate a range
            let start = int(0..<data.count)
            let end = min(data.count, start + int(1..<256))
            data.insert(contentsOf: data[start..<end], at: position)
        case 5:  // truncate
            data.removeLast(data.count - min(data.count, position))
        case 6:  // splice with another corpus file
            let other = pick(corpus)
            if !other.isEmpty {
                let cut = int(0..<other.count)
                data = Array(data.prefix(position)) + other[cut...]
            }
        case 7:  // a YAML token
            data.insert(contentsOf: Array(pick(Vocabulary.tokens).utf8), at: position)
        case 8, 9:  // line-level edits
            mutateLines(&data)
        case 10:  // an edge value after a key
            let line = "\n" + String(repeating: " ", count: pick([0, 2, 4, 6])) + pick(Vocabulary.stepKeys + Vocabulary.topKeys)
                + ": " + pick(Vocabulary.values) + "\n"
            data.insert(contentsOf: Array(line.utf8), at: position)
        case 11:  // replace a value on some line with an edge value
            replaceValue(&data)
        case 12:  // a long line
            let long = "\ntitle: " + String(repeating: pick(["x", "é", "🎉", "{{speaker}}", "\\e"]), count: int(1..<20_000)) + "\n"
            data.insert(contentsOf: Array(long.utf8), at: position)
        default:  // indentation shift of the line at the position
            var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            guard !lines.isEmpty else { return }
            let index = int(0..<lines.count)
            if chance(0.5) { lines[index].insert(contentsOf: Array(repeating: 0x20, count: int(1..<4)), at: 0) } else {
                while lines[index].first == 0x20 && chance(0.7) { lines[index].removeFirst() }
            }
            data = Array(lines.joined(separator: [0x0A]))
        }
    }

    mutating func mutateLines(_ data: inout [UInt8]) {
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        guard lines.count > 1 else { return }
        let a = int(0..<lines.count), b = int(0..<lines.count)
        switch int(0..<4) {
        case 0: lines.insert(lines[a], at: b)
        case 1: lines.remove(at: a)
        case 2: lines.swapAt(a, b)
        default: lines.insert(contentsOf: Array(repeating: lines[a], count: int(2..<50)), at: b)
        }
        data = Array(lines.joined(separator: [0x0A]))
    }

    mutating func replaceValue(_ data: inout [UInt8]) {
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let candidates = lines.indices.filter { lines[$0].contains(UInt8(ascii: ":")) }
        guard !candidates.isEmpty else { return }
        let index = pick(candidates)
        let colon = lines[index].firstIndex(of: UInt8(ascii: ":"))!
        lines[index] = Array(lines[index][...colon]) + Array((" " + pick(Vocabulary.values)).utf8)
        data = Array(lines.joined(separator: [0x0A]))
    }

    // MARK: Documents from the vocabulary

    mutating func document() -> String {
        if chance(0.2) { return agenda() }
        var text = ""
        if chance(0.95) { text += "id: \(pick(["fuzz", "fuzz-exercise", "Fuzz", "a--b", "x", "\"\\e[2J\""]))\n" }
        if chance(0.95) { text += "title: \(pick(["Fuzz", "\"\\e]0;title\\a\"", "\"{{facilitator}}\"", "T"]))\n" }
        if chance(0.3) { text += "summary: \(pick(Vocabulary.values))\n" }
        if chance(0.3) { text += "tags: [\(pick(Vocabulary.values)), b]\n" }
        if chance(0.5) {
            text += "participants: " + pick(["{ min: 2, max: 12 }", "4", "{ min: 5, max: 2 }", "0", "{ min: 1 }",
                                             "{ max: 1000 }", "{ max: 1001 }", pick(Vocabulary.values)]) + "\n"
        }
        if chance(0.7) {
            text += "roles:\n"
            for name in ["facilitator", "scribe", "timekeeper", "decider", "speaker", "Role X"].shuffled(using: &random).prefix(int(1..<4)) {
                text += "  \(name): \(pick(Vocabulary.rotations))\n"
            }
        }
        if chance(0.3) { text += "params:\n  proposal: \(pick(Vocabulary.values))\n  topic: { default: \(pick(Vocabulary.values)) }\n" }
        if chance(0.1) { text += "\(pick(["stpes", "step", "agenda", "timebox"])): \(pick(Vocabulary.values))\n" }
        text += "steps:\n"
        for number in 1...int(1..<8) {
            if chance(0.6) {
                // A documented example, renamed so ids stay unique, perhaps with an edge value.
                var example = pick(Vocabulary.handlerExamples)
                example = example.replacingOccurrences(of: "- id: ", with: "- id: s\(number)-")
                example = example.replacingOccurrences(of: "input: earlier", with: "input: \(pick(["s1-ideas", "s1-check-in", "earlier", "s\(number)"]))")
                text += example.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
                if chance(0.4) { text += "    \(pick(Vocabulary.stepKeys)): \(pick(Vocabulary.values))\n" }
            } else {
                text += "  - id: s\(number)\n    handler: \(pick(Vocabulary.handlerNames))\n    duration: \(pick(Vocabulary.values))\n"
                for key in Vocabulary.stepKeys.shuffled(using: &random).prefix(int(0..<5)) {
                    text += "    \(key): \(pick(Vocabulary.values))\n"
                }
                if chance(0.3) { text += "    timer: { warn_at: [\(pick(Vocabulary.values))], on_zero: \(pick(Vocabulary.values)) }\n" }
                if chance(0.4) {
                    text += "    config:\n"
                    for key in Vocabulary.configKeys.shuffled(using: &random).prefix(int(1..<4)) {
                        text += "      \(key): \(pick(Vocabulary.values))\n"
                    }
                }
            }
        }
        return text
    }

    mutating func agenda() -> String {
        var text = "title: Fuzz agenda\n"
        if chance(0.5) { text += "timebox: \(pick(Vocabulary.values))\n" }
        if chance(0.6) {
            text += "participants: " + pick(["[Ana, Ben, Chen]", "[Ana, ana]", "[{ name: Ana, team: web }, Ben]",
                                             "[\"\\e[2JAna\"]", "[\"A,B\"]", "[\"\"]", "[{ team: web }]", pick(Vocabulary.values)]) + "\n"
        }
        text += "agenda:\n"
        for _ in 0..<int(1..<6) {
            switch int(0..<4) {
            case 0: text += "  - break: \(pick(Vocabulary.values))\n    title: Coffee\n"
            case 1: text += "  - exercise: \(pick(["check-in-round", "../secret", "/etc/passwd", "./x.yaml", "..", pick(Vocabulary.values)]))\n"
            case 2: text += "  - exercise: fist-to-five\n    with: { \(pick(["proposal", "nope"])): \(pick(Vocabulary.values)) }\n"
            default: text += "  - \(pick(Vocabulary.values))\n"
            }
        }
        return text
    }

    // MARK: Hostile shapes

    mutating func hostile() -> String {
        switch int(0..<9) {
        case 0:  // flow nesting around the limit
            let depth = pick([30, 31, 32, 33, 63, 64, 65, 200])
            return "id: x\ntitle: " + String(repeating: pick(["[", "{a: ", "!t [", "&x ["]), count: depth) + "\n"
        case 1:  // block nesting around the limit
            let depth = pick([30, 31, 32, 33, 34, 100, 999, 1001])
            return (0..<depth).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " end\n"
        case 2:  // list items on one line
            return "steps: " + String(repeating: "- ", count: pick([63, 64, 65, 66, 1000])) + "x\n"
        case 3:  // an alias ladder used as values, up to and over the alias limit
            let width = int(2..<10), levels = int(1..<9)
            var text = "a0: &a0 [" + Array(repeating: "lol", count: width).joined(separator: ", ") + "]\n"
            for level in 1...levels {
                text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: width).joined(separator: ", ") + "]\n"
            }
            return text
        case 4:  // alias ladders used as keys, in every way a key can be written
            let width = int(2..<4), levels = int(1..<21)
            var text = "n0: &n0 [lol, lol, lol, lol, lol, lol, lol, lol]\n"
            for level in 1...levels {
                text += "n\(level): &n\(level) [" + Array(repeating: "*n\(level - 1)", count: width).joined(separator: ", ") + "]\n"
            }
            let top = "*n\(levels)"
            return text + pick(["? \(top)\n: boom\n", "\(top) : boom\n", "\(top): boom\n", "[\(top)]: boom\n",
                                "{ k: \(top) }: boom\n", "x: { \(top): boom }\n", "?\n  \(top)\n: boom\n",
                                "x: [\(top): boom]\n"])
        case 5:  // anchors and aliases in odd places
            return pick([
                "id: &i x\ntitle: *i\nsteps: *i\n", "*undefined\n", "&a a: *a\n", "a: &a\n  b: *a\n", "<<: *a\n",
                "a: &a { b: 1 }\nc:\n  <<: *a\n  <<: *a\n", "steps:\n  - &s { id: a, handler: round, duration: 1m }\n  - *s\n",
                "id: x\ntitle: y\nsteps: [&s { id: a, handler: timebox, duration: 1m }, *s, *s]\n",
            ])
        case 6:  // many documents and directives
            return pick(["---\nid: a\n---\nid: b\n", "%YAML 1.1\n---\nid: x\n...\n", "%YAML 2.0\n---\n", "--- !!map\n", "...\n",
                         "%TAG !e! tag:example.com,2000:\n---\n!e!x y: z\n"])
        case 7:  // control characters and escapes in every text field
            let escape = pick(["\\e]0;pwned\\a", "\\e]52;c;ZWNobyBwd25lZA==\\a", "\\e[2J\\e[H", "\\u009b2J", "\\x1b[31m",
                               "\\u202e", "\\u0007", "\\0", "\\x7f", "\\e[6n"])
            return """
                id: hostile
                title: "T\(escape)"
                summary: "S\(escape)"
                roles:
                  facilitator: per-exercise
                steps:
                  - id: a
                    title: "A\(escape)"
                    handler: timebox
                    duration: 1m
                    instructions: "I\(escape) {{facilitator}}"
                    prompt: "P\(escape)"
                    config: { kind: "\(escape)" }
                  - id: b
                    handler: "\(escape)"
                    duration: "\(escape)"
                    input: "\(escape)"

                """
        default:  // a very long scalar or many keys
            return chance(0.5)
                ? "id: x\ntitle: \"" + String(repeating: "\\e", count: int(1..<50_000)) + "\"\n"
                : (0..<int(1..<5_000)).map { "k\($0): v" }.joined(separator: "\n") + "\n"
        }
    }
}

// MARK: Main

/// Prints a line and flushes it, so progress reaches a log file as it happens.
func print(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

@main
struct LoaderFuzz {
    static func main() {
        var seconds = 60.0, iterations = Int.max, seed = UInt64(UInt32.random(in: 1...UInt32.max))
        var corpusFolders: [String] = [], out = "Fuzz/.work/findings", maxLength = 65_536, slow = 10.0
        var replay: [String] = []
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--seconds": seconds = Double(arguments.popFirst() ?? "") ?? seconds
            case "--iterations": iterations = Int(arguments.popFirst() ?? "") ?? iterations
            case "--seed": seed = UInt64(arguments.popFirst() ?? "") ?? seed
            case "--corpus": corpusFolders.append(arguments.popFirst() ?? "")
            case "--out": out = arguments.popFirst() ?? out
            case "--max-len": maxLength = Int(arguments.popFirst() ?? "") ?? maxLength
            case "--slow": slow = Double(arguments.popFirst() ?? "") ?? slow
            case "--replay": replay = Array(arguments); arguments = []
            default:
                FileHandle.standardError.write(Data("usage: loader-fuzz [--seconds N] [--iterations N] [--seed S] [--corpus DIR]... [--out DIR] [--max-len N] [--slow S] | --replay FILE...\n".utf8))
                exit(64)
            }
        }
        if !replay.isEmpty { exit(replayFiles(replay)) }
        if corpusFolders.isEmpty { corpusFolders = ["Fuzz/corpus"] }
        let corpus = corpusFolders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().compactMap {
                FileManager.default.contents(atPath: folder + "/" + $0).map { Array($0) }
            }
        }
        guard !corpus.isEmpty else {
            FileHandle.standardError.write(Data("loader-fuzz: no corpus files in \(corpusFolders)\n".utf8))
            exit(66)
        }
        try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        Current.crashPath = Array("\(out)/crash-seed-\(seed).yaml".utf8CString)
        installCrashHandlers()
        startWatchdog(limit: slow, path: "\(out)/slow-seed-\(seed).yaml")

        print("loader-fuzz: seed \(seed), \(corpus.count) corpus files, \(Int(seconds)) s, findings in \(out)")
        var mutator = Mutator(random: SplitMix64(seed: seed), corpus: corpus, maxLength: maxLength)
        var notes = LoaderCheck.Notes()
        var executed = 0, accepted = 0, planned = 0, refused = 0, slowest = 0.0
        var slowestInput: [UInt8] = []
        let start = monotonicNanos()
        var lastReport = start
        while executed < iterations {
            let now = monotonicNanos()
            if Double(now - start) / 1e9 >= seconds { break }
            if now - lastReport > 10_000_000_000 {
                lastReport = now
                print("  \(executed) inputs, \(Int(Double(executed) / (Double(now - start) / 1e9)))/s, accepted \(accepted) (planned \(planned)), refused \(refused)")
            }
            let input = mutator.next()
            Current.set(input)
            let began = monotonicNanos()
            Current.started.store(began, ordering: .sequentiallyConsistent)
            let outcome: LoaderCheck.Outcome
            do {
                outcome = try LoaderCheck.check(Data(input), notes: &notes)
            } catch {
                Current.started.store(0, ordering: .sequentiallyConsistent)
                let path = "\(out)/failure-seed-\(seed)-\(executed).yaml"
                _ = FileManager.default.createFile(atPath: path, contents: Data(input))
                print("loader-fuzz: FAILURE after \(executed) inputs: \(error)\n  input saved to \(path)")
                exit(1)
            }
            Current.started.store(0, ordering: .sequentiallyConsistent)
            let took = Double(monotonicNanos() - began) / 1e9
            if took > slowest { slowest = took; slowestInput = input }
            executed += 1
            switch outcome {
            case .accepted(let wasPlanned): accepted += 1; if wasPlanned { planned += 1 }
            case .refused: refused += 1
            }
        }
        let elapsed = Double(monotonicNanos() - start) / 1e9
        print("loader-fuzz: OK — \(executed) inputs in \(String(format: "%.0f", elapsed)) s (\(Int(Double(executed) / elapsed))/s), seed \(seed)")
        print("  accepted \(accepted) (planned \(planned)), refused with located errors \(refused), slowest input \(String(format: "%.3f", slowest)) s")
        if slowest > 1 {
            // Not a failure under --slow, but worth a look: keep it.
            let path = "\(out)/slowest-seed-\(seed).yaml"
            _ = FileManager.default.createFile(atPath: path, contents: Data(slowestInput))
            print("  the slowest input (\(slowestInput.count) bytes) is saved to \(path)")
        }
        if notes.rawControlInMessage > 0 {
            print("  note: \(notes.rawControlInMessage) diagnostics quote raw control characters (the CLI neutralizes them when printing), e.g. \(notes.example ?? "")")
        }
    }

    /// Any input slower than `limit` seconds is saved and the run stops: a hang is a finding.
    static func startWatchdog(limit: Double, path: String) {
        let thread = Thread {
            while true {
                sleep(1)
                let started = Current.started.load(ordering: .sequentiallyConsistent)
                if started != 0 && Double(monotonicNanos() - started) / 1e9 > limit {
                    path.withCString { Current.dump(to: $0) }
                    let message = "loader-fuzz: FAILURE: one input ran over \(limit) s; saved to \(path)\n"
                    FileHandle.standardError.write(Data(message.utf8))
                    _exit(3)
                }
            }
        }
        thread.start()
    }

    static func replayFiles(_ files: [String]) -> Int32 {
        var status: Int32 = 0
        var notes = LoaderCheck.Notes()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { print("\(file): cannot read"); status = 66; continue }
            let began = monotonicNanos()
            do {
                let outcome = try LoaderCheck.check(data, notes: &notes)
                print("\(file): \(outcome) in \(String(format: "%.3f", Double(monotonicNanos() - began) / 1e9)) s")
            } catch {
                print("\(file): FAILURE \(error)")
                status = 1
            }
        }
        return status
    }
}
