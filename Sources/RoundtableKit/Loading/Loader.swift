import Foundation

/// Turns YAML files into checked exercises and agendas.
///
/// Every problem of a file is collected (unknown keys, wrong types, unknown handlers,
/// invalid handler configs, bad references) and thrown together as a ``LoadError``.
/// Agenda items are resolved against a ``Library``.
public struct Loader: Sendable {
    public var registry: HandlerRegistry
    public var yaml: YAMLSource

    public init(registry: HandlerRegistry, yaml: YAMLSource = YAMLSource()) {
        self.registry = registry
        self.yaml = yaml
    }

    static let exerciseKeys = FormatSchema.exerciseProperties.map(\.0)
    static let agendaKeys = FormatSchema.agendaProperties.map(\.0)
    static let stepKeys = FormatSchema.stepProperties.map(\.0)
    /// Placeholders that are always defined, besides role names and params.
    public static let builtInPlaceholders = ["participant", "speaker", "round", "rounds", "item", "group"]

    /// Loads an exercise or agenda file; agenda items are left unresolved.
    ///
    /// - Throws: ``LoadError`` with every problem of the file.
    public func load(file path: String) throws(LoadError) -> Document {
        let root = try source(file: path)
        return try document(from: root)
    }

    /// Reads and parses a YAML file (exercise, agenda or team), refusing before it is
    /// opened anything but a regular file: opening a named pipe would block forever.
    ///
    /// - Throws: ``LoadError`` with the located problems.
    public func source(file path: String) throws(LoadError) -> SourceNode {
        let kind = FileKind(path: path)
        switch kind {
        case .regular, .missing, .directory:
            break  // the YAML reader names what is wrong with the last two
        default:
            throw LoadError([.error(.unreadableFile, "this is \(kind.phrase), not a regular file", at: SourceLocation(file: path, line: 1, column: 1),
                                    hint: "exercise, agenda and team files must be regular YAML files")])
        }
        return try yaml.read(file: path)
    }

    /// Decodes an already parsed file.
    ///
    /// - Throws: ``LoadError`` with every problem of the file.
    public func document(from root: SourceNode) throws(LoadError) -> Document {
        var log = DiagnosticLog()
        guard root.pairs != nil else {
            log.error(.notADocument, "an exercise or agenda file must be a mapping of keys, not \(root.kindDescription)",
                      at: root.location, hint: "start the file with `id:` and `title:` (exercise) or `title:` and `agenda:` (agenda)")
            throw LoadError(log.sorted)
        }
        let result: Document?
        if root["agenda"] != nil && root["steps"] == nil {
            result = agenda(from: root, log: &log).map(Document.agenda)
        } else {
            result = exercise(from: root, log: &log).map(Document.exercise)
        }
        guard let result, !log.hasErrors else { throw LoadError(log.sorted) }
        return result
    }

    // MARK: Exercise

    func exercise(from root: SourceNode, log: inout DiagnosticLog) -> Exercise? {
        guard let map = MappingReader(root, context: "an exercise", allowed: Self.exerciseKeys, log: &log) else { return nil }
        let id = map.text("id", log: &log, required: "a kebab-case name, e.g. start-stop-continue")
        if let id, let node = map["id"], !HandlerRegistry.isKebabCase(id) {
            log.error(.invalidID, "exercise id '\(id.neutralized())' must be kebab-case: lowercase letters, digits and single hyphens, starting with a letter (e.g. one-two-four-all)", at: node.location)
        }
        let title = map.text("title", log: &log, required: "what the room sees")
        let participants = participantRange(map["participants"], log: &log)
        let roles = roleSpecs(map["roles"], log: &log)
        let params = paramSpecs(map["params"], log: &log)
        // A param is filled first, so one named like a role or a built-in would replace it silently.
        for param in params where Self.builtInPlaceholders.contains(param.name) || roles.contains(where: { $0.name == param.name }) {
            let what = Self.builtInPlaceholders.contains(param.name) ? "is built in" : "is also a role"
            log.error(.paramNameClash, "param '\(param.name.neutralized())' \(what); {{\(param.name.neutralized())}} would mean two things", at: param.location,
                      hint: "give the param another name")
        }
        var steps: [Step] = []
        // The steps of repeated blocks, in place: checked like any other step.
        var flat: [SourceNode] = []
        if let node = map.require("steps", "the list of timed steps", log: &log) {
            if let items = node.items, !items.isEmpty {
                let known = Self.builtInPlaceholders + roles.map(\.name) + params.map(\.name)
                let blocks: [StepStructure.Block?]
                (flat, blocks) = flattenBlocks(items, log: &log)
                // A block with `for_each` gives each of its steps an item, as a step's own `for_each` does.
                let looping = Set(zip(flat, blocks).filter { $0.1?.forEach != nil }.map(\.0.location))
                steps = self.steps(flat, known: known, params: params.map(\.name), looping: looping, log: &log)
                assignBlocks(blocks, of: flat, to: &steps)
            } else {
                log.error(.wrongType, "`steps` must be a non-empty list of steps", at: node.location,
                          hint: "each step is a `- id: … handler: … duration: …` item")
            }
        }
        checkTurnSelection(steps, roles: roles, log: &log)
        checkGroupStructures(steps, roles: roles, log: &log)
        checkBlocks(steps, roles: roles, log: &log)
        if let max = participants.max {
            for role in roles where roles.count > max {
                log.warning(.moreRolesThanPeople, "\(roles.count) roles but at most \(max) participants: '\(role.name)' may share a holder",
                            at: role.location)
                break
            }
        }
        // Whole-exercise warnings wait until the file loads: a role's name may sit in text
        // that failed to load, and the errors come first.
        if !flat.isEmpty, !log.hasErrors {
            checkRolesAreNamed(roles, steps: flat, params: map["params"], log: &log)
            checkGroups(steps, participants: participants, log: &log)
        }
        guard let id, let title else { return nil }
        var exercise = Exercise(
            id: id, title: title, summary: map.text("summary", log: &log), tags: map.strings("tags", log: &log) ?? [],
            source: map.text("source", log: &log), participants: participants, roles: roles, params: params,
            steps: steps, location: root.location)
        exercise.warnings = log.sorted.filter { $0.severity == .warning }
        return exercise
    }

    private func participantRange(_ node: SourceNode?, log: inout DiagnosticLog) -> ParticipantRange {
        guard let node else { return ParticipantRange(min: 1, max: nil) }
        if node.pairs == nil {
            // `participants: 4`: exactly that many.
            guard let exact = MappingReader.int(node, key: "participants", in: FormatRules.participants, log: &log) else {
                return ParticipantRange(min: 1, max: nil)
            }
            return ParticipantRange(min: exact, max: exact)
        }
        guard let map = MappingReader(node, context: "`participants`", allowed: ["min", "max"], log: &log) else {
            return ParticipantRange(min: 1, max: nil)
        }
        let min = map.int("min", in: FormatRules.participants, log: &log) ?? 1
        let max = map.int("max", in: FormatRules.participants, log: &log)
        if let max, max < min {
            log.error(.outOfRange, "participants: min (\(min)) is more than max (\(max))", at: map["max"]?.location ?? node.location,
                      hint: "swap the numbers, or raise max")
        }
        return ParticipantRange(min: min, max: max)
    }

    private func roleSpecs(_ node: SourceNode?, log: inout DiagnosticLog) -> [RoleSpec] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            log.error(.wrongType, "`roles` must be a mapping from role name to rotation, not \(node.kindDescription)", at: node.location,
                      hint: "e.g. roles: { facilitator: per-exercise, timekeeper: per-step }")
            return []
        }
        var roles: [RoleSpec] = []
        for pair in pairs {
            guard let name = pair.key.scalar, HandlerRegistry.isKebabCase(name) || name.allSatisfy(\.isLetter) else {
                log.error(.invalidRoleName, "role names must be words like 'facilitator' or 'note-taker'", at: pair.key.location)
                continue
            }
            if Self.builtInPlaceholders.contains(name) {
                log.error(.invalidRoleName, "'\(name)' is built in and cannot be a role name", at: pair.key.location,
                          hint: "`each: participant` gives every step a speaker already; pick another name")
                continue
            }
            var rotation: Rotation?
            var summary: String?
            var perGroup = false
            if let word = pair.value.scalar, !pair.value.isNull {
                rotation = Rotation(name: word)
                if rotation == nil { reportRotation(word, at: pair.value.location, log: &log) }
            } else if let map = MappingReader(pair.value, context: "role '\(name)'", allowed: ["rotate", "fixed", "summary", "scope"], log: &log) {
                summary = map.text("summary", log: &log)
                perGroup = roleScope(map["scope"], fixed: map["fixed"] != nil, log: &log)
                if let fixed = map.text("fixed", log: &log) {
                    rotation = .fixed(fixed)
                    if map["rotate"] != nil {
                        log.error(.unknownRotation, "role '\(name)' has both `fixed` and `rotate`", at: pair.value.location, hint: "keep one")
                    }
                } else if let word = map.text("rotate", log: &log) {
                    rotation = Rotation(name: word)
                    if rotation == nil { reportRotation(word, at: map["rotate"]!.location, log: &log) }
                } else {
                    rotation = .perStep
                }
            }
            var spec = RoleSpec(name: name, rotation: rotation ?? .perStep, summary: summary, location: pair.key.location)
            spec.perGroup = perGroup
            roles.append(spec)
        }
        return roles
    }

    private func reportRotation(_ word: String, at location: SourceLocation, log: inout DiagnosticLog) {
        let suggestion = Suggestion.closest(to: word, in: Rotation.names)
        log.error(.unknownRotation, "unknown rotation '\(word.neutralized())'", at: location,
                  notes: suggestion.map { [.init("did you mean '\($0)'?")] } ?? [],
                  hint: "use one of \(Rotation.names.joined(separator: ", ")), or `{ fixed: Name }`")
    }

    private func paramSpecs(_ node: SourceNode?, log: inout DiagnosticLog) -> [Param] {
        guard let node else { return [] }
        guard let pairs = node.pairs else {
            log.error(.wrongType, "`params` must be a mapping from name to default value", at: node.location)
            return []
        }
        return pairs.compactMap { pair in
            guard let name = pair.key.scalar else { return nil }
            if let text = pair.value.scalar {
                return Param(name: name, defaultValue: pair.value.isNull ? nil : text, summary: nil, location: pair.key.location)
            }
            guard let map = MappingReader(pair.value, context: "param '\(name)'", allowed: ["default", "summary"], log: &log) else {
                return nil
            }
            return Param(name: name, defaultValue: map.text("default", log: &log), summary: map.text("summary", log: &log),
                         location: pair.key.location)
        }
    }

    private func steps(_ items: [SourceNode], known: [String], params: [String], looping: Set<SourceLocation> = [], log: inout DiagnosticLog) -> [Step] {
        var steps: [Step] = []
        // Ids of every earlier step item, valid or not: one bad step must not make the
        // `input:` of the next one, or a repeated id, look wrong too.
        var earlier: [String] = []
        // Earlier steps with groups, and their size: `groups: { from: }` joins theirs.
        var grouped: [String: Int] = [:]
        var seen: [String: SourceLocation] = [:]
        for item in items {
            let step = step(item, earlier: earlier, grouped: grouped, log: &log)
            if let step, let size = step.groupSize { grouped[step.id] = size }
            for key in ["instructions", "prompt", "config", "phases"] {
                if let node = item[key] { checkPlaceholders(in: node, known: known, log: &log) }
            }
            // A title is fixed when the plan is made: only params can appear in it.
            let loops = item["for_each"] != nil || looping.contains(item.location)
            if let node = item["title"] { checkPlaceholders(in: node, known: params + (loops ? ["item"] : []), roles: known, log: &log) }
            if item["each"]?.scalar != "participant" || item["groups"] == nil { checkPerTurnPlaceholders(in: item, log: &log) }
            if !loops { checkItemPlaceholders(in: item, log: &log) }
            if let idNode = item["id"], let id = idNode.scalar, !idNode.isNull {
                if let first = seen[id] {
                    log.error(.duplicateStepID, "step id '\(id.neutralized())' is used twice", at: idNode.location,
                              notes: [.init("first used here", at: first)], hint: "give each step its own id")
                } else {
                    seen[id] = idNode.location
                }
                earlier.append(id)
            }
            if let step { steps.append(step) }
        }
        return steps
    }

    private func step(_ node: SourceNode, earlier: [String], grouped: [String: Int], log: inout DiagnosticLog) -> Step? {
        guard let map = MappingReader(node, context: "a step", allowed: Self.stepKeys, log: &log) else { return nil }
        let id = map.text("id", log: &log, required: "a name unique in this exercise, used by `input:`")
        let handlerName = map.text("handler", log: &log, required: "what runs the step; `roundtable handlers` lists them")
        var (structure, duration) = self.structure(
            of: map, earlier: earlier, duration: map["phases"] == nil ? map.duration("duration", log: &log, required: "how long, e.g. 5m") : map.duration("duration", log: &log),
            log: &log)
        var eachParticipant = false
        if let each = map["each"] {
            if each.scalar == "participant" {
                eachParticipant = true
            } else {
                log.error(.invalidEach, "`each` can only be 'participant' (a timer per speaker)", at: each.location)
            }
        }
        let rounds = map.int("rounds", in: FormatRules.rounds, log: &log) ?? 1
        var groupSize: Int?
        var groupMix: String?
        if let groups = map["groups"] {
            if groups.pairs != nil {
                if let spec = MappingReader(groups, context: "`groups`", allowed: FormatSchema.groupsProperties.map(\.0), log: &log) {
                    let joined = groupStructure(spec, at: groups, grouped: grouped, structure: &structure, log: &log)
                    if spec["from"] != nil || spec["join"] != nil {
                        groupSize = joined
                    } else {
                        groupSize = spec.int("size", in: FormatRules.groupSize, log: &log)
                        groupMix = spec.text("mix", log: &log)
                        if spec["size"] == nil {
                            log.error(.invalidGroups, "`groups` needs a `size` (2 for pairs)", at: groups.location,
                                      hint: "or `from: <an earlier step with groups>` to join whole groups of that step")
                        }
                    }
                }
            } else {
                groupSize = MappingReader.int(groups, key: "groups", in: FormatRules.groupSize, log: &log)
            }
        }
        let inputIDs = map["input"].map { inputs($0, stepID: id, earlier: earlier, log: &log) } ?? []
        let inputID = inputIDs.first
        let timer = timerPolicy(map["timer"], log: &log)
        let config = map["config"]
        let fit = fitBounds(map, length: duration, log: &log)
        var step: Step?
        if let id, let handlerName, let duration {
            step = Step(
                id: id, title: map.text("title", log: &log) ?? Self.titleFromID(id), handler: handlerName,
                duration: duration, instructions: map.text("instructions", log: &log), prompt: map.text("prompt", log: &log),
                eachParticipant: eachParticipant, groupSize: groupSize, rounds: rounds, input: inputID, timer: timer,
                config: config, location: node.location)
            step?.inputs = inputIDs
            step?.groupMix = groupMix
            step?.structure = structure
            if let loop = structure.forEach { step?.rounds = loop.top }
            if !structure.listedItems.isEmpty { step?.rounds = structure.listedItems.count }
            step?.fit = fit
            step?.groupsLocation = map["groups"].map { $0["size"]?.location ?? $0.location }
        }
        if let handlerName, let handlerNode = map["handler"] {
            // Built from what was read even when the step is incomplete (say, a bad duration),
            // so that handler rules do not report a wrong `each:` or `input:` on top. The rounds
            // are those the planner binds with (a `for_each:` step's `top`), so that what
            // validates is what `show` and `run` accept.
            let info = HandlerConfig.StepInfo(
                id: id ?? "?", hasInput: map["input"] != nil, eachParticipant: eachParticipant, groupSize: groupSize,
                rounds: structure.forEach?.top ?? (structure.listedItems.isEmpty ? rounds : structure.listedItems.count),
                overItems: structure.forEach != nil || !structure.listedItems.isEmpty, location: node.location)
            checkHandler(handlerName, at: handlerNode.location, info: info, config: config, log: &log)
            if let input = map["input"], let inputID,
               let type = registry.handler(named: handlerName), !type.readsInput {
                let inputID = inputIDs.joined(separator: "', '")
                let readers = registry.names.filter { name in registry.handler(named: name).map { $0.readsInput && $0.name == name } ?? false }
                log.warning(.unreadInput, "handler '\(type.name)' does not read `input:`; the artifacts of '\(inputID.neutralized())' are not used here",
                            at: input.location,
                            hint: "remove `input:`, or use a handler that reads it" + (readers.isEmpty ? "" : " (\(readers.joined(separator: ", ")))"))
            }
        }
        return step
    }

    private func checkHandler(_ name: String, at location: SourceLocation, info: HandlerConfig.StepInfo, config: SourceNode?, log: inout DiagnosticLog) {
        guard let type = registry.handler(named: name) else {
            var notes: [Diagnostic.Note] = []
            if let suggestion = Suggestion.closest(to: name, in: registry.names) { notes.append(.init("did you mean '\(suggestion)'?")) }
            log.error(.unknownHandler, "unknown handler '\(name.neutralized())'", at: location, notes: notes,
                      hint: "registered handlers: \(registry.names.joined(separator: ", "))")
            return
        }
        log.append(contentsOf: registry.instantiate(type, info: info, config: config).diagnostics)
    }

    private func timerPolicy(_ node: SourceNode?, log: inout DiagnosticLog) -> TimerPolicy {
        guard let node else { return TimerPolicy() }
        guard let map = MappingReader(node, context: "`timer`", allowed: FormatSchema.timerProperties.map(\.0), log: &log) else {
            return TimerPolicy()
        }
        var policy = TimerPolicy()
        if let warn = map["warn_at"] {
            let values = warn.items ?? [warn]
            policy.warnAt = values.compactMap { MappingReader.duration($0, key: "warn_at", log: &log) }
        }
        for (key, names) in [("on_zero", TimerPolicy.OnZero.allCases.map(\.rawValue)), ("turns", ["advance", "bell"])] {
            guard let node = map[key] else { continue }
            if let word = node.scalar, names.contains(word), let value = TimerPolicy.OnZero(rawValue: word) {
                if key == "on_zero" { policy.onZero = value } else { policy.turns = value }
            } else {
                log.error(.invalidTimer, "`\(key)` must be one of \(names.joined(separator: ", "))", at: node.location,
                          notes: node.scalar.flatMap { Suggestion.closest(to: $0, in: names) }.map { [.init("did you mean '\($0)'?")] } ?? [])
            }
        }
        return policy
    }

    static func titleFromID(_ id: String) -> String {
        let words = id.split(separator: "-").map(String.init)
        guard let first = words.first else { return id }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }

    /// Placeholders must name a role, a param or a built-in word.
    /// Reports placeholders that name nothing in `known`. `roles`, when given, are names
    /// that exist but cannot be used here (a title is fixed before roles are assigned).
    private func checkPlaceholders(in node: SourceNode, known: [String], roles: [String] = [], log: inout DiagnosticLog) {
        switch node.value {
        case .sequence(let items): items.forEach { checkPlaceholders(in: $0, known: known, roles: roles, log: &log) }
        case .mapping(let pairs): pairs.forEach { checkPlaceholders(in: $0.value, known: known, roles: roles, log: &log) }
        case .scalar:
            for (name, location) in Self.placeholders(in: node) where !known.contains(name) {
                if roles.contains(name) {
                    log.error(.roleInTitle, "a title cannot name a role: '{{\(name.neutralized())}}' is only known once the plan is made", at: location,
                              hint: "titles take params only; move {{\(name.neutralized())}} into `instructions` or `prompt`")
                    continue
                }
                var notes: [Diagnostic.Note] = []
                if let suggestion = Suggestion.closest(to: name, in: known) { notes.append(.init("did you mean '\(suggestion)'?")) }
                log.error(.unknownPlaceholder, "placeholder '{{\(name.neutralized())}}' names no role or param of this exercise", at: location,
                          notes: notes, hint: "declare it under `roles:` or `params:`, or use one of: \(known.joined(separator: ", "))")
            }
        }
    }

    /// Every `{{name}}` in the scalars under `node`, each where it is written (the start
    /// of its text when the text spans lines, where columns no longer follow the file).
    static func placeholders(in node: SourceNode) -> [(name: String, location: SourceLocation)] {
        switch node.value {
        case .sequence(let items): return items.flatMap { placeholders(in: $0) }
        case .mapping(let pairs): return pairs.flatMap { placeholders(in: $0.value) }
        case .scalar(let text, let plain):
            let singleLine = !text.utf8.contains(UInt8(ascii: "\n"))
            return Placeholders.occurrences(in: text).map { name, offset in
                var location = node.location
                if singleLine { location.column += offset + (plain ? 0 : 1) }
                return (name, location)
            }
        }
    }

    /// `{{speaker}}` and `{{participant}}` name the person whose turn it is: in a step
    /// without turns nobody has one, and the text would show the placeholder as written.
    private func checkPerTurnPlaceholders(in step: SourceNode, log: inout DiagnosticLog) {
        for key in ["instructions", "prompt", "config", "phases"] {
            guard let node = step[key] else { continue }
            let turns = step["each"]?.scalar == "participant"
            for (name, location) in Self.placeholders(in: node) where !turns && ["speaker", "participant", "group"].contains(name) {
                log.warning(.perTurnPlaceholder, "'{{\(name)}}' follows the turn, but this step has no turns", at: location,
                            hint: "add `each: participant` to the step, or name a role instead")
            }
            // `{{group}}` names the speaker's group: a step with turns but no groups has none.
            for (name, location) in Self.placeholders(in: node) where turns && name == "group" {
                log.warning(.perTurnPlaceholder, "'{{group}}' names the speaker's group, but this step has no groups", at: location,
                            hint: "add `groups:` to the step, or leave the placeholder out")
            }
        }
    }

    /// A role is named when a step's text or config has `{{role}}`, when a config value is
    /// the role's name (a handler's role key, such as `note_role: scribe`, or that key's
    /// default when the step leaves it out), or when a param's default names it. The header shows every holder, but a role that no step
    /// tells what to do is most often a leftover or a typo.
    private func checkRolesAreNamed(_ roles: [RoleSpec], steps: [SourceNode], params: SourceNode?, log: inout DiagnosticLog) {
        guard !roles.isEmpty else { return }
        var named: Set<String> = []
        func collect(_ node: SourceNode, values: Bool) {
            switch node.value {
            case .sequence(let items): items.forEach { collect($0, values: values) }
            case .mapping(let pairs): pairs.forEach { collect($0.value, values: values) }
            case .scalar(let text, _):
                named.formUnion(Placeholders.names(in: text))
                if values { named.insert(text.trimmingCharacters(in: .whitespaces)) }
            }
        }
        for step in steps {
            for key in ["title", "instructions", "prompt", "phases"] { if let node = step[key] { collect(node, values: false) } }
            if let config = step["config"] { collect(config, values: true) }
            if let except = step["except"] { collect(except, values: true) }
            // A handler's role key left to its default names that role (timebox's `note_role: scribe`);
            // one written out must name a declared role.
            if let name = step["handler"]?.scalar, let type = registry.handler(named: name) {
                for key in type.configKeys.map(\.info) where key.type == ConfigKey<String>.roleType {
                    guard let given = step["config"]?[key.name] else {
                        if let role = key.defaultValue { named.insert(role) }
                        continue
                    }
                    guard let role = given.scalar, !role.contains("{{"), !roles.contains(where: { $0.name == role }) else { continue }
                    let guess = Suggestion.closest(to: role, in: roles.map(\.name))
                    log.warning(.unknownRoleInConfig, "config `\(key.name)` names '\(role.neutralized())', which is not a role of this exercise",
                                at: given.location, notes: guess.map { [.init("did you mean '\($0)'?")] } ?? [],
                                hint: "its roles: " + (roles.isEmpty ? "none" : roles.map(\.name).joined(separator: ", ")))
                }
            }
        }
        if let params { collect(params, values: false) }
        for role in roles where !named.contains(role.name) {
            log.warning(.unusedRole, "role '\(role.name)' is never named: no step's text or config mentions {{\(role.name)}}",
                        at: role.location,
                        hint: "say what the \(role.name) does in a step's instructions, e.g. \"{{\(role.name)}} ...\", or remove the role")
        }
    }

    /// A `groups:` step whose smallest allowed room forms one group of everyone: the
    /// step is then a whole-room conversation, which the author did not ask for.
    private func checkGroups(_ steps: [Step], participants: ParticipantRange, log: inout DiagnosticLog) {
        let fewest = max(participants.min, 1)
        // How many groups a step forms for a room: joined groups from those they join.
        func groupCount(_ step: Step, people: Int, depth: Int = 0) -> Int {
            if let join = step.structure.join, depth < steps.count, let base = steps.first(where: { $0.id == join.from }) {
                let units = groupCount(base, people: people, depth: depth + 1)
                return units < 2 ? 1 : Planner.groupCount(people: units, size: join.count)
            }
            return Planner.groupCount(people: people, size: step.groupSize ?? people)
        }
        for step in steps {
            guard let size = step.groupSize, let location = step.groupsLocation else { continue }
            guard groupCount(step, people: fewest) < 2 else { continue }
            let needed = (fewest...(fewest + 400)).first { groupCount(step, people: $0) >= 2 } ?? size * 2
            // The fewest make exactly one group of the size asked (three people in trios): nothing
            // shrank or merged. Rooms between that and two groups are what `show` warns of.
            if fewest == size, participants.max.map({ $0 == size || $0 >= needed }) ?? true { continue }
            if let max = participants.max, max < needed {
                log.warning(.smallGroups, "groups of about \(size) never form more than one group: this exercise takes at most \(max) participants",
                            at: location, hint: "make the groups smaller, or drop `groups:`")
            } else {
                log.warning(.smallGroups, "with \(fewest) participant\(fewest == 1 ? "" : "s") (the fewest this exercise allows) groups of about \(size) are one group of everyone",
                            at: location, hint: "raise `participants: { min: \(needed) }`, or make the groups smaller")
            }
        }
    }
}

