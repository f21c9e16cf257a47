import Foundation
import RoundtableTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// kill -9 in the middle of a vote from twenty devices, then `resume`: the join server comes
/// back at the same address, the devices reconnect with their tokens and find their ballots,
/// and every acknowledged ballot counts exactly once. On 127.0.0.1 only.
@Suite(.serialized, .timeLimit(.minutes(3))) struct JoinKillResumeTests {
    static let people = (1...20).map { String(format: "P%02d", $0) }
    static let items = (1...20).map { String(format: "Item %02d", $0) }
    static let yaml = """
        id: join-vote
        title: A vote from twenty devices
        participants: { min: 2, max: 30 }
        steps:
          - id: vote
            title: Vote
            handler: dot-vote
            duration: 30m
            config: { options: [\(items.map { "\"\($0)\"" }.joined(separator: ", "))], dots: 1 }
        """

    /// A session process with its output collected and its FIFO of typed lines.
    final class Session: @unchecked Sendable {
        let process = Process()
        let fifo: String
        private let lock = NSLock()
        private var output = ""
        private var writer: Int32 = -1

        init(_ arguments: [String], in folder: URL, fifo name: String) throws {
            fifo = folder.appendingPathComponent(name).path
            guard mkfifo(fifo, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
            process.executableURL = Binary.url
            process.arguments = arguments + ["--input", fifo]
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var text: String { lock.withLock { output } }

        /// The join address the session printed: its port and room code.
        func address(within seconds: Double = 30) -> (port: Int, room: String)? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let match = text.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\/([A-Z0-9]+)/) {
                    return (Int(match.1)!, String(match.2))
                }
                usleep(20_000)
            }
            return nil
        }

        /// Opens the session's FIFO for typing, once the session reads it.
        func openInput() {
            let deadline = Date().addingTimeInterval(10)
            while writer < 0 && Date() < deadline {
                writer = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
                if writer < 0 { usleep(20_000) }
            }
        }

        /// Types a line on the session's FIFO.
        func type(_ line: String) {
            openInput()
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
        }

        func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if writer >= 0 { close(writer) }
        }

        /// Waits for the process to end by itself; false when it has not within `seconds`.
        func wait(within seconds: Double = 30) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if writer >= 0 { close(writer) }
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
            return !process.isRunning
        }
    }

    /// A simulated participant: joined once, then reconnecting with the token.
    struct Device: Sendable {
        var name: String
        var token: String
        var ballot: String
    }

    /// Opens the room's socket as the page does; with a token, as that device.
    static func socket(port: Int, room: String, token: String? = nil) -> TestSocketClient? {
        guard let client = TestSocketClient.connect(port: port, timeout: 10) else { return nil }
        let path = "/\(room)/ws" + (token.map { "?token=\($0)" } ?? "")
        return client.upgrade(path: path, port: port, origin: "http://127.0.0.1:\(port)") == 101 ? client : nil
    }

    /// Sends `device`'s ballot; with `waiting`, returns whether it was acknowledged as saved.
    static func vote(_ device: Device, on client: TestSocketClient, room: String, id: Int, waiting: Bool) -> Bool? {
        client.send(["t": "send", "room": room, "token": device.token, "id": id, "text": device.ballot])
        guard waiting else { return nil }
        while let ack = client.next("ack") {
            if ack["id"] as? Int == id { return ack["ok"] as? Bool }
        }
        return nil
    }

    @Test func everyAcknowledgedBallotCountsOnceAfterKillAndResume() async throws {
        signal(SIGPIPE, SIG_IGN)
        let folder = try Binary.scratch()
        try folder.write("vote.yaml", Self.yaml)
        let sessions = ["--sessions-dir", folder.appendingPathComponent("sessions").path]
        let first = try Session(["run", "vote.yaml", "-p", Self.people.joined(separator: ","), "--join", "--no-color",
                                 "--report", "first.md"] + sessions, in: folder, fifo: "first.fifo")
        let found = first.address()
        let (port, room) = try #require(found, "no join address: \(first.text.suffix(400))")
        // Not an empty line: in a vote, that is the first awaited person abstaining.
        first.openInput()

        // Twenty devices join; twelve vote and are acknowledged, four vote and are cut off mid-way.
        let devices: [Device] = await blocking {
            Self.people.enumerated().compactMap { index, name in
                guard let client = Self.socket(port: port, room: room), client.next("lobby") != nil else { return nil }
                client.send(["t": "join", "room": room, "name": name])
                guard let token = client.next("welcome")?["token"] as? String else { return nil }
                return Device(name: name, token: token, ballot: String(index + 1))
            }
        }
        #expect(devices.count == 20)
        let acknowledged: [String] = await blocking {
            devices.prefix(16).enumerated().compactMap { index, device in
                guard let client = Self.socket(port: port, room: room, token: device.token), client.next("welcome") != nil
                else { return nil }
                let saved = Self.vote(device, on: client, room: room, id: 1, waiting: index < 12)
                return saved == true ? device.name : nil
            }
        }
        #expect(acknowledged.count == 12)
        first.kill()

        // Resume: the same address, and every device finds its acknowledged ballot.
        let second = try Session(["resume", "--join", "--no-color", "--report", "second.md"] + sessions, in: folder, fifo: "second.fifo")
        let again = second.address()
        #expect(again?.port == port && again?.room == room, "\(second.text.suffix(400))")
        second.openInput()
        let outcome: [(name: String, had: Bool, saved: Bool?)] = await blocking {
            devices.map { device in
                guard let client = Self.socket(port: port, room: room, token: device.token),
                      client.next("welcome")?["name"] as? String == device.name,
                      let state = client.next("state")
                else { return (device.name, false, nil) }
                let had = (state["mine"] as? [String])?.contains(device.ballot) == true
                // What the device did not find saved, it sends again (as the page lets a person do).
                return (device.name, had, had ? true : Self.vote(device, on: client, room: room, id: 2, waiting: true))
            }
        }
        for name in acknowledged {
            #expect(outcome.first { $0.name == name }?.had == true, "\(name)'s acknowledged ballot is not on its page after resume")
        }
        #expect(outcome.allSatisfy { $0.saved == true }, "\(outcome.filter { $0.saved != true })")
        second.type("/end")
        second.type("/quit")
        #expect(second.wait(), "the resumed session did not end: \(second.text.suffix(400))")

        // The final tally: each item exactly the one dot of its voter.
        let csv = try Binary.run(["report", "--format", "csv"] + sessions, in: folder)
        #expect(csv.status == 0, "\(csv.stderr)")
        let votes = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .filter { $0.count > 3 && $0[1] == "vote" }
        #expect(votes.count == 20, "\(csv.stdout)")
        for (index, name) in Self.people.enumerated() {
            #expect(votes.filter { $0[3] == Substring(name) }.map { String($0[2]) } == [Self.items[index]], "\(name)")
        }
    }
}
