#!/usr/bin/env bash
# Builds this example (a Roundtable build with the `kudos` handler), runs its tests, and
# runs kudos.yaml with script.txt as the typed input; the report must hold the kudos.
#
# Usage: Examples/CustomHandler/check.sh
# Builds into .build-example here (gitignored); ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")" || exit 1

scratch=.build-example
tmp="$(mktemp -d "${TMPDIR:-/tmp}/roundtable-example.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; }
summary() {
    printf '\n%d passed, %d failed\n' "$passed" "$failed"
    [[ $failed -eq 0 ]]
    exit $?
}
# Runs a command quietly with its time; on failure shows the end of its output.
timed() {
    local label="$1" log="$tmp/$2.log" start=$SECONDS
    shift 2
    if "$@" >"$log" 2>&1; then
        pass "$label ($((SECONDS - start))s)"
    else
        fail "$label ($((SECONDS - start))s); last lines:"
        tail -25 "$log" | sed 's/^/      /'
        return 1
    fi
}

timed "swift build --build-tests" build swift build --build-tests --scratch-path "$scratch" || summary
timed "swift test (KudosTests)" test swift test --skip-build --scratch-path "$scratch"
if grep -Eq "Test run with [1-9][0-9]* tests? in [0-9]+ suites? passed" "$tmp/test.log"; then
    pass "the Kudos tests ran"
else
    fail "the Kudos tests did not run: $(tail -1 "$tmp/test.log")"
fi

bin="$scratch/debug/my-roundtable"
if "$bin" handlers kudos >"$tmp/handlers.out" 2>&1 && grep -q "^kudos  (Kudos)" "$tmp/handlers.out" &&
    "$bin" handlers round >/dev/null 2>&1; then
    pass "my-roundtable knows kudos and the built-in handlers"
else
    fail "my-roundtable handlers"
    sed 's/^/      /' "$tmp/handlers.out"
fi
timed "my-roundtable validate kudos.yaml" validate "$bin" validate --quiet kudos.yaml

report="$tmp/kudos-report.md"
timed "my-roundtable run kudos.yaml with script.txt" run "$bin" run kudos.yaml -p Ana,Ben,Chen --input script.txt \
    --speed 1000 --report "$report" --sessions-dir "$tmp/sessions"
for line in \
    "- [kudos to Ben] pairing on the flaky test — Ana" \
    "- [kudos to Chen] the release notes — Ana" \
    "- [kudos to Ana] reviewing my first pull request — Ben" \
    "- [kudos to Ben] the demo — Chen" \
    "- proud — Ben"; do
    if grep -qF -- "$line" "$report" 2>/dev/null; then pass "report: $line"; else fail "report lacks: $line"; fi
done
if grep -qF "Kudos: Ben 2 · Ana 1 · Chen 1" "$tmp/run.log"; then
    pass "the room heard the tally"
else
    fail "no tally in the run's output"
fi

summary
