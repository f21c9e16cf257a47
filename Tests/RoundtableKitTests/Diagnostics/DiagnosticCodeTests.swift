import Foundation
import RoundtableKit
import Testing

/// The code catalog: unique, well formed, and listed in docs/FORMAT.md exactly as declared.
@Suite struct DiagnosticCodeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../..").standardizedFileURL
    static let catalogFile = root.appendingPathComponent("Sources/RoundtableSDK/Diagnostics/Diagnostic+Codes.swift")
    static let formatFile = root.appendingPathComponent("docs/FORMAT.md")

    /// The table docs/FORMAT.md must hold between its `<!-- codes -->` markers.
    static var expectedTable: String {
        var lines: [String] = []
        for area in Diagnostic.Area.allCases {
            lines += ["", "#### \(area.title)", "", "| code | name | meaning |", "| --- | --- | --- |"]
            for code in Diagnostic.Code.all where code.area == area {
                lines.append("| \(code.id) | `\(code.name)` | \(code.summary.replacingOccurrences(of: "|", with: "\\|")) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func codesHaveUniqueNumbersAndKebabCaseNames() {
        let all = Diagnostic.Code.all
        #expect(Set(all.map(\.number)).count == all.count)
        #expect(Set(all.map(\.name)).count == all.count)
        for code in all {
            #expect(HandlerRegistry.isKebabCase(code.name), "\(code)")
            #expect(code.area != nil, "\(code) is in no area")
            #expect(!code.summary.isEmpty, "\(code) has no summary")
            #expect((1..<650).contains(code.number), "\(code): 650-699 are the handlers' own")
        }
        #expect(all.map(\.number) == all.map(\.number).sorted())
    }

    @Test func everyCodeDeclaredInTheSourceIsInTheCatalogList() throws {
        let source = try String(contentsOf: Self.catalogFile, encoding: .utf8)
        let declared = source.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("static let"), let open = line.range(of: "Self("),
                  let quote = line[open.upperBound...].range(of: "\""),
                  let end = line[quote.upperBound...].range(of: "\"") else { return nil }
            return String(line[quote.upperBound..<end.lowerBound])
        }
        #expect(Set(declared) == Set(Diagnostic.Code.all.map(\.name) + [Diagnostic.Code.unclassified.name]))
    }

    @Test func theFormatReferenceListsEveryCodeAndNoOther() throws {
        let doc = try String(contentsOf: Self.formatFile, encoding: .utf8)
        let start = try #require(doc.range(of: "<!-- codes -->\n"), "docs/FORMAT.md has no <!-- codes --> marker")
        let end = try #require(doc.range(of: "<!-- /codes -->"), "docs/FORMAT.md has no <!-- /codes --> marker")
        let table = String(doc[start.upperBound..<end.lowerBound])
        #expect(table == Self.expectedTable, "replace the table in docs/FORMAT.md with:\n\(Self.expectedTable)")
        let listed = Set(table.split(separator: "\n").compactMap { line in
            line.hasPrefix("| RT") ? line.split(separator: "|").first.map { $0.trimmingCharacters(in: .whitespaces) } : nil
        })
        #expect(listed == Set(Diagnostic.Code.all.map(\.id)))
    }

    @Test func theTextFormShowsTheCodeAfterTheMessage() {
        let location = SourceLocation(file: "retro.yaml", line: 3, column: 1)
        let diagnostic = Diagnostic.error(.unknownKey, "unknown key 'tittle' in an exercise", at: location,
                                          notes: [.init("did you mean 'title'?")])
        #expect(diagnostic.description == """
            retro.yaml:3:1: error: unknown key 'tittle' in an exercise [RT101 unknown-key]
                note: did you mean 'title'?
            """)
        #expect(Diagnostic.Code.unknownKey.description == "RT101 unknown-key")
        #expect(Diagnostic.Code.yamlSyntax.id == "RT001")
    }
}
