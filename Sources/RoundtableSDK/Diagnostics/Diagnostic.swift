/// A problem found while loading or checking exercises, with where it is and what to do.
///
/// The library never prints: it hands diagnostics to its caller, which decides how to
/// show them. `description` renders the compiler-style form
/// `file:line:column: error: message` followed by indented notes and a hint.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
        /// Information that needs no action, e.g. an id that one library folder overrides in another.
        case note
    }

    /// Extra information attached to a diagnostic, optionally pointing elsewhere.
    public struct Note: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation?

        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]
    /// What to do about it, in one sentence.
    public var hint: String?

    public init(
        _ severity: Severity = .error, _ message: String, at location: SourceLocation?,
        notes: [Note] = [], hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
        self.hint = hint
    }

    public static func error(
        _ message: String, at location: SourceLocation?, notes: [Note] = [], hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes, hint: hint)
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message)"
        for note in notes {
            text += "\n"
            if let location = note.location { text += "\(location): " } else { text += "    " }
            text += "note: \(note.message)"
        }
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

