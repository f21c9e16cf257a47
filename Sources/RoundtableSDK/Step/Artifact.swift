import Foundation

/// Something a step produced: an idea, a vote, a decision, an action item, a note.
///
/// Artifacts are what a session leaves behind. They go into the report, and a later
/// step with `input:` receives the artifacts of the step it names (brainwriting →
/// cluster → dot-vote → action-items). A handler records them with
/// ``StepContext/record(_:)``, usually through the constructors below; the report groups
/// them by ``Kind``.
///
/// ```swift
/// step.record(.idea("Pairing Fridays", by: "Ana", category: "Start"))
/// step.record(.vote(for: "Pairing Fridays", by: "Ben", points: 2))
/// step.record(.action("Book the room", owner: "Chen", due: "Monday"))
/// ```
public struct Artifact: Sendable, Hashable, Codable {
    /// What an artifact is; the report has a section for each, and ``InputItem`` reads them by kind.
    ///
    /// - `idea`: something proposed (a brainstormed idea, a retro entry, a group's harvest);
    /// - `vote`: points given to an item, tallied per text;
    /// - `score`: a rating of an item (fist-to-five), tallied per text;
    /// - `decision`: something the room decided;
    /// - `action`: something someone will do, with an owner and maybe a due date;
    /// - `note`: anything else worth keeping (what a speaker said, a scribe's line).
    /// - `result`: a structured result (a table, a histogram) in ``table``.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case idea, vote, score, decision, action, note, result
    }

    /// What the artifact is.
    public var kind: Kind
    /// The idea, the item voted on, the decision, the action.
    public var text: String
    /// Who said or typed it (nil when anonymous).
    public var author: String?
    /// Owner of an action item (the first, when it has several: see ``owners``).
    public var owner: String?
    /// Every owner of an action item that has more than one, in the order they were named;
    /// nil for one owner or none. ``owner`` holds the first, so readers that know one owner
    /// still find someone; ``allOwners`` gives the whole list either way.
    public var owners: [String]?
    /// Due date of an action item, as typed.
    public var due: String?
    /// Points of a vote or a score.
    public var value: Double?
    /// A grouping label: a retro column, a cluster theme, a brainwriting sheet, a group.
    ///
    /// For an action item, the item it answers (an action-items step's input). The report
    /// shows it in brackets. Three labels are reserved: `typed` (a line no handler read,
    /// kept by the runner), `pass` (someone passed, see ``pass(by:)``) and `rejected` (a
    /// line a handler refused, see ``rejected(_:by:reason:)``); ``InputItem`` skips them.
    public var category: String?
    /// Why a handler refused the line of a `rejected` note, as the room was told.
    public var reason: String?
    /// The id of what this artifact is about (a commitment reviewed, for instance).
    public var ref: String?
    /// Step and round it was produced in (filled by the runner).
    public var stepID: String?
    /// The round it was produced in, from 1 (filled by the runner).
    public var round: Int?
    /// The data of a ``Kind/result``: rows under named columns.
    public var table: ResultTable?
    /// The item it was produced for, in a step with `for_each:` (filled by the runner).
    public var item: String?
    /// The turn it was produced in, from 1, in a step with `each: participant` (filled by
    /// the runner); with ``speaker`` it files the artifact under "Ana's turn" in the report.
    public var turn: Int?
    /// Whose turn it was when it was produced (filled by the runner); not always the
    /// ``author``: a scribe's note in Ana's turn is by the scribe, in Ana's turn.
    public var speaker: String?

    /// An artifact of any kind; the static constructors below read better for the usual ones.
    ///
    /// - Parameters:
    ///   - kind: What it is.
    ///   - text: The idea, the item voted on, the decision, the action.
    ///   - author: Who said or typed it; nil when anonymous.
    ///   - owner: Who will do an action item.
    ///   - due: When an action item is due, as typed.
    ///   - value: Points of a vote or a score.
    ///   - category: A grouping label (a column, a theme, a group).
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

    /// An idea, e.g. `.idea(line.text, by: step.segment.speaker)`.
    ///
    /// - Parameters:
    ///   - text: The idea.
    ///   - author: Who had it; nil when anonymous.
    ///   - category: A grouping label (a retro column, a cluster theme).
    /// - Returns: An artifact of kind ``Kind/idea``.
    public static func idea(_ text: String, by author: String? = nil, category: String? = nil) -> Artifact {
        Artifact(.idea, text, author: author, category: category)
    }

    /// A note: what a speaker said, a scribe's line.
    ///
    /// - Parameters:
    ///   - text: The note.
    ///   - author: Whose words they are; nil for the room.
    ///   - category: A grouping label.
    /// - Returns: An artifact of kind ``Kind/note``.
    public static func note(_ text: String, by author: String? = nil, category: String? = nil) -> Artifact {
        Artifact(.note, text, author: author, category: category)
    }

    /// Points for an item; ``InputItem`` and the report add up the votes per item text.
    ///
    /// - Parameters:
    ///   - item: The text voted for, exactly as the option reads.
    ///   - voter: Who voted; nil for a secret ballot.
    ///   - points: How many points (dots) this vote gives.
    /// - Returns: An artifact of kind ``Kind/vote``.
    public static func vote(for item: String, by voter: String?, points: Double = 1) -> Artifact {
        Artifact(.vote, item, author: voter, value: points)
    }

    /// A rating of an item, e.g. a fist-to-five; totals add up per item text.
    ///
    /// - Parameters:
    ///   - item: The text rated.
    ///   - value: The rating.
    ///   - author: Who rated; nil when secret.
    /// - Returns: An artifact of kind ``Kind/score``.
    public static func score(_ item: String, _ value: Double, by author: String? = nil) -> Artifact {
        Artifact(.score, item, author: author, value: value)
    }

    /// Something the room decided.
    ///
    /// - Parameters:
    ///   - text: The decision.
    ///   - author: Who proposed or stated it; nil for the room.
    ///   - category: A grouping label, e.g. "consent" or "objection".
    /// - Returns: An artifact of kind ``Kind/decision``.
    public static func decision(_ text: String, by author: String? = nil, category: String? = nil) -> Artifact {
        Artifact(.decision, text, author: author, category: category)
    }

    /// An action item with several owners ("@Ben @Chen"): ``owner`` is the first, ``owners`` all.
    ///
    /// - Parameters:
    ///   - text: What will be done.
    ///   - owners: Who will do it, in the order named; empty when nobody took it yet.
    ///   - due: When, as typed.
    /// - Returns: An artifact of kind ``Kind/action``.
    public static func action(_ text: String, owners: [String], due: String? = nil) -> Artifact {
        var artifact = Artifact(.action, text, owner: owners.first, due: due)
        artifact.owners = owners.count > 1 ? owners : nil
        return artifact
    }

    /// Every owner of an action item: ``owners`` when it has several, else ``owner``.
    public var allOwners: [String] { owners ?? owner.map { [$0] } ?? [] }

    /// Someone passed (in a round, a vote, a score): one shape however the pass was typed
    /// (`pass`, `abstain`, an empty line), a `note` "passed" in the category `pass`.
    ///
    /// - Parameter person: Who passed; nil when unknown.
    /// - Returns: An artifact of kind ``Kind/note``.
    public static func pass(by person: String?) -> Artifact {
        Artifact(.note, "passed", author: person, category: "pass")
    }

    /// Whether a typed answer is a pass: `pass` or `abstain`, in any case, spaces around ignored.
    ///
    /// Handlers that also take an empty line as a pass check for it themselves.
    public static func isPass(_ typed: String) -> Bool {
        ["pass", "abstain"].contains(typed.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// A line a handler refused (a wrong column, an unknown owner, a ballot over budget),
    /// kept so that nothing typed is lost: the report lists it with the reason.
    ///
    /// Usually recorded through ``StepContext/refuse(_:by:reason:)``, which also tells the room.
    ///
    /// - Parameters:
    ///   - text: The line as typed.
    ///   - author: Who typed or sent it, when known.
    ///   - reason: Why it was refused.
    /// - Returns: An artifact of kind ``Kind/note`` in the category `rejected`.
    public static func rejected(_ text: String, by author: String? = nil, reason: String) -> Artifact {
        var artifact = Artifact(.note, text, author: author, category: "rejected")
        artifact.reason = reason
        return artifact
    }

    /// A ranking as the room saw it: a ``Kind/result`` table (rank, item, value) in the
    /// category `ranking`, whose value column names how the items were ranked.
    ///
    /// - Parameters:
    ///   - title: What was ranked; also the artifact's text.
    ///   - entries: The ranked entries shown (``Ranking/top(_:of:)``).
    ///   - method: How each item's value was made.
    ///   - unit: The value column's name for a sum ("dots"); a mean is always `mean`.
    /// - Returns: An artifact of kind ``Kind/result``.
    public static func ranking(_ title: String, _ entries: [Ranking.Entry], by method: Ranking.Method, unit: String? = nil) -> Artifact {
        var artifact = result(title, columns: ["rank", "item", method == .mean ? "mean" : unit ?? "sum"],
                              rows: entries.map { [String($0.place), $0.text, Ranking.format($0.value)] })
        artifact.category = "ranking"
        return artifact
    }

    /// How the items of a step were ranked, read from a ``ranking(_:_:by:unit:)`` result; nil for other artifacts.
    public var rankingMethod: Ranking.Method? {
        guard kind == .result, category == "ranking", let column = table?.columns.last else { return nil }
        return column == "mean" ? .mean : .sum
    }

    /// An action item; the report lists it with its owner and due date.
    ///
    /// - Parameters:
    ///   - text: What will be done.
    ///   - owner: Who will do it; nil when nobody took it yet.
    ///   - due: When, as typed ("Friday", "2026-12-01").
    /// - Returns: An artifact of kind ``Kind/action``.
    public static func action(_ text: String, owner: String?, due: String? = nil) -> Artifact {
        Artifact(.action, text, owner: owner, due: due)
    }

    /// A structured result: a table that JSON and CSV carry as data and the report shows as a table.
    ///
    /// ```swift
    /// step.record(.result("Scores", columns: ["score", "people"], rows: [["0", "1"], ["4", "3"]]))
    /// ```
    ///
    /// - Parameters:
    ///   - title: What the table shows; also the artifact's text.
    ///   - columns: The column headings.
    ///   - rows: The rows, each with one cell per column.
    /// - Returns: An artifact of kind ``Kind/result``.
    public static func result(_ title: String, columns: [String], rows: [[String]]) -> Artifact {
        var artifact = Artifact(.result, title)
        artifact.table = ResultTable(columns: columns, rows: rows)
        return artifact
    }

    /// A histogram: how many answers each value of a scale got, in the scale's order.
    ///
    /// - Parameters:
    ///   - title: What was counted.
    ///   - counts: Each value with its count, in order (values with no answers included).
    /// - Returns: An artifact of kind ``Kind/result`` with the columns `value` and `count`.
    public static func histogram(_ title: String, counts: [(value: String, count: Int)]) -> Artifact {
        result(title, columns: ["value", "count"], rows: counts.map { [$0.value, String($0.count)] })
    }

    /// The artifact with every text field neutralized, as it is kept and shown.
    public func neutralized() -> Artifact {
        var artifact = self
        artifact.text = text.neutralized()
        artifact.author = author?.neutralized()
        artifact.owner = owner?.neutralized()
        artifact.owners = owners?.map { $0.neutralized() }
        artifact.reason = reason?.neutralized()
        artifact.due = due?.neutralized()
        artifact.category = category?.neutralized()
        artifact.ref = ref?.neutralized()
        artifact.item = item?.neutralized()
        artifact.speaker = speaker?.neutralized()
        artifact.table = table.map { table in
            ResultTable(columns: table.columns.map { $0.neutralized() }, rows: table.rows.map { $0.map { $0.neutralized() } })
        }
        return artifact
    }
}
