import Foundation
import Testing

/// The built binary, fed hostile files and hostile typed lines, never writes ESC, BEL or an
/// 8-bit CSI (U+009B, UTF-8 C2 9B) to standard output or standard error: the plain display
/// (output is a pipe here), diagnostics, `show`, `list` and the report all neutralize.
@Suite(.timeLimit(.minutes(2)))
struct HardeningCLITests {
    static let yamlPayloads = [
        "\\e]0;pwned\\a", "\\e]52;c;ZWNobyBwd25lZA==\\a", "\\e[2J\\e[H", "\\u009b31m", "\\u202eevil\\u202c", "\\e[6n",
    ]
    static let typedPayloads = [
        "\u{1B}]0;pwned\u{07}", "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}", "\u{1B}[2J\u{1B}[H", "\u{9B}31m", "\u{202E}evil\u{202C}",
        "\u{1B}[6n",
    ]
    static let all = yamlPayloads.joined(separator: " ")

    static let exercise = """
        id: hostile-cli
        title: "Title \(all)"
        summary: "Summary \(all)"
        tags: ["tag \(all)"]
        source: "Source \(all)"
        participants: { min: 2, max: 12 }
        roles:
          facilitator: per-exercise
          scribe: per-step
        params:
          topic: { default: "Topic \(all)" }
        steps:
          - id: arrive
            title: "Arrive \(all)"
            handler: round
            each: participant
            duration: 30s
            instructions: "{{facilitator}} opens \(all) on {{topic}}"
            prompt: "{{speaker}}, \(all)?"
            config: { question: "How do you arrive? \(all)" }
          - id: ideas
            title: "Ideas \(all)"
            handler: brainstorm
            duration: 2m
            prompt: "Ideas \(all)"
          - id: talk
            title: "Talk \(all)"
            handler: timebox
            duration: 2m
            instructions: "{{scribe}} notes \(all)"

        """

    /// An invalid file whose errors quote hostile text (keys, handler, duration, input).
    static let invalid = """
        id: "bad \(all)"
        title: T
        "key \(all)": 1
        steps:
          - id: a
            handler: "h \(all)"
            duration: "d \(all)"
            input: "i \(all)"
            timer: { on_zero: "z \(all)" }
            prompt: "{{p \(all)}}"

        """

    static var typedScript: String {
        var lines: [String] = []
        for _ in 0..<3 { lines += ["answer \(typedPayloads.joined(separator: " "))", "/next"] }
        for typed in typedPayloads { lines += ["idea \(typed)", "/\(typed)", "/extend \(typed)"] }
        lines += ["/next"]
        for typed in typedPayloads { lines += ["note \(typed)"] }
        lines += ["/next"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Fails with the offending bytes and where they are.
    static func expectClean(_ text: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        var found: [String] = []
        for (index, byte) in bytes.enumerated() {
            if byte == 0x1B || byte == 0x07 { found.append("0x\(String(byte, radix: 16)) at \(index)") }
            if byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0x9B { found.append("C2 9B at \(index)") }
            if byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80 && (0xAA...0xAE).contains(bytes[index + 2]) {
                found.append("bidi override at \(index)")
            }
        }
        let context = found.isEmpty ? "" : String(decoding: bytes[max(0, (Int(found[0].split(separator: " ").last!) ?? 0) - 60)...]
            .prefix(120), as: UTF8.self).debugDescription
        #expect(found.isEmpty, "\(what): \(found.prefix(5)) near \(context)", sourceLocation: sourceLocation)
    }

    func scratch() throws -> URL {
        let folder = try Binary.scratch()
        try folder.write("library/hostile-cli.yaml", Self.exercise)
        return folder
    }

    @Test func validateOfAHostileValidFileIsClean() throws {
        let folder = try scratch()
        let output = try Binary.run(["validate", "library"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        Self.expectClean(output.stdout, "stdout")
        Self.expectClean(output.stderr, "stderr")
    }

    @Test func validateOfAHostileInvalidFileQuotesNothingRaw() throws {
        let folder = try scratch()
        try folder.write("bad.yaml", Self.invalid)
        let output = try Binary.run(["validate", "bad.yaml"], in: folder)
        #expect(output.status == 65)
        #expect(output.stderr.contains("bad.yaml:"), "\(output.stderr)")
        Self.expectClean(output.stdout, "stdout")
        Self.expectClean(output.stderr, "stderr")
    }

    @Test func aHostileFileNameIsShownNeutralized() throws {
        let folder = try scratch()
        try folder.write("names/x\u{1B}]0;pwned\u{07}.yaml", Self.invalid)
        let output = try Binary.run(["validate", "names"], in: folder)
        #expect(output.status == 65)
        Self.expectClean(output.stdout, "stdout")
        Self.expectClean(output.stderr, "stderr")
    }

    @Test(arguments: ["text", "json"])
    func showOfAHostileFileIsClean(format: String) throws {
        let folder = try scratch()
        let output = try Binary.run(["show", "library/hostile-cli.yaml", "--participants", "Ana,Ben,Chen", "--format", format],
                                    in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Title"))
        Self.expectClean(output.stdout, "stdout (\(format))")
        Self.expectClean(output.stderr, "stderr (\(format))")
    }

    @Test(arguments: ["text", "json"])
    func listOfAHostileLibraryIsClean(format: String) throws {
        let folder = try scratch()
        let output = try Binary.run(["list", "library", "--format", format], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("hostile-cli"))
        Self.expectClean(output.stdout, "stdout (\(format))")
        Self.expectClean(output.stderr, "stderr (\(format))")
    }

    @Test func aRunWithHostileLinesPrintsAndReportsNothingRaw() throws {
        let folder = try scratch()
        let output = try Binary.run(
            ["run", "library/hostile-cli.yaml", "--participants", "Ana,Ben,Chen", "--input", "-", "--speed", "1000",
             "--report", "report.md", "--sessions-dir", "sessions"],
            in: folder, stdin: Self.typedScript)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Report: report.md"), "\(output.stdout)")
        #expect(output.stdout.contains("> idea"), "typed lines are echoed by the plain display")
        Self.expectClean(output.stdout, "stdout")
        Self.expectClean(output.stderr, "stderr")
        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("idea"))
        Self.expectClean(report, "report.md")
        // The session's own report command reads the journal back: clean too.
        let sessions = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("sessions").path)
        #expect(!sessions.isEmpty)
    }

    @Test func aHostileParticipantNameOnTheCommandLineIsRefusedNeutralized() throws {
        let folder = try scratch()
        let output = try Binary.run(["show", "library/hostile-cli.yaml", "--participants", "Ana,Ben\u{1B}]0;pwned\u{07}"],
                                    in: folder)
        #expect(output.status != 0)
        Self.expectClean(output.stdout, "stdout")
        Self.expectClean(output.stderr, "stderr")
    }

    // MARK: Alias expansion through mapping keys

    /// 21 levels of 3 aliases (63 aliases, under the limit of 64; 600 bytes) used as a
    /// mapping key: a duplicate-key check that hashes the key as expanded (as Yams' composer
    /// did) walks 8 × 3^20 values before any value limit runs. Each two more levels cost 9×
    /// the time (16 levels: 40 s; 20 levels: about an hour).
    static var aliasKeyBomb: String {
        var text = "n0: &n0 [lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...20 {
            text += "n\(level): &n\(level) [*n\(level - 1), *n\(level - 1), *n\(level - 1)]\n"
        }
        return text + "? *n20\n: boom\n"
    }

    @Test func anAliasUsedAsAKeyIsRefusedQuickly() throws {
        let folder = try scratch()
        try folder.write("bomb.yaml", Self.aliasKeyBomb)
        let output = try HardeningProcess.run(["validate", "bomb.yaml"], in: folder, timeout: 30)
        #expect(!output.timedOut, "validate did not finish within 30 s")
        #expect(output.status == 65)
    }
}

/// Runs the binary with a deadline, killing it when the deadline passes.
enum HardeningProcess {
    struct Output {
        var status: Int32
        var timedOut: Bool
    }

    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval) throws -> Output {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        return Output(status: process.terminationStatus, timedOut: timedOut)
    }
}
