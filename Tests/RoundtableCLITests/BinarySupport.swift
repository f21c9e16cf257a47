import Foundation

/// Runs the built `roundtable` binary, as a user would, and captures what it prints.
struct Binary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let url: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("roundtable"),
            packageRoot.appendingPathComponent(".build/debug/roundtable"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A home folder for the runs of this test process, so that no test writes into the real one.
    static let home: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roundtable-test-home-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Runs `roundtable arguments…` in `directory` with `stdin` as standard input.
    ///
    /// Sessions go to `.roundtable/sessions` in `directory` (through ROUNDTABLE_SESSIONS), so
    /// that tests running side by side never see each other's sessions; HOME and
    /// XDG_DATA_HOME point into a scratch folder. `environment` overrides any of these.
    static func run(_ arguments: [String], in directory: URL? = nil, stdin: String = "", environment: [String: String] = [:]) throws -> Output {
        let folder = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env["ROUNDTABLE_PATH"] = nil
        env["HOME"] = home.path
        env["XDG_DATA_HOME"] = home.appendingPathComponent("data").path
        env["ROUNDTABLE_SESSIONS"] = folder.appendingPathComponent(".roundtable/sessions").path
        for (key, value) in environment { env[key] = value }
        return try launch(url, arguments, in: folder, stdin: stdin, environment: env)
    }

    /// Runs `executable arguments…` in `directory` with exactly `environment`.
    static func launch(_ executable: URL, _ arguments: [String], in directory: URL, stdin: String = "",
                       environment: [String: String]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        // Read both pipes while the process runs so neither can fill up and block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data(), err = Data()
        group.enter()
        DispatchQueue.global().async { out = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = error.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        process.waitUntilExit()
        group.wait()
        return Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    /// A fresh folder for a test's files.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roundtable-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension URL {
    func write(_ name: String, _ text: String) throws {
        let file = appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}
