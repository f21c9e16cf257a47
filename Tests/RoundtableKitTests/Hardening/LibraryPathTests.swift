import BuiltInHandlers
import Foundation
import RoundtableKit
import Testing

/// An agenda's `exercise:` names an id of the library or, explicitly, a path. An id never
/// becomes a path: only a reference with a `/` or a `.yaml`/`.yml` ending is read as a
/// file (relative to the agenda), as docs/FORMAT.md says.
///
/// Layout of each test's folder:
///
///     root/secret.yaml            exercise id `secret`, outside the library
///     root/library/check-in.yaml  exercise id `check-in`
///     root/library/agenda.yaml    the agenda under test
@Suite(.timeLimit(.minutes(1)))
struct HardeningLibraryPathTests {
    let root: URL
    let library: URL
    let loader = Loader(registry: BuiltInHandlers.registry())

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("roundtable-paths-\(UUID().uuidString)")
        library = root.appendingPathComponent("library")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        try Self.exercise("secret").write(to: root.appendingPathComponent("secret.yaml"), atomically: true, encoding: .utf8)
        try Self.exercise("check-in").write(to: library.appendingPathComponent("check-in.yaml"), atomically: true, encoding: .utf8)
    }

    static func exercise(_ id: String) -> String {
        "id: \(id)\ntitle: \(id)\nsteps:\n  - { id: talk, handler: timebox, duration: 1m }\n"
    }

    /// Resolves an agenda with one item `exercise: reference` against the library.
    func resolve(_ reference: String) throws -> (agenda: Agenda, diagnostics: [Diagnostic]) {
        let path = library.appendingPathComponent("agenda.yaml")
        try "title: Paths\nagenda:\n  - exercise: \(reference)\n".write(to: path, atomically: true, encoding: .utf8)
        let lib = Library(roots: [library.path], loader: loader)
        guard case .agenda(let agenda) = try loader.load(file: path.path) else {
            Issue.record("not an agenda")
            throw CancellationError()
        }
        var log = DiagnosticLog()
        let resolved = lib.resolve(agenda, log: &log)
        return (resolved, log.diagnostics)
    }

    func resolvedExercise(_ agenda: Agenda) -> Exercise? {
        guard case .exercise(let ref) = agenda.items.first else { return nil }
        return ref.exercise
    }

    @Test func anIdResolvesInsideTheLibrary() throws {
        let (agenda, diagnostics) = try resolve("check-in")
        #expect(diagnostics.isEmpty)
        #expect(resolvedExercise(agenda)?.id == "check-in")
    }

    @Test(arguments: ["secret", "..", "...", "..%2Fsecret", "..\\\\secret", "\"~root\""])
    func anIdNeverReachesAFileOutsideTheLibrary(reference: String) throws {
        let (agenda, diagnostics) = try resolve(reference)
        #expect(resolvedExercise(agenda) == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message.hasPrefix("unknown exercise"), "\(diagnostic)")
        #expect(diagnostic.location?.line == 3, "the item's line")
    }

    @Test func aRelativePathWithoutAnExtensionIsReadAsAPathAndFailsWhenNoSuchFileExists() throws {
        // `../secret` contains a slash: it is a path (root/secret), and that file does not exist.
        let (agenda, diagnostics) = try resolve("../secret")
        #expect(resolvedExercise(agenda) == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message == "exercise file '../secret' does not load", "\(diagnostic)")
        #expect(diagnostic.notes.first?.message == "no such file")
    }

    @Test func anExplicitPathOutsideTheLibraryIsReadBecauseItIsExplicit() throws {
        // Documented: "a file anywhere else needs its path". The author wrote the path.
        let (agenda, diagnostics) = try resolve("../secret.yaml")
        #expect(diagnostics.isEmpty)
        #expect(resolvedExercise(agenda)?.id == "secret")
    }

    @Test func anAbsolutePathIsReadAsWritten() throws {
        let absolute = root.appendingPathComponent("secret.yaml").path
        let (agenda, diagnostics) = try resolve(absolute)
        #expect(diagnostics.isEmpty)
        #expect(resolvedExercise(agenda)?.id == "secret")
    }

    @Test func aPathToSomethingThatIsNotYAMLSaysSoWithoutQuotingIt() throws {
        try "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
            .write(to: root.appendingPathComponent("passwd"), atomically: true, encoding: .utf8)
        let (agenda, diagnostics) = try resolve("../passwd")
        #expect(resolvedExercise(agenda) == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message == "exercise file '../passwd' does not load")
        // The notes say why, with the other file's location; they do not echo its lines.
        for note in diagnostic.notes { #expect(!note.message.contains("/bin/bash"), "\(note.message)") }
    }

    @Test func documentNamedLooksUpIdsOnlyInTheLibrary() throws {
        let lib = Library(roots: [library.path], loader: loader)
        #expect(throws: LoadError.self) { _ = try lib.document(named: "secret") }
        guard case .exercise(let exercise) = try lib.document(named: "check-in") else {
            Issue.record("check-in is an exercise")
            return
        }
        #expect(exercise.id == "check-in")
        // A name with a slash is a path (relative to the working directory, as on a command line).
        guard case .exercise(let outside) = try lib.document(named: root.appendingPathComponent("secret.yaml").path) else {
            Issue.record("secret is an exercise")
            return
        }
        #expect(outside.id == "secret")
    }

    @Test func hiddenFoldersAndNonYAMLFilesAreNotPartOfTheLibrary() throws {
        let hidden = library.appendingPathComponent(".hidden")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        try Self.exercise("hidden").write(to: hidden.appendingPathComponent("h.yaml"), atomically: true, encoding: .utf8)
        try Self.exercise("text").write(to: library.appendingPathComponent("t.txt"), atomically: true, encoding: .utf8)
        let lib = Library(roots: [library.path], loader: loader)
        #expect(lib.exercises.map(\.id).sorted() == ["check-in"])
    }
}
