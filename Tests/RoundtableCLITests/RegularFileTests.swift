import Foundation
import Testing

/// Only regular files are read as YAML and written as reports: a named pipe called
/// `*.yaml` must not block the loader, a report must not replace a device, and a folder
/// that cannot be read must not pass for an empty one.
@Suite(.timeLimit(.minutes(2)))
struct RegularFileTests {
    static func pipe(_ folder: URL, _ name: String) throws {
        let path = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(mkfifo(path.path, 0o644) == 0)
    }

    static func run(_ arguments: [String], in folder: URL) throws -> (status: Int32?, output: String) {
        try SessionSafetyTests.run(arguments, in: folder, timeout: 30)
    }

    @Test func aNamedPipeInALibraryFolderIsALocatedErrorNotAHang() throws {
        let folder = try Binary.scratch()
        try folder.write("library/talk.yaml", SessionSafetyTests.talk)
        try Self.pipe(folder, "library/more/pipe.yaml")
        let output = try Self.run(["validate", "library"], in: folder)
        #expect(output.status == 65, "\(output.output)")
        #expect(output.output.contains("library/more/pipe.yaml:1:1: error: this is a named pipe (FIFO), not a regular file"))
        #expect(output.output.contains("ok  library/talk.yaml"))
        let listed = try Self.run(["list", "library"], in: folder)
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.output.contains("talk"))
    }

    @Test func aNamedPipeAsTeamFileIsALocatedError() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", SessionSafetyTests.talk)
        try Self.pipe(folder, "team.yaml")
        let output = try Self.run(["show", "talk.yaml", "--team", "team.yaml"], in: folder)
        #expect(output.status == 65, "\(output.output)")
        #expect(output.output.contains("team.yaml:1:1: error: this is a named pipe (FIFO), not a regular file"))
    }

    @Test func aNamedPipeAsAgendaItemIsReportedAtTheItem() throws {
        let folder = try Binary.scratch()
        try Self.pipe(folder, "pipe.yaml")
        try folder.write("agenda.yaml", """
            title: Agenda
            agenda:
              - exercise: pipe.yaml
            """)
        let output = try Self.run(["validate", "agenda.yaml"], in: folder)
        #expect(output.status == 65, "\(output.output)")
        #expect(output.output.contains("agenda.yaml:3:15: error: exercise file 'pipe.yaml' does not load"), "\(output.output)")
        #expect(output.output.contains("pipe.yaml:1:1: note: this is a named pipe (FIFO), not a regular file"))
    }

    @Test func aReportIsNeverWrittenOverSomethingThatIsNotARegularFile() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", SessionSafetyTests.talk)
        try Self.pipe(folder, "pipe.md")
        var targets = ["pipe.md"]
        // As root, a device node of our own (a copy of /dev/null) shows the device is kept.
        let device = folder.appendingPathComponent("null.md").path
        if getuid() == 0 && mknod(device, S_IFCHR | 0o666, (1 << 8) | 3) == 0 { targets.append("null.md") }
        for target in targets {
            let output = try Self.run(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "/dev/null", "--report", target,
                                       "--sessions-dir", "s"], in: folder)
            #expect(output.status == 64, "\(output.output)")
            #expect(output.output.contains("--report: '\(target)' is a"), "\(output.output)")
            #expect(output.output.contains("reports are written only to regular files"))
            var info = stat()
            #expect(lstat(folder.appendingPathComponent(target).path, &info) == 0)
            #expect(info.st_mode & S_IFMT != S_IFREG, "\(target) was replaced by a regular file")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path), "no session was started")
        let schema = try Self.run(["schema", "-o", "pipe.md"], in: folder)
        #expect(schema.status == 73, "\(schema.output)")
    }

    @Test func aReportGoesThroughALinkToTheFileItNames() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", SessionSafetyTests.talk)
        try folder.write("kept/real.md", "old")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("latest.md").path, withDestinationPath: "kept/real.md")
        let output = try Self.run(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "/dev/null", "--speed", "10000",
                                   "--report", "latest.md"], in: folder)
        #expect(output.status == 0, "\(output.output)")
        #expect(try String(contentsOf: folder.appendingPathComponent("kept/real.md"), encoding: .utf8).hasPrefix("# Talk"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("latest.md").path)) == "kept/real.md")
    }

    @Test func aJournalThatIsANamedPipeDoesNotBlockTheSessionCommands() throws {
        let folder = try Binary.scratch()
        try Self.pipe(folder, ".roundtable/sessions/20261123-093000-x/journal.jsonl")
        let listed = try Self.run(["sessions"], in: folder)
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.output.contains("damaged journal"))
        let report = try Self.run(["report", "20261123"], in: folder)
        #expect(report.status == 65, "\(report.output)")
        #expect(report.output.contains("journal.jsonl:1:1: error: the journal is a named pipe (FIFO), not a regular file"))
        let history = try Self.run(["history"], in: folder)
        #expect(history.status == 0, "\(history.output)")
        #expect(history.output.contains("this session is left out"))
    }

    /// Root reads every folder, so the check runs as `nobody` when the tests run as root.
    @Test func anUnreadableFolderMakesValidateFail() throws {
        let folder = try Binary.scratch()
        try folder.write("library/talk.yaml", SessionSafetyTests.talk)
        try folder.write("library/locked/hidden.yaml", SessionSafetyTests.talk)
        #expect(chmod(folder.appendingPathComponent("library/locked").path, 0o000) == 0)
        defer { chmod(folder.appendingPathComponent("library/locked").path, 0o755) }
        var arguments = ["validate", "library"]
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Binary.url.path] + arguments
        }
        let process = Process()
        process.executableURL = getuid() == 0 ? URL(fileURLWithPath: "/usr/bin/setpriv") : Binary.url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 65, "\(output)")
        #expect(output.contains("error: cannot read the folder 'library/locked' (Permission denied)"), "\(output)")
        #expect(output.contains("ok  library/talk.yaml"))
    }
}
