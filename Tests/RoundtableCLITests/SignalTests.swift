import Foundation
import Testing

/// Ctrl-C and SIGTERM end a session cleanly in every mode, with its report; a stopped
/// session (Ctrl-Z) gets its terminal back, and after `fg` the session gets its own.
@Suite(.timeLimit(.minutes(3)))
struct SignalTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func aSignalWithPipedOutputStopsTheSessionAndWritesTheReport(signal: Int32) throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", SessionSafetyTests.talk)
        let live = try LiveProcess(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "typed", "--report", "r.md"], in: folder,
                                   typingInto: "typed")
        live.type("an idea before the signal")
        #expect(live.waitFor("> an idea before the signal"), "\(live.text)")
        live.signal(signal)
        let end = live.wait()
        #expect(end?.reason == .exit, "ended by the signal itself: \(live.text)")
        #expect(end?.status == 128 + signal, "\(live.text)")
        #expect(live.text.contains("Stopped Talk"), "\(live.text)")
        #expect(live.text.contains("Report: r.md"))
        let report = try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8)
        #expect(report.contains("an idea before the signal"))
        let listed = try SessionSafetyTests.run(["sessions"], in: folder)
        #expect(listed.output.contains("stopped at step 1"), "\(listed.output)")
    }

    /// Input has ended and the steps run on their timers: there is no line to type /quit
    /// into, and the signal still ends the session with its report.
    @Test func aSignalAfterInputEndedStillWritesTheReport() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", SessionSafetyTests.talk)
        let live = try LiveProcess(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "/dev/null", "--report", "r.md"], in: folder)
        #expect(live.waitFor("Step 1/1: Ideas"), "\(live.text)")
        live.signal(SIGINT)
        let end = live.wait()
        #expect(end?.reason == .exit && end?.status == 130, "\(live.text)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.md").path))
        let listed = try SessionSafetyTests.run(["sessions"], in: folder)
        #expect(listed.output.contains("stopped at step 1"), "\(listed.output)")
        let resumed = try SessionSafetyTests.run(["resume", "--input", "/dev/null", "--speed", "10000"], in: folder)
        #expect(resumed.status == 0, "\(resumed.output)")
    }

    /// A shell puts its own terminal settings back when a job stops; `fg` sends SIGCONT,
    /// and the session must take raw keys (and its screen) back.
    @Test func afterAStopAndContinueTheKeyboardIsRawAgain() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", SessionSafetyTests.talk)
        let live = try LiveProcess(onTerminal: ["run", "talk.yaml", "-p", "Ana,Ben", "--report", "r.md"], in: folder)
        #expect(live.waitUntil { live.terminalIsCooked == false }, "the session took raw keys: \(live.text.suffix(300))")
        #expect(live.waitFor("ROUNDTABLE"))

        live.signal(SIGSTOP)
        #expect(live.waitUntil { live.state == "T" })
        live.cookTerminal()
        #expect(live.terminalIsCooked == true)
        let before = live.text.count
        live.signal(SIGCONT)
        #expect(live.waitUntil(timeout: 30) { live.terminalIsCooked == false }, "raw keys again after SIGCONT; state \(String(describing: live.state)) \(live.text.dropFirst(before).debugDescription.prefix(400))")
        // The whole screen is drawn again: cleared, then every line from the top.
        #expect(live.waitUntil { live.text.dropFirst(before).contains("\u{1B}[H\u{1B}[2J") }, "the screen is drawn again")

        live.type("typed after fg")
        live.press([0x03])  // Ctrl-C as a key: /quit
        let end = live.wait()
        #expect(end?.reason == .exit && end?.status == 0, "\(live.text.suffix(300))")
        #expect(live.terminalIsCooked == true, "the terminal is given back at the end")
        #expect(try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8).contains("typed after fg"))
    }

    /// Raw keys read Ctrl-Z as a byte: the session gives the terminal back and stops as a
    /// shell job does (unless nobody could continue it: then it goes on at once).
    @Test func ctrlZGivesTheTerminalBackAndTheSessionTakesItAgain() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", SessionSafetyTests.talk)
        let live = try LiveProcess(onTerminal: ["run", "talk.yaml", "-p", "Ana,Ben", "--report", "r.md"], in: folder)
        #expect(live.waitUntil { live.terminalIsCooked == false })
        #expect(live.waitFor("ROUNDTABLE"))
        let before = live.text.count
        live.press([0x1A])
        #expect(live.waitUntil { live.text.dropFirst(before).contains("\u{1B}[?1049l") }, "the normal screen is back")
        _ = live.waitUntil(timeout: 2) { live.state == "T" }
        if live.state == "T" {
            #expect(live.terminalIsCooked == true, "a stopped session leaves the keyboard cooked")
            live.signal(SIGCONT)
        }
        #expect(live.waitUntil(timeout: 30) { live.terminalIsCooked == false }, "raw keys again")
        live.type("typed after fg")
        #expect(live.waitFor("typed after fg"))
        live.press([0x03])
        #expect(live.wait()?.status == 0, "\(live.text.suffix(300))")
        #expect(try String(contentsOf: folder.appendingPathComponent("r.md"), encoding: .utf8).contains("typed after fg"))
    }

    @Test func aTerminateSignalToAKeyboardSessionRestoresTheTerminal() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", SessionSafetyTests.talk)
        let live = try LiveProcess(onTerminal: ["run", "talk.yaml", "-p", "Ana,Ben", "--report", "r.md"], in: folder)
        #expect(live.waitUntil { live.terminalIsCooked == false })
        #expect(live.waitFor("ROUNDTABLE"))
        live.signal(SIGTERM)
        let end = live.wait()
        #expect(end?.reason == .exit && end?.status == 143, "\(live.text.suffix(300))")
        #expect(live.terminalIsCooked == true)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r.md").path))
    }
}
