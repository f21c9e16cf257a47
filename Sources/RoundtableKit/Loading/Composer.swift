import CLibYAML

/// Builds source nodes straight from libyaml's events.
///
/// Aliases cost the size and depth of what they stand for as they are met, so the value
/// and nesting limits hold before any expanded tree is walked; the expansion itself is a
/// shared copy. Keys are compared as text, so a repeated key is found without hashing
/// whole subtrees.
struct Composer {
    struct Built {
        var node: SourceNode
        /// Values the node stands for, aliases expanded.
        var size: Int
        /// Levels below the node.
        var height: Int
    }

    let file: String
    let text: String
    let limits: YAMLSource.Limits
    var values = 0
    var anchors: [String: Built] = [:]

    init(file: String, text: String, limits: YAMLSource.Limits) {
        self.file = file
        self.text = text
        self.limits = limits
    }

    /// The document's root, or nil when the stream holds no document.
    mutating func compose(_ bytes: UnsafeBufferPointer<UInt8>) throws(LoadError) -> SourceNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw LoadError([.error(.unreadableFile, "out of memory while parsing", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var root: SourceNode?
        while true {
            var event = try next(&parser)
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root
            case YAML_DOCUMENT_START_EVENT:
                if root != nil {
                    throw LoadError([.error(
                        .multipleDocuments, "the file holds more than one YAML document", at: location(event.start_mark),
                        hint: "one exercise or agenda per file: remove this `---` and what follows, or move it to a file of its own")])
                }
                var first = try next(&parser)
                defer { yaml_event_delete(&first) }
                root = try node(first, &parser, depth: 0).node
            default:
                continue
            }
        }
    }

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    func next(_ parser: inout yaml_parser_t) throws(LoadError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            throw LoadError([YAMLSource.diagnostic(for: parser, text: text, file: file)])
        }
        return event
    }

    func tooMany(at location: SourceLocation) -> LoadError {
        LoadError([.error(
            .tooManyValues, "the document expands to more than \(limits.maxNodes) values", at: location,
            hint: "aliases (*name) that repeat large anchors multiply; write the values out or use fewer aliases")])
    }

    func tooDeep(at location: SourceLocation) -> LoadError {
        LoadError([.error(
            .nestingTooDeep, "nesting is deeper than \(limits.maxDepth) levels", at: location,
            hint: "exercise files need only a few levels; flatten this structure")])
    }

    /// The node that begins with `event`, reading events up to its end.
    mutating func node(_ event: yaml_event_t, _ parser: inout yaml_parser_t, depth: Int) throws(LoadError) -> Built {
        let here = location(event.start_mark)
        if depth > limits.maxDepth { throw tooDeep(at: here) }
        let built: Built
        let anchor: UnsafeMutablePointer<yaml_char_t>?
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard var known = anchors[name] else {
                throw LoadError([.error(
                    .yamlSyntax, "YAML syntax: found undefined alias '\(name.neutralized())'", at: here,
                    hint: "define the anchor (&\(name.neutralized())) before this alias, outside the value that uses it")])
            }
            values += known.size
            if values > limits.maxNodes { throw tooMany(at: here) }
            if depth + known.height > limits.maxDepth { throw tooDeep(at: here) }
            known.node.location = here
            return known
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE || scalar.style == YAML_ANY_SCALAR_STYLE
            values += 1
            built = Built(node: SourceNode(.scalar(value, plain: plain), at: here), size: 1, height: 0)
            anchor = scalar.anchor
        case YAML_SEQUENCE_START_EVENT:
            anchor = event.data.sequence_start.anchor
            values += 1
            var items: [SourceNode] = []
            var size = 1, height = 0
            while true {
                var child = try next(&parser)
                defer { yaml_event_delete(&child) }
                if child.type == YAML_SEQUENCE_END_EVENT { break }
                let item = try node(child, &parser, depth: depth + 1)
                items.append(item.node)
                size += item.size
                height = max(height, item.height + 1)
            }
            built = Built(node: SourceNode(.sequence(items), at: here), size: size, height: height)
        case YAML_MAPPING_START_EVENT:
            anchor = event.data.mapping_start.anchor
            values += 1
            var pairs: [SourceNode.Pair] = []
            var seen: [String: SourceLocation] = [:]
            var size = 1, height = 0
            while true {
                var keyEvent = try next(&parser)
                defer { yaml_event_delete(&keyEvent) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let key = try node(keyEvent, &parser, depth: depth + 1)
                if let text = key.node.scalar {
                    if let first = seen[text] {
                        throw LoadError([.error(
                            .duplicateKey, "key '\(text.neutralized())' appears more than once in the same mapping", at: key.node.location,
                            notes: [.init("first written here", at: first)],
                            hint: "keep one of them; YAML keeps no order or merge of repeated keys")])
                    }
                    seen[text] = key.node.location
                }
                var valueEvent = try next(&parser)
                defer { yaml_event_delete(&valueEvent) }
                let value = try node(valueEvent, &parser, depth: depth + 1)
                pairs.append(.init(key: key.node, value: value.node))
                size += key.size + value.size
                height = max(height, key.height + 1, value.height + 1)
            }
            built = Built(node: SourceNode(.mapping(pairs), at: here), size: size, height: height)
        default:
            throw LoadError([.error(.yamlSyntax, "YAML syntax: unexpected event", at: here)])
        }
        if values > limits.maxNodes { throw tooMany(at: here) }
        if let anchor { anchors[String(cString: anchor)] = built }
        return built
    }
}
