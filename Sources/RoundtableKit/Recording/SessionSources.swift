import Foundation

/// A session's own copy of what it runs: the text of its exercise or agenda file and of
/// every exercise an agenda resolved to.
///
/// `resume` and `report` plan a session again from this copy, so that editing, moving or
/// deleting a library file never locks a session out. It is kept beside the journal as
/// `sources.json`.
///
/// ```swift
/// let sources = try SessionSources.capture(document, embedded: BuiltInLibrary.files)
/// try sources.write(toFolder: sessionFolder)
/// let again = try SessionSources.read(fromFolder: sessionFolder)?.document(loader: loader)
/// ```
public struct SessionSources: Sendable, Hashable, Codable {
    /// One file as it was read: its path (or `builtin:` address) and its text.
    public struct File: Sendable, Hashable, Codable {
        public var path: String
        public var text: String

        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    public var version = 1
    /// The exercise or agenda given to `run`.
    public var document: File
    /// For an agenda: the file of each item's exercise, in order; nil for a break.
    public var items: [File?]

    /// The name of the copy in a session's folder.
    public static let fileName = "sources.json"
    /// The largest copy read back (an agenda of many long exercises stays far below it).
    public static let maxBytes = 16 << 20

    public init(document: File, items: [File?] = []) {
        self.document = document
        self.items = items
    }

    /// Why a copy could not be made or used.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Copies the files `document` was loaded from.
    ///
    /// - Parameter embedded: the embedded library, for `builtin:` files.
    /// - Throws: ``Failure`` when a file cannot be read again.
    public static func capture(_ document: Document, embedded: [Library.EmbeddedFile]) throws(Failure) -> SessionSources {
        func file(_ path: String) throws(Failure) -> File {
            if path.hasPrefix(Library.builtinScheme) {
                guard let found = embedded.first(where: { $0.address == path }) else {
                    throw Failure(description: "no built-in file \(path.neutralized())")
                }
                return File(path: path, text: found.text)
            }
            do {
                let data = try RegularFile.read(path, maxBytes: YAMLSource.Limits().maxBytes)
                return File(path: path, text: String(decoding: data, as: UTF8.self))
            } catch {
                throw Failure(description: "\(path.neutralized()) \(error.message)")
            }
        }
        switch document {
        case .exercise(let exercise):
            return SessionSources(document: try file(exercise.location.file))
        case .agenda(let agenda):
            var items: [File?] = []
            for item in agenda.items {
                if case .exercise(let ref) = item, let exercise = ref.exercise {
                    items.append(try file(exercise.location.file))
                } else {
                    items.append(nil)
                }
            }
            return SessionSources(document: try file(agenda.location.file), items: items)
        }
    }

    /// The document loaded from the copy: the agenda's items resolved to the copied
    /// exercises, not to whatever the library holds today.
    ///
    /// - Throws: ``LoadError`` when a copied file no longer loads (a roundtable that reads
    ///   the format differently) or the agenda's items no longer line up with the copy.
    public func document(loader: Loader) throws(LoadError) -> Document {
        let loaded = try loader.document(from: loader.yaml.parse(text: document.text, file: document.path))
        guard case .agenda(var agenda) = loaded else { return loaded }
        guard items.count == agenda.items.count else {
            throw LoadError([.error("the session's copy of \(document.path.neutralized()) does not match its agenda items", at: agenda.location)])
        }
        for index in agenda.items.indices {
            guard case .exercise(var ref) = agenda.items[index] else { continue }
            guard let file = items[index],
                  case .exercise(let exercise) = try loader.document(from: loader.yaml.parse(text: file.text, file: file.path)) else {
                throw LoadError([.error("the session's copy lacks the exercise of this agenda item", at: ref.location)])
            }
            ref.exercise = exercise
            agenda.items[index] = .exercise(ref)
        }
        return .agenda(agenda)
    }

    /// Writes the copy into a session folder and syncs it to disk.
    ///
    /// - Throws: ``Failure`` when it cannot be written.
    public func write(toFolder folder: String) throws(Failure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let path = folder + "/" + Self.fileName
        let temporary = path + ".tmp"
        do {
            let data = try encoder.encode(self)
            FileManager.default.createFile(atPath: temporary, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if rename(temporary, path) != 0 { throw Failure(description: String(cString: strerror(errno))) }
        } catch let failure as Failure {
            throw failure
        } catch {
            unlink(temporary)
            throw Failure(description: "cannot write \(path.neutralized()): \(error.localizedDescription)")
        }
    }

    /// The copy kept in a session folder; nil when there is none (sessions recorded before
    /// copies were kept) or it is damaged.
    public static func read(fromFolder folder: String) -> SessionSources? {
        guard let data = try? RegularFile.read(folder + "/" + fileName, maxBytes: maxBytes),
              let sources = try? JSONDecoder().decode(SessionSources.self, from: data), sources.version == 1 else { return nil }
        return sources
    }
}
