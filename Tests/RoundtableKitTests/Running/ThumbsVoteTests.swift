import Clocks
import ConcurrencyExtras
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// A thumbs vote that steers time (`extend_vote:`): loading, the clock's decisions at exact
/// instants, ballots through the session machine, and the real engine with a test clock,
/// keyboard and device votes, a resume in the middle of a vote and the report.
@Suite(.serialized) struct ThumbsVoteTests {
    typealias H = LoaderHarness

    /// A 5-minute talk that the room may extend by 4m, then 2m; then a closing minute.
    static let talk = """
        id: talk
        title: Talk
        steps:
          - id: talk
            handler: timebox
            duration: 5m
            extend_vote: [4m, 2m]
          - id: close
            handler: timebox
            duration: 1m
        """

    // MARK: Loading

    @Test func aListOrAHalvingStartGivesTheExtensions() throws {
        #expect(try H.exercise(Self.talk).steps[0].structure.extendVote == [.seconds(240), .seconds(120)])
        let halving = try H.exercise(Self.talk.replacingOccurrences(of: "[4m, 2m]", with: "4m"))
        #expect(halving.steps[0].structure.extendVote == [.seconds(240), .seconds(120), .seconds(60), .seconds(30)])
        let plan = try Fixtures.plan(Self.talk)
        #expect(plan.steps[0].thumbsVote == ThumbsVote(extensions: [.seconds(240), .seconds(120)]))
        #expect(plan.steps[1].thumbsVote == nil)
    }

    @Test func theVoteIsPartOfThePlansFingerprintSoAResumeNoticesAChange() throws {
        let voting = try Fixtures.plan(Self.talk)
        let other = try Fixtures.plan(Self.talk.replacingOccurrences(of: "[4m, 2m]", with: "[4m, 1m]"))
        let none = try Fixtures.plan(Self.talk.replacingOccurrences(of: "    extend_vote: [4m, 2m]\n", with: ""))
        #expect(voting.fingerprint != other.fingerprint)
        #expect(voting.fingerprint != none.fingerprint)
        #expect(voting.stepFingerprints[1] == none.stepFingerprints[1])
    }

    @Test func anExtensionNoShorterThanTheOneBeforeIsAnErrorWhereItIsWritten() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: talk
                handler: timebox
                duration: 5m
                extend_vote: [2m, ‸3m]
            """)
        let diagnostic = try H.diagnostic(.invalidExtendVote, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.message.contains("shorter than the one before"))
    }

    @Test func aVoteOnAStepOfTurnsOrOneThatCountsUpIsAnError() throws {
        let turns = try MarkedYAML("""
            id: x
            title: X
            steps:
              - id: share
                handler: round
                each: participant
                duration: 1m
                extend_vote: ‸[1m]
            """)
        let diagnostic = try H.diagnostic(.extendVoteWithoutTimebox, in: try H.diagnostics(turns.text))
        #expect(diagnostic.location == turns.location(in: H.file))
        let countUp = try H.diagnostics("""
            id: x
            title: X
            steps:
              - id: talk
                handler: timebox
                duration: 5m
                timer: { on_zero: count-up }
                extend_vote: 1m
            """)
        #expect(countUp.map(\.code) == [.extendVoteWithoutTimebox])
        let words = try H.diagnostics(Self.talk.replacingOccurrences(of: "[4m, 2m]", with: "soon"))
        #expect(words.map(\.code) == [.invalidExtendVote])
    }

    /// The example of docs/FORMAT.md's section, after the steps it names, plans and votes.
    @Test func theFormatReferenceExampleRunsAndItsTopicsTakeAVote() throws {
        let doc = try String(contentsOf: DiagnosticCodeTests.formatFile, encoding: .utf8)
        let section = try #require(doc.range(of: "### Thumbs votes that steer time"))
        let open = try #require(doc.range(of: "```yaml\n", range: section.upperBound..<doc.endIndex))
        let close = try #require(doc.range(of: "```", range: open.upperBound..<doc.endIndex))
        let example = String(doc[open.upperBound..<close.lowerBound])
        let yaml = """
            id: example
            title: Example
            steps:
              - id: propose
                handler: brainstorm
                duration: 2m
              - id: vote
                handler: dot-vote
                input: propose
                duration: 2m

            """ + example
        let plan = try Fixtures.plan(yaml)
        #expect(plan.steps[2].thumbsVote?.extensions == [.seconds(240), .seconds(120), .seconds(60)])
        var machine = RunnerMachine(plan: plan)
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.command(.next), at: .seconds(10))
        _ = machine.handle(.stepClosed, at: .seconds(10))
        _ = machine.handle(.command(.next), at: .seconds(20))
        _ = machine.handle(.itemsKnown(step: 2, count: 2), at: .seconds(20))
        _ = machine.handle(.stepClosed, at: .seconds(20))
        #expect(machine.handle(.alarm, at: .seconds(440)).first == .voteOpened(step: 2, segment: 0, offered: .seconds(240), closes: .seconds(470)))
    }

    // MARK: The clock, at exact instants

    /// A machine whose talk has just reached zero: the vote is open.
    func votingMachine() throws -> RunnerMachine {
        var machine = RunnerMachine(plan: try Fixtures.plan(Self.talk))
        #expect(machine.handle(.start, at: .zero) == [
            .beginStep(0), .beginSegment(step: 0, segment: 0, deadline: .seconds(300)), .setAlarm(.seconds(240)),
        ])
        _ = machine.handle(.alarm, at: .seconds(240))
        _ = machine.handle(.alarm, at: .seconds(290))
        #expect(machine.handle(.alarm, at: .seconds(300)) == [
            .voteOpened(step: 0, segment: 0, offered: .seconds(240), closes: .seconds(330)), .setAlarm(.seconds(330)),
        ])
        return machine
    }

    @Test func moreThumbsUpExtendByTheNextExtensionEachShorterThenTheTimerRules() throws {
        var machine = try votingMachine()
        #expect(machine.handle(.thumb(voter: "Ana", .up), at: .seconds(305)) == [.voteCounted(ThumbCount(up: 1), voters: ["Ana"])])
        _ = machine.handle(.thumb(voter: "Ben", .up), at: .seconds(306))
        // Ana changes her mind: her latest thumb counts, once.
        #expect(machine.handle(.thumb(voter: "Ana", .down), at: .seconds(307)) == [
            .voteCounted(ThumbCount(up: 1, down: 1), voters: ["Ana", "Ben"]),
        ])
        // Chen is the last of three: the vote closes at once, and the extension runs from now.
        let closed = machine.handle(.thumb(voter: "Chen", .up), at: .seconds(310))
        let first = ThumbsVoteRecord(segment: 0, round: 1, item: nil, number: 1, offered: .seconds(240), opened: .seconds(300),
                                     closed: .seconds(310), count: ThumbCount(up: 2, down: 1), voters: ["Ana", "Ben", "Chen"],
                                     outcome: .extended(.seconds(240)))
        #expect(closed == [.voteClosed(first), .extended(by: .seconds(240), deadline: .seconds(550)), .setAlarm(.seconds(490))])
        // The second vote offers the shorter extension; a typed tally counts the room.
        _ = machine.handle(.alarm, at: .seconds(490))
        _ = machine.handle(.alarm, at: .seconds(540))
        #expect(machine.handle(.alarm, at: .seconds(550)) == [
            .voteOpened(step: 0, segment: 0, offered: .seconds(120), closes: .seconds(580)), .setAlarm(.seconds(580)),
        ])
        let second = machine.handle(.thumbTally(ThumbCount(up: 2, sideways: 1)), at: .seconds(556))
        #expect(second.contains(.extended(by: .seconds(120), deadline: .seconds(676))))
        // No extension is left: the timer's own on_zero (a bell) applies.
        _ = machine.handle(.alarm, at: .seconds(666))
        #expect(machine.handle(.alarm, at: .seconds(676)) == [.timeUp(advancing: false)] + [.setAlarm(nil)])
        #expect(machine.timings[0].votes.map(\.outcome) == [.extended(.seconds(240)), .extended(.seconds(120))])
    }

    @Test func moreThumbsDownMoveOn() throws {
        var machine = try votingMachine()
        _ = machine.handle(.thumb(voter: "Ana", .down), at: .seconds(301))
        _ = machine.handle(.thumb(voter: "Ben", .down), at: .seconds(302))
        let closed = machine.handle(.thumb(voter: "Chen", .up), at: .seconds(303))
        #expect(closed.dropFirst() == [.setAlarm(nil), .endStep(0, skipped: false)])
        #expect(machine.timings[0].votes.first?.outcome == .movedOn)
    }

    @Test func aTieMovesOn() throws {
        var machine = try votingMachine()
        _ = machine.handle(.thumb(voter: "Ana", .up), at: .seconds(301))
        _ = machine.handle(.thumb(voter: "Ben", .down), at: .seconds(302))
        let closed = machine.handle(.thumb(voter: "Chen", .sideways), at: .seconds(303))
        #expect(closed.last == .endStep(0, skipped: false))
        #expect(machine.timings[0].votes.first?.count == ThumbCount(up: 1, sideways: 1, down: 1))
        #expect(machine.timings[0].votes.first?.outcome == .movedOn)
    }

    @Test func nobodyVotingMovesOnWhenTheWindowCloses() throws {
        var machine = try votingMachine()
        // Input ending keeps the vote open: devices may still vote.
        #expect(machine.handle(.inputClosed, at: .seconds(310)) == [.setAlarm(.seconds(330))])
        let closed = machine.handle(.alarm, at: .seconds(330))
        let record = ThumbsVoteRecord(segment: 0, round: 1, item: nil, number: 1, offered: .seconds(240), opened: .seconds(300),
                                      closed: .seconds(330), count: ThumbCount(), voters: [], outcome: .movedOn)
        #expect(closed == [.voteClosed(record), .setAlarm(nil), .endStep(0, skipped: false)])
    }

    @Test func nextCountsTheVoteNowAndOtherCommandsSetItAside() throws {
        var counted = try votingMachine()
        _ = counted.handle(.thumb(voter: "Ana", .up), at: .seconds(301))
        #expect(counted.handle(.command(.next), at: .seconds(305)).contains(.extended(by: .seconds(240), deadline: .seconds(545))))

        var skipped = try votingMachine()
        _ = skipped.handle(.thumb(voter: "Ana", .up), at: .seconds(301))
        let actions = skipped.handle(.command(.skip), at: .seconds(305))
        #expect(actions.last == .endStep(0, skipped: true))
        #expect(skipped.timings[0].votes.map(\.outcome) == [.setAside])
    }

    @Test func everyRoundOfALoopHasItsOwnExtensions() throws {
        let yaml = """
            id: rounds
            title: Rounds
            steps:
              - id: talk
                handler: timebox
                rounds: 2
                duration: 1m
                extend_vote: [30s]
            """
        var machine = RunnerMachine(plan: try Fixtures.plan(yaml))
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.alarm, at: .seconds(50))
        #expect(machine.handle(.alarm, at: .seconds(60)).first == .voteOpened(step: 0, segment: 0, offered: .seconds(30), closes: .seconds(90)))
        _ = machine.handle(.thumbTally(ThumbCount(down: 3)), at: .seconds(62))
        #expect(machine.segmentIndex == 1)
        _ = machine.handle(.alarm, at: .seconds(112))
        #expect(machine.handle(.alarm, at: .seconds(122)).first == .voteOpened(step: 0, segment: 1, offered: .seconds(30), closes: .seconds(152)))
    }

    @Test func inAStepWithPhasesTheExtensionLengthensTheLastPhase() throws {
        let yaml = """
            id: phased
            title: Phased
            steps:
              - id: talk
                handler: timebox
                phases:
                  - { name: Open, duration: 1m }
                  - { name: Talk, duration: 1m }
                extend_vote: [30s]
            """
        var machine = RunnerMachine(plan: try Fixtures.plan(yaml))
        _ = machine.handle(.start, at: .zero)
        #expect(machine.handle(.alarm, at: .seconds(60)).first == .beginPhase(step: 0, segment: 0, phase: 1, deadline: .seconds(120)))
        _ = machine.handle(.alarm, at: .seconds(110))
        #expect(machine.handle(.alarm, at: .seconds(120)).first == .voteOpened(step: 0, segment: 0, offered: .seconds(30), closes: .seconds(150)))
        #expect(machine.handle(.thumbTally(ThumbCount(up: 2, down: 1)), at: .seconds(125)).contains(.extended(by: .seconds(30), deadline: .seconds(155))))
        let status = machine.status(at: .seconds(130))
        #expect(status.phase?.number == 2)
        #expect(status.remaining == .seconds(25))
        #expect(machine.phaseEnds == [.seconds(60), .seconds(155)])
    }

    // MARK: Ballots through the session machine

    @Test func signedLinesBareThumbsTalliesAndDevicesAreBallotsAndOtherLinesGoToTheStep() throws {
        var machine = SessionMachine(plan: try Fixtures.plan(Self.talk))
        _ = machine.handle(.start, at: .zero)
        _ = machine.handle(.handlerWaitsForInput(visit: 1, epoch: 0), at: .zero)
        _ = machine.handle(.alarm, at: .seconds(240))
        _ = machine.handle(.alarm, at: .seconds(290))
        _ = machine.handle(.alarm, at: .seconds(300))
        #expect(machine.clock.vote != nil)
        #expect(Runner<ContinuousClock>.commandHelp(for: machine).contains { $0.hasPrefix("/next        count the thumbs now") })
        // A name's start matches as /speaker matches it; a device's thumb is its participant's.
        #expect(machine.handle(.contribution(Contribution("An: up")), at: .seconds(301)) == [
            .clock(.voteCounted(ThumbCount(up: 1), voters: ["Ana"])),
        ])
        #expect(machine.handle(.contribution(Contribution("down", source: .device("Ben"))), at: .seconds(302)) == [
            .clock(.voteCounted(ThumbCount(up: 1, down: 1), voters: ["Ana", "Ben"])),
        ])
        let refused = machine.handle(.contribution(Contribution("Zed: up")), at: .seconds(303))
        guard case .clock(.notice(let text))? = refused.first else { Issue.record("no notice: \(refused)"); return }
        #expect(text.contains("No participant 'Zed'") && text.contains("Ana, Ben, Chen"))
        // An ordinary line is the step's, even during the vote.
        #expect(machine.handle(.contribution(Contribution("up the budget")), at: .seconds(304)) == [.deliver(Contribution("up the budget"))])
        _ = machine.handle(.handlerWaitsForInput(visit: 1, epoch: 0), at: .seconds(304))
        // A tally counts the hands with no name beside the named votes: 2 + 1 = everyone.
        let closed = machine.handle(.contribution(Contribution("up 1")), at: .seconds(305))
        #expect(closed.contains(.clock(.extended(by: .seconds(240), deadline: .seconds(545)))))
        #expect(machine.clock.timings[0].votes.first?.count == ThumbCount(up: 2, down: 1))
    }

    // MARK: The engine

    static let people = ["Ana", "Ben", "Chen"]

    /// Two 2-minute rounds that may take 1m, then 30s more; a closing minute.
    static let rounds = """
        id: rounds
        title: Rounds
        steps:
          - id: talk
            handler: timebox
            rounds: 2
            duration: 2m
            extend_vote: [1m, 30s]
          - id: close
            handler: timebox
            duration: 1m
        """

    /// Round 1: everyone votes (a keyboard line, a device, a keyboard line), 2 up: 1m more; then a
    /// tally of 1 up 2 down moves on. Round 2: nobody votes, the window closes, it moves on.
    static let script: [(Int, TimedRun.Input)] = [
        (10, .line("first note")), (125, .line("Ana: up")), (126, .device("Ben", "up")), (127, .line("Chen: down")),
        (150, .line("second note")), (190, .line("up 1 down 2")), (200, .line("third note")), (350, .line("/next")),
    ]

    func run(_ plan: Plan, resuming journal: [JournalRecord], recorder: any SessionRecorder,
             display: any RunDisplay = SilentTestDisplay()) async -> RunResult {
        await TimedRun.run(plan, resuming: journal, recorder: recorder, display: display, script: Self.script)
    }

    @Test func theEngineTakesKeyboardAndDeviceThumbsAndTheReportListsEachVote() async throws {
        let plan = try Fixtures.plan(Self.rounds, people: Self.people)
        let display = RecordingDisplay(now: { .zero })
        let result = await run(plan, resuming: [], recorder: MemoryRecorder(), display: display)
        #expect(result.completed)
        let votes = result.timings[0].votes
        #expect(votes.map(\.outcome) == [.extended(.seconds(60)), .movedOn, .movedOn])
        #expect(votes.map(\.opened) == [.seconds(120), .seconds(187), .seconds(310)])
        #expect(votes.map(\.closed) == [.seconds(127), .seconds(190), .seconds(340)])
        #expect(votes.map(\.round) == [1, 1, 2])
        #expect(votes[0].voters == ["Ana", "Ben", "Chen"])
        #expect(votes[1].count == ThumbCount(up: 1, down: 2))
        #expect(result.artifacts[0].map(\.text) == ["first note", "second note", "third note"])
        // The screens saw the open vote with a thumbs entry, and its outcome.
        let views = display.events.withLock { $0.compactMap { _, event -> StepView? in
            if case .view(let view) = event, view.entry == .thumbs { return view }
            return nil
        } }
        #expect(views.contains { $0.notes.dropFirst().first == "2 of 3 counted: 2 up · 0 sideways · 0 down" })
        #expect(views.first?.notes.first == "Go on for 1m more? Thumbs up, sideways or down.")
        #expect(views.allSatisfy { $0.prompt == nil })
        // Once the last vote closes, the screens get the step's own view back (here an empty one).
        let entries = display.events.withLock { $0.compactMap { _, event -> StepView.Entry?? in
            if case .view(let view) = event { return .some(view.entry) }
            return nil
        } }
        #expect(entries.last.flatMap { $0 } != .thumbs)
        let notices = display.events.withLock { $0.compactMap { _, event -> String? in
            if case .notice(let text) = event { return text }
            return nil
        } }
        #expect(notices.contains("Thumbs 3 of 3 voted: 2 up · 0 sideways · 1 down. The room goes on for 1m more."))
        #expect(notices.contains("Thumbs 0 of 3 voted: 0 up · 0 sideways · 0 down — nobody voted. The room moves on."))
        let report = MarkdownReport.render(result)
        #expect(report.contains("**Thumbs votes** — 1 extension granted (1m, 1m in all)"))
        #expect(report.contains("| 1 | 1 | 2:00 | 2 | 0 | 1 | 3 of 3 | extended 1m |"))
        #expect(report.contains("| 2 | 1 | 5:10 | 0 | 0 | 0 | 0 of 3 | moved on (nobody voted) |"))
    }

    /// Lean Coffee as shipped: the top topic gets 4 more minutes, then a tie moves on.
    @Test func leanCoffeeExtendsATopicWhileTheRoomWantsMore() async throws {
        let file = DiagnosticCodeTests.root.appendingPathComponent("Exercises/meetings/lean-coffee.yaml")
        let plan = try Fixtures.plan(try String(contentsOf: file, encoding: .utf8), people: Self.people)
        let script: [(Int, TimedRun.Input)] = [
            (5, .line("Ana: flaky tests")), (6, .line("Ben: the on-call rota")), (7, .line("/next")),
            (10, .line("1 1")), (11, .line("1 2")), (12, .line("1 1")), (13, .line("/next")),
            (100, .line("quarantine them")), (440, .line("up 2 down 1")),
            (690, .line("Ana: up")), (691, .device("Ben", "sideways")), (692, .line("Chen: down")),
            (700, .line("rotate weekly")), (710, .line("/next")),
        ]
        let result = await TimedRun.run(plan, resuming: [], recorder: MemoryRecorder(), script: script)
        #expect(result.completed)
        let discuss = try #require(plan.steps.firstIndex { $0.id == "discuss" })
        let votes = result.timings[discuss].votes
        #expect(votes.map(\.outcome) == [.extended(.seconds(240)), .movedOn])
        #expect(votes.map(\.opened) == [.seconds(433), .seconds(680)])
        #expect(votes.map(\.item) == ["flaky tests", "flaky tests"])
        #expect(votes[1].count == ThumbCount(up: 1, sideways: 1, down: 1))
        let notes = result.artifacts[discuss].filter { $0.kind == .note && $0.category == nil }
        #expect(notes.map(\.text) == ["quarantine them", "rotate weekly"])
        #expect(notes.map(\.item) == ["flaky tests", "the on-call rota"])
        let report = MarkdownReport.render(result)
        #expect(report.contains("**Thumbs votes** — 1 extension granted (4m, 4m in all)"))
        #expect(report.contains("| 1. flaky tests | 1 | 7:13 | 2 | 0 | 1 | 3 of 3 | extended 4m |"))
        #expect(report.contains("| 1. flaky tests | 2 | 11:20 | 1 | 1 | 1 | 3 of 3 | moved on (tie) |"))
    }

    @Test func aJournalCutAnywhereEvenMidVoteResumesToTheSameVotes() async throws {
        let plan = try Fixtures.plan(Self.rounds, people: Self.people)
        let reference = MemoryRecorder()
        let expected = await run(plan, resuming: [], recorder: reference)
        let journal = reference.records.withLock { $0 }
        #expect(expected.timings[0].votes.count == 3)
        for cut in 1..<journal.count {
            let kept = Array(journal.prefix(cut))
            let resumed = await run(plan, resuming: kept, recorder: MemoryRecorder())
            #expect(resumed.timings[0].votes == expected.timings[0].votes, "cut after record \(cut): \(kept.last!)")
            #expect(resumed.artifacts == expected.artifacts, "cut after record \(cut)")
        }
    }
}
