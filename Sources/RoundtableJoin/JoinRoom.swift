import Foundation
import RoundtableKit
import Synchronization

/// The join server's state: who holds which device token, what every device sees, and
/// the rules (room code, tokens, sizes, rates) checked on every message.
///
/// It watches the session through ``JoinDisplay`` and hands contributions to the session
/// through `submit` (``Runner/submit(_:acknowledge:)``); it never sends one participant's
/// contributions to anyone else — devices see only what the handler publishes in its view.
///
/// ```swift
/// let room = JoinRoom(names: plan.names, folder: sessionFolder)
/// let display = JoinDisplay(base: terminal, room: room)
/// let runner = Runner(plan: plan, …, display: display, input: JoinInput(base: keyboard, room: room, display: terminal))
/// room.connect(to: runner)
/// ```
public final class JoinRoom: Sendable {
    /// Bounds that keep one device from swamping the session.
    public struct Limits: Sendable {
        /// The largest message a device may send, in bytes (a contribution is cut at 4 KiB anyway).
        public var messageBytes = 8_192
        /// Messages a device may send at once …
        public var burst = 10.0
        /// … and per second after that.
        public var perSecond = 5.0
        /// Open connections at most (lobby and joined together).
        public var connections = 1_000
        /// The longest HTTP request head taken (a browser's fit well within).
        public var requestHeadBytes = 8_192
        /// How long a client may take to send its request head.
        public var requestTimeout = Duration.seconds(10)

        public init() {}
    }

    /// A device that joined: the participant it speaks for and its secret.
    struct Device: Codable, Sendable {
        var name: String
        var token: String
    }

    /// What is kept in the session folder so devices reconnect after a resume.
    struct Saved: Codable {
        var room: String
        var port: Int?
        var devices: [Device]
    }

    struct Bucket {
        var level: Double
        var last: ContinuousClock.Instant
    }

    struct Connection {
        var name: String?
        var token: String?
        var out: AsyncStream<OutFrame>.Continuation
        /// Rate limit of a connection that has not joined yet.
        var bucket: Bucket
    }

    struct State {
        var devices: [Device] = []
        /// Names the facilitator allowed one more device for (`/allow NAME`).
        var allowances: Set<String> = []
        var connections: [Int: Connection] = [:]
        /// The open connections of each joined participant: a contribution's acknowledgement and
        /// the participant's own list go to these without a look at every connection.
        var byName: [String: Set<Int>] = [:]
        var nextConnection = 0
        var buckets: [String: Bucket] = [:]
        var submit: (@Sendable (Contribution, @escaping @Sendable (Bool) -> Void) -> Void)?
        var port: Int?
        var hosts: Set<String> = []
        var title: String?
        var stepIndex: Int?
        var stepTitle: String?
        var instructions: String?
        var prompt: String?
        /// What the handler waits for now (its keyboard prompt, without the awaited name).
        var ask: String?
        var secret = false
        var view: StepView?
        var message: String?
        var finished = false
        /// What each participant sent, by step: shown to that participant's devices only.
        var mine: [String: [Int: [String]]] = [:]
        /// Told the names that have joined, each time one more joins.
        var onJoin: (@Sendable ([String]) -> Void)?
        /// Whether a name list is already on its way to the devices that have not joined.
        var lobbyScheduled = false
        /// Bytes the last state broadcast wrote, all devices together.
        var lastBroadcastBytes = 0
        /// Whether a state broadcast is already on its way (changes close together go out as one).
        var broadcastScheduled = false

        mutating func add(_ connection: Connection, as id: Int) {
            connections[id] = connection
            if let name = connection.name { byName[name, default: []].insert(id) }
        }

        mutating func remove(_ id: Int) -> Connection? {
            guard let connection = connections.removeValue(forKey: id) else { return nil }
            if let name = connection.name { byName[name]?.remove(id) }
            return connection
        }

        mutating func name(_ id: Int, as name: String, token: String) {
            connections[id]?.name = name
            connections[id]?.token = token
            byName[name, default: []].insert(id)
        }

        /// Where to send what is for `name` alone.
        func outs(of name: String) -> [AsyncStream<OutFrame>.Continuation] {
            (byName[name] ?? []).compactMap { connections[$0]?.out }
        }
    }

    /// How long a change waits before every device gets the new state, so that a burst of
    /// contributions (a room of phones voting at once) costs one message per device rather
    /// than one per contribution. Acknowledgements are not delayed.
    static let broadcastDelay: Duration = .milliseconds(100)

    /// The wait before the next state broadcast: ``broadcastDelay``, longer when the last one
    /// was large (a board of hundreds of cards to a hundred devices), so that the server
    /// writes at most about 20 MB a second and acknowledgements never queue behind states.
    static func delay(afterSending bytes: Int) -> Duration {
        let budget = 2_000_000  // bytes per 100 ms
        let factor = min(10, max(1, (bytes + budget - 1) / budget))
        return broadcastDelay * factor
    }

    /// The code that is part of the join address.
    public let code: String
    /// Who may join, in the plan's order.
    public let names: [String]
    /// Where `join.json` is kept (the session's folder); nil keeps nothing.
    public let folder: String?
    public let limits: Limits
    let steps: [String]
    let state: Mutex<State>

    /// A room for the people of `plan`; with a `folder` that holds a `join.json` of an
    /// earlier run of the session, its room code and device tokens are taken up again.
    ///
    /// - Parameters:
    ///   - plan: The session's plan (names and steps).
    ///   - folder: The session's folder, where tokens are kept for a resume.
    ///   - journal: The session's journal when resuming: each device's earlier entries are
    ///     shown to it again.
    public init(plan: Plan, folder: String? = nil, journal: [JournalRecord] = [], limits: Limits = Limits()) {
        names = plan.names
        steps = plan.steps.map(\.id)
        self.folder = folder
        self.limits = limits
        var initial = State()
        initial.title = plan.title
        var saved: Saved?
        if let folder, let data = FileManager.default.contents(atPath: folder + "/join.json") {
            saved = try? JSONDecoder().decode(Saved.self, from: data)
        }
        if let saved, JoinSecrets.isRoomCode(saved.room) {
            code = saved.room
            initial.devices = saved.devices.filter { plan.names.contains($0.name) && $0.token.utf8.count == 64 }
            initial.port = saved.port
        } else {
            code = JoinSecrets.roomCode()
        }
        var step: Int?
        for record in journal {
            switch record {
            case .stepStarted(let index, _, _): step = index
            case .contribution(let contribution, _):
                if case .device(let name) = contribution.source, let step {
                    initial.mine[name, default: [:]][step, default: []].append(contribution.text)
                }
            default: break
            }
        }
        state = Mutex(initial)
    }

    /// The port of an earlier run of this session, to listen on again.
    public var savedPort: Int? { state.withLock { $0.port } }

    /// Where contributions go: usually `runner.submit`.
    public func connect(to submit: @escaping @Sendable (Contribution, @escaping @Sendable (Bool) -> Void) -> Void) {
        state.withLock { $0.submit = submit }
    }

    /// Hands device contributions to `runner`.
    public func connect<C>(to runner: Runner<C>) {
        connect { contribution, acknowledge in runner.submit(contribution, acknowledge: acknowledge) }
    }

    /// Records where the server listens: the port (kept for a resume) and the Host header
    /// values a browser may send.
    func listening(port: Int, hosts: Set<String>) {
        state.withLock {
            $0.port = port
            $0.hosts = hosts
        }
        save()
    }

    func allows(host: String) -> Bool { state.withLock { $0.hosts.contains(host.lowercased()) } }

    /// Lets one more device join as `name` (the facilitator's `/allow NAME`).
    ///
    /// - Returns: What to tell the facilitator.
    public func allow(_ name: String) -> String {
        let wanted = name.trimmingCharacters(in: .whitespaces)
        guard let match = names.first(where: { $0.lowercased() == wanted.lowercased() }) else {
            return "No participant is called '\(wanted.neutralized())'. Names: \(names.joined(separator: ", "))."
        }
        state.withLock { _ = $0.allowances.insert(match) }
        return "\(match) may join from one more device."
    }

    /// Calls `body` with the names that have joined (in the plan's order) each time one more
    /// device joins.
    public func whenJoined(_ body: @escaping @Sendable ([String]) -> Void) {
        state.withLock { $0.onJoin = body }
    }

    /// Names with a device, in the plan's order.
    public var claimed: [String] {
        let devices = state.withLock { $0.devices }
        return names.filter { name in devices.contains { $0.name == name } }
    }

    // MARK: Connections

    /// Opens a connection; with a `token`, as the device that holds it.
    ///
    /// - Returns: The connection's number and what to send it; nil when there are too many.
    func open(token: String?) -> (id: Int, out: AsyncStream<OutFrame>)? {
        let (stream, out) = AsyncStream<OutFrame>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let opened = state.withLock { state -> (Int, String?)? in
            guard state.connections.count < limits.connections else { return nil }
            let id = state.nextConnection
            state.nextConnection += 1
            var name: String?
            if let token { name = state.devices.first { JoinSecrets.same($0.token, token) }?.name }
            state.add(Connection(name: name, token: name == nil ? nil : token, out: out,
                                 bucket: Bucket(level: limits.burst, last: .now)), as: id)
            return (id, name)
        }
        guard let (id, name) = opened else { return nil }
        if token != nil && name == nil {
            // An unknown token: the page forgets it and shows the names again.
            send(ServerMessage("forget").with { $0.reason = "This device is not known in this session; pick your name again." }, to: id)
        }
        if let name {
            send(ServerMessage("welcome").with { $0.name = name }, to: id)
            send(stateMessage(for: name), to: id)
        } else {
            send(lobby(), to: id)
        }
        return (id, stream)
    }

    func close(_ id: Int) {
        let out = state.withLock { $0.remove(id)?.out }
        out?.finish()
    }

    /// Closes every connection (the session ends).
    public func closeAll() {
        let outs = state.withLock { state -> [AsyncStream<OutFrame>.Continuation] in
            defer {
                state.connections = [:]
                state.byName = [:]
            }
            return state.connections.values.map(\.out)
        }
        for out in outs {
            out.yield(.close(.goingAway))
            out.finish()
        }
    }

    /// Number of open connections.
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    /// Takes one message from connection `id` (its size already checked against
    /// `limits.messageBytes` from the frame headers); false when the connection is closed for it.
    @discardableResult
    func receive(_ text: String, from id: Int) -> Bool {
        guard take(from: id) else {
            send(ServerMessage("error").with { $0.reason = "Too many messages; wait a moment." }, to: id)
            return true
        }
        guard let message = try? JSONDecoder().decode(ClientMessage.self, from: Data(text.utf8)) else {
            send(ServerMessage("error").with { $0.reason = "Unreadable message." }, to: id)
            return true
        }
        guard let room = message.room, JoinSecrets.same(room, code) else {
            refuse(id, code: .policyViolation, reason: "wrong room")
            return false
        }
        switch message.t {
        case "join": join(message.name ?? "", from: id)
        case "send": contribute(message, from: id)
        default: send(ServerMessage("error").with { $0.reason = "Unknown message." }, to: id)
        }
        return true
    }

    /// Spends one message from the bucket of the connection's device (or of the connection).
    private func take(from id: Int) -> Bool {
        state.withLock { state in
            guard var connection = state.connections[id] else { return false }
            let now = ContinuousClock.now
            func drain(_ bucket: inout Bucket) -> Bool {
                let elapsed = bucket.last.duration(to: now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                bucket.level = min(limits.burst, bucket.level + seconds * limits.perSecond)
                bucket.last = now
                guard bucket.level >= 1 else { return false }
                bucket.level -= 1
                return true
            }
            if let token = connection.token {
                // Per device, across its connections and reconnections.
                var bucket = state.buckets[token] ?? Bucket(level: limits.burst, last: now)
                let ok = drain(&bucket)
                state.buckets[token] = bucket
                return ok
            }
            let ok = drain(&connection.bucket)
            state.connections[id] = connection
            return ok
        }
    }

    /// Closes connection `id` with `code`.
    func refuse(_ id: Int, code: CloseCode, reason: String) {
        let out = state.withLock { $0.remove(id)?.out }
        out?.yield(.close(code, reason: reason))
        out?.finish()
    }

    /// Sends a frame to connection `id` alone.
    func send(_ frame: OutFrame, to id: Int) {
        let out = state.withLock { $0.connections[id]?.out }
        out?.yield(frame)
    }

    private func join(_ wanted: String, from id: Int) {
        enum Outcome { case joined(String, String), refused(String) }
        let outcome = state.withLock { state -> Outcome in
            guard let connection = state.connections[id] else { return .refused("closed") }
            if let name = connection.name { return .refused("This device has already joined as \(name).") }
            guard let name = names.first(where: { $0 == wanted }) else { return .refused("Pick a name from the list.") }
            if state.devices.contains(where: { $0.name == name }) {
                guard state.allowances.remove(name) != nil else {
                    return .refused("\(name) has already joined from another device. If that is you, ask the facilitator to type /allow \(name).")
                }
            }
            let token = JoinSecrets.token()
            state.devices.append(Device(name: name, token: token))
            state.name(id, as: name, token: token)
            return .joined(name, token)
        }
        switch outcome {
        case .refused(let reason):
            send(ServerMessage("refused").with { $0.reason = reason }, to: id)
        case .joined(let name, let token):
            save()
            send(ServerMessage("welcome").with {
                $0.name = name
                $0.token = token
            }, to: id)
            send(stateMessage(for: name), to: id)
            broadcastLobby()
            if let onJoin = state.withLock({ $0.onJoin }) { onJoin(claimed) }
        }
    }

    private func contribute(_ message: ClientMessage, from id: Int) {
        let checked = state.withLock { state -> (String, (@Sendable (Contribution, @escaping @Sendable (Bool) -> Void) -> Void)?)? in
            guard let connection = state.connections[id], let name = connection.name, let held = connection.token,
                  let token = message.token, JoinSecrets.same(held, token),
                  state.devices.contains(where: { $0.name == name && JoinSecrets.same($0.token, token) }) else { return nil }
            return (name, state.submit)
        }
        guard let (name, submit) = checked else {
            refuse(id, code: .policyViolation, reason: "wrong token")
            return
        }
        let number = message.id ?? 0
        let text = String((message.text ?? "").prefix(while: { $0 != "\n" && $0 != "\r" }))
        guard let submit else {
            send(ServerMessage("ack").with { $0.id = number; $0.ok = false; $0.reason = "The session is not running." }, to: id)
            return
        }
        submit(Contribution(text, source: .device(name))) { [weak self] saved in
            guard let self else { return }
            if saved {
                self.state.withLock { state in
                    if let step = state.stepIndex { state.mine[name, default: [:]][step, default: []].append(text) }
                }
            }
            self.send(ServerMessage("ack").with {
                $0.id = number
                $0.ok = saved
                if !saved { $0.reason = "Not saved: the session is not taking contributions now." }
            }, to: id)
            if saved { self.sendMine(to: name) }
        }
    }

    // MARK: What devices see

    /// Follows what the session shows the room.
    public func observe(_ event: DisplayEvent) {
        var changed = true
        var everyone = false
        state.withLock { state in
            switch event {
            case .sessionStarted(let plan):
                state.title = plan.title
            case .stepStarted(let step, _):
                state.stepIndex = steps.firstIndex(of: step.id) ?? step.index
                state.stepTitle = step.generalTitle
                // Placeholders follow the turn: filled for the first segment until the next begins.
                let first = step.segments.first?.placeholderValues ?? [:]
                state.instructions = step.instructions.map { Placeholders.fill($0, with: first) }
                state.prompt = step.prompt.map { Placeholders.fill($0, with: first) }
                state.ask = nil
                state.secret = false
                state.view = nil
                state.message = nil
                everyone = true
            case .segmentStarted(let step, let segment, let instructions):
                if let instructions { state.instructions = instructions }
                // Each turn or round fills the prompt for itself (its speaker, group, roles);
                // a `for_each:` round names its item in the title too.
                state.prompt = step.prompt.map { Placeholders.fill($0, with: segment.placeholderValues) }
                if segment.item != nil { state.stepTitle = Placeholders.fill(step.title, with: segment.placeholderValues) }
            case .phaseStarted(let step, _, let index, let prompt, let focus):
                state.message = ([step.phases[index].name] + [focus, prompt].compactMap { $0 }).joined(separator: " — ")
            case .prompt(let text, let hidden):
                state.ask = general(text)
                state.secret = hidden
            case .view(let view):
                state.view = view
                if let prompt = view.prompt { state.prompt = prompt }
            case .say(let text):
                state.message = text
            case .stepFinished:
                state.ask = nil
                state.secret = false
            case .sessionFinished:
                state.finished = true
                state.ask = nil
                everyone = true
            default:
                // Typed lines (`.typed`), artifacts and notices stay on the facilitator's screen:
                // a hidden ballot must never reach another device.
                changed = false
            }
        }
        if everyone {
            // A new step (or the end): each device at once, with its own list for the step.
            let joined = state.withLock { $0.byName.filter { !$0.value.isEmpty }.map(\.key) }
            for name in joined { sendState(to: name) }
        } else if changed {
            broadcastState()
        }
    }

    /// A prompt as every device sees it: "Ana: your dots" becomes "your dots".
    private func general(_ prompt: String) -> String {
        for name in names where prompt.hasPrefix(name + ": ") { return String(prompt.dropFirst(name.count + 2)) }
        return prompt
    }

    /// The state as `name`'s devices see it: the shared state and what `name` sent in this
    /// step; with no name, the shared state alone (the devices keep the list they have).
    func stateMessage(for name: String?) -> ServerMessage {
        state.withLock { state in Self.stateMessage(state, for: name) }
    }

    private static func stateMessage(_ state: State, for name: String?) -> ServerMessage {
        var message = ServerMessage("state")
        message.title = state.title
        message.step = state.stepTitle
        message.instructions = state.instructions
        message.prompt = state.prompt
        message.ask = state.ask
        message.secret = state.secret
        message.view = state.view
        message.message = state.message
        message.finished = state.finished
        if state.finished || state.stepIndex == nil {
            message.input = "none"
        } else if let entry = state.view?.entry {
            // The input the handler asks for: a card, dots, a scale, a choice, an action.
            message.input = entry.kind.rawValue
        } else if let view = state.view, !view.items.isEmpty, view.columns.isEmpty {
            message.input = "numbers"
        } else {
            message.input = "line"
        }
        if let name { message.mine = state.stepIndex.flatMap { state.mine[name]?[$0] } ?? [] }
        return message
    }

    /// Sends every joined device the new state, once per ``broadcastDelay``.
    private func broadcastState() {
        let schedule = state.withLock { state -> Bool in
            guard !state.broadcastScheduled else { return false }
            state.broadcastScheduled = true
            return true
        }
        guard schedule else { return }
        let wait = Self.delay(afterSending: state.withLock { $0.lastBroadcastBytes })
        Task { [weak self] in
            try? await Task.sleep(for: wait)
            self?.flushState()
        }
    }

    /// The shared state, encoded once, to every joined device.
    private func flushState() {
        let (message, outs) = state.withLock { state -> (ServerMessage, [AsyncStream<OutFrame>.Continuation]) in
            state.broadcastScheduled = false
            return (Self.stateMessage(state, for: nil), state.connections.values.filter { $0.name != nil }.map(\.out))
        }
        let frame = OutFrame.text(encode(message))
        state.withLock { $0.lastBroadcastBytes = frame.bytes.count * outs.count }
        for out in outs { out.yield(frame) }
    }

    /// The whole state, with `name`'s own list, to `name`'s devices.
    private func sendState(to name: String) {
        let frame = OutFrame.text(encode(stateMessage(for: name)))
        let outs = state.withLock { $0.outs(of: name) }
        for out in outs { out.yield(frame) }
    }

    /// What `name` sent in this step, to `name`'s devices (after each acknowledged contribution).
    private func sendMine(to name: String) {
        let (mine, outs) = state.withLock { state in
            (state.stepIndex.flatMap { state.mine[name]?[$0] } ?? [], state.outs(of: name))
        }
        let frame = OutFrame.text(encode(ServerMessage("mine").with { $0.mine = mine }))
        for out in outs { out.yield(frame) }
    }

    private func lobby() -> ServerMessage {
        let claimed = Set(self.claimed)
        return ServerMessage("lobby").with {
            $0.title = state.withLock { $0.title }
            $0.names = names.map { .init(name: $0, claimed: claimed.contains($0)) }
        }
    }

    /// Sends the name list to every device that has not joined, once per ``broadcastDelay``
    /// (a room joining at once costs one list per device, not one per join).
    private func broadcastLobby() {
        let schedule = state.withLock { state -> Bool in
            guard !state.lobbyScheduled else { return false }
            state.lobbyScheduled = true
            return true
        }
        guard schedule else { return }
        Task { [weak self] in
            try? await Task.sleep(for: Self.broadcastDelay)
            guard let self else { return }
            let outs = self.state.withLock { state in
                state.lobbyScheduled = false
                return state.connections.values.filter { $0.name == nil }.map(\.out)
            }
            let frame = OutFrame.text(self.encode(self.lobby()))
            for out in outs { out.yield(frame) }
        }
    }

    private func send(_ message: ServerMessage, to id: Int) {
        let out = state.withLock { $0.connections[id]?.out }
        out?.yield(.text(encode(message)))
    }

    private func encode(_ message: ServerMessage) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(message), as: UTF8.self)) ?? "{}"
    }

    // MARK: Keeping tokens for a resume

    /// Writes `join.json` (room code, port, tokens) readable by its owner alone.
    func save() {
        guard let folder else { return }
        let saved = state.withLock { Saved(room: code, port: $0.port, devices: $0.devices) }
        guard let data = try? JSONEncoder().encode(saved) else { return }
        let path = folder + "/join.json"
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }
}

extension ServerMessage {
    func with(_ change: (inout ServerMessage) -> Void) -> ServerMessage {
        var copy = self
        change(&copy)
        return copy
    }
}
