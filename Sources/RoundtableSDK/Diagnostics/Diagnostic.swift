/// A problem found while loading or checking exercises, with where it is and what to do.
///
/// The library never prints: it hands diagnostics to its caller, which decides how to
/// show them. `description` renders the compiler-style form
/// `file:line:column: error: message [RT101 unknown-key]` followed by indented notes and a
/// hint. Every diagnostic has a ``Code``; match on it rather than on the wording.
///
/// ```swift
/// log.error(.unknownKey, "unknown key 'tittle' in an exercise", at: key.location,
///           notes: [.init("did you mean 'title'?")])
/// ```
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
    /// What kind of problem it is, stable across versions.
    public var code: Code
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]
    /// What to do about it, in one sentence.
    public var hint: String?

    /// A diagnostic of `code`.
    ///
    /// - Parameters:
    ///   - severity: error, warning or note.
    ///   - code: The kind of problem; ``Code/unclassified`` only for callers not yet converted.
    ///   - message: What is wrong, quoting file content neutralized.
    ///   - location: Where; nil for problems of no file (command-line values).
    ///   - notes: More places or "did you mean".
    ///   - hint: What to do about it, in one sentence.
    public init(
        _ severity: Severity = .error, _ code: Code, _ message: String, at location: SourceLocation?,
        notes: [Note] = [], hint: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
        self.hint = hint
    }

    /// A diagnostic without a code, kept for source compatibility; prefer the coded form.
    public init(
        _ severity: Severity = .error, _ message: String, at location: SourceLocation?,
        notes: [Note] = [], hint: String? = nil
    ) {
        self.init(severity, .unclassified, message, at: location, notes: notes, hint: hint)
    }

    public static func error(
        _ code: Code, _ message: String, at location: SourceLocation?, notes: [Note] = [], hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, code, message, at: location, notes: notes, hint: hint)
    }

    public static func warning(
        _ code: Code, _ message: String, at location: SourceLocation?, notes: [Note] = [], hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location, notes: notes, hint: hint)
    }

    /// An error without a code, kept for source compatibility; prefer ``error(_:_:at:notes:hint:)``.
    public static func error(
        _ message: String, at location: SourceLocation?, notes: [Note] = [], hint: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, .unclassified, message, at: location, notes: notes, hint: hint)
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message)"
        if code != .unclassified { text += " [\(code)]" }
        for note in notes {
            text += "\n"
            if let location = note.location { text += "\(location): " } else { text += "    " }
            text += "note: \(note.message)"
        }
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

