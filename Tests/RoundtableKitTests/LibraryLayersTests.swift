import BuiltInHandlers
import Foundation
import RoundtableKit
import Testing

/// The library's layers: folders of one's own above the files compiled into the program,
/// overrides with a note, and agendas that resolve ids in their own library first.
@Suite(.timeLimit(.minutes(1)))
struct LibraryLayersTests {
    let root: URL
    let loader = Loader(registry: BuiltInHandlers.registry())

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("roundtable-layers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// An exercise whose single step lasts `minutes`, so tests can tell copies apart.
    static func exercise(_ id: String, minutes: Int = 1) -> String {
        "id: \(id)\ntitle: \(id)\nsteps:\n  - { id: talk, handler: timebox, duration: \(minutes)m }\n"
    }

    static func agenda(_ ids: String...) -> String {
        "title: Workshop\nagenda:\n" + ids.map { "  - exercise: \($0)\n" }.joined()
    }

    static let embedded = [
        Library.EmbeddedFile(path: "agendas/workshop.yaml", text: agenda("check-in", "../rounds/closing.yaml")),
        Library.EmbeddedFile(path: "rounds/check-in.yaml", text: exercise("check-in")),
        Library.EmbeddedFile(path: "rounds/closing.yaml", text: exercise("closing")),
    ]

    func write(_ relative: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func minutes(_ document: Document, item: Int = 0) -> Int64? {
        switch document {
        case .exercise(let exercise): return exercise.steps.first.map { $0.duration.components.seconds / 60 }
        case .agenda(let agenda):
            guard case .exercise(let ref) = agenda.items[item] else { return nil }
            return ref.exercise?.steps.first.map { $0.duration.components.seconds / 60 }
        }
    }

    @Test func embeddedFilesAreNamedByTheirBuiltinAddress() throws {
        let library = Library(roots: [], embedded: Self.embedded, loader: loader)
        #expect(library.diagnostics.isEmpty, "\(LoadError(library.diagnostics))")
        #expect(library.visibleEntries.map(\.path) == Self.embedded.map(\.address))
        #expect(library.visibleEntries.allSatisfy { $0.isEmbedded && $0.root == "builtin:" })
        let byAddress = try library.document(named: "builtin:rounds/check-in.yaml")
        #expect(byAddress.location.file == "builtin:rounds/check-in.yaml")
        let byID = try library.document(named: "check-in")
        #expect(byID.location.file == "builtin:rounds/check-in.yaml")
    }

    @Test func aProblemInAnEmbeddedFileIsLocatedAtItsAddress() throws {
        let broken = Library.EmbeddedFile(path: "rounds/broken.yaml", text: "id: broken\ntitle: Broken\nsteps:\n  - { id: a, handler: timebx, duration: 1m }\n")
        let library = Library(roots: [], embedded: [broken], loader: loader)
        let diagnostic = try #require(library.diagnostics.first)
        #expect(diagnostic.description.hasPrefix("builtin:rounds/broken.yaml:4:"), "\(diagnostic)")
        #expect(diagnostic.message.contains("unknown handler 'timebx'"))
    }

    @Test func anUnknownBuiltinAddressIsAnErrorWithASuggestion() throws {
        let library = Library(roots: [], embedded: Self.embedded, loader: loader)
        let error = try #require(throws: LoadError.self) { try library.document(named: "builtin:rounds/check-inn.yaml") }
        #expect(error.diagnostics.first?.message == "no built-in file 'builtin:rounds/check-inn.yaml'")
        #expect(error.diagnostics.first?.notes.first?.message == "did you mean 'builtin:rounds/check-in.yaml'?")
    }

    @Test func aFolderOverridesAnEmbeddedIdWithANoteNamingBothFiles() throws {
        let mine = try write("mine/check-in.yaml", Self.exercise("check-in", minutes: 5))
        let library = Library(roots: [root.appendingPathComponent("mine").path], embedded: Self.embedded, loader: loader)
        let document = try library.document(named: "check-in")
        #expect(document.location.file == mine)
        #expect(minutes(document) == 5)
        let note = try #require(library.diagnostics.first)
        #expect(library.diagnostics.count == 1)
        #expect(note.severity == .note)
        #expect(note.message == "exercise 'check-in' in \(mine) overrides the one in builtin:rounds/check-in.yaml")
        #expect(note.notes.first?.location?.file == "builtin:rounds/check-in.yaml")
        #expect(library.overrideNotes(for: document).map(\.message) == [note.message])
        #expect(library.visibleEntries.filter { $0.id == "check-in" }.count == 1)
    }

    @Test func anIdenticalCopyOverridesSilently() throws {
        // A checkout's Exercises/ holds the same bytes as the library built from it.
        let copy = try write("copy/rounds/check-in.yaml", Self.exercise("check-in"))
        let library = Library(roots: [root.appendingPathComponent("copy").path], embedded: Self.embedded, loader: loader)
        #expect(library.diagnostics.isEmpty, "\(LoadError(library.diagnostics))")
        #expect(try library.document(named: "check-in").location.file == copy)
    }

    @Test func theFirstFolderWinsAndDuplicatesInsideOneFolderAreStillErrors() throws {
        _ = try write("a/x.yaml", Self.exercise("x", minutes: 2))
        _ = try write("b/x.yaml", Self.exercise("x", minutes: 3))
        _ = try write("b/sub/x-again.yaml", Self.exercise("x", minutes: 4))
        let library = Library(roots: [root.appendingPathComponent("a").path, root.appendingPathComponent("b").path], loader: loader)
        #expect(minutes(try library.document(named: "x")) == 2)
        let errors = library.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("exercise id 'x' is also used by") == true)
        #expect(library.diagnostics.filter { $0.severity == .note }.count == 1, "b/x.yaml is overridden by a/x.yaml")
    }

    @Test func anEmbeddedAgendaResolvesInTheEmbeddedLibraryFirst() throws {
        _ = try write("mine/check-in.yaml", Self.exercise("check-in", minutes: 5))
        let library = Library(roots: [root.appendingPathComponent("mine").path], embedded: Self.embedded, loader: loader)
        let workshop = try library.document(named: "workshop")
        #expect(workshop.location.file == "builtin:agendas/workshop.yaml")
        #expect(minutes(workshop, item: 0) == 1, "the embedded check-in, not the folder's")
        #expect(minutes(workshop, item: 1) == 1, "a relative path stays inside the embedded library")
        #expect(library.overrideNotes(for: workshop).isEmpty)
    }

    @Test func aPathInAnEmbeddedAgendaNeverReachesTheDisk() throws {
        let escape = Library.EmbeddedFile(path: "agendas/escape.yaml", text: Self.agenda("../../../etc/passwd.yaml"))
        let library = Library(roots: [], embedded: Self.embedded + [escape], loader: loader)
        let problems = library.diagnostics(forPath: "builtin:agendas/escape.yaml")
        #expect(problems.first?.message == "exercise file '../../../etc/passwd.yaml' does not load")
        #expect(problems.first?.notes.first?.message == "no such built-in file")
        #expect(throws: LoadError.self) { _ = try library.document(named: "escape") }
    }

    @Test func anAgendaInAFolderResolvesInThatFolderBeforeEarlierOnes() throws {
        _ = try write("first/x.yaml", Self.exercise("x", minutes: 2))
        _ = try write("second/x.yaml", Self.exercise("x", minutes: 3))
        _ = try write("second/agendas/plan.yaml", Self.agenda("x"))
        let library = Library(roots: [root.appendingPathComponent("first").path, root.appendingPathComponent("second").path], loader: loader)
        #expect(minutes(try library.document(named: "plan")) == 3)
        #expect(minutes(try library.document(named: "x")) == 2)
    }

    @Test func anAgendaGivenByPathFindsIdsInTheFolderAboveItsAgendasFolder() throws {
        _ = try write("kit/rounds/x.yaml", Self.exercise("x", minutes: 6))
        let agenda = try write("kit/agendas/plan.yaml", Self.agenda("x", "check-in"))
        // Run from elsewhere: no root holds the agenda.
        let library = Library(roots: [], embedded: Self.embedded, loader: loader)
        let document = try library.document(named: agenda)
        #expect(minutes(document, item: 0) == 6)
        #expect(minutes(document, item: 1) == 1, "ids it does not find there come from the whole library")
    }

    @Test func aLooseAgendaFindsIdsBesideItButNotBelow() throws {
        _ = try write("loose/x.yaml", Self.exercise("x", minutes: 7))
        _ = try write("loose/deeper/y.yaml", Self.exercise("y"))
        let agenda = try write("loose/plan.yaml", Self.agenda("x"))
        let library = Library(roots: [], loader: loader)
        #expect(minutes(try library.document(named: agenda)) == 7)
        _ = try write("loose/plan2.yaml", Self.agenda("y"))
        let error = try #require(throws: LoadError.self) { try library.document(named: root.appendingPathComponent("loose/plan2.yaml").path) }
        #expect(error.diagnostics.first?.message == "unknown exercise 'y'")
    }

    @Test func anAgendaNamedByIdWithUnknownItemsFailsWithItsLocatedErrors() throws {
        _ = try write("mine/plan.yaml", Self.agenda("nope"))
        let library = Library(roots: [root.appendingPathComponent("mine").path], loader: loader)
        let error = try #require(throws: LoadError.self) { try library.document(named: "plan") }
        #expect(error.diagnostics.first?.location?.line == 3)
        #expect(error.diagnostics.first?.message == "unknown exercise 'nope'")
    }

    @Test func aMissingRoundtablePathEntryIsAnErrorNamingIt() throws {
        let existing = root.path
        let error = try #require(throws: LoadError.self) {
            try Library.defaultRoots(environment: ["ROUNDTABLE_PATH": "\(existing):/nonexistent/lib::"])
        }
        #expect(error.diagnostics.map(\.message) == ["ROUNDTABLE_PATH: library folder '/nonexistent/lib' does not exist"])
        #expect(try Library.defaultRoots(environment: ["ROUNDTABLE_PATH": existing]).contains(existing))
        let option = try #require(throws: LoadError.self) { try Library.checkRoots(["/nope"], option: "--library") }
        #expect(option.diagnostics.first?.message == "--library: library folder '/nope' does not exist")
    }
}
