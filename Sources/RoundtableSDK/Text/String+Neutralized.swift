extension String {
    /// This text with every control character made visible and harmless.
    ///
    /// Text from exercise files or typed input must never reach the terminal raw: an
    /// escape sequence in a prompt could move the cursor, retitle the window or write
    /// to the clipboard. C0 controls become their Unicode "control picture" (ESC shows
    /// as `␛`), DEL becomes `␡`, C1 controls and bidirectional overrides become `�`.
    /// Tabs become a space. Newlines are kept only when `keepingNewlines` is true.
    public func neutralized(keepingNewlines: Bool = false) -> String {
        // Printable ASCII, the common case, needs nothing: checked on the bytes, without
        // decoding scalars (a board of 2,000 cards is checked on every change).
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return self }
        var needsWork = false
        for scalar in unicodeScalars where Self.isUnsafe(scalar) {
            if keepingNewlines && scalar == "\n" { continue }
            needsWork = true
            break
        }
        guard needsWork else { return self }
        var result = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar.value {
            case 0x0A where keepingNewlines:
                result.append(scalar)
            case 0x09:
                result.append(" ")
            case 0x00...0x1F:
                result.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F:
                result.append("\u{2421}")
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                result.append("\u{FFFD}")
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    package static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

extension StringProtocol {
    /// At most `length` characters, with `…` when cut: for quoting typed text back in a message.
    public func shortened(to length: Int = 24) -> String {
        count > length ? String(prefix(length)) + "…" : String(self)
    }
}
