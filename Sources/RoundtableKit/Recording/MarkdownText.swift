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
    /// Characters that Markdown or GitHub's flavour may read as structure anywhere in a line
    /// (`$` opens GitHub's math); a backslash keeps each literal.
    ///
    /// CommonMark lets any ASCII punctuation be escaped this way, so the escape never shows.
    static let structural: Set<Character> = ["|", "\\", "`", "*", "_", "[", "]", "<", ">", "~", "&", "$"]

    /// Text that starts a list item or a heading, escaped and neutralized: control
    /// characters (newlines too) become visible symbols, and a start that would open a
    /// heading, a nested list or a quote (`#`, `-`, `+`, `=`, `1.`) is escaped as well.
    static func inline(_ value: String) -> String {
        let result = cell(value)
        if let first = result.first, "#+-=".contains(first) { return "\\" + result }
        let digits = result.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let after = result.dropFirst(digits.count).first, after == "." || after == ")" {
            return digits + "\\" + result.dropFirst(digits.count)
        }
        return result
    }

    /// Text inside a table cell (or after other text on a line), where only inline structure counts.
    static func cell(_ value: String) -> String {
        var result = ""
        for character in value.neutralized() {
            if structural.contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// A Markdown table; every cell is escaped, rows are padded or cut to the header's width.
    ///
    /// - Parameters:
    ///   - header: The column headings.
    ///   - rows: The rows, cell by cell, as raw text.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        guard !header.isEmpty else { return [] }
        func line(_ cells: [String]) -> String {
            let padded = (0..<header.count).map { $0 < cells.count ? cells[$0] : "" }
            let shown = padded.map { cell in
                let text = Self.cell(cell)
                return text.isEmpty ? " " : text
            }
            return "| " + shown.joined(separator: " | ") + " |"
        }
        return [line(header), "|" + header.map { _ in "---" }.joined(separator: "|") + "|"] + rows.map(line)
    }

    /// A label inside a Mermaid block: one line, no quotes, colons, semicolons, brackets or
    /// HTML, at most `length` characters (a chart is read at a glance; the table above it
    /// holds the whole text).
    static func chartLabel(_ value: String, length: Int = 40) -> String {
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
        let label = trimmed.count > length ? String(trimmed.prefix(length - 1)) + "…" : trimmed
        return label.isEmpty ? "–" : label
    }
}
