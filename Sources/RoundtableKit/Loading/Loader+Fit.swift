import Foundation

extension Loader {
    /// `min`, `max`, `priority` and `lock` of a step, an agenda item or a break.
    ///
    /// `length` is what the bounds must hold (a step's `duration`, a break's length); nil
    /// for an agenda item, whose exercise is resolved later.
    func fitBounds(_ map: MappingReader, length: Duration?, log: inout DiagnosticLog) -> FitBounds {
        var bounds = FitBounds()
        bounds.min = map.duration("min", log: &log)
        bounds.max = map.duration("max", log: &log)
        if let node = map["priority"] {
            if let text = node.scalar, !node.isNull, let value = Double(text), value.isFinite {
                if FitRules.priority.contains(value) {
                    bounds.priority = value
                } else {
                    log.error(.outOfRange, "`priority` must be between 0.1 and 10, not \(text.neutralized())",
                              at: node.location, hint: "1 is the default; 2 keeps twice as much of its time")
                }
            } else {
                log.error(.wrongType, "`priority` must be a number like 1, 2 or 0.5, not \(MappingReader.describe(node))", at: node.location)
            }
        }
        if let node = map["lock"] {
            switch node.scalar {
            case "true" where !node.isNull: bounds.locked = true
            case "false" where !node.isNull: bounds.locked = false
            default: log.error(.wrongType, "`lock` must be true or false, not \(MappingReader.describe(node))", at: node.location)
            }
        }
        if let min = bounds.min, let max = bounds.max, min > max {
            log.error(.invalidFit, "`min` (\(DurationText.format(min))) is longer than `max` (\(DurationText.format(max)))",
                      at: map["min"]!.location, hint: "swap them, or drop one")
        }
        if let length {
            if let min = bounds.min, min > length {
                log.error(.invalidFit, "`min` (\(DurationText.format(min))) is longer than the length (\(DurationText.format(length)))",
                          at: map["min"]!.location, hint: "`min` is how short it may become; it reads like `duration`")
            }
            if let max = bounds.max, max < length {
                log.error(.invalidFit, "`max` (\(DurationText.format(max))) is shorter than the length (\(DurationText.format(length)))",
                          at: map["max"]!.location, hint: "`max` is how long it may grow when the session is ahead; it reads like `duration`")
            }
        }
        if bounds.locked, let node = map["min"] ?? map["max"] {
            log.error(.invalidFit, "a locked step keeps its length: `min` and `max` do not apply", at: node.location,
                      hint: "remove `lock: true`, or the bounds")
        }
        return bounds
    }

    /// `fit:` and `breaks:` of an agenda.
    func agendaFitting(_ map: MappingReader, log: inout DiagnosticLog) -> AgendaFitting {
        var fitting = AgendaFitting()
        if let node = map["fit"] {
            let names = AgendaFitting.Mode.allCases.map(\.rawValue)
            if let word = node.scalar, let mode = AgendaFitting.Mode(rawValue: word) {
                fitting.mode = mode
            } else {
                log.error(.invalidFitSetting, "`fit` must be one of \(names.joined(separator: ", "))", at: node.location,
                          notes: node.scalar.flatMap { Suggestion.closest(to: $0, in: names) }.map { [.init("did you mean '\($0)'?")] } ?? [],
                          hint: "auto fits the rest of the agenda to its timebox at every step; manual waits for /fit")
            }
        }
        if let node = map["breaks"], let breaks = MappingReader(node, context: "`breaks`", allowed: FitRules.breaksKeys, log: &log) {
            let length = breaks.duration("length", log: &log)
            var after = false
            if let flag = breaks["after_rotation"] {
                switch flag.scalar {
                case "true" where !flag.isNull: after = true
                case "false" where !flag.isNull: after = false
                default: log.error(.wrongType, "`after_rotation` must be true or false, not \(MappingReader.describe(flag))", at: flag.location)
                }
            } else {
                log.error(.invalidFitSetting, "`breaks` needs `after_rotation: true`", at: node.location,
                          hint: "e.g. breaks: { after_rotation: true, length: 5m }")
            }
            if breaks["length"] == nil {
                log.error(.invalidFitSetting, "`breaks` needs a `length`", at: node.location, hint: "e.g. breaks: { after_rotation: true, length: 5m }")
            }
            if after, let length {
                fitting.rotationBreak = length
                fitting.rotationBreakTitle = breaks.text("title", log: &log) ?? "Break"
            }
        }
        return fitting
    }
}
