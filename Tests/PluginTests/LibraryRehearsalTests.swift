import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// The exercise library under `Exercises/`, loaded as `roundtable` loads it.
private enum ExerciseLibrary {
    /// `Exercises/` at the root of the package, found from this file's place.
    static let folder: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../../Exercises")
        .standardizedFileURL.path

    static let library = Library(roots: [folder], loader: Loader(registry: BuiltInHandlers.registry()))

    /// Every `.yaml` file under the folder, found without the library's help.
    static let yamlFiles: [String] = {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            // Hidden folders are not part of the library (editor and tool state).
            if relative.hasSuffix(".yaml") && !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                files.append(relative)
            }
        }
        return files.sorted()
    }()

    static var exerciseIDs: [String] {
        library.entries.compactMap { if case .exercise(let exercise) = $0.document { return exercise.id } else { return nil } }
    }

    static var agendaIDs: [String] {
        library.entries.compactMap { if case .agenda = $0.document { return $0.id } else { return nil } }
    }

    static func entry(_ id: String) -> Library.Entry? { library.entries.first { $0.id == id } }
}

/// What a rehearsal types, for whom, and what it must leave in the report.
private struct Script: Sendable {
    var people: [String]
    var lines: [String]
    /// Step id → texts that step must record, whole or as part of an artifact (and the report must show).
    var expected: [String: [String]]

    init(_ people: [String], _ lines: [String], expect expected: [String: [String]]) {
        self.people = people
        self.lines = lines
        self.expected = expected
    }

    /// A script for five people, Ana to Eli.
    init(_ lines: [String], expect expected: [String: [String]]) {
        self.init(Script.five, lines, expect: expected)
    }

    static let three = ["Ana", "Ben", "Chen"]
    static let five = ["Ana", "Ben", "Chen", "Dev", "Eli"]
    static let six = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay"]
    static let eight = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay", "Gus", "Hal"]

    /// `/next` typed `count` times: turns or rounds that pass with nothing to record.
    static func skip(_ count: Int) -> [String] { Array(repeating: "/next", count: count) }

    /// Two scripts one after the other, as an agenda runs its exercises.
    static func + (lhs: Script, rhs: Script) -> Script {
        Script(lhs.people, lhs.lines + rhs.lines, expect: lhs.expected.merging(rhs.expected) { $0 + $1 })
    }
}

/// A few plausible lines for every exercise and agenda of the library, keyed by id.
private enum Scripts {
    static let checkIn = Script([
        "calm, and I need focus", "/next", "tired but curious", "/next", "pass", "/next", "ready to decide", "/next",
    ], expect: ["arrive": ["calm, and I need focus", "tired but curious", "passed", "ready to decide"]])

    static let checkOut = Script([
        "the pairing idea", "/next", "thanks to Ben for the notes", "/next", "/next", "/next", "shorter is better", "/next",
    ], expect: ["close": ["the pairing idea", "thanks to Ben for the notes", "shorter is better"]])

    static let accountability = Script([
        "done: booked the pairing room", "not yet: the runbook moves to Friday", "/next",
        "dropped: the dashboard", "/next", "/next", "/next", "/next",
        "small commitments get done", "/next",
    ], expect: [
        "report": ["done: booked the pairing room", "not yet: the runbook moves to Friday", "dropped: the dashboard"],
        "patterns": ["small commitments get done"],
    ])

    static let learningCircle = Script([
        "no advice unless asked", "/next",
        "What would success look like?", "/next", "What have you tried already?", "/next", "/next", "/next", "/next",
        "Talk to my manager by Friday", "/next", "Draft the proposal by Monday", "/next", "/next", "/next", "/next",
    ], expect: [
        "frame": ["no advice unless asked"],
        "clinic": ["What would success look like?", "What have you tried already?"],
        "commitments": ["Talk to my manager by Friday", "Draft the proposal by Monday"],
    ])

    static let dotVoting = Script([
        "/next",
        "1 1 3", "2", "3 4", "1", "", "/next",
        "We adopt Pairing Fridays", "/next",
    ], expect: [
        "vote": ["Pairing Fridays (3 dots)"],
        "reflect": ["We adopt Pairing Fridays"],
    ])

    /// A consent decision; with `typedProposal` the facilitator types the proposal first.
    static func consent(typedProposal: String? = nil) -> Script {
        Script([
            "the team asked for more pairing", "/next",
        ] + (typedProposal.map { [$0] } ?? []) + [
            "Which Fridays exactly?", "answer: every Friday afternoon", "",
            "sounds good", "", "worried about on-call", "fine", "yes please",
            "consent", "consent", "object: on-call Fridays would be uncovered", "stand aside", "consent",
            "amend: Pairing Fridays except for the on-call engineer",
            "consent", "consent", "consent", "stand aside", "consent", "/next",
            "Pairing Fridays adopted, review in six weeks", "/next",
        ], expect: [
            "present": ["the team asked for more pairing"],
            "decide": [
                "Which Fridays exactly?", "every Friday afternoon", "worried about on-call",
                "on-call Fridays would be uncovered",
                "consented: Pairing Fridays except for the on-call engineer; stood aside: Dev",
            ],
            "record": ["Pairing Fridays adopted, review in six weeks"],
        ])
    }

    static let startStopContinue = Script([
        "two of three actions done", "/next",
        "start: pairing on reviews", "stop: late deploys on Friday", "continue: demo day", "c: the quiet mornings", "/next",
        "Friday deploys cause weekend stress", "/next",
        "2 2 1", "2 1", "4", "1 3", "2", "/next",
        "Freeze deploys after Thursday noon @Dev due:next sprint", "Pair on every review @Ana due:Friday", "", "/next",
    ], expect: [
        "review": ["two of three actions done"],
        "gather": ["pairing on reviews", "late deploys on Friday", "demo day", "the quiet mornings"],
        "insights": ["Friday deploys cause weekend stress"],
        "vote": ["1. late deploys on Friday (4 dots)"],
        "actions": ["Freeze deploys after Thursday noon", "Pair on every review"],
    ])

    static let all: [String: Script] = [
        // Rounds
        "check-in-round": checkIn,
        "check-out-round": checkOut,
        "accountability-check-in": accountability,
        "learning-circle": learningCircle,
        // Each round has four phases: /next moves through them; the client notes ideas while the consultants discuss.
        "troika-consulting": Script(Script.three, [
            "/next",
            "/next", "/next", "ask the on-call team first", "/next", "/next",
            "/next", "/next", "split the migration in two", "/next", "/next",
            "/next", "/next", "write the decision down", "/next", "/next",
            "clients talk less than they think", "/next", "/next", "/next",
        ], expect: [
            "consult": ["ask the on-call team first", "split the migration in two", "write the decision down"],
            "debrief": ["clients talk less than they think"],
        ]),
        "peer-coaching-triad": Script(Script.three, [
            "/next",
            "coach asked open questions", "/next", "/next", "client found her own answer", "/next",
            "the silence helped", "/next", "/next", "/next",
        ], expect: [
            "coaching": ["coach asked open questions", "client found her own answer"],
            "debrief": ["the silence helped"],
        ]),

        // Meetings
        // Four topics, two votes each (Ana 1 1, Ben 2 3, Chen 3 3, Dev 4 2, Eli abstains): topics 3, 2, 1 are discussed in that order.
        "lean-coffee": Script([
            "Ana: flaky tests", "Ben: the on-call rota", "Chen: the release train", "Dev: pairing", "/next",
            "1 1", "2 3", "3 3", "4 2", "", "/next",
            "move to trunk-based releases", "/next",
            "swap the rota monthly", "/next",
            "quarantine flaky tests", "/next",
            "talk more often", "/next", "/next", "/next", "/next", "/next",
        ], expect: [
            "discuss": ["move to trunk-based releases", "swap the rota monthly", "quarantine flaky tests"],
            "close": ["talk more often"],
        ]),

        // Four open the inner circle of five chairs; Fay takes the free one, Zed is nobody, the full
        // circle refuses Gus until Ben steps out; the timeline keeps every move.
        "fishbowl": Script(Script.six + ["Gus"], [
            "the question is on the wall", "/next",
            "/in Ana, Ben, Chen, Dev", "/in Fay", "/in Zed", "/in Gus", "rotate the pager monthly", "/out Ben", "/in Gus", "/next",
            "we try a monthly rota", "/next",
        ], expect: [
            "setup": ["the question is on the wall"],
            "fishbowl": ["rotate the pager monthly", "Fishbowl timeline"],
            "debrief": ["we try a monthly rota"],
        ]),

        // A block per presenter: each pass is a presentation and a round of feedback from the others.
        "i-like-i-wish-what-if": Script(Script.three, [
            "a new onboarding flow", "/next", "I like the checklist", "/next", "what if it were a game", "/next",
            "/next", "/next", "/next",
            "/next", "/next", "/next",
            "make it shorter", "/next", "/next", "/next",
        ], expect: [
            "present-1": ["a new onboarding flow"],
            "feedback-1": ["I like the checklist", "what if it were a game"],
            "close": ["make it shorter"],
        ]),
        // Each turn has four phases: /next moves through them; helpers' ideas are typed while they discuss.
        "wise-crowds": Script(Script.three, [
            "my challenge is hiring", "/next",
            "/next", "/next", "try a referral bonus", "/next", "/next",
            "/next", "/next", "pair with marketing", "/next", "/next",
            "/next", "/next", "ask the team first", "/next", "/next",
            "helping is easier than asking", "/next", "/next", "/next",
        ], expect: [
            "consult": ["try a referral bonus", "pair with marketing", "ask the team first"],
            "debrief": ["helping is easier than asking"],
        ]),
        "impromptu-networking": Script(["Ana", "Ben", "Chen", "Dev"], [
            "/next",
            "/next", "Ana: we both run remote teams", "/next",
            "/next", "Ben: both new to the company", "/next",
            "/next", "/next",
            "on-call load came up in every pair", "/next",
        ], expect: [
            "pairs": ["we both run remote teams", "both new to the company"],
            "notice": ["on-call load came up in every pair"],
        ]),
        "decider": Script([
            "/next",
            "3", "2", "1", "3", "1", "/next",
            "a trial month first", "/next", "pairing only on risky changes", "/next",
            "Passed with a trial month", "/next",
        ], expect: [
            "outliers": ["a trial month first", "pairing only on risky changes"],
            "decide": ["Passed with a trial month"],
        ]),
        // Each question: alone, in groups, then the harvest typed in the last phase.
        "what-so-what-now-what": Script(Script.six, [
            "/next", "/next", "the deploy broke twice", "/next",
            "/next", "/next", "we lack a staging check", "/next",
            "/next", "/next", "add a staging smoke test", "/next",
        ], expect: [
            "what": ["the deploy broke twice"],
            "so-what": ["we lack a staging check"],
            "now-what": ["add a staging smoke test"],
        ]),

        // Brainstorms
        "one-two-four-all": Script(Script.eight, [
            "Ana: shorter meetings", "Ben: async stand-ups", "/next",
            "Ana: written updates", "Chen: a demo day", "/next",
            "Dev: written updates with a weekly demo", "/next",
            "a weekly demo day", "/next",
        ], expect: [
            "alone": ["shorter meetings", "async stand-ups"],
            "pairs": ["written updates", "a demo day"],
            "fours": ["written updates with a weekly demo"],
            "all": ["a weekly demo day"],
        ]),
        "appreciative-interviews": Script(Script.eight, [
            "Ana: a mentor who trusted me early", "/next",
            "Ben: time protected from meetings", "/next",
            "Chen: trust and protected time, in every story", "/next",
            "autonomy backed by a clear goal", "/next",
        ], expect: [
            "interviews": ["a mentor who trusted me early", "time protected from meetings"],
            "fours": ["trust and protected time, in every story"],
            "patterns": ["autonomy backed by a clear goal"],
        ]),
        "world-cafe": Script(Script.eight, [
            "/next",
            "Ana: people want fewer handovers", "/next",
            "Ben: handovers hide the real work", "/next",
            "Chen: fewer, longer projects", "/next",
            "every table came back to handovers", "/next",
        ], expect: [
            "tables": ["people want fewer handovers", "handovers hide the real work", "fewer, longer projects"],
            "harvest": ["every table came back to handovers"],
        ]),
        "brainwriting-6-3-5": Script(Script.six, [
            "/next",
            "ship a feedback button", "weekly customer call", "", "beta group of ten", "", "/next",
            "/next", "/next", "/next", "/next", "/next",
            "theme Feedback: 1 2", "theme Early users: 3", "done",
            "1 1 2", "1", "2 2", "1 2", "", "1", "/next",
        ], expect: [
            "sheets": ["ship a feedback button", "weekly customer call", "beta group of ten"],
            "themes": ["ship a feedback button", "weekly customer call", "beta group of ten"],
            "vote": ["1. Feedback (5 dots)", "Themes ranked, with their cards"],
        ]),
        "crowdsourcing-25-10": Script([
            "Ana: a buddy for every newcomer — ask for volunteers", "Ben: ship on day one — prepare a starter task",
            "Chen: no docs, only pairing — pair the first week", "Dev: newcomers run the demo — book the slot",
            "Eli: a map of who knows what — draw it on Friday", "/next",
        ] + (0..<5).flatMap { round in ["\(5 - round % 5)", "4", "3", round == 2 ? "-" : "2", "5"] } + ["/next", "/next"], expect: [
            "write": ["a buddy for every newcomer", "a map of who knows what"],
            "score": ["Cards ranked by their sums", "ship on day one"],
        ]),
        "roti": Script(["Ana: 3", "Ben: 4", "Chen: 1", "Dev: -", "Eli: 2", "/next", "shorter agenda, fewer status updates", "/next"], expect: [
            "rate": ["Scores for This meeting", "This meeting"],
            "improve": ["shorter agenda, fewer status updates"],
        ]),
        "round-robin-brainstorm": Script([
            "no-meeting Wednesdays", "/next", "agenda sent a day ahead", "/next", "stand-up at the board", "/next",
        ] + Script.skip(12) + [
            "merge the two agenda ideas", "/next",
            "1 2", "1 1", "3", "", "2 3", "/next",
        ], expect: [
            "ideas": ["no-meeting Wednesdays", "agenda sent a day ahead", "stand-up at the board"],
            "clarify": ["merge the two agenda ideas"],
            "vote": ["1. no-meeting Wednesdays (3 dots)"],
        ]),
        "pre-mortem": Script([
            "/next", "/next",
            "nobody owned the rollout", "/next", "support was not trained", "/next", "the data migration failed", "/next",
        ] + Script.skip(7) + [
            "1 2", "2 3", "2", "1 3", "3", "/next",
            "Train support before launch @Ben due:Friday", "Rehearse the migration @Chen due:next week",
            "Name a rollout owner @Ana due:Monday", "/next",
        ], expect: [
            "reasons": ["nobody owned the rollout", "support was not trained", "the data migration failed"],
            "strengthen": ["Train support before launch", "Name a rollout owner", "Rehearse the migration"],
        ]),
        "triz": Script(Script.six, [
            "/next",
            "Ana: never introduce them to anyone", "Ben: give them no laptop for a week", "/next",
            "laptops take three days to arrive", "nobody is named as their buddy", "/next",
            "Order laptops when the contract is signed @Dev due:next month", "Assign a buddy before day one @Eli due:Friday", "/next",
        ], expect: [
            "worst": ["never introduce them to anyone", "give them no laptop for a week"],
            "resembles": ["laptops take three days to arrive", "nobody is named as their buddy"],
            "first-steps": ["Order laptops when the contract is signed", "Assign a buddy before day one"],
        ]),

        // Decisions
        "dot-voting": dotVoting,
        "fist-to-five": Script([
            "/next",
            "Does it include on-call?", "/next",
            "4", "5", "2", "3", "4", "on-call needs cover",
            "4", "5", "3", "3", "4", "/next",
        ], expect: [
            "clarify": ["Does it include on-call?"],
            "show": ["on-call needs cover", "consensus: mean 3.8, lowest 3"],
        ]),
        "consent-decision": consent(),
        "decision-drill": Script(["Ana", "Ben", "Chen", "Dev"], [
            "/next",
            "1", "2", "2", "pass", "the data matters more than the weekend", "Ben: I would call the customer first", "/next",
            "3", "3", "1", "4", "a partner build is their call", "/next",
            // Nobody answers the last two scenarios: /end twice closes the answers, /next the round.
            "/end", "/end", "/next", "/end", "/end", "/next",
            "we escalate too little", "/next",
        ], expect: [
            "drill": [
                "split: Gather more information 2, Act now 1", "the data matters more than the weekend",
                "I would call the customer first", "split: Escalate 2, Act now 1, Wait and watch 1",
            ],
            "debrief": ["we escalate too little"],
        ]),
        "disney-method": Script([
            "/next",
            "everyone pairs with everyone each month", "a wiki that writes itself", "/next",
            "pair rotation board from next sprint", "monthly show and tell", "/next",
            "how do we keep rotation going in crunch time?", "/next",
            "1", "1 2", "2", "1", "", "/next",
        ], expect: [
            "dreamer": ["everyone pairs with everyone each month", "a wiki that writes itself"],
            "realist": ["pair rotation board from next sprint", "monthly show and tell"],
            "critic": ["how do we keep rotation going in crunch time?"],
            "choose": ["1. pair rotation board from next sprint (3 dots)"],
        ]),
        "six-thinking-hats": Script([
            "/next",
            "planning takes 90 minutes a week", "/next",
            "a written plan with a 15-minute call", "/next",
            "more focus time", "/next",
            "quiet people may disengage", "/next",
            "hopeful", "/next", "sceptical", "/next", "/next", "/next", "/next",
            "Try written planning for two sprints", "/next",
        ], expect: [
            "white": ["planning takes 90 minutes a week"],
            "green": ["a written plan with a 15-minute call"],
            "yellow": ["more focus time"],
            "black": ["quiet people may disengage"],
            "red": ["hopeful", "sceptical"],
            "blue-close": ["Try written planning for two sprints"],
        ]),

        // Retrospectives
        "start-stop-continue": startStopContinue,
        "four-ls": Script([
            "liked: the new CI", "learned: how to profile", "lacked: time for tests", "longed: a calmer release", "/next",
            "tests keep losing to features", "/next",
            "3 3 4", "3", "4", "1", "3", "/next",
            "Reserve a test day @Ben due:Monday", "", "", "/next",
        ], expect: [
            "gather": ["the new CI", "how to profile", "time for tests", "a calmer release"],
            "insights": ["tests keep losing to features"],
            "actions": ["Reserve a test day"],
        ]),
        "sailboat": Script([
            "a release every week", "/next",
            "wind: good tests", "anchors: manual release steps", "rocks: the holiday freeze", "island: releases feel boring", "/next",
            "the manual steps are the heaviest anchor", "/next",
            "2 2", "2 3", "3", "2", "1", "/next",
            "Automate the release checklist @Chen due:Friday", "Plan around the freeze @Eli due:December", "", "/next",
        ], expect: [
            "island": ["a release every week"],
            "board": ["good tests", "manual release steps", "the holiday freeze", "releases feel boring"],
            "insights": ["the manual steps are the heaviest anchor"],
            "actions": ["Automate the release checklist", "Plan around the freeze"],
        ]),
        "mad-sad-glad": Script([
            "mad: flaky tests", "sad: Ben left the team", "glad: the launch went well", "/next",
            "flaky tests drain everyone", "/next",
            "1 1", "1", "3", "1 3", "", "/next",
            "Quarantine flaky tests @Ana due:Wednesday", "", "", "/next",
        ], expect: [
            "board": ["flaky tests", "Ben left the team", "the launch went well"],
            "insights": ["flaky tests drain everyone"],
            "actions": ["Quarantine flaky tests"],
        ]),
        "five-whys": Script([
            "The last release slipped by a week", "/next",
            "QA found a blocker late", "/next", "tests ran only at the end", "/next", "the pipeline takes two hours", "/next",
            "/next", "/next",
            "the pipeline is too slow to run on every change", "/next",
            "Split the pipeline into fast and slow stages @Dev due:next sprint", "/next",
        ], expect: [
            "problem": ["The last release slipped by a week"],
            "whys": ["QA found a blocker late", "tests ran only at the end", "the pipeline takes two hours"],
            "root-cause": ["the pipeline is too slow to run on every change"],
            "actions": ["Split the pipeline into fast and slow stages"],
        ]),

        // Agendas (five people each, as they list them); the break ends with /next.
        "sprint-retrospective-60": checkIn + startStopContinue + checkOut,
        "peer-learning-circle-90": checkIn + accountability + Script(["/next"], expect: [:]) + learningCircle + checkOut,
        // The dot vote's winner is handed on as the proposal: nobody types it.
        "decision-workshop-45": checkIn + dotVoting + consent() + checkOut,
    ]
}

/// Text as the Markdown report writes it in a table cell or after other text (its escaping of Markdown characters).
private func reported(_ text: String) -> String {
    var result = ""
    for character in text {
        if "|\\`*_[]<>~&$".contains(character) { result.append("\\") }
        result.append(character)
    }
    return result
}

/// Whether the report shows this artifact in another form than its text: rankings as
/// ranked tables (not the handler's summary lines), passes as "Passed: names".
private func shownAsTable(_ artifact: Artifact) -> Bool {
    artifact.category == "ranking" || artifact.category == "pass"
        || (artifact.kind == .decision && artifact.value != nil && artifact.category?.hasPrefix("#") == true)
}

@Suite(.serialized)
struct LibraryRehearsalTests {
    @Test func theLibraryLoadsCleanlyWithEveryFile() {
        let library = ExerciseLibrary.library
        #expect(library.diagnostics.isEmpty, "\(library.diagnostics)")
        #expect(!ExerciseLibrary.yamlFiles.isEmpty, "no YAML found under \(ExerciseLibrary.folder)")
        #expect(library.entries.count == ExerciseLibrary.yamlFiles.count, "every .yaml under Exercises/ is an exercise or agenda")
        #expect(ExerciseLibrary.exerciseIDs.count >= 20)
        #expect(ExerciseLibrary.agendaIDs.count >= 3)
    }

    @Test func everyExerciseAndAgendaHasARehearsalScript() {
        let ids = Set(ExerciseLibrary.exerciseIDs + ExerciseLibrary.agendaIDs)
        #expect(ids.subtracting(Scripts.all.keys).sorted() == [], "write a script for these")
        #expect(Set(Scripts.all.keys).subtracting(ids).sorted() == [], "scripts for ids the library does not have")
    }

    @Test(arguments: ExerciseLibrary.exerciseIDs + ExerciseLibrary.agendaIDs)
    func rehearsesEndToEnd(_ id: String) async throws {
        let entry = try #require(ExerciseLibrary.entry(id))
        let script = try #require(Scripts.all[id], "no script for \(id)")
        var people = script.people
        if case .agenda(let agenda) = entry.document {
            people = try #require(agenda.participants, "agenda \(id) lists no participants").map(\.name)
        }
        let rehearsal = try Rehearsal(document: entry.document, registry: BuiltInHandlers.registry(), participants: people)
        let rehearsed = await rehearsal.run(script.lines)

        #expect(rehearsed.result.completed)
        let report = rehearsed.report
        for (step, texts) in script.expected.sorted(by: { $0.key < $1.key }) {
            let recorded = rehearsed.artifacts(of: step).map(\.text)
            for text in texts {
                #expect(recorded.contains { $0.contains(text) }, "step \(step) of \(id) did not record '\(text)'; it recorded \(recorded)")
                let artifacts = rehearsed.artifacts(of: step).filter { $0.text.contains(text) }
                guard !artifacts.allSatisfy(shownAsTable) else { continue }
                #expect(report.contains(reported(text)), "the report of \(id) lacks '\(text)'")
            }
        }
        let all = rehearsed.result.allArtifacts
        #expect(!all.isEmpty)
        for artifact in all where artifact.kind != .vote && artifact.kind != .score && !shownAsTable(artifact) {
            #expect(report.contains(reported(artifact.text)), "the report of \(id) lacks \(artifact.kind) '\(artifact.text)'")
        }
        // Every line of the script reached a handler that read it: none was left over as a stray note.
        let strays = all.filter { $0.category == "typed" }.map(\.text)
        #expect(strays.isEmpty, "lines of the \(id) script that no handler read: \(strays)")
    }

    @Test(arguments: ["sprint-retrospective-60", "peer-learning-circle-90"])
    func retrospectiveAgendasReviewTheTeamsOpenCommitmentsFirst(_ id: String) async throws {
        let entry = try #require(ExerciseLibrary.entry(id))
        guard case .agenda(let agenda) = entry.document else {
            Issue.record("\(id) is not an agenda")
            return
        }
        let people = try #require(agenda.participants).map(\.name)
        var rehearsal = try Rehearsal(document: entry.document, registry: BuiltInHandlers.registry(), participants: people)
        // The first step after the check-in round goes through what the team promised.
        let review = try #require(rehearsal.plan.steps.first { $0.exerciseIndex == 1 })
        #expect(review.handler == "accountability")
        // Turn by turn, the owner answers in their own turn: the speaker of the first.
        let owner = review.segments[0].speaker ?? people[0]
        rehearsal.carried = [CarriedItem(id: "s1#1", kind: "commitment", text: "write the runbook", owner: owner, due: nil, session: "s1")]
        let checkIn = Array(repeating: "/next", count: people.count)
        let rehearsed = await rehearsal.run(checkIn + ["done: merged on Monday"])
        let reviewed = rehearsed.result.artifacts[review.index]
        #expect(reviewed.contains { $0.text == "write the runbook" && $0.category == "done" }, "\(reviewed)")
    }

    @Test(arguments: ExerciseLibrary.agendaIDs)
    func agendaFillsItsTimeboxExactly(_ id: String) throws {
        let entry = try #require(ExerciseLibrary.entry(id))
        guard case .agenda(let agenda) = entry.document else {
            Issue.record("\(id) is not an agenda")
            return
        }
        let people = try #require(agenda.participants, "agenda \(id) lists no participants").map(\.name)
        let plan = try Planner(registry: BuiltInHandlers.registry()).plan(entry.document, participants: people.map { Participant($0) })
        let timebox = try #require(plan.timebox, "agenda \(id) has no timebox")
        #expect(plan.duration == timebox, "\(id) plans \(DurationText.format(plan.duration)) for a timebox of \(DurationText.format(timebox))")
    }
}
