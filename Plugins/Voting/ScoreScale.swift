import Foundation

/// The range of whole numbers a score may take, written `1-5` or `0-10` in YAML.
struct ScoreScale: Equatable, CustomStringConvertible {
    var lowest: Int
    var highest: Int

    /// A scale written as text; nil unless it is `low-high` with whole numbers, low < high ≤ 100.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let low = Int(parts[0]), let high = Int(parts[1]), low < high, high <= 100 else { return nil }
        lowest = low
        highest = high
    }

    var description: String { "\(lowest)-\(highest)" }

    func contains(_ value: Int) -> Bool { (lowest...highest).contains(value) }

    /// One score per item, in order, separated by spaces or commas; or why not.
    func read(_ text: String, count: Int) -> Result<[Int], ScoreError> {
        let words = text.split { $0 == "," || $0 == ";" || $0.isWhitespace }
        var scores: [Int] = []
        for word in words {
            guard word.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(word) else {
                return .failure(ScoreError("'\(word.shortened(to: 12))' is not a whole number from \(self)."))
            }
            guard contains(value) else { return .failure(ScoreError("\(word.shortened(to: 12)) is outside \(self).")) }
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

}
