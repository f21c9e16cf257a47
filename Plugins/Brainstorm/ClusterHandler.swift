import Foundation
import RoundtableSDK

/// Groups the ideas of an earlier step into named themes, by typed commands.
///
/// The step needs `input:`. It shows the input's items numbered (ideas, or the ranking of a
/// vote), then takes commands, one per line:
///
/// | command | effect |
/// | --- | --- |
/// | `theme Onboarding: 1 4 7` | makes the theme (or adds to it) with ideas 1, 4 and 7; `2-5` is a range |
/// | `move 3 5 to Onboarding` | moves ideas to an existing theme; `move 3 to Other` takes 3 out of its theme |
/// | `rename Onboarding to First week` | renames a theme |
/// | `list` | shows every theme with its ideas, and the ideas in no theme |
/// | `done` | records the themes and ends the step |
///
/// Ideas keep their numbers whatever theme they are in. A command with a mistake (an unknown
/// theme, a number not on the list) changes nothing and says why. Input read from a file
/// (`--input`, tests) runs ahead of the handler, so a script follows `done` with `/next`;
/// otherwise its next lines arrive while this step is still open and are kept as its notes.
///
/// At the end (`done`, the timer or `/next`) every idea is recorded as
/// `.idea(text, by: original author, category: theme)`, theme by theme in the order they
/// were made; ideas in no theme are recorded under the category named by `unassigned`
/// ("Other" by default), last, so nothing is lost. Themes left empty are not recorded. A later
/// step votes on themes with `InputItem.items(from:byCategory: true)`, or on the ideas.
public struct ClusterHandler: ExerciseHandler {
    public static let name = "cluster"
    public static let readsInput = true
    public static let summary = "Group the ideas of an input step into named themes by typed commands."
    public static let whatToType = [
        "theme Onboarding: 1 4 7 — make a theme (or add to it) with ideas 1, 4 and 7; 2-5 is a range",
        "move 3 5 to Onboarding — move ideas to a theme",
        "rename Onboarding to First week — rename a theme",
        "list — show the themes and the ideas in none",
        "done — record the themes and end the step",
    ]
    static let themes = ConfigKey.textList("themes", absent: "none", "Themes to start with, empty; `move 3 to NAME` fills them.")
    static let unassigned = ConfigKey.text("unassigned", default: "Other", "The category of ideas left out of every theme.")
    public static let configKeys: [any AnyConfigKey] = [themes, unassigned]
    public static let example = """
        - id: themes
          title: Cluster the ideas
          handler: cluster
          input: earlier
          duration: 10m
          instructions: "{{facilitator}} reads the ideas aloud; {{scribe}} types e.g. `theme Tooling: 1 4 7`, then `done`."
          config: { themes: [Tooling, People], unassigned: Other }
        """

    let themes: [String]
    let unassigned: String

    public init(config: HandlerConfig) {
        unassigned = config[Self.unassigned].trimmingCharacters(in: .whitespaces)
        if unassigned.isEmpty || unassigned.contains(":") {
            config.error("config `unassigned` must be a name without ':'", at: config.value(Self.unassigned.name),
                         hint: "leave `unassigned` out to use Other")
        }
        var names: [String] = []
        for (name, node) in config.items(Self.themes) {
            let theme = name.trimmingCharacters(in: .whitespaces)
            if theme.isEmpty || theme.contains(":") {
                config.error("config `themes`: a theme name must be text without ':', not '\(theme.neutralized())'", at: node,
                             hint: "ideas are moved with \"theme: idea\", so the colon ends the name")
            } else if names.contains(where: { $0.lowercased() == theme.lowercased() }) {
                config.error("theme '\(theme.neutralized())' is listed twice", at: node, hint: "remove the repeat (case is ignored)")
            } else if theme.lowercased() == unassigned.lowercased() {
                config.error("'\(theme.neutralized())' is the category of ideas in no theme; it cannot be a theme", at: node,
                             hint: "rename it, or change `unassigned`")
            } else {
                names.append(theme)
            }
        }
        themes = names
        if !config.step.hasInput {
            config.error("the `cluster` handler groups the ideas of an earlier step; add `input: <step id>` to the step",
                         hint: "e.g. input: ideas, where `ideas` is a brainstorm or brainwriting step")
        }
    }

    public func run(_ step: StepContext) async {
        let ideas = step.inputItems.map { item in
            ThemeBoard.Idea(text: item.text, author: Self.author(of: item.text, in: step.input))
        }
        guard !ideas.isEmpty else {
            step.announce("Nothing to cluster: the input step left no ideas.")
            return
        }
        var board = ThemeBoard(ideas: ideas, themes: themes, unassigned: unassigned)
        step.show(StepView(columns: board.columns, notes: [ThemeBoard.commands]))
        working: repeat {
            while let line = await step.line(prompt: "Cluster command (list, done)") {
                switch board.apply(line.text) {
                case .quiet: continue
                case .say(let text): step.announce(text)
                case .done: break working
                }
                step.updateView { $0.columns = board.columns }
            }
        } while await step.nextSegment() != nil
        for (idea, category) in board.result {
            step.record(.idea(idea.text, by: idea.author, category: category))
        }
        step.updateView {
            $0.columns = board.columns
            $0.notes = [board.summary]
        }
    }

    /// The author of the first idea, decision, action or note with this text (votes name voters, not authors).
    static func author(of text: String, in input: [Artifact]) -> String? {
        input.first { $0.text == text && $0.kind != .vote && $0.kind != .score }?.author
    }
}
