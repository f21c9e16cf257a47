import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Foundation
import Testing
@testable import Voting

/// Labelled and secret scales, abstaining on one item, voting over themes, and cards
/// passed around: run through the real loader, planner, runner and handlers, with typed
/// lines and contributions from devices.
extension VotingAndDecisionsTests {
    @Suite struct LabelledScores {
        static let roti = """
            id: roti
            title: ROTI
            steps:
              - id: roti
                handler: score
                duration: 3m
                config:
                  options: [This meeting]
                  scale: 0-4
                  labels: [waste of time, useful but not worth it, break even, good return, excellent]
            """

        @Test func theWordsOfTheScaleAreOnTheScreenAndOnTheDevicesButtons() async throws {
            let rehearsal = try Rehearsal(yaml: Self.roti, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
            let rehearsed = await rehearsal.run(contributions: [
                Contribution("4", source: .device("Ana")),
                Contribution("7", source: .device("Ben")),
                Contribution("good return", source: .device("Ben")),
                Contribution("Chen: 1"),
            ])
            let first = try #require(rehearsed.views.first)
            #expect(first.notes.contains("0 = waste of time · 1 = useful but not worth it · 2 = break even · 3 = good return · 4 = excellent"))
            #expect(first.entry?.kind == .scores)
            #expect(first.entry?.options == ["0", "1", "2", "3", "4", "-"])
            #expect(first.entry?.labels == ["0 · waste of time", "1 · useful but not worth it", "2 · break even", "3 · good return",
                                            "4 · excellent", "abstain"])
            #expect(rehearsed.announcements.contains("Ben: 7 is outside the scale from 0 · waste of time to 4 · excellent."))
            let artifacts = rehearsed.artifacts(of: "roti")
            #expect(artifacts.filter { $0.kind == .score }.map { "\($0.author!) \(Int($0.value!))" } == ["Ana 4", "Ben 3", "Chen 1"])
            let histogram = try #require(artifacts.first { $0.text == "Scores for This meeting" }?.table)
            #expect(histogram.rows == [["0 · waste of time", "0"], ["1 · useful but not worth it", "1"], ["2 · break even", "0"],
                                       ["3 · good return", "1"], ["4 · excellent", "1"]])
            let table = try #require(artifacts.first { $0.text == "Mean and median per item" }?.table)
            #expect(table.rows == [["This meeting", "2.67", "3", "3", "0"]])
        }

        @Test func aSecretScoreStaysOffEveryScreenUntilTheReveal() async throws {
            let yaml = """
                id: secret
                title: Secret
                steps:
                  - id: rate
                    handler: score
                    duration: 5m
                    config: { options: [Alpha, Beta], scale: 1-5, secret: true }
                """
            let rehearsal = try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen", "Dee"])
            let rehearsed = await rehearsal.run(contributions: [
                Contribution("Ana: 4 1"),
                Contribution("3 -", source: .device("Ben")),
                Contribution("pass", source: .device("Dee")),
                Contribution("5 2", source: .device("Chen")),
            ])
            let events = rehearsed.events.map(\.event)
            let reveal = try #require(events.firstIndex {
                if case .view(let view) = $0 { return view.items.contains { $0.tally != nil } } else { return false }
            })
            for event in events[..<reveal] {
                switch event {
                case .view(let view):
                    #expect(view.items.allSatisfy { $0.tally == nil })
                    #expect(!view.notes.contains { $0.contains("Ranking") })
                case .artifact(let artifact):
                    #expect(artifact.kind != .score && artifact.category != "abstained" && artifact.category != "pass", "\(artifact)")
                case .typed(let text, let hidden):
                    #expect(hidden || !text.contains("4 1"), "\(text)")
                case .say(let text):
                    #expect(!text.contains("passes"), "\(text)")
                default:
                    break
                }
            }
            // The view counts who has scored, and how many answers are hidden.
            #expect(rehearsed.views.contains { $0.progress?.summary == "3 of 4 have scored" && $0.hidden == 3 })
            #expect(rehearsed.prompts().contains { $0.hidden })
            // Revealed together: Beta's mean counts Ana and Chen, Ben abstained on it and Dee passed.
            let last = try #require(rehearsed.lastView(of: "rate"))
            #expect(last.items.map(\.tally) == [4, 1.5])
            #expect(last.hidden == 0)
            let artifacts = rehearsed.artifacts(of: "rate")
            #expect(artifacts.filter { $0.kind == .score }.count == 5)
            #expect(artifacts.filter { $0.category == "abstained" }.map { "\($0.text) \($0.author!)" } == ["Beta Ben"])
            #expect(artifacts.filter { $0.category == "pass" }.map(\.author) == ["Dee"])
            let table = try #require(artifacts.first { $0.text == "Mean and median per item" }?.table)
            #expect(table.rows == [["Alpha", "4", "4", "3", "0"], ["Beta", "1.5", "1.5", "2", "1"]])
        }

        @Test func anAbstentionOnOneItemIsCountedApartNotAsZero() async throws {
            let yaml = """
                id: abstain
                title: Abstain
                steps:
                  - id: rate
                    handler: score
                    duration: 5m
                    config: { options: [Alpha, Beta, Gamma], scale: 0-10, method: sum }
                """
            let rehearsal = try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
            let rehearsed = await rehearsal.run(contributions: [
                Contribution("Ana: 2 - 8"),
                Contribution("abstain 6 -", source: .device("Ben")),
                Contribution("- - -", source: .device("Chen")),
            ])
            let artifacts = rehearsed.artifacts(of: "rate")
            #expect(artifacts.filter { $0.kind == .score }.map { "\($0.text) \($0.author!) \(Int($0.value!))" }
                == ["Alpha Ana 2", "Gamma Ana 8", "Beta Ben 6"])
            #expect(artifacts.filter { $0.category == "abstained" }.count == 6)
            let table = try #require(artifacts.first { $0.text == "Mean and median per item" }?.table)
            #expect(table.rows == [["Gamma", "8", "8", "1", "2"], ["Beta", "6", "6", "1", "2"], ["Alpha", "2", "2", "1", "2"]])
            #expect(rehearsed.shownNotes.said("1. Gamma — 8 (2 abstained)"))
            #expect(rehearsed.shownNotes.said("Ranking by sum of 2 scorers:"))
        }

        @Test func labelsThatDoNotFitTheScaleArePointedAt() throws {
            try expectError("""
                id: score
                title: Score
                steps:
                  - id: rate
                    handler: score
                    duration: 5m
                    config: { options: [A], scale: 1-5, labels: ‸[poor, fine, great] }
                """, containing: "config `labels` has 3 words for the 5 points of the scale 1-5")
            try expectError("""
                id: score
                title: Score
                steps:
                  - id: rate
                    handler: score
                    duration: 5m
                    config: { options: [A], scale: 0-4, labels: { 0: waste, ‸7: superb } }
                """, containing: "config `labels`: '7' is not a point of the scale 0-4")
            try expectError("""
                id: score
                title: Score
                steps:
                  - id: rate
                    handler: score
                    duration: 5m
                    config: { options: [A], scale: 1-2, labels: [good, ‸Good] }
                """, containing: "config `labels` uses 'Good' for two points")
        }
    }

    @Suite struct OverThemes {
        /// Four notes, clustered into two themes and the rest.
        static func exercise(_ vote: String) -> String {
            """
            id: themes
            title: Themes
            steps:
              - id: notes
                handler: timebox
                duration: 2m
              - id: cluster
                handler: cluster
                input: notes
                duration: 5m
            \(vote)
            """
        }

        static let clustering = ["flaky tests", "no onboarding buddy", "slow CI", "unclear goals", "/next",
                                 "theme Tooling: 1 3", "theme People: 2", "done"]

        @Test func aDotVoteOverThemesRanksThemesAndNamesTheirCards() async throws {
            let rehearsed = try await rehearse(Self.exercise("""
                  - id: vote
                    handler: dot-vote
                    input: cluster
                    duration: 5m
                    config: { over: themes, dots: 3 }
                """), Self.clustering + ["1 1 2", "Ben: 1 3", "2 2 3"])
            let view = try #require(rehearsed.lastView(of: "vote"))
            #expect(view.items.map(\.text) == ["Tooling", "People", "Other"])
            #expect(view.items.map(\.detail) == ["2 cards: flaky tests · slow CI", "1 card: no onboarding buddy", "1 card: unclear goals"])
            #expect(view.items.map(\.tally) == [3, 3, 2])
            let artifacts = rehearsed.artifacts(of: "vote")
            #expect(artifacts.filter { $0.kind == .vote }.allSatisfy { ["Tooling", "People", "Other"].contains($0.text) })
            let table = try #require(artifacts.first { $0.text == "Themes ranked, with their cards" }?.table)
            #expect(table.rows == [["1", "Tooling", "3", "flaky tests; slow CI"], ["1", "People", "3", "no onboarding buddy"],
                                   ["3", "Other", "2", "unclear goals"]])
        }

        @Test func aScoreOverThemesKeepsTheCardsInItsTable() async throws {
            let rehearsed = try await rehearse(Self.exercise("""
                  - id: rate
                    handler: score
                    input: cluster
                    duration: 5m
                    config: { over: themes, scale: 1-5 }
                """), Self.clustering + ["5 2 1", "4 - 1", "3 2 1"])
            let table = try #require(rehearsed.artifacts(of: "rate").first { $0.text == "Mean and median per item" }?.table)
            #expect(table.columns == ["item", "mean", "median", "scores", "abstained", "cards"])
            #expect(table.rows == [["Tooling", "4", "4", "3", "0", "flaky tests; slow CI"],
                                   ["People", "2", "2", "2", "1", "no onboarding buddy"],
                                   ["Other", "1", "1", "3", "0", "unclear goals"]])
        }

        @Test func overThemesWithoutAnInputIsPointedAt() throws {
            try expectError("""
                id: vote
                title: Vote
                steps:
                  - id: vote
                    handler: dot-vote
                    duration: 5m
                    config: { options: [A, B], over: ‸themes }
                """, containing: "`over: themes` votes on the themes of an earlier step")
        }
    }

    @Suite struct PassAndScore {
        static let yaml = """
            id: crowd
            title: Crowdsourcing
            steps:
              - id: ideas
                handler: brainstorm
                duration: 5m
                config: { per_person: 1 }
              - id: score
                handler: pass-and-score
                input: ideas
                duration: 10m
                config: { rounds: 3, scale: 1-5, top: 2 }
            """
        static let people = ["Ana", "Ben", "Chen", "Dee"]

        /// Everyone writes one idea from a device, then scores what they hold, Ana and Ben from
        /// the keyboard and the others from their devices.
        func rehearse(seed: UInt64) async throws -> (Rehearsal, Rehearsed) {
            let rehearsal = try Rehearsal(yaml: Self.yaml, handlers: BuiltInHandlers.all, participants: Self.people, seed: seed)
            var contributions = Self.people.map { Contribution("idea of \($0)", source: .device($0)) } + [Contribution("/next")]
            for round in 0..<3 {
                contributions += [Contribution("Ana: \(round + 2)"), Contribution("Ben: \(5 - round)"),
                                  Contribution("4", source: .device("Chen")),
                                  Contribution(round == 1 ? "-" : "1", source: .device("Dee"))]
            }
            return (rehearsal, await rehearsal.run(contributions: contributions))
        }

        @Test(arguments: [UInt64(1), 7, 42]) func eachRoundEveryoneScoresAnotherCardNeverTheirOwn(_ seed: UInt64) async throws {
            let (_, rehearsed) = try await rehearse(seed: seed)
            let scores = rehearsed.artifacts(of: "score").filter { $0.kind == .score || $0.category == "abstained" }
            #expect(scores.count == 12)
            for artifact in scores { #expect(artifact.text != "idea of \(artifact.author!)", "\(artifact)") }
            let held = try #require(rehearsed.artifacts(of: "score").first { $0.text == "Who held which card" }?.table)
            #expect(held.columns == ["round", "held by", "card", "score"])
            let rounds = Dictionary(grouping: held.rows, by: { $0[0] })
            #expect(rounds.keys.sorted() == ["1", "2", "3"])
            for (_, passed) in rounds {
                #expect(Set(passed.map { $0[1] }) == Set(Self.people))
                #expect(Set(passed.map { $0[2] }).count == 4)
            }
            #expect(held.rows.filter { $0[3] == "abstained" }.map { $0[0] + " " + $0[1] } == ["2 Dee"])
            // Nobody holds the same card twice: 3 rounds, 4 cards.
            for person in Self.people {
                let held = scores.filter { $0.author == person }.map(\.text)
                #expect(Set(held).count == 3, "\(person) held \(held)")
            }
        }

        @Test func authorsStayHiddenWhileScoringAndTheSumsAreRanked() async throws {
            let (_, rehearsed) = try await rehearse(seed: 3)
            let events = rehearsed.events.map(\.event)
            let start = try #require(events.firstIndex { if case .stepStarted(let step, _) = $0 { step.id == "score" } else { false } })
            let scoringViews = events[start...].compactMap { if case .view(let view) = $0 { view } else { nil } }.filter { $0.entry != nil }
            #expect(scoringViews.count >= 3)
            for view in scoringViews {
                #expect(view.items.count == 4)
                #expect(view.items.allSatisfy { $0.detail?.hasPrefix("held by ") == true })
                #expect(Set(view.items.map(\.number)).count == 4)
                #expect(view.entry?.options == ["1", "2", "3", "4", "5", "-"])
            }
            #expect(rehearsed.views.contains { $0.progress?.summary == "2 of 4 have scored" })
            let artifacts = rehearsed.artifacts(of: "score")
            let table = try #require(artifacts.first { $0.text == "Cards ranked by their sums" }?.table)
            let sums = artifacts.filter { $0.kind == .score }.reduce(into: [String: Int]()) { $0[$1.text, default: 0] += Int($1.value!) }
            for row in table.rows {
                #expect(Int(row[2]) == sums[row[1]])
                #expect(row[5] == row[1].replacingOccurrences(of: "idea of ", with: ""))
            }
            #expect(zip(table.rows, table.rows.dropFirst()).allSatisfy { Int($0[2])! >= Int($1[2])! })
            #expect(table.rows.map { Int($0[4])! }.reduce(0, +) == 1)
            let last = try #require(rehearsed.lastView(of: "score"))
            #expect(last.entry == nil)
            #expect(last.items.allSatisfy { $0.detail?.hasPrefix("by ") == true })
            #expect(artifacts.filter { $0.kind == .decision }.count >= 2)
        }

        @Test func theSameSeedPassesTheSameWayAndAnotherSeedMayNot() async throws {
            let (one, first) = try await rehearse(seed: 11)
            let (_, again) = try await rehearse(seed: 11)
            let held = { (rehearsed: Rehearsed) in rehearsed.artifacts(of: "score").filter { $0.kind == .score }.map { "\($0.author!)>\($0.text)" } }
            #expect(held(first) == held(again))
            let seeds = try (0..<8).map { seed in
                try Rehearsal(yaml: Self.yaml, handlers: BuiltInHandlers.all, participants: Self.people, seed: UInt64(seed)).plan.steps[1].seed
            }
            #expect(Set(seeds).count == 8)
            #expect(one.plan.steps[1].seed != one.plan.steps[0].seed)
        }
    }

    /// The draw of who holds which card, over many rooms and seeds.
    @Suite struct PassAroundDraw {
        @Test func everyRoundHandsEveryoneADifferentCardNeverTheirOwnAndNoCardTwice() {
            for people in 2...14 {
                for seed in UInt64(0)..<40 {
                    let rounds = min(5, people - 1)
                    let draw = PassAround(people: people, authors: Array(0..<people), rounds: rounds, seed: seed &* 7919 &+ UInt64(people))
                    #expect(draw.holding.count == rounds)
                    var held = Array(repeating: Set<Int>(), count: people)
                    for round in draw.holding {
                        let cards = round.compactMap { $0 }
                        #expect(cards.count == people, "\(people) people, seed \(seed)")
                        #expect(Set(cards).count == people, "\(people) people, seed \(seed)")
                        for person in 0..<people {
                            #expect(round[person] != person, "\(people) people, seed \(seed): \(person) holds their own card")
                            #expect(held[person].insert(round[person]!).inserted, "\(people) people, seed \(seed): a card twice")
                        }
                    }
                }
            }
        }

        @Test func moreCardsOrMorePeopleStillKeepEveryoneOffTheirOwn() {
            for seed in UInt64(0)..<60 {
                // More cards than people: some cards have no author, one person wrote two.
                let authors: [Int?] = [0, 1, 2, 3, nil, nil, 2]
                let many = PassAround(people: 4, authors: authors, rounds: 5, seed: seed)
                for round in many.holding {
                    let cards = round.compactMap { $0 }
                    #expect(cards.count == 4 && Set(cards).count == 4)
                    for person in 0..<4 { #expect(round[person].map { authors[$0] } != person, "seed \(seed)") }
                }
                // More people than cards: some sit out, no card is held twice in a round.
                let few = PassAround(people: 6, authors: [0, 1, 2, 3], rounds: 4, seed: seed)
                for round in few.holding {
                    let cards = round.compactMap { $0 }
                    #expect(cards.count == 4 && Set(cards).count == 4)
                    for person in 0..<4 { #expect(round[person] != person, "seed \(seed)") }
                }
                // Two people who each wrote two cards: still never their own.
                let pairs = PassAround(people: 2, authors: [0, 0, 1, 1], rounds: 3, seed: seed)
                for round in pairs.holding {
                    #expect(round[0].map { [0, 0, 1, 1][$0] } == 1 && round[1].map { [0, 0, 1, 1][$0] } == 0, "seed \(seed): \(round)")
                }
            }
        }

        @Test func theDrawIsAFunctionOfTheSeed() {
            let draws = (UInt64(0)..<20).map { PassAround(people: 8, authors: Array(0..<8), rounds: 5, seed: $0).holding }
            #expect(draws == (UInt64(0)..<20).map { PassAround(people: 8, authors: Array(0..<8), rounds: 5, seed: $0).holding })
            #expect(Set(draws.map { "\($0)" }).count > 10)
        }
    }
}

extension VotingAndDecisionsTests {
    /// The example of docs/FORMAT.md's section on voting, run as written.
    @Suite struct FormatVotingExample {
        static func example() throws -> String {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/FORMAT.md")
            let text = try String(contentsOf: url, encoding: .utf8)
            let start = try #require(text.range(of: "<!-- voting-example -->\n```yaml\n"))
            let end = try #require(text.range(of: "```\n<!-- /voting-example -->", range: start.upperBound..<text.endIndex))
            return String(text[start.upperBound..<end.lowerBound])
        }

        @Test func theDocumentedStepsRunFromDevicesAndTheKeyboard() async throws {
            let yaml = "id: doc\ntitle: Doc\nsteps:\n" + (try Self.example())
            let people = ["Ana", "Ben", "Chen", "Dee"]
            let rehearsal = try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: people, seed: 5)
            var contributions = people.map { Contribution("card of \($0)", source: .device($0)) } + [Contribution("/next")]
            for _ in 0..<3 { contributions += people.map { Contribution("4", source: .device($0)) } }
            contributions += [Contribution("/next"), Contribution("Ana: 3"), Contribution("excellent", source: .device("Ben")),
                              Contribution("Chen: -"), Contribution("1", source: .device("Dee"))]
            let rehearsed = await rehearsal.run(contributions: contributions)
            let passed = rehearsed.artifacts(of: "pass").filter { $0.kind == .score }
            #expect(passed.count == 12)
            #expect(passed.allSatisfy { $0.text != "card of \($0.author!)" })
            let table = try #require(rehearsed.artifacts(of: "roti").first { $0.text == "Mean and median per item" }?.table)
            #expect(table.rows == [["This session", "2.67", "3", "3", "1"]])
        }
    }
}
