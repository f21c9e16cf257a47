import Foundation

/// Reads YAML text into a ``SourceNode`` tree, within limits that keep hostile files harmless.
///
/// Every failure is a located ``Diagnostic``: syntax errors at libyaml's mark, invalid
/// UTF-8 at the offending byte, oversize files, alias bombs and runaway nesting at the
/// place they begin. Nothing here traps or recurses without bound.
public struct YAMLSource: Sendable {
    /// Bounds on what a file may make the loader do.
    public struct Limits: Sendable {
        public var maxBytes = 1 << 20
        /// Levels of nesting, counted by the composer as events arrive. System libyaml
        /// (0.2.5 on Debian) has no nesting limit of its own, so this is the only one.
        public var maxDepth = 32
        public var maxNodes = 100_000
        public var maxAliases = 64

        public init() {}
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Reads and parses a file.
    ///
    /// - Throws: ``LoadError`` with the located problems.
    public func read(file path: String) throws(LoadError) -> SourceNode {
        let start = SourceLocation(file: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError([.error(.unreadableFile, "no such file", at: start, hint: "check the path, or run `roundtable list` to see what exists")])
        }
        guard !isDirectory.boolValue else {
            throw LoadError([.error(.unreadableFile, "is a folder, not a YAML file", at: start)])
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LoadError([.error(.unreadableFile, "cannot read the file (permission denied?)", at: start)])
        }
        defer { try? handle.close() }
        // Read at most one byte past the cap: a file that grows, or a device, stays bounded.
        let data = (try? handle.read(upToCount: limits.maxBytes + 1)) ?? Data()
        if data.count > limits.maxBytes {
            let size = (try? handle.seekToEnd()).map { Int($0) } ?? data.count
            throw LoadError([tooLarge(max(size, data.count), at: start)])
        }
        return try parse(data: data, file: path)
    }

    /// Parses YAML bytes that came from `file` (used for messages only).
    ///
    /// - Throws: ``LoadError`` with the located problems.
    public func parse(data: Data, file: String) throws(LoadError) -> SourceNode {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if data.count > limits.maxBytes { throw LoadError([tooLarge(data.count, at: start)]) }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LoadError([invalidUTF8(bytes, file: file)])
        }
        return try parse(text: text, file: file)
    }

    /// Parses YAML text that came from `file` (used for messages only).
    ///
    /// - Throws: ``LoadError`` with the located problems.
    public func parse(text: String, file: String) throws(LoadError) -> SourceNode {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if text.utf8.count > limits.maxBytes { throw LoadError([tooLarge(text.utf8.count, at: start)]) }
        if let problem = PreScan.check(text, limits: limits, file: file) { throw LoadError([problem]) }
        let compose = { (bytes: UnsafeBufferPointer<UInt8>) -> Result<SourceNode?, LoadError> in
            var composer = Composer(file: file, text: text, limits: limits)
            return Result { () throws(LoadError) in try composer.compose(bytes) }
        }
        // Native strings hold contiguous UTF-8, read in place; others are copied once.
        let result = text.utf8.withContiguousStorageIfAvailable(compose) ?? Array(text.utf8).withUnsafeBufferPointer(compose)
        guard let root = try result.get() else {
            throw LoadError([.error(.emptyFile, "the file is empty", at: start, hint: "an exercise starts with `id:`, `title:` and `steps:`; see `roundtable new exercise`")])
        }
        return root
    }

    private func tooLarge(_ size: Int, at location: SourceLocation) -> Diagnostic {
        .error(
            .fileTooLarge, "file is too large (\(size) bytes; the limit is \(limits.maxBytes))", at: location,
            hint: "split it into several exercises strung together by an agenda")
    }

    private func invalidUTF8(_ bytes: [UInt8], file: String) -> Diagnostic {
        // Find the first byte where decoding fails and report its line and column.
        var line = 1, column = 1
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                break loop
            }
        }
        return .error(
            .invalidUTF8, "the file is not valid UTF-8", at: SourceLocation(file: file, line: line, column: column),
            hint: "save the file as UTF-8 in your editor")
    }
}
