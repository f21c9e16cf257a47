import BuiltInHandlers
import Foundation
@testable import RoundtableCLI
import RoundtableKit
import Testing

/// `validate --format` and `--strict`, `show` with warnings, and turns that show their own speaker.
@Suite struct DiagnosticOutputTests {
    static let exercise = """
        id: odd
        title: Odd, "on purpose"
        roles:
          scribe: per-step
        steps:
          - id: a
            handler: timebox
            duration: 1m
            tittle: x
          - id: b
            handler: timebox
            duration: 1m
            prompt: "Hi {{speaker}}"
        """

    func scratch(_ name: String, _ text: String) throws -> (folder: URL, file: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (folder, file.path)
    }

    @Test func jsonCarriesCodesAndPlaces() throws {
        let (folder, file) = try scratch("odd.yaml", Self.exercise)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try Binary.run(["validate", "--format", "json", file], in: folder)
        #expect(output.status == 65)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["code"] as? String } == ["RT101", "RT207"])
        let unknown = diagnostics[0]
        #expect(unknown["name"] as? String == "unknown-key")
        #expect(unknown["severity"] as? String == "error")
        #expect(unknown["file"] as? String == file)
        #expect(unknown["line"] as? Int == 9 && unknown["column"] as? Int == 5)
        #expect((unknown["notes"] as? [[String: Any]])?.first?["message"] as? String == "did you mean 'title'?")
        #expect(unknown["hint"] is String)
        #expect(diagnostics[1]["severity"] as? String == "warning")
    }

    @Test func githubAnnotationsEscapeAsGitHubDocuments() {
        let location = RoundtableKit.SourceLocation(file: "a,b:c.yaml", line: 3, column: 7)
        let diagnostic = Diagnostic.error(.unknownKey, "100% wrong\r\nhere", at: location, notes: [.init("did you mean 'title'?")],
                                          hint: "fix it")
        // A carriage return from a file is shown, never passed on: it is neutralized before escaping.
        #expect(DiagnosticOutput.github(diagnostic)
            == "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=RT101 unknown-key::100%25 wrong\u{240D}%0Ahere%0Anote: did you mean 'title'?%0Ahint: fix it")
        #expect(DiagnosticOutput.escapeData("50% a\r\nb") == "50%25 a%0D%0Ab")
        #expect(DiagnosticOutput.escapeProperty("a:b,c%") == "a%3Ab%2Cc%25")
        #expect(!DiagnosticOutput.github(diagnostic).contains("\n"))
        let warning = Diagnostic.warning(.unusedRole, "role", at: nil)
        #expect(DiagnosticOutput.github(warning) == "::warning title=RT111 unused-role::role")
    }

    @Test func strictMakesWarningsFail() throws {
        let (folder, file) = try scratch("warn.yaml", """
            id: warn
            title: Warn
            roles: { host: per-step }
            steps:
              - id: a
                handler: timebox
                duration: 1m
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lenient = try Binary.run(["validate", file], in: folder)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("warning: role 'host' is never named"))
        #expect(lenient.stderr.contains("[RT111 unused-role]"))
        let strict = try Binary.run(["validate", "--strict", "--format", "github", file], in: folder)
        #expect(strict.status == 65)
        #expect(strict.stdout.hasPrefix("::error file=\(file),line=3,col=10,title=RT111 unused-role::"))
        let show = try Binary.run(["show", file, "-p", "Ana,Ben", "--strict"], in: folder)
        #expect(show.status == 65)
        #expect(show.stdout.isEmpty)
    }

    @Test func theShippedLibraryIsCleanUnderStrict() throws {
        let output = try Binary.run(["validate", "--strict", "Exercises"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(!output.stderr.contains("warning"))
    }

    @Test func oneTwoFourAllMakesItsFoursOfItsPairs() throws {
        let output = try Binary.run(["show", "one-two-four-all", "-p", "Ana,Ben,Chen,Dev,Eli,Fay,Gus,Hal"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("4 groups of 2: "))
        #expect(output.stdout.contains("2 groups of 4: "))
        #expect(!output.stderr.contains("[RT308 small-groups]"))
        // Five pairs: one four and one group of three pairs, never a pair alone.
        let ten = try Binary.run(["show", "one-two-four-all", "-p", "Ana,Ben,Chen,Dev,Eli,Fay,Gus,Hal,Ivy,Jon"])
        #expect(ten.stdout.contains("groups of 6 and 4: "), "\(ten.stdout)")
        // Six people would make one group of three pairs: the exercise asks for eight.
        let six = try Binary.run(["show", "one-two-four-all", "-p", "Ana,Ben,Chen,Dev,Eli,Fay"])
        #expect(six.status != 0 && six.stderr.contains("[RT505 room-size]"))
    }

    @Test func everyTurnShowsInstructionsWithItsOwnSpeaker() throws {
        let document = try Loader(registry: BuiltInHandlers.registry()).document(from: try YAMLSource().parse(text: """
            id: turns
            title: Turns
            steps:
              - id: talk
                handler: round
                each: participant
                duration: 30s
                instructions: "{{speaker}} speaks now."
              - id: plain
                handler: round
                each: participant
                duration: 30s
                instructions: Once, at the start.
            """, file: "turns.yaml"))
        let names = ["Ana", "Ben", "Chen"]
        let plan = try Planner(registry: BuiltInHandlers.registry()).plan(document, participants: names.map { Participant($0) })
        for (index, step) in plan.steps.enumerated() {
            var shown: [String] = []
            for segment in step.segments {
                let instructions = step.instructions.map { Placeholders.fill($0, with: segment.placeholderValues) }
                shown += EventText.lines(for: .segmentStarted(step, segment, instructions: instructions)).map(\.0)
                    .filter { $0.hasSuffix("speaks now.") || $0 == "Once, at the start." }
            }
            if index == 0 {
                #expect(shown == step.segments.compactMap(\.speaker).map { "\($0) speaks now." })
            } else {
                #expect(shown == ["Once, at the start."])
            }
        }
    }
}
