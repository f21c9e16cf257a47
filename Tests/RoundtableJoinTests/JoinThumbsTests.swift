import Foundation
import RoundtableJoin
import RoundtableKit
import RoundtableSDK
import RoundtableTesting
import Testing

/// A thumbs vote from devices through the join server: the page is offered three thumbs
/// when the timebox runs out, and the devices' thumbs count with the keyboard's.
@Suite(.serialized, .apartFromTestClocks, .timeLimit(.minutes(4))) struct JoinThumbsTests {
    static let yaml = """
        id: thumbs-join
        title: Thumbs join
        steps:
          - id: talk
            handler: timebox
            duration: 1s
            extend_vote: [20m]
        """

    @Test func devicesAreOfferedThumbsWhenTimeIsUpAndTheirThumbsCount() async throws {
        let session = try await JoinedSession.start(yaml: Self.yaml)
        let ana = try #require(await session.join("Ana"))
        let ben = try #require(await session.join("Ben"))
        // Wait (on Ana's device) for the vote: a view whose entry is the thumbs.
        let offered = await blocking { () -> [String]? in
            while let state = ana.client.next("state") {
                if let view = state["view"] as? [String: Any], let entry = view["entry"] as? [String: Any], entry["kind"] as? String == "thumbs" {
                    return entry["options"] as? [String]
                }
            }
            return nil
        }
        #expect(offered == ["up", "sideways", "down"])
        #expect(await session.contribute("up", id: 1, client: ana.client, token: ana.token) == true)
        #expect(await session.contribute("down", id: 1, client: ben.client, token: ben.token) == true)
        session.input.type("Chen: up")
        // The vote closed with everyone counted: 20 more minutes; then the test ends the session.
        let extended = await blocking { () -> Bool in
            while let state = ana.client.next("state") {
                let view = state["view"] as? [String: Any]
                let entry = view?["entry"] as? [String: Any]
                if entry?["kind"] as? String != "thumbs" { return true }
            }
            return false
        }
        #expect(extended)
        let result = await session.finish()
        let votes = result.timings[0].votes
        #expect(votes.count == 1)
        #expect(votes.first?.count == ThumbCount(up: 2, down: 1))
        #expect(votes.first?.voters == ["Ana", "Ben", "Chen"])
        #expect(votes.first?.outcome == .extended(.seconds(1200)))
    }
}
