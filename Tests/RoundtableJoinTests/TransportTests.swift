import FlyingSocks
import Foundation
@testable import RoundtableJoin
import RoundtableTesting
import Testing

/// The join server's own HTTP and WebSocket: sizes checked before anything is read,
/// the protocol's rules, and the handshake's arithmetic.
@Suite(.serialized, .apartFromTestClocks, .timeLimit(.minutes(4))) struct TransportTests {
    // MARK: Pure parts

    @Test func sha1AndTheHandshakeMatchTheirPublishedVectors() {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA1.digest(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        // 56 bytes: the padding spills into a second block.
        #expect(hex(SHA1.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
            == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        // RFC 6455 §1.3.
        #expect(WebSocket.accept(key: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(WebSocket.isValidKey("dGhlIHNhbXBsZSBub25jZQ=="))
        #expect(!WebSocket.isValidKey("c2hvcnQ="))
    }

    @Test func aRequestHeadIsReadStrictly() throws {
        let head = try #require(HTTPHead(Array("GET /K7PQ4M/ws?token=a%62c&x=1 HTTP/1.1\r\nHost: 127.0.0.1:80\r\nConnection: keep-alive, Upgrade\r\nX: 1\r\nx: 2".utf8)))
        #expect(head.method == "GET" && head.path == "/K7PQ4M/ws")
        #expect(head.query["token"] == "abc")
        #expect(head.lists("connection", "upgrade"))
        #expect(head[header: "x"] == "1, 2" && head.repeated == ["x"])
        for bad in [
            "GET / HTTP/2.0", "get / HTTP/1.1", "GET noslash HTTP/1.1", "GET / HTTP/1.1 extra",
            "GET / HTTP/1.1\r\nHost : x", "GET / HTTP/1.1\r\n folded: x", "GET / HTTP/1.1\r\nno colon",
        ] {
            #expect(HTTPHead(Array(bad.utf8)) == nil, "\(bad)")
        }
        #expect(HTTPHead([0xFF, 0xFE]) == nil)
        let many = "GET / HTTP/1.1" + String(repeating: "\r\nA: b", count: 65)
        #expect(HTTPHead(Array(many.utf8)) == nil)
    }

    @Test func acceptedSocketsProbeASilentPeer() throws {
        let socket = try Socket(domain: Int32(AF_INET), type: .stream)
        defer { try? socket.close() }
        Connection.keepAlive(socket)
        #expect(try socket.getValue(for: BoolSocketOption(name: SO_KEEPALIVE)))
        #expect(try socket.getValue(for: Int32SocketOption(level: Int32(IPPROTO_TCP), name: TCP_KEEPIDLE)) == 60)
        #expect(try socket.getValue(for: Int32SocketOption(level: Int32(IPPROTO_TCP), name: TCP_KEEPCNT)) == 3)
    }

    // MARK: On the wire, 127.0.0.1

    @Test func aFrameAnnouncedTooLargeIsRefusedBeforeItsPayload() async throws {
        let session = try await JoinedSession.start()
        let ana = try #require(await session.join("Ana"))
        // A text frame announcing 1 GiB, of which only the header and mask are sent.
        let code = await blocking { () -> Int? in
            var header: [UInt8] = [0x81, 0x80 | 127]
            for shift in stride(from: 56, through: 0, by: -8) { header.append(UInt8(truncatingIfNeeded: (1 << 30) >> shift)) }
            ana.client.write(header + [1, 2, 3, 4])
            return ana.client.closeCode()
        }
        #expect(code == 1009)
        // Fragments count together: three of 3 KiB make a message over the 8 KiB limit.
        let ben = try #require(await session.join("Ben"))
        let fragmented = await blocking { () -> Int? in
            let part = [UInt8](repeating: 0x20, count: 3_072)
            ben.client.write(Self.frame(fin: false, opcode: 1, part))
            ben.client.write(Self.frame(fin: false, opcode: 0, part))
            ben.client.write(Self.frame(fin: true, opcode: 0, part))
            return ben.client.closeCode()
        }
        #expect(fragmented == 1009)
        _ = await session.finish()
    }

    @Test func framesMustFollowTheProtocol() async throws {
        let session = try await JoinedSession.start()
        let code = session.code
        // A message in fragments, with a ping between them, is one message.
        let ana = try #require(await session.join("Ana"))
        let token = ana.token
        let (acknowledged, pong) = await blocking { () -> (Bool, Bool) in
            let json = Array(#"{"t":"send","room":"\#(code)","token":"\#(token)","id":7,"text":"in three parts"}"#.utf8)
            ana.client.write(Self.frame(fin: false, opcode: 1, Array(json[0..<10])))
            ana.client.write(Self.frame(fin: true, opcode: 9, Array("hi".utf8)))
            ana.client.write(Self.frame(fin: false, opcode: 0, Array(json[10..<30])))
            ana.client.write(Self.frame(fin: true, opcode: 0, Array(json[30...])))
            var pong = false, acknowledged = false
            while let frame = ana.client.nextFrame() {
                if frame.opcode == 0xA { pong = frame.text == "hi" }
                if frame.opcode == 1, frame.text.contains(#""t":"ack""#), frame.text.contains(#""id":7"#) {
                    acknowledged = frame.text.contains(#""ok":true"#)
                    break
                }
            }
            return (acknowledged, pong)
        }
        #expect(acknowledged && pong)
        // Unmasked frames, reserved bits and invalid UTF-8 each close with their code.
        for (bytes, expected) in [
            ([0x81, 0x02, 0x68, 0x69] as [UInt8], 1002),
            (Self.frame(fin: true, opcode: 1, [0x68], reserved: true), 1002),
            (Self.frame(fin: true, opcode: 3, [0x68]), 1002),
            (Self.frame(fin: true, opcode: 1, [0xC3, 0x28]), 1007),
        ] {
            let (status, client) = await session.socket()
            #expect(status == 101)
            let closed = await blocking { () -> Int? in
                _ = client!.next("lobby")
                client!.write(bytes)
                return client!.closeCode()
            }
            #expect(closed == expected)
        }
        let result = await session.finish()
        #expect(result.allArtifacts.contains { $0.text == "in three parts" && $0.author == "Ana" })
    }

    @Test func requestHeadsAreBoundedInSizeAndTime() async throws {
        var limits = JoinRoom.Limits()
        limits.requestTimeout = .milliseconds(400)
        let session = try await JoinedSession.start(limits: limits)
        let port = session.port
        let tooLarge = await blocking {
            TestSocketClient.connect(port: port)?.request("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX: \(String(repeating: "a", count: 9_000))\r\n\r\n")
        }
        #expect(tooLarge == 431)
        // A head that never ends is answered once its time is up.
        let slow = await blocking { () -> Int? in
            guard let client = TestSocketClient.connect(port: port) else { return nil }
            client.write(Array("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n".utf8))
            return client.request("")
        }
        #expect(slow == 408)
        let garbage = await blocking { TestSocketClient.connect(port: port)?.request("HELLO\r\n\r\n") }
        #expect(garbage == 400)
        let body = await blocking {
            TestSocketClient.connect(port: port)?.request("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nTransfer-Encoding: chunked\r\n\r\n")
        }
        #expect(body == 413)
        let twoHosts = await blocking {
            TestSocketClient.connect(port: port)?.request("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        }
        #expect(twoHosts == 421)
        let code = session.code
        let notAnUpgrade = await blocking {
            TestSocketClient.connect(port: port)?.request("GET /\(code)/ws HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\n\r\n")
        }
        #expect(notAnUpgrade == 400)
        // None of these is left holding a socket.
        let server = session.server
        let deadline = ContinuousClock.now + .seconds(10)
        while server.openSockets > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(server.openSockets == 0)
        _ = await session.finish()
    }

    /// A masked client frame, `fin` and `opcode` as given.
    static func frame(fin: Bool, opcode: UInt8, _ payload: [UInt8], reserved: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | (reserved ? 0x40 : 0) | opcode]
        if payload.count < 126 {
            bytes.append(0x80 | UInt8(payload.count))
        } else {
            bytes += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        let mask: [UInt8] = [9, 8, 7, 6]
        bytes += mask
        bytes += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return bytes
    }
}
