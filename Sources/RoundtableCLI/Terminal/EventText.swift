import Foundation
import RoundtableKit

/// How a transcript line should look on a terminal that can show styles.
enum LineStyle {
    case plain, heading, dim, warning, alert, typed, notice
}

/// The transcript lines for one display event, shared by the live and the plain display.
enum EventText {
    static func lines(for event: DisplayEvent) -> [(String, LineStyle)] {
        switch event {
        case .sessionStarted(let plan):
            var lines = [("\(plan.title) — \(plan.participants.count) participants: \(plan.names.joined(separator: ", "))", LineStyle.heading)]
            lines.append(("Planned \(DurationText.format(plan.duration))"
                          + (plan.writtenDuration.map { " (fitted from \(DurationText.format($0)))" } ?? "")
                          + (plan.timebox.map { " · timebox \(DurationText.format($0))" } ?? "")
                          + ". Type /help for commands.", .dim))
            return lines
        case .stepStarted(let step, let exercise):
            var lines: [(String, LineStyle)] = [("", .plain)]
            if step.isBreak {
                lines.append(("── \(step.title) (\(DurationText.format(step.duration))) ──", .heading))
                return lines
            }
            if let exercise, step.number == 1 {
                lines.append(("═══ \(exercise.title) ═══", .heading))
            }
            lines.append(("── Step \(step.number)/\(step.count): \(Self.title(of: step)) (\(DurationText.format(step.duration)), \(step.handler ?? "")) ──", .heading))
            return lines
        case .segmentStarted(let step, let segment, let instructions):
            var lines: [(String, LineStyle)] = []
            if let label = segment.roundLabel, (segment.turn ?? 1) == 1 { lines.append((label, .heading)) }
            if (segment.turn ?? 1) == 1 || segment.rounds > 1 {
                if !segment.roles.isEmpty { lines.append(("Roles: " + PlanText.roleLine(segment.roles), .dim)) }
                if !segment.groups.isEmpty {
                    lines.append(("Groups: " + segment.groupLabels().joined(separator: " | "), .dim))
                }
            }
            // Instructions open the step; ones that name the speaker are shown again, filled for each turn.
            if let instructions, (segment.turn ?? 1) == 1 || step.instructions.map(Self.namesTheSpeaker) == true {
                lines += instructions.split(separator: "\n", omittingEmptySubsequences: false).map { (String($0), LineStyle.plain) }
            }
            // The prompt opens the step; one that names the speaker is asked again at every turn.
            if let prompt = step.prompt, (segment.turn ?? 1) == 1 || Self.namesTheSpeaker(prompt) {
                lines.append(("» " + Placeholders.fill(prompt, with: segment.placeholderValues), .plain))
            }
            if let speaker = segment.speaker {
                lines.append(("Speaker \(segment.turn ?? 1)/\(segment.turns ?? 1): \(speaker) (\(DurationText.format(segment.duration)))", .heading))
            }
            return lines
        case .phaseStarted(let step, _, let index, let prompt, let focus):
            let phase = step.phases[index]
            var lines: [(String, LineStyle)] = [
                ("Phase \(index + 1)/\(step.phases.count): \(phase.name) (\(DurationText.format(phase.duration)))" + (focus.map { " — " + $0 } ?? ""),
                 index == 0 ? .heading : .alert),
            ]
            if let prompt { lines.append(("» " + prompt, .plain)) }
            return lines
        case .say(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { (String($0), .plain) }
        case .prompt(let text, let hidden):
            return [("? " + text + (hidden ? " (hidden)" : ""), .dim)]
        case .typed(let text, let hidden):
            return [("> " + (hidden ? "••• (hidden)" : text), .typed)]
        case .artifact(let artifact):
            return [("  + " + describe(artifact), .dim)]
        case .warning(let remaining):
            return [("⏰ \(DurationText.clock(remaining)) left", .warning)]
        case .timeUp(let advancing):
            return [(advancing ? "⏰ Time is up — moving on." : "⏰ Time is up — overtime is counting; /next to move on, /extend to add time.", .alert)]
        case .paused:
            return [("⏸ Paused. /resume to continue.", .notice)]
        case .resumed:
            return [("▶ Resumed.", .notice)]
        case .extended(let extra):
            return [("+\(DurationText.format(extra)) added.", .notice)]
        case .notice(let text):
            return [(text, .notice)]
        case .help(let lines):
            return [("Commands:", .heading)] + lines.map { ("  " + $0, .plain) }
        case .clear, .view:
            // A view's lines depend on the view before it: see ViewText.
            return []
        case .panel:
            // Kept in sight by the live screen; a transcript has it printed once by whoever set it.
            return []
        case .stepFinished(let step, let actual, let skipped):
            return [("✓ \(step.generalTitle): \(skipped ? "skipped after" : "done in") \(DurationText.clock(actual)) (planned \(DurationText.clock(step.duration)))", .dim)]
        case .sessionFinished:
            return []
        }
    }

    /// A step's title; in a `for_each:` loop, `{{item}}` reads "each item" until a round names one.
    static func title(of step: PlannedStep) -> String {
        step.generalTitle
    }

    static func namesTheSpeaker(_ text: String) -> Bool {
        Placeholders.names(in: text).contains { $0 == "speaker" || $0 == "participant" || $0 == "group" }
    }

    static func describe(_ artifact: Artifact) -> String {
        let by = artifact.author.map { " (\($0))" } ?? ""
        switch artifact.kind {
        case .vote: return "vote: \(artifact.text)\(by)" + (artifact.value.map { " ×\(MarkdownReport.format($0))" } ?? "")
        case .score: return "score: \(artifact.text) = \(artifact.value.map(MarkdownReport.format) ?? "?")\(by)"
        case .action: return "action: \(artifact.text) — \(artifact.allOwners.isEmpty ? "no owner" : artifact.allOwners.joined(separator: ", "))" + (artifact.due.map { ", due \($0)" } ?? "")
        default:
            return "\(artifact.kind.rawValue): " + (artifact.category.map { "[\($0)] " } ?? "") + artifact.text + by
        }
    }
}

/// A display for pipes and logs: plain lines, no escape codes, one write per event.
final class PlainDisplay: RunDisplay {
    let writer: TerminalWriter
    let views = ViewText()
    var wantsTicks: Bool { false }

    init(writer: TerminalWriter = TerminalWriter()) { self.writer = writer }

    func show(_ event: DisplayEvent) {
        let lines = views.lines(for: event) ?? EventText.lines(for: event)
        guard !lines.isEmpty else { return }
        writer.write(lines.map { $0.0.neutralized() + "\n" }.joined())
    }

    func refresh(_ status: RunStatus) {}
}
