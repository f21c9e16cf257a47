import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP + WebSocket server devices join: it serves the embedded page at `/ROOM` and
/// the room's WebSocket at `/ROOM/ws`, and nothing else.
///
/// ```swift
/// let server = try await JoinServer.start(room: room, bind: .loopback)
/// print(server.address)      // http://127.0.0.1:8422/K7PQ4M
/// …
/// await server.stop()
/// ```
public final class JoinServer: Sendable {
    /// Where to listen.
    public enum Bind: Sendable, Equatable {
        /// 127.0.0.1: this computer only.
        case loopback
        /// The first non-loopback IPv4 address of an interface that is up (found with getifaddrs).
        case lan
        /// One IPv4 address given by the facilitator.
        case address(String)
    }

    public enum StartError: Error, CustomStringConvertible {
        case noNetwork
        case cannotListen(String, Int, String)

        public var description: String {
            switch self {
            case .noNetwork: return "no local network address found (no interface is up besides loopback); try --bind ADDRESS"
            case .cannotListen(let host, let port, let why): return "cannot listen on \(host):\(port): \(why)"
            }
        }
    }

    public let room: JoinRoom
    /// The IPv4 address listened on.
    public let host: String
    public let port: Int
    let server: HTTPServer
    let task: Task<Void, Never>

    /// The address to open on a device.
    public var address: String { "http://\(host):\(port)/\(room.code)" }

    init(room: JoinRoom, host: String, port: Int, server: HTTPServer, task: Task<Void, Never>) {
        self.room = room
        self.host = host
        self.port = port
        self.server = server
        self.task = task
    }

    /// Starts listening; on `port` 0, the port of an earlier run of the session if it is
    /// free, else any free port.
    ///
    /// - Throws: ``StartError`` when no address fits or the port cannot be bound.
    public static func start(room: JoinRoom, bind: Bind, port: Int = 0) async throws -> JoinServer {
        let host: String
        switch bind {
        case .loopback: host = "127.0.0.1"
        case .address(let address): host = address
        case .lan:
            guard let found = LocalAddress.lan() else { throw StartError.noNetwork }
            host = found
        }
        var ports = [port]
        if port == 0, let saved = room.savedPort { ports = [saved, 0] }
        var lastError = "unknown"
        for candidate in ports {
            do {
                return try await listen(room: room, host: host, port: candidate)
            } catch {
                lastError = "\(error)"
            }
        }
        throw StartError.cannotListen(host, port, lastError)
    }

    private static func listen(room: JoinRoom, host: String, port: Int) async throws -> JoinServer {
        guard (0...65_535).contains(port) else { throw StartError.cannotListen(host, port, "no such port") }
        let address = try sockaddr_in.inet(ip4: host, port: UInt16(port))
        let handler = JoinHTTPHandler(room: room)
        let server = HTTPServer(config: .init(address: address, timeout: 10, logger: .disabled), handler: handler)
        let task = Task { _ = try? await server.run() }
        do {
            try await server.waitUntilListening(timeout: 5)
        } catch {
            task.cancel()
            throw error
        }
        guard case .ip4(_, let bound)? = await server.listeningAddress else {
            task.cancel()
            await server.stop()
            throw StartError.cannotListen(host, port, "the server did not listen")
        }
        var hosts: Set<String> = ["\(host):\(bound)"]
        if host == "127.0.0.1" { hosts.insert("localhost:\(bound)") }
        room.listening(port: Int(bound), hosts: hosts)
        return JoinServer(room: room, host: host, port: Int(bound), server: server, task: task)
    }

    /// Closes every device's connection and stops listening.
    public func stop() async {
        room.closeAll()
        await server.stop(timeout: 1)
        task.cancel()
        await task.value
    }
}

/// Answers every request: the page, the WebSocket, or a refusal.
struct JoinHTTPHandler: HTTPHandler {
    let room: JoinRoom

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else { return Self.plain(.methodNotAllowed, "Only GET.\n") }
        if let length = request.headers[.contentLength], length != "0" { return Self.plain(.payloadTooLarge, "No bodies.\n") }
        // A name that is not ours (DNS rebinding) gets nothing.
        guard let host = request.headers[.host], room.allows(host: host) else { return Self.plain(.misdirectedRequest, "Wrong host.\n") }
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard let first = parts.first, JoinSecrets.same(String(first), room.code) else { return Self.plain(.notFound, "Not found.\n") }
        switch parts.count {
        case 1:
            return Self.page()
        case 2 where parts.last == "ws":
            // Only the page we served may open the socket: the browser says where it runs.
            guard request.headers[HTTPHeader("Origin")] == "http://\(host)" else { return Self.plain(.forbidden, "Wrong origin.\n") }
            let token = request.query.first { $0.name == "token" }?.value
            return try await WebSocketHTTPHandler(handler: MessageFrameWSHandler(handler: DeviceSocket(room: room, token: token)))
                .handleRequest(request)
        default:
            return Self.plain(.notFound, "Not found.\n")
        }
    }

    static func plain(_ status: HTTPStatusCode, _ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: [.contentType: "text/plain; charset=utf-8", .connection: "close"],
                     body: Data(text.utf8))
    }

    static func page() -> HTTPResponse {
        let nonce = String(JoinSecrets.token().prefix(32))
        let policy = "default-src 'none'; script-src 'nonce-\(nonce)'; style-src 'nonce-\(nonce)'; connect-src 'self'; "
            + "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        return HTTPResponse(
            statusCode: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                HTTPHeader("Content-Security-Policy"): policy,
                HTTPHeader("X-Content-Type-Options"): "nosniff",
                HTTPHeader("Referrer-Policy"): "no-referrer",
                HTTPHeader("Cache-Control"): "no-store",
            ],
            body: Data(JoinPage.html(nonce: nonce).utf8))
    }
}

/// One WebSocket: messages in go to the room, what the room sends goes out.
struct DeviceSocket: WSMessageHandler {
    let room: JoinRoom
    let token: String?

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        guard let (id, out) = room.open(token: token) else {
            return AsyncStream { $0.yield(.close(.tryAgainLater)); $0.finish() }
        }
        Task { [room] in
            loop: for await message in client {
                switch message {
                case .text(let text):
                    if !room.receive(text, from: id) { break loop }
                case .data:
                    break loop
                case .close:
                    break loop
                }
            }
            room.close(id)
        }
        return out
    }
}

extension JoinServer {
    /// What the facilitator's screen shows so people can join: the address, the room code
    /// and a QR code of the address (a live display can draw this string as it likes).
    ///
    /// - Parameter color: Force black on white around the QR code (scannable on dark themes).
    public func banner(color: Bool) -> String {
        var lines = ["Join from your phone or laptop: \(address)  (room \(room.code))"]
        if host != "127.0.0.1" { lines.append("Listening on the local network at \(host):\(port).") }
        if let code = QRCode(address) { lines.append(code.halfBlocks(color: color)) }
        lines.append("A second device for a name that has joined needs /allow NAME.")
        return lines.joined(separator: "\n")
    }

    /// The banner as plain lines for the projector's panel (``DisplayEvent/panel(_:)``), with
    /// who has joined so far; the screen paints it black on white so the code scans.
    public func panel(joined: [String]) -> [String] {
        var lines = [" Join from your phone or laptop: \(address)  (room \(room.code)) "]
        if let code = QRCode(address) { lines += code.halfBlocks(color: false).split(separator: "\n").map(String.init) }
        let waiting = room.names.filter { !joined.contains($0) }
        lines.append(" \(joined.count) of \(room.names.count) have joined" + (waiting.isEmpty ? "" : "; waiting for " + waiting.joined(separator: ", ")) + " ")
        return lines
    }
}
