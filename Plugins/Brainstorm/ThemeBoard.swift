import Foundation
import RoundtableSDK

/// The decisions of a clustering, apart from the room: numbered ideas, named themes, and
/// the typed commands that move ideas between them.
///
/// Ideas keep the number they were shown with (1-based) whatever theme they are in, so a
/// list on the projector stays valid while the room works.
struct ThemeBoard {
    struct Idea: Hashable {
        var text: String
        var author: String?
    }

    /// What a typed command leads to.
    enum Reply: Equatable {
        /// Tell the room (a confirmation, a listing or why the line was rejected).
        case say(String)
        /// Nothing to do (a blank line).
        case quiet
        /// The room is done clustering.
        case done
    }

    static let commands = "Commands: theme NAME: 1 4 7 · move 3 to NAME · rename OLD to NEW · list · done"

    let ideas: [Idea]
    /// Where ideas left out of every theme go.
    let unassigned: String
    private(set) var themes: [String]
    /// The theme index of each idea, nil while unassigned.
    private(set) var placement: [Int?]

    init(ideas: [Idea], themes: [String] = [], unassigned: String = "Other") {
        self.ideas = ideas
        self.themes = themes
        self.unassigned = unassigned
        placement = Array(repeating: nil, count: ideas.count)
    }

    /// The board as the room sees it: a column per theme, then the unassigned ideas, each card numbered.
    var columns: [StepView.Column] {
        let card = { (index: Int) in StepView.Card("\(index + 1). \(ideas[index].text)", by: ideas[index].author) }
        return themes.indices.map { theme in StepView.Column(themes[theme], cards: ideas.indices.filter { placement[$0] == theme }.map(card)) }
            + [StepView.Column(unassigned, cards: ideas.indices.filter { placement[$0] == nil }.map(card))]
    }

    /// Every theme with its ideas, then the unassigned ones.
    var listing: String {
        var lines: [String] = []
        for (index, theme) in themes.enumerated() {
            let members = ideas.indices.filter { placement[$0] == index }
            lines.append("\(theme) (\(members.count))")
            lines += members.map { "  \($0 + 1). \(ideas[$0].text)" }
        }
        let loose = ideas.indices.filter { placement[$0] == nil }
        lines.append("\(unassigned), not in a theme (\(loose.count))")
        lines += loose.map { "  \($0 + 1). \(ideas[$0].text)" }
        return lines.joined(separator: "\n")
    }

    /// Each idea with its category: themes in the order they were made, then the
    /// unassigned ideas under ``unassigned``.
    var result: [(idea: Idea, category: String)] {
        var out: [(Idea, String)] = []
        for (index, theme) in themes.enumerated() {
            out += ideas.indices.filter { placement[$0] == index }.map { (ideas[$0], theme) }
        }
        out += ideas.indices.filter { placement[$0] == nil }.map { (ideas[$0], unassigned) }
        return out
    }

    /// One line for the end: the themes with their sizes.
    var summary: String {
        let sizes = themes.indices.map { index in (themes[index], placement.filter { $0 == index }.count) }
        let kept = sizes.filter { $0.1 > 0 }
        let loose = placement.filter { $0 == nil }.count
        var text = kept.isEmpty ? "No themes" : "\(kept.count) \(kept.count == 1 ? "theme" : "themes"): "
            + kept.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
        if loose > 0 { text += "; \(loose) \(loose == 1 ? "idea" : "ideas") under \(unassigned)" }
        let empty = sizes.filter { $0.1 == 0 }.map(\.0)
        if !empty.isEmpty { text += "; empty, not kept: " + empty.joined(separator: ", ") }
        return text + "."
    }

    // MARK: Commands

    mutating func apply(_ line: String) -> Reply {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .quiet }
        let (word, rest) = Self.firstWord(of: trimmed)
        switch word.lowercased() {
        case "done": return rest.isEmpty ? .done : .say("Type just `done` to finish clustering.")
        case "list": return .say(listing)
        case "help", "?": return .say(Self.commands)
        case "theme": return .say(theme(rest))
        case "move": return .say(move(rest))
        case "rename": return .say(rename(rest))
        default: return .say("Not a command. \(Self.commands)")
        }
    }

    /// `theme NAME: 1 4 7` makes a theme (or adds to one) and puts the ideas in it.
    private mutating func theme(_ rest: String) -> String {
        let name: String, numbers: String
        if let colon = rest.firstIndex(of: ":") {
            name = rest[..<colon].trimmingCharacters(in: .whitespaces).neutralized()
            numbers = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        } else {
            name = rest.neutralized()
            numbers = ""
        }
        if let problem = problem(withName: name, renaming: nil) { return problem }
        let picked: [Int]
        do { picked = try parse(numbers) } catch { return error.message }
        let index: Int
        if let existing = themeIndex(name) {
            index = existing
        } else {
            themes.append(name)
            index = themes.count - 1
        }
        return place(picked, in: index)
    }

    /// `move 3 5 to NAME`; moving to the unassigned name takes ideas out of their theme.
    private mutating func move(_ rest: String) -> String {
        guard let split = rest.range(of: " to ", options: .caseInsensitive) else {
            return "Write it as: move 3 5 to NAME"
        }
        let name = rest[split.upperBound...].trimmingCharacters(in: .whitespaces)
        let picked: [Int]
        do { picked = try parse(String(rest[..<split.lowerBound])) } catch { return error.message }
        guard !picked.isEmpty else { return "Which ideas? e.g. move 3 5 to \(name.isEmpty ? "NAME" : name)" }
        if name.lowercased() == unassigned.lowercased() {
            for number in picked { placement[number] = nil }
            return "\(Self.numbers(picked)) back under \(unassigned)."
        }
        guard let index = themeIndex(name) else { return unknownTheme(name) }
        return place(picked, in: index)
    }

    /// `rename OLD to NEW`; the split is at the " to " that follows a theme's name.
    private mutating func rename(_ rest: String) -> String {
        var searchStart = rest.startIndex
        var firstOld: String?
        while let split = rest.range(of: " to ", options: .caseInsensitive, range: searchStart..<rest.endIndex) {
            let old = rest[..<split.lowerBound].trimmingCharacters(in: .whitespaces)
            let new = rest[split.upperBound...].trimmingCharacters(in: .whitespaces).neutralized()
            firstOld = firstOld ?? old
            if let index = themeIndex(old) {
                if let problem = problem(withName: new, renaming: index) { return problem }
                themes[index] = new
                return "Renamed \(old) to \(new)."
            }
            searchStart = split.upperBound
        }
        guard let firstOld else { return "Write it as: rename OLD to NEW" }
        return unknownTheme(firstOld)
    }

    // MARK: Helpers

    private mutating func place(_ picked: [Int], in index: Int) -> String {
        var moved: [String: [Int]] = [:]
        for number in picked {
            if let from = placement[number], from != index { moved[themes[from], default: []].append(number) }
            placement[number] = index
        }
        let members = ideas.indices.filter { placement[$0] == index }
        var text = "\(themes[index]) (\(members.count)): " + (members.isEmpty ? "no ideas yet" : Self.numbers(members))
        let notes = moved.keys.sorted().map { "\(Self.numbers(moved[$0]!)) left \($0)" }
        if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
        return text + "."
    }

    private func themeIndex(_ name: String) -> Int? {
        themes.firstIndex { $0.lowercased() == name.lowercased() }
    }

    private func problem(withName name: String, renaming index: Int?) -> String? {
        if name.isEmpty { return "Name the theme, e.g. theme Onboarding: 1 4 7" }
        if name.contains(":") { return "A theme name cannot contain ':'." }
        if name.lowercased() == unassigned.lowercased() {
            return "\(unassigned) holds the ideas in no theme; pick another name."
        }
        if let index, let other = themeIndex(name), other != index { return "There is a theme \(themes[other]) already." }
        return nil
    }

    private func unknownTheme(_ name: String) -> String {
        var text = "No theme '\(name)'."
        if let suggestion = Suggestion.closest(to: name, in: themes) { text += " Did you mean \(suggestion)?" }
        text += themes.isEmpty ? " Make one with: theme NAME: 1 4 7" : " Themes: \(themes.joined(separator: ", "))."
        return text
    }

    /// Idea numbers typed as `1 4 7`, `1, 4, 7` or `2-5`, checked against the list; 0-based.
    private func parse(_ text: String) throws(ParseFailure) -> [Int] {
        var picked: [Int] = []
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        for token in tokens {
            let bounds = token.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil, low <= high else {
                throw ParseFailure("'\(token)' is not an idea number; type numbers like 1 4 7 or 2-5.")
            }
            for number in [low, high] where !ideas.indices.contains(number - 1) {
                throw ParseFailure("No idea \(number): the ideas are numbered 1 to \(ideas.count).")
            }
            for number in low...high where !picked.contains(number - 1) { picked.append(number - 1) }
        }
        return picked
    }

    struct ParseFailure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    private static func numbers(_ indices: [Int]) -> String {
        indices.sorted().map { String($0 + 1) }.joined(separator: ", ")
    }

    private static func firstWord(of text: String) -> (String, String) {
        guard let space = text.firstIndex(of: " ") else { return (text, "") }
        return (String(text[..<space]), text[space...].trimmingCharacters(in: .whitespaces))
    }
}
