/// Something a team carries from one session into the next: a commitment to check, a
/// question left open.
///
/// The engine keeps a ledger of these per team, next to the session journals, without
/// knowing what they mean: a ``Carryover`` of a handler module decides what a finished
/// session adds or changes, and the handlers of later sessions read the open ones as
/// ``StepContext/carried``.
public struct CarriedItem: Sendable, Hashable, Codable {
    /// Stable across writes (`<session id>#<n>`), so recording a session twice changes nothing.
    public var id: String
    /// The ``Carryover/kind`` that keeps it, e.g. `commitment`.
    public var kind: String
    public var text: String
    public var owner: String?
    public var due: String?
    /// The session it was made in.
    public var session: String
    /// Its state in the words of its carry-over, e.g. `open`, `done`, `not yet`.
    public var status: String
    /// Whether later sessions still see it.
    public var isOpen: Bool

    public init(
        id: String, kind: String, text: String, owner: String? = nil, due: String? = nil, session: String,
        status: String = "open", isOpen: Bool = true
    ) {
        self.id = id
        self.kind = kind
        self.text = text
        self.owner = owner
        self.due = due
        self.session = session
        self.status = status
        self.isOpen = isOpen
    }
}

/// How a handler module hands results on from one session of a team to the next.
///
/// A handler names its carry-over with ``ExerciseHandler/carryover``; the engine calls
/// ``carry(_:session:known:)`` once a real (not rehearsed) session ends and writes what it
/// returns to the team's ledger. The latest entry for an id wins.
///
/// ```swift
/// public enum Commitments: Carryover {
///     public static let kind = "commitment"
///     public static func carry(_ artifacts: [Artifact], session: String, known: [CarriedItem]) -> [CarriedItem] {
///         artifacts.filter { $0.kind == .action && $0.owner != nil }.enumerated().map { index, action in
///             CarriedItem(id: "\(session)#\(index + 1)", kind: kind, text: action.text, owner: action.owner, session: session)
///         }
///     }
/// }
/// ```
public protocol Carryover: Sendable {
    /// The kind of item it keeps; unique among registered carry-overs.
    static var kind: String { get }

    /// What a finished session adds to the team's items, or changes in them.
    ///
    /// - Parameters:
    ///   - artifacts: Everything the session produced, in order.
    ///   - session: The session's id, for new items' ids.
    ///   - known: The team's open items of this kind when the session started.
    /// - Returns: New items and changed copies of known ones.
    static func carry(_ artifacts: [Artifact], session: String, known: [CarriedItem]) -> [CarriedItem]
}
