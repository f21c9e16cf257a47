import Foundation
import RoundtableSDK

extension StepContext {
    /// What the step votes on: the items of its `input:` step, else its configured options.
    ///
    /// Options are the fallback, so a rehearsal or a skipped earlier step still has something
    /// to vote on. Texts are trimmed, kept on one line, and each is taken once.
    func votingItems(options: [String]) -> [String] {
        let fromInput = inputItems.map(\.text)
        let source = fromInput.isEmpty ? options.map { fill($0) } : fromInput
        var seen: Set<String> = []
        return source
            .map { $0.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }
}
