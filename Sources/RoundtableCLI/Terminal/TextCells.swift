/// Text measured in terminal cells: wide characters (CJK, emoji) take two, combining marks
/// none. The screen lays out by cells, never by characters, so that a line never wraps on
/// its own and pushes the rest of the frame down.
enum TextCells {
    /// The cells one character takes.
    static func width(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let value = first.value
        // Fast paths for what a frame is mostly made of: ASCII, punctuation, box drawing
        // and block elements (a Unicode property lookup per cell is what a tick would cost).
        switch value {
        case 0..<0x300, 0x2010...0x2027, 0x2030...0x205F, 0x2190...0x2319, 0x2500...0x25FC: return 1
        case 0x300...0x36F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F: return 0
        default: break
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if first.properties.isEmojiPresentation { return 2 }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The cells a string takes.
    static func width(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += width(character) }
        return total
    }

    /// `text` cut to at most `width` cells, ending with "…" when cut; at a word boundary
    /// when one is near enough, so that no word is shown half.
    static func fit(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if Self.width(text) <= width { return text }
        var kept: [Character] = []
        var used = 0
        for character in text {
            let cells = Self.width(character)
            if used + cells > width - 1 { break }
            kept.append(character)
            used += cells
        }
        if let space = kept.lastIndex(of: " "), space >= kept.count / 2 {
            kept.removeSubrange(space...)
            while kept.last == " " || kept.last == "·" || kept.last == "—" { kept.removeLast() }
        }
        return String(kept) + "…"
    }

    /// `text` padded with spaces to exactly `width` cells (cut first if longer).
    static func pad(_ text: String, _ width: Int) -> String {
        let fitted = fit(text, width)
        return fitted + String(repeating: " ", count: max(0, width - Self.width(fitted)))
    }

    /// Lines of at most `width` cells, broken at spaces; a word longer than a line is split.
    static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = Substring(word)
                var wordWidth = Self.width(word)
                if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                    line += " " + word
                    lineWidth += 1 + wordWidth
                    continue
                }
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while wordWidth > width {
                    var head = ""
                    var used = 0
                    var index = word.startIndex
                    while index < word.endIndex, used + Self.width(word[index]) <= width {
                        used += Self.width(word[index])
                        head.append(word[index])
                        index = word.index(after: index)
                    }
                    if head.isEmpty { index = word.index(after: index) }
                    lines.append(head)
                    word = word[index...]
                    wordWidth = Self.width(word)
                }
                line = String(word)
                lineWidth = wordWidth
            }
            lines.append(line)
        }
        return lines
    }
}
