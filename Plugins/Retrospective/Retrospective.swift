import RoundtableSDK

/// The handlers of the Retrospective family: boards with columns.
public enum Retrospective {
    public static let all: [any ExerciseHandler.Type] = [RetroBoardHandler.self]
}
