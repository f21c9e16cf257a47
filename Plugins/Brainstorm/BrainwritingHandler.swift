import Foundation
import RoundtableSDK

/// Brainwriting in the 6-3-5 style: ideas written on sheets that pass around the room.
///
/// Every participant owns a sheet: sheet 1 is the first participant's, sheet 2 the second's,
/// and so on. Each round (each of the step's `rounds:`), every participant adds up to
/// `ideas_per_round` ideas to the sheet in front of them; then each sheet passes to the next
/// person (the last person's goes to the first). The classic form has one round per
/// participant, so that every sheet comes back to its owner: six people, three ideas, five
/// minutes a round is `rounds: 6`, `duration: 5m`. Any number of rounds works; after a full
/// circle the sheets simply go round again.
///
/// One terminal is typed into, writer by writer. For each writer the room sees the ideas
/// already on their sheet, to build on, and the prompt
/// `Ana, sheet 2 (from Ben): up to 3 ideas, one per line; empty line when done` ("your own"
/// on their own sheet). Each line
/// is one idea; an empty line (or the last allowed idea) hands over to the next writer. An
/// idea already on that sheet is rejected. With `each: participant` every writer has a turn
/// of their own on the timer instead.
///
/// When a round's writers are all done, the room moves on with `/next` (or the timer); lines
/// typed while waiting are rejected with that hint. When the timer or `/next` ends a round
/// early, the writers who have not written yet skip that round and the sheets pass on with
/// what is on them. After the last round the step ends by itself (a script read from a file
/// runs ahead of the handler, so it ends the last round with `/next` all the same).
///
/// Each idea is recorded as `.idea(text, by: writer, category: "Sheet 2")`, so the sheets
/// and what grew on them are in the report and can feed a `cluster` step.
public struct BrainwritingHandler: ExerciseHandler {
    public static let name = "brainwriting"
    public static let summary = "6-3-5 brainwriting: everyone adds ideas to a sheet, then the sheets pass to the next person."
    public static let whatToType = [
        "an idea — added to the sheet of the writer asked now, one per line",
        "empty line — this writer is done; the next writer's turn",
        "/next — when every writer is done, the sheets pass on",
    ]
    static let ideasPerRound = ConfigKey.integer("ideas_per_round", default: 3, in: 1...10,
                                                 "How many ideas each writer may add to a sheet per round.")
    public static let configKeys: [any AnyConfigKey] = [ideasPerRound]
    public static let example = """
        - id: sheets
          title: Brainwriting 6-3-5
          handler: brainwriting
          duration: 5m
          rounds: 6
          prompt: How might we halve the time to a first deploy?
          instructions: 'Classic 6-3-5: one round per participant (rounds: 6 for six people). {{scribe}} types what each writer adds.'
          config: { ideas_per_round: 3 }
        """

    let ideasPerRound: Int

    public init(config: HandlerConfig) {
        ideasPerRound = config[Self.ideasPerRound]
        if config.step.groupSize != nil {
            config.error("brainwriting passes sheets around the whole room; remove `groups:` from the step",
                         hint: "to brainstorm in groups, use the `brainstorm` handler with `groups:`")
        }
    }

    public func run(_ step: StepContext) async {
        let names = step.names
        guard !names.isEmpty else { return }
        var sheets = Array(repeating: [String](), count: names.count)
        step.show(StepView(columns: names.indices.map { StepView.Column("Sheet \($0 + 1) (\(names[$0]))") }))
        repeat {
            let segment = step.segment
            if segment.turn ?? 1 == 1 {
                let owners = names.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: " · ")
                step.announce(segment.round == 1
                    ? "Everyone starts on their own sheet: \(owners)."
                    : "Round \(segment.round) of \(segment.rounds): each sheet passes to the next person.")
            }
            var roundComplete = true
            writers: for writer in segment.speaker.map({ [$0] }) ?? names {
                guard let position = names.firstIndex(of: writer) else { continue }
                let sheet = Self.sheet(of: position, round: segment.round, people: names.count)
                let label = "Sheet \(sheet + 1)"
                if segment.speaker != nil { step.updateView { $0.turn = step.turn } }
                let from = sheet == position ? "your own" : "from \(names[sheet])"
                let prompt = "\(writer), sheet \(sheet + 1) (\(from)): up to \(ideasPerRound) "
                    + (ideasPerRound == 1 ? "idea" : "ideas, one per line") + "; empty line when done"
                var written = 0
                while written < ideasPerRound {
                    guard let line = await step.line(prompt: prompt) else {
                        roundComplete = false
                        break writers
                    }
                    let text = line.text.trimmingCharacters(in: .whitespaces)
                    if text.isEmpty { break }
                    if sheets[sheet].contains(where: { SignedLine.key($0) == SignedLine.key(text) }) {
                        step.refuse(line.text, by: writer, reason: "Already on \(label.lowercased()); add another idea or an empty line.")
                        continue
                    }
                    sheets[sheet].append(text)
                    step.record(.idea(text, by: writer, category: label))
                    step.updateView { $0.columns[sheet].cards.append(StepView.Card(text, by: writer)) }
                    written += 1
                }
            }
            guard roundComplete else { continue }
            if segment.round == segment.rounds && segment.turn == segment.turns { break }
            let (done, move) = segment.speaker.map { ("\($0)'s turn is done", "/next for the next writer") }
                ?? ("Round \(segment.round) is done", "/next passes the sheets")
            let wait = "\(done): \(move)."
            step.announce(wait)
            while let line = await step.line(prompt: move) {
                guard !line.text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                step.refuse(line.text, by: line.author, reason: "Not kept: \(wait)")
            }
        } while await step.nextSegment() != nil
        let written = sheets.reduce(0) { $0 + $1.count }
        let used = sheets.filter { !$0.isEmpty }.count
        step.updateView {
            $0.turn = nil
            $0.notes = ["\(written) \(written == 1 ? "idea" : "ideas") on \(used) \(used == 1 ? "sheet" : "sheets")."]
        }
    }

    /// The sheet in front of the participant at `position` in `round` (1-based): sheets move
    /// one person on per round, so it is the sheet of whoever sat `round - 1` places before.
    static func sheet(of position: Int, round: Int, people: Int) -> Int {
        ((position - (round - 1)) % people + people) % people
    }
}
