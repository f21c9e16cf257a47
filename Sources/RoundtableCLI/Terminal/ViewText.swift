import Foundation
import RoundtableKit
import Synchronization

/// Turns a step's successive views into transcript lines: what changed since the last
/// view, in a fixed order (items, board, turn, progress, notes), so that a log or a pipe
/// reads the same on every run.
final class ViewText: Sendable {
    private let last = Mutex<StepView?>(nil)

    /// The lines for `event` when it is a view; a new step forgets the previous step's view.
    func lines(for event: DisplayEvent) -> [(String, LineStyle)]? {
        switch event {
        case .stepStarted:
            last.withLock { $0 = nil }
            return nil
        case .view(let view):
            let previous = last.withLock { state -> StepView? in
                defer { state = view }
                return state
            }
            return Self.changes(from: previous ?? StepView(), to: view)
        default:
            return nil
        }
    }

    static func changes(from old: StepView, to new: StepView) -> [(String, LineStyle)] {
        var lines: [(String, LineStyle)] = []
        if new.prompt != old.prompt, let prompt = new.prompt { lines.append(("» " + prompt, .plain)) }
        if new.items.map(\.text) != old.items.map(\.text) {
            lines += new.items.map { ("  \($0.number). \($0.text)" + tally($0), .plain) }
        } else if new.items != old.items {
            let changed = new.items.filter { item in !old.items.contains(item) }
            lines += changed.map { ("  \($0.number). \($0.text)" + tally($0), .dim) }
        }
        for column in new.columns {
            let before = old.columns.first { $0.title == column.title }?.cards ?? []
            for card in column.cards.dropFirst(before.count) {
                lines.append(("  [\(column.title)] \(card.text)" + (card.author.map { " — \($0)" } ?? ""), .dim))
            }
        }
        if new.turn != old.turn, let turn = new.turn {
            lines.append(("Now: \(turn.speaker)" + (turn.next.map { " · next: \($0)" } ?? ""), .heading))
        }
        if new.progress != old.progress, let progress = new.progress {
            var line = progress.summary
            if progress.showsNames && !progress.awaited.isEmpty && !progress.done.isEmpty {
                line += " — waiting for " + progress.awaited.joined(separator: ", ")
            }
            lines.append((line, .dim))
        }
        if new.hidden != old.hidden, new.hidden > 0 {
            lines.append(("\(new.hidden) hidden until the reveal", .dim))
        }
        let fresh = new.notes.starts(with: old.notes) ? Array(new.notes.dropFirst(old.notes.count)) : new.notes
        lines += fresh.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map { (String($0), LineStyle.plain) } }
        return lines
    }

    private static func tally(_ item: StepView.Item) -> String {
        var text = ""
        if let tally = item.tally { text += " — " + (tally == tally.rounded() ? String(Int(tally)) : String(format: "%.1f", tally)) }
        if let detail = item.detail { text += " (\(detail))" }
        return text
    }
}
