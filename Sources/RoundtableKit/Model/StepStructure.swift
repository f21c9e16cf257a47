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
    /// Roles whose holders have no turn in this step (`except:`).
    public var except: [String] = []
    /// Where each name of `except:` is written, for the check against the exercise's roles.
    public var exceptLocations: [SourceLocation] = []
    /// Turns only for those an earlier step's result picks (`only:`).
    public var only: Only?
    /// The same groups for every round (`groups: { size: N, keep: true }`).
    public var keepGroups = false

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

    /// `for_each: { from: vote, top: 3 }`: a round per item of `from`'s result, best first.
    public struct ForEach: Sendable, Hashable {
        /// The id of an earlier step.
        public var from: String
        /// The most items taken; the step has this many rounds.
        public var top: Int

        public init(from: String, top: Int) {
            self.from = from
            self.top = top
        }
    }
}
