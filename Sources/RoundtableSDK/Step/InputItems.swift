/// The things a step works on, read from the artifacts of its `input:` step.
///
/// Any step's artifacts can feed a later one: ideas become options to vote on, votes
/// become a ranking whose top items become actions. The rules are the same for every
/// handler, so exercise authors can chain steps freely:
/// - votes and scores are tallied per text and ranked by total (ties keep first-seen order);
/// - otherwise ideas, decisions and actions are the items, in order, each text once;
/// - otherwise notes are (a step that only took notes still feeds the next one).
///
/// With `byCategory`, items are the categories (themes of a cluster, retro columns) and
/// their totals count the artifacts in each.
///
/// ```swift
/// // A handler that votes on whatever the `input:` step produced, or on `config.options`.
/// let options = step.inputItems.isEmpty ? configuredOptions : step.inputItems.map(\.text)
/// if let index = await step.choose("Your pick?", options: options) {
///     step.record(.vote(for: options[index], by: step.segment.speaker))
/// }
/// ```
public struct InputItem: Sendable, Hashable {
    /// The item: an idea's text, the option voted on, or a category's name.
    public var text: String
    /// Sum of points for tallied votes or scores; the number of artifacts per category.
    public var total: Double?
    /// The category of the artifact behind the item (nil with `byCategory`).
    public var category: String?
    /// How many artifacts stood behind this item (votes cast, ideas in a theme).
    public var count: Int

    /// An item, for tests and for handlers that build their own lists.
    ///
    /// - Parameters:
    ///   - text: The item.
    ///   - total: Its tally, if it has one.
    ///   - category: Its grouping label, if any.
    ///   - count: How many artifacts stood behind it.
    public init(text: String, total: Double? = nil, category: String? = nil, count: Int = 1) {
        self.text = text
        self.total = total
        self.category = category
        self.count = count
    }

    /// Categories that mark what is kept rather than produced: lines nobody read, passes,
    /// refused lines, abstentions on one item.
    static let reserved: Set<String> = ["typed", "pass", "rejected", "abstained"]

    /// The items in a list of artifacts, by the rules above.
    ///
    /// - Parameters:
    ///   - artifacts: Usually ``StepContext/input``, or ``StepContext/artifacts`` for a read-out.
    ///   - byCategory: Whether the items are the categories rather than the artifacts.
    /// - Returns: The items in order: ranked by total for votes and scores, else as recorded.
    public static func items(from artifacts: [Artifact], byCategory: Bool = false) -> [InputItem] {
        if byCategory {
            var order: [String] = []
            var counts: [String: Int] = [:]
            for artifact in artifacts where artifact.kind != .vote && artifact.kind != .score {
                guard let category = artifact.category, !Self.reserved.contains(category) else { continue }
                if counts[category] == nil { order.append(category) }
                counts[category, default: 0] += 1
            }
            return order.map { InputItem(text: $0, total: Double(counts[$0]!), category: nil, count: counts[$0]!) }
        }
        let tallied = artifacts.filter { $0.kind == .vote || $0.kind == .score }
        if !tallied.isEmpty {
            var order: [String] = []
            var totals: [String: Double] = [:]
            var counts: [String: Int] = [:]
            var categories: [String: String] = [:]
            for artifact in tallied {
                if totals[artifact.text] == nil { order.append(artifact.text) }
                totals[artifact.text, default: 0] += artifact.value ?? 1
                counts[artifact.text, default: 0] += 1
                if let category = artifact.category { categories[artifact.text] = category }
            }
            let ranked = Ranking(order.map { ($0, totals[$0]!) }).entries.map(\.text)
            return ranked.map { InputItem(text: $0, total: totals[$0], category: categories[$0], count: counts[$0]!) }
        }
        for kinds in [[Artifact.Kind.idea, .decision, .action], [.note]] {
            var seen: Set<String> = []
            let items = artifacts.filter { kinds.contains($0.kind) && !Self.reserved.contains($0.category ?? "") }
                .filter { seen.insert($0.text).inserted }
                .map { InputItem(text: $0.text, category: $0.category) }
            if !items.isEmpty { return items }
        }
        return []
    }
}

extension StepContext {
    /// The items of the `input:` step (see ``InputItem``).
    ///
    /// Empty when the step has no `input:` or the input step produced nothing; check
    /// ``HandlerConfig/StepInfo/hasInput`` at load time if the handler needs items.
    public var inputItems: [InputItem] { InputItem.items(from: input) }
}
