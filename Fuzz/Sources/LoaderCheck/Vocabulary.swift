import BuiltInHandlers
import RoundtableKit

/// Words of the exercise format, for fuzzers that write documents rather than flip bits.
public enum Vocabulary {
    public static let topKeys = ["id", "title", "summary", "tags", "source", "participants", "roles", "params", "steps",
                                 "agenda", "timebox"]
    public static let stepKeys = ["id", "title", "handler", "duration", "instructions", "prompt", "each", "groups", "rounds",
                                  "input", "timer", "config"]
    public static let agendaItemKeys = ["exercise", "with", "title", "break"]
    public static let timerKeys = ["warn_at", "on_zero"]
    public static let rotations = ["per-exercise", "per-step", "per-round", "random", "fair", "{ fixed: Ana }",
                                   "{ rotate: per-step, summary: Calls the time }", "{ fixed: Nobody }", "per-nothing"]

    public static var handlerNames: [String] {
        BuiltInHandlers.all.flatMap { [$0.name] + $0.aliases } + ["timebx", "", "Round", "no-such-handler"]
    }

    public static var configKeys: [String] { Array(Set(BuiltInHandlers.all.flatMap { handler in handler.configKeys.map { $0.info.name } })).sorted() }

    /// Every handler's documented example step (each a valid `- id: …` item).
    public static var handlerExamples: [String] { BuiltInHandlers.all.map { handler in handler.example } }

    /// Values that sit on the edges of what the loader accepts.
    public static let values = [
        "0s", "1s", "-1m", "45s", "5m", "1h30m", "2m30s", "99999999999999h", "1e3s", "5", "5m5m", "1m 30s", ".inf", "NaN",
        "0", "-1", "1", "2", "3", "50", "51", "100", "101", "1000", "1001", "99999999999999999999", "0x10", "1_000", "+5",
        "yes", "no", "on", "off", "true", "false", "~", "null", "''", "\"\"", "[]", "{}", "[a, b]", "{ a: b }",
        "participant", "everyone", "1-5", "mean", "median", "advance", "bell", "count-up", "count_up",
        "\"{{speaker}}\"", "\"{{facilitator}} and {{scribe}}\"", "\"{{nope}}\"", "\"{{\"", "\"}}{{\"",
        "\"\\e]0;pwned\\a\"", "\"\\e]52;c;ZWNobyBwd25lZA==\\a\"", "\"\\e[2J\\e[H\"", "\"\\u009b31m\"", "\"\\x07\\x08\\x7f\"",
        "\"\\u202eevil\\u202c\"", "\"\\u2066x\\u2069\"", "\"\\0\"", "\"\\N\\_\\L\\P\"", "\"line\\nbreak\"",
        "!!binary aGVsbG8=", "!!int 5", "!!str 5", "!custom x", "!!python/object:os.system x", "&anchor value", "*anchor",
        "|\n  block\n  text", ">-\n  folded\n  text", "Ana", "Ana,Ben", "\"Ana, Ben\"", "start-stop-continue", "4ls",
    ]

    /// Fragments of YAML syntax to splice in anywhere.
    public static let tokens = [
        "&a ", "*a", "&b ", "*b", "? ", "- ", "-", "[", "]", "{", "}", ": ", ":", ",", "!!str ", "!!map ", "!!seq ",
        "!t ", "<<: *a\n", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "|\n", ">-\n", "\"", "'", "#", " #",
        "{{", "}}", "{{speaker}}", "{{ scribe }}", "\t", "\r\n", "\r", "\u{FEFF}", "\\", "\\e", "%", "@", "`",
        "\u{1B}[2J", "\u{1B}]0;x\u{07}", "\u{9B}", "\u{202E}", "\u{0}", "\u{85}", "\u{2028}",
    ]
}
