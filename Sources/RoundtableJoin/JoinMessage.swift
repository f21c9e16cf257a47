import RoundtableKit

/// What a device sends, as JSON text frames.
struct ClientMessage: Decodable {
    /// "join" (from the lobby) or "send" (a contribution).
    var t: String
    var room: String?
    var name: String?
    var token: String?
    /// The device's number for a contribution, echoed in its acknowledgement.
    var id: Int?
    var text: String?
}

/// What the server sends to devices, as JSON text frames.
struct ServerMessage: Encodable {
    struct Name: Encodable {
        var name: String
        var claimed: Bool
    }

    /// lobby, welcome, refused, state, mine, ack, error, forget.
    var t: String
    var names: [Name]?
    var name: String?
    var token: String?
    var reason: String?
    var id: Int?
    var ok: Bool?
    var title: String?
    var step: String?
    var instructions: String?
    var prompt: String?
    /// What the handler waits for now (the input's label).
    var ask: String?
    /// "line" (ideas, notes), "numbers" (item numbers), "none" (nothing asked), or the kind
    /// of the view's ``StepView/Entry`` ("card", "dots", "scale", "scores", "choice", "action").
    var input: String?
    /// Whether what is typed now stays private until the handler reveals it.
    var secret: Bool?
    var view: StepView?
    /// What this participant sent in this step (only ever sent to their own devices); a state
    /// broadcast to everyone leaves it out, and devices keep the list they have.
    var mine: [String]?
    var message: String?
    var finished: Bool?

    init(_ t: String) { self.t = t }
}
