import ArgumentParser
import Foundation
import RoundtableCLI
import Testing

/// The shell completion scripts users install from `roundtable --generate-completion-script SHELL`.
@Suite struct CompletionScriptTests {
    /// Every command that has subcommands, with the names of its subcommands, read from the
    /// command tree itself so that a subcommand added later is checked too.
    static func parents(of command: any ParsableCommand.Type = RoundtableCommand.self, path: [String] = ["roundtable"])
        -> [(path: [String], children: [String])] {
        let children = command.configuration.subcommands
        guard !children.isEmpty else { return [] }
        return [(path, children.map { $0._commandName })]
            + children.flatMap { parents(of: $0, path: path + [$0._commandName]) }
    }

    static func script(for shell: String) throws -> String {
        let output = try Binary.run(["--generate-completion-script", shell])
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout
    }

    @Test func theCommandTreeHasTheSubcommandsTheREADMEDocuments() {
        let top = Self.parents().first { $0.path == ["roundtable"] }?.children ?? []
        for name in ["validate", "list", "show", "run", "resume", "sessions", "report", "history", "handlers", "schema", "new"] {
            #expect(top.contains(name), "\(name) is missing from \(top)")
        }
        #expect(Self.parents().contains { $0.path == ["roundtable", "new"] && $0.children == ["handler", "exercise"] })
    }

    @Test func theZshScriptOffersEverySubcommand() throws {
        let script = try Self.script(for: "zsh")
        #expect(script.hasPrefix("#compdef roundtable"))
        for (path, children) in Self.parents() {
            for name in children {
                #expect(script.contains("'\(name):"), "zsh does not offer '\(name)' after \(path.joined(separator: " "))")
            }
        }
    }

    @Test func theFishScriptOffersEverySubcommand() throws {
        let script = try Self.script(for: "fish")
        #expect(script.contains("complete -c 'roundtable'"))
        for (path, children) in Self.parents() {
            for name in children {
                #expect(script.contains("-fa '\(name)'"), "fish does not offer '\(name)' after \(path.joined(separator: " "))")
            }
        }
    }

    /// Bash runs the script: the words it offers after `roundtable ` and `roundtable new `
    /// are the subcommands, not just text that mentions them.
    @Test func theBashScriptCompletesEverySubcommandWhenRun() throws {
        let script = try Self.script(for: "bash")
        #expect(script.contains("complete -o filenames -F _roundtable roundtable"))
        let folder = try Binary.scratch()
        try folder.write("roundtable.bash", script)
        for (path, children) in Self.parents() {
            let words = (path + [""]).map { "'\($0)'" }.joined(separator: " ")
            let probe = """
                source '\(folder.appendingPathComponent("roundtable.bash").path)'
                COMP_LINE='\(path.joined(separator: " ")) '; COMP_POINT=${#COMP_LINE}
                COMP_WORDS=(\(words)); COMP_CWORD=\(path.count)
                _roundtable
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let offered = try Self.bash(probe).split(separator: "\n").map(String.init)
            for name in children {
                #expect(offered.contains(name), "bash offers \(offered) after \(path.joined(separator: " "))")
            }
        }
    }

    static func bash(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
