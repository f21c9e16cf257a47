/// Reading the keys of `groups:` that make groups into structures: a member who stays at
/// their group while the others move (`stay:`), and groups joined from an earlier step's
/// (`from:`, `join:`).
extension Loader {
    /// Reads `stay`, `from` and `join` of a `groups:` mapping into `structure`; returns the
    /// size of joined groups (the earlier step's size times `join`), or nil when the step
    /// does not join groups or its `from` is wrong.
    ///
    /// - Parameters:
    ///   - spec: The `groups:` mapping.
    ///   - grouped: The earlier steps with groups, by id, with their group size.
    func groupStructure(_ spec: MappingReader, at node: SourceNode, grouped: [String: Int], structure: inout StepStructure,
                        log: inout DiagnosticLog) -> Int? {
        if let stay = spec["stay"], let role = MappingReader.text(stay, key: "stay", log: &log) {
            if let keep = spec["keep"], keep.scalar == "true" {
                log.error(.invalidStay, "`stay` moves everyone but one member of each group, and `keep: true` moves nobody", at: stay.location,
                          notes: [.init("`keep` is here", at: keep.location)], hint: "remove `keep: true` for a host who stays while the others move")
            } else if let from = spec["from"] {
                log.error(.invalidStay, "groups joined `from` an earlier step keep that step's groups whole; nobody in them can stay behind",
                          at: stay.location, notes: [.init("`from` is here", at: from.location)], hint: "remove `stay`, or `from` and `join`")
            } else {
                structure.stay = role
                structure.stayLocation = stay.location
            }
        }
        guard spec["from"] != nil || spec["join"] != nil else { return nil }
        let count = spec.int("join", in: FormatRules.join, log: &log) ?? 2
        for key in ["size", "mix"] {
            guard let other = spec[key] else { continue }
            log.error(.invalidJoin, "`\(key)` cannot be given with `from`: joined groups are as big as the groups they join",
                      at: other.location, hint: "remove `\(key)`; `join: N` sets how many earlier groups make one")
        }
        guard let fromNode = spec["from"] else {
            log.error(.invalidJoin, "`join` needs `from`: the id of an earlier step whose groups are joined", at: spec["join"]!.location,
                      hint: grouped.isEmpty ? "no earlier step has `groups:`" : "earlier steps with groups: " + grouped.keys.sorted().joined(separator: ", "))
            return nil
        }
        guard let from = MappingReader.text(fromNode, key: "from", log: &log) else { return nil }
        guard let size = grouped[from] else {
            let known = grouped.keys.sorted()
            let guess = Suggestion.closest(to: from, in: known)
            log.error(.invalidJoin, "`from` names '\(from.neutralized())', which is not an earlier step with groups", at: fromNode.location,
                      notes: guess.map { [.init("did you mean '\($0)'?")] } ?? [],
                      hint: known.isEmpty ? "no earlier step has `groups:`: give one, e.g. `groups: 2` for pairs" : "earlier steps with groups: " + known.joined(separator: ", "))
            return nil
        }
        structure.join = StepStructure.Join(from: from, count: count)
        return min(size * count, FormatRules.groupSize.upperBound)
    }

    /// `stay:` names a role of the exercise with `scope: group`: the role gives each group
    /// its member who stays.
    func checkGroupStructures(_ steps: [Step], roles: [RoleSpec], log: inout DiagnosticLog) {
        for step in steps {
            guard let name = step.structure.stay, let location = step.structure.stayLocation else { continue }
            if let role = roles.first(where: { $0.name == name }) {
                guard !role.perGroup else { continue }
                log.error(.invalidStay, "`stay` names '\(name)', a role with one holder in the room; the one who stays is a holder in each group",
                          at: location, notes: [.init("'\(name)' is declared here", at: role.location)],
                          hint: "declare it as `\(name): { rotate: per-step, scope: group }`")
            } else {
                let grouped = roles.filter(\.perGroup).map(\.name)
                let guess = Suggestion.closest(to: name, in: roles.map(\.name))
                log.error(.invalidStay, "`stay` names '\(name.neutralized())', which is not a role of this exercise", at: location,
                          notes: guess.map { [.init("did you mean '\($0)'?")] } ?? [],
                          hint: grouped.isEmpty ? "declare a role with `scope: group`, e.g. `host: { rotate: per-step, scope: group }`"
                              : "its roles with `scope: group`: " + grouped.joined(separator: ", "))
            }
        }
    }
}
