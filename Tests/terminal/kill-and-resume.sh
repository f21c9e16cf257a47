#!/usr/bin/env bash
# Kills `roundtable run` with SIGKILL at random moments of a scripted session, resumes it
# each time, and checks that the final report holds every line typed before each kill:
# all of them, in order, none twice. While the session lives, a second writer (a resume
# of it, with and without its id) is refused and leaves the journal as it was; two runs
# started together get two sessions.
#
# Lines are typed into a FIFO one at a time. A line counts as typed once the session has
# shown it (it is journaled before it is shown); a kill can also land while a line is on
# its way, and such a line may be kept or lost, but never doubled.
#
# Usage: Tests/terminal/kill-and-resume.sh [path/to/roundtable] [kills]
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:-$root/.build/debug/roundtable}
kills=${2:-24}
[ -x "$binary" ] || { echo "no binary at $binary; run swift build first" >&2; exit 2; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")  # the checks run in another folder

work=$(mktemp -d); echo "work: $work"
# Sessions stay in the work folder: never in the real home, never mixed with other sessions.
export ROUNDTABLE_SESSIONS="$work/sessions" HOME="$work/home" XDG_DATA_HOME="$work/home/data"
trap 'kill -9 $pid 2>/dev/null; exec 3>&- 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cd "$work"
mkfifo input

cat > drill.yaml <<'YAML'
id: kill-drill
title: Kill drill
roles:
  facilitator: per-exercise
  scribe: per-step
steps:
  - id: first
    handler: timebox
    duration: 2m
    timer: { on_zero: advance }
  - id: second
    handler: timebox
    duration: 2m
    config: { kind: idea }
    timer: { on_zero: advance }
  - id: third
    handler: timebox
    duration: 2m
    timer: { on_zero: advance }
  - id: fourth
    handler: timebox
    duration: 30m
YAML

RANDOM=${SEED:-42}
typed=()       # lines shown by the session before a kill: they must all be in the report
inflight=()    # lines sent when a kill landed: kept once or lost, never doubled
count=0
pid=0

start() {
    if [ "$1" = run ]; then
        "$binary" run drill.yaml -p Ana,Ben,Chen --speed 20 --input input --report report.md > "out.$2" 2>&1 &
    else
        "$binary" resume --input input --report report.md > "out.$2" 2>&1 &
    fi
    pid=$!
    exec 3<>input  # read-write: opening never blocks, even if the session failed to start
}

shown() { grep -qF -- "> $1" "out.$2" 2>/dev/null; }

failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# One writer per session: while a session lives, a second resume of it is refused (exit
# 75, naming the holder's pid) and leaves the journal alone: what was in it stays, byte
# for byte (the live session may have added records since).
concurrent() {
    local id journal size out status
    id=$(ls "$ROUNDTABLE_SESSIONS" | grep -v '\.jsonl$' | tail -1)
    journal="$ROUNDTABLE_SESSIONS/$id/journal.jsonl"
    cp "$journal" journal.before
    size=$(stat -c %s journal.before)
    for target in "$id" ""; do
        out=$("$binary" resume $target --input /dev/null --report other.md 2>&1); status=$?
        [ "$status" = 75 ] || fail "a second resume ${target:+of $target }exited with $status: $out"
        grep -q "in use by process $pid" <<< "$out" || fail "the refusal does not name process $pid: $out"
    done
    [ "$(stat -c %s "$journal")" -ge "$size" ] && cmp -s -n "$size" journal.before "$journal" \
        || fail "a refused resume changed the journal of $id"
    [ ! -e other.md ] || fail "a refused resume wrote a report"
}

for round in $(seq 1 "$kills"); do
    if [ "$round" = 1 ]; then start run "$round"; else start resume "$round"; fi
    if [ "$round" = 1 ] || [ "$round" = "$kills" ]; then
        # Once the session shows its first step it holds its lock.
        for _ in $(seq 250); do grep -q "Step 1/4" "out.$round" 2>/dev/null && break; sleep 0.02; done
        concurrent
    fi
    lines=$((RANDOM % 4 + 1))
    for _ in $(seq "$lines"); do
        count=$((count + 1))
        line="line $count of round $round"
        printf '%s\n' "$line" >&3
        if [ $((RANDOM % 5)) = 0 ]; then
            # Kill while this line is on its way.
            inflight+=("$line")
            break
        fi
        for _ in $(seq 100); do shown "$line" "$round" && break; sleep 0.02; done
        if shown "$line" "$round"; then typed+=("$line"); else inflight+=("$line"); fi
    done
    sleep "0.$((RANDOM % 6))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    exec 3>&-
done

# The last resume runs to the end: input closes, the remaining timers run out.
"$binary" resume --input /dev/null --speed 2000 --report report.md > out.final 2>&1
status=$?

[ "$status" = 0 ] || fail "the final resume exited with $status: $(tail -3 out.final)"
grep -q "^Finished Kill drill" out.final || fail "the session did not finish: $(tail -3 out.final)"
[ -f report.md ] || fail "no report"

# Every typed line once, in order; in-flight lines at most once.
previous=0
for line in "${typed[@]}"; do
    n=$(grep -cF -- "$line" report.md)
    [ "$n" = 1 ] || fail "'$line' is in the report $n times"
    at=$(grep -nF -- "$line" report.md | head -1 | cut -d: -f1)
    [ -z "$at" ] || [ "$at" -gt "$previous" ] || fail "'$line' is out of order"
    previous=${at:-$previous}
done
for line in "${inflight[@]}"; do
    n=$(grep -cF -- "$line" report.md)
    [ "$n" -le 1 ] || fail "in-flight '$line' is in the report $n times"
done
resumes=$(grep -l "Resumed at" out.[0-9]* out.final | wc -l)
[ "$resumes" -ge "$((kills - 1))" ] || fail "only $resumes of $((kills - 1)) resumes replayed the journal"

# Two runs started together in one folder: two sessions, each with one header.
mkdir together && cd together
for n in 1 2 3 4; do
    "$binary" run ../drill.yaml -p Ana,Ben,Chen --speed 10000 --input /dev/null --sessions-dir sessions --report "r$n.md" \
        > "out.$n" 2>&1 &
done
wait
sessions=$(ls sessions | grep -vc '\.jsonl$')
[ "$sessions" = 4 ] || fail "4 runs started together made $sessions sessions"
for journal in sessions/*/journal.jsonl; do
    headers=$(grep -c '"type":"session"' "$journal")
    [ "$headers" = 1 ] || fail "$journal has $headers headers"
done
cd ..

echo "kills: $kills, lines typed: ${#typed[@]}, in flight at a kill: ${#inflight[@]}, resumes: $resumes, runs together: $sessions"
if [ "$failed" = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
[ "$failed" = 0 ]
