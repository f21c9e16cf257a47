import Foundation
import RoundtableSDK

/// Action items: the top items of an earlier step become actions with an owner and a due date.
///
/// The items come from the step's `input:`, ranked (a dot vote or a score ranks them by
/// points; ideas, decisions and notes keep their order); the first `top` are taken. For
/// each the room is asked, in turn:
///
/// 1. `Action for "<item>"?` — the action's text; an empty line (or `skip`) leaves the item
///    without an action. The answer may already carry `@Owner` and `due:…`.
/// 2. `Owner?` — a participant's name (any case, `@` optional), or several as `@Ben @Chen`.
///    Anyone else is refused with the list of who can own it. With `require_owner: false` an empty line means no
///    owner.
/// 3. `Due?` (with `due: true`) — free text such as `Friday` or `2026-12-01`; an empty
///    line means no date.
///
/// Then, until the step ends (`/next` or its timer), more actions can be typed one per
/// line as `text @Owner due:Friday` (`@Ben @Chen` for two owners); a line without a known
/// owner (when one is required) or without text is refused with the reason, and kept for
/// the report's list of refused lines.
///
/// Each action is recorded as an `action` (owner, every owner in `owners` when there are
/// several, due) whose category is the item it serves (none for free actions). An action whose owner or date was still being asked
/// when the step ended is recorded with what was typed.
///
/// ```yaml
/// - id: actions
///   handler: action-items
///   input: vote
///   duration: 5m
///   config: { top: 3, require_owner: true, due: true }
/// ```
public struct ActionItemsHandler: ExerciseHandler {
    public static let name = "action-items"
    public static let readsInput = true
    public static let summary = "Turns the top items of the input step into actions with an owner and a due date; free actions too."
    public static let whatToType = [
        "the action's text, then its owner (Ben, or @Ben @Chen), then its due date — the action for the item asked about; empty line or skip leaves the item",
        "text @Owner due:Friday — one more action, owned and dated in one line",
    ]
    static let top = ConfigKey.integer("top", default: 3, in: 1...50, "How many of the input step's ranked items get an action.")
    static let requireOwner = ConfigKey.boolean("require_owner", default: true, "Every action needs an owner who is a participant.")
    static let due = ConfigKey.boolean("due", default: true, "Ask for a due date (free text; an empty line means none).")
    public static let configKeys: [any AnyConfigKey] = [top, requireOwner, due]
    public static let example = """
        - id: actions
          title: Turn the top ideas into actions
          handler: action-items
          input: earlier
          duration: 5m
          instructions: "{{scribe}} types each action, its owner and its due date."
          config: { top: 3, require_owner: true, due: true }
        """

    let top: Int
    let requireOwner: Bool
    let askDue: Bool

    public init(config: HandlerConfig) {
        top = config[Self.top]
        requireOwner = config[Self.requireOwner]
        askDue = config[Self.due]
        if !config.step.hasInput {
            config.error("`action-items` turns the items of an earlier step into actions; add `input: <earlier step id>` to the step",
                         hint: "e.g. input: vote, where `vote` is a dot-vote step")
        }
        config.requireOneTimer(hint: "the items are taken one after the other within the step's one timer")
    }

    public func run(_ step: StepContext) async {
        let items = Array(step.inputItems.prefix(top))
        step.show(StepView(
            prompt: items.isEmpty ? nil : "Actions for the top \(items.count)",
            items: items.enumerated().map { StepView.Item(number: $0.offset + 1, text: $0.element.text, tally: $0.element.total) },
            notes: items.isEmpty ? ["The input step produced no items; type actions as: text @Owner due:Friday"] : [],
            entry: .action(owners: step.names)))
        for item in items {
            guard await action(for: item.text, step: step) else { return }
        }
        step.updateView { $0.notes = ["More actions? One per line: text @Owner due:Friday. /next when done."] }
        while let typed = await step.lineInStep(prompt: "Action: text @Owner due:Friday (/next when done)") {
            let text = typed.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let parsed = ActionLine.read(text, names: step.names)
            if let problem = problem(with: parsed, names: step.names) {
                step.refuse(text, reason: problem)
                continue
            }
            record(parsed.text, owners: parsed.owners, due: parsed.due, item: nil, step: step)
        }
    }

    /// Asks for one item's action, owner and due date. - Returns: false when the segment ended.
    private func action(for item: String, step: StepContext) async -> Bool {
        var action: ActionLine
        while true {
            guard let answer = await step.askInStep("Action for \"\(item)\"? (empty line: none)") else { return false }
            let text = answer.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.lowercased() == "skip" {
                step.updateView { view in
                    if let index = view.items.firstIndex(where: { $0.text == item }) { view.items[index].detail = "no action" }
                }
                return true
            }
            action = ActionLine.read(text, names: step.names)
            if !action.text.isEmpty { break }
            step.refuse(text, reason: "Type what will be done, e.g. Book a room @\(step.names.first ?? "Ana") due:Friday.")
        }
        if let unknown = action.unknownOwner {
            step.refuse(unknown, reason: "\(unknown.shortened()) is not a participant; the owner is one of: \(step.names.joined(separator: ", ")).")
        }
        if action.owner == nil {
            var asking = true
            while asking {
                let hint = requireOwner ? step.names.joined(separator: ", ") : step.names.joined(separator: ", ") + "; empty line: none"
                guard let answer = await step.askInStep("Owner of \"\(action.text)\"? (\(hint))") else {
                    record(action.text, owners: [], due: action.due, item: item, step: step)
                    return false
                }
                let typed = answer.trimmingCharacters(in: .whitespaces)
                let named = ActionLine.read(typed.hasPrefix("@") ? typed : "@" + typed, names: step.names)
                if let owner = step.participant(named: typed) {
                    action.owner = owner
                    asking = false
                } else if !named.owners.isEmpty && named.unknownOwner == nil && named.text.isEmpty {
                    action.owners = named.owners
                    asking = false
                } else if typed.isEmpty && !requireOwner {
                    asking = false
                } else if typed.isEmpty {
                    step.refuse(typed, reason: "An action needs an owner: one of \(step.names.joined(separator: ", ")).")
                } else {
                    step.refuse(typed, reason: "\(typed.shortened()) is not a participant; the owner is one of: \(step.names.joined(separator: ", ")).")
                }
            }
        }
        if askDue && action.due == nil {
            guard let answer = await step.askInStep("Due? (e.g. Friday or 2026-12-01; empty line: none)") else {
                record(action.text, owners: action.owners, due: nil, item: item, step: step)
                return false
            }
            let typed = answer.trimmingCharacters(in: .whitespaces)
            action.due = typed.isEmpty ? nil : typed
        }
        record(action.text, owners: action.owners, due: action.due, item: item, step: step)
        return true
    }

    /// Why a free action line cannot be recorded, or nil when it can.
    private func problem(with action: ActionLine, names: [String]) -> String? {
        if let unknown = action.unknownOwner {
            return "\(unknown.shortened()) is not a participant; the owner is one of: \(names.joined(separator: ", "))."
        }
        if action.text.isEmpty { return "Type what will be done before @Owner, e.g. Book a room @\(names.first ?? "Ana") due:Friday." }
        if requireOwner && action.owner == nil {
            return "Who owns it? Add @Name (one of: \(names.joined(separator: ", ")))."
        }
        return nil
    }

    private func record(_ text: String, owners: [String], due: String?, item: String?, step: StepContext) {
        var action = Artifact.action(text, owners: owners, due: due)
        action.category = item
        step.record(action)
        let who = (owners.isEmpty ? "no owner" : owners.joined(separator: ", ")) + (due.map { ", due \($0)" } ?? "")
        step.updateView { view in
            if let item, let index = view.items.firstIndex(where: { $0.text == item && $0.detail == nil }) {
                view.items[index].detail = "action: \(text) — \(who)"
            } else {
                view.items.append(StepView.Item(number: view.items.count + 1, text: text, detail: who))
            }
        }
    }
}
