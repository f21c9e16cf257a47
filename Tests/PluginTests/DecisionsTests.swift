import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing


/// "text | author | category" for each artifact of `kind`.
private func summary(_ artifacts: [Artifact], _ kind: Artifact.Kind) -> [String] {
    artifacts.filter { $0.kind == kind }.map { [$0.text, $0.author ?? "-", $0.category ?? "-"].joined(separator: " | ") }
}

private func actions(_ artifacts: [Artifact]) -> [String] {
    artifacts.filter { $0.kind == .action }.map { [$0.text, $0.owner ?? "-", $0.due ?? "-", $0.category ?? "-"].joined(separator: " | ") }
}

extension VotingAndDecisionsTests {
    @Suite struct Consent {
        static let fridays = """
            id: consent
            title: Consent
            roles: { facilitator: per-exercise }
            steps:
              - id: decide
                handler: consent
                duration: 10m
                config: { proposal: Pairing Fridays, max_rounds: 2 }
            """

        @Test func questionsReactionsObjectionAmendmentAndConsent() async throws {
            let script = [
                "What about on-call weeks?", "answer: on-call pairs too", "amend:", "",
                "Love it", "", "Worried about releases",
                "consent", "maybe", "object", "object: Fridays are release days", "stand aside",
                "perhaps later", "amend: Pairing Thursdays",
                "consent", "Consent", "I consent",
            ]
            let rehearsal = try Rehearsal(yaml: Self.fridays, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
            let facilitator = try #require(rehearsal.plan.steps[0].segments[0].holder(of: "facilitator"))
            let rehearsed = await rehearsal.run(script)
            let artifacts = rehearsed.artifacts(of: "decide")
            #expect(summary(artifacts, .note) == [
                "What about on-call weeks? | - | question",
                "on-call pairs too | - | answer",
                "Love it | Ana | reaction", "passed | Ben | pass", "Worried about releases | Chen | reaction",
                "consent | Ana | consent", "Fridays are release days | Ben | objection", "stand aside | Chen | stand aside",
                "Pairing Thursdays | \(facilitator) | amendment",
                "consent | Ana | consent", "consent | Ben | consent", "consent | Chen | consent",
            ])
            #expect(summary(artifacts, .decision) == ["consented: Pairing Thursdays | - | consent"])
            for message in [
                "Type the new proposal after \"amend:\".",
                "Ben: Answer consent, object: <reason>, or stand aside.",
                "Ben: Say why: object: <reason>.",
                "Type \"amend: <new proposal>\", or \"close\".",
            ] {
                #expect(rehearsed.announcements.said(message), "missing: \(message)")
            }
            #expect(rehearsed.shownNotes.said("Objections:\n- Ben: Fridays are release days"))
            let view = try #require(rehearsed.lastView(of: "decide"))
            #expect(view.prompt == "Pairing Thursdays")
            #expect(view.notes == ["Consented: Pairing Thursdays", "Stood aside: Chen"] || view.notes == ["Consented: Pairing Thursdays"])
            #expect(view.items.map(\.tally) == [3, 0, 0])
            #expect(view.progress?.summary == "3 of 3 have answered")
            // The first round's tally was on screen: one consent, one objection, one stand aside.
            #expect(rehearsed.views.contains { $0.items.map(\.tally) == [1, 1, 1] })
        }

        @Test func afterTheLastRoundTheObjectionsStandInTheDecision() async throws {
            let yaml = """
                id: consent
                title: Consent
                steps:
                  - id: decide
                    handler: consent
                    duration: 10m
                    prompt: Move the retro to Thursdays
                    config: { max_rounds: 1 }
                """
            let rehearsed = try await rehearse(yaml, ["", "", "", "", "consent", "objection - too costly", "aside"])
            let artifacts = rehearsed.artifacts(of: "decide")
            #expect(summary(artifacts, .decision) == [
                "not consented: Move the retro to Thursdays; stood aside: Chen; objections: Ben: too costly | - | consent",
            ])
            #expect(rehearsed.announcements.said("That was the last consent round (max_rounds: 1)."))
        }

        @Test func theFacilitatorCanCloseWithoutConsent() async throws {
            let rehearsed = try await rehearse(Self.fridays, ["", "", "", "", "object: no budget", "consent", "consent", "close", "we try again next month"])
            let artifacts = rehearsed.artifacts(of: "decide")
            #expect(summary(artifacts, .decision) == ["not consented: Pairing Fridays; objections: Ana: no budget | - | consent"])
            #expect(artifacts.last?.text == "we try again next month")
            #expect(rehearsed.lastView(of: "decide")?.notes == ["Not consented: Pairing Fridays", "- Ana: no budget"])
        }

        @Test func whenTimeRunsOutTheDecisionSaysSoAndKeepsWhatWasSaid() async throws {
            let yaml = """
                id: consent
                title: Consent
                steps:
                  - id: decide
                    handler: consent
                    duration: 2m
                    timer: { on_zero: advance }
                    config: { proposal: Pairing Fridays }
                """
            let rehearsed = try await rehearse(yaml, ["Why Fridays?", "", "Love it"])
            let artifacts = rehearsed.artifacts(of: "decide")
            #expect(summary(artifacts, .note) == ["Why Fridays? | - | question", "Love it | Ana | reaction"])
            #expect(summary(artifacts, .decision) == ["not consented (time ran out): Pairing Fridays | - | consent"])
        }

        @Test func maxRoundsOutOfRangeIsPointedAt() throws {
            try expectError("""
                id: consent
                title: Consent
                steps:
                  - id: decide
                    handler: consent
                    duration: 10m
                    config:
                      proposal: Pairing Fridays
                      max_rounds: ‸0
                """, containing: "config `max_rounds` must be between 1 and 10, not 0")
        }
    }

    @Suite struct DecisionDrill {
        static let twoRounds = """
            id: drill
            title: Drill
            roles: { decider: per-round }
            steps:
              - id: drill
                handler: decision-drill
                duration: 3m
                rounds: 2
                config:
                  scenarios: ["Data loss at 5 pm on a Friday", "A partner's build is broken"]
                  options: [Fix now, Roll back, Wait]
            """

        @Test func oneScenarioPerRoundSecretAnswersRevealedThenExplainedAndDebriefed() async throws {
            let rehearsal = try Rehearsal(yaml: Self.twoRounds, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
            let deciders = rehearsal.plan.steps[0].segments.compactMap { $0.holder(of: "decider") }
            try #require(deciders.count == 2)
            let script = [
                "1", "roll", "Fix now", "Customers come first", "Ben: rolling back is safer", "check the backups", "/next",
                "2", "9", "2", "wait", "", "/next",
            ]
            let rehearsed = await rehearsal.run(script)
            let artifacts = rehearsed.artifacts(of: "drill")
            let first = "Data loss at 5 pm on a Friday", second = "A partner's build is broken"
            #expect(summary(artifacts, .vote) == [
                "Fix now | Ana | \(first)", "Roll back | Ben | \(first)", "Fix now | Chen | \(first)",
                "Roll back | Ana | \(second)", "Roll back | Ben | \(second)", "Wait | Chen | \(second)",
            ])
            #expect(summary(artifacts, .decision) == ["split: Fix now 2, Roll back 1 | - | \(first)", "split: Roll back 2, Wait 1 | - | \(second)"])
            #expect(summary(artifacts, .note) == [
                "Customers come first | \(deciders[0]) | \(first)",
                "rolling back is safer | Ben | \(first)",
                "check the backups | - | \(first)",
            ])
            #expect(artifacts.filter { $0.kind == .vote }.map(\.round) == [1, 1, 1, 2, 2, 2])
            #expect(rehearsed.shownNotes.said("\(deciders[1]) (decider) explains first."))
            #expect(rehearsed.views.contains { $0.turn?.speaker == deciders[0] })
            #expect(rehearsed.prompts().contains { $0.text == "\(deciders[0]) (decider): why that choice? (empty line: skip)" })
            #expect(rehearsed.announcements.said("Ben: pick 1 to 3 or an option's text, or pass."))
            #expect(rehearsed.shownNotes.said("Answers:\n  Ana: Fix now\n  Ben: Roll back\n  Chen: Fix now\nSplit: Fix now 2, Roll back 1"))
            let revealed = try #require(rehearsed.views.first { $0.notes.first == "Answers:" })
            #expect(revealed.items.map(\.text) == ["Fix now", "Roll back", "Wait"])
            #expect(revealed.items.map(\.tally) == [2, 1, 0])
            // Before the reveal the options carry no counts and the answers are hidden.
            #expect(rehearsed.views.contains { $0.hidden == 2 && $0.items.allSatisfy { $0.tally == nil } })
            let answerPrompts = rehearsed.prompts().filter { $0.text.hasSuffix("your answer?") }
            #expect(answerPrompts.count == 7 && answerPrompts.allSatisfy { $0.hidden })
            #expect(rehearsed.clears == 6)
        }

        @Test func aNoteSignedBySomeoneElseWhileTheExplainerIsAwaitedIsTheirs() async throws {
            let rehearsal = try Rehearsal(yaml: Self.twoRounds, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
            let decider = try #require(rehearsal.plan.steps[0].segments.first?.holder(of: "decider"))
            let other = try #require(["Ana", "Ben", "Chen"].first { $0 != decider })
            let script = ["1", "roll", "Fix now", "\(other): we hire for ourselves", "Customers come first", "/next", "/next"]
            let rehearsed = await rehearsal.run(script)
            let first = "Data loss at 5 pm on a Friday"
            #expect(summary(rehearsed.artifacts(of: "drill"), .note) == [
                "we hire for ourselves | \(other) | \(first)",
                "Customers come first | \(decider) | \(first)",
            ])
        }

        @Test func withoutRoundsAllScenariosRunInOneStepAndRevealFalseHidesWhoAnsweredWhat() async throws {
            let yaml = """
                id: drill
                title: Drill
                steps:
                  - id: drill
                    handler: decision-drill
                    duration: 5m
                    config:
                      scenarios: [Server down at midnight, Budget cut by half]
                      reveal: false
                """
            let script = [
                "", "Call the on-call", "call the ON-CALL", "Escalate", "wake the team lead", "",
                "pass", "Cut travel", "cut travel", "Ben: travel is cheap to cut", "Ben:", "/next",
            ]
            let rehearsed = try await rehearse(yaml, script)
            let artifacts = rehearsed.artifacts(of: "drill")
            #expect(summary(artifacts, .vote) == [
                "Call the on-call | - | Server down at midnight", "Call the on-call | - | Server down at midnight",
                "Escalate | - | Server down at midnight",
                "Cut travel | - | Budget cut by half", "Cut travel | - | Budget cut by half",
            ])
            #expect(summary(artifacts, .decision) == [
                "split: Call the on-call 2, Escalate 1 | - | Server down at midnight",
                "unanimous: Cut travel (2) | - | Budget cut by half",
            ])
            #expect(summary(artifacts, .note) == [
                "wake the team lead | - | Server down at midnight",
                "passed | Ana | pass",
                "travel is cheap to cut | Ben | Budget cut by half",
            ])
            #expect(rehearsed.announcements.said("Ana: type your answer, or pass."))
            #expect(rehearsed.announcements.said("Type the note after the name"))
            #expect(!rehearsed.announcements.contains { $0.contains("Ana: Call") })
        }

        @Test func whenARoundEndsDuringTheAnswersThoseTypedAreRevealedAndKept() async throws {
            let yaml = """
                id: drill
                title: Drill
                steps:
                  - id: drill
                    handler: decision-drill
                    duration: 1m
                    rounds: 2
                    timer: { on_zero: advance }
                    config:
                      scenarios: [First, Second]
                      options: [Go, Stop]
                """
            let rehearsed = try await rehearse(yaml, ["1"])
            let artifacts = rehearsed.artifacts(of: "drill")
            #expect(summary(artifacts, .vote) == ["Go | Ana | First"])
            #expect(summary(artifacts, .decision) == ["unanimous: Go (1) (1 of 3 answered before time ran out) | - | First"])
            #expect(rehearsed.views.contains { $0.prompt == "Second" && $0.notes.first?.hasPrefix("Scenario 2 of 2") == true })
            #expect(rehearsed.lastView(of: "drill")?.notes == ["No answers."])
        }

        /// A drill over the items of an earlier step: one scenario naming `{{item}}` plays once
        /// per item, with no `rounds:` to match; it validates, plans and runs.
        @Test func inAForEachStepOneScenarioNamingTheItemIsPlayedForEachItem() async throws {
            let yaml = """
                id: poker
                title: Poker
                steps:
                  - id: stories
                    handler: brainstorm
                    duration: 2m
                  - id: play
                    handler: decision-drill
                    for_each: { from: stories, top: 10 }
                    duration: 2m
                    config:
                      scenarios: ["Estimate: {{item}}"]
                      options: [Small, Medium, Large]
                      explainer_role: facilitator
                """
            let rehearsal = try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
            #expect(rehearsal.plan.steps[1].segments.count == 10)
            let rehearsed = await rehearsal.run([
                "Ana: login page", "Ben: search", "/next",
                "small", "1", "Medium", "", "Chen: the form is long", "/next",
                "3", "L", "large", "", "/next",
            ])
            #expect(rehearsed.result.completed)
            let artifacts = rehearsed.artifacts(of: "play")
            #expect(summary(artifacts, .decision) == [
                "split: Small 2, Medium 1 | - | Estimate: login page", "unanimous: Large (3) | - | Estimate: search",
            ])
            #expect(artifacts.filter { $0.kind == .decision }.map(\.item) == ["login page", "search"])
            #expect(summary(artifacts, .note) == ["the form is long | Chen | Estimate: login page"])
            #expect(!rehearsed.shownNotes.said("Scenario 1 of 1"))
        }

        /// Cards that are numbers are picked by their text, never by position: "8" is the
        /// card 8, and a number that is no card is refused.
        @Test func numericOptionsArePickedByTheirTextNotTheirPosition() async throws {
            let yaml = """
                id: poker
                title: Poker
                steps:
                  - id: drill
                    handler: decision-drill
                    duration: 3m
                    config:
                      scenarios: [The login page]
                      options: [1, 2, 3, 5, 8, 13]
                """
            let rehearsed = try await rehearse(yaml, ["8", "4", "13", "5", "/next"])
            #expect(summary(rehearsed.artifacts(of: "drill"), .vote) == [
                "8 | Ana | The login page", "13 | Ben | The login page", "5 | Chen | The login page",
            ])
            #expect(rehearsed.announcements.said("Ben: type one of the options as written, or pass."))
            #expect(StepContext.match("8", in: ["1", "2", "3", "5", "8", "13"]) == 4)
            #expect(StepContext.match("4", in: ["1", "2", "3", "5", "8", "13"]) == nil)
            #expect(StepContext.match("2", in: ["Fix now", "Roll back"]) == 1)
            #expect(StepContext.match("roll", in: ["Fix now", "Roll back"]) == 1)
            #expect(StepContext.match("2 Sell", in: ["1 Tell", "2 Sell"]) == 1)
        }

        @Test func anEmptyScenarioListIsPointedAt() throws {
            try expectError("""
                id: drill
                title: Drill
                steps:
                  - id: drill
                    handler: decision-drill
                    duration: 3m
                    config: { scenarios: ‸[] }
                """, containing: "config `scenarios` must not be empty")
        }

        @Test func roundsThatDoNotMatchTheScenariosArePointedAt() throws {
            try expectError("""
                id: drill
                title: Drill
                steps:
                  - id: drill
                    handler: decision-drill
                    duration: 3m
                    rounds: 3
                    config:
                      scenarios: ‸[One, Two]
                """, containing: "`rounds: 3` plays one scenario per round, but 2 scenarios are listed")
        }
    }

    @Suite struct ActionItems {
        @Test func ideasThenDotVoteThenActionsEndToEnd() async throws {
            let yaml = """
                id: chain
                title: Ideas to actions
                roles: { facilitator: per-exercise, scribe: per-step }
                steps:
                  - id: ideas
                    handler: timebox
                    duration: 5m
                    config: { kind: idea }
                  - id: vote
                    handler: dot-vote
                    input: ideas
                    duration: 3m
                    config: { dots: 3, max_per_item: 2 }
                  - id: actions
                    handler: action-items
                    input: vote
                    duration: 5m
                    config: { top: 2 }
                """
            let script = [
                "Pairing Fridays", "Shorter standups", "Demo day", "/next",
                "1 1 2", "2 3", "1 3", "/next",
                "Try pairing every Friday", "zoe", "ben", "next Friday",
                "Standups of 15 minutes @Chen due:2026-12-01",
                "Book a demo slot @ana due: Friday", "Order snacks", "Order snacks @Dev", "/next",
            ]
            let rehearsed = try await rehearse(yaml, script)
            #expect(rehearsed.artifacts(of: "ideas").map(\.text) == ["Pairing Fridays", "Shorter standups", "Demo day"])
            #expect(rehearsed.artifacts(of: "vote").contains {
                $0.kind == .decision && $0.text.hasPrefix("1. Pairing Fridays (3 dots); 2. Shorter standups (2 dots); 2. Demo day (2 dots)")
            })
            #expect(actions(rehearsed.artifacts(of: "actions")) == [
                "Try pairing every Friday | Ben | next Friday | Pairing Fridays",
                "Standups of 15 minutes | Chen | 2026-12-01 | Shorter standups",
                "Book a demo slot | Ana | Friday | -",
            ])
            let view = try #require(rehearsed.lastView(of: "actions"))
            #expect(view.prompt == "Actions for the top 2")
            #expect(view.items.map(\.text) == ["Pairing Fridays", "Shorter standups", "Book a demo slot"])
            #expect(view.items.map(\.tally) == [3, 2, nil])
            #expect(view.items.map(\.detail) == [
                "action: Try pairing every Friday — Ben, due next Friday", "action: Standups of 15 minutes — Chen, due 2026-12-01",
                "Ana, due Friday",
            ])
            #expect(rehearsed.announcements.said("zoe is not a participant; the owner is one of: Ana, Ben, Chen."))
            #expect(rehearsed.announcements.said("Who owns it? Add @Name (one of: Ana, Ben, Chen)."))
            #expect(rehearsed.announcements.said("@Dev is not a participant; the owner is one of: Ana, Ben, Chen."))
            #expect(!rehearsed.artifacts(of: "actions").contains { $0.kind == .note })
            #expect(rehearsed.report.contains("| Try pairing every Friday | Ben | next Friday |"))
            #expect(rehearsed.result.completed)
        }

        @Test func withoutRequiredOwnersOrDatesItemsCanBeSkippedAndOwnersLeftOut() async throws {
            let yaml = """
                id: actions
                title: Actions
                steps:
                  - id: notes
                    handler: timebox
                    duration: 5m
                  - id: actions
                    handler: action-items
                    input: notes
                    duration: 5m
                    config: { top: 2, require_owner: false, due: false }
                """
            let script = [
                "Flaky tests", "Slow reviews", "Long meetings", "/next",
                "skip", "Review within a day", "", "@Ben", "Write a guide", "",
            ]
            let rehearsed = try await rehearse(yaml, script)
            #expect(actions(rehearsed.artifacts(of: "actions")) == [
                "Review within a day | - | - | Slow reviews",
                "Write a guide | - | - | -",
            ])
            #expect(rehearsed.lastView(of: "actions")?.items.first?.detail == "no action")
            #expect(rehearsed.announcements.said("Type what will be done before @Owner"))
            #expect(!rehearsed.prompts().contains { $0.text.hasPrefix("Due?") })
        }

        @Test func anActionWithoutItsOwnerYetIsKeptWhenTimeRunsOut() async throws {
            let yaml = """
                id: actions
                title: Actions
                steps:
                  - id: notes
                    handler: timebox
                    duration: 1m
                  - id: actions
                    handler: action-items
                    input: notes
                    duration: 1m
                    timer: { on_zero: advance }
                """
            let rehearsed = try await rehearse(yaml, ["Flaky tests", "/next", "Quarantine flaky tests", ""])
            #expect(rehearsed.announcements.said("An action needs an owner: one of Ana, Ben, Chen."))
            #expect(actions(rehearsed.artifacts(of: "actions")) == ["Quarantine flaky tests | - | - | Flaky tests"])
            #expect(rehearsed.result.completed)
        }

        @Test func topOutOfRangeIsPointedAt() throws {
            try expectError("""
                id: actions
                title: Actions
                steps:
                  - id: notes
                    handler: timebox
                    duration: 5m
                  - id: actions
                    handler: action-items
                    input: notes
                    duration: 5m
                    config: { top: ‸0 }
                """, containing: "config `top` must be between 1 and 50, not 0")
        }

        @Test func actionItemsWithoutInputIsAnError() throws {
            try expectError("""
                id: actions
                title: Actions
                steps:
                  - id: actions
                    handler: action-items
                    duration: 5m
                    config: ‸{ top: 2 }
                """, containing: "`action-items` turns the items of an earlier step into actions")
        }
    }
}
