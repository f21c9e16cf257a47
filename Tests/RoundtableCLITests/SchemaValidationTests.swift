import BuiltInHandlers
import Foundation
import RoundtableCLI
import Testing

/// The generated schema, checked with a real JSON Schema validator (`check-jsonschema`),
/// agrees with the loader: it accepts the library and every handler's example, and refuses
/// what `roundtable validate` refuses.
@Suite struct SchemaValidationTests {
    /// `check-jsonschema`, from `.build/venv` (what `.ci/run` installs) or the PATH.
    static let validator: URL? = {
        var candidates = [Binary.packageRoot.appendingPathComponent(".build/venv/bin/check-jsonschema")]
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(URL(fileURLWithPath: String(folder)).appendingPathComponent("check-jsonschema"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    static let missing = Comment(rawValue: """
        check-jsonschema is not installed; skipped. Install it with \
        `python3 -m venv .build/venv && .build/venv/bin/pip install check-jsonschema` (as .ci/run does)
        """)

    /// Runs the validator on `files` against the schema `roundtable schema` writes.
    static func validate(_ files: [URL]) throws -> Binary.Output {
        let folder = try Binary.scratch()
        let schema = folder.appendingPathComponent("roundtable.schema.json")
        let written = try Binary.run(["schema", "--output", schema.path])
        #expect(written.status == 0, "\(written.stderr)")
        let process = Process()
        process.executableURL = try #require(validator)
        process.arguments = ["--schemafile", schema.path] + files.map(\.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Binary.Output(status: process.terminationStatus, stdout: text, stderr: "")
    }

    static func yamlFiles(under folder: String) -> [URL] {
        let root = Binary.packageRoot.appendingPathComponent(folder)
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    }

    @Test(.enabled(if: validator != nil, missing))
    func everyLibraryFileAndHandlerExampleMatchesTheSchema() throws {
        let library = Self.yamlFiles(under: "Exercises")
        #expect(library.count > 5)
        let folder = try Binary.scratch()
        var examples: [URL] = []
        for type in BuiltInHandlers.all {
            let steps = type.example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            let file = folder.appendingPathComponent("\(type.name)-example.yaml")
            try """
                id: example
                title: Example
                roles: { facilitator: per-exercise, scribe: per-step }
                steps:
                  - id: earlier
                    handler: timebox
                    duration: 1m
                \(steps)
                """.write(to: file, atomically: true, encoding: .utf8)
            examples.append(file)
        }
        let output = try Self.validate(library + examples)
        #expect(output.status == 0, "\(output.stdout)")
    }

    @Test(.enabled(if: validator != nil, missing), arguments: yamlFiles(under: "Tests/Fixtures/bad").map(\.lastPathComponent))
    func aBadFileIsRefusedByTheSchemaAndByValidate(_ name: String) throws {
        let file = Binary.packageRoot.appendingPathComponent("Tests/Fixtures/bad/\(name)")
        let schema = try Self.validate([file])
        #expect(schema.status != 0, "the schema accepts \(name)")
        let loader = try Binary.run(["validate", file.path])
        #expect(loader.status != 0, "roundtable validate accepts \(name)")
    }

    @Test func theBadFixturesAreThere() {
        #expect(Self.yamlFiles(under: "Tests/Fixtures/bad").count >= 4)
    }
}
