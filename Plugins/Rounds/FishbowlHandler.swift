import Foundation
import RoundtableSDK

/// A fishbowl conversation: an inner circle of a few chairs talks while the others listen,
/// and people step in and out, one chair kept free for whoever wants to join.
///
/// The inner circle is a live set of participants, changed by `/in NAME` and `/out NAME`
/// typed on the keyboard (several names with commas; a name matched by its start or its
/// number, as `/speaker` matches it) and by "step in" / "step out" from a participant's
/// device. An unknown name, someone already inside (or outside) and a full circle are
/// refused with the reason. The board shows who is inside and the free chairs; every
/// other line is a note of the scribe's. The report gets the timeline: who stepped in and
/// out, at which session time, and who was inside after.
public struct FishbowlHandler: ExerciseHandler {
    public static let name = "fishbowl"
    public static let summary = "An inner circle talks, the others listen; /in NAME and /out NAME move people in and out, with a timeline."
    static let chairs = ConfigKey.integer(
        "chairs", default: 5, in: 2...12,
        "Chairs in the inner circle, the free one included: when every chair is taken, someone steps out before anyone else steps in.")
    static let noteRole = ConfigKey.role("note_role", default: "scribe", "Whose notes the other typed lines are, if the exercise has that role (a role name).")
    public static let configKeys: [any AnyConfigKey] = [chairs, noteRole]
    public static let whatToType = [
        "/in Ana — Ana steps into the inner circle (several: /in Ana, Ben)",
        "/out Ana — Ana steps out, freeing a chair",
        "a line — a note by the note taker (note_role, the scribe by default)",
    ]
    public static let commands = [
        HandlerCommand("in", help: "/in NAME      NAME steps into the inner circle (several: /in Ana, Ben)"),
        HandlerCommand("out", help: "/out NAME     NAME steps out of the inner circle (several: /out Ana, Ben)"),
    ]
    public static let example = """
        - id: fishbowl
          title: Fishbowl
          handler: fishbowl
          duration: 30m
          prompt: How should we run on-call next quarter?
          config: { chairs: 5, note_role: scribe }
        """

    /// What the devices offer: the participant steps in or out.
    static let stepIn = "step in"
    static let stepOut = "step out"

    let chairs: Int
    let noteRole: String

    public init(config: HandlerConfig) {
        chairs = config[Self.chairs]
        noteRole = config[Self.noteRole]
        if config.step.eachParticipant {
            config.error("a fishbowl is one conversation that people join and leave; it has no turns",
                         hint: "remove `each: participant`")
        }
    }

    /// One step in or out.
    struct Move {
        var time: Duration
        var name: String
        var entered: Bool
        var inside: [String]
    }

    /// The inner circle and its timeline.
    struct Circle {
        let chairs: Int
        var inside: [String] = []
        var moves: [Move] = []

        var free: Int { chairs - inside.count }

        /// Seats `name`; the reason when it cannot.
        mutating func enter(_ name: String, at time: Duration) -> String? {
            if inside.contains(name) { return "\(name) is already in the inner circle." }
            guard free > 0 else {
                return "The inner circle is full (\(chairs) chairs): someone steps out first (/out NAME)."
            }
            inside.append(name)
            moves.append(Move(time: time, name: name, entered: true, inside: inside))
            return nil
        }

        mutating func leave(_ name: String, at time: Duration) -> String? {
            guard let position = inside.firstIndex(of: name) else { return "\(name) is not in the inner circle." }
            inside.remove(at: position)
            moves.append(Move(time: time, name: name, entered: false, inside: inside))
            return nil
        }
    }

    /// A command a line stands for: in or out, and the names as typed.
    enum Command {
        case move(entering: Bool, names: [String])
        case device(entering: Bool)
    }

    static func command(_ line: StepContext.Line) -> Command? {
        let text = line.text.trimmingCharacters(in: .whitespaces)
        if line.author != nil {
            switch text.lowercased() {
            case stepIn, "in", "/in": return .device(entering: true)
            case stepOut, "out", "/out": return .device(entering: false)
            default: return nil
            }
        }
        let lower = text.lowercased()
        for (word, entering) in [("/in", true), ("/out", false)] where lower == word || lower.hasPrefix(word + " ") {
            let rest = text.dropFirst(word.count)
            let names = rest.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .move(entering: entering, names: names)
        }
        return nil
    }

    public func run(_ step: StepContext) async {
        var circle = Circle(chairs: chairs)
        var notes: [String] = []
        show(circle, notes: notes, in: step)
        repeat {
            let scribe = step.roles[noteRole]
            while let line = await step.line(prompt: "/in NAME or /out NAME moves people; other lines are notes\(scribe.map { " (\($0) takes notes)" } ?? "")") {
                switch Self.command(line) {
                case .device(let entering)?:
                    move(line.author!, entering: entering, line: line, circle: &circle, step: step)
                case .move(let entering, let names)?:
                    guard !names.isEmpty else {
                        step.refuse(line.text, reason: "Name who steps \(entering ? "in" : "out"): /\(entering ? "in" : "out") NAME (\(step.names.joined(separator: ", "))).")
                        continue
                    }
                    for typed in names {
                        guard let index = StepContext.match(typed, in: step.names) else {
                            step.refuse(line.text, reason: "No participant '\(String(typed.prefix(40)))'; /\(entering ? "in" : "out") takes a name (or its start, or its number): \(step.names.joined(separator: ", ")).")
                            continue
                        }
                        move(step.names[index], entering: entering, line: line, circle: &circle, step: step)
                    }
                case nil:
                    let text = line.text.trimmingCharacters(in: .whitespaces)
                    guard !text.isEmpty else { continue }
                    let signed = step.signed(line)
                    step.record(.note(signed.text, by: signed.author ?? scribe))
                    notes.append(signed.text)
                }
                show(circle, notes: notes, in: step)
            }
        } while await step.nextSegment() != nil
        // The conversation is over: nobody steps in or out any more.
        step.updateView { $0.entry = nil }
        guard !circle.moves.isEmpty else { return }
        step.record(.result(
            "Fishbowl timeline", columns: ["time", "who", "moved", "inner circle after"],
            rows: circle.moves.map { [DurationText.clock($0.time), $0.name, $0.entered ? "in" : "out", $0.inside.joined(separator: ", ")] }))
    }

    private func move(_ name: String, entering: Bool, line: StepContext.Line, circle: inout Circle, step: StepContext) {
        let refused = entering ? circle.enter(name, at: line.time) : circle.leave(name, at: line.time)
        if let refused { return step.refuse(line.text, by: line.author, reason: refused) }
        let free = circle.free
        step.announce("\(name) steps \(entering ? "in" : "out"); \(free) free chair\(free == 1 ? "" : "s")"
                      + (free == 0 ? ": the circle is full, someone steps out before anyone else comes in." : "."))
    }

    private func show(_ circle: Circle, notes: [String], in step: StepContext) {
        var view = StepView(prompt: step.step.prompt.map(step.fill))
        view.columns = [
            .init("Inner circle (\(circle.inside.count) of \(circle.chairs) chairs)", cards: circle.inside.map { .init($0) }),
            .init("Notes", cards: notes.map { .init($0) }),
        ]
        let outside = step.names.filter { !circle.inside.contains($0) }
        view.notes = [
            "\(circle.free) free chair\(circle.free == 1 ? "" : "s") of \(circle.chairs)" + (circle.free == 0 ? " — someone steps out before anyone else comes in" : ""),
            "Outer circle: " + (outside.isEmpty ? "nobody" : outside.joined(separator: ", ")),
        ]
        view.entry = .choice([Self.stepIn, Self.stepOut])
        step.show(view)
    }
}
