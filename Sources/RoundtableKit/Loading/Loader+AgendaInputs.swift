/// Reading an agenda item's `inputs:`, and checking them once the items are resolved.
extension Loader {
    /// `inputs: { vote: brainstorm.ideas }` or `{ vote: [a.ideas, b.ideas] }`, as written;
    /// whether the names exist is checked by ``checkAgendaInputs(_:registry:log:)``.
    func agendaInputs(_ node: SourceNode, log: inout DiagnosticLog) -> [AgendaInput] {
        guard let pairs = node.pairs else {
            log.error(.invalidAgendaInput, "`inputs` must be a mapping from a step of this exercise to earlier results, not \(node.kindDescription)",
                      at: node.location, hint: "e.g. inputs: { vote: round-robin-brainstorm.ideas }")
            return []
        }
        var inputs: [AgendaInput] = []
        for pair in pairs {
            guard let step = pair.key.scalar else { continue }
            let entries = pair.value.items ?? [pair.value]
            if entries.isEmpty {
                log.error(.invalidAgendaInput, "`inputs.\(step.neutralized())` is an empty list", at: pair.value.location,
                          hint: "name one earlier result (<exercise>.<step>) or several")
            }
            var sources: [AgendaInputSource] = []
            for entry in entries {
                guard let text = MappingReader.text(entry, key: "inputs", log: &log) else { continue }
                let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    log.error(.invalidAgendaInput, "'\(text.neutralized())' is not written <exercise>.<step>", at: entry.location,
                              hint: "name an earlier item's exercise id and one of its steps, e.g. round-robin-brainstorm.ideas")
                    continue
                }
                sources.append(AgendaInputSource(exercise: parts[0], step: parts[1], location: entry.location))
            }
            inputs.append(AgendaInput(step: step, location: pair.key.location, sources: sources))
        }
        return inputs
    }

    /// Checks every item's `inputs:` against the resolved exercises: the step it feeds is
    /// one of the item's exercise (outside a repeated block), each source an earlier item's
    /// exercise and one of its steps.
    static func checkAgendaInputs(_ agenda: Agenda, registry: HandlerRegistry, log: inout DiagnosticLog) {
        let exercises: [Exercise?] = agenda.items.map { item in
            if case .exercise(let ref) = item { return ref.exercise }
            return nil
        }
        for (index, item) in agenda.items.enumerated() {
            guard case .exercise(let ref) = item, !ref.inputs.isEmpty, let exercise = ref.exercise else { continue }
            for input in ref.inputs {
                if let step = exercise.steps.first(where: { $0.id == input.step }) {
                    if step.structure.block != nil {
                        log.error(.invalidAgendaInput, "step '\(input.step.neutralized())' of '\(exercise.id)' is in a repeated block, which runs it several times",
                                  at: input.location, hint: "hand results on to a step outside a block")
                    } else if let type = registry.handler(named: step.handler), !type.readsInput {
                        log.warning(.unreadInput, "handler '\(type.name)' of step '\(step.id)' does not read input; the results handed on are not used",
                                    at: input.location, hint: "hand them to a step whose handler reads input")
                    }
                } else {
                    let ids = exercise.steps.map(\.id)
                    log.error(.invalidAgendaInput, "exercise '\(exercise.id)' has no step '\(input.step.neutralized())'", at: input.location,
                              notes: Suggestion.closest(to: input.step, in: ids).map { [.init("did you mean '\($0)'?")] } ?? [],
                              hint: "its steps: \(ids.joined(separator: ", "))")
                }
                for source in input.sources {
                    let earlier = exercises[..<index].compactMap { $0 }
                    guard let from = earlier.last(where: { $0.id == source.exercise }) else {
                        if exercises[index...].contains(where: { $0?.id == source.exercise }) {
                            let own = exercise.id == source.exercise
                            log.error(.agendaInputOrder, own ? "'\(source.text.neutralized())' is a step of this same item; an item takes results of earlier items"
                                          : "'\(source.exercise)' comes later in the agenda; an item takes results of earlier items only",
                                      at: source.location,
                                      hint: own ? "use the step's own `input:` inside the exercise" : "move '\(source.exercise)' before this item, or hand the result the other way")
                        } else {
                            let ids = earlier.map(\.id)
                            log.error(.invalidAgendaInput, "'\(source.exercise.neutralized())' is no exercise of this agenda", at: source.location,
                                      notes: Suggestion.closest(to: source.exercise, in: ids).map { [.init("did you mean '\($0)'?")] } ?? [],
                                      hint: ids.isEmpty ? "this is the first item: nothing comes before it" : "earlier items: \(ids.joined(separator: ", "))")
                        }
                        continue
                    }
                    guard let step = from.steps.first(where: { $0.id == source.step }) else {
                        let ids = from.steps.map(\.id)
                        log.error(.invalidAgendaInput, "exercise '\(from.id)' has no step '\(source.step.neutralized())'", at: source.location,
                                  notes: Suggestion.closest(to: source.step, in: ids).map { [.init("did you mean '\($0)'?")] } ?? [],
                                  hint: "its steps: \(ids.joined(separator: ", "))")
                        continue
                    }
                    if step.structure.block != nil {
                        log.error(.invalidAgendaInput, "step '\(step.id)' of '\(from.id)' is in a repeated block, which runs it several times",
                                  at: source.location, hint: "hand on a step outside a block")
                    }
                }
            }
        }
    }
}
