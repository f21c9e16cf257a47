import Foundation
import Testing

/// `roundtable report` in its three formats, on a session the built binary ran.
@Suite(.serialized)
struct ReportCommandTests {
    static let vote = """
        id: vote
        title: Vote
        steps:
          - id: intro
            handler: timebox
            duration: 1m
          - id: vote
            handler: dot-vote
            duration: 5m
            config: { options: [Alpha, Beta, Gamma], dots: 2 }
          - id: actions
            handler: action-items
            input: vote
            duration: 5m
            config: { top: 1, due: false }
        """

    /// Runs the vote with `script` and returns the folder that holds its session.
    static func session(_ script: String) throws -> URL {
        let folder = try Binary.scratch()
        try folder.write("vote.yaml", vote)
        let run = try Binary.run(["run", "vote.yaml", "-p", "Ana,Ben,Chen", "--input", "-", "--speed", "1000", "--report", "r.md"],
                                 in: folder, stdin: script)
        #expect(run.status == 0, "\(run.stderr)")
        return folder
    }

    @Test func jsonCarriesTheRankedTalliesSupersededRunsAndStructuredResultsAsData() throws {
        // The vote runs twice (/back): the first run is superseded, the second counts.
        let folder = try Self.session("/next\n2 3\n/back\n/next\n3 3\n2 3\n1 3\n/next\nShip it @Ben @Chen\n/next\n")
        let output = try Binary.run(["report", "--format", "json"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let tallies = try #require(steps[1]["tallies"] as? [[String: Any]])
        let rows = try #require(tallies.first?["rows"] as? [[String: Any]])
        #expect(rows.map { $0["item"] as? String } == ["Gamma", "Alpha", "Beta"])
        #expect(rows.map { $0["value"] as? Double } == [4, 1, 1])
        #expect(rows.map { $0["place"] as? Int } == [1, 2, 2])
        #expect(tallies.first?["method"] as? String == "sum")
        let superseded = try #require(steps[1]["superseded"] as? [[String: Any]])
        #expect(superseded.filter { $0["kind"] as? String == "vote" }.map { $0["text"] as? String } == ["Beta", "Gamma"])
        let artifacts = try #require(steps[1]["artifacts"] as? [[String: Any]])
        let ranking = try #require(artifacts.first { $0["kind"] as? String == "result" }?["table"] as? [String: Any])
        #expect(ranking["columns"] as? [String] == ["rank", "item", "dots"])
        let actions = try #require(steps[2]["artifacts"] as? [[String: Any]])
        #expect(actions.first?["owners"] as? [String] == ["Ben", "Chen"])
        #expect(actions.first?["category"] as? String == "Gamma")
    }

    @Test func csvMarksSupersededRowsAndListsEveryOwnerAndTheReasonForARefusal() throws {
        let folder = try Self.session("/next\n2 3\n/back\n/next\n3 3 3\n3 3\n2 3\n1 3\n/next\nShip it @Ben @Chen\n/next\n")
        let output = try Binary.run(["report", "--format", "csv"], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let rows = output.stdout.split(separator: "\n").map(String.init)
        // The columns that came later go at the end: owners, reason, status, item, then turn and speaker.
        #expect(rows.first == "step,kind,text,author,owner,due,value,category,round,owners,reason,status,item,turn,speaker")
        #expect(rows.contains("vote,vote,Beta,Ana,,,1,,1,,,superseded,,,"), "\(rows)")
        #expect(rows.contains("vote,vote,Gamma,Ana,,,2,,1,,,counted,,,"), "\(rows)")
        #expect(rows.contains { $0.hasPrefix("vote,note,3 3 3,Ana,,,,rejected,1,,") && $0.contains("Ana: ") && $0.hasSuffix(",counted,,,") }, "\(rows)")
        #expect(rows.contains("actions,action,Ship it,,Ben,,,Gamma,1,\"Ben; Chen\",,counted,,,"), "\(rows)")
    }
}
