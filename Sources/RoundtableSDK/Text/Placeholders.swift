import Foundation

/// `{{name}}` placeholders in text.
public enum Placeholders {
    /// What to do when a value that starts with a placeholder was read as a YAML mapping.
    package static let quoteHint = "quote text that starts with a placeholder: instructions: \"{{facilitator}} opens the round\""

    public static func names(in text: String) -> [String] { occurrences(in: text).map(\.name) }

    /// Each placeholder name with the offset (in Unicode scalars) of its `{{`.
    package static func occurrences(in text: String) -> [(name: String, offset: Int)] {
        // Most text has no braces at all; a byte scan settles that at once.
        guard text.utf8.contains(UInt8(ascii: "{")) else { return [] }
        let scalars = Array(text.unicodeScalars)
        var found: [(String, Int)] = []
        var index = 0
        while index + 1 < scalars.count {
            guard scalars[index] == "{" && scalars[index + 1] == "{" else { index += 1; continue }
            var end = index + 2
            while end + 1 < scalars.count && !(scalars[end] == "}" && scalars[end + 1] == "}") { end += 1 }
            guard end + 1 < scalars.count else { break }
            var name = String.UnicodeScalarView()
            name.append(contentsOf: scalars[(index + 2)..<end])
            while let first = name.first, first == " " || first == "\t" { name.removeFirst() }
            while let last = name.last, last == " " || last == "\t" { name.removeLast() }
            found.append((String(name), index))
            index = end + 2
        }
        return found
    }

    /// Replaces every `{{name}}` found in `values`; unknown names are left as written.
    public static func fill(_ text: String, with values: [String: String]) -> String {
        guard text.contains("{{") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            result += rest[..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            result += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}
