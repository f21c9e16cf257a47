import BuiltInLibrary
import Foundation
import Testing

/// Roundtable from anywhere: the library inside the binary, sessions in the per-user data
/// folder, and the messages a new user sees outside the repository.
///
/// Every run here gets a scratch HOME and XDG_DATA_HOME: nothing is written to the real home.
@Suite struct HomeTests {
    /// A scratch folder with `home/` and `xdg/` and the environment pointing at them, nothing else set.
    struct Sandbox {
        let root: URL
        var home: URL { root.appendingPathComponent("home") }
        var data: URL { root.appendingPathComponent("xdg") }
        var sessions: URL { data.appendingPathComponent("roundtable/sessions") }
        var reports: URL { data.appendingPathComponent("roundtable/reports") }
        var environment: [String: String] { ["HOME": home.path, "XDG_DATA_HOME": data.path, "PATH": "/usr/bin:/bin"] }

        init() throws {
            root = try Binary.scratch()
            try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        }

        func folder(_ name: String) throws -> URL {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }

        /// Runs the built binary in `folder` with this sandbox's environment only (plus `extra`).
        func run(_ arguments: [String], in folder: URL, stdin: String = "", extra: [String: String] = [:],
                 binary: URL = Binary.url) throws -> Binary.Output {
            try Binary.launch(binary, arguments, in: folder, stdin: stdin, environment: environment.merging(extra) { $1 })
        }
    }

    @Test func aCopiedBinaryRunsAShippedAgendaFromAnEmptyFolderAndAnotherFolderListsTheSession() throws {
        let sandbox = try Sandbox()
        let bin = try sandbox.folder("bin")
        let binary = bin.appendingPathComponent("roundtable")
        try FileManager.default.copyItem(at: Binary.url, to: binary)

        let list = try sandbox.run(["list"], in: bin, binary: binary)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("check-in-round"))
        #expect(list.stdout.contains("sprint-retrospective-60"))
        #expect(list.stdout.contains("from the built-in library"))
        #expect(list.stderr.isEmpty, "\(list.stderr)")

        let run = try sandbox.run(["run", "sprint-retrospective-60", "-p", "Ana,Ben,Chen,Dev", "--input", "/dev/null", "--speed", "1000"],
                                  in: bin, binary: binary)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Finished Sprint retrospective (60 minutes)"))
        let reports = try FileManager.default.contentsOfDirectory(atPath: sandbox.reports.path)
        let reportName = try #require(reports.first)
        #expect(reports.count == 1)
        #expect(run.stdout.contains("Report: \(sandbox.reports.appendingPathComponent(reportName).path)"))
        let report = try String(contentsOf: sandbox.reports.appendingPathComponent(reportName), encoding: .utf8)
        #expect(report.contains("# Sprint retrospective (60 minutes)"))
        #expect(report.contains("## Agenda"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: bin.path) == ["roundtable"], "nothing is written beside the binary")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.home.path).isEmpty, "XDG_DATA_HOME is used, not HOME")

        let elsewhere = try sandbox.folder("elsewhere")
        let id = String(reportName.dropLast(3))
        let sessions = try sandbox.run(["sessions"], in: elsewhere, binary: binary)
        #expect(sessions.status == 0, "\(sessions.stderr)")
        #expect(sessions.stdout.contains(id))
        #expect(sessions.stdout.contains("finished"))
        let again = try sandbox.run(["report", id], in: elsewhere, binary: binary)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("# Sprint retrospective (60 minutes)"))
    }

    @Test func withoutXDGDataHomeSessionsGoUnderHomeAndARelativeOneIsIgnored() throws {
        let sandbox = try Sandbox()
        let folder = try sandbox.folder("work")
        let run = try sandbox.run(["run", "check-in-round", "-p", "Ana,Ben", "--input", "/dev/null", "--speed", "1000"], in: folder,
                                  extra: ["XDG_DATA_HOME": "relative/data"])
        #expect(run.status == 0, "\(run.stderr)")
        let sessions = sandbox.home.appendingPathComponent(".local/share/roundtable/sessions")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sessions.path).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func roundtableSessionsChoosesTheFolderAndTheOptionWinsOverIt() throws {
        let sandbox = try Sandbox()
        let folder = try sandbox.folder("work")
        let team = sandbox.root.appendingPathComponent("team/sessions")
        let arguments = ["run", "check-in-round", "-p", "Ana,Ben", "--input", "/dev/null", "--speed", "1000"]
        let first = try sandbox.run(arguments, in: folder, extra: ["ROUNDTABLE_SESSIONS": team.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: team.path).count == 1)
        #expect(first.stdout.contains("Report: \(sandbox.root.appendingPathComponent("team/reports").path)/"), "reports go beside the sessions")

        let chosen = sandbox.root.appendingPathComponent("chosen")
        let second = try sandbox.run(arguments + ["--sessions-dir", chosen.path], in: folder, extra: ["ROUNDTABLE_SESSIONS": team.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: chosen.path).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: team.path).count == 1)
        #expect(!FileManager.default.fileExists(atPath: sandbox.sessions.path))
    }

    @Test func sessionsKeptInTheOldFolderAreFoundAndMoveWithTheirCommitments() throws {
        let sandbox = try Sandbox()
        let folder = try sandbox.folder("team")
        try folder.write("closing.yaml", SessionCommandTests.closing)
        // As earlier versions kept it: ./.roundtable/sessions, commitments included.
        let old = try sandbox.run(["run", "closing.yaml", "-p", "Ana,Ben,Chen", "--speed", "1000", "--input", "-", "--record",
                                   "--sessions-dir", ".roundtable/sessions", "--report", "old.md"], in: folder,
                                  stdin: "write the onboarding doc\n/next\nfix the flaky test\n/next\nbook the room\n/next\n")
        #expect(old.status == 0, "\(old.stderr)")

        let listed = try sandbox.run(["sessions"], in: folder)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("closing"))
        #expect(listed.stderr.contains("note: 1 of these is in ./.roundtable/sessions"))
        #expect(listed.stderr.contains("`roundtable sessions --move` moves it to \(sandbox.sessions.path)"))
        let history = try sandbox.run(["history", "-p", "Ana,Ben,Chen"], in: folder)
        #expect(history.stdout.contains("[open] write the onboarding doc"), "\(history.stdout)")
        #expect(try sandbox.run(["report"], in: folder).stdout.contains("book the room"))

        let elsewhere = try sandbox.folder("elsewhere")
        #expect(try sandbox.run(["sessions"], in: elsewhere).stdout.contains("No sessions in"))

        let move = try sandbox.run(["sessions", "--move"], in: folder)
        #expect(move.status == 0, "\(move.stderr)")
        #expect(move.stdout.contains("Moved 1 session"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".roundtable").path), "nothing left behind")
        let after = try sandbox.run(["sessions"], in: elsewhere)
        #expect(after.stdout.contains("closing"))
        #expect(after.stderr.isEmpty, "\(after.stderr)")
        let moved = try sandbox.run(["history", "-p", "Ana,Ben,Chen"], in: elsewhere)
        #expect(moved.stdout.contains("[open] write the onboarding doc"), "the commitments moved too")
        #expect(try sandbox.run(["sessions", "--move"], in: folder).stdout.contains("Nothing to move"))
    }

    @Test func aLibraryFolderThatDoesNotExistIsNamed() throws {
        let sandbox = try Sandbox()
        let folder = try sandbox.folder("work")
        let path = try sandbox.run(["list"], in: folder, extra: ["ROUNDTABLE_PATH": "/nonexistent"])
        #expect(path.status == 66)
        #expect(path.stderr.contains("error: ROUNDTABLE_PATH: library folder '/nonexistent' does not exist"), "\(path.stderr)")
        #expect(path.stderr.contains("hint: "))
        let option = try sandbox.run(["show", "check-in-round", "--library", "missing-folder"], in: folder)
        #expect(option.status == 66)
        #expect(option.stderr.contains("error: --library: library folder 'missing-folder' does not exist"), "\(option.stderr)")
    }

    @Test func anAgendaShownByPathFromElsewhereFindsTheExercisesOfItsLibrary() throws {
        let sandbox = try Sandbox()
        let folder = try sandbox.folder("work")
        let agenda = Binary.packageRoot.appendingPathComponent("Exercises/agendas/sprint-retrospective-60.yaml").path
        let show = try sandbox.run(["show", agenda, "-p", "Ana,Ben,Chen,Dev"], in: folder)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("[check-in-round]"))
        let builtin = try sandbox.run(["show", "builtin:agendas/sprint-retrospective-60.yaml"], in: folder)
        #expect(builtin.status == 0, "\(builtin.stderr)")
        #expect(builtin.stdout.contains("[start-stop-continue]"))
    }

    @Test func aLocalExerciseOverridesTheBuiltInOneWithANoteNamingBothFiles() throws {
        let sandbox = try Sandbox()
        let folder = try sandbox.folder("work")
        let shipped = try String(contentsOf: Binary.packageRoot.appendingPathComponent("Exercises/rounds/check-in-round.yaml"), encoding: .utf8)
        try folder.write("Exercises/check-in-round.yaml", shipped.replacingOccurrences(of: "title: Check-in round", with: "title: Our check-in"))
        let show = try sandbox.run(["show", "check-in-round", "-p", "Ana,Ben"], in: folder)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.hasPrefix("Our check-in"))
        #expect(show.stderr.contains(
            "note: exercise 'check-in-round' in Exercises/check-in-round.yaml overrides the one in builtin:rounds/check-in-round.yaml"), "\(show.stderr)")
        let list = try sandbox.run(["list"], in: folder)
        #expect(list.stdout.contains("from the built-in library, Exercises"))
        #expect(list.stdout.components(separatedBy: "check-in-round ").count == 2, "each id is listed once")
    }

    /// The plugin embeds Exercises/ as it is at build time: same paths, same bytes.
    @Test func theBuiltInLibraryIsTheExercisesFolder() throws {
        let folder = Binary.packageRoot.appendingPathComponent("Exercises")
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var onDisk: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { onDisk.append(relative) }
        }
        #expect(BuiltInLibrary.files.map(\.path) == onDisk.sorted())
        for file in BuiltInLibrary.files {
            let text = try String(contentsOf: folder.appendingPathComponent(file.path), encoding: .utf8)
            #expect(file.text == text, "\(file.path) differs from its embedded copy")
        }
    }
}
