extension Diagnostic {
    /// The stable identity of a kind of problem: a number and a kebab-case name, `RT101 unknown-key`.
    ///
    /// Messages may be reworded; codes stay. Tests, editors and CI filters match on the
    /// code. Numbers are grouped by area in hundreds (see ``Area``); docs/FORMAT.md lists
    /// every code of ``all`` (a test keeps the two in step).
    ///
    /// A handler that wants its own code for a config rule passes one to
    /// ``HandlerConfig/error(_:at:hint:code:)``; numbers 650–699 are left to handlers.
    ///
    /// ```swift
    /// config.error("config `dots` exceeds the items", at: node, code: Diagnostic.Code(650, "too-many-dots"))
    /// ```
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The number, shown as `RT` and three digits.
        public let number: Int
        /// The kebab-case name, e.g. `unknown-key`.
        public let name: String
        /// One line on what the code means, for the format reference.
        public let summary: String

        /// Declares a code.
        ///
        /// - Parameters:
        ///   - number: 1–999; unique among the codes in use.
        ///   - name: kebab-case, unique.
        ///   - summary: One line on what it means.
        public init(_ number: Int, _ name: String, _ summary: String = "") {
            self.number = number
            self.name = name
            self.summary = summary
        }

        /// `RT101`.
        public var id: String {
            let digits = String(number)
            return "RT" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        }

        /// `RT101 unknown-key`.
        public var description: String { "\(id) \(name)" }

        /// The area a code belongs to, by its hundreds.
        public var area: Area? { Area(rawValue: number / 100) }

        // Two codes are the same code when number and name agree; the summary is documentation.
        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.number == rhs.number && lhs.name == rhs.name }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(number)
            hasher.combine(name)
        }
    }

    /// Where a problem lies; each area holds the codes of one hundred.
    public enum Area: Int, Sendable, CaseIterable {
        case syntax = 0, exercise, params, steps, agendas, participants, handlerConfig

        /// A heading for the format reference.
        public var title: String {
            switch self {
            case .syntax: return "Syntax and limits"
            case .exercise: return "Exercise keys and roles"
            case .params: return "Params and placeholders"
            case .steps: return "Steps"
            case .agendas: return "Agendas and the library"
            case .participants: return "Participants"
            case .handlerConfig: return "Handler configs"
            }
        }
    }
}
