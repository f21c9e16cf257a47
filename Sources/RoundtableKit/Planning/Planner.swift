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
                    guard var exercise = ref.exercise else {
                        log.error(.unknownExercise, "exercise '\(ref.reference)' is not resolved", at: ref.location)
                        continue
                    }
                    for input in ref.inputs {
                        for index in exercise.steps.indices where exercise.steps[index].id == input.step {
                            exercise.steps[index].agendaInputs = input.sources
                        }
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
        for index in plan.steps.indices { plan.steps[index].seed = Self.stepSeed(seed, plan.steps[index]) }
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
        // The last round's groups of each step so far, for `groups: { from: }`.
        var groupsByStep: [String: [[String]]] = [:]
        assign(exercise.roles.filter { $0.rotation == .perExercise || isFixed($0) }, held: &held)
        // Repeated blocks run pass after pass; a block `per` role is held by each participant in turn.
        let passes = Planner.expandBlocks(exercise.steps, order: order)
        let planSteps = passes.map(\.step)
        for (number, (step, forced, blockPass)) in passes.enumerated() {
            let free = exercise.roles.filter { $0.name != forced?.role }
            if let forced { held[forced.role] = forced.person }
            assign(free.filter { $0.rotation == .perStep }, held: &held)
            assignRandom(free.filter { $0.rotation == .random }, held: &held)
            assignFair(free.filter { $0.rotation == .fair }, held: &held)
            var segments: [Segment] = []
            let speakers = rotated(order, by: speakerOffset)
            if step.eachParticipant { speakerOffset += 1 }
            var schedule: [[[String]]]?
            // The members who stay at their group (`stay:`), by group.
            var hosts: [String]?
            if let size = step.groupSize, let role = step.structure.stay {
                let staying = formStayingGroups(
                    size: size, rounds: step.rounds, mix: step.groupMix, busy: Set(held.filter { $0.key != role }.values),
                    held: groupRoleCounts[role, default: [:]])
                (schedule, hosts) = (staying.schedule, staying.hosts)
            } else if let join = step.structure.join, let base = groupsByStep[join.from] {
                schedule = joinGroups(base, count: join.count, rounds: step.structure.keepGroups ? 1 : step.rounds)
            } else {
                schedule = step.groupSize.map { formGroups(size: $0, rounds: step.structure.keepGroups ? 1 : step.rounds, mix: step.groupMix) }
            }
            if step.structure.keepGroups, let kept = schedule?.first { schedule = Array(repeating: kept, count: step.rounds) }
            if let last = schedule?.last { groupsByStep[step.id] = last }
            let stayers = Set(hosts ?? [])
            // A room of exactly one group of the size asked (three people in trios) is not a
            // group that shrank or merged.
            let exactFit = schedule?.first?.allSatisfy { $0.count == step.groupSize } ?? false
            if let size = step.groupSize, !exactFit,
               step.structure.join == nil ? people.count < size * 2 : (schedule?.first?.count ?? 0) < 2 {
                let count = step.structure.join == nil ? Planner.groupCount(people: people.count, size: size) : schedule?.first?.count ?? 1
                let sizes = schedule?.first.map(Planner.describeGroups) ?? "one group"
                let message = count == 1
                    ? "\(people.count) participants are fewer than twice groups of about \(size): step '\(step.id)' is one group of everyone"
                    : "\(people.count) participants are fewer than twice groups of about \(size): step '\(step.id)' forms \(sizes)"
                warnings.append(.warning(.smallGroups, message, at: step.groupsLocation ?? step.location,
                                         hint: count == 1 ? "make the groups smaller for this room, or run the step as a whole-room conversation" : nil))
            }
            for round in 1...step.rounds {
                assign(free.filter { $0.rotation == .perRound }, held: &held, busy: stayers)
                let groups = schedule?[round - 1] ?? []
                // In a step with groups, a group-scoped role's room-wide holder does not apply:
                // only the roles held across the room make a member busy.
                let groupScoped = Set(exercise.roles.filter { $0.perGroup && !groups.isEmpty && $0.name != forced?.role }.map(\.name))
                let roomBusy = Set(held.filter { !groupScoped.contains($0.key) }.values)
                let staying = step.structure.stay.flatMap { hosts == nil ? nil : $0 }
                let groupRoles = exercise.roles.map(\.name).filter { groupScoped.contains($0) && $0 != staying }
                let inGroups = groupHolders(of: groupRoles, in: groups, taken: stayers, busy: roomBusy)
                let roles = exercise.roles.flatMap { role -> [RoleHolder] in
                    if let hosts, role.name == step.structure.stay, !groups.isEmpty {
                        return stayingHolders(of: role.name, hosts: hosts)
                    }
                    if groupScoped.contains(role.name) { return inGroups[role.name] ?? [] }
                    return held[role.name].map { [RoleHolder(role: role.name, person: $0)] } ?? []
                }
                if step.eachParticipant {
                    // `except:` roles' holders of this round have no turn (unless that leaves nobody).
                    let excluded = Set(step.structure.except.compactMap { held[$0] })
                    let kept = speakers.filter { !excluded.contains($0) }
                    let speakers = kept.isEmpty ? speakers : kept
                    for (turn, speaker) in speakers.enumerated() {
                        var segment = Segment(
                            round: round, rounds: step.rounds, speaker: speaker, turn: turn + 1, turns: speakers.count,
                            start: clock, duration: step.duration, roles: roles, groups: groups)
                        if hosts != nil { segment.stayRole = step.structure.stay }
                        segments.append(segment)
                        clock += step.duration
                    }
                } else {
                    var segment = Segment(round: round, rounds: step.rounds, start: clock, duration: step.duration,
                                          roles: roles, groups: groups)
                    if hosts != nil { segment.stayRole = step.structure.stay }
                    segments.append(segment)
                    clock += step.duration
                }
            }
            var inputIndices = step.inputs.compactMap { id in planSteps.firstIndex { $0.id == id } }.map { first + $0 }
            if !step.agendaInputs.isEmpty { inputIndices = step.agendaInputs.compactMap { agendaStep($0) } }
            steps.append(PlannedStep(
                index: steps.count, exerciseIndex: exerciseIndex, number: number + 1, count: planSteps.count,
                id: step.id, title: fill(step.title) ?? step.title, handler: step.handler, instructions: fill(step.instructions),
                prompt: fill(step.prompt), timer: step.timer, eachParticipant: step.eachParticipant,
                config: step.config?.mapScalars { Placeholders.fill($0, with: params) }, location: step.location,
                segments: segments))
            steps[steps.count - 1].inputIndices = inputIndices
            steps[steps.count - 1].phases = step.structure.phases.map { phase in
                StepPhase(name: fill(phase.name) ?? phase.name, duration: phase.duration, prompt: fill(phase.prompt), focus: fill(phase.focus))
            }
            if let only = step.structure.only, let from = planSteps.firstIndex(where: { $0.id == only.from }) {
                steps[steps.count - 1].turnFilter = TurnFilter(fromIndex: first + from, fromID: only.from, atMost: only.atMost, atLeast: only.atLeast)
            }
            if let join = step.structure.join { steps[steps.count - 1].groupJoin = (join.from, join.count) }
            steps[steps.count - 1].blockPass = blockPass
            if !step.structure.listedItems.isEmpty {
                // Items written in the file: each round's is known when the plan is made.
                let items = step.structure.listedItems
                for position in steps[steps.count - 1].segments.indices {
                    let round = steps[steps.count - 1].segments[position].round
                    if round <= items.count { steps[steps.count - 1].segments[position].item = items[round - 1] }
                }
            }
            if let loop = step.structure.forEach, let from = planSteps.firstIndex(where: { $0.id == loop.from }) {
                steps[steps.count - 1].itemLoop = ItemLoop(fromIndex: first + from, fromID: loop.from, top: loop.top, pick: loop.pick)
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

    /// The planned step an agenda item's `inputs:` names: in the latest earlier exercise of that id.
    private func agendaStep(_ source: AgendaInputSource) -> Int? {
        guard let exercise = exercises.last(where: { $0.id == source.exercise }) else { return nil }
        return exercise.stepRange.first { steps[$0].id == source.step }
    }

    private func isFixed(_ role: RoleSpec) -> Bool {
        if case .fixed = role.rotation { return true }
        return false
    }

    /// Passes each role to the first person in its queue who holds no other role now.
    ///
    /// `busy` names people who hold a role the step gives outside `held` (the members who
    /// stay at their group), whom the roles pass over too.
    private mutating func assign(_ roles: [RoleSpec], held: inout [String: String], busy stayers: Set<String> = []) {
        for role in roles { held[role.name] = nil }
        // Fixed holders first, so that a rotating role listed before them does not land on them.
        for role in roles {
            if case .fixed(let who) = role.rotation { held[role.name] = who }
        }
        for role in roles where !isFixed(role) {
            var queue = queues[role.name] ?? leastServedFirst(rotated(order, by: queues.count), role: role.name)
            let busy = Set(held.values).union(stayers)
            let index = queue.firstIndex { !busy.contains($0) } ?? 0
            let person = queue.remove(at: index)
            queue.append(person)
            queues[role.name] = queue
            held[role.name] = person
            counts.add(role: role.name, person: person)
        }
    }

    /// The holders of a step's `scope: group` roles in each group, all the group's roles
    /// together: of the ways to give them to different members, the one that gives fewest
    /// to members who already hold one (`taken`: who stays at the group), then fewest to
    /// members who hold a role across the room (`busy`), then to those who held the same
    /// role least in this session, then the first in role and group order. So the roles
    /// rotate within a group that stays together, each member taking each in turn, with no
    /// double roles while the group has members enough (with fewer, members share them).
    private mutating func groupHolders(of roles: [String], in groups: [[String]], taken: Set<String>, busy: Set<String>) -> [String: [RoleHolder]] {
        var result: [String: [RoleHolder]] = [:]
        guard !roles.isEmpty else { return result }
        for (index, group) in groups.enumerated() where !group.isEmpty {
            let counts = roles.map { groupRoleCounts[$0, default: [:]] }
            typealias Cost = (taken: Int, busy: Int, held: Int)
            /// What giving role `r` to `member` costs, compared in that order.
            func cost(_ r: Int, _ member: String) -> Cost {
                (taken.contains(member) ? 1 : 0, busy.contains(member) ? 1 : 0, counts[r][member] ?? 0)
            }
            /// Role `r`'s candidates, cheapest first, then in the group's order.
            func ranked(_ r: Int, excluding used: [String]) -> [String] {
                group.enumerated().filter { !used.contains($0.element) }
                    .sorted { lhs, rhs in
                        let a = cost(r, lhs.element), b = cost(r, rhs.element)
                        return (a.taken, a.busy, a.held, lhs.offset) < (b.taken, b.busy, b.held, rhs.offset)
                    }
                    .map(\.element)
            }
            var chosen: [String]
            if group.count >= roles.count {
                // Branch and bound over ways to give each role to a different member. A role's
                // best holder is always among its `roles.count` cheapest candidates (the other
                // roles take at most one fewer), so the search is small.
                var best: (cost: Cost, members: [String])?
                var path: [String] = []
                func search(_ r: Int, _ sum: Cost) {
                    if let best, !(sum < best.cost) { return }
                    guard r < roles.count else {
                        best = (sum, path)
                        return
                    }
                    for candidate in ranked(r, excluding: path).prefix(roles.count) {
                        let c = cost(r, candidate)
                        path.append(candidate)
                        search(r + 1, (sum.taken + c.taken, sum.busy + c.busy, sum.held + c.held))
                        path.removeLast()
                    }
                }
                search(0, (0, 0, 0))
                chosen = best?.members ?? []
            } else {
                // Fewer members than roles: each role on its own, cheapest member.
                chosen = roles.indices.map { ranked($0, excluding: [])[0] }
            }
            for (r, person) in chosen.enumerated() {
                groupRoleCounts[roles[r], default: [:]][person, default: 0] += 1
                var holder = RoleHolder(role: roles[r], person: person)
                holder.group = index + 1
                result[roles[r], default: []].append(holder)
            }
        }
        return result
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
    ///
    /// `pinned`, when given, holds one person per group who stays in that group (the groups
    /// are then as many as the pinned); only the others move.
    private mutating func formRound(size: Int, counts: [Int], values: [String?]?, pinned: [Int] = []) -> (groups: [[Int]], score: Int) {
        let n = people.count
        let count = pinned.isEmpty ? Planner.groupCount(people: n, size: size) : pinned.count
        let everyone = Array(people.indices)
        let fixed = Set(pinned)
        let movers = everyone.filter { !fixed.contains($0) }
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
            let shuffled = random.shuffled(movers)
            // Group g holds its pinned member, then the shuffled positions g, g + count, g + 2 × count, …
            var groups = (0..<count).map { group in
                (pinned.isEmpty ? [] : [pinned[group]]) + stride(from: group, to: movers.count, by: count).map { shuffled[$0] }
            }
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
                                if fixed.contains(a) || fixed.contains(b) { continue }
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

/// Groups as structures: a member who stays while the others move, and groups joined
/// from an earlier step's.
extension Builder {
    /// Groups for each round in which one member of each group stays (the host of a World
    /// Café table) and the others move, repeating as few pairs as the seeded tries find.
    ///
    /// The first round is split as any other; its members who stay are, in each group, one
    /// who holds no other role (`busy`), then who stayed least before (`held`), then the
    /// seeded order. Later rounds pin them to their group and re-split everyone else.
    /// Returns the groups (each with its member who stays first) and who stays in each.
    mutating func formStayingGroups(size: Int, rounds: Int, mix: String?, busy: Set<String>, held: [String: Int])
        -> (schedule: [[[String]]], hosts: [String]) {
        let values = mix.map { key in people.map { attributes[$0]?[key] } }
        let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        func key(_ person: Int) -> (Int, Int, Int) {
            let name = people[person]
            return (busy.contains(name) ? 1 : 0, held[name] ?? 0, rank[name]!)
        }
        var best: [[[Int]]] = []
        var bestHosts: [Int] = []
        var bestScore = Int.max
        var bestCounts = pairCounts
        for _ in 0..<12 {
            var counts = pairCounts
            var schedule: [[[Int]]] = []
            var hosts: [Int] = []
            var total = 0
            for _ in 0..<rounds where total < bestScore {
                let (groups, score) = formRound(size: size, counts: counts, values: values, pinned: hosts)
                if hosts.isEmpty { hosts = groups.map { group in group.min { key($0) < key($1) }! } }
                for group in groups { forEachPair(in: group) { counts[$0] += 1 } }
                schedule.append(groups)
                total += score
            }
            if total < bestScore && schedule.count == rounds {
                (best, bestHosts, bestScore, bestCounts) = (schedule, hosts, total, counts)
                if total == 0 { break }
            }
        }
        pairCounts = bestCounts
        let schedule = best.map { round in
            round.enumerated().map { index, group in
                [people[bestHosts[index]]] + group.filter { $0 != bestHosts[index] }.map { people[$0] }.sorted { rank[$0]! < rank[$1]! }
            }
        }
        return (schedule, bestHosts.map { people[$0] })
    }

    /// The holders of the role whose holders stay: the same member in each group every round.
    mutating func stayingHolders(of role: String, hosts: [String]) -> [RoleHolder] {
        hosts.enumerated().map { index, person in
            groupRoleCounts[role, default: [:]][person, default: 0] += 1
            var holder = RoleHolder(role: role, person: person)
            holder.group = index + 1
            return holder
        }
    }

    /// Groups made of `count` whole groups of `base` each, for each round: pairs stay
    /// together inside the fours they join.
    ///
    /// As many joined groups form as `Planner.groupCount` gives for the earlier groups, so
    /// none is an earlier group alone (an odd pair out makes a group of three pairs); the
    /// earlier groups are spread so that the joined groups' sizes are as even as they can
    /// be, larger groups first to those with fewer. Seeded starts, then swaps of
    /// equally large groups while one lowers the pairs met before, as for any round.
    mutating func joinGroups(_ base: [[String]], count: Int, rounds: Int) -> [[[String]]] {
        let index = Dictionary(uniqueKeysWithValues: people.enumerated().map { ($1, $0) })
        let units = base.map { $0.compactMap { index[$0] } }.filter { !$0.isEmpty }
        guard units.count > 1 else { return Array(repeating: [units.flatMap { $0 }.map { people[$0] }], count: rounds) }
        let n = people.count
        let clusters = Planner.groupCount(people: units.count, size: count)
        let capacity = (0..<clusters).map { units.count / clusters + ($0 < units.count % clusters ? 1 : 0) }
        var schedule: [[[String]]] = []
        for _ in 0..<rounds {
            let counts = pairCounts
            func crossCost(_ unit: [Int], _ others: [Int]) -> Int {
                var cost = 0
                for a in unit { for b in others { let met = counts[min(a, b) * n + max(a, b)]; cost += met * met + met } }
                return cost
            }
            var best: [[Int]] = []
            var bestScore = Int.max
            for _ in 0..<6 {
                // Larger units first; among equals, a seeded order.
                let start = random.shuffled(Array(units.indices)).sorted { units[$0].count > units[$1].count }
                var members = Array(repeating: [Int](), count: clusters)
                var sizes = Array(repeating: 0, count: clusters)
                for unit in start {
                    let open = (0..<clusters).filter { members[$0].count < capacity[$0] }
                    let target = open.min { (sizes[$0], capacity[$0], $0) < (sizes[$1], capacity[$1], $1) }!
                    members[target].append(unit)
                    sizes[target] += units[unit].count
                }
                var improved = true
                var sweeps = 0
                while improved && sweeps < 20 {
                    improved = false
                    sweeps += 1
                    for g in 0..<clusters {
                        for h in 0..<clusters where g < h {
                            for i in members[g].indices {
                                for j in members[h].indices where units[members[g][i]].count == units[members[h][j]].count {
                                    let a = members[g][i], b = members[h][j]
                                    let restG = members[g].filter { $0 != a }.flatMap { units[$0] }
                                    let restH = members[h].filter { $0 != b }.flatMap { units[$0] }
                                    let delta = crossCost(units[b], restG) + crossCost(units[a], restH) - crossCost(units[a], restG) - crossCost(units[b], restH)
                                    if delta < 0 {
                                        members[g][i] = b
                                        members[h][j] = a
                                        improved = true
                                    }
                                }
                            }
                        }
                    }
                }
                let groups = members.map { $0.sorted().flatMap { units[$0] } }
                let score = groups.reduce(0) { $0 + cost(of: $1, counts: counts, values: nil) }
                if score < bestScore {
                    (best, bestScore) = (groups, score)
                }
            }
            for group in best { forEachPair(in: group) { pairCounts[$0] += 1 } }
            schedule.append(best.map { $0.map { people[$0] } })
        }
        return schedule
    }
}
