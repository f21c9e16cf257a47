import Foundation

/// Items ordered by a total, highest first, with shared places for ties.
///
/// Places follow competition ranking: two items tied for second are both "2." and the
/// next one is "4.". Equal totals keep the order the items were listed in, so a ranking
/// is the same every time it is computed from the same votes.
///
/// The one ranking of Roundtable: handlers rank what the room sees with it and the report
/// ranks its tables with it, so a tie reads in the same order on the screen and on paper.
///
/// ```swift
/// let ranking = Ranking([("Pairing Fridays", 4), ("Shorter standups", 5), ("Demo days", 4)])
/// ranking.entries.map(\.place)   // [1, 2, 2]: Shorter standups, then the tie in listing order
/// ```
public struct Ranking: Sendable {
    /// One ranked item.
    public struct Entry: Sendable, Equatable {
        public var text: String
        public var value: Double
        /// 1-based place; tied entries share it.
        public var place: Int

        public init(text: String, value: Double, place: Int) {
            self.text = text
            self.value = value
            self.place = place
        }
    }

    /// How an item's points or scores make the value it is ranked by.
    public enum Method: String, Sendable, CaseIterable {
        case sum, mean

        /// The value of these points by this method (0 for none).
        public func value(of points: [Double]) -> Double {
            let sum = points.reduce(0, +)
            guard self == .mean else { return sum }
            return points.isEmpty ? 0 : sum / Double(points.count)
        }
    }

    /// The entries, best first.
    public let entries: [Entry]

    /// Ranks items by value, highest first; equal values keep the order of `totals`.
    ///
    /// - Parameter totals: Every item with its value, in the order the items were listed.
    public init(_ totals: [(text: String, value: Double)]) {
        let sorted = totals.enumerated().sorted { lhs, rhs in
            Self.same(lhs.element.value, rhs.element.value) ? lhs.offset < rhs.offset : lhs.element.value > rhs.element.value
        }.map(\.element)
        var entries: [Entry] = []
        for (index, item) in sorted.enumerated() {
            let place = entries.last.map { Self.same($0.value, item.value) ? $0.place : index + 1 } ?? 1
            entries.append(Entry(text: item.text, value: item.value, place: place))
        }
        self.entries = entries
    }

    /// The first `count` entries, plus those tied with the last of them (nil: all).
    ///
    /// Cutting a tie in two would pick a winner the room did not pick.
    public func top(_ count: Int?, of entries: [Entry]? = nil) -> [Entry] {
        let entries = entries ?? self.entries
        guard let count, count < entries.count else { return entries }
        guard count > 0 else { return [] }
        let cut = entries[count - 1].value
        return Array(entries.prefix(count)) + entries.dropFirst(count).prefix { Self.same($0.value, cut) }
    }

    /// Runs of two or more entries with the same total, in ranking order.
    public static func ties(in entries: [Entry]) -> [[Entry]] {
        var groups: [[Entry]] = []
        for entry in entries {
            if let last = groups.last?.last, same(last.value, entry.value) {
                groups[groups.count - 1].append(entry)
            } else {
                groups.append([entry])
            }
        }
        return groups.filter { $0.count > 1 }
    }

    /// "A", "A and B", "A, B and C".
    public static func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }

    /// A total as the room reads it: `4`, `4.5`, `4.33`.
    public static func format(_ value: Double) -> String {
        if same(value, value.rounded()) { return String(Int(value.rounded())) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// Means of the same votes can differ in the last bit depending on the order they were added.
    public static func same(_ lhs: Double, _ rhs: Double) -> Bool { abs(lhs - rhs) < 1e-9 }
}
