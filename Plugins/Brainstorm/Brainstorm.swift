import RoundtableSDK

/// The handlers of the Brainstorm family: generating and grouping ideas.
public enum Brainstorm {
    public static let all: [any ExerciseHandler.Type] = [
        BrainstormHandler.self, BrainwritingHandler.self, ClusterHandler.self,
    ]
}
