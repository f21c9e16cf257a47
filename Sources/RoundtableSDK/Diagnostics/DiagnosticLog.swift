/// Collects diagnostics while a file is checked, so that all problems are reported at once.
public struct DiagnosticLog: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    public mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    public mutating func error(
        _ code: Diagnostic.Code, _ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = [],
        hint: String? = nil
    ) {
        diagnostics.append(.error(code, message, at: location, notes: notes, hint: hint))
    }

    public mutating func warning(
        _ code: Diagnostic.Code, _ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = [],
        hint: String? = nil
    ) {
        diagnostics.append(.warning(code, message, at: location, notes: notes, hint: hint))
    }

    /// An error without a code, kept for source compatibility.
    public mutating func error(
        _ message: String, at location: SourceLocation?, notes: [Diagnostic.Note] = [], hint: String? = nil
    ) {
        diagnostics.append(.error(message, at: location, notes: notes, hint: hint))
    }

    /// A warning without a code, kept for source compatibility.
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
