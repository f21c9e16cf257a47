/// Who holds which card in each round of passing cards around, as in 25/10 Crowdsourcing.
///
/// A pure function of the people, the cards' authors, the number of rounds and a seed. The
/// people sit in a seeded circle with the card they wrote in front of them (the other
/// cards fill the empty places); each round the cards move on by a different distance,
/// chosen among those that hand nobody their own card, so that:
/// - in every round each person holds a different card (or none, when there are more
///   people than cards);
/// - nobody holds a card they wrote, wherever the room allows it (a swap repairs what
///   the distances alone cannot avoid);
/// - nobody holds the same card twice while there are rounds enough to avoid it.
struct PassAround: Equatable {
    /// `holding[round][person]`: the index of the card the person holds, nil for none.
    var holding: [[Int?]]

    /// - Parameters:
    ///   - people: how many people take part.
    ///   - authors: for each card, the index of the person who wrote it, or nil.
    ///   - rounds: how many times the cards are passed on and scored.
    ///   - seed: the step's seed; the same seed gives the same rounds.
    init(people: Int, authors: [Int?], rounds: Int, seed: UInt64) {
        var random = SplitMix(seed: seed)
        let cards = authors.count
        let places = max(people, cards)
        guard people > 0, cards > 0, rounds > 0 else {
            holding = Array(repeating: Array(repeating: nil, count: people), count: max(rounds, 0))
            return
        }
        let seats = random.shuffled(Array(0..<people))
        // Each person's first card lies at their seat; the other cards fill the empty places.
        var slots: [Int?] = Array(repeating: nil, count: places)
        var placed: Set<Int> = []
        for (seat, person) in seats.enumerated() {
            if let card = authors.indices.first(where: { authors[$0] == person && !placed.contains($0) }) {
                slots[seat] = card
                placed.insert(card)
            }
        }
        let empty = random.shuffled(slots.indices.filter { slots[$0] == nil })
        for (slot, card) in zip(empty, random.shuffled(authors.indices.filter { !placed.contains($0) })) {
            slots[slot] = card
        }
        // Distances that hand the fewest people their own card first, the seeded order breaking ties.
        let own = { (distance: Int) in
            seats.indices.filter { seat in slots[(seat + distance) % places].map { authors[$0] == seats[seat] } ?? false }.count
        }
        let candidates = places > 1 ? random.shuffled(Array(1..<places)) : [0]
        let ordered = candidates.enumerated().sorted { (own($0.element), $0.offset) < (own($1.element), $1.offset) }.map(\.element)
        var held: [Set<Int>] = Array(repeating: [], count: people)
        var plan: [[Int?]] = []
        for round in 0..<rounds {
            let distance = ordered[round % ordered.count]
            var now: [Int?] = Array(repeating: nil, count: people)
            for (seat, person) in seats.enumerated() { now[person] = slots[(seat + distance) % places] }
            Self.repair(&now, authors: authors, held: held, order: random.shuffled(Array(0..<people)), cards: cards)
            for person in 0..<people { if let card = now[person] { held[person].insert(card) } }
            plan.append(now)
        }
        holding = plan
    }

    /// Takes away every card held by its author: for a card nobody holds this round, else
    /// by a swap with someone for whom it hands neither their own card; a card not held
    /// before is preferred.
    private static func repair(_ now: inout [Int?], authors: [Int?], held: [Set<Int>], order: [Int], cards: Int) {
        func owns(_ person: Int, _ card: Int?) -> Bool { card.map { authors[$0] == person } ?? false }
        func fresh(_ person: Int, _ card: Int?) -> Bool { card.map { !held[person].contains($0) } ?? true }
        for person in order where owns(person, now[person]) {
            let spare = (0..<cards).filter { card in !now.contains(card) && !owns(person, card) }
            if let card = spare.first(where: { fresh(person, $0) }) ?? spare.first {
                now[person] = card
                continue
            }
            let partners = order.filter { other in
                other != person && !owns(person, now[other]) && !owns(other, now[person])
            }
            let partner = partners.first { fresh(person, now[$0]) && fresh($0, now[person]) } ?? partners.first
            if let partner { now.swapAt(person, partner) }
        }
    }
}

/// SplitMix64, as the planner draws: a sequence that depends only on its seed.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`, without modulo bias.
    mutating func below(_ bound: Int) -> Int {
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let value = next()
            if value >= threshold { return Int(value % limit) }
        }
    }

    /// Fisher-Yates with this generator, the same on every platform.
    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, below(index + 1))
        }
        return items
    }
}
