/// Handler types by YAML name: a plain value built once and passed where it is needed.
///
/// There is no process-wide registry: the loader, the runner and the CLI each take the
/// value they are given, so a test or a custom build decides exactly which handlers exist.
/// A custom build usually passes its lists to `RoundtableCommand.main(handlers:)`, which
/// builds the registry itself; build one by hand for a `Loader` or a `Runner`.
///
/// ```swift
/// var registry = HandlerRegistry()
/// try registry.register(BuiltInHandlers.all)
/// try registry.register([MyHandler.self])
/// let loader = Loader(registry: registry)
/// ```
public struct HandlerRegistry: Sendable {
    /// A registered handler and the module it came from.
    public struct Entry: Sendable {
        /// The handler type; ``ExerciseHandler/init(config:)`` makes one per step.
        public var type: any ExerciseHandler.Type
        /// The handler's YAML name (not an alias).
        public var name: String { type.name }
        /// The Swift module that declares the handler, as `roundtable handlers` shows it.
        public var module: String {
            String(String(reflecting: type).split(separator: ".").first ?? "")
        }
    }

    /// Why a handler could not be registered; `description` is one sentence for people.
    public enum RegistrationError: Error, Sendable, CustomStringConvertible {
        /// Two handler types claim `name` (as a name or an alias); the types are named in full.
        case duplicate(name: String, existing: String, new: String)
        /// A name or alias of the type is not kebab-case.
        case invalidName(String, type: String)

        public var description: String {
            switch self {
            case .duplicate(let name, let existing, let new):
                return "handler name '\(name)' is registered twice: by \(existing) and by \(new)"
            case .invalidName(let name, let type):
                return "handler name '\(name)' of \(type) is not kebab-case (lowercase letters, digits and '-')"
            }
        }
    }

    private var byName: [String: Entry] = [:]
    /// Every registered handler, once each, in registration order.
    public private(set) var entries: [Entry] = []

    /// An empty registry.
    public init() {}

    /// A registry of `types`, e.g. `try HandlerRegistry(BuiltInHandlers.all + Kudos.all)`.
    ///
    /// - Parameter types: Handler types, typically modules' `all` lists added together.
    /// - Throws: ``RegistrationError`` for the first name that is taken or not kebab-case.
    public init(_ types: [any ExerciseHandler.Type]) throws(RegistrationError) {
        try register(types)
    }

    /// Registers each handler in order, under its name and aliases.
    ///
    /// - Parameter types: Handler types, typically a module's `all` list.
    /// - Throws: ``RegistrationError`` for the first name that is taken or not kebab-case;
    ///   the types before it stay registered.
    public mutating func register(_ types: [any ExerciseHandler.Type]) throws(RegistrationError) {
        for type in types { try register(type) }
    }

    /// Registers a handler under its name and aliases.
    ///
    /// Either every name of the type is registered or none is.
    ///
    /// - Parameter type: A handler type, e.g. `Checkout.self`.
    /// - Throws: ``RegistrationError`` if a name is taken or not kebab-case.
    public mutating func register(_ type: any ExerciseHandler.Type) throws(RegistrationError) {
        let entry = Entry(type: type)
        for name in [type.name] + type.aliases {
            guard Self.isKebabCase(name) else {
                throw .invalidName(name, type: String(reflecting: type))
            }
            if let existing = byName[name] {
                throw .duplicate(name: name, existing: String(reflecting: existing.type), new: String(reflecting: type))
            }
        }
        for name in [type.name] + type.aliases { byName[name] = entry }
        entries.append(entry)
    }

    /// The handler a step's `handler:` selects.
    ///
    /// - Parameter name: A name or an alias.
    /// - Returns: The handler type, or nil when nothing is registered under `name`.
    public func handler(named name: String) -> (any ExerciseHandler.Type)? { byName[name]?.type }

    /// The registered entry (type and module) for a name.
    ///
    /// - Parameter name: A name or an alias.
    /// - Returns: The entry, or nil when nothing is registered under `name`.
    public func entry(named name: String) -> Entry? { byName[name] }

    /// Every name that selects a handler, aliases included, sorted.
    public var names: [String] { byName.keys.sorted() }

    /// True for kebab-case: lowercase letters and digits in words joined by single hyphens, starting with a letter.
    public static func isKebabCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
              name.unicodeScalars.last != "-", !name.contains("--") else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Builds a configured handler for a step, or the diagnostics of its config.
    func instantiate(_ type: any ExerciseHandler.Type, info: HandlerConfig.StepInfo, config: SourceNode?)
        -> (handler: (any ExerciseHandler)?, diagnostics: [Diagnostic])
    {
        var diagnostics: [Diagnostic] = []
        if let config, config.pairs == nil, !config.isNull {
            diagnostics.append(.error(
                .wrongType, "`config:` must be a mapping of settings, not \(config.kindDescription)", at: config.location,
                hint: "write it as `config: { key: value }` or as indented `key: value` lines"))
            return (nil, diagnostics)
        }
        let node = config?.isNull == true ? nil : config
        let keys = type.configKeys.map(\.info)
        let allowed = keys.map(\.name)
        let pairs = node?.pairs ?? []
        for (position, pair) in pairs.enumerated() {
            let key = pair.key.scalar ?? ""
            if !allowed.contains(key) {
                var notes: [Diagnostic.Note] = []
                if let suggestion = Suggestion.closest(to: key, in: allowed) {
                    notes.append(.init("did you mean '\(suggestion)'?"))
                }
                var list = allowed.isEmpty ? "it takes no config" : "it takes: \(allowed.joined(separator: ", "))"
                if let quote = Suggestion.quoteHint(forKey: key, after: position > 0 ? pairs[position - 1].key.scalar : nil) {
                    notes.append(.init(list))
                    list = quote
                }
                diagnostics.append(.error(
                    .unknownConfigKey, "unknown config key '\(key.neutralized())' for handler '\(type.name)'", at: pair.key.location,
                    notes: notes, hint: list))
            }
        }
        for key in keys where key.required && node?[key.name] == nil {
            diagnostics.append(.error(
                .missingConfigKey, "handler '\(type.name)' needs config `\(key.name)` (\(key.summary))", at: node?.location ?? info.location,
                hint: "add it under `config:`"))
        }
        let reader = HandlerConfig(handlerName: type.name, step: info, node: node, declaredKeys: allowed)
        let handler = type.init(config: reader)
        diagnostics.append(contentsOf: reader.diagnostics)
        return (diagnostics.contains { $0.severity == .error } ? nil : handler, diagnostics)
    }
}
