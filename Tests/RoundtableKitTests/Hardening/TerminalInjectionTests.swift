import BuiltInHandlers
import Foundation
import RoundtableKit
import RoundtableTesting
import Testing

/// Escape sequences in exercise text and typed lines must never reach a terminal raw.
///
/// A rehearsal runs an exercise whose every text field carries terminal control sequences
/// (window title, clipboard, screen clearing, cursor moves, 8-bit CSI, bidi overrides)
/// and types the same sequences as lines. What the library shows and reports is checked
/// for raw ESC, BEL, C1 controls and bidi overrides.
///
/// `DisplayEvent`'s contract is that displays neutralize what they write; text that comes
/// from typed input or from handlers is neutralized before it is shown (``StepContext``),
/// and the Markdown report neutralizes everything. The CLI's plain display is checked end
/// to end in `RoundtableCLITests/HardeningCLITests`.
@Suite(.timeLimit(.minutes(5)))
struct HardeningTerminalInjectionTests {
    /// Payloads as YAML double-quoted escapes (what a hostile file can carry: libyaml
    /// refuses raw control characters, but `"\e"` and `"\u009b"` decode to them).
    static let yamlPayloads = [
        "\\e]0;pwned\\a",  // OSC 0: set the window title, BEL-terminated
        "\\e]52;c;ZWNobyBwd25lZA==\\a",  // OSC 52: write the clipboard
        "\\e[2J\\e[H",  // clear the screen, cursor home
        "\\e[1A\\e[2K",  // cursor up, erase the line
        "\\u009b31m",  // C1 CSI (8-bit) + SGR red
        "\\u202eevil\\u202c",  // right-to-left override
        "\\u2066isolate\\u2069",  // bidi isolate
        "\\e[6n",  // ask the terminal to report the cursor (input injection)
        "\\x07\\x7f\\x08",  // BEL, DEL, backspace
    ]

    /// The same payloads as typed lines.
    static let typedPayloads = [
        "\u{1B}]0;pwned\u{07}", "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}", "\u{1B}[2J\u{1B}[H", "\u{1B}[1A\u{1B}[2K",
        "\u{9B}31m", "\u{202E}evil\u{202C}", "\u{2066}isolate\u{2069}", "\u{1B}[6n", "\u{07}\u{7F}\u{08}",
    ]

    static let people = ["Ana", "Ben", "Chen"]

    /// An exercise with a payload in every text the format has: title, summary, source,
    /// param default, step titles, instructions, prompts and handler config strings.
    static func hostileExercise(_ payload: String) -> String {
        """
        id: hostile
        title: "Title \(payload)"
        summary: "Summary \(payload)"
        source: "Source \(payload)"
        participants: { min: 2, max: 12 }
        roles:
          facilitator: per-exercise
          scribe: per-step
        params:
          topic: { default: "Topic \(payload)", summary: "About \(payload)" }
        steps:
          - id: arrive
            title: "Arrive \(payload)"
            handler: round
            each: participant
            duration: 30s
            instructions: "{{facilitator}} opens \(payload) on {{topic}}"
            prompt: "{{speaker}}, \(payload)?"
            config: { question: "How do you arrive, {{speaker}}? \(payload)", allow_pass: true }
          - id: ideas
            title: "Ideas \(payload)"
            handler: brainstorm
            duration: 2m
            prompt: "Ideas on {{topic}} \(payload)"
          - id: talk
            title: "Talk \(payload)"
            handler: timebox
            duration: 2m
            instructions: "{{scribe}} notes \(payload)"
            prompt: "Prompt \(payload)"
          - id: support
            title: "Support \(payload)"
            handler: fist-to-five
            duration: 2m
            config: { proposal: "Proposal \(payload) by {{facilitator}}", threshold: 3 }
          - id: close
            title: "Close \(payload)"
            handler: checkout
            each: participant
            duration: 30s
            config: { question: "Takeaway \(payload)?", commitments: true }

        """
    }

    /// Lines that put a payload into every step, in commands too.
    static func script(_ typed: String) -> [String] {
        var lines: [String] = []
        for _ in people { lines += ["answer \(typed)", "/next"] }
        lines += ["idea \(typed)", "Ana: signed \(typed)", "/\(typed)", "/extend \(typed)", "//\(typed)", "/next"]
        lines += ["note \(typed)", "/next"]
        lines += ["4", "3", "5", "/next"]
        for _ in people { lines += ["I will \(typed)", "/next"] }
        return lines
    }

    /// The unsafe scalars of `text`: C0 controls (newline aside), DEL, C1, bidi overrides.
    static func unsafe(_ text: String, keepingNewlines: Bool = true) -> [String] {
        text.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x0A: return !keepingNewlines
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
            default: return false
            }
        }.map { String(format: "U+%04X", $0.value) }
    }

    /// Every string inside an event, with where it came from: typed input and handlers
    /// (`runtime`), or the exercise file (`file`).
    static func texts(of event: DisplayEvent) -> [(origin: String, label: String, text: String)] {
        func file(_ label: String, _ text: String?) -> [(String, String, String)] { text.map { [("file", label, $0)] } ?? [] }
        func runtime(_ label: String, _ text: String?) -> [(String, String, String)] { text.map { [("runtime", label, $0)] } ?? [] }
        switch event {
        case .sessionStarted(let plan):
            return file("plan.title", plan.title) + plan.exercises.flatMap { file("exercise.title", $0.title) + file("exercise.source", $0.source) }
        case .stepStarted(let step, let exercise):
            return file("step.title", step.title) + file("step.prompt", step.prompt) + file("exercise.title", exercise?.title)
        case .segmentStarted(let step, let segment, let instructions):
            return file("step.title", step.title) + file("instructions", instructions)
                + file("prompt (filled)", step.prompt.map { Placeholders.fill($0, with: segment.placeholderValues) })
        case .phaseStarted(let step, _, let index, let prompt, let focus):
            return file("phase.name", step.phases[index].name) + file("phase.prompt", prompt) + file("phase.focus", focus)
        case .say(let text): return runtime("say", text)
        case .prompt(let text, _): return runtime("prompt", text)
        case .typed(let text, _): return runtime("typed", text)
        case .notice(let text): return runtime("notice", text)
        case .help(let lines): return lines.flatMap { runtime("help", $0) }
        case .panel(let lines): return lines.flatMap { runtime("panel", $0) }
        case .artifact(let artifact):
            return runtime("artifact.text", artifact.text) + runtime("artifact.author", artifact.author)
                + runtime("artifact.owner", artifact.owner) + runtime("artifact.due", artifact.due)
                + runtime("artifact.category", artifact.category)
        case .view(let view):
            return runtime("view.prompt", view.prompt) + view.items.flatMap { runtime("view.item", $0.text) }
                + view.columns.flatMap { column in runtime("view.column", column.title) + column.cards.flatMap { runtime("view.card", $0.text) } }
                + view.notes.flatMap { runtime("view.note", $0) }
        case .stepFinished(let step, _, _): return file("step.title", step.title)
        case .warning, .timeUp, .paused, .resumed, .extended, .clear, .sessionFinished: return []
        }
    }

    func rehearse(_ index: Int) async throws -> Rehearsed {
        let rehearsal = try Rehearsal(
            yaml: Self.hostileExercise(Self.yamlPayloads[index]), handlers: BuiltInHandlers.all, participants: Self.people)
        return await rehearsal.run(Self.script(Self.typedPayloads[index]))
    }

    @Test func theHostileExerciseLoadsAndCarriesThePayloadsDecoded() throws {
        // The test is only meaningful if YAML really decodes the escapes into control characters.
        let rehearsal = try Rehearsal(yaml: Self.hostileExercise(Self.yamlPayloads[0]), handlers: BuiltInHandlers.all,
                                      participants: Self.people)
        #expect(rehearsal.plan.title == "Title \u{1B}]0;pwned\u{07}")
        #expect(rehearsal.plan.steps.count == 5)
    }

    @Test(arguments: 0..<yamlPayloads.count)
    func typedLinesAndHandlerTextReachTheDisplayNeutralized(payload: Int) async throws {
        let rehearsed = try await rehearse(payload)
        #expect(rehearsed.result.completed)
        #expect(rehearsed.result.allArtifacts.count >= 8, "the script should have produced answers, ideas and notes")
        for (_, event) in rehearsed.events {
            for (origin, label, text) in Self.texts(of: event) where origin == "runtime" {
                #expect(Self.unsafe(text).isEmpty, "\(label): \(text.debugDescription)")
            }
        }
    }

    @Test(arguments: 0..<yamlPayloads.count)
    func everyArtifactIsStoredNeutralized(payload: Int) async throws {
        let rehearsed = try await rehearse(payload)
        for artifact in rehearsed.result.allArtifacts {
            for field in [artifact.text, artifact.author, artifact.owner, artifact.due, artifact.category].compactMap({ $0 }) {
                #expect(Self.unsafe(field).isEmpty, "\(artifact.kind) \(field.debugDescription)")
            }
        }
    }

    @Test(arguments: 0..<yamlPayloads.count)
    func theMarkdownReportHasNoRawControlCharacters(payload: Int) async throws {
        let rehearsed = try await rehearse(payload)
        let report = rehearsed.report
        #expect(Self.unsafe(report).isEmpty, "\(Self.unsafe(report))")
        #expect(!report.utf8.contains(0x1B) && !report.utf8.contains(0x07))
        // The payload is still there, made visible: ESC shows as ␛, C1 and bidi as �.
        #expect(report.contains("Title ") && (report.contains("␛") || report.contains("\u{FFFD}") || report.contains("␇")))
    }

    /// Text from the exercise file travels in display events as written: `DisplayEvent`
    /// leaves neutralizing to the display (the CLI's displays do; see HardeningCLITests).
    /// Every such text must come out clean once a display neutralizes it, newlines aside.
    @Test(arguments: 0..<yamlPayloads.count)
    func fileTextInEventsIsCleanOnceNeutralizedAsTheContractSays(payload: Int) async throws {
        let rehearsed = try await rehearse(payload)
        var raw: Set<String> = []
        for (_, event) in rehearsed.events {
            for (origin, label, text) in Self.texts(of: event) where origin == "file" {
                if !Self.unsafe(text).isEmpty { raw.insert(label) }
                #expect(Self.unsafe(text.neutralized(keepingNewlines: true)).isEmpty, "\(label): \(text.debugDescription)")
            }
        }
        // Documented, not wished for: a custom RunDisplay that forgets to neutralize would
        // write these raw (see the hardening report, issue 8).
        #expect(raw.isSubset(of: ["plan.title", "exercise.title", "exercise.source", "step.title", "step.prompt",
                                  "instructions", "prompt (filled)"]))
    }

    @Test func neutralizedMakesEveryPayloadVisibleAndKeepsNothingActive() {
        for typed in Self.typedPayloads {
            let clean = typed.neutralized()
            #expect(Self.unsafe(clean, keepingNewlines: false).isEmpty, "\(clean.debugDescription)")
            #expect(clean.unicodeScalars.count == typed.unicodeScalars.count, "one visible symbol per control character")
        }
        #expect("\u{1B}]0;x\u{07}".neutralized() == "␛]0;x␇")
        #expect("\u{9B}2J".neutralized() == "\u{FFFD}2J")
        #expect("a\nb".neutralized() == "a␊b")
        #expect("a\nb".neutralized(keepingNewlines: true) == "a\nb")
        #expect("tab\there".neutralized() == "tab here")
    }

    @Test func participantNamesWithControlCharactersAreRefused() {
        for typed in Self.typedPayloads {
            #expect(Participant.problem(with: "Ana\(typed)") != nil, "\(typed.debugDescription)")
        }
        #expect(throws: LoadError.self) {
            _ = try Rehearsal(yaml: Self.hostileExercise("x"), handlers: BuiltInHandlers.all,
                              participants: ["Ana", "Ben\u{1B}[2J"])
        }
    }
}
