// A sketch of the fix proposed for validation speed and for alias keys (issue 8 report):
// compose the tree straight from libyaml's events instead of through Yams' Node tree,
// whose duplicate-key check hashes every key as expanded (resolving each scalar's tag with
// NSRegularExpression). Aliases cost the size of what they stand for as they are met,
// so expansion is bounded before any work is done on it; keys are compared as text.
//
// Used only by `TimerAccuracy compose FOLDER` to measure what such a composer costs.
import CYaml
import RoundtableKit
import Foundation

enum LightNode {
    case scalar(String, line: Int, column: Int)
    case sequence([LightNode], line: Int, column: Int)
    case mapping([(LightNode, LightNode)], line: Int, column: Int)
}

struct EventComposer {
    struct Problem: Error { var message: String; var line: Int; var column: Int }

    var maxValues = 100_000
    var maxDepth = 32

    func compose(_ bytes: [UInt8]) throws(Problem) -> LightNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw Problem(message: "no memory", line: 1, column: 1) }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(Problem) -> LightNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var state = State(limit: maxValues, maxDepth: maxDepth)
            return try state.run(&parser)
        }
    }

    struct State {
        let limit: Int
        let maxDepth: Int
        var values = 0
        /// Anchor → (node, its expanded size in values).
        var anchors: [String: (LightNode, Int)] = [:]

        init(limit: Int, maxDepth: Int) { self.limit = limit; self.maxDepth = maxDepth }

        mutating func next(_ parser: inout yaml_parser_t) throws(Problem) -> yaml_event_t {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw Problem(message: parser.problem.map { String(cString: $0) } ?? "syntax error",
                              line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
            }
            return event
        }

        mutating func run(_ parser: inout yaml_parser_t) throws(Problem) -> LightNode? {
            var root: LightNode?
            while true {
                var event = try next(&parser)
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT: return root
                case YAML_DOCUMENT_START_EVENT:
                    guard root == nil else { throw Problem(message: "more than one document", line: Int(event.start_mark.line) + 1, column: 1) }
                    var first = try next(&parser)
                    defer { yaml_event_delete(&first) }
                    root = try node(first, &parser, depth: 0).0
                default: continue
                }
            }
        }

        /// The node that starts with `event`, and how many values it expands to.
        mutating func node(_ event: yaml_event_t, _ parser: inout yaml_parser_t, depth: Int) throws(Problem) -> (LightNode, Int) {
            let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
            if depth > maxDepth { throw Problem(message: "nesting is deeper than \(maxDepth) levels", line: line, column: column) }
            var result: (LightNode, Int)
            var anchor: UnsafeMutablePointer<yaml_char_t>?
            switch event.type {
            case YAML_ALIAS_EVENT:
                let name = String(cString: event.data.alias.anchor)
                guard let known = anchors[name] else { throw Problem(message: "unknown alias", line: line, column: column) }
                values += known.1
                if values > limit { throw Problem(message: "expands to more than \(limit) values", line: line, column: column) }
                return known
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                values += 1
                result = (.scalar(text, line: line, column: column), 1)
                anchor = scalar.anchor
            case YAML_SEQUENCE_START_EVENT:
                anchor = event.data.sequence_start.anchor
                var items: [LightNode] = []
                var size = 1
                values += 1
                while true {
                    var child = try next(&parser)
                    defer { yaml_event_delete(&child) }
                    if child.type == YAML_SEQUENCE_END_EVENT { break }
                    let (item, itemSize) = try node(child, &parser, depth: depth + 1)
                    items.append(item)
                    size += itemSize
                }
                result = (.sequence(items, line: line, column: column), size)
            case YAML_MAPPING_START_EVENT:
                anchor = event.data.mapping_start.anchor
                var pairs: [(LightNode, LightNode)] = []
                var keys: Set<String> = []
                var size = 1
                values += 1
                while true {
                    var keyEvent = try next(&parser)
                    defer { yaml_event_delete(&keyEvent) }
                    if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                    let (key, keySize) = try node(keyEvent, &parser, depth: depth + 1)
                    guard case .scalar(let text, let keyLine, let keyColumn) = key else {
                        throw Problem(message: "keys must be plain text", line: line, column: column)
                    }
                    if !keys.insert(text).inserted {
                        throw Problem(message: "key '\(text)' appears more than once", line: keyLine, column: keyColumn)
                    }
                    var valueEvent = try next(&parser)
                    defer { yaml_event_delete(&valueEvent) }
                    let (value, valueSize) = try node(valueEvent, &parser, depth: depth + 1)
                    pairs.append((key, value))
                    size += keySize + valueSize
                }
                result = (.mapping(pairs, line: line, column: column), size)
            default:
                throw Problem(message: "unexpected event", line: line, column: column)
            }
            if values > limit { throw Problem(message: "expands to more than \(limit) values", line: line, column: column) }
            if let anchor { anchors[String(cString: anchor)] = result }
            return result
        }
    }
}

/// Time the event composer on every file of a folder (read into memory first).
func composeFolder(_ folder: String, runs: Int) {
    let files = Library.yamlFiles(under: [folder])
    let contents = files.map { [UInt8](FileManager.default.contents(atPath: $0) ?? Data()) }
    let clock = ContinuousClock()
    var times: [Double] = []
    var failures = 0
    for _ in 0..<runs {
        failures = 0
        let start = clock.now
        for bytes in contents {
            do { _ = try EventComposer().compose(bytes) } catch { failures += 1 }
        }
        times.append(ms(start.duration(to: clock.now)))
    }
    emit("files", files.count)
    emit("failures", failures)
    emit("compose_ms", median(times))
    emit("per_file_us", median(times) * 1000 / Double(max(1, files.count)))
}
