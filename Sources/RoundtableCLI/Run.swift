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
                Markdown report is written at the end and its path printed.
                """)

        @Argument(help: ArgumentHelp("An exercise or agenda: a file path, or an id from `roundtable list`.", valueName: "exercise-or-agenda"))
        var name: String

        @OptionGroup var people: PeopleOptions
        @OptionGroup var library: LibraryOptions
        @OptionGroup var session: SessionOptions

        func validate() throws { try session.check() }

        func run() async throws {
            try await reportingFailures(noColor: session.noColor) {
                let registry = try RoundtableCommand.registry()
                let library = try library.library(registry: registry)
                let document = try library.document(named: name)
                Console(noColor: session.noColor).report(library.overrideNotes(for: document))
                let participants = try people.people(for: document, loader: library.loader)
                let store = try SessionsHome.store(option: session.sessionsDir)
                var header = SessionHeader(
                    id: store.newID(for: document), title: document.title, name: name,
                    document: SessionStore.absolute(document.location.file),
                    library: library.roots.map(SessionStore.absolute), participants: participants, seed: people.seed,
                    params: people.paramValues, speed: session.speed ?? 1, started: ISO8601DateFormatter().string(from: Date()),
                    fingerprint: "", team: people.team.map(SessionStore.absolute))
                // The team's memory: who led what before (fair rotation), and what is still promised.
                let history = store.history(team: header.teamKey)
                let carried = store.ledger.open(team: header.teamKey)
                let plan = try Planner(registry: registry).plan(document, participants: participants, seed: people.seed, params: people.paramValues,
                                              history: history)
                header.fingerprint = plan.fingerprint
                header.history = history
                header.carried = carried
                let reportPath = session.report ?? store.reportPath(header.id)
                try SessionRunner.checkWritable(reportPath)
                let writer = try store.create(header)
                try await SessionRunner.run(plan: plan, registry: registry, options: session, recorder: writer,
                                            journal: [], reportPath: reportPath, header: header, store: store)
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

    @Option(help: ArgumentHelp(SessionsHome.optionHelp, valueName: "folder"))
    var sessionsDir: String?

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
        if let speed, !(speed > 0 && speed <= 100_000 && speed.isFinite) {
            throw ValidationError("--speed must be a positive number up to 100000, e.g. 60 for a minute per second")
        }
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
    static func run(
        plan: Plan, registry: HandlerRegistry, options: SessionOptions, recorder: (any SessionRecorder)?,
        journal: [JournalRecord], reportPath: String, header: SessionHeader, store: SessionStore
    ) async throws {
        let sessionID = header.id
        let console = Console(noColor: options.noColor)
        let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        let keyboard = options.input == nil && isatty(STDIN_FILENO) == 1
        var display: any RunDisplay
        var source: any RunInput
        var live: LiveDisplay?
        // A file given with --input is read now, as a script typed when the session starts.
        let file: (any RunInput)?
        do { file = keyboard ? nil : try ScriptFile.input(options.input ?? "-") } catch { throw ValidationError(error.description) }
        if stdoutIsTerminal {
            let screen = LiveDisplay(color: console.useColor, readKeys: keyboard)
            live = screen
            display = screen
            source = file ?? screen
        } else {
            display = PlainDisplay()
            source = file ?? FileInput(path: "-")
        }
        // Devices join through a server that watches the display and feeds the runner.
        var joinServer: JoinServer?
        if let bind = options.joinBind {
            let folder = URL(fileURLWithPath: store.journalPath(sessionID)).deletingLastPathComponent().path
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
        live?.start()
        let runner = Runner(plan: plan, registry: registry, clock: ContinuousClock(), display: display, input: source,
                            speed: options.speed ?? 1, recorder: recorder, carried: header.carried ?? [])
        joinServer?.room.connect(to: runner)
        if let joinServer { display.show(.notice("Devices join at \(joinServer.address)")) }
        let result = await runner.run(resuming: journal)
        await joinServer?.stop()
        live?.stop()

        // New action items become the team's commitments; reviewed ones get their status.
        do {
            try store.ledger.record(result, session: sessionID, team: header.teamKey, known: header.carried ?? [],
                                    carryovers: registry.carryovers)
        } catch {
            console.err("warning: could not update the team's commitments in \(store.ledger.path): \(error.localizedDescription)")
        }

        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: reportPath).deletingLastPathComponent(), withIntermediateDirectories: true)
            try MarkdownReport.render(result).write(toFile: reportPath, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError(message: "cannot write the report to \(reportPath): \(error.localizedDescription)",
                           hint: "the session is safe in its journal; run `roundtable report \(sessionID)`", code: 73)
        }
        console.out(summary(result))
        if !result.completed {
            console.out("Session \(sessionID) can be resumed: roundtable resume \(sessionID)")
        }
        console.out("Report: \(reportPath)")
    }

    static func summary(_ result: RunResult) -> String {
        var counts: [Artifact.Kind: Int] = [:]
        for artifact in result.allArtifacts { counts[artifact.kind, default: 0] += 1 }
        let produced = Artifact.Kind.allCases.compactMap { kind in counts[kind].map { "\($0) \(kind.rawValue)\($0 == 1 ? "" : "s")" } }
        let done = result.timings.filter { $0.ended != nil }.count
        var text = result.completed ? "Finished" : "Stopped"
        text += " \(result.plan.title.neutralized()) after \(DurationText.clock(result.elapsed)) (planned \(DurationText.clock(result.plan.duration)))"
        text += ": \(done)/\(result.plan.steps.count) steps"
        if !produced.isEmpty { text += "; " + produced.joined(separator: ", ") }
        return text + "."
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
