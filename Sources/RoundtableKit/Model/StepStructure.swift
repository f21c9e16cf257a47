/// How a step is shaped beyond its timer: the phases inside each turn or round.
///
/// Kept apart from ``Step``'s timing keys (`duration`, `rounds`, `each`) so that the
/// structures grow in one place.
public struct StepStructure: Sendable, Hashable {
    /// Timed parts of every turn (with `each: participant`) or round, in order; empty
    /// for a step that is one stretch of time. The step's `duration` is their sum.
    public var phases: [StepPhase] = []
    /// Runs the step once per item of an earlier step's result (`for_each:`).
    public var forEach: ForEach?
    /// Runs the step once per item written in the file (`for_each: [a, b, c]`): a round each,
    /// `{{item}}` naming it.
    public var listedItems: [String] = []
    /// Roles whose holders have no turn in this step (`except:`).
    public var except: [String] = []
    /// Where each name of `except:` is written, for the check against the exercise's roles.
    public var exceptLocations: [SourceLocation] = []
    /// Turns only for those an earlier step's result picks (`only:`).
    public var only: Only?
    /// The same groups for every round (`groups: { size: N, keep: true }`).
    public var keepGroups = false
    /// A `scope: group` role whose holders stay at their group while the others move
    /// (`groups: { size: 4, stay: host }`, the host of a World Café table).
    public var stay: String?
    /// Where `stay:` is written, for the check against the exercise's roles.
    public var stayLocation: SourceLocation?
    /// Groups made of whole groups of an earlier step (`groups: { from: pairs, join: 2 }`).
    public var join: Join?
    /// The repeated block the step belongs to, if any (`- block: … repeat: … steps: […]`).
    public var block: Block?
    /// The extensions a thumbs vote at the end of every round may grant (`extend_vote:`);
    /// empty without a vote.
    public var extendVote: [Duration] = []

    /// A sequence of steps run again and again, as a whole: N times, or once per
    /// participant with a role that moves to each in turn.
    public struct Block: Sendable, Hashable {
        public enum Repeat: Sendable, Hashable {
            case times(Int)
            /// Once per participant; in each pass the role is held by that participant.
            case perHolder(role: String)
        }

        /// The block's name; its steps run one pass after another.
        public var id: String
        public var repeats: Repeat
        /// Where `repeat:` (or the block's `for_each:`) is written.
        public var location: SourceLocation
        /// One pass per item of an earlier step's result, best first (`for_each:` on the
        /// block); ``repeats`` is then `.times(top)`, the most passes.
        public var forEach: ForEach?

        public init(id: String, repeats: Repeat, location: SourceLocation) {
            self.id = id
            self.repeats = repeats
            self.location = location
        }

        /// How many times the block runs for a room of `participants`.
        public func passes(participants: Int) -> Int {
            switch repeats {
            case .times(let count): return count
            case .perHolder: return max(participants, 1)
            }
        }
    }

    public init(phases: [StepPhase] = [], forEach: ForEach? = nil, except: [String] = [], only: Only? = nil) {
        self.phases = phases
        self.forEach = forEach
        self.except = except
        self.only = only
    }

    /// `only: { from: show, at_most: 2 }`: turns for those whose score in `from` was 2 or less.
    public struct Only: Sendable, Hashable {
        /// The id of an earlier step.
        public var from: String
        public var atMost: Double?
        public var atLeast: Double?

        public init(from: String, atMost: Double? = nil, atLeast: Double? = nil) {
            self.from = from
            self.atMost = atMost
            self.atLeast = atLeast
        }
    }

    /// `groups: { from: pairs, join: 2 }`: each group joins `count` whole groups of the
    /// last round of `from`, so that they stay together inside it (fours made of two pairs).
    public struct Join: Sendable, Hashable {
        /// The id of an earlier step with `groups:`.
        public var from: String
        /// How many of its groups make one of this step's.
        public var count: Int

        public init(from: String, count: Int) {
            self.from = from
            self.count = count
        }
    }

    /// `for_each: { from: vote, top: 3 }`: a round per item of `from`'s result, best first.
    public struct ForEach: Sendable, Hashable {
        /// The id of an earlier step.
        public var from: String
        /// The most items taken; the step has this many rounds.
        public var top: Int
        /// In a pass of a block with `for_each:`, the one item (from 1) the pass works on;
        /// nil for a step that has a round per item.
        public var pick: Int?

        public init(from: String, top: Int, pick: Int? = nil) {
            self.from = from
            self.top = top
            self.pick = pick
        }
    }
}
