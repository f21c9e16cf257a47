import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// Whole reports of exercises of the library, rehearsed, compared with the files under
/// `Tests/Snapshots/reports/`. A change to the report shows up as a diff of those files:
/// `RECORD_SNAPSHOTS=1` rewrites them (then read the diff before committing).
@Suite(.serialized)
struct ReportSnapshotTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
    static let library = Library(roots: [root.appendingPathComponent("Exercises").path], loader: Loader(registry: BuiltInHandlers.registry()))

    /// Exercise id → what the room types.
    static let scripts: [String: [String]] = [
        "start-stop-continue": [
            "two of three actions done", "/next",
            "start: pairing on reviews", "stop: late deploys on Friday", "continue: demo day", "c: the quiet mornings",
            "s: ambiguous", "stop | the <b>pipes</b>", "/next",
            "Friday deploys cause weekend stress", "/next",
            "2 2 1", "2 1", "4", "1 3", "2", "/next",
            "Freeze deploys after Thursday noon @Dev @Eli due:next sprint", "Pair on every review @Ana due:Friday", "",
            "Call the vendor @Zed",
        ],
        "dot-voting": ["/next", "1 1 3", "2", "3 4", "1", "", "/next", "We adopt Pairing Fridays", "/next"],
        "fist-to-five": [
            "/next", "Does it include on-call?", "/next",
            "4", "5", "2", "3", "4", "on-call needs cover", "4", "5", "3", "3", "4", "/next",
        ],
        "check-in-round": ["calm, and I need focus", "/next", "tired but curious", "/next", "pass", "/next", "ready to decide", "/next"],
    ]

    @Test(arguments: ["start-stop-continue", "dot-voting", "fist-to-five", "check-in-round"])
    func theReportOfARehearsedSessionIsStable(_ id: String) async throws {
        let entry = try #require(Self.library.entries.first { $0.id == id })
        let rehearsal = try Rehearsal(document: entry.document, registry: BuiltInHandlers.registry(),
                                      participants: ["Ana", "Ben", "Chen", "Dev", "Eli"])
        let rehearsed = await rehearsal.run(try #require(Self.scripts[id]))
        // The date line depends on the time zone the tests run in.
        let report = rehearsed.report.components(separatedBy: "\n").filter { !$0.hasPrefix("- Date: ") }.joined(separator: "\n")
        let file = Self.root.appendingPathComponent("Tests/Snapshots/reports/\(id).md")
        let recorded = try? String(contentsOf: file, encoding: .utf8)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" || recorded == nil {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try report.write(to: file, atomically: true, encoding: .utf8)
            if recorded == nil { Issue.record("recorded a new snapshot at \(file.path); run again") }
            return
        }
        #expect(report == recorded, "the report of \(id) differs from \(file.path); RECORD_SNAPSHOTS=1 rewrites it")
    }
}
