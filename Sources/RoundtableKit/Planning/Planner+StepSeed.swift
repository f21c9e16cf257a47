extension Planner {
    /// The seed a step's handler draws with: the plan's seed mixed with the step's exercise
    /// and id (not its index, which a break inserted by fitting would shift).
    static func stepSeed(_ seed: UInt64, _ step: PlannedStep) -> UInt64 {
        var hasher = FNV1a()
        hasher.add("\(seed)|\(step.exerciseIndex.map(String.init) ?? "-")|\(step.id)")
        var generator = SeededGenerator(seed: hasher.value)
        return generator.next()
    }
}
