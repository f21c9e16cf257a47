/// A block font for the countdown that scales with the terminal, readable from the back of
/// a room: glyphs of 3 × 5 pixels, each pixel `scale` cells wide and `scale` half-cells
/// tall (half blocks keep the pixels square on a terminal's tall cells).
enum BigDigits {
    private static let glyphs: [Character: [String]] = [
        "0": ["###", "#.#", "#.#", "#.#", "###"],
        "1": [".#.", "##.", ".#.", ".#.", "###"],
        "2": ["###", "..#", "###", "#..", "###"],
        "3": ["###", "..#", ".##", "..#", "###"],
        "4": ["#.#", "#.#", "###", "..#", "..#"],
        "5": ["###", "#..", "###", "..#", "###"],
        "6": ["###", "#..", "###", "#.#", "###"],
        "7": ["###", "..#", "..#", "..#", "..#"],
        "8": ["###", "#.#", "###", "#.#", "###"],
        "9": ["###", "#.#", "###", "..#", "###"],
        ":": [".", "#", ".", "#", "."],
        "-": ["...", "...", "###", "...", "..."],
        "+": ["...", ".#.", "###", ".#.", "..."],
    ]

    /// Terminal rows the font takes at `scale`.
    static func height(scale: Int) -> Int { (5 * scale + 1) / 2 }

    /// Cells `text` takes at `scale` (one pixel of space between glyphs).
    static func width(_ text: String, scale: Int) -> Int {
        let pixels = text.compactMap { glyphs[$0]?[0].count }
        guard !pixels.isEmpty else { return 0 }
        return (pixels.reduce(0, +) + pixels.count - 1) * scale
    }

    /// ``height(scale:)`` lines spelling `text` (digits, ':', '-', '+'); other characters are skipped.
    static func render(_ text: String, scale: Int = 1) -> [String] {
        let scale = max(1, scale)
        let known = text.compactMap { glyphs[$0] }
        let pixelRows = 5 * scale
        // One row of pixels per half cell: the bitmap stretched by `scale` both ways.
        var bitmap: [[Bool]] = Array(repeating: [], count: pixelRows)
        for (index, glyph) in known.enumerated() {
            for y in 0..<pixelRows {
                let source = Array(glyph[y / scale])
                for pixel in source {
                    bitmap[y] += Array(repeating: pixel == "#", count: scale)
                }
                if index < known.count - 1 { bitmap[y] += Array(repeating: false, count: scale) }
            }
        }
        var lines: [String] = []
        var y = 0
        while y < pixelRows {
            let top = bitmap[y]
            let bottom = y + 1 < pixelRows ? bitmap[y + 1] : Array(repeating: false, count: top.count)
            var line = ""
            for x in 0..<top.count {
                switch (top[x], bottom[x]) {
                case (true, true): line += "█"
                case (true, false): line += "▀"
                case (false, true): line += "▄"
                case (false, false): line += " "
                }
            }
            lines.append(line)
            y += 2
        }
        return lines
    }
}
