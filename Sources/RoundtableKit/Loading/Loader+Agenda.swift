extension Loader {
    static let exerciseItemKeys = ["exercise", "with", "title", "inputs"] + FitRules.boundsProperties.map(\.0)
    static let breakItemKeys = ["break", "title"] + FitRules.boundsProperties.map(\.0)

    func agenda(from root: SourceNode, log: inout DiagnosticLog) -> Agenda? {
        guard let map = MappingReader(root, context: "an agenda", allowed: Self.agendaKeys, log: &log) else { return nil }
        let title = map.text("title", log: &log, required: "what the workshop is called")
        let timebox = map.duration("timebox", log: &log)
        let participants = map["participants"].flatMap { self.participants(from: $0, log: &log) }
        var items: [Agenda.Item] = []
        if let node = map["agenda"] {
            if let list = node.items, !list.isEmpty {
                items = list.compactMap { agendaItem($0, log: &log) }
            } else {
                log.error(.wrongType, "`agenda` must be a non-empty list of `- exercise: …` and `- break: …` items", at: node.location)
            }
        }
        let fitting = agendaFitting(map, log: &log)
        guard let title else { return nil }
        var agenda = Agenda(title: title, summary: map.text("summary", log: &log), timebox: timebox,
                            timeboxLocation: map["timebox"]?.location, participants: participants,
                            items: items, location: root.location)
        agenda.fitting = fitting
        return agenda
    }

    private func agendaItem(_ node: SourceNode, log: inout DiagnosticLog) -> Agenda.Item? {
        if node["break"] != nil {
            guard let map = MappingReader(node, context: "a break", allowed: Self.breakItemKeys, log: &log),
                  let duration = map.duration("break", log: &log) else { return nil }
            var pause = Agenda.Break(duration: duration, title: map.text("title", log: &log) ?? "Break", location: node.location)
            pause.fit = fitBounds(map, length: duration, log: &log)
            return .pause(pause)
        }
        guard node.pairs != nil else {
            log.error(.invalidAgendaItem, "an agenda item must be `- exercise: <id or path>` or `- break: <duration>`, not \(node.kindDescription)",
                      at: node.location)
            return nil
        }
        guard let map = MappingReader(node, context: "an agenda item", allowed: Self.exerciseItemKeys, log: &log),
              let reference = map.text("exercise", log: &log, required: "the id or path of an exercise") else { return nil }
        var with: [String: String] = [:]
        if let overrides = map["with"] {
            if let pairs = overrides.pairs {
                for pair in pairs {
                    guard let key = pair.key.scalar, let value = pair.value.scalar else {
                        log.error(.invalidAgendaItem, "`with` values must be text", at: pair.value.location)
                        continue
                    }
                    with[key] = value
                }
            } else {
                log.error(.invalidAgendaItem, "`with` must be a mapping of param names to values", at: overrides.location)
            }
        }
        var ref = Agenda.ExerciseRef(reference: reference, with: with, location: map["exercise"]!.location)
        ref.fit = fitBounds(map, length: nil, log: &log)
        if let node = map["inputs"] { ref.inputs = agendaInputs(node, log: &log) }
        return .exercise(ref)
    }

    /// A team: a list of names, or of mappings with `name` and attributes.
    public func participants(from node: SourceNode, log: inout DiagnosticLog) -> [Participant]? {
        guard let items = node.items else {
            log.error(.wrongType, "`participants` must be a list of names", at: node.location, hint: "e.g. participants: [Ana, Ben, Chen]")
            return nil
        }
        guard items.count <= Participant.limit else {
            log.error(.tooManyParticipants, "\(items.count) participants listed; the limit is \(Participant.limit)", at: node.location,
                      hint: "run large groups as several sessions")
            return nil
        }
        var people: [Participant] = []
        var seen: Set<String> = []
        for item in items {
            var person: Participant?
            if let name = item.scalar, !item.isNull {
                person = Participant(name)
            } else if let pairs = item.pairs {
                var attributes: [String: String] = [:]
                var name: String?
                for pair in pairs {
                    guard let key = pair.key.scalar, let value = pair.value.scalar else {
                        log.error(.invalidParticipant, "participant attributes must be text", at: pair.value.location)
                        continue
                    }
                    if key == "name" { name = value } else { attributes[key] = value }
                }
                if let name { person = Participant(name, attributes: attributes) } else {
                    log.error(.invalidParticipant, "a participant needs a `name`", at: item.location)
                }
            } else {
                log.error(.invalidParticipant, "a participant must be a name or a mapping with `name`", at: item.location)
            }
            guard let person else { continue }
            if let problem = Participant.problem(with: person.name) {
                log.error(.invalidParticipant, problem, at: item.location)
            } else if !seen.insert(person.name.lowercased()).inserted {
                log.error(.duplicateParticipant, "participant '\(person.name.neutralized())' is listed twice", at: item.location,
                          hint: "names must differ, so that roles and votes say who")
            } else {
                people.append(person)
            }
        }
        return people
    }
}

extension Participant {
    /// Why `name` cannot be a participant's name, or nil if it can.
    public static func problem(with name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "a participant's name cannot be empty" }
        if name.unicodeScalars.contains(where: String.isUnsafe) {
            return "participant name '\(name.neutralized())' contains control characters"
        }
        if name.count > 40 { return "participant name '\(name.prefix(40))…' is longer than 40 characters" }
        if name.contains(",") { return "participant name '\(name)' contains a comma" }
        return nil
    }
}
