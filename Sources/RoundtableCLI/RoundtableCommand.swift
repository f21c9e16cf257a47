import ArgumentParser
import BuiltInLibrary
import Foundation
import RoundtableKit

/// The `roundtable` command line, reusable by custom builds with extra handler modules.
///
/// ```swift
/// // Sources/my-roundtable/main.swift
/// import BuiltInHandlers
/// import RoundtableCLI
/// await RoundtableCommand.main(handlers: BuiltInHandlers.all + MyHandlers.all)
/// ```
public struct RoundtableCommand: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "roundtable",
        abstract: "Run timed group exercises with rotating roles from the terminal.",
        discussion: """
            Exercises and agendas are YAML files; `roundtable list` shows the library: the one \
            built into roundtable, plus ./Exercises and the folders in ROUNDTABLE_PATH, which may \
            override its ids. Sessions, the team's commitments and reports are kept in \
            \(SessionsHome.defaultDescription) (ROUNDTABLE_SESSIONS or --sessions-dir choose another folder).
            """,
        version: version,
        subcommands: [Validate.self, List.self, Show.self, Run.self, Resume.self, Sessions.self, Report.self, History.self, Handlers.self, Schema.self, New.self]
    )

    public init() {}

    /// The handler types this build knows; set by ``main(handlers:library:)``.
    @TaskLocal static var handlerTypes: [any ExerciseHandler.Type] = []

    /// The exercise files compiled into this build; set by ``main(handlers:library:)``.
    @TaskLocal static var libraryFiles: [Library.EmbeddedFile] = []

    /// Parses the process arguments and runs the command with these handlers registered.
    ///
    /// - Parameters:
    ///   - handlers: the handler types this build knows.
    ///   - library: the exercise files built in (default: Roundtable's own library, which
    ///     uses only built-in handlers); pass `[]` for a build without them.
    public static func main(handlers: [any ExerciseHandler.Type], library: [Library.EmbeddedFile] = BuiltInLibrary.files) async {
        await main(handlers: handlers, library: library, arguments: nil)
    }

    /// Runs with explicit arguments (tests) or the process arguments (nil).
    public static func main(
        handlers: [any ExerciseHandler.Type], library: [Library.EmbeddedFile] = BuiltInLibrary.files, arguments: [String]?
    ) async {
        await $handlerTypes.withValue(handlers) {
            await $libraryFiles.withValue(library) {
                do {
                    var command = try parseAsRoot(arguments)
                    if var asyncCommand = command as? any AsyncParsableCommand {
                        try await asyncCommand.run()
                    } else {
                        try command.run()
                    }
                } catch {
                    exit(withError: error)
                }
            }
        }
    }

    /// The registry of this build's handlers.
    static func registry() throws -> HandlerRegistry {
        do {
            return try HandlerRegistry(handlerTypes)
        } catch {
            throw CLIError(message: "\(error)", hint: "each handler name must be unique across handler modules")
        }
    }
}

/// A failure the CLI reports in one line plus a hint, with an exit status.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var hint: String?
    var code: Int32 = 64

    var description: String { message }
}

/// EX_DATAERR from sysexits: the input data was invalid.
let dataErrorCode: Int32 = 65
