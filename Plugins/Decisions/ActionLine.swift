import Foundation

/// An action typed on one line: `Book a room @Ana due:Friday`.
///
/// `@Name` names the owner (a participant, any case; names with spaces work too) and
/// `due:` starts the due date, which runs to the end of the line or to the `@owner`.
/// What is left is the action's text.
struct ActionLine: Equatable {
    var text: String
    /// The owner as the plan spells the name.
    var owner: String?
    /// What followed `@` when it named nobody in the room.
    var unknownOwner: String?
    var due: String?

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
        var owner: String?
        var unknownOwner: String?
        if let at = characters.indices.first(where: { characters[$0] == "@" && ($0 == 0 || characters[$0 - 1].isWhitespace) }) {
            let after = at + 1
            // The longest name first, so "Ana María" wins over "Ana".
            let match = names.sorted { $0.count > $1.count }.first { name in
                let end = after + name.count
                guard end <= characters.count, String(characters[after..<end]).lowercased() == name.lowercased() else { return false }
                return end == characters.count || characters[end].isWhitespace || ",.;:!".contains(characters[end])
            }
            if let match {
                owner = match
                characters.removeSubrange(at..<(after + match.count))
            } else {
                let word = characters[after...].prefix { !$0.isWhitespace }
                unknownOwner = "@" + String(word)
                characters.removeSubrange(at..<(after + word.count))
            }
        }
        let text = String(characters).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return ActionLine(text: text, owner: owner, unknownOwner: unknownOwner, due: due)
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
