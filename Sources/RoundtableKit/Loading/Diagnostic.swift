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

/// Loading failed; `diagnostics` holds every problem found, in file order.
public struct LoadError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a file is checked, so that all problems are reported at once.
public struct DiagnosticLog: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    public mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    public mutating func error(
        _ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = [], hint: String? = nil
    ) {
        diagnostics.append(.error(message, at: location, notes: notes, hint: hint))
    }

    public mutating func warning(_ message: String, at location: SourceLocation?, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, message, at: location, hint: hint))
    }

    /// Diagnostics sorted by file, line and column (stable for equal places).
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let l = lhs.element.location, r = rhs.element.location
            if let l, let r, (l.file, l.line, l.column) != (r.file, r.line, r.column) {
                return (l.file, l.line, l.column) < (r.file, r.line, r.column)
            }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
