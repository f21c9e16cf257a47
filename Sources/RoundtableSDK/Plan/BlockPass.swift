/// Where a step stands in a repeated block (`- block: … repeat: …`): the block's name and
/// which of its passes this copy of the step belongs to.
///
/// `/skip block` ends the current pass and every pass still to come, so the session goes
/// on with the first step after the block.
///
/// ```swift
/// if let pass = plannedStep.blockPass { print("\(pass.block): pass \(pass.pass) of \(pass.passes)") }
/// ```
public struct BlockPass: Sendable, Hashable {
    /// The block's name (`block:`).
    public var block: String
    /// The pass this step belongs to, from 1.
    public var pass: Int
    /// How many passes the block has in this plan.
    public var passes: Int

    public init(block: String, pass: Int, passes: Int) {
        self.block = block
        self.pass = pass
        self.passes = passes
    }
}
