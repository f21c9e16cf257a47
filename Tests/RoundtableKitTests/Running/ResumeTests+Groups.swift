import RoundtableKit
import Testing

/// Resuming in the middle of groups that stay and join: the plan is made again from the
/// seed, so every cut of the journal resumes to the same tables, fours and artifacts.
extension ResumeTests {
    static let groupStructures = """
        id: groups-resume
        title: Groups resume
        roles:
          host: { rotate: per-step, scope: group }
        steps:
          - id: tables
            handler: groups
            groups: { size: 4, stay: host }
            rounds: 2
            duration: 2m
            instructions: "{{host}} stay at your tables."
          - id: pairs
            handler: groups
            groups: 2
            duration: 1m
          - id: fours
            handler: groups
            groups: { from: pairs }
            duration: 1m
        """

    static let groupScript: [(Int, String)] = [
        (5, "Ana: a host's summary"), (10, "/next"), (20, "Ben: travellers bring ideas"), (30, "/next"),
        (40, "Chen: our pair agrees"), (50, "/next"), (60, "Dev: two pairs, one pattern"), (70, "/next"),
    ]

    @Test func aJournalOfHostsWhoStayAndJoinedPairsCutAtAnyRecordResumesToTheSameResult() async throws {
        let people = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay", "Gus", "Hal"]
        let plan = try Fixtures.plan(Self.groupStructures, people: people, seed: 11)
        let reference = MemoryRecorder()
        let expected = await run(plan, resuming: [], recorder: reference, script: Self.groupScript)
        let journal = reference.records.withLock { $0 }
        #expect(expected.completed)
        #expect(expected.allArtifacts.map(\.text).contains("two pairs, one pattern"))
        // The four's harvest is filed under the four, which holds Dev's pair whole.
        let four = try #require(expected.artifacts[2].first?.category)
        let pair = try #require(plan.steps[1].segments[0].groups.first { $0.contains("Dev") })
        #expect(four.contains(pair.joined(separator: " + ")))
        for cut in 1..<journal.count {
            let kept = Array(journal.prefix(cut))
            let resumed = await run(plan, resuming: kept, recorder: MemoryRecorder(), script: Self.groupScript)
            #expect(resumed.artifacts == expected.artifacts, "cut after record \(cut): \(kept.last!)")
            #expect(resumed.completed)
        }
    }
}
