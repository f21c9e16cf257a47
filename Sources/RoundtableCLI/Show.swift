import ArgumentParser
import Foundation
import RoundtableKit

extension RoundtableCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the plan of an exercise or agenda: times, turns, role holders and groups.",
            discussion: """
                The plan is what `roundtable run` will do with the same participants and seed. \
                Without --participants or --team, an agenda's own participants are used, else \
                sample names for the exercise's smallest group. Warnings (a role no step names, \
                groups smaller than asked for in this room, an agenda over its timebox) go to \
                standard error; --strict makes them errors (exit status 65).
                """)

        @Argument(help: ArgumentHelp("An exercise or agenda: a file path, or an id from `roundtable list`.", valueName: "exercise-or-agenda"))
        var name: String

        @OptionGroup var people: PeopleOptions
        @OptionGroup var library: LibraryOptions

        @OptionGroup var formatOption: FormatOption
        var format: OutputFormat { formatOption.format }

        @Flag(help: "Treat warnings as errors (exit status 65) and print no plan when there are any.")
        var strict = false

        @Option(help: ArgumentHelp("Fit the plan into this length within each step's min and max, e.g. 55m.", valueName: "length"))
        var fit: String?

        func validate() throws {
            if let fit, DurationText.parse(fit).map({ $0 > .zero }) != true {
                throw ArgumentParser.ValidationError("--fit takes a length like 55m or 1h30m, not '\(fit.neutralized())'")
            }
        }

        @OptionGroup var sessionsOption: SessionsDirOption

        func run() async throws {
            try await reportingFailures {
                let registry = try RoundtableCommand.registry()
                let library = try library.library(registry: registry)
                let document = try library.document(named: name)
                Console().report(library.overrideNotes(for: document))
                var fallback: Int?
                if case .exercise(let exercise) = document { fallback = max(exercise.participants.min, min(4, exercise.participants.max ?? 4)) }
                if case .agenda = document { fallback = 4 }
                let participants = try people.people(for: document, loader: library.loader, defaultCount: fallback)
                // The team's past sessions decide who leads, exactly as `run` will.
                let teamKey = SessionHeader.teamKey(team: people.team.map(SessionStore.absolute), names: participants.map(\.name))
                let history = (try? SessionsHome.store(option: sessionsOption.sessionsDir))?.history(team: teamKey) ?? RoleHistory()
                var plan = try Planner(registry: registry).plan(document, participants: participants, seed: people.seed, params: people.paramValues,
                                                                history: history)
                let fitted = fit.flatMap(DurationText.parse).map { plan.fitted(into: $0) }
                if let fitted { plan = fitted.plan }
                let console = Console()
                var warnings = Self.warnings(of: document, library: library) + plan.warnings
                if strict {
                    warnings = warnings.map { var warning = $0; warning.severity = .error; return warning }
                    if !warnings.isEmpty {
                        console.report(warnings)
                        console.err("--strict: \(warnings.count) warning\(warnings.count == 1 ? "" : "s") counted as error\(warnings.count == 1 ? "" : "s")")
                        throw ExitCode(dataErrorCode)
                    }
                }
                if format == .json {
                    console.out(try PlanJSON.encode(plan, warnings: warnings, dropped: fitted?.dropped ?? []))
                } else {
                    console.report(warnings)
                    console.out(PlanText.render(plan, fitted: fitted, history: history))
                }
            }
        }

        /// The warnings of the document's own file and of every exercise it runs, each once.
        static func warnings(of document: Document, library: Library) -> [Diagnostic] {
            var found = library.warnings(for: document).filter { $0.code != .timeboxOverrun && $0.code != .minimumsOverTimebox }
            if case .agenda(let agenda) = document {
                var seen: Set<String> = []
                for case .exercise(let ref) in agenda.items {
                    guard let exercise = ref.exercise, seen.insert(exercise.location.file).inserted else { continue }
                    found += exercise.warnings
                }
            }
            return found
        }
    }
}

/// The plan as a readable schedule.
enum PlanText {
    static func render(_ plan: Plan, fitted: FittedPlan? = nil, history: RoleHistory? = nil) -> String {
        var lines: [String] = []
        let names = plan.names.joined(separator: ", ")
        var head = "\(plan.title) — \(DurationText.format(plan.duration)) for \(plan.participants.count) participants (\(names)), seed \(plan.seed)"
        if let timebox = plan.timebox {
            let difference = plan.duration - timebox
            head += "\nTimebox \(DurationText.format(timebox))"
            if difference > .zero { head += ": the plan runs \(DurationText.format(difference)) over" }
            else if difference < .zero { head += ": \(DurationText.format(.zero - difference)) to spare" }
        }
        if let written = plan.writtenDuration, fitted == nil {
            head += "\nFitted into the timebox before it starts (fit: auto): \(DurationText.format(written)) as written"
        }
        if let fitted { head += "\n" + fitLine(fitted) }
        lines.append(head)
        if let history { lines += leads(plan, history: history) }
        var currentExercise: Int?
        for step in plan.steps {
            if step.exerciseIndex != currentExercise, let index = step.exerciseIndex {
                let exercise = plan.exercises[index]
                lines.append("")
                var title = "\(exercise.title) [\(exercise.id)]"
                if plan.exercises.count > 1 { title = "Exercise \(index + 1)/\(plan.exercises.count): " + title }
                lines.append(title)
            }
            currentExercise = step.exerciseIndex
            let change = fitted.map { changeNote($0, step: step.index) } ?? ""
            if step.isBreak {
                lines.append("")
                lines.append("\(pad(DurationText.clock(step.start), 7))  \(pad(DurationText.format(step.duration), 6))  \(step.title)" + change)
                continue
            }
            let first = step.segments[0]
            var line = "\(pad(DurationText.clock(step.start), 7))  \(pad(DurationText.format(step.duration), 6))  \(step.number)/\(step.count) \(EventText.title(of: step))"
            line += "  · \(step.handler ?? "")" + change
            lines.append(line)
            var detail: [String] = []
            let rounds = first.rounds
            if let loop = step.itemLoop, let pick = loop.pick {
                detail.append("works on item \(pick) of the top \(loop.top) of '\(loop.fromID)' (skipped when it has fewer items)")
            } else if let loop = step.itemLoop {
                detail.append("once for each of the top \(loop.top) items of '\(loop.fromID)', best first (\(DurationText.format(first.duration * (first.turns ?? 1))) each; fewer items, fewer rounds)")
            } else if case let listed = step.listedItems, !listed.isEmpty {
                detail.append("once for each item, \(DurationText.format(first.duration * (first.turns ?? 1))) each: "
                              + listed.enumerated().map { "\($0.offset + 1). \($0.element.neutralized())" }.joined(separator: " · "))
            }
            if let filter = step.turnFilter {
                var bounds: [String] = []
                if let most = filter.atMost { bounds.append("at most \(MarkdownReport.format(most))") }
                if let least = filter.atLeast { bounds.append("at least \(MarkdownReport.format(least))") }
                detail.append("turns only for those " + (bounds.isEmpty ? "who contributed to '\(filter.fromID)'"
                    : "whose score in '\(filter.fromID)' is \(bounds.joined(separator: " and "))") + " (known when it ends)")
            }
            if step.eachParticipant {
                let speakers = step.segments.prefix(first.turns ?? 0).compactMap(\.speaker)
                let byRound = (1...rounds).map { round in step.segments.filter { $0.round == round }.compactMap(\.speaker) }
                if byRound.allSatisfy({ $0 == speakers }) {
                    detail.append("turns of \(DurationText.format(first.duration)): \(speakers.joined(separator: ", "))" + (rounds > 1 ? " (× \(rounds) rounds)" : ""))
                } else {
                    // `except:` roles move on every round, and so do the turns.
                    detail.append("turns of \(DurationText.format(first.duration))")
                    for (index, names) in byRound.enumerated() { detail.append("round \(index + 1) turns: \(names.joined(separator: ", "))") }
                }
            } else if rounds > 1 && step.itemLoop == nil && step.listedItems.isEmpty {
                detail.append("\(rounds) rounds of \(DurationText.format(first.duration))")
            }
            if !step.phases.isEmpty {
                let each = step.eachParticipant ? "each turn" : rounds > 1 ? "each round" : "phases"
                detail.append("\(each): " + step.phases.map { "\($0.name) \(DurationText.format($0.duration))" }.joined(separator: " → "))
            }
            if let vote = step.thumbsVote {
                let each = rounds > 1 ? "each round" : "the step"
                detail.append("thumbs vote when \(each) ends: more thumbs up than down extend it by "
                              + vote.extensions.map(DurationText.format).joined(separator: ", then ")
                              + "; a tie or no votes move on")
            }
            if !step.inputIndices.isEmpty {
                detail.append("takes the artifacts of " + PlanJSON.inputNames(of: step, in: plan).map { "'\($0)'" }.joined(separator: ", "))
            }
            if let join = step.groupJoin {
                detail.append("each group joins \(join.count) whole groups of '\(join.from)' (its last round), never one alone")
            }
            if let role = step.segments.first?.stayRole {
                detail.append("each group's \(role) stays at it every round; the others move")
            }
            var lastRoles: [RoleHolder] = []
            var lastGroups: [[String]] = []
            for segment in step.segments where segment.turn == nil || segment.turn == 1 {
                let prefix = rounds > 1 ? "round \(segment.round): " : ""
                if segment.roles != lastRoles && !segment.roles.isEmpty {
                    detail.append(prefix + roleLine(segment.roles))
                    lastRoles = segment.roles
                }
                if !segment.groups.isEmpty && segment.groups != lastGroups {
                    detail.append(prefix + Planner.describeGroups(segment.groups) + ": " + segment.groupLabels().joined(separator: " | "))
                    lastGroups = segment.groups
                }
            }
            detail += seatLines(step)
            lines += detail.map { String(repeating: " ", count: 17) + $0 }
        }
        lines.append("")
        lines.append("Ends at \(DurationText.clock(plan.duration)).")
        return lines.joined(separator: "\n").neutralized(keepingNewlines: true)
    }

    /// What `--fit` did to the whole plan.
    static func fitLine(_ fitted: FittedPlan) -> String {
        let planned = fitted.planned.reduce(Duration.zero, +)
        var line = "Fitted to \(DurationText.format(fitted.target)) (planned \(DurationText.format(planned))), each step within its min and max"
        if fitted.gap > 0 { line += "; ends \(DurationText.format(.seconds(fitted.gap))) early: the steps are at their maximums" }
        if fitted.gap < 0 { line += "; still \(DurationText.format(.seconds(-fitted.gap))) over: locked steps and minimums" }
        if !fitted.dropped.isEmpty {
            line += "\nDropped (carry to the next session): " + fitted.dropped.sorted().map { fitted.plan.steps[$0].title }.joined(separator: ", ")
        }
        return line
    }

    /// "  (planned 5m)" or "  (dropped)" after a step's line.
    static func changeNote(_ fitted: FittedPlan, step index: Int) -> String {
        if fitted.dropped.contains(index) { return "  (dropped: carry to the next session)" }
        let planned = fitted.planned[index]
        return planned == fitted.plan.steps[index].duration ? "" : "  (planned \(DurationText.format(planned)))"
    }

    /// Who leads this time and why: for each rotating role, its first holder and how
    /// often the team's past sessions gave it to them and to the others.
    static func leads(_ plan: Plan, history: RoleHistory) -> [String] {
        var roles: [String] = []
        for exercise in plan.exercises {
            for role in exercise.roles where !roles.contains(role.name) {
                if case .fixed = role.rotation { continue }
                if role.rotation == .random { continue }
                roles.append(role.name)
            }
        }
        guard !roles.isEmpty else { return [] }
        var lines = ["Who leads this time:"]
        let sessions = history.sessionTotal
        for role in roles {
            guard let holder = plan.steps.lazy.flatMap(\.segments).flatMap(\.roles).first(where: { $0.role == role }) else { continue }
            let why: String
            if sessions == 0 {
                why = history.isEmpty ? "no recorded session of this team yet; the seeded order decides"
                    : "held it \(history.count(role: role, person: holder.person)) time\(history.count(role: role, person: holder.person) == 1 ? "" : "s")"
            } else {
                let others = plan.names.filter { $0 != holder.person }
                    .map { "\($0) \(history.sessionCount(role: role, person: $0))" }
                why = "\(role) in \(history.sessionCount(role: role, person: holder.person)) of the last \(sessions) session\(sessions == 1 ? "" : "s")"
                    + (others.isEmpty ? "" : " (\(others.joined(separator: ", ")))")
            }
            lines.append("  \(capitalized(role)): \(holder.person): \(why)")
        }
        return lines
    }

    /// In a step where one member of each group stays while the others move, the group each
    /// person sits in, round by round: "Ana 1 1 1 (host) · Ben 1 2 3".
    static func seatLines(_ step: PlannedStep) -> [String] {
        let rounds = step.segments.filter { $0.turn == nil || $0.turn == 1 }
        guard let first = rounds.first, let role = first.stayRole, rounds.count > 1 else { return [] }
        let names = first.groups.flatMap { $0 }
        let seats = names.map { name in
            let stays = (0..<first.groups.count).contains { first.stayer(at: $0) == name }
            return name + " " + rounds.map { segment in
                segment.groups.firstIndex { $0.contains(name) }.map { String($0 + 1) } ?? "-"
            }.joined(separator: " ") + (stays ? " (\(role), stays)" : "")
        }
        return ["groups by round: " + seats.joined(separator: " · ")]
    }

    static func roleLine(_ roles: [RoleHolder]) -> String {
        var lines: [String] = []
        for holder in roles {
            let person = holder.group.map { "\(holder.person) (group \($0))" } ?? holder.person
            if holder.group ?? 1 > 1, let last = lines.indices.last { lines[last] += ", " + person } else { lines.append("\(capitalized(holder.role)): \(person)") }
        }
        return lines.joined(separator: " · ")
    }

    static func capitalized(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst().replacingOccurrences(of: "-", with: " ")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}

/// The plan as JSON: seconds for times, names for people.
enum PlanJSON {
    struct PlanView: Encodable {
        var title: String
        var seed: UInt64
        var participants: [String]
        var timeboxSeconds: Int64?
        var durationSeconds: Int64
        var exercises: [ExerciseView]
        var steps: [StepView]
        var warnings: [DiagnosticOutput.DiagnosticView]
    }

    struct ExerciseView: Encodable {
        var id: String
        var title: String
        var file: String
        var roles: [String: String]
    }

    struct StepView: Encodable {
        var index: Int
        var exercise: Int?
        var id: String
        var title: String
        var handler: String?
        var startSeconds: Int64
        var durationSeconds: Int64
        /// The length as written, when the plan was fitted (`--fit`, or `fit: auto` over the timebox).
        var writtenSeconds: Int64?
        /// Dropped by `--fit`: even the minimums did not fit.
        var dropped: Bool?
        var input: String?
        /// Every step it takes artifacts from (`input: [a, b]`, an agenda's `inputs:`), as
        /// `<exercise>.<step>` when another exercise's; absent without input.
        var inputs: [String]?
        var segments: [SegmentView]
        /// Absent for a step without `phases:`.
        var phases: [PhaseView]?
        /// A `for_each:` loop: the step whose result gives the items, and how many it takes at most.
        var forEach: LoopView?
        /// `only:`: the step whose result picks the speakers, and the bounds.
        var only: OnlyView?
        /// `groups: { from:, join: }`: the step whose groups are joined, and how many make one.
        var join: JoinView?
        /// `groups: { stay: }`: the role whose holders stay at their group.
        var stay: String?
        /// `extend_vote:`: the extensions a thumbs vote at the end of each round may grant, in seconds.
        var extendVoteSeconds: [Int64]?
        /// `for_each: [a, b]`: the items written in the file, a round each.
        var items: [String]?
    }

    struct JoinView: Encodable {
        var from: String
        var count: Int
    }

    struct LoopView: Encodable {
        var from: String
        var top: Int
        /// In a pass of a block with `for_each:`, the rank of the one item it works on.
        var pick: Int?
    }

    struct OnlyView: Encodable {
        var from: String
        var atMost: Double?
        var atLeast: Double?
    }

    struct PhaseView: Encodable {
        var name: String
        var durationSeconds: Int64
        var prompt: String?
        var focus: String?
    }

    struct SegmentView: Encodable {
        var round: Int
        var speaker: String?
        var startSeconds: Int64
        var durationSeconds: Int64
        var roles: [String: String]
        var groups: [[String]]
        /// In a step with `groups: { stay: role }`, who stays in each group.
        var stays: [String]?
    }

    /// The steps `step` takes artifacts from: an id of its own exercise, or `<exercise>.<step>`
    /// for another exercise of the agenda.
    static func inputNames(of step: PlannedStep, in plan: Plan) -> [String] {
        step.inputIndices.map { index in
            let from = plan.steps[index]
            guard from.exerciseIndex != step.exerciseIndex, let exercise = from.exerciseIndex else { return from.id }
            return "\(plan.exercises[exercise].id).\(from.id)"
        }
    }

    static func encode(_ plan: Plan, warnings: [Diagnostic] = [], dropped: Set<Int> = []) throws -> String {
        let view = PlanView(
            title: plan.title, seed: plan.seed, participants: plan.names, timeboxSeconds: plan.timebox?.wholeSeconds,
            durationSeconds: plan.duration.wholeSeconds,
            exercises: plan.exercises.map { exercise in
                ExerciseView(id: exercise.id, title: exercise.title, file: exercise.file,
                             roles: Dictionary(exercise.roles.map { ($0.name, $0.rotation.name) }, uniquingKeysWith: { a, _ in a }))
            },
            steps: plan.steps.map { step in
                StepView(
                    index: step.index, exercise: step.exerciseIndex, id: step.id, title: step.title, handler: step.handler,
                    startSeconds: step.start.wholeSeconds, durationSeconds: step.duration.wholeSeconds,
                    writtenSeconds: plan.writtenLengths?[step.index].wholeSeconds, dropped: dropped.contains(step.index) ? true : nil,
                    input: step.inputIndex.map { plan.steps[$0].id },
                    inputs: step.inputIndices.isEmpty ? nil : inputNames(of: step, in: plan),
                    segments: step.segments.map { segment in
                        SegmentView(round: segment.round, speaker: segment.speaker, startSeconds: segment.start.wholeSeconds,
                                    durationSeconds: segment.duration.wholeSeconds,
                                    roles: Dictionary(segment.roles.map { ($0.role, $0.person) }, uniquingKeysWith: { a, _ in a }),
                                    groups: segment.groups,
                                    stays: segment.stayRole.map { _ in segment.groups.indices.compactMap { segment.stayer(at: $0) } })
                    },
                    phases: step.phases.isEmpty ? nil : step.phases.map {
                        PhaseView(name: $0.name, durationSeconds: $0.duration.wholeSeconds, prompt: $0.prompt, focus: $0.focus)
                    },
                    forEach: step.itemLoop.map { LoopView(from: $0.fromID, top: $0.top, pick: $0.pick) },
                    only: step.turnFilter.map { OnlyView(from: $0.fromID, atMost: $0.atMost, atLeast: $0.atLeast) },
                    join: step.groupJoin.map { JoinView(from: $0.from, count: $0.count) },
                    stay: step.segments.first?.stayRole,
                    extendVoteSeconds: step.thumbsVote?.extensions.map(\.wholeSeconds),
                    items: step.listedItems.isEmpty ? nil : step.listedItems)
            },
            warnings: warnings.map(DiagnosticOutput.view))
        return try JSONOutput.encode(view)
    }
}
