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
            var repeats = map["repeat"].flatMap { repetition($0, log: &log) }
            var loop: StepStructure.ForEach?
            if let node = map["for_each"] {
                let earlier = nodes.compactMap { $0["id"]?.scalar }
                loop = blockLoop(node, earlier: earlier, repeats: map["repeat"], log: &log)
                repeats = loop.map { .times($0.top) }
            } else if map["repeat"] == nil {
                log.error(.invalidBlock, "a block needs `repeat`: a number of passes, or `{ per: <role> }`", at: item.location,
                          hint: "e.g. repeat: 3, or repeat: { per: presenter } for one pass per participant; or for_each: { from: vote, top: 3 }")
            }
            let at = (map["repeat"] ?? map["for_each"])?.location ?? item.location
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
                if loop != nil, let inner = step["for_each"] {
                    log.error(.invalidBlockLoop, "a step of a block with `for_each` works on the pass's item; it cannot loop itself", at: inner.location,
                              hint: "remove the step's `for_each:`; {{item}} in it names the pass's item")
                }
                nodes.append(step)
                blocks.append(id.flatMap { id in
                    repeats.map {
                        var block = StepStructure.Block(id: id, repeats: $0, location: at)
                        block.forEach = loop
                        return block
                    }
                })
            }
        }
        return (nodes, blocks)
    }

    /// A block's `for_each: { from, top }`: `from` an earlier step (before the block), never beside `repeat:`.
    private func blockLoop(_ node: SourceNode, earlier: [String], repeats: SourceNode?, log: inout DiagnosticLog) -> StepStructure.ForEach? {
        guard let map = MappingReader(node, context: "a block's `for_each`", allowed: FormatSchema.forEachProperties.map(\.0), log: &log) else { return nil }
        let hint = earlier.isEmpty ? "this block comes first: nothing comes before it" : "steps before the block: \(earlier.joined(separator: ", "))"
        if let repeats {
            log.error(.invalidBlockLoop, "a block with `for_each` runs a pass per item; `repeat` cannot be given too", at: repeats.location,
                      hint: "remove `repeat:`; `top` sets how many items, and so how many passes")
        }
        let top = map.int("top", in: FormatRules.forEachTop, log: &log)
        if map["top"] == nil {
            log.error(.invalidBlockLoop, "a block's `for_each` needs `top`: the most items it runs a pass for", at: node.location,
                      hint: "e.g. for_each: { from: vote, top: 3 }")
        }
        guard let fromNode = map["from"] else {
            log.error(.invalidBlockLoop, "a block's `for_each` needs `from`: the id of a step before the block whose result gives the items",
                      at: node.location, hint: hint)
            return nil
        }
        guard let from = MappingReader.text(fromNode, key: "from", log: &log) else { return nil }
        guard earlier.contains(from) else {
            log.error(.invalidBlockLoop, "a block's `for_each.from` names '\(from.neutralized())', which is not a step before the block", at: fromNode.location,
                      notes: Suggestion.closest(to: from, in: earlier).map { [.init("did you mean '\($0)'?")] } ?? [], hint: hint)
            return nil
        }
        guard let top, repeats == nil else { return nil }
        return StepStructure.ForEach(from: from, top: top)
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
