import Foundation
import Testing

/// `show --fit`, the shipped 60-minute retrospective, and airtime from a run to `history`.
@Suite struct FitCommandTests {
    static let six = "Ana,Ben,Chen,Dev,Eli,Fay"

    @Test func theSixtyMinuteRetrospectivePlansWithinItsHourForSixPeople() throws {
        let output = try Binary.run(["show", "sprint-retrospective-60", "-p", Self.six])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Ends at 1:00:00."))
        #expect(output.stdout.contains("1h2m as written"))
        #expect(!output.stderr.contains("RT407"))
        let strict = try Binary.run(["show", "sprint-retrospective-60", "-p", Self.six, "--strict"])
        #expect(strict.status == 0, "\(strict.stderr)")
    }

    @Test func showFitPrintsThePlanFittedToTheGivenLength() throws {
        let output = try Binary.run(["show", "sprint-retrospective-60", "-p", Self.six, "--fit", "55m"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Fitted to 55m"))
        #expect(output.stdout.contains("Ends at 55:00."))
        #expect(output.stdout.contains("(planned 12m)"))
        // Below the minimums (3m + 40m + 3m at least), steps are dropped and named.
        let short = try Binary.run(["show", "sprint-retrospective-60", "-p", Self.six, "--fit", "30m"])
        #expect(short.stdout.contains("Dropped (carry to the next session):"))
        let bad = try Binary.run(["show", "sprint-retrospective-60", "--fit", "soon"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--fit takes a length like 55m"))
    }

    @Test func airtimeGoesToTheReportAndIsSummedInHistory() throws {
        let folder = try Binary.scratch()
        try folder.write("talk.yaml", """
            id: talk
            title: Talk
            steps:
              - { id: talk, handler: timebox, duration: 2m }
            """)
        for _ in 0..<2 {
            let output = try Binary.run(["run", "talk.yaml", "-p", "Ana,Ben", "--input", "-", "--speed", "1000", "--record",
                                         "--report", "report.md"], in: folder, stdin: "/speaker Ana\n")
            #expect(output.status == 0, "\(output.stderr)")
        }
        let report = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("## Airtime"))
        // The script is typed at the session's start, whatever the speed: Ana speaks the
        // whole step, Ben not at all.
        #expect(report.contains("| Ana | 2:00 | 100% |"))
        #expect(report.contains("| Ben | 0:00 | 0% |"))
        let history = try Binary.run(["history", "-p", "Ana,Ben"], in: folder)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("Airtime over 2 sessions:"))
        #expect(history.stdout.contains("Ana     4:00   100%"))
    }
}
