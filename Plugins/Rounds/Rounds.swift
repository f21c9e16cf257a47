import RoundtableSDK

/// The handlers of the Rounds family: turns, timeboxes and group work.
public enum Rounds {
    public static let all: [any ExerciseHandler.Type] = [RoundHandler.self, TimeboxHandler.self, GroupsHandler.self, CheckoutHandler.self, AccountabilityHandler.self, FishbowlHandler.self]
}
