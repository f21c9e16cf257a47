import BuiltInHandlers
import Foundation
import RoundtableKit

/// The property every input must have: the loader either accepts it or refuses it with
/// located diagnostics, and never traps, hangs or loses the place of a problem.
///
/// An accepted exercise is also planned for four people (when its plan stays small), so
/// that what the loader lets through cannot crash the planner either.
public enum LoaderCheck {
    public static let file = "fuzz.yaml"
    static let registry = BuiltInHandlers.registry()
    static let loader = Loader(registry: registry)
    static let people = ["Ana", "Ben", "Chen", "Dev"].map { Participant($0) }

    public enum Outcome: Sendable {
        case accepted(planned: Bool)
        case refused(diagnostics: Int)
    }

    /// A broken property: what went wrong, in one line.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Statistics a driver may print: how often diagnostic text carries raw control
    /// characters (the CLI neutralizes again when printing; this counts the first line of
    /// defence in the library).
    public struct Notes: Sendable {
        public var rawControlInMessage = 0
        public var example: String?
        public init() {}
    }

    public static func check(_ data: Data, notes: inout Notes) throws(Failure) -> Outcome {
        let lines = lineCount(data)
        let tree: SourceNode
        do {
            tree = try loader.yaml.parse(data: data, file: file)
        } catch {
            try located(error, stage: "parse", lines: lines, notes: &notes)
            return .refused(diagnostics: error.diagnostics.count)
        }
        let document: Document
        do {
            document = try loader.document(from: tree)
        } catch {
            try located(error, stage: "load", lines: lines, notes: &notes)
            return .refused(diagnostics: error.diagnostics.count)
        }
        guard case .exercise(let exercise) = document else {
            // An agenda needs a library to resolve its items; loading it is what is checked.
            return .accepted(planned: false)
        }
        // Four people, every step's segments: keep plans small enough to stay fast.
        let segments = exercise.steps.reduce(0) { $0 + $1.rounds * ($1.eachParticipant ? people.count : 1) }
        guard segments <= 5_000, exercise.participants.contains(people.count) else { return .accepted(planned: false) }
        do {
            let plan = try Planner(registry: registry).plan(document, participants: people, seed: 7)
            guard plan.steps.count == exercise.steps.count else {
                throw Failure(description: "plan has \(plan.steps.count) steps for \(exercise.steps.count) in the exercise")
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as LoadError {
            // Planning may refuse (a fixed role for someone absent); it must say where.
            try located(error, stage: "plan", lines: lines, notes: &notes, requireLocation: false)
        } catch {
            throw Failure(description: "plan threw \(type(of: error)): \(error)")
        }
        return .accepted(planned: true)
    }

    static func located(_ error: LoadError, stage: String, lines: Int, notes: inout Notes,
                        requireLocation: Bool = true) throws(Failure) {
        guard !error.diagnostics.isEmpty else { throw Failure(description: "\(stage): LoadError with no diagnostics") }
        for diagnostic in error.diagnostics {
            guard !diagnostic.message.isEmpty else { throw Failure(description: "\(stage): empty message") }
            if diagnostic.message.unicodeScalars.contains(where: isRawControl) {
                notes.rawControlInMessage += 1
                if notes.example == nil { notes.example = "\(stage): " + diagnostic.message.debugDescription }
            }
            guard let location = diagnostic.location else {
                if requireLocation { throw Failure(description: "\(stage): diagnostic without a location: \(diagnostic.message.debugDescription)") }
                continue
            }
            guard location.file == file else {
                throw Failure(description: "\(stage): diagnostic in file \(location.file.debugDescription), not \(file)")
            }
            // libyaml may point one line past the last newline (end of stream).
            guard location.line >= 1, location.column >= 1, location.line <= lines + 1 else {
                throw Failure(description: "\(stage): location \(location.line):\(location.column) outside the \(lines)-line input: \(diagnostic.message.debugDescription)")
            }
        }
    }

    /// Lines as libyaml counts them: a break is LF, CR (CR LF once), NEL, LS or PS.
    static func lineCount(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var count = 1, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                count += 1
            } else if byte == 0x0D {
                count += 1
                if index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0x85 {
                count += 1
            } else if byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80
                        && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) {
                count += 1
            }
            index += 1
        }
        return count
    }

    static func isRawControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
