import Foundation
import Yams

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
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > limits.maxBytes {
            throw LoadError([tooLarge(size, at: start)])
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LoadError([.error("cannot read the file (permission denied?)", at: start)])
        }
        defer { try? handle.close() }
        // Read at most one byte past the cap: a file that grows, or a device, stays bounded.
        let data = (try? handle.read(upToCount: limits.maxBytes + 1)) ?? Data()
        if data.count > limits.maxBytes { throw LoadError([tooLarge(data.count, at: start)]) }
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
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw LoadError([Self.diagnostic(for: error, file: file)])
        } catch {
            throw LoadError([.error("cannot parse YAML: \(error)", at: start)])
        }
        guard let root else {
            throw LoadError([.error("the file is empty", at: start, hint: "an exercise starts with `id:`, `title:` and `steps:`; see `roundtable new exercise`")])
        }
        var converter = Converter(file: file, limits: limits)
        let node = converter.convert(root, depth: 0)
        if let problem = converter.problem { throw LoadError([problem]) }
        return node
    }

    private func tooLarge(_ size: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            "file is too large (\(size) bytes; the limit is \(limits.maxBytes))", at: location,
            hint: "split it into several exercises strung together by an agenda")
    }

    private func invalidUTF8(_ bytes: [UInt8], file: String) -> Diagnostic {
        // Find the first byte where decoding fails and report its line and column.
        var line = 1, column = 1, index = 0
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                index += UTF8.width(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                break loop
            }
        }
        _ = index
        return .error(
            "the file is not valid UTF-8", at: SourceLocation(file: file, line: line, column: column),
            hint: "save the file as UTF-8 in your editor")
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        func location(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: max(1, mark.line), column: max(1, mark.column))
        }
        switch error {
        case .scanner(let context, let problem, let mark, let yaml),
             .parser(let context, let problem, let mark, let yaml),
             .composer(let context, let problem, let mark, let yaml):
            var notes: [Diagnostic.Note] = []
            if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                notes.append(.init(context.text, at: location(context.mark)))
            }
            return .error(
                "YAML syntax: \(problem)", at: location(mark), notes: notes,
                hint: syntaxHint(problem, at: scalar(at: mark, in: yaml)))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0.neutralized())'" }.joined(separator: ", ")
            return .error(
                "key \(names) appears more than once in the same mapping", at: location(context.mark),
                hint: "keep one of them; YAML keeps no order or merge of repeated keys")
        case .reader(let problem, let offset, _, let yaml):
            var line = 1, column = 1
            if let offset {
                // Yams gives the offset in Characters; "\r\n" or "e\u{301}" is one Character, two scalars.
                for scalar in yaml.prefix(offset).unicodeScalars {
                    if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
                }
            }
            return .error(
                "cannot read the text: \(problem)", at: SourceLocation(file: file, line: line, column: column),
                hint: "remove control characters; YAML allows tab, newline and printable characters only")
        default:
            return .error("cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// The character libyaml stopped at (lines split at "\n" only; good enough for a hint).
    private static func scalar(at mark: Mark, in yaml: String) -> Unicode.Scalar? {
        var line = 1, column = 1
        for scalar in yaml.unicodeScalars {
            if line == mark.line && column == mark.column { return scalar }
            if scalar == "\n" {
                if line == mark.line { return nil }
                line += 1; column = 1
            } else {
                column += 1
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

/// Turns Yams nodes into source nodes, counting nodes so alias expansion stays bounded.
private struct Converter {
    let file: String
    let limits: YAMLSource.Limits
    var count = 0
    var problem: Diagnostic?

    init(file: String, limits: YAMLSource.Limits) {
        self.file = file
        self.limits = limits
    }

    mutating func convert(_ node: Node, depth: Int) -> SourceNode {
        let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        count += 1
        if problem != nil { return SourceNode(.scalar("", plain: true), at: location) }
        if count > limits.maxNodes {
            problem = .error(
                "the document expands to more than \(limits.maxNodes) values", at: location,
                hint: "aliases (*name) that repeat large anchors multiply; write the values out or use fewer aliases")
            return SourceNode(.scalar("", plain: true), at: location)
        }
        if depth > limits.maxDepth {
            problem = .error(
                "nesting is deeper than \(limits.maxDepth) levels", at: location,
                hint: "exercise files need only a few levels; flatten this structure")
            return SourceNode(.scalar("", plain: true), at: location)
        }
        switch node {
        case .scalar(let scalar):
            return SourceNode(.scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any), at: location)
        case .sequence(let sequence):
            var items: [SourceNode] = []
            for item in sequence {
                items.append(convert(item, depth: depth + 1))
                if problem != nil { break }
            }
            return SourceNode(.sequence(items), at: location)
        case .mapping(let mapping):
            var pairs: [SourceNode.Pair] = []
            for (key, value) in mapping {
                let k = convert(key, depth: depth + 1)
                let v = convert(value, depth: depth + 1)
                pairs.append(.init(key: k, value: v))
                if problem != nil { break }
            }
            return SourceNode(.mapping(pairs), at: location)
        case .alias:
            return SourceNode(.scalar("", plain: true), at: location)
        }
    }
}

/// A linear scan before libyaml runs: libyaml and the composer recurse per nesting level,
/// so pathological nesting and alias counts are refused here, with a location.
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
        for scalar in text.unicodeScalars {
            column += 1
            defer { previous = scalar }
            if scalar == "\n" {
                line += 1; column = 0
                lineStart = true; atNodeStart = true; indicatorChain = 0; inComment = false; inProperty = false
                escaped = false
                if quote == "'" || quote == "\"" { atNodeStart = false }
                continue
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
            if inProperty {
                if scalar == " " { inProperty = false; continue }
                guard scalar == "," || scalar == "]" || scalar == "}" else { continue }
                inProperty = false
            }
            let here = SourceLocation(file: file, line: line, column: column)
            if scalar == " " {
                continue
            }
            if scalar == "#" && (previous == " " || previous == "\n" || lineStart) {
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
                    continue
                case "*":
                    aliases += 1
                    if aliases > limits.maxAliases {
                        return .error("more than \(limits.maxAliases) aliases (*name) in one file", at: here,
                                      hint: "write the values out; aliases can multiply a small file into a huge one")
                    }
                default:
                    break
                }
            }
            lineStart = false
            switch scalar {
            case "]", "}":
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
        return nil
    }
}
