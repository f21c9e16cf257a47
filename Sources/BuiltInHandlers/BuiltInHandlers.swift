import RoundtableKit
import Rounds

/// Every handler module that ships with Roundtable.
///
/// A custom build adds its own list: `BuiltInHandlers.all + MyHandlers.all`.
public enum BuiltInHandlers {
    public static let all: [any ExerciseHandler.Type] = Rounds.all

    /// A registry with every built-in handler.
    public static func registry() -> HandlerRegistry {
        // The built-in names are fixed and tested to be unique, so this cannot fail.
        (try? HandlerRegistry(all)) ?? HandlerRegistry()
    }
}
