/// Random secrets of a join server: the room code people type or scan, and device tokens.
public enum JoinSecrets {
    /// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V).
    public static let roomAlphabet = Array("ACDEFGHJKMNPQRTWXY34679")

    /// A room code of `length` characters from ``roomAlphabet``.
    public static func roomCode(length: Int = 6) -> String {
        var random = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in roomAlphabet.randomElement(using: &random)! })
    }

    /// An unguessable device token: 256 bits from the system's generator, as 64 hex digits.
    public static func token() -> String {
        var random = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var text = ""
        for _ in 0..<4 {
            var word = random.next() as UInt64
            for _ in 0..<16 {
                text.append(digits[Int(word & 0xF)])
                word >>= 4
            }
        }
        return text
    }

    /// Compares two secrets in time that does not depend on where they differ.
    public static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// Whether `text` looks like a room code (so it can be compared, never echoed unchecked).
    public static func isRoomCode(_ text: String) -> Bool {
        text.count >= 4 && text.count <= 12 && text.allSatisfy { roomAlphabet.contains($0) }
    }
}
