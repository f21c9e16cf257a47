/// Turns a loaded step and its params into a configured handler: the one place a
/// handler's `config:` is read.
///
/// `validate`, `show`, `run` and `resume` all bind through it (the planner binds every
/// step it plans, and an agenda's items are bound with their `with:` values when the
/// agenda is resolved), so a config that validates is the config that runs.
public struct Binder: Sendable {
    public let registry: HandlerRegistry

    public init(registry: HandlerRegistry) {
        self.registry = registry
    }

    /// The step's handler configured with `params` filled into its `config:`.
    ///
    /// - Parameters:
    ///   - step: A step as loaded.
    ///   - params: Values for the exercise's `{{params}}` (defaults included).
    /// - Returns: The handler, or nil with the located problems of its config.
    public func bind(_ step: Step, params: [String: String]) -> (handler: (any ExerciseHandler)?, diagnostics: [Diagnostic]) {
        guard let type = registry.handler(named: step.handler) else {
            return (nil, [.error(.unknownHandler, "unknown handler '\(step.handler.neutralized())'", at: step.location,
                                 hint: "registered handlers: \(registry.names.joined(separator: ", "))")])
        }
        let info = HandlerConfig.StepInfo(
            id: step.id, hasInput: !step.inputs.isEmpty || !step.agendaInputs.isEmpty, eachParticipant: step.eachParticipant, groupSize: step.groupSize,
            rounds: step.rounds, overItems: step.structure.forEach != nil || !step.structure.listedItems.isEmpty, location: step.location)
        let config = params.isEmpty ? step.config : step.config?.mapScalars { Placeholders.fill($0, with: params) }
        return registry.instantiate(type, info: info, config: config)
    }

    /// Every step of `exercise` bound with `params`, or the problems of those that do not bind.
    public func bind(_ exercise: Exercise, params: [String: String]) -> (handlers: [any ExerciseHandler], diagnostics: [Diagnostic]) {
        var values: [String: String] = [:]
        for param in exercise.params { values[param.name] = params[param.name] ?? param.defaultValue }
        var handlers: [any ExerciseHandler] = []
        var diagnostics: [Diagnostic] = []
        for step in exercise.steps {
            let bound = bind(step, params: values)
            diagnostics += bound.diagnostics
            if let handler = bound.handler { handlers.append(handler) }
        }
        return (handlers, diagnostics)
    }
}
