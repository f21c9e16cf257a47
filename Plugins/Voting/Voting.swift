import RoundtableSDK

/// The handlers of the Voting family: dots, fists, scores and cards passed around.
public enum Voting {
    public static let all: [any ExerciseHandler.Type] = [DotVoteHandler.self, FistToFiveHandler.self, ScoreHandler.self, PassAndScoreHandler.self]
}
