/// A person taking part, with optional attributes (department, team, …).
public struct Participant: Sendable, Hashable, Codable {
    /// The most people a session, a team file or an agenda may name. Planning keeps a
    /// pair count for every two people, so the cap keeps a typo from asking for gigabytes.
    public static let limit = 1_000

    public var name: String
    public var attributes: [String: String]

    public init(_ name: String, attributes: [String: String] = [:]) {
        self.name = name
        self.attributes = attributes
    }
}
