import Foundation

/// JSON for the terminal and for other programs: pretty, stable and with no raw control
/// characters.
///
/// JSONEncoder escapes C0 controls but writes C1 controls (U+0080–U+009F, where U+009B
/// starts a terminal sequence) and bidirectional overrides as they are; those are written
/// as `\u` escapes here, so the JSON means the same and a terminal showing it stays safe.
enum JSONOutput {
    static func encode(_ value: some Encodable, sortedKeys: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = sortedKeys ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        var safe = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                safe.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            default:
                safe.append(scalar)
            }
        }
        return String(safe)
    }
}
