import Foundation

/// A new session's folder, created exclusively: the folder's name is the session's id.
///
/// `mkdir` fails when the folder exists, so two runs started in the same second in one
/// sessions folder get two ids (`…-2`) instead of sharing one journal.
///
/// ```swift
/// let id = try SessionFolder.claim("20261123-093000-retro", in: ".roundtable/sessions")
/// ```
public enum SessionFolder {
    /// Why no folder could be claimed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Creates `base` (or `base-2`, `base-3` … when taken) inside `parent` and returns its name.
    ///
    /// - Throws: ``Failure`` when `parent` is not writable or a thousand names are taken.
    public static func claim(_ base: String, in parent: String) throws(Failure) -> String {
        for attempt in 1...1_000 {
            let name = attempt == 1 ? base : "\(base)-\(attempt)"
            if mkdir(parent + "/" + name, 0o755) == 0 { return name }
            guard errno == EEXIST else {
                throw Failure(description: "cannot create \(parent.neutralized())/\(name.neutralized()): \(String(cString: strerror(errno)))")
            }
        }
        throw Failure(description: "a thousand sessions named \(base.neutralized()) already exist in \(parent.neutralized())")
    }
}
