/// Reading repeated blocks: `- block: critique` with `repeat:` and its own `steps:`.
extension Loader {
    static let blockKeys = FormatSchema.blockProperties.map(\.0)

    /// The step items with every block's steps in its place, and the block each belongs to.
    func flattenBlocks(_ items: [SourceNode], log: inout DiagnosticLog) -> ([SourceNode], [StepStructure.Block?]) {
        var nodes: [SourceNode] = []
        var blocks: [StepStructure.Block?] = []
        for item in items {
            guard item["block"] != nil else {
                nodes.append(item)
                blocks.append(nil)
                continue
            }
            guard let map = MappingReader(item, context: "a block", allowed: Self.blockKeys, log: &log) else { continue }
            let id = map.text("block", log: &log)
            let repeats = map["repeat"].flatMap { repetition($0, log: &log) }
            if map["repeat"] == nil {
                log.error(.invalidBlock, "a block needs `repeat`: a number of passes, or `{ per: <role> }`", at: item.location,
                          hint: "e.g. repeat: 3, or repeat: { per: presenter } for one pass per participant")
            }
            guard let list = map["steps"], let inner = list.items, !inner.isEmpty else {
                log.error(.invalidBlock, "a block needs `steps`: the list of steps it repeats", at: map["steps"]?.location ?? item.location)
                continue
            }
            for step in inner {
                if let nested = step["block"] {
                    log.error(.invalidBlock, "a block cannot hold another block", at: nested.location,
                              hint: "write the inner steps into the outer block")
                    continue
                }
                nodes.append(step)
                blocks.append(id.flatMap { id in repeats.map { StepStructure.Block(id: id, repeats: $0, location: map["repeat"]!.location) } })
            }
        }
        return (nodes, blocks)
    }

    private func repetition(_ node: SourceNode, log: inout DiagnosticLog) -> StepStructure.Block.Repeat? {
        if node.pairs == nil {
            return MappingReader.int(node, key: "repeat", in: FormatRules.blockPasses, log: &log).map { .times($0) }
        }
        guard let map = MappingReader(node, context: "`repeat`", allowed: ["per"], log: &log) else { return nil }
        guard let role = map.text("per", log: &log) else {
            log.error(.invalidBlock, "`repeat` as a mapping needs `per`: the role that moves to each participant", at: node.location)
            return nil
        }
        return .perHolder(role: role)
    }

    func assignBlocks(_ blocks: [StepStructure.Block?], of nodes: [SourceNode], to steps: inout [Step]) {
        // Steps that failed to load are missing from `steps`: match by where each is written.
        for (node, block) in zip(nodes, blocks) {
            guard let block, let index = steps.firstIndex(where: { $0.location == node.location }) else { continue }
            steps[index].structure.block = block
        }
    }

    /// `repeat: { per: role }` names a role of the exercise.
    func checkBlocks(_ steps: [Step], roles: [RoleSpec], log: inout DiagnosticLog) {
        var reported: Set<SourceLocation> = []
        for step in steps {
            guard let block = step.structure.block, case .perHolder(let role) = block.repeats,
                  !roles.contains(where: { $0.name == role }), reported.insert(block.location).inserted else { continue }
            let guess = Suggestion.closest(to: role, in: roles.map(\.name))
            log.error(.invalidBlock, "`repeat` names '\(role.neutralized())', which is not a role of this exercise", at: block.location,
                      notes: guess.map { [.init("did you mean '\($0)'?")] } ?? [],
                      hint: "declare it under `roles:`; each pass of the block gives it to the next participant")
        }
    }
}
