import Foundation

/// Computes a ``Plan``: start times, turns, rounds, groups and every role holder.
///
/// Same document, participants, seed and history give the same plan. Across sessions a
/// rotating role starts with whoever held it least in the team's history. Within a
/// session: a rotating role passes along a queue of everyone, skipping whoever holds
/// another role at that moment (they stay first in line), so counts differ by at most
/// one among the people free to take it, and nobody holds two roles at once while there
/// are at least as many people as roles.
public struct Planner: Sendable {
    /// Binds each planned step to its configured handler.
    public let binder: Binder

    /// A planner for the handlers of `registry`.
    ///
    /// - Parameter registry: The handlers steps are bound to.
    public init(registry: HandlerRegistry) {
        binder = Binder(registry: registry)
    }

    /// Plans a document for `participants`.
    ///
    /// - Parameters:
    ///   - params: values for an exercise's `{{params}}` when it is planned on its own.
    /// - Throws: ``LoadError`` when the group does not fit an exercise or a fixed role
    ///   names someone absent.
    ///   - history: how often each person held each role in the team's past sessions
    ///     (role → person → count), for `fair` rotation.
    public func plan(
        _ document: Document, participants: [Participant], seed: UInt64 = 0, params: [String: String] = [:],
        history: RoleHistory = RoleHistory()
    ) throws(LoadError) -> Plan {
        var log = DiagnosticLog()
        var names: Set<String> = []
        for person in participants.prefix(Participant.limit + 1) {
            if let problem = Participant.problem(with: person.name) { log.error(.invalidParticipant, problem, at: nil) }
            if !names.insert(person.name.lowercased()).inserted {
                log.error(.duplicateParticipant, "participant '\(person.name.neutralized())' is listed twice", at: nil)
            }
        }
        if participants.count > Participant.limit {
            log.error(.tooManyParticipants, "\(participants.count) participants; the limit is \(Participant.limit)", at: nil,
                      hint: "run large groups as several sessions")
        }
        if participants.isEmpty {
            log.error(.noParticipants, "no participants", at: document.location, hint: "pass --participants Ana,Ben,Chen or --team FILE")
        }
        if log.hasErrors { throw LoadError(log.diagnostics) }

        var builder = Builder(participants: participants, seed: seed, history: history, binder: binder)
        let title: String, timebox: Duration?
        switch document {
        case .exercise(let exercise):
            title = exercise.title
            timebox = nil
            let names = exercise.params.map(\.name)
            for name in params.keys.sorted() where !names.contains(name) {
                var notes: [Diagnostic.Note] = []
                if let suggestion = Suggestion.closest(to: name, in: names) { notes.append(.init("did you mean '\(suggestion)'?")) }
                log.error(.unknownParam, "exercise '\(exercise.id)' has no param '\(name.neutralized())'", at: nil, notes: notes,
                          hint: names.isEmpty ? "it takes no params" : "its params: \(names.joined(separator: ", "))")
            }
            for param in exercise.params where param.defaultValue == nil && params[param.name] == nil {
                log.error(.missingParam, "exercise '\(exercise.id)' needs param '\(param.name)'", at: nil, hint: "pass --with \(param.name)=…")
            }
            if !log.hasErrors { builder.add(exercise, params: params, log: &log) }
        case .agenda(let agenda):
            title = agenda.title
            timebox = agenda.timebox
            if !params.isEmpty {
                log.error(.paramsForAgenda, "params are set per agenda item, not for the whole agenda", at: nil,
                          hint: "write `with: { name: value }` under the item's `exercise:` in the agenda file")
            }
            for item in agenda.items {
                switch item {
                case .exercise(let ref):
                    guard let exercise = ref.exercise else {
                        log.error(.unknownExercise, "exercise '\(ref.reference)' is not resolved", at: ref.location)
                        continue
                    }
                    builder.add(exercise, params: ref.with, log: &log)
                case .pause(let pause):
                    builder.addBreak(pause)
                }
            }
        }
        if log.hasErrors { throw LoadError(log.diagnostics) }
        var plan = Plan(title: title, timebox: timebox, participants: participants, seed: seed,
                        exercises: builder.exercises, steps: builder.steps, handlers: builder.handlers)
        plan.warnings = builder.warnings
        applyFitting(document, to: &plan)
        if case .agenda(let agenda) = document, let timebox, plan.duration > timebox {
            let over = DurationText.format(plan.duration - timebox)
            plan.warnings.append(.warning(
                .timeboxOverrun,
                "for \(participants.count) participants the plan takes \(DurationText.format(plan.duration)), \(over) over the timebox of \(DurationText.format(timebox))",
                at: agenda.timeboxLocation ?? agenda.location,
                hint: "shorten or drop an item, or raise `timebox:`"))
        }
        return plan
    }

    /// "2 groups of 3", "groups of 3 and 2": what a round's groups come to.
    public static func describeGroups(_ groups: [[String]]) -> String {
        let sizes = groups.map(\.count).sorted(by: >)
        guard let first = sizes.first else { return "no groups" }
        if sizes.count == 1 { return "one group of \(first)" }
        if Set(sizes).count == 1 { return "\(sizes.count) groups of \(first)" }
        return "groups of " + sizes.dropLast().map(String.init).joined(separator: ", ") + " and \(sizes.last!)"
    }

    /// How many groups of about `size` a room of `people` forms: the count whose groups
    /// come closest to `size` (the smaller groups on a tie), never a group of one.
    ///
    /// Six people in groups of about 4 make two groups of 3, not one of 6; five people in
    /// pairs make a pair and a trio.
    public static func groupCount(people: Int, size: Int) -> Int {
        guard people >= 2, size >= 1 else { return 1 }
        let most = people / 2
        let fewer = max(1, min(most, people / size))
        let more = max(1, min(most, (people + size - 1) / size))
        func gap(_ count: Int) -> Double { abs(Double(people) / Double(count) - Double(size)) }
        return gap(more) <= gap(fewer) ? more : fewer
    }
}

/// The mutable state of planning one session.
private struct Builder {
    let people: [String]
    var random: SeededGenerator
    /// Everyone in a seeded order; role queues start from it.
    let order: [String]
    var queues: [String: [String]] = [:]
    /// How often each pair of people (by position in `people`) was grouped: `people.count` × `people.count`.
    var pairCounts: [Int]
    var exercises: [PlannedExercise] = []
    var steps: [PlannedStep] = []
    var handlers: [(any ExerciseHandler)?] = []
    let binder: Binder
    var clock: Duration = .zero
    var speakerOffset = 0
    /// How often each person held each `scope: group` role, for rotation within groups.
    var groupRoleCounts: [String: [String: Int]] = [:]
    var warnings: [Diagnostic] = []

    /// Role counts so far: the history given, plus this session's assignments.
    var counts: RoleHistory
    let attributes: [String: [String: String]]

    init(participants: [Participant], seed: UInt64, history: RoleHistory, binder: Binder) {
        self.binder = binder
        attributes = Dictionary(participants.map { ($0.name, $0.attributes) }, uniquingKeysWith: { a, _ in a })
        counts = history
        people = participants.map(\.name)
        pairCounts = Array(repeating: 0, count: participants.count * participants.count)
        random = SeededGenerator(seed: seed)
        order = random.shuffled(people)
    }

    mutating func addBreak(_ pause: Agenda.Break) {
        let segment = Segment(round: 1, rounds: 1, start: clock, duration: pause.duration, roles: [], groups: [])
        steps.append(PlannedStep(
            index: steps.count, exerciseIndex: nil, number: 1, count: 1, id: "break", title: pause.title, handler: nil,
            timer: TimerPolicy(), eachParticipant: false, location: pause.location, segments: [segment]))
        handlers.append(nil)
        clock += pause.duration
    }

    mutating func add(_ exercise: Exercise, params given: [String: String], log: inout DiagnosticLog) {
        let count = people.count
        if !exercise.participants.contains(count) {
            let range = exercise.participants
            let message = count < range.min
                ? "'\(exercise.id)' needs at least \(range.min) participants; \(count) given"
                : "'\(exercise.id)' takes at most \(range.max ?? count) participants; \(count) given"
            log.error(.roomSize, message, at: exercise.location,
                      hint: count < range.min ? "add participants or pick another exercise" : "split the room and run it in parallel, or pick another exercise")
            return
        }
        var params: [String: String] = [:]
        for param in exercise.params { params[param.name] = given[param.name] ?? param.defaultValue }
        func fill(_ text: String?) -> String? { text.map { Placeholders.fill($0, with: params) } }

        for role in exercise.roles {
            if case .fixed(let who) = role.rotation, !people.contains(who) {
                log.error(.fixedRoleAbsent, "role '\(role.name)' is fixed to '\(who.neutralized())', who is not a participant", at: role.location,
                          hint: "add \(who) to the participants, or let the role rotate")
            }
        }
        if log.hasErrors { return }

        let exerciseIndex = exercises.count
        let first = steps.count
        var held: [String: String] = [:]
        assign(exercise.roles.filter { $0.rotation == .perExercise || isFixed($0) }, held: &held)
        // Repeated blocks run pass after pass; a block `per` role is held by each participant in turn.
        let passes = Planner.expandBlocks(exercise.steps, order: order)
        let planSteps = passes.map(\.step)
        for (number, (step, forced)) in passes.enumerated() {
            let free = exercise.roles.filter { $0.name != forced?.role }
            if let forced { held[forced.role] = forced.person }
            assign(free.filter { $0.rotation == .perStep }, held: &held)
            assignRandom(free.filter { $0.rotation == .random }, held: &held)
            assignFair(free.filter { $0.rotation == .fair }, held: &held)
            var segments: [Segment] = []
            let speakers = rotated(order, by: speakerOffset)
            if step.eachParticipant { speakerOffset += 1 }
            var schedule = step.groupSize.map { formGroups(size: $0, rounds: step.structure.keepGroups ? 1 : step.rounds, mix: step.groupMix) }
            if step.structure.keepGroups, let kept = schedule?.first { schedule = Array(repeating: kept, count: step.rounds) }
            if let size = step.groupSize, people.count < size * 2 {
                let count = Planner.groupCount(people: people.count, size: size)
                let sizes = schedule?.first.map(Planner.describeGroups) ?? "one group"
                let message = count == 1
                    ? "\(people.count) participants are fewer than twice groups of about \(size): step '\(step.id)' is one group of everyone"
                    : "\(people.count) participants are fewer than twice groups of about \(size): step '\(step.id)' forms \(sizes)"
                warnings.append(.warning(.smallGroups, message, at: step.groupsLocation ?? step.location,
                                         hint: count == 1 ? "make the groups smaller for this room, or run the step as a whole-room conversation" : nil))
            }
            for round in 1...step.rounds {
                assign(free.filter { $0.rotation == .perRound }, held: &held)
                let groups = schedule?[round - 1] ?? []
                let roles = exercise.roles.flatMap { role -> [RoleHolder] in
                    if role.perGroup && !groups.isEmpty && role.name != forced?.role {
                        return groupHolders(of: role.name, in: groups, busy: Set(held.filter { $0.key != role.name }.values))
                    }
                    return held[role.name].map { [RoleHolder(role: role.name, person: $0)] } ?? []
                }
                if step.eachParticipant {
                    // `except:` roles' holders of this round have no turn (unless that leaves nobody).
                    let excluded = Set(step.structure.except.compactMap { held[$0] })
                    let kept = speakers.filter { !excluded.contains($0) }
                    let speakers = kept.isEmpty ? speakers : kept
                    for (turn, speaker) in speakers.enumerated() {
                        segments.append(Segment(
                            round: round, rounds: step.rounds, speaker: speaker, turn: turn + 1, turns: speakers.count,
                            start: clock, duration: step.duration, roles: roles, groups: groups))
                        clock += step.duration
                    }
                } else {
                    segments.append(Segment(round: round, rounds: step.rounds, start: clock, duration: step.duration,
                                            roles: roles, groups: groups))
                    clock += step.duration
                }
            }
            let inputIndex = step.input.flatMap { id in planSteps.firstIndex { $0.id == id } }.map { first + $0 }
            steps.append(PlannedStep(
                index: steps.count, exerciseIndex: exerciseIndex, number: number + 1, count: planSteps.count,
                id: step.id, title: fill(step.title) ?? step.title, handler: step.handler, instructions: fill(step.instructions),
                prompt: fill(step.prompt), inputIndex: inputIndex, timer: step.timer, eachParticipant: step.eachParticipant,
                config: step.config?.mapScalars { Placeholders.fill($0, with: params) }, location: step.location,
                segments: segments))
            steps[steps.count - 1].phases = step.structure.phases.map { phase in
                StepPhase(name: fill(phase.name) ?? phase.name, duration: phase.duration, prompt: fill(phase.prompt), focus: fill(phase.focus))
            }
            if let only = step.structure.only, let from = planSteps.firstIndex(where: { $0.id == only.from }) {
                steps[steps.count - 1].turnFilter = TurnFilter(fromIndex: first + from, fromID: only.from, atMost: only.atMost, atLeast: only.atLeast)
            }
            if let loop = step.structure.forEach, let from = planSteps.firstIndex(where: { $0.id == loop.from }) {
                steps[steps.count - 1].itemLoop = ItemLoop(fromIndex: first + from, fromID: loop.from, top: loop.top)
            }
            if !step.structure.extendVote.isEmpty {
                steps[steps.count - 1].thumbsVote = ThumbsVote(extensions: step.structure.extendVote)
            }
            let bound = binder.bind(step, params: params)
            log.append(contentsOf: bound.diagnostics)
            handlers.append(bound.handler)
        }
        exercises.append(PlannedExercise(
            id: exercise.id, title: exercise.title, file: exercise.location.file, source: exercise.source,
            roles: exercise.roles, stepRange: first..<steps.count))
    }

    private func isFixed(_ role: RoleSpec) -> Bool {
        if case .fixed = role.rotation { return true }
        return false
    }

    /// Passes each role to the first person in its queue who holds no other role now.
    private mutating func assign(_ roles: [RoleSpec], held: inout [String: String]) {
        for role in roles { held[role.name] = nil }
        // Fixed holders first, so that a rotating role listed before them does not land on them.
        for role in roles {
            if case .fixed(let who) = role.rotation { held[role.name] = who }
        }
        for role in roles where !isFixed(role) {
            var queue = queues[role.name] ?? leastServedFirst(rotated(order, by: queues.count), role: role.name)
            let busy = Set(held.values)
            let index = queue.firstIndex { !busy.contains($0) } ?? 0
            let person = queue.remove(at: index)
            queue.append(person)
            queues[role.name] = queue
            held[role.name] = person
            counts.add(role: role.name, person: person)
        }
    }

    /// One holder of a `scope: group` role in each group: a member who holds no other role
    /// if the group has one, then who held it least in this session, then the group's
    /// order; so the role rotates within a group that stays together, with no double roles.
    private mutating func groupHolders(of role: String, in groups: [[String]], busy: Set<String>) -> [RoleHolder] {
        groups.enumerated().compactMap { index, group in
            let held = groupRoleCounts[role, default: [:]]
            guard let person = group.enumerated().min(by: { lhs, rhs in
                let l = (busy.contains(lhs.element) ? 1 : 0, held[lhs.element] ?? 0, lhs.offset)
                let r = (busy.contains(rhs.element) ? 1 : 0, held[rhs.element] ?? 0, rhs.offset)
                return l < r
            })?.element else { return nil }
            groupRoleCounts[role, default: [:]][person, default: 0] += 1
            var holder = RoleHolder(role: role, person: person)
            holder.group = index + 1
            return holder
        }
    }

    /// Gives the `fair` roles, together, to free people who held them least.
    ///
    /// Of all ways to fill the roles, the cheapest wins: holding a role more often than its
    /// least-served person costs most (that is what keeps every count within one), then
    /// how many fair roles a person holds in all (spreading turns over everyone keeps a
    /// later step from running out of people who still owe a turn), then the seeded order.
    private mutating func assignFair(_ roles: [RoleSpec], held: inout [String: String]) {
        guard !roles.isEmpty else { return }
        for role in roles { held[role.name] = nil }
        let busy = Set(held.values)
        let free = order.filter { !busy.contains($0) }
        let pool = free.count >= roles.count ? free : order
        // Counts are bounded before they are weighed, so that no history makes the sums overflow.
        func heldCount(_ role: String, _ person: String) -> Int { min(counts.count(role: role, person: person), RoleHistory.maxCount) }
        let floors = roles.map { role in people.map { heldCount(role.name, $0) }.min() ?? 0 }
        func total(_ person: String) -> Int { roles.reduce(0) { $0 + heldCount($1.name, person) } }
        func cost(_ index: Int, _ person: String) -> Int {
            (heldCount(roles[index].name, person) - floors[index]) * 10_000 + total(person) * 10
        }
        var best: [String] = []
        var bestCost = Int.max
        guard pow(Double(pool.count), Double(roles.count)) <= 200_000 else {
            // Too many ways to try: one role after another, each to its cheapest free person.
            for (index, role) in roles.enumerated() {
                let taken = Set(held.values)
                let person = pool.filter { !taken.contains($0) }.min { cost(index, $0) < cost(index, $1) } ?? pool[0]
                held[role.name] = person
                counts.add(role: role.name, person: person)
            }
            return
        }
        // Ways are tried in the seeded order and costs are never negative, so the first way
        // found at a cost is the one the order prefers: a branch that cannot be strictly
        // cheaper is cut (with even counts, the first way found ends the search).
        func search(_ index: Int, _ chosen: [String], _ sum: Int) {
            if sum >= bestCost { return }
            if index == roles.count {
                bestCost = sum
                best = chosen
                return
            }
            for person in pool where !chosen.contains(person) || pool.count < roles.count {
                search(index + 1, chosen + [person], sum + cost(index, person))
            }
        }
        search(0, [], 0)
        for (role, person) in zip(roles, best) {
            held[role.name] = person
            counts.add(role: role.name, person: person)
        }
    }

    private mutating func assignRandom(_ roles: [RoleSpec], held: inout [String: String]) {
        for role in roles { held[role.name] = nil }
        for role in roles {
            let busy = Set(held.values)
            let free = people.filter { !busy.contains($0) }
            let pool = free.isEmpty ? people : free
            let person = pool[random.below(pool.count)]
            held[role.name] = person
            counts.add(role: role.name, person: person)
        }
    }

    /// A role's first queue: whoever held it in the fewest of the team's past sessions
    /// first (then in the fewest steps), the seeded order breaking ties, so that with no
    /// flags the lead passes from session to session.
    private func leastServedFirst(_ queue: [String], role: String) -> [String] {
        guard !counts.isEmpty else { return queue }
        return queue.enumerated().sorted { a, b in
            let left = (counts.sessionCount(role: role, person: a.element), counts.count(role: role, person: a.element), a.offset)
            let right = (counts.sessionCount(role: role, person: b.element), counts.count(role: role, person: b.element), b.offset)
            return left < right
        }.map(\.element)
    }

    private func rotated(_ list: [String], by offset: Int) -> [String] {
        guard !list.isEmpty else { return list }
        let shift = offset % list.count
        return Array(list[shift...] + list[..<shift])
    }

    /// Groups of about `size` for each of a step's rounds, repeating as few pairs already
    /// formed in this session as the seeded tries find.
    ///
    /// Rounds are chosen one after another, and a round that looks best can leave no fresh
    /// split for a later one (6 people in pairs can run out after 3 rounds instead of 5), so
    /// the whole sequence is tried several times and the one with the fewest repeats is kept.
    private mutating func formGroups(size: Int, rounds: Int, mix: String?) -> [[[String]]] {
        // With `mix:`, two people sharing the attribute's value in one group cost as much as
        // meeting twice: groups then cross departments (or teams) wherever the room allows.
        let values = mix.map { key in people.map { attributes[$0]?[key] } }
        var best: [[[Int]]] = []
        var bestScore = Int.max
        var bestCounts = pairCounts
        for _ in 0..<12 {
            var counts = pairCounts
            var schedule: [[[Int]]] = []
            var total = 0
            for _ in 0..<rounds where total < bestScore {
                let (groups, score) = formRound(size: size, counts: counts, values: values)
                for group in groups { forEachPair(in: group) { counts[$0] += 1 } }
                schedule.append(groups)
                total += score
            }
            if total < bestScore {
                (best, bestScore, bestCounts) = (schedule, total, counts)
                if total == 0 { break }
            }
        }
        pairCounts = bestCounts
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return best.map { round in
            round.map { group in group.map { people[$0] }.sorted { rank[$0]! < rank[$1]! } }
        }
    }

    /// One round's split (as positions in `people`) that repeats the fewest pairs counted in
    /// `counts`; returns it with that score.
    ///
    /// Each seeded start is a random split into groups whose sizes differ by at most one;
    /// swaps of two people in different groups are then made while one lowers the score, so
    /// a split with no repeated pair is found whenever one is near (sampling alone repeated
    /// pairs of 16 people in fours within three rounds).
    private mutating func formRound(size: Int, counts: [Int], values: [String?]?) -> (groups: [[Int]], score: Int) {
        let n = people.count
        let count = Planner.groupCount(people: n, size: size)
        let everyone = Array(people.indices)
        // With one group of everyone every split is the same.
        guard count > 1 else { return ([everyone], cost(of: everyone, counts: counts, values: values)) }
        func pairCost(_ a: Int, _ b: Int) -> Int {
            let met = counts[min(a, b) * n + max(a, b)]
            var cost = met * met + met
            if let values, let value = values[a], value == values[b] { cost += 6 }
            return cost
        }
        var best: [[Int]] = []
        var bestScore = Int.max
        for _ in 0..<6 {
            let shuffled = random.shuffled(everyone)
            // Group g holds the shuffled positions g, g + count, g + 2 × count, …
            var groups = (0..<count).map { group in stride(from: group, to: n, by: count).map { shuffled[$0] } }
            var improved = true
            var sweeps = 0
            while improved && sweeps < 50 {
                improved = false
                sweeps += 1
                for g in groups.indices {
                    for h in groups.indices where g < h {
                        for i in groups[g].indices {
                            for j in groups[h].indices {
                                let a = groups[g][i], b = groups[h][j]
                                var delta = 0
                                for other in groups[g] where other != a { delta += pairCost(b, other) - pairCost(a, other) }
                                for other in groups[h] where other != b { delta += pairCost(a, other) - pairCost(b, other) }
                                if delta < 0 {
                                    groups[g][i] = b
                                    groups[h][j] = a
                                    improved = true
                                }
                            }
                        }
                    }
                }
            }
            let score = groups.reduce(0) { total, group in
                var sum = total
                for i in group.indices { for j in group.indices where i < j { sum += pairCost(group[i], group[j]) } }
                return sum
            }
            if score < bestScore {
                (best, bestScore) = (groups, score)
                if score == 0 { break }
            }
        }
        return (best, bestScore)
    }

    private func cost(of group: [Int], counts: [Int], values: [String?]?) -> Int {
        let n = people.count
        var sum = 0
        for i in group.indices {
            for j in group.indices where i < j {
                let (a, b) = (group[i], group[j])
                let met = counts[min(a, b) * n + max(a, b)]
                sum += met * met + met
                if let values, let value = values[a], value == values[b] { sum += 6 }
            }
        }
        return sum
    }

    /// Calls `body` with the index in ``pairCounts`` of every pair in `group`.
    private func forEachPair(in group: [Int], _ body: (Int) -> Void) {
        for i in group.indices {
            for j in group.indices where i < j {
                body(min(group[i], group[j]) * people.count + max(group[i], group[j]))
            }
        }
    }
}
