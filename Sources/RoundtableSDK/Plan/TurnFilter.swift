/// Turns only for the people an earlier step's result picks (`only:`).
///
/// The plan gives everyone a turn; when the earlier step ends, the turns of those it did
/// not pick are passed over. Picked are the authors of that step's scores and votes
/// within the bounds (`at_most`, `at_least`), or, with no bounds, everyone who
/// contributed to it.
///
/// ```swift
/// let filter = TurnFilter(fromIndex: 2, fromID: "show", atMost: 2)
/// let speakers = filter.speakers(from: artifacts)   // who showed 0, 1 or 2 fingers
/// ```
public struct TurnFilter: Sendable, Hashable {
    /// Position in ``Plan/steps`` of the step whose result picks the speakers.
    public var fromIndex: Int
    /// That step's `id:`.
    public var fromID: String
    /// Picks those whose score or vote is at most this.
    public var atMost: Double?
    /// Picks those whose score or vote is at least this.
    public var atLeast: Double?

    public init(fromIndex: Int, fromID: String, atMost: Double? = nil, atLeast: Double? = nil) {
        self.fromIndex = fromIndex
        self.fromID = fromID
        self.atMost = atMost
        self.atLeast = atLeast
    }

    /// The people the artifacts of the `from` step pick, in the order first seen.
    public func speakers(from artifacts: [Artifact]) -> [String] {
        var picked: [String] = []
        let bounded = atMost != nil || atLeast != nil
        for artifact in artifacts {
            guard let author = artifact.author, !picked.contains(author) else { continue }
            if bounded {
                guard artifact.kind == .score || artifact.kind == .vote, let value = artifact.value else { continue }
                if let atMost, value > atMost { continue }
                if let atLeast, value < atLeast { continue }
            } else if artifact.category == "typed" || artifact.category == "pass" {
                continue
            }
            picked.append(author)
        }
        return picked
    }
}
