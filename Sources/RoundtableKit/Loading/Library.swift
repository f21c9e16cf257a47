import Foundation

/// The exercises and agendas of a set of folders and of the embedded library, addressable by id.
///
/// `roundtable list` shows a library; agendas name exercises of the library by id. The
/// library is layered: the folders in `roots`, highest precedence first, then the files
/// compiled into the program (``EmbeddedFile``, addressed as `builtin:rounds/check-in-round.yaml`).
/// When two layers hold the same id, the first wins and a note names both files (unless
/// they are byte for byte the same, as a checkout's `Exercises/` is with the embedded copy).
/// Inside one folder an id must be unique.
///
/// An agenda's ids resolve first in the agenda's own library — the root folder that holds
/// it, the embedded library for an embedded agenda, or for a file outside every root the
/// folder above its `agendas/` folder (else its own folder) — and then in the whole library.
/// An id never becomes a path: to use a file elsewhere, an agenda gives its path (relative
/// to the agenda file).
///
/// ```swift
/// let library = Library(roots: ["Exercises"], embedded: BuiltInLibrary.files, loader: loader)
/// let document = try library.document(named: "sprint-retrospective-60")
/// ```
public struct Library: Sendable {
    /// A library file compiled into the program.
    public struct EmbeddedFile: Sendable, Hashable {
        /// The path inside the library, e.g. `rounds/check-in-round.yaml`.
        public var path: String
        /// The file's YAML text.
        public var text: String

        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }

        /// The pseudo path that names the file in messages and plans: `builtin:rounds/check-in-round.yaml`.
        public var address: String { Library.builtinScheme + path }
    }

    /// One file of the library and what it holds.
    public struct Entry: Sendable {
        public var path: String
        public var document: Document
        /// The root folder the file was found under, as given, or `builtin:` for an embedded file.
        public var root: String
        let rootIndex: Int

        public var id: String {
            switch document {
            case .exercise(let exercise): return exercise.id
            case .agenda: return Library.agendaID(path: path)
            }
        }

        /// Whether the file is compiled into the program rather than read from disk.
        public var isEmbedded: Bool { path.hasPrefix(Library.builtinScheme) }
    }

    /// The prefix of an embedded file's pseudo path.
    public static let builtinScheme = "builtin:"

    public var loader: Loader
    /// Every file that loaded, from the first root to the last, then the embedded files. An
    /// id may appear more than once; ``visibleEntries`` holds the one each id names.
    public private(set) var entries: [Entry] = []
    /// Problems of files that did not load, and notes on ids that one layer overrides in another.
    public private(set) var diagnostics: [Diagnostic] = []
    /// The library folders, highest precedence first.
    public let roots: [String]
    /// The files compiled into the program: the lowest layer.
    public let embedded: [EmbeddedFile]

    // Lookups by normalised path, by id and by root, so that checking every file of a large
    // library stays linear.
    private let directory = Library.currentDirectory
    private let rootKeys: [String]
    private var entryIndexByKey: [String: Int] = [:]
    private var diagnosticsByKey: [String: [Diagnostic]] = [:]
    private var visibleIndexByID: [String: Int] = [:]
    private var exerciseByID: [String: Exercise] = [:]
    private var exercisesByRoot: [Int: [String: Exercise]] = [:]
    private var overrideNotes: [String: [Diagnostic]] = [:]

    /// Loads every `.yaml`/`.yml` file under `roots` (recursively) and every embedded file.
    ///
    /// - Parameters:
    ///   - roots: folders (or single files), highest precedence first; a missing one holds nothing
    ///     (``defaultRoots(environment:)`` and ``checkRoots(_:option:)`` refuse those up front).
    ///   - embedded: files compiled into the program, below every folder.
    ///   - loader: reads and checks each file.
    public init(roots: [String], embedded: [EmbeddedFile] = [], loader: Loader) {
        self.loader = loader
        self.roots = roots
        self.embedded = embedded
        let directory = self.directory
        rootKeys = roots.map { Self.key($0, in: directory) } + [Self.builtinScheme]
        let embeddedIndex = roots.count

        // Each file once, under the first root that holds it.
        var sources: [Source] = []
        var seen: Set<String> = []
        for (index, root) in roots.enumerated() {
            for file in Self.yamlFiles(under: [root]) where seen.insert(Self.key(file, in: directory)).inserted {
                sources.append(Source(path: file, text: nil, root: index))
            }
        }
        for file in embedded where seen.insert(Self.key(file.address, in: directory)).inserted {
            sources.append(Source(path: file.address, text: file.text, root: embeddedIndex))
        }

        for (source, result) in Self.loadAll(sources, with: loader) {
            let document: Document
            do { document = try result.get() } catch {
                diagnostics.append(contentsOf: error.diagnostics)
                continue
            }
            let entry = Entry(path: source.path, document: document,
                              root: source.root == embeddedIndex ? Self.builtinScheme : roots[source.root], rootIndex: source.root)
            let index = entries.count
            entries.append(entry)
            if case .exercise(let exercise) = document {
                if let first = exercisesByRoot[source.root]?[exercise.id] {
                    diagnostics.append(.error(
                        .duplicateExerciseID, "exercise id '\(exercise.id.neutralized())' is also used by \(first.location.file.neutralized())",
                        at: exercise.location, notes: [.init("first used here", at: first.location)],
                        hint: "ids must be unique within a library folder; rename one"))
                    continue
                }
                exercisesByRoot[source.root, default: [:]][exercise.id] = exercise
                if exerciseByID[exercise.id] == nil { exerciseByID[exercise.id] = exercise }
                diagnostics.append(contentsOf: exercise.warnings)
            }
            if let winner = visibleIndexByID[entry.id] {
                if entries[winner].rootIndex != entry.rootIndex, let note = overrideNote(entries[winner], over: entry) {
                    overrideNotes[entry.id, default: []].append(note)
                    diagnostics.append(note)
                }
            } else {
                visibleIndexByID[entry.id] = index
            }
        }
        for (index, entry) in entries.enumerated() {
            let key = Self.key(entry.path, in: directory)
            entryIndexByKey[key] = entryIndexByKey[key] ?? index
        }
        for index in entries.indices {
            if case .agenda(let agenda) = entries[index].document {
                var log = DiagnosticLog()
                let resolved = resolve(agenda, log: &log)
                entries[index].document = .agenda(resolved)
                diagnostics.append(contentsOf: log.diagnostics)
                if !log.hasErrors { diagnostics.append(contentsOf: warnings(for: .agenda(resolved))) }
            }
        }
        for diagnostic in diagnostics {
            guard let location = diagnostic.location else { continue }
            diagnosticsByKey[Self.key(location.file, in: directory), default: []].append(diagnostic)
        }
    }

    /// A file to load: a path on disk, or an embedded file's address and text.
    struct Source: Sendable {
        var path: String
        var text: String?
        var root: Int
    }

    /// Loads files on every core (each file is independent), results in the order given.
    static func loadAll(_ sources: [Source], with loader: Loader) -> [(Source, Result<Document, LoadError>)] {
        let results = UnsafeMutableBufferPointer<Result<Document, LoadError>?>.allocate(capacity: sources.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let slots = results
        // Chunks of files, so a small library does not pay for scheduling per file.
        let chunk = 16
        DispatchQueue.concurrentPerform(iterations: (sources.count + chunk - 1) / chunk) { part in
            for index in part * chunk..<min(sources.count, (part + 1) * chunk) {
                let source = sources[index]
                slots[index] = Result { () throws(LoadError) in
                    if let text = source.text {
                        return try loader.document(from: loader.yaml.parse(text: text, file: source.path))
                    }
                    return try loader.load(file: source.path)
                }
            }
        }
        return sources.indices.map { (sources[$0], results[$0]!) }
    }

    /// A note when `winner` hides `hidden` with different content; nil when the two files are the same.
    private func overrideNote(_ winner: Entry, over hidden: Entry) -> Diagnostic? {
        guard let mine = contents(of: winner.path), let theirs = contents(of: hidden.path), mine != theirs else { return nil }
        let kind: String
        if case .exercise = winner.document { kind = "exercise" } else { kind = "agenda" }
        return Diagnostic(
            .note, .libraryOverride, "\(kind) '\(winner.id.neutralized())' in \(winner.path.neutralized()) overrides the one in \(hidden.path.neutralized())",
            at: winner.document.location, notes: [.init("overridden here", at: hidden.document.location)],
            hint: nil)
    }

    private func contents(of path: String) -> Data? {
        if path.hasPrefix(Self.builtinScheme) {
            return embedded.first { $0.address == path }.map { Data($0.text.utf8) }
        }
        return FileManager.default.contents(atPath: path)
    }

    // MARK: Roots

    /// The default library folders, highest precedence first: `./Exercises` when it exists,
    /// then each folder of `ROUNDTABLE_PATH` (colon-separated). The embedded library comes
    /// after them and is not listed.
    ///
    /// - Throws: ``LoadError`` naming each `ROUNDTABLE_PATH` entry that does not exist.
    public static func defaultRoots(environment: [String: String] = ProcessInfo.processInfo.environment) throws(LoadError) -> [String] {
        var roots = FileManager.default.fileExists(atPath: "Exercises") ? ["Exercises"] : []
        if let extra = environment["ROUNDTABLE_PATH"] {
            let folders = extra.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            try checkRoots(folders, option: "ROUNDTABLE_PATH")
            roots += folders
        }
        return roots.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    /// Refuses library folders that do not exist, naming each one and where it came from.
    ///
    /// - Parameters:
    ///   - folders: the folders to check.
    ///   - option: where they were given, e.g. `ROUNDTABLE_PATH` or `--library`.
    /// - Throws: ``LoadError`` with one error per missing folder.
    public static func checkRoots(_ folders: [String], option: String) throws(LoadError) {
        let missing = folders.filter { !FileManager.default.fileExists(atPath: $0) }
        guard !missing.isEmpty else { return }
        let hint = option == "ROUNDTABLE_PATH"
            ? "ROUNDTABLE_PATH lists library folders separated by colons; fix the entry or remove it (the built-in library needs no path)"
            : "give an existing folder of exercise files"
        throw LoadError(missing.map { .error(.missingLibraryFolder, "\(option): library folder '\($0.neutralized())' does not exist", at: nil, hint: hint) })
    }

    /// Every YAML file under the given files or folders, sorted, each once.
    public static func yamlFiles(under paths: [String]) -> [String] {
        yamlFiles(under: paths, recursive: true)
    }

    static func yamlFiles(under paths: [String], recursive: Bool) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            if recursive {
                guard let enumerator = manager.enumerator(atPath: path) else { continue }
                var all: [String] = []
                while let relative = enumerator.nextObject() as? String { all.append(relative) }
                names = all
            } else {
                names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            }
            var found: [String] = []
            for relative in names {
                let lower = relative.lowercased()
                guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") else { continue }
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                found.append(path.hasSuffix("/") ? path + relative : path + "/" + relative)
            }
            files += found.sorted()
        }
        var seen: Set<String> = []
        let directory = currentDirectory
        return files.filter { seen.insert(key($0, in: directory)).inserted }
    }

    /// `path` made absolute with `.`, `..` and repeated slashes removed: one spelling per
    /// file, computed from the text alone (symbolic links are not followed). An embedded
    /// file's address stays an address (`builtin:` and a normalised relative path).
    static func key(_ path: String, in directory: String) -> String {
        if path.hasPrefix(builtinScheme) {
            return builtinScheme + normalized(String(path.dropFirst(builtinScheme.count))).dropFirst()
        }
        return normalized(path.hasPrefix("/") ? path : directory + "/" + path)
    }

    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static var currentDirectory: String { FileManager.default.currentDirectoryPath }

    static func agendaID(path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    // MARK: Lookups

    /// The entry read from `path` (a file path or a `builtin:` address), if the library holds that file.
    public func entry(atPath path: String) -> Entry? {
        entryIndexByKey[Self.key(path, in: directory)].map { entries[$0] }
    }

    /// Problems the library found in the file at `path`.
    public func diagnostics(forPath path: String) -> [Diagnostic] {
        diagnosticsByKey[Self.key(path, in: directory)] ?? []
    }

    /// The entry each id names, in library order: what `roundtable list` shows.
    public var visibleEntries: [Entry] {
        entries.indices.filter { visibleIndexByID[entries[$0].id] == $0 }.map { entries[$0] }
    }

    public var exercises: [Exercise] {
        entries.compactMap { if case .exercise(let exercise) = $0.document { return exercise } else { return nil } }
    }

    /// The exercise this id names: the first layer that has it.
    public func exercise(id: String) -> Exercise? { exerciseByID[id] }

    /// Notes on ids of `document` (itself, or an agenda's items) that one layer overrides in another.
    public func overrideNotes(for document: Document) -> [Diagnostic] {
        var files: Set<String> = [Self.key(document.location.file, in: directory)]
        if case .agenda(let agenda) = document {
            for case .exercise(let ref) in agenda.items {
                if let file = ref.exercise?.location.file { files.insert(Self.key(file, in: directory)) }
            }
        }
        return overrideNotes.values.joined().filter { note in
            note.location.map { files.contains(Self.key($0.file, in: directory)) } ?? false
        }
    }

    /// Finds an exercise or agenda by path (any file), by `builtin:` address, or by id /
    /// agenda file name (library only).
    ///
    /// - Throws: ``LoadError`` naming what was looked for and what exists, or the problems of
    ///   the file found.
    public func document(named name: String) throws(LoadError) -> Document {
        if name.hasPrefix(Self.builtinScheme) {
            guard let entry = entry(atPath: name) else {
                let addresses = embedded.map(\.address)
                var notes: [Diagnostic.Note] = []
                if let suggestion = Suggestion.closest(to: name, in: addresses) { notes.append(.init("did you mean '\(suggestion)'?")) }
                let problems = diagnostics(forPath: name).filter { $0.severity == .error }
                if !problems.isEmpty { throw LoadError(problems) }
                throw LoadError([.error(.unknownExercise, "no built-in file '\(name.neutralized())'", at: nil, notes: notes,
                                        hint: "`roundtable list --format json` shows each file's path")])
            }
            return try checked(entry)
        }
        if Self.looksLikePath(name) || FileManager.default.fileExists(atPath: name) {
            let document = try loader.load(file: name)
            guard case .agenda(let agenda) = document else { return document }
            var log = DiagnosticLog()
            let resolved = resolve(agenda, log: &log)
            if log.hasErrors { throw LoadError(log.sorted) }
            return .agenda(resolved)
        }
        if let index = visibleIndexByID[name] { return try checked(entries[index]) }
        let ids = visibleEntries.map(\.id)
        var notes: [Diagnostic.Note] = []
        if let suggestion = Suggestion.closest(to: name, in: ids) { notes.append(.init("did you mean '\(suggestion)'?")) }
        var places = embedded.isEmpty ? [] : ["the built-in library"]
        places += roots
        let place = places.isEmpty ? "the library is empty" : "looked in " + places.joined(separator: ", ")
        throw LoadError([.error(.unknownExercise, "no exercise or agenda named '\(name.neutralized())'; \(place)", at: nil, notes: notes,
                               hint: "give a file path, or run `roundtable list` to see the ids")])
    }

    /// What may not go as the author meant, though the document loads: an exercise's
    /// warnings, or for an agenda with `participants:` and `timebox:`, a plan for those
    /// participants that runs over the timebox (`RT407 timebox-overrun`), or whose steps'
    /// minimums do (`RT411 minimums-over-timebox`).
    ///
    /// The warnings of an agenda's exercises belong to their own files and are not repeated.
    public func warnings(for document: Document) -> [Diagnostic] {
        switch document {
        case .exercise(let exercise):
            return exercise.warnings
        case .agenda(let agenda):
            guard agenda.timebox != nil, let people = agenda.participants, !people.isEmpty,
                  let plan = try? Planner(registry: loader.registry).plan(document, participants: people) else { return [] }
            return plan.warnings.filter { $0.code == .timeboxOverrun || $0.code == .minimumsOverTimebox }
        }
    }

    /// An entry's document, or its errors (an agenda whose items did not resolve).
    private func checked(_ entry: Entry) throws(LoadError) -> Document {
        let problems = diagnostics(forPath: entry.path).filter { $0.severity == .error }
        if !problems.isEmpty { throw LoadError(problems) }
        return entry.document
    }

    static func looksLikePath(_ name: String) -> Bool {
        name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    // MARK: Agendas

    /// The exercises by id of the library `agendaFile` belongs to, looked at before the whole library.
    private func ownExercises(ofAgenda agendaFile: String) -> [String: Exercise] {
        let key = Self.key(agendaFile, in: directory)
        if key.hasPrefix(Self.builtinScheme) { return exercisesByRoot[roots.count] ?? [:] }
        if let index = entryIndexByKey[key] { return exercisesByRoot[entries[index].rootIndex] ?? [:] }
        // A file given by path: the most specific root folder that holds it.
        if let root = rootKeys.indices.dropLast().filter({ key.hasPrefix(rootKeys[$0] + "/") })
            .max(by: { rootKeys[$0].count < rootKeys[$1].count }) {
            return exercisesByRoot[root] ?? [:]
        }
        return besideExercises(ofAgenda: key)
    }

    /// For an agenda outside every root: the exercises of the folder above its `agendas/`
    /// folder (recursively), or else of the agenda's own folder (that folder only, so that an
    /// agenda kept in a home folder does not make the whole home a library).
    private func besideExercises(ofAgenda file: String) -> [String: Exercise] {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let files: [String]
        let home = FileManager.default.homeDirectoryForCurrentUser.standardizedFileURL.path
        if folder.lastPathComponent.lowercased() == "agendas" {
            let parent = folder.deletingLastPathComponent().path
            files = Self.yamlFiles(under: [parent], recursive: parent != "/" && parent != home)
        } else {
            files = Self.yamlFiles(under: [folder.path], recursive: false)
        }
        var found: [String: Exercise] = [:]
        for file in files {
            let document: Document? = entry(atPath: file)?.document ?? (try? loader.load(file: file))
            if case .exercise(let exercise)? = document, found[exercise.id] == nil { found[exercise.id] = exercise }
        }
        return found
    }

    /// Fills in each agenda item's exercise, reporting unknown ones and bad `with:` values.
    ///
    /// Ids resolve first in the agenda's own library, then in the whole library; paths are
    /// relative to the agenda (inside the embedded library for an embedded agenda).
    public func resolve(_ agenda: Agenda, log: inout DiagnosticLog) -> Agenda {
        var agenda = agenda
        let agendaFile = agenda.location.file
        let embeddedAgenda = agendaFile.hasPrefix(Self.builtinScheme)
        var own: [String: Exercise]?
        for index in agenda.items.indices {
            guard case .exercise(var ref) = agenda.items[index] else { continue }
            var exercise: Exercise?
            if Self.looksLikePath(ref.reference) || ref.reference.hasPrefix(Self.builtinScheme) {
                let path: String
                if ref.reference.hasPrefix("/") || ref.reference.hasPrefix(Self.builtinScheme) {
                    path = ref.reference
                } else if embeddedAgenda {
                    let folder = agendaFile.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
                    path = (folder.isEmpty ? Self.builtinScheme : folder + "/") + ref.reference
                } else {
                    path = URL(fileURLWithPath: agendaFile).deletingLastPathComponent().appendingPathComponent(ref.reference).path
                }
                do throws(LoadError) {
                    // A file of the library is already loaded; others are read here.
                    let document: Document
                    if let known = entry(atPath: path)?.document {
                        document = known
                    } else if path.hasPrefix(Self.builtinScheme) || embeddedAgenda {
                        throw LoadError([.error(.exerciseDoesNotLoad, "no such built-in file", at: nil)])
                    } else {
                        document = try loader.load(file: path)
                    }
                    if case .exercise(let found) = document { exercise = found } else {
                        log.error(.exerciseDoesNotLoad, "'\(ref.reference)' is an agenda; agenda items must be exercises", at: ref.location)
                    }
                } catch {
                    log.error(.exerciseDoesNotLoad, "exercise file '\(ref.reference.neutralized())' does not load", at: ref.location,
                              notes: error.diagnostics.prefix(3).map { .init($0.message, at: $0.location) })
                }
            } else {
                if own == nil { own = ownExercises(ofAgenda: agendaFile) }
                if let found = own?[ref.reference] ?? self.exercise(id: ref.reference) {
                    exercise = found
                } else {
                    var known = Set(exercises.map(\.id))
                    if let own { known.formUnion(own.keys) }
                    let ids = known.sorted()
                    var notes: [Diagnostic.Note] = []
                    if let suggestion = Suggestion.closest(to: ref.reference, in: ids) { notes.append(.init("did you mean '\(suggestion)'?")) }
                    log.error(.unknownExercise, "unknown exercise '\(ref.reference.neutralized())'", at: ref.location, notes: notes,
                              hint: "use an id from `roundtable list` or a path to a file (relative to this agenda)")
                }
            }
            if let exercise {
                let names = exercise.params.map(\.name)
                for key in ref.with.keys.sorted() where !names.contains(key) {
                    var notes: [Diagnostic.Note] = []
                    if let suggestion = Suggestion.closest(to: key, in: names) { notes.append(.init("did you mean '\(suggestion)'?")) }
                    log.error(.unknownParam, "exercise '\(exercise.id)' has no param '\(key.neutralized())'", at: ref.location, notes: notes,
                              hint: names.isEmpty ? "it takes no params" : "its params: \(names.joined(separator: ", "))")
                }
                for param in exercise.params where param.defaultValue == nil && ref.with[param.name] == nil {
                    log.error(.missingParam, "exercise '\(exercise.id)' needs param '\(param.name)'", at: ref.location,
                              hint: "add `with: { \(param.name): … }` to this item")
                }
                if !ref.with.isEmpty {
                    // What validates is what runs: the steps' configs with this item's values filled in.
                    let item = Diagnostic.Note("with the `with:` values of this agenda item", at: ref.location)
                    for var problem in Binder(registry: loader.registry).bind(exercise, params: ref.with).diagnostics {
                        problem.notes.append(item)
                        log.append(problem)
                    }
                }
            }
            ref.exercise = exercise
            agenda.items[index] = .exercise(ref)
        }
        Loader.checkAgendaInputs(agenda, registry: loader.registry, log: &log)
        return agenda
    }
}
