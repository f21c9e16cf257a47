import RoundtableSDK

/// The handlers of the Voting family: dots, fists and scores.
public enum Voting {
    public static let all: [any ExerciseHandler.Type] = [DotVoteHandler.self, FistToFiveHandler.self, ScoreHandler.self]
}
