import Brainstorm
import Decisions
import Retrospective
import Rounds
import RoundtableKit
import Voting

/// Every handler module that ships with Roundtable.
///
/// A custom build adds its own list: `BuiltInHandlers.all + MyHandlers.all`.
public enum BuiltInHandlers {
    public static let all: [any ExerciseHandler.Type] =
        Rounds.all + Brainstorm.all + Voting.all + Decisions.all + Retrospective.all

    /// A registry with every built-in handler.
    public static func registry() -> HandlerRegistry {
        // The built-in names are fixed and a test checks they are unique, so this cannot fail.
        (try? HandlerRegistry(all)) ?? HandlerRegistry()
    }
}
