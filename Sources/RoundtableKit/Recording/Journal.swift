import Foundation
import Synchronization

/// A session journal read back: its records, and what was wrong with it, if anything.
public struct Journal: Sendable {
    public var records: [JournalRecord]
    /// Warnings about damaged lines that were skipped, and about a torn last line (a
    /// crash mid-write) that was left out.
    public var warnings: [Diagnostic]
    /// The numbers of the lines skipped as damaged (a torn last line included).
    public var damagedLines: [Int]
    /// Bytes of the file up to the end of its last whole record (a resume appends after them).
    public var validLength: Int

    /// The largest journal read; a session typing a line a second for a day writes a few MB.
    public static let maxBytes = 256 << 20
    /// The longest line that can be a record (a header holds the team's history and commitments).
    public static let maxRecordBytes = 8 << 20
    /// Damaged lines reported one by one; more are summed up in one warning.
    static let maxLineWarnings = 10

    public var header: SessionHeader? {
        if case .session(let header)? = records.first { return header }
        return nil
    }

    /// Whether the session ran to its end (true) or was ended by `/quit` or Ctrl-C
    /// (false); nil while it has not finished (running, or cut off by a crash).
    public var completed: Bool? {
        if case .finished(let completed, _)? = records.last { return completed }
        return nil
    }

    /// The records to replay: a `/quit` only stopped the process, so a resumed session
    /// or a report goes on past it.
    public var replayRecords: [JournalRecord] {
        records.filter { record in
            if case .line(let text, _) = record, Runner<ContinuousClock>.isQuit(text) { return false }
            return true
        }
    }

    /// The step the session was in when the journal ends.
    public var currentStep: Int? {
        records.reversed().lazy.compactMap { if case .stepStarted(let index, _, _) = $0 { return index } else { return nil } }.first
    }

    /// Who held which role in the steps this journal saw start.
    public var roleHistory: RoleHistory {
        var history = RoleHistory()
        var holders: Set<RoleHolder> = []
        for record in records {
            if case .stepStarted(_, let roles, _) = record {
                for holder in Set(roles) { history.add(role: holder.role, person: holder.person) }
                holders.formUnion(roles)
            }
        }
        history.addSession(holders: holders)
        return history
    }

    /// The interruptions recorded so far, in order.
    public var interruptions: [Interruption] {
        records.compactMap { if case .interrupted(let at, let length) = $0 { return Interruption(at: at, length: length) } else { return nil } }
    }

    /// How long the session has stood still at `date`, by the wall clock: from the moment
    /// its last record was written (its start, plus the session time of that record at
    /// the session's speed, plus the interruptions before) to `date`.
    ///
    /// The last record is at most a heartbeat old when a session dies, so the result errs
    /// by at most that much. Nil when the header's start date cannot be read.
    public func downtime(until date: Date) -> Duration? {
        guard let header, let started = ISO8601DateFormatter().date(from: header.started) else { return nil }
        let ran = lastTime.secondsValue / header.speed
        let before = interruptions.reduce(0.0) { $0 + $1.length.secondsValue }
        let stopped = started.addingTimeInterval(ran + before)
        let gap = date.timeIntervalSince(stopped)
        guard gap.isFinite, gap > 0 else { return .zero }
        return .milliseconds(Int64(min(gap, JournalRecord.maxInterruption.secondsValue) * 1000))
    }

    /// The session time of the last record: how long the session had run when the journal ends.
    public var lastTime: Duration { records.reversed().lazy.compactMap(\.time).first ?? .zero }

    /// Reads a journal file.
    ///
    /// A damaged line anywhere (a disk error, an edit, a value out of bounds) is skipped
    /// with a warning naming its line; every record before and after it is kept. A torn
    /// last line (power lost mid-write) is left out the same way. Only a journal without
    /// a usable session header on its first line cannot be read.
    ///
    /// - Throws: ``LoadError`` when the file is not a regular file, cannot be read or has
    ///   no usable header.
    public static func read(_ path: String) throws(LoadError) -> Journal {
        // The path names a folder that anyone could have named: it is shown, never obeyed.
        let shown = path.neutralized()
        let start = SourceLocation(file: shown, line: 1, column: 1)
        let data: Data
        do {
            data = try RegularFile.read(path, maxBytes: maxBytes)
        } catch {
            throw LoadError([.error("the journal \(error.message)", at: start)])
        }
        var records: [JournalRecord] = []
        var damaged: [Int] = []
        var warnings: [Diagnostic] = []
        var validLength = 0
        var offset = 0
        var lineNumber = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            lineNumber += 1
            let end = bytes[offset...].firstIndex(of: 0x0A)
            let next = end.map { $0 + 1 } ?? bytes.count
            defer { offset = next }
            let location = SourceLocation(file: shown, line: lineNumber, column: 1)
            var record: JournalRecord?
            if let end, end - offset <= maxRecordBytes { record = JournalRecord.decode(Data(bytes[offset..<end])) }
            switch record {
            case .session(let header)? where records.isEmpty:
                if let problem = header.problem {
                    throw LoadError([.error("the session header is damaged: \(problem)", at: location,
                                            hint: "the session cannot be planned again from it; its report may still be in reports/")])
                }
            case .session?:
                record = nil  // a second header is not part of this session
            default:
                break
            }
            if let record, !records.isEmpty || lineNumber == 1 {
                records.append(record)
                validLength = next
                continue
            }
            damaged.append(lineNumber)
            if end == nil || next >= bytes.count {
                warnings.append(Diagnostic(.warning, "the journal's last line is incomplete or damaged (the session was cut off while writing); it is left out", at: location,
                                           hint: "nothing typed before it is lost"))
            } else if damaged.count <= maxLineWarnings {
                warnings.append(Diagnostic(.warning, "this journal line is damaged and is skipped", at: location,
                                           hint: "what it held is lost; every record before and after it is kept"))
            }
        }
        if case .session? = records.first {} else {
            throw LoadError([.error("this is not a session journal (its first line is no session header)", at: start,
                                    hint: "`roundtable sessions` lists the sessions of this folder")])
        }
        let unreported = damaged.count - warnings.count
        if unreported > 0 {
            warnings.append(Diagnostic(.warning, "\(unreported) more damaged line\(unreported == 1 ? " is" : "s are") skipped", at: start))
        }
        return Journal(records: records, warnings: warnings, damagedLines: damaged, validLength: validLength)
    }
}

extension Journal {
    /// The session header of the journal at `path`, read from its first line alone.
    ///
    /// Listing a team's sessions reads this much of each journal: another team's journal,
    /// however long, costs one line.
    ///
    /// - Throws: ``LoadError`` when the file is not a regular file or its first line is no
    ///   usable header.
    public static func header(_ path: String) throws(LoadError) -> SessionHeader {
        let start = SourceLocation(file: path.neutralized(), line: 1, column: 1)
        let line: Data
        do {
            line = try RegularFile.firstLine(path, maxBytes: maxRecordBytes)
        } catch {
            throw LoadError([.error("the journal \(error.message)", at: start)])
        }
        guard case .session(let header)? = JournalRecord.decode(line) else {
            throw LoadError([.error("this is not a session journal (its first line is no session header)", at: start)])
        }
        if let problem = header.problem {
            throw LoadError([.error("the session header is damaged: \(problem)", at: start)])
        }
        return header
    }

    /// Who held which role in the journal at `path`, decoding only its step records.
    ///
    /// The same counts as ``roleHistory`` of the journal read whole, for a fraction of the
    /// work: a team's history is read from every one of its past sessions at each start.
    /// Damaged lines are skipped, as ``read(_:)`` skips them.
    ///
    /// - Throws: ``LoadError`` when the file cannot be read.
    public static func roleHistory(_ path: String) throws(LoadError) -> RoleHistory {
        let data: Data
        do {
            data = try RegularFile.read(path, maxBytes: maxBytes)
        } catch {
            throw LoadError([.error("the journal \(error.message)", at: SourceLocation(file: path.neutralized(), line: 1, column: 1))])
        }
        let marker = Array(#""type":"step""#.utf8)
        var history = RoleHistory()
        var holders: Set<RoleHolder> = []
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var offset = 0
            var first = true
            while offset < bytes.count {
                let end = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
                defer { offset = end + 1; first = false }
                // Only a whole line can be a record; the header is never a step.
                guard !first, end < bytes.count, end - offset <= maxRecordBytes,
                      contains(bytes, offset..<end, marker) else { continue }
                guard case .stepStarted(_, let roles, _)? = JournalRecord.decode(Data(bytes[offset..<end])) else { continue }
                for holder in Set(roles) { history.add(role: holder.role, person: holder.person) }
                holders.formUnion(roles)
            }
        }
        history.addSession(holders: holders)
        return history
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ marker: [UInt8]) -> Bool {
        guard range.count >= marker.count, let first = marker.first else { return false }
        var index = range.lowerBound
        let last = range.upperBound - marker.count
        while index <= last {
            if bytes[index] == first {
                var matched = true
                for offset in 1..<marker.count where bytes[index + offset] != marker[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            index += 1
        }
        return false
    }
}
