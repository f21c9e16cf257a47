import Foundation

extension Plan {
    /// The prefix of fingerprints that cover timers and input routing.
    static let fingerprintVersion = "2:"

    /// A digest of everything that shapes the plan and where typed input goes: steps,
    /// handlers and configs, timers (`timer:`), the step each reads from (`input:`),
    /// turns, segment timings, role holders and groups.
    ///
    /// A resume compares it with the session's own: a difference means the journal's
    /// lines could land in other steps or turns.
    public var fingerprint: String {
        var hasher = FNV1a()
        for digest in stepFingerprints { hasher.add(digest) }
        return Self.fingerprintVersion + hasher.hex
    }

    /// One digest per step, as ``fingerprint`` covers it: the first that differs between
    /// two plans names what changed.
    public var stepFingerprints: [String] {
        steps.map { step in
            var hasher = FNV1a()
            hasher.add(step.id)
            hasher.add(step.handler ?? "break")
            hasher.add(step.config?.canonicalText ?? "")
            let timer = step.timer
            hasher.add("timer|\(timer.warnAt.map { $0.map(\.description) } ?? ["default"])|\(timer.onZero.rawValue)|\(timer.turns.rawValue)")
            // One input keeps the digest it had before lists of inputs, so its sessions still resume.
            let inputs = step.inputIndices.isEmpty ? "-" : step.inputIndices.map(String.init).joined(separator: ",")
            hasher.add("input|\(inputs)|each|\(step.eachParticipant)")
            // A thumbs vote decides when rounds end on a replay; steps without one keep their digest.
            if let vote = step.thumbsVote { hasher.add("extend_vote|\(vote.extensions.map(\.description))") }
            // Items written in the file name what each round's notes are filed under; steps without keep their digest.
            if case let items = step.listedItems, !items.isEmpty { hasher.add("items|\(items)") }
            for segment in step.segments {
                hasher.add("\(segment.round)/\(segment.rounds)|\(segment.turn ?? 0)/\(segment.turns ?? 0)|\(segment.start)|\(segment.duration)|\(segment.speaker ?? "")|\(segment.roles.map(\.person))|\(segment.groups)")
            }
            return hasher.hex
        }
    }

    /// The digest sessions recorded before timers and input were covered; their journals
    /// are still checked against it.
    public var legacyFingerprint: String {
        var hasher = FNV1a()
        for step in steps {
            hasher.add(step.id)
            hasher.add(step.handler ?? "break")
            hasher.add(step.config?.canonicalText ?? "")
            for segment in step.segments {
                hasher.add("\(segment.start)|\(segment.duration)|\(segment.speaker ?? "")|\(segment.roles.map(\.person))|\(segment.groups)")
            }
            // Bounds decide what /fit does on a replay; plans without them keep their old digest.
            if !step.fit.isDefault { hasher.add("fit|\(String(describing: step.fit.min))|\(String(describing: step.fit.max))|\(step.fit.priority)|\(step.fit.locked)") }
        }
        if fitting.mode == .auto { hasher.add("fit: auto") }
        return hasher.hex
    }

    /// Whether this plan is the one a session recorded as `fingerprint` (of either form).
    public func matches(fingerprint recorded: String) -> Bool {
        recorded.hasPrefix(Self.fingerprintVersion) ? fingerprint == recorded : legacyFingerprint == recorded
    }
}

/// FNV-1a, 64 bits: a stable digest (Swift's Hasher is seeded per process).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        value ^= 0xFF
        value = value &* 0x100_0000_01b3
    }

    var hex: String { String(value, radix: 16) }
}
