/// Repeated blocks, unrolled into the steps the plan runs.
extension Planner {
    /// The steps of `steps` with every repeated block written out pass after pass, and the
    /// role a pass gives to one participant (`repeat: { per: role }`).
    ///
    /// A step of pass k is named `id-k` and titled with the pass ("Present (2/3)", or
    /// "Present · Ana" for a pass per holder); `input:`, `for_each`, `only` and `groups: { from: }` that name a
    /// step of the same block name that pass's copy.
    ///
    /// - Parameters:
    ///   - steps: The exercise's steps, a block's steps next to each other.
    ///   - order: Everyone, in the plan's seeded order: the holders of a `per` role in turn.
    static func expandBlocks(_ steps: [Step], order: [String]) -> [(step: Step, forced: RoleHolder?, pass: BlockPass?)] {
        var result: [(step: Step, forced: RoleHolder?, pass: BlockPass?)] = []
        var index = 0
        while index < steps.count {
            guard let block = steps[index].structure.block else {
                result.append((steps[index], nil, nil))
                index += 1
                continue
            }
            var end = index
            while end < steps.count && steps[end].structure.block?.id == block.id { end += 1 }
            let members = Array(steps[index..<end])
            let ids = Set(members.map(\.id))
            let passes: Int
            switch block.repeats {
            case .times(let count): passes = count
            case .perHolder: passes = order.count
            }
            for pass in 1...max(passes, 1) {
                var forced: RoleHolder?
                var label = "(\(pass)/\(passes))"
                if case .perHolder(let role) = block.repeats, pass <= order.count {
                    forced = RoleHolder(role: role, person: order[pass - 1])
                    label = "· \(order[pass - 1])"
                }
                for member in members {
                    var copy = member
                    func renamed(_ id: String) -> String { ids.contains(id) ? "\(id)-\(pass)" : id }
                    copy.id = renamed(member.id)
                    copy.title = "\(member.title) \(label)"
                    copy.inputs = member.inputs.map(renamed)
                    copy.structure.forEach?.from = renamed(member.structure.forEach?.from ?? "")
                    copy.structure.only?.from = renamed(member.structure.only?.from ?? "")
                    copy.structure.join?.from = renamed(member.structure.join?.from ?? "")
                    if let loop = block.forEach {
                        // A pass per item: every step of pass k works on the k-th item in all its rounds.
                        copy.structure.forEach = StepStructure.ForEach(from: loop.from, top: loop.top, pick: pass)
                        copy.title = member.title.contains("{{item}}") ? member.title : "\(member.title) (item \(pass)/\(passes))"
                    }
                    result.append((copy, forced, BlockPass(block: block.id, pass: pass, passes: max(passes, 1))))
                }
            }
            index = end
        }
        return result
    }
}
