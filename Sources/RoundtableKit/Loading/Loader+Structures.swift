/// Reading the keys that shape a step beyond its timer (``StepStructure``).
extension Loader {
    /// The step's structures, and its duration when `phases:` stands in for `duration:`.
    ///
    /// `duration` is the step's own `duration:` as read (nil when absent or invalid).
    func structure(of map: MappingReader, duration: Duration?, log: inout DiagnosticLog) -> (StepStructure, Duration?) {
        var structure = StepStructure()
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
