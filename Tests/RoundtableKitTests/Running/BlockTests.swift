import BuiltInHandlers
import RoundtableKit
import RoundtableTesting
import Testing

/// Repeated blocks: a sequence of steps run N times, or once per participant with a role
/// that moves to each in turn.
@Suite struct BlockTests {
    typealias H = LoaderHarness

    static let critique = """
        id: critique
        title: Critique
        roles:
          presenter: per-step
        steps:
          - id: intro
            handler: timebox
            duration: 1m
          - block: critique
            repeat: { per: presenter }
            steps:
              - id: present
                handler: timebox
                duration: 3m
                instructions: "{{presenter}} shows the work."
              - id: feedback
                handler: round
                each: participant
                except: presenter
                duration: 1m
        """

    static let twice = """
        id: twice
        title: Twice
        steps:
          - block: cycle
            repeat: 2
            steps:
              - id: ideas
                handler: brainstorm
                duration: 2m
              - id: vote
                handler: dot-vote
                input: ideas
                duration: 2m
          - id: close
            handler: timebox
            duration: 1m
        """

    // MARK: Loading

    @Test func aBlockPerAnUnknownRoleIsReportedAtRepeat() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            roles:
              presenter: per-step
            steps:
              - block: critique
                repeat: ‸{ per: presnter }
                steps:
                  - id: present
                    handler: timebox
                    duration: 3m
                    instructions: "{{presenter}} presents."
            """)
        let diagnostic = try H.diagnostic(.invalidBlock, in: try H.diagnostics(yaml.text))
        #expect(diagnostic.location == yaml.location(in: H.file))
        #expect(diagnostic.notes.map(\.message) == ["did you mean 'presenter'?"])
    }

    @Test func aBlockWithoutStepsOrInsideABlockIsAnError() throws {
        let yaml = try MarkedYAML("""
            id: x
            title: X
            steps:
              - block: outer
                repeat: 2
                steps:
                  - block: ‸inner
                    repeat: 2
                    steps:
                      - { id: a, handler: timebox, duration: 1m }
                  - { id: b, handler: timebox, duration: 1m }
              - block: empty
                repeat: 2
            """)
        let diagnostics = try H.diagnostics(yaml.text).filter { $0.code == .invalidBlock }
        #expect(diagnostics.count == 2)
        #expect(diagnostics.contains { $0.location == yaml.location(in: H.file) })
        #expect(diagnostics.contains { $0.message.contains("needs `steps`") })
    }

    // MARK: The plan

    @Test(arguments: [3, 4, 6])
    func everyoneHoldsTheRoleForOnePassAndHasNoTurnInIt(people: Int) throws {
        let names = Array(["Ana", "Ben", "Chen", "Dev", "Eli", "Fay"].prefix(people))
        for seed in UInt64(0)..<10 {
            let plan = try Fixtures.plan(Self.critique, people: names, seed: seed)
            #expect(plan.steps.count == 1 + 2 * people)
            var presenters: [String] = []
            for pass in 1...people {
                let present = plan.steps[2 * pass - 1]
                let feedback = plan.steps[2 * pass]
                #expect(present.id == "present-\(pass)")
                #expect(feedback.id == "feedback-\(pass)")
                let presenter = try #require(present.segments.first?.holder(of: "presenter"))
                #expect(present.title == "Present · \(presenter)")
                #expect(feedback.segments.allSatisfy { $0.holder(of: "presenter") == presenter })
                #expect(feedback.segments.count == people - 1)
                #expect(!feedback.segments.contains { $0.speaker == presenter })
                presenters.append(presenter)
            }
            #expect(presenters.sorted() == names.sorted())
        }
    }

    @Test func aBlockRepeatedTwiceTakesItsInputFromTheSamePass() throws {
        let plan = try Fixtures.plan(Self.twice)
        #expect(plan.steps.map(\.id) == ["ideas-1", "vote-1", "ideas-2", "vote-2", "close"])
        #expect(plan.steps.map(\.title) == ["Ideas (1/2)", "Vote (1/2)", "Ideas (2/2)", "Vote (2/2)", "Close"])
        #expect(plan.steps[1].inputIndex == 0)
        #expect(plan.steps[3].inputIndex == 2)
        #expect(plan.steps.allSatisfy { $0.count == 5 })
    }

    // MARK: The engine

    @Test func aRehearsalRunsEachPassWithItsOwnVotes() async throws {
        let rehearsal = try Rehearsal(yaml: Self.twice, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let rehearsed = await rehearsal.run([
            "Ana: shorter meetings", "/next", "1", "1", "/next",
            "Ben: a demo day", "/next", "1", "1", "/next",
        ])
        #expect(rehearsed.result.completed)
        #expect(rehearsed.artifacts(of: "vote-1").filter { $0.kind == .vote }.map(\.text) == ["shorter meetings", "shorter meetings"])
        #expect(rehearsed.artifacts(of: "vote-2").filter { $0.kind == .vote }.map(\.text) == ["a demo day", "a demo day"])
    }

    /// `/skip block` ends this pass and passes over the passes to come; `/help` offers it
    /// only inside a block, and outside one it changes nothing.
    @Test func skipBlockEndsThisPassAndThePassesToCome() async throws {
        let rehearsal = try Rehearsal(yaml: Self.twice, handlers: BuiltInHandlers.all, participants: ["Ana", "Ben"])
        let rehearsed = await rehearsal.run([
            "Ana: shorter meetings", "/help", "/next", "/skip blok", "/skip block", "/skip block", "done", "/next",
        ])
        #expect(rehearsed.result.completed)
        let ids = rehearsed.result.plan.steps.map(\.id)
        #expect(ids == ["ideas-1", "vote-1", "ideas-2", "vote-2", "close"])
        #expect(rehearsed.result.timings.map(\.skipped) == [false, true, true, true, false])
        #expect(rehearsed.result.timings[2].started == nil && rehearsed.result.timings[3].started == nil)
        #expect(rehearsed.artifacts(of: "close").map(\.text) == ["done"])
        let helps = rehearsed.events.compactMap { _, event -> [String]? in
            if case .help(let lines) = event { return lines } else { return nil }
        }
        #expect(helps.first?.contains { $0.hasPrefix("/skip block") && $0.contains("'cycle'") && $0.contains("1 of 2") } == true)
        #expect(rehearsed.events.contains { _, event in
            if case .notice(let text) = event { return text == "Skipped the rest of 'cycle' (passes 1–2)." } else { return false }
        })
        // A mistyped /skip skips nothing (vote-1 still ran when /skip block came); in `close`,
        // outside the block, the second /skip block only says so.
        #expect(rehearsed.events.contains { _, event in
            if case .notice(let text) = event { return text.hasPrefix("/skip skips the rest of this step") } else { return false }
        })
        #expect(rehearsed.events.contains { _, event in
            if case .notice(let text) = event { return text.hasPrefix("This step is not in a repeated block") } else { return false }
        })
    }
}
