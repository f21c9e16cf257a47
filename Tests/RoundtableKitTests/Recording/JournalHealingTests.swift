import Foundation
import RoundtableKit
import Synchronization
import Testing

/// A disk of `capacity` bytes for a journal writer: a write that does not fit is cut short
/// where the disk fills up, then writes fail with ENOSPC until room is made. Only the
/// system calls are stood in for; the writer is the real one, on a real file.
final class FillingDisk: Sendable {
    let path: String
    private let room: Mutex<Int>
    private let failingSyncs = Mutex(0)

    init(capacity: Int) {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl").path
        room = Mutex(capacity)
    }

    /// Makes room for `bytes` more bytes in the file.
    func grow(to capacity: Int) { room.withLock { $0 = capacity } }

    /// The next `count` calls of fsync fail with EIO (the data never reached the disk).
    func failSyncs(_ count: Int) { failingSyncs.withLock { $0 = count } }

    var calls: JournalWriter.SystemCalls {
        JournalWriter.SystemCalls(
            write: { [self] descriptor, buffer, count in
                var info = stat()
                guard fstat(descriptor, &info) == 0 else { return -1 }
                let free = self.room.withLock { $0 } - Int(info.st_size)
                guard free > 0 else {
                    errno = ENOSPC
                    return -1
                }
                return Foundation.write(descriptor, buffer, min(free, count))
            },
            fsync: { [self] descriptor in
                let fail = self.failingSyncs.withLock { count -> Bool in
                    guard count > 0 else { return false }
                    count -= 1
                    return true
                }
                if fail {
                    errno = EIO
                    return -1
                }
                return Foundation.fsync(descriptor)
            },
            truncate: { ftruncate($0, off_t($1)) })
    }

    var bytes: [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }
}

@Suite struct JournalHealingTests {
    static let header = SessionHeader(id: "s", title: "T", name: "x", document: "/x.yaml", library: [], participants: [],
                                      seed: 0, params: [:], speed: 1, started: "", fingerprint: "")

    static func journal(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static var headerLine: String { String(decoding: JournalRecord.session(header).encoded(), as: UTF8.self) }

    // MARK: Reading

    @Test func everyDamagedLineIsSkippedWithItsFileAndLineAndTheRestIsKept() throws {
        let path = try Self.journal([
            Self.headerLine,
            #"{"t":1000000000,"text":"one","type":"line"}"#,
            #"{"t":2000000000,"text":"tw"#,
            "\u{0}\u{0}\u{0}",
            #"{"t":3000000000,"text":"three","type":"line"}"#,
            Self.headerLine,
            #"{"t":4000000000,"text":"four","type":"line"}"#,
        ])
        let journal = try Journal.read(path)
        #expect(journal.records == [.session(Self.header), .line("one", at: .seconds(1)), .line("three", at: .seconds(3)),
                                    .line("four", at: .seconds(4))])
        #expect(journal.damagedLines == [3, 4, 6])
        #expect(journal.warnings.map { "\($0.location!)" } == ["\(path):3:1", "\(path):4:1", "\(path):6:1"])
        #expect(journal.warnings.allSatisfy { $0.severity == .warning && $0.message.contains("damaged and is skipped") })
        #expect(journal.validLength == (try Data(contentsOf: URL(fileURLWithPath: path))).count)
    }

    @Test(arguments: [
        #"{"t":9223372036854775807,"text":"x","type":"line"}"#,
        #"{"t":-5,"type":"heartbeat"}"#,
        #"{"t":2592000000000001,"type":"input-closed"}"#,
        #"{"roles":[],"step":9223372036854775807,"t":5,"type":"step"}"#,
        #"{"roles":[],"step":-1,"t":5,"type":"step"}"#,
    ])
    func aValueOutOfBoundsMakesADamagedRecord(line: String) throws {
        #expect(JournalRecord.decode(Data(line.utf8)) == nil)
        let path = try Self.journal([Self.headerLine, line, #"{"t":7,"type":"heartbeat"}"#])
        let journal = try Journal.read(path)
        #expect(journal.damagedLines == [2])
        #expect(journal.records.count == 2)
        #expect(journal.lastTime == .nanoseconds(7))
    }

    @Test func recordsAtTheBoundsAreKept() throws {
        #expect(JournalRecord.decode(Data(#"{"t":2592000000000000,"type":"heartbeat"}"#.utf8)) == .heartbeat(at: .seconds(30 * 24 * 3600)))
        #expect(JournalRecord.decode(Data(#"{"roles":[],"step":99999,"t":0,"type":"step"}"#.utf8)) == .stepStarted(99_999, roles: [], at: .zero))
    }

    @Test(arguments: [1e-20, 0.05, 20_000, .infinity])
    func aHeaderWithASpeedOutOfBoundsIsAnError(speed: Double) throws {
        var header = Self.header
        header.speed = speed
        // JSON has no infinity: an overflowing number stands for it.
        let line = speed.isInfinite
            ? Self.headerLine.replacingOccurrences(of: "\"speed\":1", with: "\"speed\":1e999")
            : String(decoding: JournalRecord.session(header).encoded(), as: UTF8.self)
        let path = try Self.journal([line, #"{"t":7,"type":"heartbeat"}"#])
        #expect { try Journal.read(path) } throws: { error in
            let diagnostic = (error as? LoadError)?.diagnostics.first
            return diagnostic?.location?.line == 1 && diagnostic?.message.hasPrefix("the session header is damaged") == true
                || diagnostic?.message.hasPrefix("this is not a session journal") == true
        }
    }

    @Test func aJournalWithoutRehearsalMarkIsARealSession() throws {
        let old = Self.headerLine.replacingOccurrences(of: ",\"rehearsal\":false", with: "")
        #expect(!old.contains("rehearsal"))
        let journal = try Journal.read(try Self.journal([old]))
        #expect(journal.header?.rehearsal == nil)
        #expect(journal.header?.isRehearsal == false)
        var header = Self.header
        header.rehearsal = true
        let marked = try Journal.read(try Self.journal([String(decoding: JournalRecord.session(header).encoded(), as: UTF8.self)]))
        #expect(marked.header?.isRehearsal == true)
    }

    @Test func aJournalThatIsANamedPipeIsRefusedWithoutWaiting() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString).jsonl").path
        #expect(mkfifo(path, 0o644) == 0)
        #expect { try Journal.read(path) } throws: { error in
            (error as? LoadError)?.diagnostics.first?.message == "the journal is a named pipe (FIFO), not a regular file"
        }
        #expect { try JournalWriter(path: path) } throws: { error in
            (error as? LoadError)?.diagnostics.first?.message.contains("not a regular file") == true
        }
    }

    // MARK: Writing on a full disk

    @Test func aWriteThatFillsTheDiskLeavesNoTornRecordAndWritingGoesOnWhenThereIsRoom() throws {
        let header = Self.headerLine.utf8.count + 1
        let line = JournalRecord.line("an idea", at: .seconds(1)).encoded().count + 1
        // Room for the header, two lines and half of a third.
        let disk = FillingDisk(capacity: header + 2 * line + line / 2)
        let writer = try JournalWriter(path: disk.path, calls: disk.calls)
        #expect(writer.record(.session(Self.header)))
        var written: [Bool] = []
        for second in 1...5 { written.append(writer.record(.line("an idea", at: .seconds(second)))) }
        #expect(written == [true, true, false, false, false])
        // Only whole records are in the file: it ends with a newline, every line is a record.
        #expect(disk.bytes.count == header + 2 * line)
        #expect(disk.bytes.last == 0x0A)
        let full = try Journal.read(disk.path)
        #expect(full.warnings.isEmpty)
        #expect(full.records.count == 3)

        disk.grow(to: 1 << 20)
        #expect(writer.record(.line("after the cleanup", at: .seconds(9))))
        let healed = try Journal.read(disk.path)
        #expect(healed.warnings.isEmpty)
        #expect(healed.records.last == .line("after the cleanup", at: .seconds(9)))
        #expect(healed.records.count == 4)
    }

    @Test func aRecordThatCouldNotBeSyncedIsCutBack() throws {
        let disk = FillingDisk(capacity: 1 << 20)
        let writer = try JournalWriter(path: disk.path, calls: disk.calls)
        #expect(writer.record(.session(Self.header)))
        disk.failSyncs(1)
        #expect(!writer.record(.line("lost", at: .seconds(1))))
        #expect(writer.record(.line("kept", at: .seconds(2))))
        let journal = try Journal.read(disk.path)
        #expect(journal.warnings.isEmpty)
        #expect(journal.records == [.session(Self.header), .line("kept", at: .seconds(2))])
    }

    @Test func aWriterKnowsWhetherItRecordedTheEnd() throws {
        let disk = FillingDisk(capacity: 1 << 20)
        let writer = try JournalWriter(path: disk.path, calls: disk.calls)
        writer.record(.session(Self.header))
        #expect(!writer.hasRecordedFinish)
        writer.record(.finished(completed: false, at: .seconds(3)))
        #expect(writer.hasRecordedFinish)
    }
}
