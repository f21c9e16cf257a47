import RoundtableKit

/// Everything the live screen shows, as a value: the header's status, the step's view, the
/// recent events, what is typed. The screen is drawn from this alone, so a resize, a page
/// key or a second's tick redraws it exactly, and nothing shown is lost.
struct ScreenState: Sendable {
    /// One line of the strip of recent events.
    struct Recent: Sendable, Equatable {
        var text: String
        var style: LineStyle
    }

    var status: RunStatus?
    /// The current step's view as its handler last published it.
    var view = StepView()
    /// The step's prompt as planned (shown when the view has none).
    var stepPrompt: String?
    var instructions: String?
    var groups: [[String]] = []
    /// The groups as the header shows them, names neutralised, the member who stays marked.
    var groupLabels: [String] = []
    /// Announcements, notices, bells and typed lines, oldest first; text as received.
    var recent: [Recent] = []
    /// What the running handler waits for ("Ana: your dots (up to 3)").
    var waitingFor: String?
    /// The next typed line is secret: shown as dots.
    var hiddenInput = false
    var input: [Character] = []
    var help: [String]?
    /// Lines kept in sight above the step (how to join, with the QR code) until taken away.
    var panel: [String] = []
    /// The first line of the step's board or items shown; clamped when drawn.
    var scroll = 0
    /// Pages asked for by PgUp (-1) and PgDn (+1) since the last frame.
    var pageRequest = 0
    /// Whether someone paged in this step: the screen then stops following new cards.
    var pagedByHand = false
    /// Ask the screen to show the last page (new cards went to the bottom of the board).
    var followEnd = false

    static let recentLimit = 200

    /// Takes one display event into the state. Returns whether the event should ring the bell.
    @discardableResult
    mutating func apply(_ event: DisplayEvent) -> Bool {
        switch event {
        case .stepStarted:
            view = StepView()
            stepPrompt = nil
            instructions = nil
            groups = []
            groupLabels = []
            waitingFor = nil
            hiddenInput = false
            help = nil
            scroll = 0
            pageRequest = 0
            pagedByHand = false
            followEnd = false
            add(EventText.lines(for: event).filter { !$0.0.isEmpty })
        case .segmentStarted(let step, let segment, let text):
            if let text { instructions = text }
            if let prompt = step.prompt { stepPrompt = Placeholders.fill(prompt, with: segment.placeholderValues) }
            groups = segment.groups
            groupLabels = segment.groupLabels { $0.neutralized() }
            if let label = segment.roundLabel, (segment.turn ?? 1) == 1 { add([(label, .heading)]) }
            if let speaker = segment.speaker {
                add([("Speaker \(segment.turn ?? 1)/\(segment.turns ?? 1): \(speaker) (\(DurationText.format(segment.duration)))", .heading)])
            }
        case .panel(let lines):
            panel = lines
        case .view(let new):
            let before = view.columns.reduce(0) { $0 + $1.cards.count }
            let after = new.columns.reduce(0) { $0 + $1.cards.count }
            if after > before && !pagedByHand { followEnd = true }
            view = new
        case .prompt(let text, let hidden):
            waitingFor = text
            hiddenInput = hidden
        case .typed:
            help = nil
            add(EventText.lines(for: event))
        case .clear:
            // A secret ballot: whatever was typed before leaves the screen.
            recent.removeAll { $0.style == .typed || $0.style == .dim }
        case .artifact where !view.columns.isEmpty || !view.items.isEmpty:
            // The board or the tallies already show it.
            break
        case .help(let lines):
            help = lines
        case .sessionFinished:
            break
        default:
            add(EventText.lines(for: event))
        }
        switch event {
        case .warning, .timeUp: return true
        case .phaseStarted(_, _, let phase, _, _): return phase > 0
        default: return false
        }
    }

    private mutating func add(_ lines: [(String, LineStyle)]) {
        recent += lines.map { Recent(text: $0.0, style: $0.1) }
        if recent.count > Self.recentLimit { recent.removeFirst(recent.count - Self.recentLimit) }
    }

    /// A line the screen itself adds (a command echoed).
    mutating func note(_ text: String) {
        add([(text, .notice)])
    }
}
