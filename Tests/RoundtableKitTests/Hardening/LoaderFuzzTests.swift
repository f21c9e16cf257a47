import BuiltInHandlers
import Foundation
import RoundtableKit
import Testing

/// A short, seeded fuzz run inside the suite: every file of the fuzz seed corpus
/// (`Fuzz/corpus`), and mutations of each, go through the loader and the planner. Every
/// input must either load or be refused with diagnostics located in the input; a trap
/// ends the test run, which is a failure too. The long runs live in `Fuzz/` (`loader-fuzz`
/// and the libFuzzer target); this one keeps the property checked on every `swift test`.
@Suite(.timeLimit(.minutes(3)))
struct LoaderFuzzTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")
    static let mutationsPerFile = 40
    static let seed: UInt64 = 0x5EED_2026

    let loader = Loader(registry: BuiltInHandlers.registry())
    let people = ["Ana", "Ben", "Chen", "Dev"].map { Participant($0) }

    /// Pieces of YAML and of hostile text that mutations insert.
    static let tokens: [[UInt8]] = [
        ": ", "- ", "[", "]", "{", "}", ", ", "*a", "&a ", "? ", "| ", "> ", "\t", "\n", "\n  ", "#", "'", "\"", "{{", "}}",
        "!!str ", "<<: ", "---\n", "~", "\u{1B}[2J", "\u{1B}]0;t\u{07}", "\u{9B}", "\u{202E}", "\u{FEFF}", "\\u0007",
        "duration: 0s", "handler: dot-vote", "each: participant", "groups: 3", "input: a", "rounds: 99", "min: 9",
    ].map { Array($0.utf8) } + [[0x00], [0xFF], [0xC3], [0xE2, 0x82], [0x0D]]

    static func mutate(_ input: [UInt8], splicing other: [UInt8], with random: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) {
            let at = random.below(bytes.count + 1)
            switch random.below(7) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] ^= UInt8(truncatingIfNeeded: 1 << random.below(8))
            case 1:
                bytes.insert(contentsOf: tokens[random.below(tokens.count)], at: at)
            case 2:
                bytes.removeSubrange(at..<min(bytes.count, at + random.below(40)))
            case 3:
                // Repeat the line around `at`.
                let start = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                let end = bytes[at...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
                bytes.insert(contentsOf: bytes[start..<end], at: end)
            case 4:
                // Another file's tail after this file's head.
                let cut = random.below(other.count + 1)
                bytes = Array(bytes[..<at]) + other[cut...]
            case 5:
                bytes = Array(bytes[..<at])
            default:
                // Shift a line's indentation.
                let start = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                if random.below(2) == 0 {
                    bytes.insert(contentsOf: Array(repeating: 0x20, count: 1 + random.below(3)), at: start)
                } else if start < bytes.count, bytes[start] == 0x20 {
                    bytes.remove(at: start)
                }
            }
        }
        return bytes
    }

    /// The property: loads (and plans, when small), or is refused with located diagnostics.
    func check(_ bytes: [UInt8], name: String) {
        // Lines as libyaml counts them: LF, CR not before LF, NEL, LS and PS each end one.
        var lines = 1
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A || (byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)) { lines += 1 }
            if byte == 0x85 && index > 0 && bytes[index - 1] == 0xC2 { lines += 1 }
            if (byte == 0xA8 || byte == 0xA9) && index > 1 && bytes[index - 1] == 0x80 && bytes[index - 2] == 0xE2 { lines += 1 }
        }
        do {
            let document = try loader.document(from: try loader.yaml.parse(data: Data(bytes), file: name))
            if case .exercise(let exercise) = document, exercise.steps.count <= 50 {
                _ = try? Planner(registry: BuiltInHandlers.registry()).plan(document, participants: people, seed: 1)
            }
        } catch {
            #expect(!error.diagnostics.isEmpty, "\(name): refused without a diagnostic")
            for diagnostic in error.diagnostics {
                let location = diagnostic.location
                #expect(location?.file == name, "\(name): \(diagnostic.message) is not located in the input")
                #expect((1...lines + 1).contains(location?.line ?? 0), "\(name): line of \(diagnostic.message)")
                #expect((location?.column ?? 0) >= 1, "\(name): column of \(diagnostic.message)")
            }
        }
    }

    @Test func everySeedAndItsMutationsLoadOrAreRefusedWhereTheProblemIs() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 40, "the seed corpus is missing: \(Self.corpus.path)")
        let seeds = try files.map { try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent($0))) }
        var random = SeededGenerator(seed: Self.seed)
        for (index, seed) in seeds.enumerated() {
            check(seed, name: files[index])
            for round in 0..<Self.mutationsPerFile {
                let other = seeds[random.below(seeds.count)]
                check(Self.mutate(seed, splicing: other, with: &random), name: "\(files[index])#\(round)")
            }
        }
    }
}
