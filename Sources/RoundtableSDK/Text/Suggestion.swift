/// "Did you mean" support: the closest candidate by edit distance, if close enough.
public enum Suggestion {
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let limit = max(1, min(3, target.count / 3 + 1))
        return best.1 <= limit ? best.0 : nil
    }

    /// A hint for an unknown key that holds spaces: usually text that YAML split at a comma
    /// (in `{ … }`) or at a colon, so that its tail became a key of its own.
    ///
    /// ```swift
    /// Suggestion.quoteHint(forKey: "host speaks first", after: "summary")
    /// // quote text that holds a comma or a colon, e.g. summary: "…, host speaks first"
    /// ```
    ///
    /// - Parameters:
    ///   - key: The unknown key as read.
    ///   - after: The key written just before it in the same mapping, if any (likely the
    ///     one whose text was cut).
    /// - Returns: The hint, or nil for a key without spaces.
    public static func quoteHint(forKey key: String, after previous: String?) -> String? {
        guard key.contains(where: \.isWhitespace) else { return nil }
        let example = (previous.map { "\($0.neutralized()): " } ?? "key: ") + "\"…, \(key.neutralized().prefix(40))\""
        return "'\(key.neutralized().prefix(40))' looks like text cut at a comma or a colon: put quotes around text that holds one, e.g. \(example)"
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
