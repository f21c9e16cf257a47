import RoundtableSDK

/// The votes or scores of one step, tallied per item and ranked as the room saw them.
///
/// The report and the JSON export rank with ``Ranking``, the function the voting handlers
/// rank their screens with, over the items in the order the step listed them (its view's
/// numbered items), so ties read in the same order on screen and on paper. A step that
/// recorded its ranking (``Artifact/ranking(_:_:by:unit:)``) says whether it ranked by sum
/// or mean; otherwise votes rank by sum and scores by mean.
public struct ReportTally: Sendable, Hashable, Codable {
    /// One ranked item.
    public struct Row: Sendable, Hashable, Codable {
        /// 1-based place; tied items share it.
        public var place: Int
        public var item: String
        /// The value the ranking used (``ReportTally/method`` of the points).
        public var value: Double
        public var sum: Double
        public var mean: Double
        /// How many votes or scores the item got.
        public var count: Int
        /// Who gave them, in the order they did, each once (empty for a secret ballot).
        public var voters: [String]
        /// Whether another item has the same value.
        public var tied: Bool
    }

    /// `vote` or `score`.
    public var kind: Artifact.Kind
    /// The artifacts' category (fist-to-five's `vote 1`, `vote 2`), nil for most.
    public var category: String?
    /// How the items were ranked.
    public var method: String
    /// The value column's name: `dots` for a dot vote, else the method.
    public var unit: String
    public var rows: [Row]

    /// The tallies of one step: one per kind and category of its votes and scores, in the order they first appear.
    ///
    /// - Parameters:
    ///   - artifacts: The step's artifacts (those that count).
    ///   - view: The last view the step published: its numbered items give the listing order.
    public static func tallies(of artifacts: [Artifact], view: StepView?) -> [ReportTally] {
        let tallied = artifacts.filter { $0.kind == .vote || $0.kind == .score }
        guard !tallied.isEmpty else { return [] }
        let recorded = artifacts.first { $0.rankingMethod != nil }
        var groups: [(kind: Artifact.Kind, category: String?)] = []
        for artifact in tallied where !groups.contains(where: { $0.kind == artifact.kind && $0.category == artifact.category }) {
            groups.append((artifact.kind, artifact.category))
        }
        let listed = (view?.items ?? []).sorted { $0.number < $1.number }.map { $0.text.neutralized() }
        return groups.map { group in
            let mine = tallied.filter { $0.kind == group.kind && $0.category == group.category }
            var order: [String] = []
            var points: [String: [Double]] = [:]
            var voters: [String: [String]] = [:]
            for artifact in mine {
                if points[artifact.text] == nil { order.append(artifact.text) }
                points[artifact.text, default: []].append(artifact.value ?? 1)
                if let author = artifact.author, !(voters[artifact.text] ?? []).contains(author) {
                    voters[artifact.text, default: []].append(author)
                }
            }
            // The step's own listing, when it lists every item voted on; items nobody voted for
            // are part of the ranking then, as on the screen.
            if !listed.isEmpty && order.allSatisfy(listed.contains) {
                order = listed
            }
            let method = recorded?.rankingMethod ?? (group.kind == .vote ? .sum : .mean)
            let unit = method == .sum ? (recorded?.table?.columns.last ?? "sum") : "mean"
            let ranking = Ranking(order.map { ($0, method.value(of: points[$0] ?? [])) })
            let tiedValues = Ranking.ties(in: ranking.entries).map { $0[0].value }
            let rows = ranking.entries.map { entry in
                let given = points[entry.text] ?? []
                return Row(place: entry.place, item: entry.text, value: entry.value, sum: Ranking.Method.sum.value(of: given),
                           mean: Ranking.Method.mean.value(of: given), count: given.count, voters: voters[entry.text] ?? [],
                           tied: tiedValues.contains { Ranking.same($0, entry.value) })
            }
            return ReportTally(kind: group.kind, category: group.category, method: method.rawValue, unit: unit, rows: rows)
        }
    }
}
