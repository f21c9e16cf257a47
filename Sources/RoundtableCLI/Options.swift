import ArgumentParser
import Foundation
import RoundtableKit

/// Where to find exercises by id: folders of one's own above the built-in library.
struct LibraryOptions: ParsableArguments {
    @Option(name: .customLong("library"), help: ArgumentHelp(
        "A folder of exercises to search by id before the built-in library, instead of ./Exercises and ROUNDTABLE_PATH (repeatable).",
        valueName: "folder"))
    var folders: [String] = []

    /// The folders to search, highest precedence first.
    ///
    /// - Throws: `CLIError` (exit 66) naming a `--library` folder or `ROUNDTABLE_PATH` entry that does not exist.
    func roots() throws -> [String] {
        guard !folders.isEmpty else { return try Self.defaultRoots() }
        try Self.check(folders, option: "--library")
        return folders
    }

    func library(registry: HandlerRegistry) throws -> Library {
        Library(roots: try roots(), embedded: RoundtableCommand.libraryFiles, loader: Loader(registry: registry))
    }

    /// ./Exercises (when it exists) and the folders of ROUNDTABLE_PATH.
    static func defaultRoots() throws -> [String] {
        do { return try Library.defaultRoots() } catch { throw missing(error) }
    }

    /// Refuses folders that do not exist, naming them and where they came from.
    static func check(_ folders: [String], option: String) throws {
        do { try Library.checkRoots(folders, option: option) } catch { throw missing(error) }
    }

    private static func missing(_ error: LoadError) -> CLIError {
        CLIError(message: error.diagnostics.map(\.message).joined(separator: "; "),
                 hint: error.diagnostics.first?.hint, code: 66)
    }
}

/// Who takes part, and the seed that makes rotation and groups replayable.
struct PeopleOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Comma-separated names, e.g. Ana,Ben,Chen (overrides the agenda's participants).", valueName: "names"))
    var participants: String?

    @Option(help: ArgumentHelp("A YAML list of people: names, or mappings with `name` and attributes.", valueName: "file"))
    var team: String?

    @Option(help: "Seed for rotation order and groups; the same seed gives the same plan.")
    var seed: UInt64 = 0

    @Option(name: .customLong("with"), help: ArgumentHelp(
        "A value for an exercise param, as name=value (repeatable).", valueName: "name=value"))
    var params: [String] = []

    func validate() throws {
        if participants != nil && team != nil {
            throw ValidationError("give either --participants or --team, not both")
        }
        for param in params where !param.contains("=") {
            throw ValidationError("--with takes name=value, e.g. --with proposal='Pairing Fridays'")
        }
        if let participants {
            for name in participants.split(separator: ",", omittingEmptySubsequences: false) {
                if let problem = Participant.problem(with: name.trimmingCharacters(in: .whitespaces)) {
                    throw ValidationError("--participants: \(problem)")
                }
            }
        }
    }

    var paramValues: [String: String] {
        var values: [String: String] = [:]
        for param in params {
            let parts = param.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }

    /// The people for `document`: the options, else the agenda's own list, else a default.
    func people(for document: Document, loader: Loader, defaultCount: Int? = nil) throws -> [Participant] {
        if let participants {
            return participants.split(separator: ",").map { Participant($0.trimmingCharacters(in: .whitespaces)) }
        }
        if let team {
            let node = try loader.source(file: team)
            var log = DiagnosticLog()
            let people = loader.participants(from: node, log: &log)
            if log.hasErrors { throw LoadError(log.sorted) }
            return people ?? []
        }
        if case .agenda(let agenda) = document, let people = agenda.participants, !people.isEmpty { return people }
        if let defaultCount { return PeopleOptions.sampleNames(defaultCount) }
        throw CLIError(message: "no participants given",
                       hint: "pass --participants Ana,Ben,Chen or --team team.yaml (or list them in the agenda)")
    }

    static func sampleNames(_ count: Int) -> [Participant] {
        let names = ["Ana", "Ben", "Chen", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea"]
        return (0..<count).map { Participant($0 < names.count ? names[$0] : "P\($0 + 1)") }
    }
}

/// `--sessions-dir`: where sessions are kept, for every command that reads or writes them.
struct SessionsDirOption: ParsableArguments {
    @Option(name: .customLong("sessions-dir"), help: ArgumentHelp(SessionsHome.optionHelp, valueName: "folder"))
    var sessionsDir: String?
}

/// `--format text|json`, for the commands that print either.
struct FormatOption: ParsableArguments {
    @Option(help: "Output format: text for people, json for programs.")
    var format: OutputFormat = .text
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
