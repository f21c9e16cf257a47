#!/usr/bin/env bash
# Checks `roundtable run` in a real terminal (tmux): the pinned header counts down,
# shows the role holders, typed lines land in the working area, /quit leaves the
# terminal as it was (normal screen, echo and line mode back), and the report is written.
#
# Usage: Tests/terminal/run-in-tmux.sh [path/to/roundtable]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:-$root/.build/debug/roundtable}
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }
[ -x "$binary" ] || { echo "no binary at $binary; run swift build first" >&2; exit 2; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")  # the checks run in another folder

work=$(mktemp -d)
# Sessions stay in the work folder: never in the real home, never mixed with other sessions.
export ROUNDTABLE_SESSIONS="$work/sessions" XDG_DATA_HOME="$work/data"
session="roundtable-check-$$"
socket="$work/tmux.sock"
tmx() { tmux -S "$socket" "$@"; }
cleanup() { tmx kill-server >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/check.yaml" <<'YAML'
id: terminal-check
title: Terminal check
roles:
  facilitator: per-exercise
  timekeeper: per-step
steps:
  - id: talk
    title: Open talk
    handler: timebox
    duration: 5m
    prompt: "Type anything; \e]0;owned\a is not a title."
YAML

passed=0
failed=0
check() {
    local what=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok   $what"; else failed=$((failed + 1)); echo "FAIL $what"; fi
}
screen() { tmx capture-pane -p -J -t "$session"; }
left() { screen | sed -n 's/.* \([0-9]*:[0-9][0-9]\) left.*/\1/p' | head -1; }
seconds() { local t=$1; echo $(( 10#${t%%:*} * 60 + 10#${t##*:} )); }

# The pane runs a shell that records the terminal settings before and after the session.
tmx new-session -d -s "$session" -x 100 -y 30 \
    "cd '$work' && before=\$(stty -g); ROUNDTABLE_SESSIONS='$work/sessions' TERM=xterm-256color '$binary' run check.yaml -p Ana,Ben,Chen --report report.md; code=\$?; after=\$(stty -g); [ \"\$before\" = \"\$after\" ] && echo TTY-RESTORED; echo EXIT=\$code; sleep 30"

wait_for() {
    local pattern=$1 tries=${2:-50}
    for _ in $(seq "$tries"); do
        if screen | grep -q -- "$pattern"; then return 0; fi
        sleep 0.1
    done
    return 1
}

check "the header appears" wait_for "ROUNDTABLE"
first=$(left)
sleep 2.2
second=$(left)
check "the countdown shows a time ($first)" test -n "$first"
check "the countdown decreases between captures ($first -> $second)" test "$(seconds "${second:-0:00}")" -lt "$(seconds "${first:-0:00}")"
check "the header names the role holders" bash -c "tmux -S '$socket' capture-pane -p -t '$session' | grep -q 'Facilitator: .* · Timekeeper: '"
check "the header is pinned to the top row" bash -c "tmux -S '$socket' capture-pane -p -t '$session' | head -1 | grep -q ROUNDTABLE"
check "an escape sequence from the file is shown neutralised" bash -c "tmux -S '$socket' capture-pane -p -t '$session' | grep -q '␛]0;owned'"

tmx send-keys -t "$session" "the first line typed" Enter
check "a typed line lands in the working area" wait_for "> the first line typed"
check "the typed line is recorded" wait_for "note: the first line typed"
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26; do
    tmx send-keys -t "$session" "filler line $_" Enter
done
check "the header stays pinned while the working area scrolls" bash -c "sleep 0.5; tmux -S '$socket' capture-pane -p -t '$session' | head -1 | grep -q ROUNDTABLE"

tmx send-keys -t "$session" "/pause" Enter
check "/pause shows PAUSED in the header" wait_for "PAUSED with"
tmx send-keys -t "$session" "/resume" Enter
check "/resume takes the PAUSED mark away" bash -c "for i in \$(seq 30); do tmux -S '$socket' capture-pane -p -t '$session' | grep -q 'PAUSED with' || exit 0; sleep 0.1; done; exit 1"

tmx send-keys -t "$session" "/quit" Enter
check "the session ends with exit 0" wait_for "EXIT=0"
check "the terminal settings are restored" wait_for "TTY-RESTORED" 5
check "the header is gone (normal screen back)" bash -c "! tmux -S '$socket' capture-pane -p -t '$session' | grep -q ROUNDTABLE"
check "the summary and report path are printed" wait_for "Report: report.md" 5
check "the report holds the typed lines" grep -q "the first line typed" "$work/report.md"
check "the report holds the last typed line" grep -q "filler line 26" "$work/report.md"

# A second session: the window is resized, then Ctrl-C stops it; the terminal comes back
# clean and the session can be resumed.
tmx kill-session -t "$session" 2>/dev/null || true
tmx new-session -d -s "$session" -x 100 -y 30 \
    "cd '$work' && before=\$(stty -g); ROUNDTABLE_SESSIONS='$work/sessions' TERM=xterm-256color '$binary' run check.yaml -p Ana,Ben,Chen --report report2.md; code=\$?; after=\$(stty -g); [ \"\$before\" = \"\$after\" ] && echo TTY-RESTORED; echo EXIT=\$code; sleep 30"
check "the second session starts" wait_for "ROUNDTABLE"
# Narrower than 50 columns the header switches to its compact form: the time in words
# moves up to the third row, which only a redraw after the resize can do.
tmx resize-window -t "$session" -x 45 -y 20 2>/dev/null || tmx resize-pane -t "$session" -x 45 -y 20
sleep 1.5
check "after a resize the header is redrawn for the new size" bash -c "tmux -S '$socket' capture-pane -p -t '$session' | sed -n 3p | grep -q ' left'"
tmx send-keys -t "$session" "typed before ctrl-c" Enter
check "a line is taken after the resize" wait_for "> typed before ctrl-c"
tmx send-keys -t "$session" C-c
check "Ctrl-C ends the session with exit 0" wait_for "EXIT=0"
check "Ctrl-C leaves the terminal settings restored" wait_for "TTY-RESTORED" 5
check "Ctrl-C leaves a resumable session" wait_for "can be resumed" 5
check "the line typed before Ctrl-C is in the report" grep -q "typed before ctrl-c" "$work/report2.md"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
