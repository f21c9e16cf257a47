import Foundation
import RoundtableKit
import Synchronization
import Testing

/// One writer per session: exclusive ids and an exclusive lock that dies with its holder.
@Suite struct SessionLockTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aSecondWriterIsRefusedAndToldWhoHoldsTheSession() throws {
        let folder = try Self.folder()
        let started = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try SessionLock.acquire(folder: folder, now: started)
        #expect(first.holder == SessionLock.Holder(pid: getpid(), started: "2027-01-15T08:00:00Z"))
        #expect(SessionLock.holder(folder: folder) == .some(first.holder))
        #expect { try SessionLock.acquire(folder: folder) } throws: { error in
            (error as? SessionLock.Failure) == .held(first.holder)
        }
        first.release()
        #expect(SessionLock.holder(folder: folder) == .none)
        let second = try SessionLock.acquire(folder: folder)
        #expect(second.holder.pid == getpid())
    }

    @Test func aLockIsReleasedWhenItsHolderIsGone() throws {
        let folder = try Self.folder()
        do {
            let lock = try SessionLock.acquire(folder: folder)
            #expect(SessionLock.holder(folder: folder) != .none)
            _ = lock
        }
        // The kernel drops the lock with the last reference to its open file; a process
        // this test runner spawns at that moment holds one until it starts its program.
        let deadline = Date().addingTimeInterval(30)
        while SessionLock.holder(folder: folder) != .none && Date() < deadline { usleep(10_000) }
        #expect(SessionLock.holder(folder: folder) == .none)
        #expect(throws: Never.self) { _ = try SessionLock.acquire(folder: folder) }
    }

    @Test func aLockHeldByAKilledProcessIsNotInTheWay() throws {
        let folder = try Self.folder()
        let flock = try #require(["/usr/bin/flock", "/bin/flock"].first { FileManager.default.isExecutableFile(atPath: $0) })
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: flock)
        // `cat` waits for input we hold; --close keeps the lock with flock itself.
        holder.arguments = ["--exclusive", "--close", folder + "/" + SessionLock.fileName, "cat"]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        let deadline = Date().addingTimeInterval(30)
        while SessionLock.holder(folder: folder) == .none && Date() < deadline { usleep(20_000) }
        #expect(SessionLock.holder(folder: folder) == .some(nil), "held, by a process that did not say who it is")
        #expect { try SessionLock.acquire(folder: folder) } throws: { ($0 as? SessionLock.Failure) == .held(nil) }
        kill(holder.processIdentifier, SIGKILL)
        // `cat` ends with its input; only then does Process see flock's end.
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        #expect(throws: Never.self) { _ = try SessionLock.acquire(folder: folder) }
    }

    @Test func aLockFileThatIsNotARegularFileIsRefused() throws {
        let folder = try Self.folder()
        #expect(mkfifo(folder + "/" + SessionLock.fileName, 0o644) == 0)
        #expect { try SessionLock.acquire(folder: folder) } throws: { error in
            if case .unusable(let reason)? = error as? SessionLock.Failure { return reason.contains("named pipe") }
            return false
        }
    }

    @Test func idsClaimedForTheSameSecondAreAllDifferent() throws {
        let parent = try Self.folder()
        #expect(try SessionFolder.claim("20261123-093000-retro", in: parent) == "20261123-093000-retro")
        #expect(try SessionFolder.claim("20261123-093000-retro", in: parent) == "20261123-093000-retro-2")
        // Many at once, as runs started together would.
        let names = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 24) { _ in
            if let name = try? SessionFolder.claim("20261123-093001-retro", in: parent) { names.withLock { $0.append(name) } }
        }
        let claimed = names.withLock { $0 }
        #expect(claimed.count == 24)
        #expect(Set(claimed).count == 24)
    }

    @Test func aSessionsFolderThatCannotBeWrittenIsAnError() throws {
        #expect(throws: SessionFolder.Failure.self) { try SessionFolder.claim("x", in: "/proc/no-such-folder") }
    }
}
