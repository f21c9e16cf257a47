import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// Artifacts know the turn they were made in, and the report files them under it.
@Suite struct TurnReportTests {
    /// Two rounds of turns; the timekeeper speaks last in each.
    static let rounds = """
        id: rounds
        title: Rounds
        steps:
          - id: share
            title: Share
            handler: round
            each: participant
            rounds: 2
            duration: 1m
            prompt: "{{speaker}}, what did you learn?"
        """

    @Test func artifactsCarryTheTurnAndSpeakerTheyWereMadeIn() async throws {
        let rehearsal = try Rehearsal(yaml: Self.rounds, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let speakers = rehearsal.plan.steps[0].segments.compactMap(\.speaker)
        let rehearsed = await rehearsal.run(["first", "/next", "second", "/next", "third", "/next", "/next"])
        #expect(rehearsed.result.completed)
        let notes = rehearsed.artifacts(of: "share")
        #expect(notes.map(\.text) == ["first", "second", "third"])
        #expect(notes.map(\.speaker) == Array(speakers.prefix(3)))
        #expect(notes.map(\.turn) == [1, 2, 1])
        #expect(notes.map(\.round) == [1, 1, 2])
    }

    @Test func theReportHasASectionPerTurnInTheOrderTheyHappened() async throws {
        let rehearsal = try Rehearsal(yaml: Self.rounds, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let speakers = rehearsal.plan.steps[0].segments.compactMap(\.speaker)
        let rehearsed = await rehearsal.run(["first", "/next", "second", "/next", "third", "/next", "/next"])
        let report = rehearsed.report
        let headings = ["**Round 1 · \(speakers[0])'s turn**", "**Round 1 · \(speakers[1])'s turn**", "**Round 2 · \(speakers[2])'s turn**"]
        var last = report.startIndex
        for (heading, note) in zip(headings, ["first", "second", "third"]) {
            let found = try #require(report.range(of: heading, range: last..<report.endIndex), "\(heading) in\n\(report)")
            let next = try #require(report.range(of: "- \(note)", range: found.upperBound..<report.endIndex))
            last = next.upperBound
        }
        // A turn in which nothing was said has no section.
        #expect(!report.contains("Round 2 · \(speakers[3])'s turn"))
    }

    @Test func roundsWithoutTurnsGetASectionPerRound() async throws {
        let rehearsal = try Rehearsal(yaml: """
            id: rounds
            title: Rounds
            steps:
              - id: talk
                handler: timebox
                rounds: 2
                duration: 1m
            """, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let rehearsed = await rehearsal.run(["first idea", "/next", "second idea", "/next"])
        #expect(rehearsed.artifacts(of: "talk").map(\.round) == [1, 2])
        let report = rehearsed.report
        let one = try #require(report.range(of: "**Round 1**"), "\(report)")
        let two = try #require(report.range(of: "**Round 2**"))
        #expect(report[one.upperBound..<two.lowerBound].contains("- first idea\n"))
        #expect(report[two.upperBound...].contains("- second idea\n"))
        // The heading says the round; the lines do not repeat it.
        #expect(!report.contains("(round 1)"))
    }

    @Test func olderArtifactsWithoutATurnStillDecode() throws {
        let old = #"{"kind":"note","text":"kept","author":"Ana","stepID":"share","round":1}"#
        let artifact = try JSONDecoder().decode(Artifact.self, from: Data(old.utf8))
        #expect(artifact.turn == nil && artifact.speaker == nil && artifact.text == "kept")
        var noted = artifact
        noted.turn = 2
        noted.speaker = "Ben"
        let again = try JSONDecoder().decode(Artifact.self, from: try JSONEncoder().encode(noted))
        #expect(again == noted)
    }
}
