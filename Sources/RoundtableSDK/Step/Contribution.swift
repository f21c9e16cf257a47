/// One input from the room: a line typed on the facilitator's keyboard, or a card, a
/// ballot or a note sent from a participant's device.
///
/// Every contribution is journaled (and synced to disk) before anything acts on it. The
/// session machine decides which step and which turn it belongs to, and hands it to the
/// step's handler when the handler waits for input. A handler does not need to know the
/// source: the same code reads "Ana: 1 1 3" typed on the keyboard and the ballot Ana's
/// phone sends.
public struct Contribution: Sendable, Hashable, Codable {
    /// Where a contribution came from.
    public enum Source: Sendable, Hashable, Codable {
        /// The shared keyboard (the facilitator's terminal, a script given with `--input`).
        case keyboard
        /// The device of a participant who joined the session, by the participant's name.
        case device(String)
    }

    /// Where it came from.
    public var source: Source
    /// Who it is from, when the source says so (a device); nil for a keyboard line, whose
    /// author the handler works out ("Ana: …", or the person whose turn it is).
    public var author: String?
    /// The text as typed or sent, without a newline (not trimmed).
    public var text: String

    /// A contribution.
    ///
    /// - Parameters:
    ///   - text: The text as typed or sent.
    ///   - source: Where it came from; the keyboard by default.
    ///   - author: Who it is from, when known; a device's participant by default.
    public init(_ text: String, source: Source = .keyboard, author: String? = nil) {
        self.text = text
        self.source = source
        if let author {
            self.author = author
        } else if case .device(let name) = source {
            self.author = name
        } else {
            self.author = nil
        }
    }

    /// The longest text kept from one contribution, in bytes of UTF-8; longer text is cut
    /// when it arrives, so one pasted file cannot fill a screen, a journal or a report.
    public static let maximumLength = 4_096
}
