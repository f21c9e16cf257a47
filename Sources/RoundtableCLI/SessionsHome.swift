import Foundation
import RoundtableKit

/// Where a team's sessions, commitments and reports are kept, so that every command finds
/// them from any folder.
///
/// `--sessions-dir` wins, then the `ROUNDTABLE_SESSIONS` environment variable, then the
/// per-user data folder: `$XDG_DATA_HOME/roundtable/sessions` (else
/// `~/.local/share/roundtable/sessions`) on Linux, `~/Library/Application Support/Roundtable/sessions`
/// on macOS. Reports go to `reports/` beside the sessions folder. Sessions that earlier
/// versions kept in `./.roundtable/sessions` are read as well unless `--sessions-dir` is
/// given, and `roundtable sessions --move` moves them over.
enum SessionsHome {
    /// Where earlier versions kept sessions: relative to the folder `roundtable` ran from.
    static let olderFolder = ".roundtable/sessions"

    /// The store chosen by `--sessions-dir` (nil when not given) and the environment.
    ///
    /// - Throws: `CLIError` when no folder is given and the home folder is unknown.
    static func store(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SessionStore {
        if let option { return SessionStore(folder: option) }
        var store: SessionStore
        if let chosen = environment["ROUNDTABLE_SESSIONS"], !chosen.isEmpty {
            store = SessionStore(folder: chosen)
        } else {
            store = SessionStore(folder: try dataFolder(environment: environment) + "/sessions")
        }
        if SessionStore.absolute(olderFolder) != SessionStore.absolute(store.folder), SessionStore(folder: olderFolder).hasContent {
            store.older = olderFolder
        }
        return store
    }

    /// The per-user folder for Roundtable's data, following the platform's convention.
    ///
    /// - Throws: `CLIError` when the home folder cannot be told.
    static func dataFolder(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        #if os(macOS)
        return try home(environment) + "/Library/Application Support/Roundtable"
        #else
        // The XDG base directory spec: an unset, empty or relative XDG_DATA_HOME is ignored.
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/roundtable" }
        return try home(environment) + "/.local/share/roundtable"
        #endif
    }

    private static func home(_ environment: [String: String]) throws -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        guard home.hasPrefix("/"), home != "/" else {
            throw CLIError(message: "cannot tell where to keep sessions: HOME is not set",
                           hint: "set ROUNDTABLE_SESSIONS to a folder, or pass --sessions-dir", code: 73)
        }
        return home
    }

    /// The default place in words, for help texts.
    static var defaultDescription: String {
        #if os(macOS)
        "~/Library/Application Support/Roundtable"
        #else
        "~/.local/share/roundtable (or $XDG_DATA_HOME/roundtable)"
        #endif
    }

    /// The help of every `--sessions-dir` option.
    static let optionHelp = "Where session journals are kept (default: ROUNDTABLE_SESSIONS, else sessions/ in \(defaultDescription))."
}

extension SessionStore {
    /// The folder reports go to unless `--report` says otherwise: `reports/` beside the sessions folder.
    var reportsFolder: String {
        URL(fileURLWithPath: folder).standardizedFileURL.deletingLastPathComponent().path + "/reports"
    }

    /// The default report path of a session.
    func reportPath(_ id: String) -> String { reportsFolder + "/" + id + ".md" }

    /// Whether the folder holds any session or commitment.
    var hasContent: Bool {
        FileManager.default.fileExists(atPath: folder + "/commitments.jsonl") || !ids().isEmpty
    }

    /// The sessions folders in words: this one, and the older one when it is read as well.
    var place: String { older.map { "\(folder) or ./\($0)" } ?? folder }

    /// Moves the sessions and commitments of the older folder into this one.
    ///
    /// Sessions whose id is already here stay where they are and are returned. The older
    /// commitments go before this folder's, so that statuses recorded here stay the latest.
    ///
    /// - Returns: the ids moved and the ids left because they exist in both folders.
    /// - Throws: `CLIError` (exit 73) when a move or the commitments file fails.
    func moveOlder() throws -> (moved: [String], kept: [String]) {
        guard let older else { return ([], []) }
        let manager = FileManager.default
        let source = SessionStore(folder: older)
        var moved: [String] = [], kept: [String] = []
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for id in source.ids() {
                if manager.fileExists(atPath: folder + "/" + id) {
                    kept.append(id)
                    continue
                }
                try manager.moveItem(atPath: older + "/" + id, toPath: folder + "/" + id)
                moved.append(id)
            }
            let olderLedger = older + "/commitments.jsonl", ledger = folder + "/commitments.jsonl"
            if let earlier = manager.contents(atPath: olderLedger) {
                var merged = earlier
                if let last = merged.last, last != 0x0A { merged.append(0x0A) }
                merged.append(manager.contents(atPath: ledger) ?? Data())
                try merged.write(to: URL(fileURLWithPath: ledger), options: .atomic)
                try manager.removeItem(atPath: olderLedger)
            }
            // Empty folders left behind go too; anything else in them stays.
            for path in [older, URL(fileURLWithPath: older).deletingLastPathComponent().path]
            where (try? manager.contentsOfDirectory(atPath: path))?.isEmpty == true {
                try manager.removeItem(atPath: path)
            }
        } catch {
            throw CLIError(message: "could not move the sessions of ./\(older) to \(folder): \(error.localizedDescription)",
                           hint: "moved so far: \(moved.isEmpty ? "none" : moved.joined(separator: ", ")); run it again to go on", code: 73)
        }
        return (moved, kept)
    }
}
