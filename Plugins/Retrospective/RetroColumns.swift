import Foundation
import RoundtableSDK

/// The columns of a retro board and how a typed line finds its column.
///
/// A column is named by its full name or by any start of it that fits no other column,
/// ignoring case: with Start, Stop and Continue, `c:`, `co:`, `sta:` and `stop:` work, `s:`
/// does not. A full name always wins, so with Go and Good, `go:` is Go. A line may be signed
/// first, `Ana: start: pair on reviews`; a participant's name counts as a signature unless it
/// is also a column's full name.
struct RetroColumns {
    /// Ready-made boards by `preset:` name.
    static let presets: [(name: String, columns: [String])] = [
        ("start-stop-continue", ["Start", "Stop", "Continue"]),
        ("4ls", ["Loved", "Learned", "Lacked", "Longed for"]),
        ("sailboat", ["Wind", "Anchors", "Rocks", "Island"]),
        ("mad-sad-glad", ["Mad", "Sad", "Glad"]),
    ]

    /// What a typed line is.
    enum Parsed: Equatable {
        case entry(column: Int, author: String?, text: String)
        /// `next column` (columns mode).
        case nextColumn
        case blank
        case rejected(String)
    }

    enum Match: Equatable {
        case column(Int)
        case ambiguous([Int])
        case none
    }

    let names: [String]

    init(_ names: [String]) { self.names = names }

    /// The shortest start of each column's name that selects it (its full name if it is the
    /// start of another column's name).
    var shortcuts: [String] {
        names.indices.map { index in
            let name = Self.fold(names[index])
            for length in 1...max(1, name.count) {
                let prefix = String(name.prefix(length))
                if case .column(index) = match(prefix) { return prefix }
            }
            return name
        }
    }

    /// "Start (sta:) · Stop (sto:) · Continue (c:)".
    var legend: String {
        zip(names, shortcuts).map { "\($0) (\($1):)" }.joined(separator: " · ")
    }

    func match(_ head: String) -> Match {
        let typed = Self.fold(head)
        guard !typed.isEmpty else { return .none }
        if let exact = names.firstIndex(where: { Self.fold($0) == typed }) { return .column(exact) }
        let candidates = names.indices.filter { Self.fold(names[$0]).hasPrefix(typed) }
        switch candidates.count {
        case 0: return .none
        case 1: return .column(candidates[0])
        default: return .ambiguous(candidates)
        }
    }

    /// Reads a line typed with a column prefix (`start: …`, `Ana: sto: …`).
    func parsePrefixed(_ line: String, people: [String]) -> Parsed {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .blank }
        if Self.fold(trimmed) == "next column" {
            return .rejected("\"next column\" works with `mode: columns`; here each line starts with its column, e.g. \(shortcuts[0]): …")
        }
        var (head, rest) = Self.split(trimmed)
        var author: String?
        if let first = head, case .none = exactColumn(first), let person = Self.person(first, in: people) {
            author = person
            (head, rest) = Self.split(rest)
        }
        guard let head else {
            return .rejected("Start the line with its column, e.g. \(shortcuts[0]): your entry. Columns: \(legend).")
        }
        switch match(head) {
        case .column(let index):
            guard !rest.isEmpty else { return .rejected("Type the entry after the column: \(shortcuts[index]): your entry.") }
            return .entry(column: index, author: author, text: rest)
        case .ambiguous(let indices):
            let options = indices.map { "\(shortcuts[$0]): for \(names[$0])" }.joined(separator: ", ")
            return .rejected("'\(head):' could be \(Self.either(indices.map { names[$0] })); type \(options).")
        case .none:
            return .rejected("No column '\(head)'. Columns: \(legend).")
        }
    }

    /// Reads a line typed in columns mode: all of it is an entry for the current column.
    func parseInColumn(_ line: String, current: Int, people: [String]) -> Parsed {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .blank }
        if Self.fold(trimmed) == "next column" { return .nextColumn }
        let (head, rest) = Self.split(trimmed)
        if let head, let person = Self.person(head, in: people) {
            guard !rest.isEmpty else { return .rejected("Type the entry after the name: \(person): your entry.") }
            return .entry(column: current, author: person, text: rest)
        }
        return .entry(column: current, author: nil, text: trimmed)
    }

    private func exactColumn(_ head: String) -> Match {
        names.firstIndex { Self.fold($0) == Self.fold(head) }.map { .column($0) } ?? .none
    }

    /// Lowercased, with runs of spaces as one: how names and prefixes are compared.
    static func fold(_ text: String) -> String { SignedLine.key(text) }

    private static func person(_ head: String, in people: [String]) -> String? {
        people.first { fold($0) == fold(head) }
    }

    /// "head: rest" → (head, rest); a line with no colon, or nothing before it, has no head.
    private static func split(_ text: String) -> (String?, String) {
        guard let colon = text.firstIndex(of: ":") else { return (nil, text) }
        let head = text[..<colon].trimmingCharacters(in: .whitespaces)
        guard !head.isEmpty else { return (nil, text) }
        return (head, text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    private static func either(_ words: [String]) -> String {
        words.count <= 2 ? words.joined(separator: " or ") : words.dropLast().joined(separator: ", ") + " or " + words.last!
    }
}
