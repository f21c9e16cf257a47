import CQRencode

/// A QR code of a short text (the join address), from the system's libqrencode.
///
/// ```swift
/// let code = QRCode("http://192.168.1.20:8422/K7PQ4M")
/// print(code?.halfBlocks(color: true) ?? "")
/// ```
public struct QRCode: Sendable, Equatable {
    /// Modules per side, without the quiet zone.
    public let size: Int
    /// Row-major, true for a dark module.
    public let modules: [Bool]

    /// Encodes `text` in byte mode with error correction M; nil if libqrencode refuses it.
    public init?(_ text: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    /// Whether the module at `row`, `column` is dark; the quiet zone around the code is light.
    public func isDark(row: Int, column: Int) -> Bool {
        guard row >= 0, column >= 0, row < size, column < size else { return false }
        return modules[row * size + column]
    }

    /// Width of the light border scanners need, in modules.
    public static let quietZone = 4

    /// The code as terminal text, two module rows per line with half blocks.
    ///
    /// With `color`, every line is forced to black on white, so that a dark terminal theme
    /// still shows a code a phone can scan; without it, a block stands for a dark module
    /// (fine on light terminals).
    public func halfBlocks(color: Bool) -> String {
        let q = Self.quietZone
        var lines: [String] = []
        var row = -q
        while row < size + q {
            var line = color ? "\u{1B}[30;107m" : ""
            for column in -q..<(size + q) {
                switch (isDark(row: row, column: column), isDark(row: row + 1, column: column)) {
                case (true, true): line += "█"
                case (true, false): line += "▀"
                case (false, true): line += "▄"
                case (false, false): line += " "
                }
            }
            if color { line += "\u{1B}[0m" }
            lines.append(line)
            row += 2
        }
        return lines.joined(separator: "\n")
    }
}
