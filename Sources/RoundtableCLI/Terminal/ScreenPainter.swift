/// The bytes that turn the frame on the terminal into the next one.
///
/// Only the lines that differ are written, each from column 1 and erased to its end; the
/// cursor is hidden meanwhile and left at the end of the input line. With no frame on the
/// terminal (start, resize) the screen is cleared and drawn whole.
enum ScreenPainter {
    static func update(from shown: [String]?, to frame: ScreenLayout.Frame, bell: Bool = false) -> String {
        var output = bell ? "\u{07}" : ""
        let whole = shown == nil || shown?.count != frame.lines.count
        if whole { output += "\u{1B}[0m\u{1B}[H\u{1B}[2J" }
        var changed = 0
        for (index, line) in frame.lines.enumerated() where whole || shown?[index] != line {
            if changed == 0 { output += "\u{1B}[?25l" }
            changed += 1
            output += "\u{1B}[\(index + 1);1H\u{1B}[0m" + line + "\u{1B}[0m\u{1B}[K"
        }
        output += "\u{1B}[\(frame.lines.count);\(frame.cursorColumn)H"
        if changed > 0 { output += "\u{1B}[?25h" }
        return output
    }
}
