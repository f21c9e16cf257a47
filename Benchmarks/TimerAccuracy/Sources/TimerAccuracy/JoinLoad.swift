// The join server under load: the real `roundtable run --join` on 127.0.0.1, with simulated
// participants on their own threads, each joining by name and sending contributions, and
// idle connections held open beside them.
import Foundation
import RoundtableTesting
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Figures of one join load run.
struct JoinLoadFigures {
    var latencies: [Double] = []  // ms, send to acknowledgement (journaled and synced)
    var sent = 0
    var acknowledged = 0
    var refused = 0
    var idleOpen = 0
}

/// Runs `roundtable` with `--join`, `devices` participants sending `each` contributions
/// `intervalMs` apart (with jitter), and `idle` extra connections held open; prints `key value` lines.
func joinLoad(roundtable: String, devices: Int, each: Int, idle: Int, intervalMs: Int) {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("join-load-\(getpid())")
    try? FileManager.default.removeItem(at: work)
    try! FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let names = (1...devices).map { String(format: "P%03d", $0) }
    let exercise = work.appendingPathComponent("load.yaml")
    try! """
        id: join-load
        title: Join load
        participants: { min: 2, max: 500 }
        steps:
          - id: ideas
            title: Ideas from every device
            handler: brainstorm
            duration: 2h
        """.write(to: exercise, atomically: true, encoding: .utf8)
    let commands = work.appendingPathComponent("commands").path
    guard mkfifo(commands, 0o600) == 0 else { fatal("cannot make a FIFO") }

    // The fsync floor of this disk, in the same folder: one synced append per contribution is
    // what every acknowledgement waits for.
    let floor = fsyncLatencies(in: work.path, count: 200)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: roundtable)
    process.arguments = ["run", exercise.path, "-p", names.joined(separator: ","), "--input", commands, "--join",
                         "--sessions-dir", work.appendingPathComponent("sessions").path,
                         "--report", work.appendingPathComponent("report.md").path, "--no-color"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try! process.run()
    // The address, from the first lines the session prints.
    var seen = ""
    var address: (port: Int, room: String)?
    let deadline = Date().addingTimeInterval(30)
    while address == nil && Date() < deadline {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        seen += String(decoding: chunk, as: UTF8.self)
        if let match = seen.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\/([A-Z0-9]+)/) {
            address = (Int(match.1)!, String(match.2))
        }
    }
    guard let address else { fatal("no join address printed: \(seen.suffix(300))") }
    // Keep reading the output so the session never blocks on a full pipe.
    Thread { while !output.fileHandleForReading.availableData.isEmpty {} }.start()
    let facilitator = FileHandle(forWritingAtPath: commands)!

    // Idle connections (a room's phones on the name list) held open for the whole run.
    var idlers: [TestSocketClient] = []
    for _ in 0..<idle {
        guard let client = TestSocketClient.connect(port: address.port),
              client.upgrade(path: "/\(address.room)/ws", port: address.port, origin: "http://127.0.0.1:\(address.port)") == 101
        else { continue }
        idlers.append(client)
    }

    let figures = Mutex(JoinLoadFigures())
    figures.withLock { $0.idleOpen = idlers.count }
    let cpuBefore = cpuSeconds(of: process.processIdentifier)
    let started = Date()
    let group = DispatchGroup()
    for (index, name) in names.enumerated() {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            guard let client = TestSocketClient.connect(port: address.port, timeout: 10),
                  client.upgrade(path: "/\(address.room)/ws", port: address.port, origin: "http://127.0.0.1:\(address.port)") == 101,
                  client.next("lobby") != nil
            else { return }
            client.send(["t": "join", "room": address.room, "name": name])
            guard let welcome = client.next("welcome"), let token = welcome["token"] as? String else { return }
            var generator = SystemRandomNumberGenerator()
            for number in 1...each {
                usleep(useconds_t(intervalMs * 1000 / 2 + Int.random(in: 0...(intervalMs * 1000), using: &generator)))
                let sentAt = DispatchTime.now().uptimeNanoseconds
                client.send(["t": "send", "room": address.room, "token": token, "id": number,
                             "text": "\(name) idea \(number) of \(each) for calmer releases (\(index))"])
                figures.withLock { $0.sent += 1 }
                var acknowledged: Bool?
                while let ack = client.next("ack") {
                    guard ack["id"] as? Int == number else { continue }
                    acknowledged = ack["ok"] as? Bool
                    break
                }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - sentAt) / 1e6
                figures.withLock { figures in
                    if acknowledged == true {
                        figures.acknowledged += 1
                        figures.latencies.append(ms)
                    } else if acknowledged == false {
                        figures.refused += 1
                    }
                }
            }
        }
        thread.stackSize = 256 << 10
        thread.start()
    }
    group.wait()
    let seconds = Date().timeIntervalSince(started)
    let cpu = cpuSeconds(of: process.processIdentifier) - cpuBefore
    let peak = peakRSSKiB(of: process.processIdentifier)
    facilitator.write(Data("/quit\n".utf8))
    try? facilitator.close()
    process.waitUntilExit()
    idlers.removeAll()

    // Nothing acknowledged is lost: every acknowledged idea is in the report.
    let report = (try? String(contentsOf: work.appendingPathComponent("report.md"), encoding: .utf8)) ?? ""
    let inReport = names.enumerated().reduce(0) { total, pair in
        total + (1...each).filter { report.contains("\(pair.element) idea \($0) of \(each) for calmer releases (\(pair.offset))") }.count
    }
    let result = figures.withLock { $0 }
    let sorted = result.latencies.sorted()
    func percentile(_ values: [Double], _ p: Double) -> Double {
        values.isEmpty ? .nan : values[min(values.count - 1, Int((Double(values.count) * p).rounded(.up)) - 1)]
    }
    emit("devices", devices)
    emit("each", each)
    emit("idle_open", result.idleOpen)
    emit("sent", result.sent)
    emit("acknowledged", result.acknowledged)
    emit("refused", result.refused)
    emit("in_report", inReport)
    emit("ack_ms_p50", percentile(sorted, 0.5))
    emit("ack_ms_p99", percentile(sorted, 0.99))
    emit("ack_ms_max", sorted.last ?? .nan)
    emit("fsync_ms_p50", percentile(floor, 0.5))
    emit("fsync_ms_p99", percentile(floor, 0.99))
    emit("seconds", seconds)
    emit("cpu_seconds", cpu)
    emit("peak_rss_kib", peak)
    emit("exit_status", Int(process.terminationStatus))
}

/// Synced appends of a 200-byte line to a file in `folder`, in milliseconds.
private func fsyncLatencies(in folder: String, count: Int) -> [Double] {
    let path = folder + "/fsync-floor"
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    guard fd >= 0 else { fatal("cannot open \(path)") }
    defer { close(fd); unlink(path) }
    let line = [UInt8](repeating: 0x61, count: 199) + [0x0A]
    return (0..<count).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }.sorted()
}

/// User plus system CPU time of a process so far, from /proc.
private func cpuSeconds(of pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return .nan }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the name: state is field 3; utime and stime are fields 14 and 15.
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// The peak resident set of a running process (VmHWM), in KiB.
private func peakRSSKiB(of pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
}

private func fatal(_ message: String) -> Never {
    FileHandle.standardError.write(Data("join load: \(message)\n".utf8))
    exit(2)
}
