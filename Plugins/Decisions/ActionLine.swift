import Foundation

/// An action typed on one line: `Book a room @Ana due:Friday`, or `… @Ben @Chen` for two owners.
///
/// `@Name` names an owner (a participant, any case; names with spaces work too; several
/// `@Name`s name several owners, each once) and `due:` starts the due date, which runs to
/// the end of the line or to the next `@owner`. What is left is the action's text.
struct ActionLine: Equatable {
    var text: String
    /// The owners as the plan spells their names, in the order named.
    var owners: [String] = []
    /// What followed `@` when it named nobody in the room (the first such word).
    var unknownOwner: String?
    var due: String?

    /// The first owner, or nil for none; setting it makes it the only owner.
    var owner: String? {
        get { owners.first }
        set { owners = newValue.map { [$0] } ?? [] }
    }

    init(text: String, owners: [String] = [], unknownOwner: String? = nil, due: String? = nil) {
        self.text = text
        self.owners = owners
        self.unknownOwner = unknownOwner
        self.due = due
    }

    init(text: String, owner: String?, unknownOwner: String? = nil, due: String? = nil) {
        self.init(text: text, owners: owner.map { [$0] } ?? [], unknownOwner: unknownOwner, due: due)
    }

    static func read(_ line: String, names: [String]) -> ActionLine {
        var characters = Array(line)
        var due: String?
        if let start = wordStart(of: "due:", in: characters) {
            let from = start + 4
            let stop = (from..<characters.count).first { characters[$0] == "@" && characters[$0 - 1].isWhitespace } ?? characters.count
            let text = String(characters[from..<stop]).trimmingCharacters(in: .whitespaces)
            due = text.isEmpty ? nil : text
            characters.removeSubrange(start..<stop)
        }
        var owners: [String] = []
        var unknownOwner: String?
        var searchFrom = 0
        while let at = characters.indices.dropFirst(searchFrom).first(where: {
            characters[$0] == "@" && ($0 == 0 || characters[$0 - 1].isWhitespace)
        }) {
            let after = at + 1
            // The longest name first, so "Ana María" wins over "Ana".
            let match = names.sorted { $0.count > $1.count }.first { name in
                let end = after + name.count
                guard end <= characters.count, String(characters[after..<end]).lowercased() == name.lowercased() else { return false }
                return end == characters.count || characters[end].isWhitespace || ",.;:!".contains(characters[end])
            }
            if let match {
                if !owners.contains(match) { owners.append(match) }
                characters.removeSubrange(at..<(after + match.count))
            } else {
                let word = characters[after...].prefix { !$0.isWhitespace }
                if unknownOwner == nil { unknownOwner = "@" + String(word) }
                characters.removeSubrange(at..<(after + word.count))
            }
            searchFrom = at
        }
        // "… @Ben, @Chen" or "… @Ben and @Chen" at the end leave a stray separator behind the text.
        var words = String(characters).split(whereSeparator: \.isWhitespace).map(String.init)
        while owners.count > 1, let last = words.last, [",", "and", "&", "+"].contains(last.lowercased()) { words.removeLast() }
        let text = words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ", "))
        return ActionLine(text: text, owners: owners, unknownOwner: unknownOwner, due: due)
    }

    /// Where `needle` (lowercase) starts a word in `characters`, in any case.
    private static func wordStart(of needle: String, in characters: [Character]) -> Int? {
        let length = needle.count
        guard characters.count >= length else { return nil }
        return (0...(characters.count - length)).first { index in
            (index == 0 || characters[index - 1].isWhitespace)
                && String(characters[index..<(index + length)]).lowercased() == needle
        }
    }
}
