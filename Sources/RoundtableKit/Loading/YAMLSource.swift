import CYaml
import Foundation

/// Reads YAML text into a ``SourceNode`` tree, within limits that keep hostile files harmless.
///
/// Every failure is a located ``Diagnostic``: syntax errors at libyaml's mark, invalid
/// UTF-8 at the offending byte, oversize files, alias bombs and runaway nesting at the
/// place they begin. Nothing here traps or recurses without bound.
public struct YAMLSource: Sendable {
    /// Bounds on what a file may make the loader do.
    public struct Limits: Sendable {
        public var maxBytes = 1 << 20
        public var maxDepth = 32
        public var maxNodes = 100_000
        public var maxAliases = 64

        public init() {}
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Reads and parses a file.
    ///
    /// - Throws: ``LoadError`` with the located problems.
    public func read(file path: String) throws(LoadError) -> SourceNode {
        let start = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError([.error("no such file", at: start, hint: "check the path, or run `roundtable list` to see what exists")])
        }
        guard !isDirectory.boolValue else {
            throw LoadError([.error("is a folder, not a YAML file", at: start)])
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LoadError([.error("cannot read the file (permission denied?)", at: start)])
        }
        defer { try? handle.close() }
        // Read at most one byte past the cap: a file that grows, or a device, stays bounded.
        let data = (try? handle.read(upToCount: limits.maxBytes + 1)) ?? Data()
        if data.count > limits.maxBytes {
            let size = (try? handle.seekToEnd()).map { Int($0) } ?? data.count
            throw LoadError([tooLarge(max(size, data.count), at: start)])
        }
        return try parse(data: data, file: path)
    }

    /// Parses YAML bytes that came from `file` (used for messages only).
    ///
    /// - Throws: ``LoadError`` with the located problems.
    public func parse(data: Data, file: String) throws(LoadError) -> SourceNode {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if data.count > limits.maxBytes { throw LoadError([tooLarge(data.count, at: start)]) }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LoadError([invalidUTF8(bytes, file: file)])
        }
        return try parse(text: text, file: file)
    }

    /// Parses YAML text that came from `file` (used for messages only).
    ///
    /// - Throws: ``LoadError`` with the located problems.
    public func parse(text: String, file: String) throws(LoadError) -> SourceNode {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if text.utf8.count > limits.maxBytes { throw LoadError([tooLarge(text.utf8.count, at: start)]) }
        if let problem = PreScan.check(text, limits: limits, file: file) { throw LoadError([problem]) }
        let compose = { (bytes: UnsafeBufferPointer<UInt8>) -> Result<SourceNode?, LoadError> in
            var composer = Composer(file: file, text: text, limits: limits)
            return Result { () throws(LoadError) in try composer.compose(bytes) }
        }
        // Native strings hold contiguous UTF-8, read in place; others are copied once.
        let result = text.utf8.withContiguousStorageIfAvailable(compose) ?? Array(text.utf8).withUnsafeBufferPointer(compose)
        guard let root = try result.get() else {
            throw LoadError([.error("the file is empty", at: start, hint: "an exercise starts with `id:`, `title:` and `steps:`; see `roundtable new exercise`")])
        }
        return root
    }

    private func tooLarge(_ size: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            "file is too large (\(size) bytes; the limit is \(limits.maxBytes))", at: location,
            hint: "split it into several exercises strung together by an agenda")
    }

    private func invalidUTF8(_ bytes: [UInt8], file: String) -> Diagnostic {
        // Find the first byte where decoding fails and report its line and column.
        var line = 1, column = 1
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                break loop
            }
        }
        return .error(
            "the file is not valid UTF-8", at: SourceLocation(file: file, line: line, column: column),
            hint: "save the file as UTF-8 in your editor")
    }

    /// The diagnostic for the error libyaml stopped with.
    static func diagnostic(for parser: yaml_parser_t, text: String, file: String) -> Diagnostic {
        func location(_ mark: yaml_mark_t) -> SourceLocation {
            SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        switch parser.error {
        case YAML_READER_ERROR:
            // The offset counts bytes; lines and columns count Unicode scalars.
            var line = 1, column = 1, offset = 0
            for scalar in text.unicodeScalars {
                if offset >= parser.problem_offset { break }
                offset += UTF8.width(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return .error(
                "cannot read the text: \(problem)", at: SourceLocation(file: file, line: line, column: column),
                hint: "remove control characters; YAML allows tab, newline and printable characters only")
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let mark = parser.problem_mark
            var notes: [Diagnostic.Note] = []
            if let context = parser.context,
               parser.context_mark.line != mark.line || parser.context_mark.column != mark.column {
                notes.append(.init(String(cString: context), at: location(parser.context_mark)))
            }
            return .error(
                "YAML syntax: \(problem)", at: location(mark), notes: notes,
                hint: unquotedPlaceholderHint(near: Int(mark.line) + 1, in: text)
                    ?? syntaxHint(problem, at: scalar(line: Int(mark.line) + 1, column: Int(mark.column) + 1, in: text)))
        default:
            return .error("cannot parse YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The character libyaml stopped at (lines split at "\n" only; good enough for a hint).
    private static func scalar(line wanted: Int, column wantedColumn: Int, in yaml: String) -> Unicode.Scalar? {
        var line = 1, column = 1
        for scalar in yaml.unicodeScalars {
            if line == wanted && column == wantedColumn { return scalar }
            if scalar == "\n" {
                if line == wanted { return nil }
                line += 1; column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

    /// A value that starts with `{{` reads as a YAML mapping, which is what most often
    /// breaks a line that uses a placeholder: the hint says to quote it.
    private static func unquotedPlaceholderHint(near line: Int, in yaml: String) -> String? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        for index in [line - 1, line - 2] where lines.indices.contains(index) {
            if let colon = lines[index].range(of: ": {{") ?? lines[index].range(of: ":{{"),
               !lines[index][..<colon.lowerBound].contains("\"") {
                return Placeholders.quoteHint
            }
        }
        return nil
    }

    private static func syntaxHint(_ problem: String, at character: Unicode.Scalar?) -> String? {
        // libyaml often says "found character that cannot start any token" for an indenting tab.
        if problem.contains("tab") || character == "\t" { return "indent with spaces; YAML does not allow tabs for indentation" }
        if problem.contains("mapping values are not allowed") {
            return "a value containing ': ' must be quoted, e.g. prompt: \"Why: because\""
        }
        if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            return "check the indentation of this line against the lines above it"
        }
        return nil
    }
}

/// Builds source nodes straight from libyaml's events.
///
/// Aliases cost the size and depth of what they stand for as they are met, so the value
/// and nesting limits hold before any expanded tree is walked; the expansion itself is a
/// shared copy. Keys are compared as text, so a repeated key is found without hashing
/// whole subtrees.
private struct Composer {
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
            throw LoadError([.error("out of memory while parsing", at: SourceLocation(file: file, line: 1, column: 1))])
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
                        "the file holds more than one YAML document", at: location(event.start_mark),
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
            "the document expands to more than \(limits.maxNodes) values", at: location,
            hint: "aliases (*name) that repeat large anchors multiply; write the values out or use fewer aliases")])
    }

    func tooDeep(at location: SourceLocation) -> LoadError {
        LoadError([.error(
            "nesting is deeper than \(limits.maxDepth) levels", at: location,
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
                    "YAML syntax: found undefined alias '\(name.neutralized())'", at: here,
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
                            "key '\(text.neutralized())' appears more than once in the same mapping", at: key.node.location,
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
            throw LoadError([.error("YAML syntax: unexpected event", at: here)])
        }
        if values > limits.maxNodes { throw tooMany(at: here) }
        if let anchor { anchors[String(cString: anchor)] = built }
        return built
    }
}

/// A linear scan before libyaml runs: libyaml and the composer recurse per nesting level,
/// and the composer hashes every key in full, so pathological nesting, alias counts and
/// keys that could hold aliases are refused here, with a location.
///
/// Keys are the reason for the last rule: an alias used as a key (`*big: x`, `? *big`,
/// `[*big]: x`) is expanded and hashed before any value limit applies, so a 600-byte
/// ladder of aliases would keep the composer busy for hours. Exercise files only need
/// plain or quoted keys, so explicit keys (`? `), alias keys and list or mapping keys
/// are refused outright. Block scalars (`|`, `>`) are prose: their lines are skipped.
enum PreScan {
    static func check(_ text: String, limits: YAMLSource.Limits, file: String) -> Diagnostic? {
        let maxFlow = limits.maxDepth * 2
        var line = 1, column = 0
        var flowDepth = 0
        var aliases = 0
        var quote: Unicode.Scalar?
        var atNodeStart = true
        var lineStart = true
        var indicatorChain = 0
        var previous: Unicode.Scalar = "\n"
        var inComment = false
        // Inside an anchor (&name) or tag (!tag): the node it belongs to has not started yet.
        var inProperty = false
        var escaped = false
        // Leading spaces of the current line, while they are being counted.
        var indent = 0, countingIndent = true
        // 0-based column where the latest key or list item of this line starts.
        var nodeColumn = 0
        // A block scalar: set on its `|`/`>` line, in force from the next line; lines
        // indented deeper than the key or dash that owns it are its text.
        var blockPending: Int?, blockIndent: Int?, inBlockText = false
        // Key checks: a `?` at a node start, an alias name being read, and the places where
        // an alias or a flow collection just ended (a `:` right after makes it a key).
        var question: SourceLocation?
        var inAliasName = false
        var keyCandidate: (location: SourceLocation, what: String)?

        func keyProblem(_ what: String, at location: SourceLocation) -> Diagnostic {
            .error("\(what) cannot be a key here", at: location,
                   hint: "write keys as plain words or quoted text, e.g. `title: ...`")
        }

        // Every character that matters here is ASCII, so bytes are read as scalars (a byte of
        // a multi-byte character reads as some non-ASCII scalar, which is all that matters);
        // columns count characters, not continuation bytes.
        var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte & 0xC0 != 0x80 { column += 1 }
            defer { previous = scalar }
            if let location = question {
                question = nil
                if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" {
                    return .error("explicit keys (`? key`) are not supported", at: location,
                                  hint: "write `key: value` on one line")
                }
            }
            if scalar == "\n" {
                line += 1; column = 0
                lineStart = true; atNodeStart = true; indicatorChain = 0; inComment = false; inProperty = false
                escaped = false; inAliasName = false; keyCandidate = nil
                indent = 0; countingIndent = true; inBlockText = false; nodeColumn = 0
                if let pending = blockPending, quote == nil { blockIndent = pending; blockPending = nil }
                if quote == "'" || quote == "\"" { atNodeStart = false }
                continue
            }
            if inBlockText { continue }
            if countingIndent {
                if scalar == " " { indent += 1; continue }
                if scalar == "\t" || scalar == "\r" { continue }
                countingIndent = false
                if let threshold = blockIndent {
                    if indent > threshold { inBlockText = true; continue }
                    blockIndent = nil
                }
            }
            if inComment { continue }
            if let open = quote {
                if escaped {
                    escaped = false
                } else if open == "\"" && scalar == "\\" {
                    escaped = true
                } else if scalar == open {
                    quote = nil
                }
                continue
            }
            if inAliasName {
                // libyaml's anchor names: ASCII letters, digits, '-' and '_'.
                let isNameCharacter = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                    || scalar == "-" || scalar == "_"
                if isNameCharacter { continue }
                inAliasName = false
            }
            if let candidate = keyCandidate, scalar != " ", scalar != "\t" {
                keyCandidate = nil
                if scalar == ":" { return keyProblem(candidate.what, at: candidate.location) }
            }
            if inProperty {
                if scalar == " " { inProperty = false; continue }
                guard scalar == "," || scalar == "]" || scalar == "}" else { continue }
                inProperty = false
            }
            if scalar == " " {
                continue
            }
            if scalar == "#" && (previous == " " || previous == "\n" || previous == "\t" || lineStart) {
                inComment = true
                continue
            }
            if atNodeStart {
                switch scalar {
                case "&", "!":
                    inProperty = true
                    lineStart = false
                    continue
                case "\"", "'":
                    quote = scalar
                    atNodeStart = false
                    lineStart = false
                    nodeColumn = column - 1
                    continue
                case "[", "{":
                    flowDepth += 1
                    if flowDepth > maxFlow {
                        return .error("brackets are nested more than \(maxFlow) deep", at: here,
                                      hint: "exercise files need only a few levels; flatten this structure")
                    }
                    continue
                case "-", "?":
                    indicatorChain += 1
                    if indicatorChain > maxFlow {
                        return .error("list items are nested more than \(maxFlow) deep on one line", at: here,
                                      hint: "exercise files need only a few levels; flatten this structure")
                    }
                    if scalar == "?" { question = here }
                    nodeColumn = column - 1
                    lineStart = false
                    continue
                case "*":
                    aliases += 1
                    if aliases > limits.maxAliases {
                        return .error("more than \(limits.maxAliases) aliases (*name) in one file", at: here,
                                      hint: "write the values out; aliases can multiply a small file into a huge one")
                    }
                    inAliasName = true
                    keyCandidate = (here, "an alias (*name)")
                    atNodeStart = false
                    lineStart = false
                    continue
                case "|", ">":
                    if flowDepth == 0 { blockPending = nodeColumn }
                default:
                    nodeColumn = column - 1
                }
            }
            lineStart = false
            switch scalar {
            case "]", "}":
                if flowDepth > 0 { keyCandidate = (here, scalar == "]" ? "a list" : "a mapping") }
                flowDepth = max(0, flowDepth - 1)
                atNodeStart = false
            case ",":
                atNodeStart = flowDepth > 0
            case ":":
                atNodeStart = true
            default:
                atNodeStart = false
            }
        }
        if let location = question {
            return .error("explicit keys (`? key`) are not supported", at: location, hint: "write `key: value` on one line")
        }
        return nil
    }
}
