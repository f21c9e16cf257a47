import Foundation
import Testing

/// `roundtable new handler` and `roundtable new exercise`, run as the built binary.
@Suite struct NewCommandTests {
    /// Enough of this repository's manifest for the scaffold to see a Roundtable checkout.
    static let manifest = """
        // swift-tools-version: 6.0
        import PackageDescription
        let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
        let package = Package(
            name: "Roundtable",
            targets: [
                .target(name: "RoundtableSDK", swiftSettings: strict),
                .target(name: "RoundtableKit", dependencies: ["RoundtableSDK"], swiftSettings: strict),
                .target(name: "Rounds", dependencies: ["RoundtableSDK"], path: "Plugins/Rounds", swiftSettings: strict),
            ]
        )
        """

    static let scaffolded = [
        "Plugins/ShoutOut/ShoutOutHandler.swift", "Plugins/ShoutOut/ShoutOut.swift", "Plugins/ShoutOut/example.yaml",
        "Tests/ShoutOutTests/ShoutOutTests.swift",
    ]

    static func package() throws -> URL {
        let folder = try Binary.scratch()
        try folder.write("Package.swift", manifest)
        return folder
    }

    @Test func newHandlerWritesTheModuleItsTestAndExampleAndPrintsThePackageLines() throws {
        let folder = try Self.package()
        let output = try Binary.run(["new", "handler", "shout-out", "--directory", folder.path])
        #expect(output.status == 0, "\(output.stderr)")
        for path in Self.scaffolded {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path), "missing \(path)")
            #expect(output.stdout.contains(path))
        }
        let handler = try String(contentsOf: folder.appendingPathComponent(Self.scaffolded[0]), encoding: .utf8)
        #expect(handler.contains("public struct ShoutOutHandler: ExerciseHandler"))
        #expect(handler.contains(#"public static let name = "shout-out""#))
        let list = try String(contentsOf: folder.appendingPathComponent(Self.scaffolded[1]), encoding: .utf8)
        #expect(list.contains("public static let all: [any ExerciseHandler.Type] = [ShoutOutHandler.self]"))
        // The manifest is never edited; the lines for it are printed.
        #expect(try String(contentsOf: folder.appendingPathComponent("Package.swift"), encoding: .utf8) == Self.manifest)
        #expect(output.stdout.contains(#"path: "Plugins/ShoutOut","#))
        #expect(output.stdout.contains(#"name: "ShoutOutTests","#))
        #expect(output.stdout.contains(#"dependencies: ["RoundtableSDK"],"#))
        #expect(output.stdout.contains(#"dependencies: ["ShoutOut", "RoundtableSDK", "RoundtableTesting"],"#))
        #expect(handler.contains("import RoundtableSDK") && !handler.contains("RoundtableKit"))
        #expect(output.stdout.contains("swiftSettings: strict"))
        #expect(output.stdout.contains("Rounds.all + ... + ShoutOut.all"))
    }

    @Test func outsideThisRepositoryThePrintedLinesUseRoundtablesProducts() throws {
        let folder = try Binary.scratch()
        try folder.write("Package.swift", "// swift-tools-version: 6.0\nimport PackageDescription\nlet package = Package(name: \"Mine\")\n")
        let output = try Binary.run(["new", "handler", "kudos", "--directory", folder.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains(#".product(name: "RoundtableSDK", package: "Roundtable")"#))
        #expect(!output.stdout.contains("RoundtableKit"))
        #expect(output.stdout.contains("BuiltInHandlers.all + Kudos.all"))
        #expect(!output.stdout.contains("swiftSettings: strict"))
    }

    @Test func rerunningRefusesToOverwriteAndWritesNothing() throws {
        let folder = try Self.package()
        #expect(try Binary.run(["new", "handler", "shout-out", "--directory", folder.path]).status == 0)
        let edited = folder.appendingPathComponent(Self.scaffolded[0])
        try "// my work\n".write(to: edited, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(Self.scaffolded[3]))
        let again = try Binary.run(["new", "handler", "shout-out", "--directory", folder.path])
        #expect(again.status == 73)
        #expect(again.stderr.contains("not overwriting Plugins/ShoutOut/ShoutOutHandler.swift"))
        #expect(try String(contentsOf: edited, encoding: .utf8) == "// my work\n")
        // All or nothing: the missing test file is not written either.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(Self.scaffolded[3]).path))
    }

    @Test(arguments: ["ShoutOut", "shout_out", "shout--out", "-shout", "shout-", "2shout", "shout out"])
    func aNameThatIsNotKebabCaseExits64(_ name: String) throws {
        let folder = try Self.package()
        // After `--` so that "-shout" is a name, not flags.
        let output = try Binary.run(["new", "handler", "--directory", folder.path, "--", name])
        #expect(output.status == 64)
        #expect(output.stderr.contains("is not kebab-case"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Plugins").path))
    }

    @Test func aNameThatIsAlreadyRegisteredOrAModuleExits64() throws {
        let folder = try Self.package()
        let taken = try Binary.run(["new", "handler", "round", "--directory", folder.path])
        #expect(taken.status == 64)
        #expect(taken.stderr.contains("a handler named 'round' is already registered"), "\(taken.stderr)")
        let module = try Binary.run(["new", "handler", "roundtable-kit", "--directory", folder.path])
        #expect(module.status == 64)
        #expect(module.stderr.contains("module named RoundtableKit"), "\(module.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Plugins").path))
    }

    @Test func aFolderWithoutPackageSwiftExits64() throws {
        let folder = try Binary.scratch()
        let output = try Binary.run(["new", "handler", "shout-out", "--directory", folder.path])
        #expect(output.status == 64)
        #expect(output.stderr.contains("no Package.swift"), "\(output.stderr)")
    }

    @Test func newExerciseWritesAFileThatValidatesAndPlans() throws {
        let folder = try Binary.scratch()
        let output = try Binary.run(["new", "exercise", "team-retro"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("team-retro.yaml"), encoding: .utf8)
        #expect(text.contains("\nid: team-retro\n"))
        #expect(text.contains("handler: round "))
        #expect(text.contains("handler: timebox "))
        let validated = try Binary.run(["validate", "team-retro.yaml"], in: folder)
        #expect(validated.status == 0, "\(validated.stderr)")
        #expect(validated.stderr.contains("1 file checked: 1 exercise, 0 agendas"), "\(validated.stderr)")
        let shown = try Binary.run(["show", "team-retro.yaml", "-p", "Ana,Ben,Chen", "--with", "topic=onboarding"], in: folder)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Discuss onboarding"), "\(shown.stdout)")
        // A mistyped --with name is an error, not a silent default.
        let typo = try Binary.run(["show", "team-retro.yaml", "-p", "Ana,Ben,Chen", "--with", "topc=onboarding"], in: folder)
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("exercise 'team-retro' has no param 'topc'"), "\(typo.stderr)")
        #expect(typo.stderr.contains("did you mean 'topic'?"), "\(typo.stderr)")
    }

    @Test func newExerciseWritesToOutputAndNeverOverwrites() throws {
        let folder = try Binary.scratch()
        let first = try Binary.run(["new", "exercise", "warm-up", "--output", "drafts/warm-up.yaml"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Binary.run(["validate", "drafts"], in: folder).status == 0)
        let text = try String(contentsOf: folder.appendingPathComponent("drafts/warm-up.yaml"), encoding: .utf8)
        #expect(text.contains("roundtable validate drafts/warm-up.yaml"))
        let again = try Binary.run(["new", "exercise", "warm-up", "-o", "drafts/warm-up.yaml"], in: folder)
        #expect(again.status == 73)
        #expect(again.stderr.contains("not overwriting drafts/warm-up.yaml"))
        let elsewhere = try Binary.scratch().appendingPathComponent("warm-up.yaml").path
        #expect(try Binary.run(["new", "exercise", "warm-up", "--output", elsewhere], in: folder).status == 0)
        #expect(try Binary.run(["validate", elsewhere], in: folder).status == 0)
        let bad = try Binary.run(["new", "exercise", "Warm Up"], in: folder)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("is not kebab-case"))
    }
}
