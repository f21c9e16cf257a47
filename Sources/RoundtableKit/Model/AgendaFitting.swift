/// How an agenda keeps to its timebox: `fit:` and `breaks:`.
public struct AgendaFitting: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// The facilitator fits the rest with `/fit`.
        case manual
        /// The rest is fitted at the start of every step.
        case auto
    }

    public var mode: Mode = .manual
    /// With `breaks: { after_rotation: true, length: 5m }`, a break of this length after
    /// every full rotation of roles (everyone has held a rotating role since the last break).
    public var rotationBreak: Duration?
    public var rotationBreakTitle = "Break"

    public init(mode: Mode = .manual, rotationBreak: Duration? = nil, rotationBreakTitle: String = "Break") {
        self.mode = mode
        self.rotationBreak = rotationBreak
        self.rotationBreakTitle = rotationBreakTitle
    }
}
