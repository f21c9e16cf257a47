import BuiltInHandlers
import Foundation
import RoundtableJoin
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// A handler for the tests: everyone writes one secret word; the words are revealed in the
/// view once all have written.
struct SecretWordsHandler: ExerciseHandler {
    static let name = "secret-words"
    static let summary = "Everyone writes a secret word; all are revealed together."
    static let configKeys: [any AnyConfigKey] = []
    static let example = "- id: words\n  handler: secret-words\n  duration: 5m"

    init(config: HandlerConfig) {}

    func run(_ step: StepContext) async {
        let answers = await step.fromEveryone("your secret word", verb: "written", secret: true) { text, person -> Answer<String> in
            step.record(.note(text, by: person, category: "secret"), shown: false)
            return .accept(text)
        }
        step.updateView { view in view.notes = answers.map { "\($0.person): \($0.value)" } }
        _ = await step.line(prompt: "/next when done")
    }
}

/// Lines the test types, when it types them.
final class FeedInput: RunInput {
    let stream: AsyncStream<String>
    let sink: AsyncStream<String>.Continuation

    init() { (stream, sink) = AsyncStream<String>.makeStream() }

    func lines() -> AsyncStream<String> { stream }
    func type(_ line: String) { sink.yield(line) }
    func close() { sink.finish() }
}

/// Shows nothing.
struct QuietDisplay: RunDisplay {
    func show(_ event: DisplayEvent) {}
    func refresh(_ status: RunStatus) {}
    var wantsTicks: Bool { false }
}

/// A live session on 127.0.0.1 with a join server, for one test.
struct JoinedSession {
    let server: JoinServer
    let input: FeedInput
    let task: Task<RunResult, Never>
    var port: Int { server.port }
    var code: String { server.room.code }

    static let yaml = """
        id: join-test
        title: Join test
        steps:
          - id: ideas
            handler: brainstorm
            duration: 30m
          - id: words
            handler: secret-words
            duration: 30m
        """

    static func start(people: [String] = ["Ana", "Ben", "Chen"], yaml: String = yaml, limits: JoinRoom.Limits = .init(),
                      folder: String? = nil, journal: [JournalRecord] = [], recorder: (any SessionRecorder)? = nil) async throws -> JoinedSession {
        let registry = try HandlerRegistry(BuiltInHandlers.all + [SecretWordsHandler.self])
        let loader = Loader(registry: registry)
        let document = try loader.document(from: try loader.yaml.parse(text: yaml, file: "join-test.yaml"))
        let plan = try Planner(registry: registry).plan(document, participants: people.map { Participant($0) })
        let room = JoinRoom(plan: plan, folder: folder, journal: journal, limits: limits)
        let server = try await JoinServer.start(room: room, bind: .loopback)
        let input = FeedInput()
        let runner = Runner(plan: plan, registry: registry, clock: ContinuousClock(), display: JoinDisplay(base: QuietDisplay(), room: room),
                            input: JoinInput(base: input, room: room, display: QuietDisplay()), recorder: recorder)
        room.connect(to: runner)
        let task = Task { await runner.run(resuming: journal) }
        return JoinedSession(server: server, input: input, task: task)
    }

    /// Ends the session (`/quit`) and the server; returns what the session produced.
    func finish() async -> RunResult {
        input.type("/quit")
        input.close()
        let result = await task.value
        await server.stop()
        return result
    }

    /// A WebSocket to the room, opened as the page would open it.
    func socket(token: String? = nil, room: String? = nil, origin: String? = "same") async -> (status: Int?, client: TestSocketClient?) {
        let port = self.port
        let path = "/\(room ?? code)/ws" + (token.map { "?token=\($0)" } ?? "")
        return await blocking {
            guard let client = TestSocketClient.connect(port: port) else { return (nil, nil) }
            let status = client.upgrade(path: path, port: port, origin: origin == "same" ? "http://127.0.0.1:\(port)" : origin)
            return (status, client)
        }
    }

    /// Joins as `name`; returns the open client and its token.
    func join(_ name: String) async -> (client: TestSocketClient, token: String)? {
        let (status, client) = await socket()
        guard status == 101, let client else { return nil }
        let code = self.code
        return await blocking {
            guard client.next("lobby") != nil else { return nil }
            client.send(["t": "join", "room": code, "name": name])
            guard let welcome = client.next("welcome"), let token = welcome["token"] as? String else { return nil }
            return (client, token)
        }
    }

    /// Sends `text` as a contribution and waits for its acknowledgement.
    func contribute(_ text: String, id: Int, client: TestSocketClient, token: String) async -> Bool? {
        let code = self.code
        return await blocking {
            client.send(["t": "send", "room": code, "token": token, "id": id, "text": text])
            while let ack = client.next("ack") {
                if ack["id"] as? Int == id { return ack["ok"] as? Bool }
            }
            return nil
        }
    }
}

/// Keeps the journal in memory.
final class MemoryJournal: SessionRecorder, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [JournalRecord] = []
    func record(_ record: JournalRecord) -> Bool {
        lock.withLock { kept.append(record) }
        return true
    }
    var records: [JournalRecord] { lock.withLock { kept } }
}

/// Keeps a test with real sockets apart from the test-clock tests, whose serial executor
/// would stall its server.
struct ApartFromTestClocks: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        try await TestClockGate.exclusive { try await function() }
    }
}

extension Trait where Self == ApartFromTestClocks {
    static var apartFromTestClocks: Self { Self() }
}
