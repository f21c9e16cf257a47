import Foundation

extension Library {
    /// Folders under `paths` that cannot be listed, with the reason: without this their
    /// files would be left out of a check without a word.
    ///
    /// Hidden folders are not visited (the library skips them too), nor are symbolic links.
    public static func unreadableFolders(under paths: [String]) -> [(path: String, reason: String)] {
        var found: [(String, String)] = []
        func visit(_ folder: String, depth: Int) {
            guard depth < 64 else { return }
            guard let stream = opendir(folder) else {
                found.append((folder, String(cString: strerror(errno))))
                return
            }
            defer { closedir(stream) }
            var children: [String] = []
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard !name.hasPrefix(".") else { continue }
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                if FileKind(path: path, followingLinks: false) == .directory { children.append(path) }
            }
            for child in children.sorted() { visit(child, depth: depth + 1) }
        }
        for path in paths where FileKind(path: path) == .directory { visit(path, depth: 0) }
        return found
    }
}
