/// Durations as exercise authors write them: `45s`, `5m`, `1h30m`, `1m30s`.
public enum DurationText {
    /// The ECMA-262 pattern of what ``parse(_:)`` takes and the loader accepts: units in
    /// the order h, m, s, at most six digits each, and longer than zero (`0s` is refused).
    ///
    /// The JSON Schema of exercise files and of duration config keys uses it.
    public static let schemaPattern = "^ *(?=[^1-9]*[1-9])([0-9]{1,6}h)?([0-9]{1,6}m)?([0-9]{1,6}s)? *$"

    /// Parses `1h30m`-style text into a duration, or nil if it is not of that form.
    ///
    /// A bare number is rejected on purpose: `5` could mean seconds or minutes.
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimming(" ")
        guard !trimmed.isEmpty else { return nil }
        var total: Int64 = 0
        var number: Int64?
        var lastUnitRank = 4
        for character in trimmed {
            if let digit = character.wholeNumberValue, character.isASCII {
                let next = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !next.overflow, next.partialValue < 1_000_000 else { return nil }
                number = next.partialValue + Int64(digit)
                continue
            }
            let (seconds, rank): (Int64, Int)
            switch character {
            case "h": (seconds, rank) = (3600, 3)
            case "m": (seconds, rank) = (60, 2)
            case "s": (seconds, rank) = (1, 1)
            default: return nil
            }
            guard let value = number, rank < lastUnitRank else { return nil }
            total += value * seconds
            number = nil
            lastUnitRank = rank
        }
        guard number == nil else { return nil }
        return .seconds(total)
    }

    /// `1h30m`, `5m`, `45s`, `2m30s` — the inverse of ``parse(_:)`` for whole seconds.
    public static func format(_ duration: Duration) -> String {
        let total = duration.wholeSeconds
        if total == 0 { return "0s" }
        let sign = total < 0 ? "-" : ""
        let value = abs(total)
        let h = value / 3600, m = (value % 3600) / 60, s = value % 60
        var text = sign
        if h > 0 { text += "\(h)h" }
        if m > 0 { text += "\(m)m" }
        if s > 0 { text += "\(s)s" }
        return text
    }

    /// A clock face: `4:05`, `1:02:03`, `-0:12` for overtime.
    public static func clock(_ duration: Duration) -> String {
        let total = duration.wholeSeconds
        let value = abs(total)
        let h = value / 3600, m = (value % 3600) / 60, s = value % 60
        let sign = total < 0 ? "-" : ""
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(sign)\(h):\(two(m)):\(two(s))" : "\(sign)\(m):\(two(s))"
    }
}

extension Duration {
    /// Whole seconds, rounded toward zero.
    public var wholeSeconds: Int64 { components.seconds }

    /// Seconds as a floating-point number.
    public var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension String {
    func trimming(_ set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice.removeFirst() }
        while slice.last == set { slice.removeLast() }
        return String(slice)
    }
}
