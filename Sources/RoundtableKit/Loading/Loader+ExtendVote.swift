/// Reading `extend_vote:`, the thumbs vote at the end of every round (see ``ThumbsVote``).
extension Loader {
    /// The extensions of `extend_vote:`: a list, each shorter than the one before, or a
    /// single duration that halves (4m → 4m, 2m, 1m, 30s). Empty when the key is wrong.
    func extendVote(_ node: SourceNode, step: MappingReader, log: inout DiagnosticLog) -> [Duration] {
        if step["each"]?.scalar == "participant" {
            log.error(.extendVoteWithoutTimebox, "`extend_vote` asks the room whether a round goes on, but this step has a turn per speaker",
                      at: node.location, hint: "remove `each: participant`, or give each speaker more time with `duration:` instead")
            return []
        }
        if step["timer"]?["on_zero"]?.scalar == "count-up" {
            log.error(.extendVoteWithoutTimebox, "`extend_vote` votes when a timebox ends, but this step counts up and has none",
                      at: node.location, hint: "remove `on_zero: count-up`, or remove `extend_vote`")
            return []
        }
        let hint = "e.g. extend_vote: [4m, 2m, 1m], or extend_vote: 4m for 4m, 2m, 1m, 30s"
        if let text = node.scalar, !node.isNull {
            guard let start = DurationText.parse(text), start > .zero else {
                log.error(.invalidExtendVote, "`extend_vote` must be a duration or a list of durations, not '\(text.neutralized())'",
                          at: node.location, hint: hint)
                return []
            }
            return ThumbsVote.halving(from: start)
        }
        guard let items = node.items, !items.isEmpty else {
            log.error(.invalidExtendVote, "`extend_vote` must be a duration or a list of durations, not \(node.kindDescription)",
                      at: node.location, hint: hint)
            return []
        }
        guard items.count <= ThumbsVote.limit else {
            log.error(.invalidExtendVote, "`extend_vote` may offer at most \(ThumbsVote.limit) extensions, not \(items.count)",
                      at: node.location, hint: "the room votes after each; a few shorter ones keep the meeting moving")
            return []
        }
        var extensions: [Duration] = []
        for item in items {
            guard let length = MappingReader.duration(item, key: "extend_vote", log: &log) else { return [] }
            if let last = extensions.last, length >= last {
                log.error(.invalidExtendVote, "each extension of `extend_vote` must be shorter than the one before: \(DurationText.format(length)) follows \(DurationText.format(last))",
                          at: item.location, hint: hint)
                return []
            }
            extensions.append(length)
        }
        return extensions
    }
}
