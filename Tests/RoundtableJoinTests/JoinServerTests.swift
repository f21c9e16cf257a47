import Foundation
import RoundtableJoin
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// The join protocol on 127.0.0.1: who may join, what is checked on every message, and
/// what each device gets to see.
// Four minutes: on a loaded 2-core machine the CLI suites, which wait for processes they
// start, can hold both threads of the task pool for a minute and more; these tests then
// wait their turn (a test-clock test queued behind one waits with it).
@Suite(.serialized, .apartFromTestClocks, .timeLimit(.minutes(4))) struct JoinServerTests {
    @Test func aDeviceJoinsByNameAndGetsAnUnguessableToken() async throws {
        let session = try await JoinedSession.start()
        let (status, client) = await session.socket()
        #expect(status == 101)
        let lobby = await blocking { client!.next("lobby") }
        let names = (lobby?["names"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["Ana", "Ben", "Chen"])
        let code = session.code
        let welcome = await blocking { () -> JSONMessage? in
            client!.send(["t": "join", "room": code, "name": "Ana"])
            return client!.next("welcome")
        }
        let token = try #require(welcome?["token"] as? String)
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
        let state = await blocking { client!.next("state") }
        #expect(state?["step"] as? String != nil)
        // The lobby now marks Ana as joined.
        let (_, other) = await session.socket()
        let claimed = await blocking { (other!.next("lobby")?["names"] as? [[String: Any]])?.first { $0["name"] as? String == "Ana" }?["claimed"] as? Bool }
        #expect(claimed == true)
        _ = await session.finish()
    }

    @Test func aWrongTokenIsForgottenAndCannotContribute() async throws {
        let session = try await JoinedSession.start()
        let (status, client) = await session.socket(token: String(repeating: "ab", count: 32))
        #expect(status == 101)
        let forget = await blocking { client!.next("forget") }
        #expect(forget != nil)
        // A joined device that sends someone else's (made-up) token is cut off.
        let ana = try #require(await session.join("Ana"))
        let code = session.code
        let closed = await blocking { () -> Int? in
            ana.client.send(["t": "send", "room": code, "token": String(repeating: "0", count: 64), "id": 1, "text": "not mine"])
            return ana.client.closeCode()
        }
        #expect(closed == 1008)
        let result = await session.finish()
        #expect(!result.allArtifacts.contains { $0.text == "not mine" })
    }

    @Test func aWrongRoomCodeGetsNothing() async throws {
        let session = try await JoinedSession.start()
        let (status, _) = await session.socket(room: "XXXXXX")
        #expect(status == 404)
        let port = session.port
        let page = await blocking { TestSocketClient.connect(port: port)?.request("GET /XXXXXX HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n") }
        #expect(page == 404)
        let right = session.code
        let good = await blocking { TestSocketClient.connect(port: port)?.request("GET /\(right) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n") }
        #expect(good == 200)
        // A message naming another room closes the connection.
        let (_, client) = await session.socket()
        let code = await blocking { () -> Int? in
            _ = client!.next("lobby")
            client!.send(["t": "join", "room": "XXXXXX", "name": "Ana"])
            return client!.closeCode()
        }
        #expect(code == 1008)
        #expect(session.server.room.claimed.isEmpty)
        _ = await session.finish()
    }

    @Test func theUpgradeChecksOriginAndHost() async throws {
        let session = try await JoinedSession.start()
        let (foreign, _) = await session.socket(origin: "http://evil.example")
        #expect(foreign == 403)
        let (none, _) = await session.socket(origin: nil)
        #expect(none == 403)
        let port = session.port, code = session.code
        let rebound = await blocking { TestSocketClient.connect(port: port)?.request("GET /\(code) HTTP/1.1\r\nHost: evil.example\r\n\r\n") }
        #expect(rebound == 421)
        let posted = await blocking {
            TestSocketClient.connect(port: port)?.request("POST /\(code) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: 2\r\n\r\nhi")
        }
        #expect(posted == 405)
        _ = await session.finish()
    }

    @Test func aSecondDeviceForAClaimedNameNeedsTheFacilitator() async throws {
        let session = try await JoinedSession.start()
        _ = try #require(await session.join("Ana"))
        let (_, second) = await session.socket()
        let code = session.code
        let refused = await blocking { () -> JSONMessage? in
            _ = second!.next("lobby")
            second!.send(["t": "join", "room": code, "name": "Ana"])
            return second!.next("refused")
        }
        #expect((refused?["reason"] as? String)?.contains("/allow Ana") == true)
        session.input.type("/allow Ana")
        try await Task.sleep(for: .milliseconds(200))
        let welcome = await blocking { () -> JSONMessage? in
            second!.send(["t": "join", "room": code, "name": "Ana"])
            return second!.next("welcome")
        }
        #expect(welcome?["name"] as? String == "Ana")
        // The allowance was for one device only.
        let (_, third) = await session.socket()
        let again = await blocking { () -> JSONMessage? in
            _ = third!.next("lobby")
            third!.send(["t": "join", "room": code, "name": "Ana"])
            return third!.next("refused")
        }
        #expect(again != nil)
        _ = await session.finish()
    }

    @Test func aReconnectingDeviceSeesTheStateAndItsWorkAtOnce() async throws {
        let session = try await JoinedSession.start()
        let ana = try #require(await session.join("Ana"))
        #expect(await session.contribute("pairing on Fridays", id: 1, client: ana.client, token: ana.token) == true)
        let (status, again) = await session.socket(token: ana.token)
        #expect(status == 101)
        let state = await blocking { () -> JSONMessage? in
            guard again!.next("welcome")?["name"] as? String == "Ana" else { return nil }
            return again!.next("state")
        }
        #expect(state?["mine"] as? [String] == ["pairing on Fridays"])
        #expect(state?["step"] != nil)
        _ = await session.finish()
    }

    @Test func anOversizeMessageClosesTheConnection() async throws {
        let session = try await JoinedSession.start()
        let ana = try #require(await session.join("Ana"))
        let code = session.code, token = ana.token
        let closed = await blocking { () -> Int? in
            ana.client.send(["t": "send", "room": code, "token": token, "id": 1, "text": String(repeating: "x", count: 20_000)])
            return ana.client.closeCode()
        }
        #expect(closed == 1009)
        let result = await session.finish()
        #expect(!result.allArtifacts.contains { $0.text.hasPrefix("xxxx") })
    }

    @Test func aDeviceThatSendsTooFastIsSlowedDown() async throws {
        var limits = JoinRoom.Limits()
        limits.burst = 5
        limits.perSecond = 1
        let session = try await JoinedSession.start(limits: limits)
        let ana = try #require(await session.join("Ana"))
        let code = session.code, token = ana.token
        let (acks, slowed) = await blocking { () -> (Int, Int) in
            for id in 1...20 { ana.client.send(["t": "send", "room": code, "token": token, "id": id, "text": "idea \(id)"]) }
            ana.client.drain(quietFor: 500)
            let messages = ana.client.allText
            return (messages.components(separatedBy: "\"t\":\"ack\"").count - 1, messages.components(separatedBy: "Too many messages").count - 1)
        }
        // The join itself spent one message of the burst.
        #expect(acks <= 5)
        #expect(slowed >= 14)
        let result = await session.finish()
        #expect(result.allArtifacts.filter { $0.text.hasPrefix("idea ") }.count == acks)
    }

    @Test func aSecretAnswerReachesNoOtherDeviceBeforeTheReveal() async throws {
        let session = try await JoinedSession.start()
        let ana = try #require(await session.join("Ana"))
        let ben = try #require(await session.join("Ben"))
        let chen = try #require(await session.join("Chen"))
        session.input.type("/next")
        try await Task.sleep(for: .milliseconds(300))
        #expect(await session.contribute("zebra-ana-7q", id: 1, client: ana.client, token: ana.token) == true)
        #expect(await session.contribute("yak-ben-3w", id: 1, client: ben.client, token: ben.token) == true)
        await blocking {
            for client in [ana.client, ben.client, chen.client] { client.drain() }
        }
        #expect(!ben.client.allText.contains("zebra-ana-7q"))
        #expect(!chen.client.allText.contains("zebra-ana-7q"))
        #expect(!chen.client.allText.contains("yak-ben-3w"))
        #expect(!ana.client.allText.contains("yak-ben-3w"))
        // Each author sees their own, and the room sees how many are hidden.
        #expect(ana.client.allText.contains("zebra-ana-7q"))
        #expect(chen.client.allText.contains("\"hidden\":2"))
        // Once everyone has written, the handler reveals: now the others see it (so the check above could fail).
        #expect(await session.contribute("ibis-chen-9x", id: 1, client: chen.client, token: chen.token) == true)
        await blocking { ben.client.drain() }
        #expect(ben.client.allText.contains("zebra-ana-7q"))
        _ = await session.finish()
    }

    @Test func everyAcknowledgedContributionIsInTheResultExactlyOnce() async throws {
        let session = try await JoinedSession.start(people: ["Ana", "Ben", "Chen", "Dev"])
        var acknowledged: [String] = []
        var devices: [(String, TestSocketClient, String)] = []
        for name in ["Ana", "Ben", "Chen", "Dev"] {
            let device = try #require(await session.join(name))
            devices.append((name, device.client, device.token))
        }
        for round in 1...4 {
            for (name, client, token) in devices {
                let text = "\(name) idea \(round)"
                if await session.contribute(text, id: round, client: client, token: token) == true { acknowledged.append(text) }
            }
        }
        #expect(acknowledged.count == 16)
        let result = await session.finish()
        for text in acknowledged {
            #expect(result.allArtifacts.filter { $0.text == text }.count == 1, "\(text)")
        }
    }

    @Test func tokensAndRoomCodeSurviveARestartOfTheSession() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("join-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let journal = MemoryJournal()
        let first = try await JoinedSession.start(folder: folder, recorder: journal)
        let ana = try #require(await first.join("Ana"))
        #expect(await first.contribute("kept across", id: 1, client: ana.client, token: ana.token) == true)
        let (code, port) = (first.code, first.port)
        _ = await first.finish()
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/join.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        // The journal without its end: as after kill -9.
        let records = journal.records.filter { if case .finished = $0 { return false } else { return true } }
            .filter { if case .line("/quit", _) = $0 { return false } else { return true } }
        let second = try await JoinedSession.start(folder: folder, journal: records)
        #expect(second.code == code)
        #expect(second.port == port)
        let (status, again) = await second.socket(token: ana.token)
        #expect(status == 101)
        let state = await blocking { () -> JSONMessage? in
            guard again!.next("welcome") != nil else { return nil }
            return again!.next("state")
        }
        #expect(state?["mine"] as? [String] == ["kept across"])
        let result = await second.finish()
        #expect(result.allArtifacts.filter { $0.text == "kept across" }.count == 1)
    }
}
