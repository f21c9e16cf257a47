import Foundation

/// The exercises and agendas found in a set of folders, addressable by id.
///
/// `roundtable list` shows a library; agendas name exercises of the library by id. An
/// id only resolves inside the library's folders; to use a file elsewhere, an agenda
/// gives its path (relative to the agenda file).
public struct Library: Sendable {
    /// One file of the library and what it holds.
    public struct Entry: Sendable {
        public var path: String
        public var document: Document

        public var id: String {
            switch document {
            case .exercise(let exercise): return exercise.id
            case .agenda: return URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            }
        }
    }

    public var loader: Loader
    public private(set) var entries: [Entry] = []
    /// Problems of files that did not load.
    public private(set) var diagnostics: [Diagnostic] = []
    public let roots: [String]
    // Lookups by normalised path and by id, so that checking every file of a large library
    // stays linear.
    private let directory = Library.currentDirectory
    private var entryIndexByKey: [String: Int] = [:]
    private var diagnosticsByKey: [String: [Diagnostic]] = [:]
    private var exerciseByID: [String: Exercise] = [:]

    /// Loads every `.yaml`/`.yml` file under `roots` (recursively).
    public init(roots: [String], loader: Loader) {
        self.loader = loader
        self.roots = roots
        for (file, result) in Self.loadAll(Self.yamlFiles(under: roots), with: loader) {
            do {
                let document = try result.get()
                let entry = Entry(path: file, document: document)
                if case .exercise(let exercise) = document {
                    if let first = exerciseByID[exercise.id] {
                        diagnostics.append(.error(
                            "exercise id '\(exercise.id.neutralized())' is also used by \(first.location.file.neutralized())",
                            at: exercise.location, notes: [.init("first used here", at: first.location)],
                            hint: "ids must be unique across the library; rename one"))
                    } else {
                        exerciseByID[exercise.id] = exercise
                    }
                }
                entries.append(entry)
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        for (index, entry) in entries.enumerated() {
            let key = Self.key(entry.path, in: directory)
            entryIndexByKey[key] = entryIndexByKey[key] ?? index
        }
        for index in entries.indices {
            if case .agenda(let agenda) = entries[index].document {
                var log = DiagnosticLog()
                entries[index].document = .agenda(resolve(agenda, log: &log))
                diagnostics.append(contentsOf: log.diagnostics)
            }
        }
        for diagnostic in diagnostics {
            guard let location = diagnostic.location else { continue }
            diagnosticsByKey[Self.key(location.file, in: directory), default: []].append(diagnostic)
        }
    }

    /// Loads files on every core (each file is independent), results in the order given.
    static func loadAll(_ files: [String], with loader: Loader) -> [(String, Result<Document, LoadError>)] {
        let results = UnsafeMutableBufferPointer<Result<Document, LoadError>?>.allocate(capacity: files.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let slots = results
        // Chunks of files, so a small library does not pay for scheduling per file.
        let chunk = 16
        DispatchQueue.concurrentPerform(iterations: (files.count + chunk - 1) / chunk) { part in
            for index in part * chunk..<min(files.count, (part + 1) * chunk) {
                slots[index] = Result { () throws(LoadError) in try loader.load(file: files[index]) }
            }
        }
        return files.indices.map { (files[$0], results[$0]!) }
    }

    /// The default library folders: `./Exercises` plus each folder of `ROUNDTABLE_PATH` (colon-separated).
    public static func defaultRoots(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var roots = ["Exercises"]
        if let extra = environment["ROUNDTABLE_PATH"] {
            roots += extra.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return roots.filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Every YAML file under the given files or folders, sorted, each once.
    public static func yamlFiles(under paths: [String]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else { continue }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
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
    /// file, computed from the text alone (symbolic links are not followed).
    static func key(_ path: String, in directory: String) -> String {
        var parts: [Substring] = []
        let absolute = path.hasPrefix("/") ? path : directory + "/" + path
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static var currentDirectory: String { FileManager.default.currentDirectoryPath }

    /// The entry read from `path`, if the library holds that file.
    public func entry(atPath path: String) -> Entry? {
        entryIndexByKey[Self.key(path, in: directory)].map { entries[$0] }
    }

    /// Problems the library found in the file at `path`.
    public func diagnostics(forPath path: String) -> [Diagnostic] {
        diagnosticsByKey[Self.key(path, in: directory)] ?? []
    }

    public var exercises: [Exercise] {
        entries.compactMap { if case .exercise(let exercise) = $0.document { return exercise } else { return nil } }
    }

    /// The first exercise of the library with this id.
    public func exercise(id: String) -> Exercise? { exerciseByID[id] }

    /// Finds an exercise or agenda by path (any file) or by id / agenda file name (library only).
    ///
    /// - Throws: ``LoadError`` naming what was looked for and what exists.
    public func document(named name: String) throws(LoadError) -> Document {
        if Self.looksLikePath(name) || FileManager.default.fileExists(atPath: name) {
            let document = try loader.load(file: name)
            guard case .agenda(let agenda) = document else { return document }
            var log = DiagnosticLog()
            let resolved = resolve(agenda, log: &log)
            if log.hasErrors { throw LoadError(log.sorted) }
            return .agenda(resolved)
        }
        if let entry = entries.first(where: { $0.id == name }) { return entry.document }
        let ids = entries.map(\.id)
        var notes: [Diagnostic.Note] = []
        if let suggestion = Suggestion.closest(to: name, in: ids) { notes.append(.init("did you mean '\(suggestion)'?")) }
        let place = roots.isEmpty ? "no library folder was found (./Exercises or ROUNDTABLE_PATH)" : "looked in \(roots.joined(separator: ", "))"
        throw LoadError([.error("no exercise or agenda named '\(name.neutralized())'; \(place)", at: nil, notes: notes,
                               hint: "give a file path, or run `roundtable list` to see the ids")])
    }

    static func looksLikePath(_ name: String) -> Bool {
        name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// Fills in each agenda item's exercise, reporting unknown ones and bad `with:` values.
    public func resolve(_ agenda: Agenda, log: inout DiagnosticLog) -> Agenda {
        var agenda = agenda
        let folder = URL(fileURLWithPath: agenda.location.file).deletingLastPathComponent()
        for index in agenda.items.indices {
            guard case .exercise(var ref) = agenda.items[index] else { continue }
            var exercise: Exercise?
            if Self.looksLikePath(ref.reference) {
                let path = ref.reference.hasPrefix("/") ? ref.reference : folder.appendingPathComponent(ref.reference).path
                do {
                    // A file of the library is already loaded; others are read here.
                    let document: Document
                    if let known = entry(atPath: path)?.document { document = known } else { document = try loader.load(file: path) }
                    if case .exercise(let found) = document { exercise = found } else {
                        log.error("'\(ref.reference)' is an agenda; agenda items must be exercises", at: ref.location)
                    }
                } catch {
                    log.error("exercise file '\(ref.reference.neutralized())' does not load", at: ref.location,
                              notes: error.diagnostics.prefix(3).map { .init($0.message, at: $0.location) })
                }
            } else if let found = self.exercise(id: ref.reference) {
                exercise = found
            } else {
                let ids = exercises.map(\.id)
                var notes: [Diagnostic.Note] = []
                if let suggestion = Suggestion.closest(to: ref.reference, in: ids) { notes.append(.init("did you mean '\(suggestion)'?")) }
                log.error("unknown exercise '\(ref.reference.neutralized())'", at: ref.location, notes: notes,
                          hint: "use an id from `roundtable list` or a path to a file (relative to this agenda)")
            }
            if let exercise {
                let names = exercise.params.map(\.name)
                for key in ref.with.keys.sorted() where !names.contains(key) {
                    var notes: [Diagnostic.Note] = []
                    if let suggestion = Suggestion.closest(to: key, in: names) { notes.append(.init("did you mean '\(suggestion)'?")) }
                    log.error("exercise '\(exercise.id)' has no param '\(key.neutralized())'", at: ref.location, notes: notes,
                              hint: names.isEmpty ? "it takes no params" : "its params: \(names.joined(separator: ", "))")
                }
                for param in exercise.params where param.defaultValue == nil && ref.with[param.name] == nil {
                    log.error("exercise '\(exercise.id)' needs param '\(param.name)'", at: ref.location,
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
        return agenda
    }
}
