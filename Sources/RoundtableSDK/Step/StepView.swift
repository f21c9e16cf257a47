/// What the room should see of a step now: the value every screen draws.
///
/// A handler publishes a new view whenever its state changes (``StepContext/show(_:)``
/// or ``StepContext/updateView(_:)``); the terminal, a participant's page and the report
/// render it. A handler never prints state line by line: a board drawn from a view stays
/// on screen, redraws on resize and can say "4 of 6 have voted".
///
/// Text in a view comes from exercise files and from the room: renderers neutralize or
/// escape it for where they write it.
///
/// ```swift
/// step.updateView { view in
///     view.items = items.enumerated().map { .init(number: $0.offset + 1, text: $0.element, tally: totals[$0.offset]) }
///     view.progress = .init(verb: "voted", done: voted, awaited: waiting)
/// }
/// ```
public struct StepView: Sendable, Hashable, Codable {
    /// A column of a board (a retrospective's "Went well", a cluster's theme).
    public struct Column: Sendable, Hashable, Codable {
        public var title: String
        public var cards: [Card]

        public init(_ title: String, cards: [Card] = []) {
            self.title = title
            self.cards = cards
        }
    }

    /// A card on a board.
    public struct Card: Sendable, Hashable, Codable {
        public var text: String
        /// Who wrote it; nil when anonymous.
        public var author: String?

        public init(_ text: String, by author: String? = nil) {
            self.text = text
            self.author = author
        }
    }

    /// A numbered item: something to vote on, score or act on, with its tally so far.
    public struct Item: Sendable, Hashable, Codable {
        /// The number people type to pick it, from 1.
        public var number: Int
        public var text: String
        /// Dots, points or the mean score so far; nil while hidden or not tallied.
        public var tally: Double?
        /// A short remark shown after the item ("tie", "owner: Ana").
        public var detail: String?

        public init(number: Int, text: String, tally: Double? = nil, detail: String? = nil) {
            self.number = number
            self.text = text
            self.tally = tally
            self.detail = detail
        }
    }

    /// Who has contributed and who is still awaited, in a step that asks everyone.
    public struct Progress: Sendable, Hashable, Codable {
        /// What people do, in the past tense: "voted", "written", "scored".
        public var verb: String
        /// Those who have contributed, in the order they did.
        public var done: [String]
        /// Those still awaited, in the session's order.
        public var awaited: [String]
        /// Whether screens may name the people (false: only the counts).
        public var showsNames: Bool

        public init(verb: String, done: [String], awaited: [String], showsNames: Bool = true) {
            self.verb = verb
            self.done = done
            self.awaited = awaited
            self.showsNames = showsNames
        }

        /// "4 of 6 have voted".
        public var summary: String {
            let total = done.count + awaited.count
            return "\(done.count) of \(total) \(done.count == 1 ? "has" : "have") \(verb)"
        }
    }

    /// Who speaks now and next, in a step of turns.
    public struct Turn: Sendable, Hashable, Codable {
        public var speaker: String
        public var next: String?

        public init(speaker: String, next: String? = nil) {
            self.speaker = speaker
            self.next = next
        }
    }

    /// The question the room works on.
    public var prompt: String?
    /// A board: columns with their cards.
    public var columns: [Column]
    /// Numbered items with their tallies.
    public var items: [Item]
    /// Who has contributed and who is awaited.
    public var progress: Progress?
    /// Who speaks now and next.
    public var turn: Turn?
    /// How many contributions are kept hidden until the handler reveals them.
    public var hidden: Int
    /// Lines worth keeping on screen: a result, a tie, what to type.
    public var notes: [String]
    /// What participants are asked for now, for devices to offer the input that fits; nil
    /// asks for a line of text.
    public var entry: Entry?

    public init(
        prompt: String? = nil, columns: [Column] = [], items: [Item] = [], progress: Progress? = nil,
        turn: Turn? = nil, hidden: Int = 0, notes: [String] = [], entry: Entry? = nil
    ) {
        self.prompt = prompt
        self.columns = columns
        self.items = items
        self.progress = progress
        self.turn = turn
        self.hidden = hidden
        self.notes = notes
        self.entry = entry
    }

    /// Whether the view has nothing to show.
    public var isEmpty: Bool {
        prompt == nil && columns.isEmpty && items.isEmpty && progress == nil && turn == nil && hidden == 0 && notes.isEmpty
    }
}
