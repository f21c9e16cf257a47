/// A three-row block font for the countdown, readable from the back of a room.
enum BigDigits {
    private static let glyphs: [Character: [String]] = [
        "0": ["█▀█", "█ █", "█▄█"],
        "1": ["▄█ ", " █ ", "▄█▄"],
        "2": ["▀▀█", "█▀▀", "█▄▄"],
        "3": ["▀▀█", " ▀█", "▄▄█"],
        "4": ["█ █", "▀▀█", "  █"],
        "5": ["█▀▀", "▀▀█", "▄▄█"],
        "6": ["█▀▀", "█▀█", "█▄█"],
        "7": ["▀▀█", "  █", "  █"],
        "8": ["█▀█", "█▀█", "█▄█"],
        "9": ["█▀█", "▀▀█", "▄▄█"],
        ":": [" ", "▀", "▀"],
        "-": ["   ", "▀▀▀", "   "],
        "+": ["   ", "▄█▄", " ▀ "],
    ]

    /// Three lines spelling `text` (digits, ':', '-', '+'); other characters are skipped.
    static func render(_ text: String) -> [String] {
        var rows = ["", "", ""]
        for character in text {
            guard let glyph = glyphs[character] else { continue }
            for row in 0..<3 { rows[row] += glyph[row] + " " }
        }
        return rows
    }
}
