import RoundtableKit
import Testing

/// Cards passed around by the step's seed, and a secret labelled score: a session cut at
/// any record resumes to the same holders, scores, abstentions and results.
extension ResumeTests {
    static let voting = """
        id: voting-resume
        title: Voting resume
        steps:
          - id: ideas
            handler: brainstorm
            duration: 2m
            timer: { on_zero: advance }
          - id: pass
            handler: pass-and-score
            input: ideas
            duration: 6m
            config: { rounds: 2, scale: 1-5 }
          - id: roti
            handler: score
            duration: 2m
            config: { options: [This session], scale: 0-4, labels: {0: waste of time, 4: excellent}, secret: true }
        """

    static let votingScript: [(Int, String)] = [
        (5, "Ana: a wiki"), (10, "Ben: a demo day"), (15, "Chen: a book club"),
        (130, "4"), (135, "2"), (140, "-"), (145, "5"), (150, "3"), (155, "1"), (160, "/next"),
        (170, "Ana: 3"), (175, "Ben: -"), (180, "Chen: excellent"), (190, "/next"),
    ]

    @Test func aJournalOfPassedCardsAndASecretScoreCutAtAnyRecordResumesToTheSameResult() async throws {
        let plan = try Fixtures.plan(Self.voting, seed: 9)
        let reference = MemoryRecorder()
        let expected = await run(plan, resuming: [], recorder: reference, script: Self.votingScript)
        let journal = reference.records.withLock { $0 }
        #expect(expected.completed)
        let passed = expected.artifacts[1]
        #expect(passed.filter { $0.kind == .score }.count == 5)
        #expect(passed.filter { $0.category == "abstained" }.count == 1)
        // Nobody scored the idea they wrote.
        let authors = ["a wiki": "Ana", "a demo day": "Ben", "a book club": "Chen"]
        #expect(passed.filter { $0.kind == .score }.allSatisfy { authors[$0.text] != $0.author })
        let table = try #require(expected.artifacts[2].first { $0.text == "Mean and median per item" }?.table)
        #expect(table.rows == [["This session", "3.5", "3.5", "2", "1"]])
        for cut in 1..<journal.count {
            let kept = Array(journal.prefix(cut))
            let resumed = await run(plan, resuming: kept, recorder: MemoryRecorder(), script: Self.votingScript)
            #expect(resumed.artifacts == expected.artifacts, "cut after record \(cut): \(kept.last!)")
            #expect(resumed.completed)
        }
    }
}
