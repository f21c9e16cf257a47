/// Something a step produced: an idea, a vote, a decision, an action item, a note.
///
/// Artifacts are what a session leaves behind. They go into the report, and a later
/// step with `input:` receives the artifacts of the step it names (brainwriting →
/// cluster → dot-vote → action-items).
public struct Artifact: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case idea, vote, score, decision, action, note
    }

    public var kind: Kind
    /// The idea, the item voted on, the decision, the action.
    public var text: String
    /// Who said or typed it (nil when anonymous).
    public var author: String?
    /// Owner of an action item.
    public var owner: String?
    /// Due date of an action item, as typed.
    public var due: String?
    /// Points of a vote or a score.
    public var value: Double?
    /// A grouping label: a retro column, a cluster theme, a brainwriting sheet, a group.
    public var category: String?
    /// The id of what this artifact is about (a commitment reviewed, for instance).
    public var ref: String?
    /// Step and round it was produced in (filled by the runner).
    public var stepID: String?
    public var round: Int?

    public init(
        _ kind: Kind, _ text: String, author: String? = nil, owner: String? = nil, due: String? = nil,
        value: Double? = nil, category: String? = nil
    ) {
        self.kind = kind
        self.text = text
        self.author = author
        self.owner = owner
        self.due = due
        self.value = value
        self.category = category
    }

    public static func idea(_ text: String, by author: String? = nil, category: String? = nil) -> Artifact {
        Artifact(.idea, text, author: author, category: category)
    }

    public static func note(_ text: String, by author: String? = nil, category: String? = nil) -> Artifact {
        Artifact(.note, text, author: author, category: category)
    }

    public static func vote(for item: String, by voter: String?, points: Double = 1) -> Artifact {
        Artifact(.vote, item, author: voter, value: points)
    }

    public static func score(_ item: String, _ value: Double, by author: String? = nil) -> Artifact {
        Artifact(.score, item, author: author, value: value)
    }

    public static func decision(_ text: String, by author: String? = nil, category: String? = nil) -> Artifact {
        Artifact(.decision, text, author: author, category: category)
    }

    public static func action(_ text: String, owner: String?, due: String? = nil) -> Artifact {
        Artifact(.action, text, owner: owner, due: due)
    }
}
