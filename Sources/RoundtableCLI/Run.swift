import ArgumentParser
import Foundation
import RoundtableJoin
import RoundtableKit

extension RoundtableCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run an exercise or agenda live: timers, rotating roles, and a line to type into.",
            discussion: """
                On a terminal the screen shows a pinned header with the countdown and who holds \
                which role; type lines for the current step, and slash commands to steer \
                (/next /back /pause /resume /extend /skip /quit /help). With --input, lines come \
                from a file as typed; when it ends, the remaining steps run on their timers so a \
                scripted run always finishes. Every line is journaled under the sessions folder \
                before it is used: `roundtable resume` continues an interrupted session. A \
                Markdown report is written at the end and its path printed, also when the \
                session is ended by Ctrl-C or SIGTERM (exit status 130 or 143).

                A script is what the room would type, in order: each line goes to what the step \
                waits for (an unsigned answer to the first person still awaited, "Ben: …" to \
                Ben), and /next moves on one turn, phase or round at a time (a step of three \
                turns takes three). `roundtable handlers NAME` says what each handler takes. \
                Lines left when the session has ended are not used.

                With --speed other than 1 or with --input the session is a rehearsal: the \
                team's history, fair rotation and commitments leave it out (pass --record to \
                count it). A session has one writer at a time: a second run or resume of it \
                is refused while the first lives.
                """)

        @Argument(help: ArgumentHelp("An exercise or agenda: a file path, or an id from `roundtable list`.", valueName: "exercise-or-agenda"))
        var name: String

        @OptionGroup var people: PeopleOptions
        @OptionGroup var library: LibraryOptions
        @OptionGroup var session: SessionOptions

        @Flag(help: "Count this session in the team's history, fair rotation and commitments even with --speed or --input.")
        var record = false

        func validate() throws { try session.check() }

        /// A sped-up or scripted run is a rehearsal unless told otherwise.
        var isRehearsal: Bool { !record && (session.speed.map { $0 != 1 } ?? false || session.input != nil) }

        func run() async throws {
            try await reportingFailures(noColor: session.noColor) {
                let registry = try RoundtableCommand.registry()
                let library = try library.library(registry: registry)
                let document = try library.document(named: name)
                Console(noColor: session.noColor).report(library.overrideNotes(for: document))
                let participants = try people.people(for: document, loader: library.loader)
                let store = try SessionsHome.store(option: session.sessionsOption.sessionsDir)
                var header = SessionHeader(
                    id: "", title: document.title, name: name,
                    document: SessionStore.absolute(document.location.file),
                    library: library.roots.map(SessionStore.absolute), participants: participants, seed: people.seed,
                    params: people.paramValues, speed: session.speed ?? 1, started: ISO8601DateFormatter().string(from: Date()),
                    fingerprint: "", team: people.team.map(SessionStore.absolute), rehearsal: isRehearsal)
                // The team's memory: who led what before (fair rotation), and what is still promised.
                let history = store.history(team: header.teamKey)
                let carried = store.ledger.open(team: header.teamKey)
                let plan = try Planner(registry: registry).plan(document, participants: participants, seed: people.seed, params: people.paramValues,
                                              history: history)
                header.fingerprint = plan.fingerprint
                header.history = history
                header.carried = carried
                try SessionRunner.checkWritable(session.report ?? store.reportPath("new"))
                let sources: SessionSources
                do {
                    sources = try SessionSources.capture(document, embedded: RoundtableCommand.libraryFiles)
                } catch {
                    throw CLIError(message: "cannot copy the session's files: \(error)", hint: "check that they are readable", code: 66)
                }
                let (created, writing) = try store.create(header, for: document, sources: sources)
                try await SessionRunner.run(plan: plan, registry: registry, options: session, writing: writing,
                                            journal: [], reportPath: session.report ?? store.reportPath(created.id),
                                            header: created, store: store)
            }
        }
    }
}

/// Options shared by `run` and `resume`.
struct SessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A script instead of the keyboard: its lines ('-': standard input, read to its end) are typed when the session starts; a FIFO streams lines as they come.",
        valueName: "file"))
    var input: String?

    @Option(help: ArgumentHelp(
        "Run the clock this many times faster, for rehearsals and demos (run: 1; resume: the session's own speed).",
        valueName: "factor"))
    var speed: Double?

    @Option(help: ArgumentHelp("Write the Markdown report here (default: <session>.md in reports/ beside the sessions folder).", valueName: "path"))
    var report: String?

    @OptionGroup var sessionsOption: SessionsDirOption

    @Flag(help: "Do not use colours (also: the NO_COLOR environment variable).")
    var noColor = false

    @Flag(help: "Let participants join from their phones and laptops: serve a page on this computer (127.0.0.1 unless --bind).")
    var join = false

    @Option(help: ArgumentHelp("With --join: listen on the local network ('lan': the address found on this computer) or on this IPv4 address.",
                               valueName: "lan|address"))
    var bind: String?

    @Option(help: ArgumentHelp("With --join: the port to listen on (default: the session's earlier port, else any free one).", valueName: "port"))
    var joinPort: Int?

    /// Where the join server listens, when it runs (`--bind` implies `--join`).
    var joinBind: JoinServer.Bind? {
        guard join || bind != nil else { return nil }
        switch bind?.lowercased() {
        case nil, "loopback", "127.0.0.1": return .loopback
        case "lan": return .lan
        default: return .address(bind!)
        }
    }

    func check() throws {
        if let bind, !["lan", "loopback"].contains(bind.lowercased()),
           bind.split(separator: ".").count != 4 || !bind.split(separator: ".").allSatisfy({ UInt8($0) != nil }) {
            throw ValidationError("--bind takes 'lan' or an IPv4 address such as 192.168.1.20")
        }
        if let joinPort, !(0...65_535).contains(joinPort) {
            throw ValidationError("--join-port must be a port number from 0 to 65535")
        }
        if let speed, !(speed.isFinite && SessionHeader.speeds.contains(speed)) {
            throw ValidationError("--speed must be a number from 0.1 to 10000, e.g. 60 for a minute per second (got \(speed))")
        }
        if let report { try SessionRunner.checkReportTarget(report) }
        if let input, input != "-" {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw ValidationError("--input: no such file '\(input.neutralized())'")
            }
            // A file that cannot be read would look like input that ended at once: the
            // whole session would then run by itself on its timers.
            guard !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: input) else {
                throw ValidationError("--input: '\(input.neutralized())' is \(isDirectory.boolValue ? "a folder" : "not readable"); give a file of typed lines, or '-' for standard input")
            }
        }
    }
}

/// Runs a planned session on this terminal (or on plain lines) and writes its report.
enum SessionRunner {
    /// Runs the session (after replaying `journal`), then records its commitments and
    /// writes its report.
    ///
    /// SIGINT and SIGTERM stop it as `/quit` does, in every mode; the report is still
    /// written and the exit status is then 128 plus the signal's number.
    static func run(
        plan: Plan, registry: HandlerRegistry, options: SessionOptions, writing: SessionStore.Writing,
        journal: [JournalRecord], reportPath: String, header: SessionHeader, store: SessionStore, interruption: Duration? = nil
    ) async throws {
        let sessionID = header.id.neutralized()
        let console = Console(noColor: options.noColor)
        let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        let keyboard = options.input == nil && isatty(STDIN_FILENO) == 1
        var display: any RunDisplay
        var source: any RunInput
        var live: LiveDisplay?
        if stdoutIsTerminal {
            let screen = LiveDisplay(color: console.useColor, readKeys: keyboard)
            live = screen
            display = screen
        } else {
            display = PlainDisplay()
        }
        // A file given with --input is read now, as a script typed when the session starts.
        let screenDisplay = display
        let script: ScriptFile.Script?
        do {
            script = keyboard ? nil : try ScriptFile.input(options.input ?? "-", notice: { screenDisplay.show(.notice($0)) })
        } catch {
            throw ValidationError(error.description)
        }
        if let script {
            source = script.input
        } else if let live {
            source = live
        } else {
            source = FileInput(path: "-", notice: { screenDisplay.show(.notice($0)) })
        }
        // Devices join through a server that watches the display and feeds the runner.
        var joinServer: JoinServer?
        if let bind = options.joinBind {
            let folder = URL(fileURLWithPath: store.journalPath(header.id)).deletingLastPathComponent().path
            let room = JoinRoom(plan: plan, folder: folder, journal: journal)
            do {
                joinServer = try await JoinServer.start(room: room, bind: bind, port: options.joinPort ?? 0)
            } catch {
                throw CLIError(message: "--join: \(error)", hint: "try another --join-port, or --bind with an address of this computer", code: 69)
            }
            console.out(joinServer!.banner(color: !options.noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil))
            source = JoinInput(base: source, room: room, display: display)
            display = JoinDisplay(base: display, room: room)
        }
        let input = StoppableInput(source)
        let runner = Runner(plan: plan, registry: registry, clock: ContinuousClock(), display: display, input: input,
                            speed: options.speed ?? 1, recorder: writing.writer, carried: header.carried ?? [])
        let signals = StopSignals()
        defer { signals.cancel() }
        live?.start()
        for notice in script?.notices ?? [] { display.show(.notice(notice)) }
        if let joinServer {
            joinServer.room.connect(to: runner)
            // The projector keeps the address and its QR code in sight until everyone has joined.
            let screen = display
            let everyone = joinServer.room.names.count
            screen.show(.panel(joinServer.room.claimed.count < everyone ? joinServer.panel(joined: joinServer.room.claimed) : []))
            joinServer.room.whenJoined { joined in
                screen.show(.panel(joined.count < everyone ? joinServer.panel(joined: joined) : []))
            }
            display.show(.notice("Devices join at \(joinServer.address)"))
        }
        let session = Task { await runner.run(resuming: journal, interruption: interruption) }
        // The first signal types /quit; if typed input has already ended, or at the second
        // signal, the runner is stopped where it is.
        signals.onStop { _, count in
            if count >= 2 || !input.stop() { session.cancel() }
        }
        let result = await session.value
        await joinServer?.stop()
        live?.stop()
        if signals.received != nil && !writing.writer.hasRecordedFinish {
            writing.writer.record(.finished(completed: false, at: result.elapsed))
        }

        // New action items become the team's commitments; reviewed ones get their status.
        // A rehearsal promises nothing.
        if !header.isRehearsal {
            do {
                try store.ledger.record(result, session: header.id, team: header.teamKey, known: header.carried ?? [],
                                        carryovers: registry.carryovers)
            } catch {
                console.err("warning: could not update the team's commitments in \(store.ledger.path.neutralized()): \(String(describing: error).neutralized())")
            }
        }

        do {
            try writeRegularFile(MarkdownReport.render(result), to: reportPath)
        } catch {
            let reason = (error as? CLIError)?.message ?? error.localizedDescription
            throw CLIError(message: "cannot write the report to \(reportPath): \(reason)",
                           hint: "the session is safe in its journal; run `roundtable report \(sessionID)`", code: 73)
        }
        console.out(summary(result))
        if !result.completed {
            console.out("Session \(sessionID) can be resumed: roundtable resume \(sessionID)")
        }
        console.out("Report: \(reportPath)")
        writing.lock.release()
        if let signal = signals.received { throw ExitCode(128 + signal) }
    }

    static func summary(_ result: RunResult) -> String {
        var counts: [Artifact.Kind: Int] = [:]
        // Refused lines are kept for the report, not produced: they are counted apart.
        let refused = result.allArtifacts.filter { $0.category == "rejected" }.count
        for artifact in result.allArtifacts where artifact.category != "rejected" { counts[artifact.kind, default: 0] += 1 }
        var produced = Artifact.Kind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)\($0 == 1 ? "" : "s")" } }
        if refused > 0 { produced.append("\(refused) refused \(refused == 1 ? "line" : "lines")") }
        let done = result.timings.filter { $0.ended != nil }.count
        var text = result.completed ? "Finished" : "Stopped"
        text += " \(result.plan.title.neutralized()) after \(DurationText.clock(result.elapsed)) (planned \(DurationText.clock(result.plan.duration)))"
        text += ": \(done)/\(result.plan.steps.count) steps"
        if !produced.isEmpty { text += "; " + produced.joined(separator: ", ") }
        return text + "."
    }

    /// Refuses a report path that names something other than a regular file: writing a
    /// report "atomically" onto a device would replace the device.
    static func checkReportTarget(_ path: String) throws {
        let kind = FileKind(path: path)
        guard kind == .regular || kind == .missing else {
            throw ValidationError("--report: '\(path.neutralized())' is \(kind.phrase); reports are written only to regular files "
                                  + "(use `roundtable report SESSION` to print one)")
        }
    }

    /// Writes a report to a regular file (or a new one), replacing it whole.
    static func writeRegularFile(_ text: String, to path: String) throws {
        // A link to a report is followed: the file it names is replaced, not the link.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let kind = FileKind(path: target)
        guard kind == .regular || kind == .missing else {
            throw CLIError(message: "\(path) is \(kind.phrase), not a regular file", hint: nil)
        }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: target).deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(toFile: target, atomically: true, encoding: .utf8)
    }

    /// Fails before the session starts if the report could not be written at the end.
    static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var existing = folder
        while !FileManager.default.fileExists(atPath: existing.path) && existing.path != "/" {
            existing = existing.deletingLastPathComponent()
        }
        guard FileManager.default.isWritableFile(atPath: existing.path) else {
            throw CLIError(message: "cannot write the report under \(existing.path)", hint: "pass --report with a writable path", code: 73)
        }
    }
}
