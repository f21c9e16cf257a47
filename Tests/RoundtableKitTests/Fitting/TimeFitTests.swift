import RoundtableKit
import Testing

/// The pure fitting: test vectors worked out by hand, then properties over many random cases.
@Suite struct TimeFitTests {
    typealias Item = TimeFit.Item

    @Test func shrinksInProportionToLengthWhenPrioritiesAreEqual() {
        // 600 + 300 = 900 s into 720: 180 s to take, 2 : 1.
        let result = TimeFit.fit([Item(planned: 600, min: 0), Item(planned: 300, min: 0)], into: 720)
        #expect(result.lengths == [480, 240])
        #expect(result.gap == 0 && result.changed && result.dropped.isEmpty)
    }

    @Test func priorityKeepsTimeWhenShrinkingAndTakesMoreWhenStretching() {
        // Weights 600/2 = 300 and 600/1 = 600: of 300 s, 100 and 200.
        let shrunk = TimeFit.fit([Item(planned: 600, min: 0, priority: 2), Item(planned: 600, min: 0)], into: 900)
        #expect(shrunk.lengths == [500, 400])
        // Weights 600 × 2 and 600 × 1: of 300 s more, 200 and 100.
        let stretched = TimeFit.fit([Item(planned: 600, max: 1200, priority: 2), Item(planned: 600, max: 1200)], into: 1500)
        #expect(stretched.lengths == [800, 700])
    }

    @Test func aMinimumFreezesAndTheRestIsSharedAgain() {
        // Proportional would be 300 → 200 and 600 → 400; the first stops at 250, the second takes the rest.
        let result = TimeFit.fit([Item(planned: 300, min: 250), Item(planned: 600, min: 0)], into: 600)
        #expect(result.lengths == [250, 350])
    }

    @Test func oneStepsMinimumAndAnothersMaximumBothBind() {
        // Shrinking 1200 s into 900: A (min 550) and C (planned 300 but max 240, over its
        // bound) both bind; B takes what is left. First pass: A 450 → 550 (+100), B 300 → 225,
        // C 300 → 225 → 240 (+15): minimums win, A freezes at 550. Second pass: B and C share
        // 350 → 175 each; C is under its max now, so both stay: 550 + 175 + 175 = 900.
        let items = [Item(planned: 600, min: 550), Item(planned: 300, min: 0), Item(planned: 300, min: 0, max: 240)]
        let result = TimeFit.fit(items, into: 900)
        #expect(result.lengths == [550, 175, 175])
        // Stretching 1200 into 1500: A may grow to 650 only, C has a minimum of 440 over its
        // planned 300. First pass: A 750 → 650 (−100), B and C 450: maximums win, A freezes.
        // Second: B and C share 250 → 425 each; C rises to 440 and freezes; B takes 410.
        let grow = [Item(planned: 600, min: 0, max: 650), Item(planned: 300, max: 1000), Item(planned: 300, min: 440, max: 1000)]
        let stretched = TimeFit.fit(grow, into: 1500)
        #expect(stretched.lengths == [650, 410, 440])
        #expect(stretched.total == 1500)
    }

    @Test func lockedStepsKeepTheirLength() {
        let result = TimeFit.fit([Item(planned: 300, locked: true), Item(planned: 600, min: 0)], into: 700)
        #expect(result.lengths == [300, 400])
    }

    @Test func withinTheDeadBandNothingChanges() {
        let result = TimeFit.fit([Item(planned: 600, min: 0), Item(planned: 300, min: 0)], into: 886)
        #expect(result.lengths == [600, 300])
        #expect(!result.changed)
        #expect(TimeFit.fit([Item(planned: 600, min: 0), Item(planned: 300, min: 0)], into: 884).changed)
    }

    @Test func minimumsThatDoNotFitDropTheLowestPriorityLatestStep() {
        let items = [Item(planned: 600, min: 500), Item(planned: 600, min: 500, priority: 2), Item(planned: 300, min: 200), Item(planned: 300, min: 200, locked: true)]
        // Minimums (locked at 300): 500 + 500 + 200 + 300 = 1500 > 1300: drop the latest of the
        // lowest priority that is not locked: item 2; then 500 + 500 + 300 = 1300 fits exactly.
        let result = TimeFit.fit(items, into: 1300)
        #expect(result.dropped == [2])
        #expect(result.lengths == [500, 500, 0, 300])
        let kept = TimeFit.fit(items, into: 1300, allowDrops: false)
        #expect(kept.dropped.isEmpty)
        #expect(kept.lengths == [500, 500, 200, 300])
        #expect(kept.gap == -200)
    }

    @Test func maximumsThatBindEndEarly() {
        let result = TimeFit.fit([Item(planned: 600, max: 700), Item(planned: 300)], into: 1200)
        #expect(result.lengths == [700, 300])
        #expect(result.gap == 200)
    }

    @Test func zeroWeightsShareEquallyAndEnd() {
        let zeros = [Item(planned: 0, min: 0, max: 600), Item(planned: 0, min: 0, max: 600)]
        #expect(TimeFit.fit(zeros, into: 300).lengths == [150, 150])
        let noPriority = [Item(planned: 300, min: 0, priority: 0), Item(planned: 300, min: 0, priority: 0)]
        #expect(TimeFit.fit(noPriority, into: 400).lengths == [200, 200])
        #expect(TimeFit.fit([], into: 300).lengths == [])
    }

    @Test func secondsAddUpExactly() {
        // Three equal steps into 1000 s: 333.33… each; the spare second goes to the first.
        let result = TimeFit.fit(Array(repeating: Item(planned: 600, min: 0), count: 3), into: 1000)
        #expect(result.lengths == [334, 333, 333])
    }

    // MARK: Properties

    struct Random {
        var state: UInt64
        mutating func next(_ range: ClosedRange<Int>) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
    }

    static func randomCase(_ seed: UInt64) -> (items: [Item], target: Int) {
        var random = Random(state: seed)
        let count = random.next(0...9)
        let items = (0..<count).map { _ -> Item in
            let planned = random.next(0...3) == 0 ? 0 : random.next(1...3600)
            let min = random.next(0...planned)
            let max = planned + random.next(0...1) * random.next(0...1800)
            let priority = [0, 0.5, 1, 1, 2, 3][random.next(0...5)]
            return Item(planned: planned, min: min, max: max, priority: priority, locked: random.next(0...5) == 0)
        }
        return (items, random.next(0...20_000))
    }

    @Test(arguments: 0..<400)
    func boundsAreKeptLockedStepsUntouchedAndTotalsExact(seed: Int) {
        let (items, target) = Self.randomCase(UInt64(seed) &* 7919 &+ 17)
        let result = TimeFit.fit(items, into: target)
        #expect(result.lengths.count == items.count)
        #expect(result.total + result.gap == target)
        guard result.changed else { return }
        for (index, item) in items.enumerated() {
            if result.dropped.contains(index) {
                #expect(!item.locked)
                #expect(result.lengths[index] == 0)
            } else if item.locked {
                #expect(result.lengths[index] == item.planned)
            } else {
                #expect(result.lengths[index] >= item.min && result.lengths[index] <= item.max, "item \(index) of seed \(seed)")
            }
        }
        // The fit lands exactly unless bounds forbid it: then every open step sits at the bound in the way.
        let open = items.indices.filter { !items[$0].locked && !result.dropped.contains($0) }
        if result.gap > 0 { #expect(open.allSatisfy { result.lengths[$0] == items[$0].max }) }
        if result.gap < 0 { #expect(open.allSatisfy { result.lengths[$0] == items[$0].min }) }
    }
}
