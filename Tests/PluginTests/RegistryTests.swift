import BuiltInHandlers
import RoundtableKit
import Testing

/// The built-in handler list as a whole: unique kebab-case names, documented configs,
/// and examples that load.
@Suite struct BuiltInRegistryTests {
    @Test func everyBuiltInNameIsUniqueAndKebabCase() throws {
        let registry = try HandlerRegistry(BuiltInHandlers.all)
        #expect(registry.entries.count == BuiltInHandlers.all.count)
    }

    @Test func registeringANameTwiceIsAnError() throws {
        var registry = try HandlerRegistry(BuiltInHandlers.all)
        #expect(throws: HandlerRegistry.RegistrationError.self) { try registry.register(BuiltInHandlers.all[0]) }
    }

    /// Every built-in handler says what the room types, each form with what it does.
    @Test(arguments: BuiltInHandlers.all.map { $0.name })
    func everyBuiltInSaysWhatToType(_ name: String) throws {
        let type = try #require(BuiltInHandlers.registry().handler(named: name))
        #expect(!type.whatToType.isEmpty, "\(name) declares no whatToType")
        for line in type.whatToType {
            #expect(line.contains(" — "), "\(name): '\(line)' gives no form — meaning")
        }
    }

    /// Examples are tests: each handler's documented YAML loads as a step of an exercise.
    @Test(arguments: BuiltInHandlers.all.map { $0.name })
    func theDocumentedExampleLoads(_ name: String) throws {
        let registry = BuiltInHandlers.registry()
        let type = try #require(registry.handler(named: name))
        let steps = type.example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        let yaml = """
            id: example
            title: Example
            roles: { facilitator: per-exercise, scribe: per-step }
            steps:
              - id: earlier
                handler: timebox
                duration: 1m
            \(steps)
            """
        let loader = Loader(registry: registry)
        do {
            _ = try loader.document(from: try loader.yaml.parse(text: yaml, file: "\(name)-example.yaml"))
        } catch {
            Issue.record("the example of '\(name)' does not load:\n\(error)")
        }
        #expect(!type.summary.isEmpty)
    }
}
