import Foundation

/// The range of whole numbers a score may take, written `1-5` or `0-10` in YAML, with
/// optional words for its points (`0` = waste of time … `4` = excellent).
struct ScoreScale: Equatable, CustomStringConvertible {
    var lowest: Int
    var highest: Int
    /// Words for some or all points; a point without one is shown as its number.
    var labels: [Int: String] = [:]

    /// What a typed or sent word abstains with on one item, beside a whole line's `pass`.
    static let abstainWords: Set<String> = ["-", "–", "abstain", "pass"]

    /// A scale written as text; nil unless it is `low-high` with whole numbers, low < high ≤ 100.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let low = Int(parts[0]), let high = Int(parts[1]), low < high, high <= 100 else { return nil }
        lowest = low
        highest = high
    }

    var description: String { "\(lowest)-\(highest)" }

    var points: [Int] { Array(lowest...highest) }

    func contains(_ value: Int) -> Bool { (lowest...highest).contains(value) }

    /// A point with its word: `4 · excellent`, or `4` when it has none.
    func shown(_ point: Int) -> String {
        labels[point].map { "\(point) · \($0)" } ?? String(point)
    }

    /// The words of the scale for the screen, e.g. `0 = waste of time · 4 = excellent`; nil without labels.
    var legend: String? {
        guard !labels.isEmpty else { return nil }
        return points.compactMap { point in labels[point].map { "\(point) = \($0)" } }.joined(separator: " · ")
    }

    /// The points a device offers, then `-` to abstain, with what it shows for each.
    func entryOptions(abstain: Bool) -> (options: [String], labels: [String]?) {
        var options = points.map(String.init)
        var shownLabels = points.map(shown)
        if abstain {
            options.append("-")
            shownLabels.append("abstain")
        }
        return (options, labels.isEmpty && !abstain ? nil : shownLabels)
    }

    /// One score per item, in order, separated by spaces or commas; or why not.
    func read(_ text: String, count: Int) -> Result<[Int], ScoreError> {
        switch read(text, count: count, abstaining: false) {
        case .success(let scores): return .success(scores.map { $0! })
        case .failure(let problem): return .failure(problem)
        }
    }

    /// One score per item, in order; `-` (or `abstain`) abstains on that item, shown as nil.
    ///
    /// With `abstaining` false an abstention is refused like any word. A single item also
    /// takes a point's label (`excellent`).
    func read(_ text: String, count: Int, abstaining: Bool) -> Result<[Int?], ScoreError> {
        let typed = text.trimmingCharacters(in: .whitespaces)
        if count == 1, let point = labels.first(where: { $0.value.lowercased() == typed.lowercased() })?.key {
            return .success([point])
        }
        let words = typed.split { $0 == "," || $0 == ";" || $0.isWhitespace }
        var scores: [Int?] = []
        for word in words {
            if abstaining && Self.abstainWords.contains(word.lowercased()) {
                scores.append(nil)
                continue
            }
            guard word.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(word) else {
                let abstain = abstaining ? ", or - to abstain" : ""
                return .failure(ScoreError("'\(word.shortened(to: 12))' is not a whole number from \(self)\(abstain)."))
            }
            guard contains(value) else {
                let range = labels.isEmpty ? "\(self)" : "from \(shown(lowest)) to \(shown(highest))"
                return .failure(ScoreError("\(word.shortened(to: 12)) is outside the scale \(range)."))
            }
            scores.append(value)
        }
        guard scores.count == count else {
            return .failure(ScoreError("Give \(count) \(count == 1 ? "score" : "scores"), one per item in order (got \(scores.count))."))
        }
        return .success(scores)
    }

    struct ScoreError: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    /// The median of whole scores, halfway between the middle two when their count is even.
    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }
}
