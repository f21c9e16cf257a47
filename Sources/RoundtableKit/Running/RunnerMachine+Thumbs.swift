/// The thumbs vote that steers time (`extend_vote:`), decided by the clock's machine.
///
/// When a round's timer reaches zero and an extension is left, a vote opens instead of the
/// timer's `on_zero`. It closes when everyone in the room has voted, when `/next` closes it,
/// or ``ThumbsVote/window`` after it opened; then more thumbs up than down extend the round
/// by the next extension (counted from the close), and anything else (a tie, nobody voting)
/// moves on. Every decision is a function of the events and their session times, so a
/// replayed journal reaches the same outcome.
extension RunnerMachine {
    /// A thumbs vote in progress.
    public struct OpenVote: Sendable, Hashable {
        public var opened: Duration
        public var closes: Duration
        public var offered: Duration
        /// Each named voter's latest thumb, and the order they first voted in.
        public var thumbs: [String: Thumb] = [:]
        public var voters: [String] = []
        /// Hands typed on the keyboard without a name (`up`, or a tally `up 3 down 1`).
        public var typed = ThumbCount()

        /// The named thumbs and the typed hands together.
        public var count: ThumbCount {
            var count = typed
            for thumb in thumbs.values { count.add(thumb) }
            return count
        }
    }

    /// The extension the next vote of this round would offer; nil when none is left (or the
    /// step takes no vote).
    var nextExtension: Duration? {
        guard !step.isBreak, segment.speaker == nil, let extensions = step.thumbsVote?.extensions else { return nil }
        return votesHeld < extensions.count ? extensions[votesHeld] : nil
    }

    mutating func openVote(offering offered: Duration, at now: Duration) -> [Action] {
        let closes = now + ThumbsVote.window
        vote = OpenVote(opened: now, closes: closes, offered: offered)
        pendingWarnings = []
        return [.voteOpened(step: stepIndex, segment: segmentIndex, offered: offered, closes: closes), .setAlarm(nextAlarm())]
    }

    mutating func onThumb(_ voter: String?, _ thumb: Thumb, at now: Duration) -> [Action] {
        guard phase == .running, var open = vote else { return [] }
        if let voter {
            if open.thumbs[voter] == nil { open.voters.append(voter) }
            open.thumbs[voter] = thumb
        } else {
            open.typed.add(thumb)
        }
        vote = open
        return afterCount(at: now)
    }

    mutating func onTally(_ tally: ThumbCount, at now: Duration) -> [Action] {
        guard phase == .running, var open = vote else { return [] }
        open.typed = tally
        vote = open
        return afterCount(at: now)
    }

    /// Closes the vote once every hand in the room is counted; otherwise shows the count.
    private mutating func afterCount(at now: Duration) -> [Action] {
        guard let open = vote else { return [] }
        if open.count.total >= plan.names.count { return closeVote(at: now) }
        return [.voteCounted(open.count, voters: open.voters)]
    }

    /// Counts the vote and carries out the room's decision.
    mutating func closeVote(at now: Duration) -> [Action] {
        guard let open = vote else { return [] }
        vote = nil
        votesHeld += 1
        let count = open.count
        let record = ThumbsVoteRecord(
            segment: segmentIndex, round: segment.round, item: nil, number: votesHeld, offered: open.offered,
            opened: open.opened, closed: now, count: count, voters: open.voters,
            outcome: count.extends ? .extended(open.offered) : .movedOn)
        timings[stepIndex].votes.append(record)
        guard count.extends else { return [.voteClosed(record)] + advance(at: now) }
        // The round goes on for the extension from now; the vote's own time is overtime.
        let newDeadline = now + open.offered
        extended += newDeadline - (deadline ?? now)
        if !phaseEnds.isEmpty { phaseEnds[phaseEnds.count - 1] = newDeadline }
        deadline = newDeadline
        pendingWarnings = step.timer.warnings(for: open.offered).filter { $0 < open.offered }
        timeUpFired = false
        return [.voteClosed(record), .extended(by: open.offered, deadline: newDeadline), .setAlarm(nextAlarm())]
    }

    /// A command of the facilitator's closes the vote uncounted.
    mutating func setVoteAside(at now: Duration) -> [Action] {
        guard let open = vote else { return [] }
        vote = nil
        votesHeld += 1
        let record = ThumbsVoteRecord(
            segment: segmentIndex, round: segment.round, item: nil, number: votesHeld, offered: open.offered,
            opened: open.opened, closed: now, count: open.count, voters: open.voters, outcome: .setAside)
        timings[stepIndex].votes.append(record)
        return [.voteClosed(record)]
    }
}
