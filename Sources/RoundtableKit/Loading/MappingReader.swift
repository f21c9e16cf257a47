/// Reads the keys of one YAML mapping, reporting unknown, missing and mistyped values.
struct MappingReader {
    let node: SourceNode
    let context: String
    private(set) var pairs: [String: SourceNode.Pair] = [:]

    /// Checks that `node` is a mapping with only `allowed` keys; returns nil (after logging)
    /// if it is not a mapping at all.
    init?(_ node: SourceNode, context: String, allowed: [String], log: inout DiagnosticLog) {
        self.node = node
        self.context = context
        guard let list = node.pairs else {
            log.error(.wrongType, "\(context) must be a mapping of keys, not \(node.kindDescription)", at: node.location,
                      hint: "write `key: value` lines; allowed keys: \(allowed.joined(separator: ", "))")
            return nil
        }
        for (position, pair) in list.enumerated() {
            guard let key = pair.key.scalar else {
                log.error(.unsupportedKey, "keys must be plain words, not \(pair.key.kindDescription)", at: pair.key.location)
                continue
            }
            guard allowed.contains(key) else {
                var notes: [Diagnostic.Note] = []
                if let suggestion = Suggestion.closest(to: key, in: allowed) {
                    notes.append(.init("did you mean '\(suggestion)'?"))
                }
                let allowedKeys = "allowed keys: \(allowed.joined(separator: ", "))"
                var hint = allowedKeys
                if let quote = Suggestion.quoteHint(forKey: key, after: position > 0 ? list[position - 1].key.scalar : nil) {
                    notes.append(.init(allowedKeys))
                    hint = quote
                }
                log.error(.unknownKey, "unknown key '\(key.neutralized())' in \(context)", at: pair.key.location, notes: notes,
                          hint: hint)
                continue
            }
            pairs[key] = pair
        }
    }

    subscript(key: String) -> SourceNode? { pairs[key]?.value }

    func require(_ key: String, _ what: String, log: inout DiagnosticLog) -> SourceNode? {
        if let value = self[key] { return value }
        log.error(.missingKey, "\(context) is missing `\(key)` (\(what))", at: node.location, hint: "add `\(key):`")
        return nil
    }

    func text(_ key: String, log: inout DiagnosticLog, required: String? = nil) -> String? {
        guard let value = required.map({ require(key, $0, log: &log) }) ?? self[key] else { return nil }
        return Self.text(value, key: key, log: &log)
    }

    static func text(_ value: SourceNode, key: String, log: inout DiagnosticLog) -> String? {
        guard let text = value.scalar, !value.isNull else {
            // `prompt: {{speaker}}` is a mapping whose key is a mapping, to YAML.
            let placeholder = value.pairs?.first?.key.pairs != nil
            log.error(.wrongType, "`\(key)` must be text, not \(value.kindDescription)", at: value.location,
                      hint: placeholder ? Placeholders.quoteHint : nil)
            return nil
        }
        return text
    }

    func int(_ key: String, in range: ClosedRange<Int>, log: inout DiagnosticLog) -> Int? {
        guard let value = self[key] else { return nil }
        return Self.int(value, key: key, in: range, log: &log)
    }

    static func int(_ value: SourceNode, key: String, in range: ClosedRange<Int>, log: inout DiagnosticLog) -> Int? {
        guard let text = value.scalar, let number = Int(text) else {
            log.error(.wrongType, "`\(key)` must be a whole number, not \(describe(value))", at: value.location)
            return nil
        }
        guard range.contains(number) else {
            log.error(.outOfRange, "`\(key)` must be between \(range.lowerBound) and \(range.upperBound), not \(number)", at: value.location)
            return nil
        }
        return number
    }

    func duration(_ key: String, log: inout DiagnosticLog, required: String? = nil) -> Duration? {
        guard let value = required.map({ require(key, $0, log: &log) }) ?? self[key] else { return nil }
        return Self.duration(value, key: key, log: &log)
    }

    static func duration(_ value: SourceNode, key: String, log: inout DiagnosticLog) -> Duration? {
        guard let text = value.scalar, !value.isNull else {
            log.error(.invalidDuration, "`\(key)` must be a duration like 45s, 5m or 1h30m, not \(value.kindDescription)", at: value.location)
            return nil
        }
        if text.hasPrefix("-") {
            log.error(.invalidDuration, "`\(key)` must be positive, not '\(text.neutralized())'", at: value.location)
            return nil
        }
        guard let duration = DurationText.parse(text) else {
            let hint = Int(text) != nil
                ? "add a unit: '\(text)s' for seconds or '\(text)m' for minutes"
                : "write it like 45s, 5m, 1h30m or 2m30s"
            log.error(.invalidDuration, "`\(key)` must be a duration, not '\(text.neutralized())'", at: value.location, hint: hint)
            return nil
        }
        guard duration > .zero else {
            log.error(.invalidDuration, "`\(key)` must be longer than zero", at: value.location)
            return nil
        }
        return duration
    }

    func strings(_ key: String, log: inout DiagnosticLog) -> [String]? {
        guard let value = self[key] else { return nil }
        if let text = value.scalar, !value.isNull { return [text] }
        guard let items = value.items else {
            log.error(.wrongType, "`\(key)` must be a list, not \(value.kindDescription)", at: value.location)
            return nil
        }
        return items.compactMap { item in
            guard let text = item.scalar, !item.isNull else {
                log.error(.wrongType, "items of `\(key)` must be text, not \(item.kindDescription)", at: item.location)
                return nil
            }
            return text
        }
    }

    static func describe(_ node: SourceNode) -> String {
        if let text = node.scalar, !node.isNull { return "'\(text.neutralized())'" }
        return node.kindDescription
    }
}
