import Foundation
import Testing

/// What validates is what runs: configs are checked with their params filled in.
@Suite struct BindOnceTests {
    static let vote = """
        id: pick
        title: Pick one
        params:
          a: { default: one }
          b: { default: two }
        steps:
          - id: vote
            handler: dot-vote
            duration: 2m
            config: { options: ["{{a}}", "{{b}}"] }
        """

    @Test func anAgendaWhoseValuesMakeAConfigInvalidFailsValidate() throws {
        let folder = try Binary.scratch()
        try folder.write("pick.yaml", Self.vote)
        try folder.write("agenda.yaml", """
            title: Same twice
            agenda:
              - exercise: pick.yaml
                with: { a: X, b: X }
            """)
        let output = try Binary.run(["validate", folder.path])
        #expect(output.status == 65, "\(output.stderr)")
        #expect(output.stderr.contains("pick.yaml:"), "\(output.stderr)")
        #expect(output.stderr.contains("agenda.yaml:3:"), "the note points at the agenda item: \(output.stderr)")
    }

    @Test func theSameAgendaWithDistinctValuesValidatesAndRuns() throws {
        let folder = try Binary.scratch()
        try folder.write("pick.yaml", Self.vote)
        try folder.write("agenda.yaml", """
            title: Two options
            agenda:
              - exercise: pick.yaml
                with: { a: X, b: Y }
            """)
        #expect(try Binary.run(["validate", folder.path]).status == 0)
        let run = try Binary.run(["run", folder.appendingPathComponent("agenda.yaml").path, "-p", "Ana,Ben",
                                  "--input", "-", "--speed", "1000", "--sessions-dir", folder.appendingPathComponent("s").path],
                                 stdin: "1\n2\n/next\n")
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func runRefusesBeforeTheSessionStartsWhenAParamMakesAConfigInvalid() throws {
        let folder = try Binary.scratch()
        try folder.write("pick.yaml", Self.vote)
        let output = try Binary.run(["run", folder.appendingPathComponent("pick.yaml").path, "-p", "Ana,Ben",
                                     "--with", "a=X", "--with", "b=X", "--input", "/dev/null",
                                     "--sessions-dir", folder.appendingPathComponent("s").path])
        #expect(output.status == 65, "\(output.stderr)")
        #expect(output.stderr.contains("pick.yaml:"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path))
    }
}
