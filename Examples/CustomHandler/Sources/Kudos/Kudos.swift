import RoundtableSDK

/// The handlers of this module, as one list: `BuiltInHandlers.all + Kudos.all`.
public enum Kudos {
    public static let all: [any ExerciseHandler.Type] = [KudosHandler.self]
}
