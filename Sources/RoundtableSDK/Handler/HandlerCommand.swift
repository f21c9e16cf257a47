/// A slash command of a handler's own, typed while its step runs (`/in Ana` in a fishbowl).
///
/// The session's commands (`/next`, `/pause`, …) come first; a word that is none of them
/// and that the running step's handler declares reaches the handler as an ordinary line,
/// as typed (`/in Ana`), journaled like any other. `/help` lists the step's commands.
///
/// ```swift
/// public static let commands = [HandlerCommand("in", help: "/in NAME      NAME steps into the circle")]
/// ```
public struct HandlerCommand: Sendable, Hashable {
    /// The word after the slash, lowercase.
    public var word: String
    /// The line `/help` shows for it.
    public var help: String

    public init(_ word: String, help: String) {
        self.word = word.lowercased()
        self.help = help
    }
}
