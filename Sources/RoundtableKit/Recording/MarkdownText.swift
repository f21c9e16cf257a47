import RoundtableSDK

/// Text from exercise files, journals and typed lines, made safe for a Markdown report.
///
/// Nothing from outside may become structure: a card that reads `| x |` must not split a
/// table cell, `# Title` must not become a heading, `<img src=…>` must not become HTML,
/// a backtick must not open code, and a control character must not reach a terminal that
/// prints the report. Every text goes through ``inline(_:)`` (or a table built with
/// ``table(_:_:)``); Mermaid blocks take ``chartLabel(_:)`` instead, as Mermaid does not
/// read Markdown escapes.
enum MarkdownText {
    /// Characters that Markdown or GitHub's flavour may read as structure; a backslash keeps each literal.
    ///
    /// CommonMark lets any ASCII punctuation be escaped this way, so the escape never shows.
    static let structural: Set<Character> = ["|", "\\", "`", "*", "_", "[", "]", "<", ">", "#", "~", "&", "!", "$"]

    /// One line of text, escaped and neutralized: control characters (newlines too) become visible symbols.
    static func inline(_ value: String) -> String {
        var result = ""
        for character in value.neutralized() {
            if structural.contains(character) { result.append("\\") }
            result.append(character)
        }
        // After "- " a text that starts with "- ", "+ " or "1. " would open a nested list.
        if let first = result.first, "+-=".contains(first) { return "\\" + result }
        let digits = result.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, result.dropFirst(digits.count).first == "." || result.dropFirst(digits.count).first == ")" {
            return digits + "\\" + result.dropFirst(digits.count)
        }
        return result
    }

    /// A Markdown table; every cell is escaped, rows are padded or cut to the header's width.
    ///
    /// - Parameters:
    ///   - header: The column headings.
    ///   - rows: The rows, cell by cell, as raw text.
    ///   - raw: Headings and cells that are already Markdown (numbers, `—`), by column index: not escaped.
    static func table(_ header: [String], _ rows: [[String]], raw: Set<Int> = []) -> [String] {
        guard !header.isEmpty else { return [] }
        func line(_ cells: [String], escaping: Bool) -> String {
            let padded = (0..<header.count).map { $0 < cells.count ? cells[$0] : "" }
            let shown = padded.enumerated().map { index, cell in
                let text = escaping && !raw.contains(index) ? inline(cell) : cell
                return text.isEmpty ? " " : text
            }
            return "| " + shown.joined(separator: " | ") + " |"
        }
        return [line(header, escaping: true), "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
            + rows.map { line($0, escaping: true) }
    }

    /// A label inside a Mermaid block: one line, no quotes, colons, semicolons, brackets or
    /// HTML, at most 40 characters (a chart is read at a glance).
    static func chartLabel(_ value: String) -> String {
        var result = ""
        for character in value.neutralized() {
            switch character {
            case "\"", "`": result.append("'")
            case ":", ";": result.append(",")
            case "#", "<", ">", "{", "}", "[", "]", "|", "\\", "&", "%": result.append(" ")
            default: result.append(character)
            }
        }
        let trimmed = result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let label = trimmed.count > 40 ? String(trimmed.prefix(39)) + "…" : trimmed
        return label.isEmpty ? "–" : label
    }
}
