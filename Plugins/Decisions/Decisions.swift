import RoundtableSDK

/// The handlers of the Decisions family: consent, decision drills and action items.
public enum Decisions {
    public static let all: [any ExerciseHandler.Type] = [ConsentHandler.self, DecisionDrillHandler.self, ActionItemsHandler.self]
}
