import Foundation

/// What a contribution means while a thumbs vote is open (see ``ThumbsVote``).
///
/// A device's `up`, `sideways` or `down` is its participant's thumb. On the keyboard,
/// `Ana: up` is Ana's (the name matched as `/speaker` matches it: exact, a unique start, or
/// a number), a bare `up` is one more hand, and a tally (`up 3 side 1 down 2`, `3 up 2 down`,
/// or three numbers `3 1 2` for up, sideways, down) counts the hands in the room that vote
/// by no name. Anything else is no ballot: it goes to the step as usual.
enum ThumbBallot: Equatable {
    case thumb(voter: String?, Thumb)
    case tally(ThumbCount)
    /// A ballot naming nobody in the room: refused, with what to type instead.
    case refused(String)

    /// The most hands one tally may count.
    static let tallyLimit = 1_000

    static func parse(_ contribution: Contribution, names: [String]) -> ThumbBallot? {
        let text = contribution.text.trimmingCharacters(in: .whitespaces)
        if case .device(let name) = contribution.source {
            return Thumb(word: text).map { .thumb(voter: name, $0) }
        }
        if let thumb = Thumb(word: text) { return .thumb(voter: nil, thumb) }
        if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon].trimmingCharacters(in: .whitespaces)
            guard let thumb = Thumb(word: String(text[text.index(after: colon)...])), !name.isEmpty else { return nil }
            guard let voter = RunnerMachine.participant(named: name, in: names) else {
                return .refused("No participant '\(String(name.prefix(40)).neutralized())' to vote; sign a thumb with a name "
                                + "(or its start, or its number): \(names.joined(separator: ", ")).")
            }
            return .thumb(voter: voter, thumb)
        }
        return tally(text).map { .tally($0) }
    }

    /// `up 3 side 1 down 2`, `3 up 1 down`, or `3 1 2`; nil when the line is anything else.
    private static func tally(_ text: String) -> ThumbCount? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard !words.isEmpty, words.count <= 6 else { return nil }
        let numbers = words.compactMap { Int($0) }
        if numbers.count == 3, words.count == 3 {
            guard numbers.allSatisfy({ (0...tallyLimit).contains($0) }) else { return nil }
            return ThumbCount(up: numbers[0], sideways: numbers[1], down: numbers[2])
        }
        guard words.count % 2 == 0 else { return nil }
        var count = ThumbCount()
        var seen: Set<Thumb> = []
        for index in stride(from: 0, to: words.count, by: 2) {
            let (first, second) = (words[index], words[index + 1])
            guard let (thumb, number) = Int(first).flatMap({ n in Thumb(word: second).map { ($0, n) } })
                    ?? Int(second).flatMap({ n in Thumb(word: first).map { ($0, n) } }),
                  (0...tallyLimit).contains(number), seen.insert(thumb).inserted else { return nil }
            count.add(thumb, count: number)
        }
        return count
    }
}
