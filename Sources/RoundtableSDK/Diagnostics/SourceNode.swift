/// A YAML node that remembers where it came from.
///
/// Exercise files are parsed once into this tree; every later check reports against the
/// node's `location`. Handlers read their `config:` through ``HandlerConfig``, which walks
/// these nodes, so a bad value in a handler's config is reported at its line and column.
public struct SourceNode: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        /// A scalar and whether it was written plain (unquoted).
        case scalar(String, plain: Bool)
        case sequence([SourceNode])
        case mapping([Pair])
    }

    public struct Pair: Sendable, Hashable {
        public var key: SourceNode
        public var value: SourceNode

        package init(key: SourceNode, value: SourceNode) {
            self.key = key
            self.value = value
        }
    }

    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// The scalar's text, if this is a scalar.
    public var scalar: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// True for an unquoted `~`, `null` or empty scalar.
    public var isNull: Bool {
        if case .scalar(let text, let plain) = value, plain {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    public var pairs: [Pair]? {
        if case .mapping(let pairs) = value { return pairs }
        return nil
    }

    public var items: [SourceNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The value under a scalar key of a mapping.
    public subscript(key: String) -> SourceNode? {
        pairs?.first { $0.key.scalar == key }?.value
    }

    /// A word for the kind of node, for messages ("a list", "a mapping", "text").
    public var kindDescription: String {
        switch value {
        case .scalar: return isNull ? "nothing (null)" : "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The content without positions, in a stable form (digests, comparisons).
    public var canonicalText: String {
        switch value {
        case .scalar(let text, let plain): return plain ? text : "\"\(text)\""
        case .sequence(let items): return "[" + items.map(\.canonicalText).joined(separator: ",") + "]"
        case .mapping(let pairs): return "{" + pairs.map { $0.key.canonicalText + ":" + $0.value.canonicalText }.joined(separator: ",") + "}"
        }
    }

    /// A copy with every scalar passed through `transform` (used to fill parameters).
    public func mapScalars(_ transform: (String) -> String) -> SourceNode {
        switch value {
        case .scalar(let text, let plain):
            return SourceNode(.scalar(transform(text), plain: plain), at: location)
        case .sequence(let items):
            return SourceNode(.sequence(items.map { $0.mapScalars(transform) }), at: location)
        case .mapping(let pairs):
            return SourceNode(
                .mapping(pairs.map { Pair(key: $0.key, value: $0.value.mapScalars(transform)) }), at: location)
        }
    }
}
