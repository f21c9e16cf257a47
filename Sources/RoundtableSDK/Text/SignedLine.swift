import Foundation

/// A typed line split into an optional author and its text: `Ana: idea` is Ana's idea.
///
/// One terminal serves the whole room, so handlers let the typist sign a line with a
/// participant's name. The author is the participant whose name (case-insensitive) is
/// everything before the first colon; a line whose head names nobody is all text, so
/// `Note: ship it` stays whole unless someone is called Note.
///
/// ```swift
/// let signed = step.signed(line)   // a device's line keeps its participant as author
/// step.record(.idea(signed.text, by: signed.author ?? step.segment.speaker))
/// ```
public struct SignedLine: Sendable, Hashable {
    public var author: String?
    public var text: String

    public init(_ line: String, names: [String]) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let colon = trimmed.firstIndex(of: ":") {
            let head = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            if let name = names.first(where: { $0.lowercased() == head }) {
                author = name
                text = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                return
            }
        }
        author = nil
        text = trimmed
    }

    /// A line whose author is already known, e.g. from the device that sent it.
    public init(author: String?, text: String) {
        self.author = author
        self.text = text
    }

    /// The text folded for comparing ideas: case and runs of spaces do not make a new idea.
    public static func key(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

