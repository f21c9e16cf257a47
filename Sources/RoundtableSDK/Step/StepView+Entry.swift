extension StepView {
    /// What a step asks of each participant now, so that a device offers the input that fits:
    /// a line, a card for a column, dots on the items, a point of a scale, one of a few
    /// answers, an action with its owner.
    ///
    /// Whatever the input, a device sends the text a keyboard user would type for the same
    /// thing (`Went well: the demo`, `1 1 3`, `4`, `object: too early`, `Book a room
    /// @Ana due:Friday`), so the handler reads one format from every source.
    ///
    /// ```swift
    /// step.updateView { $0.entry = .dots(budget: 3, perItem: 2) }
    /// ```
    public struct Entry: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            /// A line of text: an idea, a note, an answer.
            case line
            /// A card for one of ``options`` (the board's columns), sent as `Column: text`.
            case card
            /// Dots on the view's numbered items, sent as their numbers: `1 1 3`.
            case dots
            /// One of ``options``, a scale's points in order, sent as the point.
            case scale
            /// One of ``options`` (a scale's points) for each numbered item of the view, sent
            /// in the items' order: `3 4 2`.
            case scores
            /// One of ``options``, sent as it is; an option ending in `:` asks for a reason
            /// after it (`object: too early`).
            case choice
            /// An action with one of ``options`` as its owner and an optional due date, sent
            /// as `text @Owner due:date`.
            case action
            /// A thumb on going on (``Thumb``): up, sideways or down, sent as the word.
            case thumbs
        }

        public var kind: Kind
        /// The columns, points, answers or owners to choose from.
        public var options: [String]
        /// For dots: how many each person places; an empty ballot (no dots) abstains.
        public var budget: Int?
        /// For dots: the most on one item; nil when there is no such limit.
        public var perItem: Int?
        /// What a device shows for each of ``options``, in the same order (a labelled
        /// scale's `4 · excellent`); the option itself is what it sends. Nil shows the options.
        public var labels: [String]?

        public init(_ kind: Kind, options: [String] = [], budget: Int? = nil, perItem: Int? = nil, labels: [String]? = nil) {
            self.kind = kind
            self.options = options
            self.budget = budget
            self.perItem = perItem
            self.labels = labels
        }

        /// A line of text.
        public static let line = Entry(.line)

        /// A card for one of `columns`.
        public static func card(columns: [String]) -> Entry { Entry(.card, options: columns) }

        /// Dots on the numbered items of the view.
        public static func dots(budget: Int, perItem: Int? = nil) -> Entry { Entry(.dots, budget: budget, perItem: perItem) }

        /// One point of a scale, lowest first.
        public static func scale(_ points: [String], labels: [String]? = nil) -> Entry { Entry(.scale, options: points, labels: labels) }

        /// One point of the scale for each numbered item of the view.
        public static func scores(_ points: [String], labels: [String]? = nil) -> Entry { Entry(.scores, options: points, labels: labels) }

        /// One of a few answers.
        public static func choice(_ answers: [String]) -> Entry { Entry(.choice, options: answers) }

        /// Thumbs up, sideways or down on going on (a ``ThumbsVote``).
        public static let thumbs = Entry(.thumbs, options: Thumb.allCases.map(\.rawValue))

        /// An action owned by one of `owners`.
        public static func action(owners: [String]) -> Entry { Entry(.action, options: owners) }
    }
}
