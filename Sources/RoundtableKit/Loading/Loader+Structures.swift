/// Reading the keys that shape a step beyond its timer (``StepStructure``).
extension Loader {
    /// The step's structures, and its duration when `phases:` stands in for `duration:`.
    ///
    /// `duration` is the step's own `duration:` as read (nil when absent or invalid).
    func structure(of map: MappingReader, earlier: [String], duration: Duration?, log: inout DiagnosticLog) -> (StepStructure, Duration?) {
        var structure = StepStructure()
        if let node = map["for_each"] {
            if let list = node.items {
                structure.listedItems = listedItems(list, at: node, rounds: map["rounds"], log: &log)
            } else {
                structure.forEach = forEach(node, earlier: earlier, rounds: map["rounds"], log: &log)
            }
        }
        for key in ["except", "only"] where map[key] != nil && map["each"]?.scalar != "participant" {
            log.error(.invalidTurnSelection, "`\(key)` picks who has a turn, but this step has no turns", at: map[key]!.location,
                      hint: "add `each: participant`, or remove `\(key)`")
        }
        if let node = map["except"] {
            let names = node.items ?? [node]
            for name in names {
                guard let text = MappingReader.text(name, key: "except", log: &log) else { continue }
                structure.except.append(text)
                structure.exceptLocations.append(name.location)
            }
        }
        if let node = map["only"] { structure.only = only(node, earlier: earlier, log: &log) }
        if let node = map["extend_vote"] { structure.extendVote = extendVote(node, step: map, log: &log) }
        if let keep = map["groups"]?["keep"] {
            if let word = keep.scalar, ["true", "false"].contains(word) {
                structure.keepGroups = word == "true"
            } else {
                log.error(.wrongType, "`keep` must be true or false, not \(MappingReader.describe(keep))", at: keep.location)
            }
        }
        var duration = duration
        if let node = map["phases"] {
            structure.phases = phases(node, log: &log)
            let total = structure.phases.reduce(Duration.zero) { $0 + $1.duration }
            if let given = duration, !structure.phases.isEmpty, given != total, let at = map["duration"] {
                log.error(.phaseDurations, "`duration` is \(DurationText.format(given)) but the phases add up to \(DurationText.format(total))",
                          at: at.location, notes: [.init("the phases start here", at: node.location)],
                          hint: "leave `duration:` out (a step with phases lasts their sum), or make the phases add up to it")
            }
            if map["duration"] == nil, !structure.phases.isEmpty { duration = total }
        }
        return (structure, duration)
    }

    /// `for_each: [Quiet presence, Guided discovery]`: a round per item as written.
    private func listedItems(_ list: [SourceNode], at node: SourceNode, rounds: SourceNode?, log: inout DiagnosticLog) -> [String] {
        if let rounds {
            log.error(.invalidForEach, "a step with `for_each` has a round per item; `rounds` cannot be given too", at: rounds.location,
                      hint: "remove `rounds:`; the list sets how many rounds")
        }
        guard FormatRules.forEachTop.contains(list.count) else {
            log.error(.invalidForEach, "`for_each` lists \(list.count) items; it takes \(FormatRules.forEachTop.lowerBound) to \(FormatRules.forEachTop.upperBound)",
                      at: node.location, hint: "e.g. for_each: [Quiet presence, Guided discovery, Loving provocation]")
            return []
        }
        var items: [String] = []
        var seen: [String: SourceLocation] = [:]
        for entry in list {
            guard let text = MappingReader.text(entry, key: "for_each", log: &log) else { continue }
            let item = text.trimmingCharacters(in: .whitespaces)
            guard !item.isEmpty, item.count <= FormatRules.listedItemLength else {
                log.error(.invalidForEach, item.isEmpty ? "an item of `for_each` is empty" : "an item of `for_each` is longer than \(FormatRules.listedItemLength) characters",
                          at: entry.location, hint: "write each round's item as a short text")
                continue
            }
            if let first = seen[item] {
                log.error(.invalidForEach, "`for_each` lists '\(item.neutralized())' twice", at: entry.location,
                          notes: [.init("first listed here", at: first)], hint: "list each item once")
                continue
            }
            seen[item] = entry.location
            items.append(item)
        }
        return items
    }

    private func forEach(_ node: SourceNode, earlier: [String], rounds: SourceNode?, log: inout DiagnosticLog) -> StepStructure.ForEach? {
        guard let map = MappingReader(node, context: "`for_each`", allowed: FormatSchema.forEachProperties.map(\.0), log: &log) else { return nil }
        let top = map.int("top", in: FormatRules.forEachTop, log: &log)
        if map["top"] == nil {
            log.error(.invalidForEach, "`for_each` needs `top`: the most items the step runs over", at: node.location,
                      hint: "e.g. for_each: { from: vote, top: 3 }")
        }
        if let rounds {
            log.error(.invalidForEach, "a step with `for_each` has a round per item; `rounds` cannot be given too", at: rounds.location,
                      hint: "remove `rounds:`; `top` sets how many items, and so how many rounds")
        }
        guard let fromNode = map["from"] else {
            log.error(.invalidForEach, "`for_each` needs `from`: the id of an earlier step whose result gives the items", at: node.location,
                      hint: earlier.isEmpty ? "this is the first step: nothing comes before it" : "earlier steps: \(earlier.joined(separator: ", "))")
            return nil
        }
        guard let from = MappingReader.text(fromNode, key: "from", log: &log) else { return nil }
        guard earlier.contains(from) else {
            let guess = Suggestion.closest(to: from, in: earlier)
            log.error(.invalidForEach, "`for_each.from` names '\(from.neutralized())', which is not an earlier step", at: fromNode.location,
                      notes: guess.map { [.init("did you mean '\($0)'?")] } ?? [],
                      hint: earlier.isEmpty ? "this is the first step: nothing comes before it" : "earlier steps: \(earlier.joined(separator: ", "))")
            return nil
        }
        guard let top else { return nil }
        return StepStructure.ForEach(from: from, top: top)
    }

    private func only(_ node: SourceNode, earlier: [String], log: inout DiagnosticLog) -> StepStructure.Only? {
        guard let map = MappingReader(node, context: "`only`", allowed: FormatSchema.onlyProperties.map(\.0), log: &log) else { return nil }
        var bounds: [String: Double] = [:]
        for key in ["at_most", "at_least"] {
            guard let value = map[key] else { continue }
            if let text = value.scalar, let number = Double(text), number.isFinite {
                bounds[key] = number
            } else {
                log.error(.invalidTurnSelection, "`\(key)` must be a number, not \(MappingReader.describe(value))", at: value.location,
                          hint: "e.g. only: { from: show, at_most: 2 }")
            }
        }
        let hint = earlier.isEmpty ? "this is the first step: nothing comes before it" : "earlier steps: \(earlier.joined(separator: ", "))"
        guard let fromNode = map["from"] else {
            log.error(.invalidTurnSelection, "`only` needs `from`: the id of an earlier step whose result picks the speakers", at: node.location, hint: hint)
            return nil
        }
        guard let from = MappingReader.text(fromNode, key: "from", log: &log) else { return nil }
        guard earlier.contains(from) else {
            let guess = Suggestion.closest(to: from, in: earlier)
            log.error(.invalidTurnSelection, "`only.from` names '\(from.neutralized())', which is not an earlier step", at: fromNode.location,
                      notes: guess.map { [.init("did you mean '\($0)'?")] } ?? [], hint: hint)
            return nil
        }
        return StepStructure.Only(from: from, atMost: bounds["at_most"], atLeast: bounds["at_least"])
    }

    /// `scope: group` of a role: a holder in every group. Nothing else is a scope, and a
    /// fixed role has one holder by definition.
    func roleScope(_ node: SourceNode?, fixed: Bool, log: inout DiagnosticLog) -> Bool {
        guard let node else { return false }
        guard node.scalar == "group", !node.isNull else {
            log.error(.unknownRotation, "`scope` can only be 'group' (a holder in every group)", at: node.location,
                      hint: "remove `scope:` for one holder in the room")
            return false
        }
        if fixed {
            log.error(.unknownRotation, "a fixed role has one holder; `scope: group` gives one to every group", at: node.location,
                      hint: "keep `fixed` or `scope`")
            return false
        }
        return true
    }

    /// `except:` names roles of the exercise; a name that is none would silently give everyone a turn.
    func checkTurnSelection(_ steps: [Step], roles: [RoleSpec], log: inout DiagnosticLog) {
        for step in steps {
            for (name, location) in zip(step.structure.except, step.structure.exceptLocations) where !roles.contains(where: { $0.name == name }) {
                let guess = Suggestion.closest(to: name, in: roles.map(\.name))
                log.error(.invalidTurnSelection, "`except` names '\(name.neutralized())', which is not a role of this exercise", at: location,
                          notes: guess.map { [.init("did you mean '\($0)'?")] } ?? [],
                          hint: "its roles: " + (roles.isEmpty ? "none" : roles.map(\.name).joined(separator: ", ")))
            }
        }
    }

    /// `{{item}}` names the item of a `for_each:` round: elsewhere there is none, and the
    /// text would show the placeholder as written.
    func checkItemPlaceholders(in step: SourceNode, log: inout DiagnosticLog) {
        for key in ["instructions", "prompt", "config", "phases"] {
            guard let node = step[key] else { continue }
            for (name, location) in Self.placeholders(in: node) where name == "item" {
                log.warning(.itemOutsideLoop, "'{{item}}' names the item of a `for_each` round, but this step has no `for_each`", at: location,
                            hint: "add `for_each: { from: <an earlier step>, top: N }` or `for_each: [item, item]` to the step")
            }
        }
    }

    private func phases(_ node: SourceNode, log: inout DiagnosticLog) -> [StepPhase] {
        guard let items = node.items, !items.isEmpty else {
            log.error(.invalidPhases, "`phases` must be a list of parts, each `{ name, duration }`, not \(node.kindDescription)", at: node.location,
                      hint: "e.g. phases: [{ name: Explain, duration: 2m }, { name: Questions, duration: 3m }]")
            return []
        }
        guard FormatRules.phases.contains(items.count) else {
            log.error(.invalidPhases, "a step may have at most \(FormatRules.phases.upperBound) phases, not \(items.count)", at: node.location)
            return []
        }
        var phases: [StepPhase] = []
        let keys = FormatSchema.phaseProperties.map(\.0)
        for item in items {
            guard let map = MappingReader(item, context: "a phase", allowed: keys, log: &log) else { continue }
            let name = map.text("name", log: &log)
            let duration = map.duration("duration", log: &log)
            if map["name"] == nil || map["duration"] == nil {
                let missing = ["name", "duration"].filter { map[$0] == nil }.map { "`\($0)`" }.joined(separator: " and ")
                log.error(.invalidPhases, "a phase is missing \(missing)", at: item.location,
                          hint: "each phase needs a name and a duration, e.g. { name: Questions, duration: 3m }")
            }
            guard let name, let duration else { continue }
            phases.append(StepPhase(name: name, duration: duration, prompt: map.text("prompt", log: &log), focus: map.text("focus", log: &log)))
        }
        return phases.count == items.count ? phases : []
    }
}

/// Reading `input:`: one earlier step, or a list of them.
extension Loader {
    /// The ids `input:` names, each an earlier step of the exercise, in the order written.
    ///
    /// `input: ideas` and `input: [ideas, risks]` both read; a name that is no earlier
    /// step is `RT304`, an empty list or a name given twice `RT334`.
    func inputs(_ node: SourceNode, stepID: String?, earlier: [String], log: inout DiagnosticLog) -> [String] {
        let names: [SourceNode]
        if let items = node.items {
            guard !items.isEmpty else {
                log.error(.invalidInputList, "`input` is an empty list", at: node.location,
                          hint: "name one earlier step (input: ideas) or several (input: [ideas, risks]), or remove `input:`")
                return []
            }
            names = items
        } else {
            names = [node]
        }
        var ids: [String] = []
        var seen: [String: SourceLocation] = [:]
        for entry in names {
            guard let name = MappingReader.text(entry, key: "input", log: &log) else { continue }
            if let first = seen[name] {
                log.error(.invalidInputList, "`input` names '\(name.neutralized())' twice", at: entry.location,
                          notes: [.init("first named here", at: first)], hint: "each earlier step's artifacts are handed on once; remove the repeat")
                continue
            }
            seen[name] = entry.location
            guard earlier.contains(name) else {
                var notes: [Diagnostic.Note] = []
                if let suggestion = Suggestion.closest(to: name, in: earlier) { notes.append(.init("did you mean '\(suggestion)'?")) }
                log.error(
                    .invalidInput, stepID == name ? "step '\(name.neutralized())' cannot take its own artifacts as input"
                        : "`input` names '\(name.neutralized())', which is not an earlier step", at: entry.location, notes: notes,
                    hint: earlier.isEmpty ? "this is the first step: nothing comes before it" : "earlier steps: \(earlier.joined(separator: ", "))")
                continue
            }
            ids.append(name)
        }
        return ids
    }
}
