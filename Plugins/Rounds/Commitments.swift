import RoundtableSDK

/// Commitments: what people promised in one session, checked in the next.
///
/// Action items with an owner become the team's open commitments when a real session
/// ends; an action of several owners is one commitment whose owner reads "Ben, Chen"
/// (names never hold a comma). An `accountability` step of a later session goes through the open ones and
/// records each as done, not yet (it stays open) or dropped: a decision whose `ref` is
/// the commitment's id and whose category is the status.
public enum Commitments: Carryover {
    public static let kind = "commitment"

    /// Where a commitment stands.
    public enum Status: String, Sendable, CaseIterable {
        case open
        case done
        case notYet = "not yet"
        case dropped

        /// Still to be checked next time.
        public var isOpen: Bool { self == .open || self == .notYet }
    }

    public static func carry(_ artifacts: [Artifact], session: String, known: [CarriedItem]) -> [CarriedItem] {
        var items: [CarriedItem] = []
        let actions = artifacts.filter { $0.kind == .action && $0.owner != nil }
        for (index, action) in actions.enumerated() {
            items.append(CarriedItem(
                id: "\(session)#\(index + 1)", kind: kind, text: action.text, owner: action.allOwners.joined(separator: ", "),
                due: action.due, session: session))
        }
        let byID = Dictionary(known.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for artifact in artifacts where artifact.kind == .decision {
            guard let ref = artifact.ref, var item = byID[ref],
                  let status = artifact.category.flatMap(Status.init(rawValue:)) else { continue }
            item.status = status.rawValue
            item.isOpen = status.isOpen
            items.append(item)
        }
        return items
    }
}
