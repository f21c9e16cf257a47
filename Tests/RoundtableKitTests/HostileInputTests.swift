import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// Files that try to crash, hang or exhaust the loader get a located error instead.
///
/// The time limit only catches a hang; the inputs are refused in milliseconds.
@Suite(.timeLimit(.minutes(1)))
struct HostileInputTests {
    let file = "hostile.yaml"

    /// The one diagnostic of text the parser must refuse, through the whole loader.
    func refusal(
        _ text: String, source: YAMLSource = YAMLSource(), sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> Diagnostic {
        let loader = Loader(registry: BuiltInHandlers.registry(), yaml: source)
        let error = try #require(throws: LoadError.self, sourceLocation: sourceLocation) {
            try loader.document(from: try source.parse(text: text, file: file))
        }
        #expect(error.diagnostics.count == 1, "\(error)", sourceLocation: sourceLocation)
        return try #require(error.diagnostics.first, sourceLocation: sourceLocation)
    }

    func limits(_ change: (inout YAMLSource.Limits) -> Void) -> YAMLSource {
        var limits = YAMLSource.Limits()
        change(&limits)
        return YAMLSource(limits: limits)
    }

    var start: RoundtableKit.SourceLocation { RoundtableKit.SourceLocation(file: file, line: 1, column: 1) }

    // MARK: Size

    @Test func textOverTheSizeCapIsRefusedBeforeParsing() throws {
        let text = "id: big\ntitle: " + String(repeating: "x", count: 100) + "\n"
        let error = try refusal(text, source: limits { $0.maxBytes = 64 })
        #expect(error.code == .fileTooLarge)
        #expect(error.location == start)
    }

    @Test func bytesOverTheSizeCapAreRefusedBeforeDecoding() throws {
        let data = Data(repeating: UInt8(ascii: "#"), count: 65)
        let error = try #require(throws: LoadError.self) {
            try limits { $0.maxBytes = 64 }.parse(data: data, file: file)
        }
        #expect(error.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(error.diagnostics.map(\.location) == [start])
    }

    @Test func aFileOverTheSizeCapIsRefusedWithoutReadingItAll() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roundtable-big-\(UUID().uuidString).yaml")
        try Data(repeating: UInt8(ascii: "#"), count: 4096).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = try #require(throws: LoadError.self) {
            try limits { $0.maxBytes = 1024 }.read(file: url.path)
        }
        #expect(error.diagnostics.map(\.code) == [.fileTooLarge])
        #expect(error.diagnostics.first?.location == RoundtableKit.SourceLocation(file: url.path, line: 1, column: 1))
    }

    @Test func theDefaultCapIsOneMebibyte() throws {
        #expect(YAMLSource.Limits().maxBytes == 1 << 20)
        let line = "# padding to make the file large\n"
        let text = "id: big\n" + String(repeating: line, count: (1_100_000 / line.utf8.count) + 1)
        #expect(text.utf8.count > 1_100_000)
        let error = try refusal(text)
        #expect(error.code == .fileTooLarge)
        #expect(error.location == start)
    }

    // MARK: Aliases and nesting

    /// The classic billion-laughs document: 9 levels of 9 aliases each.
    static let laughs: String = {
        let names = "abcdefghi".map(String.init)
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1..<names.count {
            let aliases = Array(repeating: "*" + names[level - 1], count: 9).joined(separator: ",")
            text += "\(names[level]): &\(names[level]) [\(aliases)]\n"
        }
        return text
    }()

    @Test func aBillionLaughsIsRefusedAtTheAliasOverTheLimit() throws {
        // 64 aliases are allowed: lines b to h hold 63, so the 65th is the second on line i.
        var lines = Self.laughs.split(separator: "\n").map(String.init)
        lines[8] = lines[8].replacingOccurrences(of: "[*h,*h", with: "[*h,‸*h")
        let yaml = try MarkedYAML(lines.joined(separator: "\n"))
        let error = try refusal(yaml.text)
        #expect(error.code == .tooManyAliases)
        #expect(error.location == yaml.location(in: file))
    }

    @Test func aBillionLaughsUnderARaisedAliasLimitStopsAtTheNodeLimit() throws {
        let error = try refusal(Self.laughs, source: limits { $0.maxAliases = 1000 })
        #expect(error.code == .tooManyValues)
        let location = try #require(error.location)
        #expect(location.file == file)
        #expect((1...9).contains(location.line))
    }

    @Test func deepFlowNestingIsRefusedAtTheFirstBracketTooDeep() throws {
        let error = try refusal(String(repeating: "[", count: 100_000))
        #expect(error.code == .nestingTooDeep)
        #expect(error.location == RoundtableKit.SourceLocation(file: file, line: 1, column: 65))
    }

    @Test func deepFlowNestingBehindTagsAndAnchorsIsRefusedToo() throws {
        // `!t [` is four characters: the 65th bracket is at column 4 × 65.
        let tagged = try refusal(String(repeating: "!t [", count: 100_000))
        #expect(tagged.code == .nestingTooDeep)
        #expect(tagged.location == RoundtableKit.SourceLocation(file: file, line: 1, column: 260))
        let anchored = try refusal("x: " + String(repeating: "&a {k: ", count: 100_000))
        #expect(anchored.code == .nestingTooDeep)
        #expect(anchored.location == RoundtableKit.SourceLocation(file: file, line: 1, column: 3 + 7 * 64 + 4))
    }

    @Test func deepFlowNestingAfterAnEscapedBackslashIsRefused() throws {
        // `"\\"` is a string holding one backslash; the quote after it closes the string.
        let error = try refusal("x: \"\\\\\"\ny: " + String(repeating: "[", count: 100_000))
        #expect(error.code == .nestingTooDeep)
        #expect(error.location == RoundtableKit.SourceLocation(file: file, line: 2, column: 3 + 65))
    }

    @Test func deepBlockNestingOnOneLineIsRefused() throws {
        let error = try refusal(String(repeating: "- ", count: 100_000) + "x")
        #expect(error.code == .nestingTooDeep)
        #expect(error.location == RoundtableKit.SourceLocation(file: file, line: 1, column: 2 * 64 + 1))
    }

    @Test func mappingsNestedDeeperThanMaxDepthAreRefusedAtTheFirstKeyTooDeep() throws {
        let yaml = try MarkedYAML("""
            a:
              b:
                c:
                  d:
                    ‸e: 1
            """)
        let error = try refusal(yaml.text, source: limits { $0.maxDepth = 4 })
        #expect(error.code == .nestingTooDeep)
        #expect(error.location == yaml.location(in: file))
    }

    @Test func mappingsNestedDeeperThanTheDefaultDepthAreRefused() throws {
        // Key k(n) sits at depth n + 1; depth 33 is the first over the default of 32.
        let marked = (0..<40).map { level in
            String(repeating: "  ", count: level) + (level == 32 ? "‸" : "") + "k\(level):"
        }.joined(separator: "\n") + " end"
        let yaml = try MarkedYAML(marked)
        let error = try refusal(yaml.text)
        #expect(error.code == .nestingTooDeep)
        #expect(error.location == yaml.location(in: file))
    }

    // MARK: Encoding and characters

    @Test func invalidUTF8IsReportedAtTheBadByte() throws {
        let yaml = try MarkedYAML("id: x\ntitle: 🎉 caf‸")
        let data = Data(yaml.text.utf8) + [0xC3, 0x28] + Data(" au lait\n".utf8)
        let error = try #require(throws: LoadError.self) { try YAMLSource().parse(data: data, file: file) }
        #expect(error.diagnostics.map(\.code) == [.invalidUTF8])
        #expect(error.diagnostics.first?.location == yaml.location(in: file))
        #expect(error.diagnostics.first?.hint?.contains("UTF-8") == true)
    }

    @Test func aLoneContinuationByteAfterABOMIsReportedAtItsColumn() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("id: ".utf8) + [0x80]
        let error = try #require(throws: LoadError.self) { try YAMLSource().parse(data: data, file: file) }
        #expect(error.diagnostics.map(\.location) == [RoundtableKit.SourceLocation(file: file, line: 1, column: 5)])
    }

    @Test(arguments: ["", "\n\n", "# only\n# comments\n"])
    func anEmptyDocumentIsReportedAtTheStart(text: String) throws {
        let error = try refusal(text)
        #expect(error.code == .emptyFile)
        #expect(error.location == start)
    }

    @Test func aTopLevelListIsNotAnExercise() throws {
        let yaml = try MarkedYAML("# a list\n‸- id: x\n- title: X\n")
        let error = try refusal(yaml.text)
        #expect(error.code == .notADocument)
        #expect(error.location == yaml.location(in: file))
    }

    @Test func aTopLevelScalarIsNotAnExercise() throws {
        let yaml = try MarkedYAML("\n‸just some words\n")
        let error = try refusal(yaml.text)
        #expect(error.code == .notADocument)
        #expect(error.location == yaml.location(in: file))
    }

    @Test func aTabIndentingAListItemIsReportedWithTheSpacesHint() throws {
        let yaml = try MarkedYAML("id: x\ntitle: X\nsteps:\n‸\t- id: a\n")
        let error = try refusal(yaml.text)
        #expect(error.code == .yamlSyntax)
        #expect(error.location == yaml.location(in: file))
        #expect(error.hint == "indent with spaces; YAML does not allow tabs for indentation")
    }

    @Test func aTabIndentingAKeyIsReportedWithTheSpacesHint() throws {
        let yaml = try MarkedYAML("id: x\ntitle: X\n‸\tsummary: s\n")
        let error = try refusal(yaml.text)
        #expect(error.location == yaml.location(in: file))
        #expect(error.hint == "indent with spaces; YAML does not allow tabs for indentation")
    }

    @Test func aKeyRepeatedInOneMappingIsReportedWhereItIsRepeated() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            summary: A look back.
            ‸title: Retro again
            steps: []
            """)
        let error = try refusal(yaml.text)
        #expect(error.code == .duplicateKey)
        #expect(error.location == yaml.location(in: file))
        #expect(error.notes.first?.location?.line == 2)
    }

    @Test func aKeyRepeatedInANestedMappingIsReportedAtItsLine() throws {
        let yaml = try MarkedYAML("""
            id: retro
            title: Retro
            steps:
              - id: talk
                handler: round
                duration: 1m
                ‸handler: round
            """)
        let error = try refusal(yaml.text)
        #expect(error.code == .duplicateKey)
        #expect(error.location == yaml.location(in: file))
    }

    @Test func aNULCharacterIsReportedAtItsPlace() throws {
        let yaml = try MarkedYAML("id: x\ntitle: a‸\u{0}b\n")
        let error = try refusal(yaml.text)
        #expect(error.code == .invalidUTF8)
        #expect(error.location == yaml.location(in: file))
    }

    @Test func aControlCharacterAfterCRLFLinesAndCombiningMarksIsReportedAtItsPlace() throws {
        // "\r\n" and "e\u{301}" are one Character each but two Unicode scalars.
        let yaml = try MarkedYAML("id: x\r\ntitle: Cafe\u{301} 🎉\r\nsummary: a‸\u{1B}[2Jb\r\n")
        let error = try refusal(yaml.text)
        #expect(error.code == .invalidUTF8)
        #expect(error.location == yaml.location(in: file))
    }
}
