import RoundtableKit
import RoundtableTesting
import Testing

/// An unquoted comma in a flow mapping (or a colon in plain text) cuts the text, and its
/// tail becomes an unknown key with spaces in it: the error says to quote the text.
@Suite struct QuoteHintTests {
    typealias H = LoaderHarness

    @Test func aKeyWithSpacesInARoleSaysToQuoteTheText() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            roles:
              host: { summary: reads the agreements, ‸host speaks first }
            steps:
              - id: talk
                handler: timebox
                duration: 1m
            """)
        let diagnostic = try H.diagnostic(.unknownKey, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.message.contains("unknown key 'host speaks first'"))
        #expect(diagnostic.hint?.contains("put quotes around text") == true, "\(diagnostic)")
        #expect(diagnostic.hint?.contains("summary: \"…, host speaks first\"") == true, "\(diagnostic)")
    }

    @Test func aConfigKeyWithSpacesSaysToQuoteAndAPlainTypoDoesNot() throws {
        let split = try H.diagnostics("""
            id: x
            title: X
            steps:
              - id: vote
                handler: dot-vote
                duration: 1m
                config: { options: [A, B], dots: 2, one each, two max }
            """)
        let quoted = try H.diagnostic(containing: "unknown config key 'one each'", in: split)
        #expect(quoted.hint?.contains("dots: \"…, one each\"") == true, "\(quoted)")
        #expect(quoted.notes.contains { $0.message.hasPrefix("it takes: ") })
        let typo = try H.diagnostics("""
            id: x
            title: X
            tittle: Y
            steps:
              - id: talk
                handler: timebox
                duration: 1m
            """)
        let plain = try H.diagnostic(.unknownKey, in: typo)
        #expect(plain.hint?.hasPrefix("allowed keys: ") == true)
    }
}
