import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// A live set changed by the room: the fishbowl's inner circle, through the real engine
/// with a test clock, typed commands and devices, its timeline and a resume.
@Suite(.serialized) struct LiveSetTests {
    static let bowl = """
        id: bowl
        title: Bowl
        steps:
          - id: bowl
            handler: fishbowl
            duration: 10m
            prompt: What next?
            config: { chairs: 3 }
          - id: close
            handler: timebox
            duration: 1m
        """

    static let people = ["Ana", "Ben", "Chen", "Dev", "Eli"]

    static let script: [(Int, TimedRun.Input)] = [
        (10, .line("/in Ana, Ben")), (20, .device("Chen", "step in")), (30, .line("/in Dev")), (40, .line("/in Zed")),
        (50, .line("/in an")), (60, .line("/out Be")), (70, .line("/in 4")), (80, .device("Chen", "step out")),
        (90, .line("in the end, trust")), (95, .line("/out Eli")), (100, .line("/next")),
    ]

    func run(_ plan: Plan, resuming journal: [JournalRecord] = [], recorder: any SessionRecorder = MemoryRecorder(),
             display: any RunDisplay = SilentTestDisplay()) async -> RunResult {
        await TimedRun.run(plan, resuming: journal, recorder: recorder, display: display, script: Self.script)
    }

    @Test func peopleStepInAndOutByNameNumberStartAndDeviceAndTheReportHasTheTimeline() async throws {
        let plan = try Fixtures.plan(Self.bowl, people: Self.people)
        let display = RecordingDisplay(now: { .zero })
        let result = await run(plan, display: display)
        #expect(result.completed)
        let artifacts = result.artifacts[0]
        let timeline = try #require(artifacts.first { $0.text == "Fishbowl timeline" }?.table)
        #expect(timeline.rows == [
            ["0:10", "Ana", "in", "Ana"], ["0:10", "Ben", "in", "Ana, Ben"], ["0:20", "Chen", "in", "Ana, Ben, Chen"],
            ["1:00", "Ben", "out", "Ana, Chen"], ["1:10", "Dev", "in", "Ana, Chen, Dev"], ["1:20", "Chen", "out", "Ana, Dev"],
        ])
        // A full circle, a name that is nobody, someone already inside or not inside are refused with the reason.
        let refused = artifacts.filter { $0.kind == .note && $0.category == "rejected" }
        #expect(refused.map(\.text) == ["/in Dev", "/in Zed", "/in an", "/out Eli"])
        #expect(refused[0].reason?.contains("full (3 chairs)") == true)
        #expect(refused[1].reason?.contains("No participant 'Zed'") == true)
        #expect(refused[1].reason?.contains("Ana, Ben, Chen, Dev, Eli") == true)
        #expect(refused[2].reason == "Ana is already in the inner circle.")
        #expect(refused[3].reason == "Eli is not in the inner circle.")
        // A line that is no command is a note, even when it starts with "in".
        #expect(artifacts.contains { $0.kind == .note && $0.text == "in the end, trust" && $0.category == nil })
        // The live view: who is inside, the free chairs, the outer circle, and step in / step out on devices.
        let view = try #require(result.views[0])
        #expect(view.columns.first?.title == "Inner circle (2 of 3 chairs)")
        #expect(view.columns.first?.cards.map(\.text) == ["Ana", "Dev"])
        #expect(view.notes == ["1 free chair of 3", "Outer circle: Ben, Chen, Eli"])
        // Devices were offered step in / step out while it ran; once it is over, nothing.
        #expect(view.entry == nil)
        let offered = display.events.withLock { $0.contains { _, event in
            if case .view(let shown) = event { return shown.entry == .choice(["step in", "step out"]) }
            return false
        } }
        #expect(offered)
        let full = display.events.withLock { $0.contains { _, event in
            if case .say(let text) = event { return text == "Chen steps in; 0 free chairs: the circle is full, someone steps out before anyone else comes in." }
            return false
        } }
        #expect(full)
        let report = MarkdownReport.render(result)
        #expect(report.contains("| 1:10 | Dev | in | Ana, Chen, Dev |"))
    }

    /// The example of docs/FORMAT.md's fishbowl section runs, and its circle takes moves.
    @Test func theFormatReferenceExampleRuns() async throws {
        let doc = try String(contentsOf: DiagnosticCodeTests.formatFile, encoding: .utf8)
        let section = try #require(doc.range(of: "### A circle the room changes: the fishbowl"))
        let open = try #require(doc.range(of: "```yaml\n", range: section.upperBound..<doc.endIndex))
        let close = try #require(doc.range(of: "```", range: open.upperBound..<doc.endIndex))
        let yaml = "id: example\ntitle: Example\nroles: { scribe: per-step }\nsteps:\n" + doc[open.upperBound..<close.lowerBound]
        let rehearsal = try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: Self.people)
        let rehearsed = await rehearsal.run(["/in Ana, Ben, Chen, Dev", "/in Eli", "/in Ben", "a point", "/next"])
        let timeline = try #require(rehearsed.artifacts(of: "fishbowl").first { $0.table != nil }?.table)
        #expect(timeline.rows.map { $0[1] } == ["Ana", "Ben", "Chen", "Dev", "Eli"])
        #expect(rehearsed.artifacts(of: "fishbowl").contains { $0.text == "a point" && $0.author != nil })
    }

    @Test func theFishbowlCommandsAreListedInHelpOnlyWhileItRuns() throws {
        let commands = try #require(Fixtures.registry.handler(named: "fishbowl")).commands.map(\.word)
        #expect(commands == ["in", "out"])
        #expect(try #require(Fixtures.registry.handler(named: "timebox")).commands.isEmpty)
    }

    @Test func aJournalCutAnywhereResumesToTheSameTimeline() async throws {
        let plan = try Fixtures.plan(Self.bowl, people: Self.people)
        let reference = MemoryRecorder()
        let expected = await run(plan, recorder: reference)
        let journal = reference.records.withLock { $0 }
        #expect(expected.artifacts[0].contains { $0.table != nil })
        for cut in 1..<journal.count {
            let kept = Array(journal.prefix(cut))
            let resumed = await run(plan, resuming: kept)
            #expect(resumed.artifacts == expected.artifacts, "cut after record \(cut): \(kept.last!)")
        }
    }
}
