import BuiltInHandlers
import RoundtableKit
import Rounds
import RoundtableTesting
import Testing

/// The Rounds handlers through the real runner: turns, timeboxes, groups, check-outs and
/// accountability, with timers running out and located config errors.
@Suite struct RoundsTests {
    static let people = ["Ana", "Ben", "Chen"]

    static func exercise(_ steps: String) -> String {
        """
        id: rounds
        title: Rounds
        roles: { facilitator: per-exercise, scribe: per-step }
        steps:
        \(steps)
        """
    }

    func rehearse(_ steps: String, _ script: [String], people: [String] = Self.people,
                  commitments: [CarriedItem] = []) async throws -> Rehearsed {
        var rehearsal = try Rehearsal(yaml: Self.exercise(steps), handlers: BuiltInHandlers.all, participants: people)
        rehearsal.carried = commitments
        return await rehearsal.run(script)
    }

    func configError(_ steps: String) throws -> (Diagnostic, MarkedYAML) {
        let yaml = try MarkedYAML(Self.exercise(steps))
        let error = try #require(throws: LoadError.self) {
            try Rehearsal(yaml: yaml.text, handlers: BuiltInHandlers.all, participants: Self.people)
        }
        return (try #require(error.diagnostics.first), yaml)
    }

    // MARK: round

    @Test func aRoundGivesEachSpeakerTheirNotesAndLetsThemPass() async throws {
        let rehearsed = try await rehearse("""
              - id: turns
                handler: round
                each: participant
                duration: 30s
            """, ["calm", "curious", "/next", "pass", "tired", "/next"])
        let plan = rehearsed.result.plan
        let speakers = plan.steps[0].segments.compactMap(\.speaker)
        let notes = rehearsed.artifacts(of: "turns")
        // `pass` ends the second speaker's turn by itself: "tired" is the third speaker's.
        #expect(notes.map(\.text) == ["calm", "curious", "passed", "tired"])
        #expect(notes.map(\.author) == [speakers[0], speakers[0], speakers[1], speakers[2]])
        #expect(notes[2].category == "pass")
        #expect(rehearsed.result.timings[0].ended == .zero, "three turns ended by /next, pass and /next, with no time passing")
    }

    @Test func aRoundWhoseTurnsRunOutKeepsWhatWasSaid() async throws {
        let rehearsed = try await rehearse("""
              - id: turns
                handler: round
                each: participant
                duration: 30s
                timer: { on_zero: advance }
            """, ["only the first speaker spoke"])
        #expect(rehearsed.artifacts(of: "turns").map(\.text) == ["only the first speaker spoke"])
        #expect(rehearsed.result.completed)
        #expect(rehearsed.result.elapsed == .seconds(90))
    }

    @Test func aRoundWithoutEachParticipantIsALocatedError() throws {
        let (diagnostic, yaml) = try configError("""
              - ‸id: turns
                handler: round
                duration: 30s
            """)
        #expect(diagnostic.message.contains("add `each: participant`"))
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }

    @Test func aRoundConfigValueOfTheWrongTypeIsReportedAtTheValue() throws {
        let (diagnostic, yaml) = try configError("""
              - id: turns
                handler: round
                each: participant
                duration: 30s
                config: { allow_pass: ‸maybe }
            """)
        #expect(diagnostic.message == "config `allow_pass` must be true or false, not 'maybe'")
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }

    // MARK: timebox

    @Test func aTimeboxKeepsEveryLineAsTheScribesNote() async throws {
        let rehearsed = try await rehearse("""
              - id: talk
                handler: timebox
                duration: 5m
            """, ["we ship on Friday", "", "  ", "Ben owns the release", "/next"])
        let notes = rehearsed.artifacts(of: "talk")
        #expect(notes.map(\.text) == ["we ship on Friday", "Ben owns the release"])
        let scribe = rehearsed.result.plan.steps[0].segments[0].holder(of: "scribe")
        #expect(notes.allSatisfy { $0.author == scribe && $0.kind == .note })
    }

    /// "Name: note" credits the participant named, in a timebox as in a brainstorm; a
    /// colon after anything else is part of the scribe's note.
    @Test func aSignedNoteInATimeboxIsCreditedToThePersonNamed() async throws {
        let rehearsed = try await rehearse("""
              - id: talk
                handler: timebox
                duration: 5m
            """, ["Chen: I can take the release", "Plan: ship Friday", "ben:", "/next"])
        let notes = rehearsed.artifacts(of: "talk")
        let scribe = try #require(rehearsed.result.plan.steps[0].segments[0].holder(of: "scribe"))
        #expect(notes.map(\.text) == ["I can take the release", "Plan: ship Friday"])
        #expect(notes.map(\.author) == ["Chen", scribe])
        #expect(rehearsed.refused(in: "talk").count == 1)
    }

    @Test func aSignedNoteInARoundOrAConsentQuestionIsCreditedToThePersonNamed() async throws {
        let rehearsal = try Rehearsal(yaml: Self.exercise("""
              - id: turns
                handler: round
                each: participant
                duration: 30s
            """), handlers: BuiltInHandlers.all, participants: Self.people)
        let speaker = try #require(rehearsal.plan.steps[0].segments[0].speaker)
        let other = try #require(Self.people.first { $0 != speaker })
        let round = await rehearsal.run(["calm", "\(other.lowercased()): same here", "/next", "/next", "/next"])
        #expect(round.artifacts(of: "turns").map { "\($0.text) | \($0.author ?? "-")" } == ["calm | \(speaker)", "same here | \(other)"])
        let consent = try await rehearse("""
              - id: decide
                handler: consent
                duration: 5m
                config: { proposal: Ship on Fridays }
            """, ["Ben: why Fridays?", "answer: the team is there", "", "/next"])
        let questions = consent.artifacts(of: "decide").filter { $0.category == "question" }
        #expect(questions.map(\.text) == ["why Fridays?"])
        #expect(questions.map(\.author) == ["Ben"])
    }

    @Test func aSignedNoteAfterAVoteIsCreditedToThePersonNamed() async throws {
        let rehearsed = try await rehearse("""
              - id: vote
                handler: dot-vote
                duration: 5m
                config: { options: [Tea, Coffee], dots: 1 }
            """, ["1", "2", "1", "Ben: tea wins again", "a close call", "/next"])
        let scribe = try #require(rehearsed.result.plan.steps[0].segments[0].holder(of: "scribe"))
        let notes = rehearsed.artifacts(of: "vote").filter { $0.kind == .note }
        #expect(notes.map { "\($0.text) | \($0.author ?? "-")" } == ["tea wins again | Ben", "a close call | \(scribe)"])
    }

    @Test func aTimeboxCutByItsTimerKeepsItsLines() async throws {
        let rehearsed = try await rehearse("""
              - id: talk
                handler: timebox
                duration: 1m
                timer: { on_zero: advance }
                config: { kind: decision }
              - id: after
                handler: timebox
                duration: 1m
            """, ["decided before the bell"])
        #expect(rehearsed.artifacts(of: "talk").map(\.kind) == [.decision])
        #expect(rehearsed.artifacts(of: "after").isEmpty)
    }

    @Test func aTimeboxKindOutsideTheListIsALocatedError() throws {
        let (diagnostic, yaml) = try configError("""
              - id: talk
                handler: timebox
                duration: 1m
                config: { kind: ‸ideas }
            """)
        #expect(diagnostic.message.hasPrefix("config `kind` must be one of note, idea, decision"))
        #expect(diagnostic.hint == "did you mean 'idea'?")
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
    }

    // MARK: groups

    @Test func groupsHarvestOneLinePerGroupByAMembersName() async throws {
        let people = ["Ana", "Ben", "Chen", "Dev"]
        let rehearsal = try Rehearsal(yaml: Self.exercise("""
              - id: pairs
                handler: groups
                groups: 2
                rounds: 2
                duration: 2m
            """), handlers: BuiltInHandlers.all, participants: people)
        let rounds = rehearsal.plan.steps[0].segments.map(\.groups)
        let first = rounds[0].map { $0[0] }
        let rehearsed = await rehearsal.run([
            "\(first[0]): pair programming", "a general note", "/next", "\(rounds[1][1][1]): shared docs", "/next",
        ])
        let artifacts = rehearsed.artifacts(of: "pairs")
        #expect(artifacts.map(\.text) == ["pair programming", "a general note", "shared docs"])
        #expect(artifacts.map(\.kind) == [.idea, .note, .idea])
        #expect(artifacts[0].category == rounds[0][0].joined(separator: " + "))
        #expect(artifacts[2].category == rounds[1][1].joined(separator: " + "))
        #expect(rehearsed.views.contains { $0.notes.first?.hasPrefix("No harvest from: ") == true })
        let view = try #require(rehearsed.lastView(of: "pairs"))
        #expect(view.columns.count == rounds[1].count)
        #expect(view.columns[1].cards == [StepView.Card("shared docs", by: rounds[1][1][1])])
    }

    @Test func groupsWithoutAGroupSizeIsALocatedError() throws {
        let (diagnostic, yaml) = try configError("""
              - ‸id: pairs
                handler: groups
                duration: 2m
            """)
        #expect(diagnostic.message.contains("add `groups: 2`"))
        #expect(diagnostic.location?.line == yaml.line)
    }

    @Test func groupsCutByTheTimerKeepTheirHarvest() async throws {
        let rehearsal = try Rehearsal(yaml: Self.exercise("""
              - id: pairs
                handler: groups
                groups: 2
                duration: 2m
                timer: { on_zero: advance }
            """), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen", "Dev"])
        let rehearsed = await rehearsal.run(["Ana: before the bell"])
        #expect(rehearsed.artifacts(of: "pairs").map(\.text) == ["before the bell"])
    }

    // MARK: checkout

    @Test func aCheckoutWithCommitmentsRecordsActionsOwnedByTheSpeaker() async throws {
        let rehearsed = try await rehearse("""
              - id: close
                handler: checkout
                each: participant
                duration: 30s
                config: { commitments: true }
            """, ["write the runbook", "/next", "/next", "book the room", "/next"])
        let speakers = rehearsed.result.plan.steps[0].segments.compactMap(\.speaker)
        let actions = rehearsed.artifacts(of: "close")
        #expect(actions.map(\.kind) == [.action, .action])
        #expect(actions.map(\.owner) == [speakers[0], speakers[2]])
        #expect(rehearsed.report.contains("| write the runbook | \(speakers[0]) | — |"))
    }

    @Test func aCheckoutWithoutTurnsTakesTheOwnerFromTheName() async throws {
        let rehearsed = try await rehearse("""
              - id: close
                handler: checkout
                duration: 2m
                timer: { on_zero: advance }
            """, ["Ben: more pairing", "unsigned takeaway"])
        let notes = rehearsed.artifacts(of: "close")
        #expect(notes.map(\.author) == ["Ben", nil])
        #expect(notes.map(\.text) == ["more pairing", "unsigned takeaway"])
    }

    @Test func aCheckoutCommitmentsValueMustBeABoolean() throws {
        let (diagnostic, yaml) = try configError("""
              - id: close
                handler: checkout
                duration: 2m
                config:
                  commitments: ‸yes
            """)
        #expect(diagnostic.location?.line == yaml.line)
        #expect(diagnostic.location?.column == yaml.column)
        #expect(diagnostic.hint?.contains("write true or false") == true)
    }

    // MARK: accountability

    static let promised = [
        CarriedItem(id: "s1#1", kind: "commitment", text: "write the runbook", owner: "Ana", due: "Friday", session: "s1"),
        CarriedItem(id: "s1#2", kind: "commitment", text: "book the room", owner: "Ben", due: nil, session: "s1"),
        CarriedItem(id: "s1#3", kind: "commitment", text: "try mob Fridays", owner: "Ana", due: nil, session: "s1", status: "not yet"),
    ]

    @Test func accountabilityRecordsAStatusForEachOpenCommitment() async throws {
        let rehearsed = try await rehearse("""
              - id: review
                handler: accountability
                duration: 5m
            """, ["done", "maybe", "not yet: waiting for a room", "x", "the room was busy", "/next"], commitments: Self.promised)
        let decisions = rehearsed.artifacts(of: "review").filter { $0.kind == .decision }
        #expect(decisions.map(\.ref) == ["s1#1", "s1#2", "s1#3"])
        #expect(decisions.map(\.category) == ["done", "not yet", "dropped"])
        let notes = rehearsed.artifacts(of: "review").filter { $0.kind == .note }.map(\.text)
        #expect(notes == ["waiting for a room", "the room was busy"])
        #expect(rehearsed.announcements.contains("Answer done, not yet or dropped (d / n / x)."))
        #expect(rehearsed.report.contains("## Commitments reviewed"))
    }

    @Test func accountabilityPerSpeakerCoversOnlyTheirCommitments() async throws {
        let rehearsal = try Rehearsal(yaml: Self.exercise("""
              - id: review
                handler: accountability
                each: participant
                duration: 1m
                timer: { on_zero: advance }
            """), handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        var withPromises = rehearsal
        withPromises.carried = Self.promised
        let order = rehearsal.plan.steps[0].segments.compactMap(\.speaker)
        // Ana answers both of hers in her turn; Ben's turn runs out unanswered.
        let script = order[0] == "Ana" ? ["done", "dropped", "/next"] : ["/next", "done", "dropped"]
        let rehearsed = await withPromises.run(script)
        let decisions = rehearsed.artifacts(of: "review").filter { $0.kind == .decision }
        #expect(decisions.map(\.ref) == ["s1#1", "s1#3"])
        #expect(decisions.allSatisfy { $0.owner == "Ana" })
    }

    @Test func anActionOfSeveralOwnersIsOneCommitmentReviewedInTheTurnOfTheFirstOwnerWhoSpeaks() async throws {
        let carried = Commitments.carry([.action("Write the runbook", owners: ["Ben", "Chen"], due: "Friday")], session: "s2", known: [])
        #expect(carried.map(\.owner) == ["Ben, Chen"])
        let rehearsal = try Rehearsal(yaml: Self.exercise("""
              - id: review
                handler: accountability
                each: participant
                duration: 1m
                timer: { on_zero: advance }
            """), handlers: BuiltInHandlers.all, participants: ["Ana", "Chen"])
        var withPromises = rehearsal
        withPromises.carried = carried
        let order = rehearsal.plan.steps[0].segments.compactMap(\.speaker)
        // Chen owns it with Ben, who is not in the room: Chen's turn covers it, Ana's does not.
        let script = order[0] == "Chen" ? ["done", "/next"] : ["/next", "done"]
        let rehearsed = await withPromises.run(script)
        let decisions = rehearsed.artifacts(of: "review").filter { $0.kind == .decision }
        #expect(decisions.map(\.ref) == ["s2#1"])
        #expect(decisions.map(\.category) == ["done"])
    }

    @Test func accountabilityWithNothingOpenSaysSoAndKeepsNotes() async throws {
        let rehearsed = try await rehearse("""
              - id: review
                handler: accountability
                duration: 2m
                config: { empty_message: Nothing to review today. }
            """, ["a clean slate", "/next"])
        #expect(rehearsed.lastView(of: "review")?.notes == ["Nothing to review today."])
        #expect(rehearsed.artifacts(of: "review").map(\.text) == ["a clean slate"])
    }
}
