import Foundation
import RoundtableSDK

/// One voter's typed dots, read and checked against the items and the budget.
///
/// A ballot names items by number or by text: `1 1 3`, `1,3,3`, `Pairing Fridays`,
/// `pairing, 3`. A number repeated puts more dots on that item. When some item is itself a
/// number (cards `1 2 3 5 8`), numbers name items by their text and `#2` by position. Text matches an item
/// exactly or by a prefix that fits only one item (case does not matter). An empty line,
/// `pass` or `abstain` is an abstention.
enum DotBallot: Equatable {
    case abstain
    /// Dots per item index, only items that got at least one.
    case dots([Int: Int])
    /// Why the ballot cannot be counted, in one sentence for the room.
    case invalid(String)

    /// Reads `text` as a ballot over `items`.
    ///
    /// - Parameters:
    ///   - budget: dots per person.
    ///   - cap: most dots one item may get from one person.
    ///   - secret: the messages do not repeat what was typed (it was typed hidden).
    static func read(_ text: String, items: [String], budget: Int, cap: Int, secret: Bool) -> DotBallot {
        let typed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if typed.isEmpty { return .abstain }
        // A whole line that is an item's text wins, so items with commas in them can be named.
        if let exact = items.firstIndex(where: { $0.lowercased() == typed.lowercased() }) { return .dots([exact: 1]) }
        if Artifact.isPass(typed) { return .abstain }

        // Items that are numbers themselves (cards 1, 2, 3, 5, 8) are named by their text: "8"
        // is the item 8, never the eighth item; `#2` is the second item whatever the items.
        let positional = StepContext.numbersArePositions(items)
        var picks: [Int] = []
        for part in typed.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let part = part.trimmingCharacters(in: .whitespaces)
            guard !part.isEmpty else { continue }
            let words = part.split(whereSeparator: \.isWhitespace)
            if words.allSatisfy({ isNumeral($0) || ($0.first == "#" && isNumeral($0.dropFirst())) }) {
                for word in words {
                    if word.first == "#" || positional {
                        let digits = word.first == "#" ? word.dropFirst() : word
                        guard let number = Int(digits), items.indices.contains(number - 1) else {
                            return .invalid("There is no item \(word.shortened()); items are 1 to \(items.count).")
                        }
                        picks.append(number - 1)
                    } else {
                        guard let index = items.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == word }) else {
                            return .invalid("There is no item \(word.shortened()); type the items as written (they are numbers), or #2 for the second.")
                        }
                        picks.append(index)
                    }
                }
                continue
            }
            switch match(part, in: items) {
            case .found(let index)?:
                picks.append(index)
            case .ambiguous?:
                return .invalid(secret ? "A text fits several items; use item numbers." : "'\(part.shortened())' fits several items; use its number.")
            case nil:
                return .invalid(secret ? "Use item numbers, e.g. 1 1 3." : "'\(part.shortened())' is not an item number or an item's text.")
            }
        }
        guard !picks.isEmpty else { return .invalid("Type item numbers, e.g. 1 1 3, or an empty line to abstain.") }
        if picks.count > budget {
            return .invalid("That is \(picks.count) dots; you have \(budget).")
        }
        var dots: [Int: Int] = [:]
        for index in picks { dots[index, default: 0] += 1 }
        if let over = dots.filter({ $0.value > cap }).min(by: { $0.key < $1.key }) {
            let which = secret ? "" : " (\(over.value) on item \(over.key + 1))"
            return .invalid("At most \(cap) \(cap == 1 ? "dot" : "dots") per item\(which).")
        }
        return .dots(dots)
    }

    enum Match: Equatable {
        case found(Int)
        case ambiguous
    }

    /// The item `text` names: exact text first, then a prefix that fits one item only.
    static func match(_ text: String, in items: [String]) -> Match? {
        let typed = text.lowercased()
        if let exact = items.firstIndex(where: { $0.lowercased() == typed }) { return .found(exact) }
        let prefixed = items.indices.filter { items[$0].lowercased().hasPrefix(typed) }
        switch prefixed.count {
        case 0: return nil
        case 1: return .found(prefixed[0])
        default: return .ambiguous
        }
    }

    private static func isNumeral(_ word: Substring) -> Bool {
        !word.isEmpty && word.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Typed text quoted back to the room, cut so a pasted paragraph cannot flood the screen.
}
