import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// Rehearses `yaml` with every built-in handler, Ana, Ben and Chen, and the typed `script`.
func rehearse(_ yaml: String, _ script: [String], people: [String] = ["Ana", "Ben", "Chen"]) async throws -> Rehearsed {
    try await Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: people).run(script)
}

/// The text without its `‸` marker, and the 1-based line and column the marker stood at.
func marked(_ text: String) throws -> (yaml: String, line: Int, column: Int) {
    let yaml = try MarkedYAML(text)
    return (yaml.text, yaml.line, yaml.column)
}

/// Loads marked YAML that must fail, and checks that a diagnostic with `message` points at the marker.
func expectError(_ text: String, containing message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let (yaml, line, column) = try marked(text)
    let error = try #require(throws: LoadError.self, sourceLocation: sourceLocation) {
        try Rehearsal(yaml: yaml, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben", "Chen"])
    }
    let diagnostic = try #require(error.diagnostics.first { $0.message.contains(message) },
                                  "no diagnostic mentions '\(message)': \(error)", sourceLocation: sourceLocation)
    #expect(diagnostic.location?.line == line, "\(diagnostic)", sourceLocation: sourceLocation)
    #expect(diagnostic.location?.column == column, "\(diagnostic)", sourceLocation: sourceLocation)
}

extension Rehearsed {
    func prompts() -> [(text: String, hidden: Bool)] {
        events.compactMap { if case .prompt(let text, let hidden) = $0.event { return (text, hidden) } else { return nil } }
    }

    var clears: Int {
        events.filter { if case .clear = $0.event { return true } else { return false } }.count
    }
}

extension [String] {
    /// Whether one of these announcements contains `text`.
    func said(_ text: String) -> Bool { contains { $0.contains(text) } }
}

extension Rehearsed {
    /// The notes of every view the steps published, in order; each view's notes as one text, lines joined by newlines.
    var shownNotes: [String] {
        events.compactMap { if case .view(let view) = $0.event { view.notes.joined(separator: "\n") } else { nil } }
    }

    /// Every view the steps published, in order.
    var views: [StepView] {
        events.compactMap { if case .view(let view) = $0.event { view } else { nil } }
    }
}
