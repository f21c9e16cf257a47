import Foundation
import RoundtableSDK

extension StepContext {
    /// The participant called `name` (any case, an optional leading `@`), as the plan spells it.
    func participant(named name: String) -> String? {
        var typed = name.trimmingCharacters(in: .whitespaces)
        if typed.hasPrefix("@") { typed.removeFirst() }
        typed = typed.trimmingCharacters(in: .whitespaces).lowercased()
        return names.first { $0.lowercased() == typed }
    }
}
