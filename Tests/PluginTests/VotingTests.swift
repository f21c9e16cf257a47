import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// The Voting and Decisions handlers, run through the real loader, planner and runner.
///
/// Serialized: each rehearsal runs on the main serial executor, which is process-wide.
@Suite(.serialized) struct VotingAndDecisionsTests {}


private func summary(_ artifacts: [Artifact], _ kind: Artifact.Kind) -> [String] {
    artifacts.filter { $0.kind == kind }.map { artifact in
        [artifact.text, artifact.author ?? "-", artifact.value.map { "\($0)" } ?? "-"].joined(separator: " | ")
    }
}

extension VotingAndDecisionsTests {
    @Suite struct DotVote {
        static let fourOptions = """
            id: vote-test
            title: Vote
            steps:
              - id: vote
                handler: dot-vote
                duration: 5m
                config:
                  options: [Pairing Fridays, Shorter standups, Demo day, No-meeting Wednesdays]
                  dots: 3
                  max_per_item: 2
            """

        @Test func ballotsByNumberAndTextAreRecordedPerVoterAndRankedWithTies() async throws {
            let rehearsed = try await rehearse(Self.fourOptions, ["1 1 2", "2, 4 4", "pairing, 4", "looks right"])
            let artifacts = rehearsed.artifacts(of: "vote")
            #expect(summary(artifacts, .vote) == [
                "Pairing Fridays | Ana | 2.0", "Shorter standups | Ana | 1.0",
                "Shorter standups | Ben | 1.0", "No-meeting Wednesdays | Ben | 2.0",
                "Pairing Fridays | Chen | 1.0", "No-meeting Wednesdays | Chen | 1.0",
            ])
            let ranking = try #require(artifacts.first { $0.kind == .decision })
            #expect(ranking.category == "ranking")
            #expect(ranking.text == "1. Pairing Fridays (3 dots); 1. No-meeting Wednesdays (3 dots); 3. Shorter standups (2 dots)"
                + " — tie: Pairing Fridays and No-meeting Wednesdays with 3 dots")
            let result = try #require(rehearsed.shownNotes.first { $0.hasPrefix("Result") })
            #expect(result == """
                Result: 8 dots from 3 voters
                1. Pairing Fridays — 3 dots
                1. No-meeting Wednesdays — 3 dots
                3. Shorter standups — 2 dots
                tie: Pairing Fridays and No-meeting Wednesdays with 3 dots
                No dots: Demo day
                """)
            // A line typed after the result is a note, not lost.
            #expect(artifacts.last?.kind == .note)
            #expect(artifacts.last?.text == "looks right")
        }

        /// Items that are numbers (cards) are named by their text, never by position; `#n`
        /// names a position (what a device sends for such items).
        @Test func numericItemsAreNamedByTheirTextAndHashNumbersByPosition() async throws {
            let yaml = """
                id: cards
                title: Cards
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: { options: [1, 2, 3, 5, 8, 13], dots: 2 }
                """
            let rehearsed = try await rehearse(yaml, ["8 13", "4", "5 5", "#1, #2", "/next"])
            #expect(summary(rehearsed.artifacts(of: "vote"), .vote) == [
                "8 | Ana | 1.0", "13 | Ana | 1.0", "5 | Ben | 2.0", "1 | Chen | 1.0", "2 | Chen | 1.0",
            ])
            #expect(rehearsed.announcements.contains { $0.contains("There is no item 4; type the items as written") })
        }

        @Test func badBallotsAreRefusedWithTheReasonAndTheSameVoterIsAskedAgain() async throws {
            let yaml = """
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: { options: [Alpha, Beta, Gamma], dots: 2, max_per_item: 1 }
                """
            let script = ["1 2 3", "7", "1 1", "💥", "99999999999999999999999", "-1", "al", "1 3", "beta"]
            let rehearsed = try await rehearse(yaml, script)
            for message in [
                "Ana: That is 3 dots; you have 2.",
                "Ana: There is no item 7; items are 1 to 3.",
                "Ana: At most 1 dot per item (2 on item 1).",
                "Ana: '💥' is not an item number or an item's text.",
                "Ana: There is no item 99999999999999999999999; items are 1 to 3.",
                "Ana: '-1' is not an item number or an item's text.",
            ] {
                #expect(rehearsed.announcements.contains(message), "missing: \(message)")
            }
            let artifacts = rehearsed.artifacts(of: "vote")
            // "al" is a prefix of Alpha only: one dot, accepted before "1 3" is read for Ben.
            #expect(summary(artifacts, .vote) == ["Alpha | Ana | 1.0", "Alpha | Ben | 1.0", "Gamma | Ben | 1.0", "Beta | Chen | 1.0"])
            #expect(rehearsed.prompts().filter { $0.text.hasPrefix("Ana:") }.count == 7)
        }

        @Test func signedBallotsCountInTheOrderTheyArrive() async throws {
            let rehearsed = try await rehearse(Self.fourOptions, ["Chen: 2", "Ana: 1 1", "4"])
            let artifacts = rehearsed.artifacts(of: "vote")
            // The unsigned last line is Ben's: he is the only one still awaited.
            #expect(summary(artifacts, .vote) == ["Shorter standups | Chen | 1.0", "Pairing Fridays | Ana | 2.0", "No-meeting Wednesdays | Ben | 1.0"])
            #expect(rehearsed.views.contains { $0.progress?.done == ["Chen"] && $0.progress?.awaited == ["Ana", "Ben"] })
            #expect(rehearsed.views.contains { $0.progress?.done == ["Chen"] && $0.items.map(\.tally) == [0, 1, 0, 0] })
            let view = try #require(rehearsed.lastView(of: "vote"))
            #expect(view.progress?.done == ["Chen", "Ana", "Ben"])
            #expect(view.items.map(\.tally) == [2, 1, 0, 1])
            #expect(artifacts.first { $0.kind == .decision }?.text.hasPrefix("1. Pairing Fridays (2 dots); 2. Shorter standups (1 dot)") == true)
        }

        @Test func aSecondBallotFromTheSameVoterIsRefused() async throws {
            let rehearsed = try await rehearse(Self.fourOptions, ["Ana: 1", "Ana: 2 2", "Ben: 3", "Chen: 4"])
            #expect(rehearsed.announcements.contains("Ana has already voted."))
            #expect(summary(rehearsed.artifacts(of: "vote"), .vote) == [
                "Pairing Fridays | Ana | 1.0", "Demo day | Ben | 1.0", "No-meeting Wednesdays | Chen | 1.0",
            ])
            #expect(rehearsed.lastView(of: "vote")?.items.map(\.tally) == [1, 0, 1, 1])
        }

        @Test func aSecretVoteShowsNoBallotBeforeTheResult() async throws {
            let yaml = """
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: { options: [Alpha, Beta], dots: 2, secret: true }
                """
            let rehearsed = try await rehearse(yaml, ["Chen: beta, beta", "Ana: 1", "Ben: pass"])
            let events = rehearsed.events.map(\.event)
            let result = try #require(events.firstIndex { event in
                if case .view(let view) = event { view.notes.first?.hasPrefix("Result") == true } else { false }
            })
            for event in events[..<result] {
                switch event {
                case .view(let view):
                    #expect(view.items.allSatisfy { $0.tally == nil }, "a tally before the result: \(view)")
                    #expect(view.columns.isEmpty && !view.notes.joined().contains("Chen"), "\(view)")
                case .typed(let text, let hidden):
                    #expect(hidden, "a ballot shown as typed: \(text)")
                case .artifact(let artifact):
                    Issue.record("an artifact shown before the result: \(artifact)")
                case .say(let text):
                    #expect(!["Alpha", "Beta", "beta", "abstain", "pass"].contains { text.contains($0) }, "\(text)")
                default:
                    break
                }
            }
            #expect(events[..<result].contains { if case .view(let view) = $0 { view.hidden == 3 } else { false } })
            // The ballots are still recorded, with their voters, and the result shows the dots.
            #expect(summary(rehearsed.artifacts(of: "vote"), .vote) == ["Beta | Chen | 2.0", "Alpha | Ana | 1.0"])
            #expect(rehearsed.lastView(of: "vote")?.items.map(\.tally) == [1, 2])
            #expect(rehearsed.lastView(of: "vote")?.hidden == 0)
        }

        @Test func anEmptyBallotAbstainsAndIsKeptAsAPass() async throws {
            let rehearsed = try await rehearse(Self.fourOptions, ["", "3", "abstain"])
            let artifacts = rehearsed.artifacts(of: "vote")
            #expect(summary(artifacts, .note) == ["passed | Ana | -", "passed | Chen | -"])
            #expect(artifacts.filter { $0.kind == .note }.allSatisfy { $0.category == "pass" })
            #expect(summary(artifacts, .vote) == ["Demo day | Ben | 1.0"])
            #expect(rehearsed.announcements.said("Ana abstains."))
        }

        @Test func secretBallotsAreHiddenAndTheScreenIsClearedBetweenVoters() async throws {
            let yaml = """
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: { options: [Alpha, Beta], dots: 2, secret: true }
                """
            let rehearsed = try await rehearse(yaml, ["1 2", "2 2", "1 1 1", "1"])
            let ballots = rehearsed.prompts().filter { $0.text.contains("your dots") }
            #expect(ballots.count == 4)
            #expect(ballots.allSatisfy { $0.hidden })
            #expect(rehearsed.clears == 3)
            #expect(rehearsed.views.contains { $0.progress?.done == ["Ana"] && $0.progress?.awaited == ["Ben", "Chen"] && $0.hidden == 1 })
            #expect(rehearsed.views.dropLast().allSatisfy { $0.items.allSatisfy { $0.tally == nil } })
            #expect(rehearsed.lastView(of: "vote")?.items.map(\.tally) == [2, 3])
            #expect(!rehearsed.announcements.contains { $0.hasPrefix("Ana:") && $0.contains("Alpha") })
            // A refused secret ballot does not repeat what was typed.
            #expect(rehearsed.announcements.contains("Chen: That is 3 dots; you have 2."))
            #expect(summary(rehearsed.artifacts(of: "vote"), .vote).count == 4)
        }

        @Test func topShowsTheFirstItemsAndThoseTiedWithTheLast() async throws {
            let yaml = """
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: { options: [A, B, C, D], dots: 2, top: 2 }
                """
            let rehearsed = try await rehearse(yaml, ["1 1", "2 3", "4 2"])
            let ranking = try #require(rehearsed.artifacts(of: "vote").first { $0.kind == .decision })
            #expect(ranking.text == "1. A (2 dots); 1. B (2 dots) — tie: A and B with 2 dots")
            let result = try #require(rehearsed.shownNotes.first { $0.hasPrefix("Result") })
            #expect(!result.contains("C —"))
            #expect(!result.contains("No dots"))
        }

        @Test func whenTheTimerEndsTheVoteTheDotsCastAreKeptAndRanked() async throws {
            let yaml = """
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 2m
                    timer: { on_zero: advance }
                    config: { options: [Alpha, Beta, Gamma] }
                """
            let rehearsed = try await rehearse(yaml, ["1 1 2"])
            let artifacts = rehearsed.artifacts(of: "vote")
            #expect(summary(artifacts, .vote) == ["Alpha | Ana | 2.0", "Beta | Ana | 1.0"])
            #expect(artifacts.first { $0.kind == .decision }?.text == "1. Alpha (2 dots); 2. Beta (1 dot)")
            #expect(rehearsed.shownNotes.said("Result: 3 dots from 1 voter (1 of 3 voted before the vote ended)"))
            #expect(rehearsed.result.timings[0].ended == .seconds(120))
        }

        /// `/end` closes the vote while people are awaited (asked twice); the ballots cast count.
        @Test func endDuringTheVoteKeepsTheBallotsCast() async throws {
            let rehearsed = try await rehearse(Self.fourOptions, ["3 3", "/end", "/end", "1"])
            let artifacts = rehearsed.artifacts(of: "vote")
            #expect(summary(artifacts, .vote) == ["Demo day | Ana | 2.0"])
            #expect(artifacts.contains { $0.kind == .decision && $0.text == "1. Demo day (2 dots)" })
        }

        @Test func backRestartsTheTimerAndTheVoteGoesOnWithTheNextVoter() async throws {
            let rehearsed = try await rehearse(Self.fourOptions, ["1 1 2", "/back", "2", "3"])
            let artifacts = rehearsed.artifacts(of: "vote")
            #expect(summary(artifacts, .vote) == ["Pairing Fridays | Ana | 2.0", "Shorter standups | Ana | 1.0",
                                                  "Shorter standups | Ben | 1.0", "Demo day | Chen | 1.0"])
            #expect(rehearsed.announcements.said("The timer starts again; carry on."))
            #expect(rehearsed.shownNotes.said("Result: 5 dots from 3 voters"))
        }

        @Test func nothingToVoteOnIsSaidAndNothingIsInvented() async throws {
            let yaml = """
                id: vote-test
                title: Vote
                steps:
                  - id: ideas
                    handler: timebox
                    duration: 1m
                  - id: vote
                    handler: dot-vote
                    input: ideas
                    duration: 1m
                """
            let rehearsed = try await rehearse(yaml, ["/next", "1 1"])
            #expect(rehearsed.announcements.said("Nothing to vote on"))
            #expect(rehearsed.artifacts(of: "vote").map(\.kind) == [.note])
        }

        @Test func dotsOutOfRangeArePointedAt() throws {
            try expectError("""
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: { options: [A, B], dots: ‸25 }
                """, containing: "config `dots` must be between 1 and 20, not 25")
        }

        @Test func aCapAboveTheDotsIsPointedAt() throws {
            try expectError("""
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config:
                      options: [A, B]
                      dots: 3
                      max_per_item: ‸4
                """, containing: "config `max_per_item` must be between 1 and 3, not 4")
        }

        @Test func aVoteWithoutItemsIsAnError() throws {
            try expectError("""
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: ‸{ dots: 3 }
                """, containing: "`dot-vote` needs items to work on")
        }

        @Test func aRepeatedOptionIsPointedAt() throws {
            try expectError("""
                id: vote-test
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: { options: [Alpha, Beta, ‸alpha] }
                """, containing: "lists 'alpha' twice")
        }
    }

    @Suite struct FistToFive {
        static let proposalYAML = """
            id: fist
            title: Fist to five
            params:
              proposal: { default: Pairing Fridays }
            steps:
              - id: support
                handler: fist-to-five
                duration: 5m
                config: { proposal: "Adopt {{proposal}}", threshold: 3 }
            """

        @Test func votesAreRevealedTogetherConcernsHeardAndTheRevoteDecides() async throws {
            let script = ["4", "2", "five", "Fridays are release days", "4", "3", "5"]
            let rehearsed = try await rehearse(Self.proposalYAML, script)
            let artifacts = rehearsed.artifacts(of: "support")
            let scores = artifacts.filter { $0.kind == .score }
            #expect(scores.map { "\($0.author!) \(Int($0.value!)) \($0.category!)" } == [
                "Ana 4 vote 1", "Ben 2 vote 1", "Chen 5 vote 1", "Ana 4 vote 2", "Ben 3 vote 2", "Chen 5 vote 2",
            ])
            #expect(scores.allSatisfy { $0.text == "Adopt Pairing Fridays" })
            #expect(summary(artifacts, .note) == ["Fridays are release days | Ben | -"])
            #expect(artifacts.first { $0.kind == .note }?.category == "concern")
            let decision = try #require(artifacts.first { $0.kind == .decision })
            #expect(decision.text == "consensus: mean 4.0, lowest 3")
            #expect(decision.category == "Adopt Pairing Fridays")
            #expect(rehearsed.shownNotes.said("Votes: Ana 4 · Ben 2 · Chen 5\nMean 3.7, lowest 2"))
            let histograms = artifacts.filter { $0.kind == .result }
            #expect(histograms.map(\.text) == ["Adopt Pairing Fridays (vote 1)", "Adopt Pairing Fridays (vote 2)"])
            #expect(histograms.map { $0.table?.rows.map { $0[1] } } == [["0", "0", "1", "0", "1", "1"], ["0", "0", "0", "1", "1", "1"]])
            #expect(histograms.first?.table?.columns == ["value", "count"])
            // Every vote is typed hidden, and the screen is cleared after each voter.
            let votePrompts = rehearsed.prompts().filter { $0.text.hasSuffix("0-5?") }
            #expect(votePrompts.count == 6 && votePrompts.allSatisfy { $0.hidden })
            #expect(rehearsed.clears == 6)
            // Nothing is shown before all have voted: the reveal follows the third vote.
            let views = rehearsed.views
            let firstReveal = try #require(views.firstIndex { $0.notes.first?.hasPrefix("Votes:") == true })
            let thirdVote = try #require(views.firstIndex { $0.progress?.done == ["Ana", "Ben", "Chen"] })
            #expect(thirdVote < firstReveal)
            #expect(views[..<firstReveal].allSatisfy { $0.items.allSatisfy { $0.tally == nil } })
            #expect(views[thirdVote].hidden == 3)
            #expect(views[firstReveal].items.map(\.tally) == [0, 0, 1, 0, 1, 1])
        }

        @Test func withoutRevoteConcernsLeaveNoConsensus() async throws {
            let yaml = """
                id: fist
                title: Fist to five
                steps:
                  - id: support
                    handler: fist-to-five
                    duration: 5m
                    prompt: Move the standup to 10:00?
                    config: { revote: false }
                """
            let rehearsed = try await rehearse(yaml, ["1", "2", "4", "too late for me", ""])
            let artifacts = rehearsed.artifacts(of: "support")
            #expect(artifacts.filter { $0.kind == .score }.count == 3)
            #expect(summary(artifacts, .note) == ["too late for me | Ana | -"])
            let decision = try #require(artifacts.first { $0.kind == .decision })
            #expect(decision.text == "no consensus: 2 below 3")
            #expect(decision.category == "Move the standup to 10:00?")
        }

        @Test func withoutProposalOrPromptTheFacilitatorTypesIt() async throws {
            let yaml = """
                id: fist
                title: Fist to five
                steps:
                  - id: support
                    handler: fist-to-five
                    duration: 5m
                """
            let rehearsed = try await rehearse(yaml, ["", "Weekly demos", "3", "4", "pass"])
            let artifacts = rehearsed.artifacts(of: "support")
            #expect(rehearsed.announcements.said("The proposal cannot be empty."))
            #expect(artifacts.filter { $0.kind == .score }.allSatisfy { $0.text == "Weekly demos" })
            #expect(summary(artifacts, .note) == ["passed | Chen | -"])
            #expect(artifacts.first { $0.kind == .decision }?.text == "consensus: mean 3.5, lowest 3")
        }

        @Test func aVoteOutsideZeroToFiveIsRefusedAndAskedAgain() async throws {
            let rehearsed = try await rehearse(Self.proposalYAML, ["7", "", "three and a half", "-1", "３", "3", "4", "5"])
            #expect(rehearsed.announcements.filter { $0 == "Ana: type a whole number from 0 to 5, or pass." }.count == 5)
            let scores = rehearsed.artifacts(of: "support").filter { $0.kind == .score }
            #expect(scores.map { "\($0.author!) \(Int($0.value!))" } == ["Ana 3", "Ben 4", "Chen 5"])
            #expect(rehearsed.artifacts(of: "support").first { $0.kind == .decision }?.text == "consensus: mean 4.0, lowest 3")
        }

        @Test func whenTimeRunsOutTheVotesTypedAreRevealedAndKept() async throws {
            let yaml = """
                id: fist
                title: Fist to five
                steps:
                  - id: support
                    handler: fist-to-five
                    duration: 1m
                    timer: { on_zero: advance }
                    config: { proposal: Ship it }
                """
            let rehearsed = try await rehearse(yaml, ["4", "2"])
            let artifacts = rehearsed.artifacts(of: "support")
            #expect(artifacts.filter { $0.kind == .score }.map { "\($0.author!) \(Int($0.value!))" } == ["Ana 4", "Ben 2"])
            #expect(rehearsed.shownNotes.said("Votes: Ana 4 · Ben 2"))
            #expect(artifacts.first { $0.kind == .decision }?.text == "no consensus: 1 below 3 (2 of 3 voted before the vote ended)")
        }

        @Test func aThresholdOutOfRangeIsPointedAt() throws {
            try expectError("""
                id: fist
                title: Fist to five
                steps:
                  - id: support
                    handler: fist-to-five
                    duration: 5m
                    config:
                      proposal: Ship it
                      threshold: ‸9
                """, containing: "config `threshold` must be between 1 and 5, not 9")
        }

        @Test func roundsAreRefusedInFavourOfRevote() throws {
            try expectError("""
                id: fist
                title: Fist to five
                steps:
                  - id: support
                    handler: fist-to-five
                    duration: 5m
                    rounds: 2
                    config: ‸{ proposal: Ship it }
                """, containing: "runs once per step; remove `rounds: 2`")
        }
    }

    @Suite struct Score {
        static let threeOptions = """
            id: score
            title: Score
            steps:
              - id: rate
                handler: score
                duration: 5m
                config: { options: [Alpha, Beta, Gamma], scale: 1-5, top: 2 }
            """

        @Test func scoresAreRecordedPerItemAndTheTopItemsRankedByMean() async throws {
            let rehearsed = try await rehearse(Self.threeOptions, ["4 2 5", "5,1,4", "3 3 4"])
            let artifacts = rehearsed.artifacts(of: "rate")
            #expect(summary(artifacts, .score) == [
                "Alpha | Ana | 4.0", "Beta | Ana | 2.0", "Gamma | Ana | 5.0",
                "Alpha | Ben | 5.0", "Beta | Ben | 1.0", "Gamma | Ben | 4.0",
                "Alpha | Chen | 3.0", "Beta | Chen | 3.0", "Gamma | Chen | 4.0",
            ])
            let decisions = artifacts.filter { $0.kind == .decision }
            #expect(decisions.map(\.text) == ["Gamma", "Alpha"])
            #expect(decisions.map(\.category) == ["#1 · mean 4.33", "#2 · mean 4"])
            #expect(rehearsed.shownNotes.said("Ranking by mean of 3 scorers:\n1. Gamma — 4.33\n2. Alpha — 4"))
            #expect(rehearsed.shownNotes.said("e.g. \"4 2 5\""))
            // Tallies are live: after Ana's line each item shows her score.
            #expect(rehearsed.views.contains { $0.items.map(\.tally) == [4, 2, 5] && $0.progress?.done == ["Ana"] })
            let view = try #require(rehearsed.lastView(of: "rate"))
            #expect(view.items.map(\.text) == ["Alpha", "Beta", "Gamma"])
            #expect(view.items.map(\.tally) == [4, 2, 13.0 / 3])
            #expect(view.progress?.summary == "3 of 3 have scored")
            let histograms = artifacts.filter { $0.kind == .result && $0.text.hasPrefix("Scores for") }
            #expect(artifacts.first { $0.rankingMethod != nil }?.table?.rows == [["1", "Gamma", "4.33"], ["2", "Alpha", "4"]])
            #expect(histograms.map(\.text) == ["Scores for Alpha", "Scores for Beta", "Scores for Gamma"])
            #expect(histograms[0].table?.rows == [["1", "0"], ["2", "0"], ["3", "1"], ["4", "1"], ["5", "1"]])
            #expect(histograms[2].table?.rows.map { $0[1] } == ["0", "0", "0", "2", "1"])
        }

        @Test func sumsShowTiesExplicitly() async throws {
            let yaml = """
                id: score
                title: Score
                steps:
                  - id: rate
                    handler: score
                    duration: 5m
                    config: { options: [Alpha, Beta, Gamma], scale: 0-10, method: sum }
                """
            let rehearsed = try await rehearse(yaml, ["10 0 7", "5 6 8", "pass"])
            #expect(rehearsed.shownNotes.said("1. Alpha — 15\n1. Gamma — 15\n3. Beta — 6\ntie: Alpha and Gamma with sum 15"))
            let artifacts = rehearsed.artifacts(of: "rate")
            #expect(artifacts.filter { $0.kind == .decision }.map(\.text) == ["Alpha", "Gamma", "Beta"])
            #expect(summary(artifacts, .note) == ["passed | Chen | -"])
        }

        @Test func aLineWithTheWrongScoresIsRefusedWithTheReason() async throws {
            let rehearsed = try await rehearse(Self.threeOptions, ["4 2", "4 2 9", "4 x 5", "4 2 5 1", "99999999999999999999 1 1", "4 2 5", "1 1 1", "2 2 2"])
            for message in [
                "Ana: Give 3 scores, one per item in order (got 2).",
                "Ana: 9 is outside the scale 1-5.",
                "Ana: 'x' is not a whole number from 1-5, or - to abstain.",
                "Ana: Give 3 scores, one per item in order (got 4).",
                "Ana: '999999999999…' is not a whole number from 1-5, or - to abstain.",
            ] {
                #expect(rehearsed.announcements.contains(message), "missing: \(message)")
            }
            #expect(rehearsed.artifacts(of: "rate").filter { $0.kind == .score }.count == 9)
        }

        @Test func whenTimeRunsOutTheScoresGivenAreKeptAndRanked() async throws {
            let yaml = """
                id: score
                title: Score
                steps:
                  - id: rate
                    handler: score
                    duration: 1m
                    timer: { on_zero: advance }
                    config: { options: [Alpha, Beta] }
                """
            let rehearsed = try await rehearse(yaml, ["2 5"])
            let artifacts = rehearsed.artifacts(of: "rate")
            #expect(summary(artifacts, .score) == ["Alpha | Ana | 2.0", "Beta | Ana | 5.0"])
            #expect(artifacts.filter { $0.kind == .decision }.map(\.text) == ["Beta", "Alpha"])
            #expect(rehearsed.shownNotes.said("Ranking by mean of 1 scorer:"))
        }

        @Test func aScaleThatIsNotLowToHighIsPointedAt() throws {
            try expectError("""
                id: score
                title: Score
                steps:
                  - id: rate
                    handler: score
                    duration: 5m
                    config: { options: [A, B], scale: ‸5-1 }
                """, containing: "config `scale` must be like 1-5")
        }

        @Test func anUnknownMethodIsPointedAt() throws {
            try expectError("""
                id: score
                title: Score
                steps:
                  - id: rate
                    handler: score
                    duration: 5m
                    config:
                      options: [A, B]
                      method: ‸median
                """, containing: "config `method` must be one of mean, sum")
        }
    }
}
