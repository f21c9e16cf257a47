extension Planner {
    /// Gives every planned step its fitting bounds (for the whole step), the agenda's
    /// `fit:` setting, and the breaks tied to rotation.
    func applyFitting(_ document: Document, to plan: inout Plan) {
        switch document {
        case .exercise(let exercise):
            if let placed = plan.exercises.first { bound(plan: &plan, exercise: exercise, range: placed.stepRange, item: FitBounds()) }
        case .agenda(let agenda):
            plan.fitting = agenda.fitting
            var exercises = plan.exercises.makeIterator()
            var breaks = plan.steps.indices.filter { plan.steps[$0].isBreak }.makeIterator()
            for item in agenda.items {
                switch item {
                case .exercise(let ref):
                    guard let exercise = ref.exercise, let placed = exercises.next() else { continue }
                    bound(plan: &plan, exercise: exercise, range: placed.stepRange, item: ref.fit)
                case .pause(let pause):
                    guard let index = breaks.next() else { continue }
                    plan.steps[index].fit = pause.fit
                }
            }
            if let length = agenda.fitting.rotationBreak {
                Self.insertRotationBreaks(into: &plan, length: length, title: agenda.fitting.rotationBreakTitle)
            }
            // `fit: auto` fits a plan over its timebox before it starts, unless that drops steps
            // (the facilitator decides those, and the timebox warning says so).
            if agenda.fitting.mode == .auto, let timebox = plan.timebox, plan.duration > timebox {
                let fitted = plan.fitted(into: timebox)
                if fitted.dropped.isEmpty { plan = fitted.plan }
            }
            if let timebox = plan.timebox {
                let least = plan.steps.reduce(0) { $0 + $1.fitItem(length: $1.duration).floor }
                if least > Int(timebox.components.seconds) {
                    plan.warnings.append(.warning(
                        .minimumsOverTimebox,
                        "for \(plan.participants.count) participants even the steps' minimums take \(DurationText.format(.seconds(least))), over the timebox of \(DurationText.format(timebox)): fitting will drop steps",
                        at: agenda.timeboxLocation ?? agenda.location,
                        hint: "lower some `min:`, drop an item, or raise `timebox:`"))
                }
            }
        }
    }

    /// Bounds of an exercise's steps: their own, else a share of the agenda item's.
    private func bound(plan: inout Plan, exercise: Exercise, range: Range<Int>, item: FitBounds) {
        let total = range.reduce(Duration.zero) { $0 + plan.steps[$1].duration }
        func share(_ whole: Duration?, of length: Duration) -> Duration? {
            guard let whole, total > .zero else { return nil }
            let seconds = Double(whole.components.seconds) * Double(length.components.seconds) / Double(total.components.seconds)
            return .seconds(Int(seconds.rounded()))
        }
        for index in range {
            let planned = plan.steps[index]
            guard let step = exercise.steps.first(where: { $0.id == planned.id }) else { continue }
            var fit = step.fit.scaled(by: max(planned.segments.count, 1))
            // An item's share never asks a step to grow when shrinking or shrink when stretching.
            if fit.min == nil { fit.min = share(item.min, of: planned.duration).map { min($0, planned.duration) } }
            if fit.max == nil { fit.max = share(item.max, of: planned.duration).map { max($0, planned.duration) } }
            fit.priority *= item.priority
            fit.locked = fit.locked || item.locked
            plan.steps[index].fit = fit
        }
    }

    /// Inserts a break after every step at which everyone has held a rotating role since
    /// the last break (or the start), except after the last step.
    static func insertRotationBreaks(into plan: inout Plan, length: Duration, title: String) {
        let everyone = Set(plan.names)
        var held: Set<String> = []
        var after: [Int] = []
        for (index, step) in plan.steps.enumerated() {
            if step.isBreak {
                held = []
                continue
            }
            let rotating = Set(step.exerciseIndex.map { plan.exercises[$0].roles }?.filter {
                if case .fixed = $0.rotation { return false } else { return true }
            }.map(\.name) ?? [])
            for segment in step.segments {
                for holder in segment.roles where rotating.contains(holder.role) { held.insert(holder.person) }
            }
            if !everyone.isEmpty, held.isSuperset(of: everyone), index + 1 < plan.steps.count, !plan.steps[index + 1].isBreak {
                after.append(index)
                held = []
            }
        }
        guard !after.isEmpty else { return }
        var steps: [PlannedStep] = []
        var handlers: [(any ExerciseHandler)?] = []
        var newIndex: [Int] = []
        var shift = Duration.zero
        for (index, step) in plan.steps.enumerated() {
            var moved = step
            moved.index = steps.count
            for s in moved.segments.indices { moved.segments[s].start += shift }
            newIndex.append(steps.count)
            steps.append(moved)
            handlers.append(plan.handlers[index])
            if after.contains(index) {
                let segment = Segment(round: 1, rounds: 1, start: moved.end, duration: length, roles: [], groups: [])
                steps.append(PlannedStep(index: steps.count, number: 1, count: 1, id: "break", title: title, timer: TimerPolicy(),
                                         eachParticipant: false, segments: [segment]))
                handlers.append(nil)
                shift += length
            }
        }
        for i in steps.indices {
            steps[i].inputIndices = steps[i].inputIndices.map { newIndex[$0] }
            if let from = steps[i].itemLoop?.fromIndex { steps[i].itemLoop?.fromIndex = newIndex[from] }
            if let from = steps[i].turnFilter?.fromIndex { steps[i].turnFilter?.fromIndex = newIndex[from] }
        }
        for e in plan.exercises.indices {
            let range = plan.exercises[e].stepRange
            plan.exercises[e].stepRange = newIndex[range.lowerBound]..<(range.isEmpty ? newIndex[range.lowerBound] : newIndex[range.upperBound - 1] + 1)
        }
        plan.steps = steps
        plan.handlers = handlers
    }
}

extension PlannedStep {
    /// The step as the fitting sees it, at `length` (its planned or fitted length): by
    /// default it may shrink to half its planned length and does not stretch.
    public func fitItem(length: Duration) -> TimeFit.Item {
        let planned = Int(duration.components.seconds)
        return TimeFit.Item(
            planned: Int(length.components.seconds), min: fit.locked ? Int(length.components.seconds) : Int((fit.min ?? .seconds(planned / 2)).components.seconds),
            max: Int((fit.max ?? duration).components.seconds), priority: fit.priority, locked: fit.locked)
    }
}
