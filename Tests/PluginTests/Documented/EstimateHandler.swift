import RoundtableSDK

/// Everyone estimates in secret; the estimates are revealed together, with their spread.
public struct EstimateHandler: ExerciseHandler {
    public static let name = "estimate"
    public static let summary = "Everyone estimates in secret; all estimates are revealed together, with a histogram."
    static let scale = ConfigKey.textList(
        "scale", default: ["1", "2", "3", "5", "8", "13"], nonEmpty: true, distinct: true, "The values people choose from.")
    public static let configKeys: [any AnyConfigKey] = [scale]
    public static let example = """
        - id: estimate
          title: How big is the migration?
          handler: estimate
          duration: 3m
          config: { scale: ["1", "2", "3", "5", "8"] }
        """

    let scale: [String]

    public init(config: HandlerConfig) {
        scale = config[Self.scale]
    }

    public func run(_ step: StepContext) async {
        // Collect: one estimate from each person, from the keyboard or a device, kept off every
        // screen (`secret: true`) and recorded as it comes so that nothing is lost.
        let question = "your estimate (\(scale.joined(separator: ", ")))"
        let estimates = await step.fromEveryone(question, verb: "estimated", secret: true) { text, person -> Answer<String> in
            guard let value = scale.first(where: { $0.caseInsensitiveCompare(text) == .orderedSame }) else {
                return .reject("choose one of \(scale.joined(separator: ", "))")
            }
            step.record(.note(value, by: person, category: "estimate"), shown: false)
            return .accept(value)
        }
        // Reveal: every estimate at once, and how they spread over the scale.
        let counts = scale.map { value in (value: value, count: estimates.filter { $0.value == value }.count) }
        step.updateView { view in
            view.hidden = 0
            view.items = estimates.enumerated().map { index, estimate in
                StepView.Item(number: index + 1, text: estimate.person, detail: estimate.value)
            }
            view.notes = ["Spread: " + counts.filter { $0.count > 0 }.map { "\($0.value) ×\($0.count)" }.joined(separator: ", ")]
        }
        step.record(.histogram("Estimates", counts: counts))
        // The room talks it over with the estimates on screen, until /next or the timer.
        await step.notesUntilEnd()
    }
}
