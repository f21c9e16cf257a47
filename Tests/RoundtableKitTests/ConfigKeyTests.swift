import RoundtableKit
import Testing

/// A key declared once is the reader, the doc line and the schema entry; reading a key
/// that is not declared is an error.
@Suite struct ConfigKeyTests {
    struct Careless: ExerciseHandler {
        static let name = "careless"
        static let summary = "Reads a key it does not declare."
        static let limit = ConfigKey.integer("limit", default: 3, in: 1...10, "How many.")
        static let configKeys: [any AnyConfigKey] = [limit]
        static let example = "- id: x\n  handler: careless\n  duration: 1m"
        let limit: Int
        init(config: HandlerConfig) {
            limit = config[Self.limit]
            _ = config.bool("verbose", default: false)
        }
        func run(_ step: StepContext) async {}
    }

    static func load(_ config: String) throws -> [Diagnostic] {
        let loader = Loader(registry: try HandlerRegistry([Careless.self]))
        let yaml = """
            id: keys
            title: Keys
            steps:
              - id: one
                handler: careless
                duration: 1m
                config: \(config)
            """
        do {
            _ = try loader.document(from: try loader.yaml.parse(text: yaml, file: "keys.yaml"))
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func readingAnUndeclaredKeyIsAnError() throws {
        let diagnostics = try Self.load("{ limit: 2 }")
        #expect(diagnostics.contains { $0.message.contains("reads undeclared config key `verbose`") })
    }

    @Test func aTypedKeyReportsTheValueAtFault() throws {
        let diagnostics = try Self.load("{ limit: 11 }")
        let problem = try #require(diagnostics.first { $0.message.contains("`limit`") })
        #expect(problem.message == "config `limit` must be between 1 and 10, not 11")
        #expect(problem.location?.line == 7)
        #expect(problem.location?.column == 22)
    }

    @Test func theDeclarationGivesTheDocsAndTheSchema() {
        let info = Careless.limit.info
        #expect(info.type == "integer 1-10")
        #expect(info.defaultValue == "3")
        let oneOf = ConfigKey.oneOf("kind", ["note", "idea"], default: "note", "What a line is.")
        #expect(oneOf.info.type == "one of: note, idea")
        #expect(ConfigKey.textList("items", nonEmpty: true, "Items.").info.type == "non-empty list of text")
    }

    @Test func theDurationPatternRefusesZero() throws {
        let pattern = try Regex(DurationText.schemaPattern)
        for good in ["45s", "5m", "1h30m", "2m30s", "0m5s"] { #expect(good.wholeMatch(of: pattern) != nil, "\(good)") }
        for bad in ["0s", "0m", "", "5", "5s5m", "-5m"] { #expect(bad.wholeMatch(of: pattern) == nil, "\(bad)") }
    }
}
