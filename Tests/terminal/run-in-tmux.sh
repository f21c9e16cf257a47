#!/usr/bin/env bash
# Checks `roundtable run` in a real terminal (tmux): the pinned header counts down,
# shows the role holders, typed lines land in the working area, /quit leaves the
# terminal as it was (normal screen, echo and line mode back), and the report is written.
# Then the screen drawn from state, at 80x24, 120x35 and 200x55: a retro board of 30 cards
# and a vote on 20 items are on screen or reachable with PgUp/PgDn, before and after
# resizes, and the countdown's digits grow with the terminal.
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

# The screen drawn from state: a board of 30 cards, then a vote on 20 items, at three sizes.
fixtures=$root/Tests/terminal/fixtures
cp "$fixtures/screen-check.yaml" "$work/"
tmx kill-session -t "$session" 2>/dev/null || true
tmx new-session -d -s "$session" -x 80 -y 24 \
    "cd '$work' && ROUNDTABLE_SESSIONS='$work/sessions' TERM=xterm-256color '$binary' run screen-check.yaml -p Ana,Ben,Chen,Dev --report report3.md; echo EXIT=\$?; sleep 30"
check "the board session starts" wait_for "Start (0)"
resize() { tmx resize-window -t "$session" -x "$1" -y "$2" 2>/dev/null || tmx resize-pane -t "$session" -x "$1" -y "$2"; sleep 0.8; }
# Every page of the step's board or items, captured one after another into $1.
pages() {
    local out=$1 count
    screen > "$out"
    count=$(screen | sed -n 's/.* page [0-9]*\/\([0-9]*\) .*/\1/p' | head -1)
    count=${count:-1}
    for _ in $(seq "$count"); do tmx send-keys -t "$session" PPage; done
    sleep 0.4
    screen >> "$out"
    for _ in $(seq "$count"); do tmx send-keys -t "$session" NPage; sleep 0.25; screen >> "$out"; done
}
# all_there FILE PREFIX N: PREFIX-01 … PREFIX-N are all in FILE.
all_there() {
    local i missing=""
    for i in $(seq -f %02g 1 "$3"); do grep -q -- "$2-$i" "$1" || missing="$missing $2-$i"; done
    [ -z "$missing" ] || { echo "     missing:$missing" >&2; return 1; }
}
numbers_there() {
    local i
    for i in $(seq 1 "$2"); do grep -Eq "(^| )$i\. " "$1" || { echo "     no item number $i" >&2; return 1; }; done
}
digit_rows() { screen | head -16 | grep -cE '^  [ █▀▄]*[█▀▄]' || true; }

while IFS= read -r line; do
    tmx send-keys -t "$session" -l "$line"
    tmx send-keys -t "$session" Enter
done < "$fixtures/cards.txt"
check "30 cards reach the board" wait_for "card-30"
for size in 80x24 120x35 200x55; do
    resize "${size%x*}" "${size#*x}"
    pages "$work/board-$size.txt"
    check "at $size every card is on screen or a page away" all_there "$work/board-$size.txt" card 30
    eval "digits_$size=$(digit_rows)"
done
check "the digits grow with the terminal (rows: $digits_80x24 < $digits_120x35 < $digits_200x55)" \
    test "$digits_80x24" -ge 3 -a "$digits_120x35" -gt "$digits_80x24" -a "$digits_200x55" -gt "$digits_120x35"
resize 60 15
check "at 60x15 the countdown is one line with the time and the slip" \
    bash -c "tmux -S '$socket' capture-pane -p -t '$session' | sed -n 3p | grep -Eq '^ [0-9]+:[0-9]{2} .*(on time|ahead|behind)'"
check "at 60x15 no word of the countdown line is cut" bash -c "! tmux -S '$socket' capture-pane -p -t '$session' | sed -n 3p | grep -q '…'"
pages "$work/board-60x15.txt"
check "at 60x15 every card is still a page away" all_there "$work/board-60x15.txt" card 30
resize 80 24
pages "$work/board-back.txt"
check "after the resizes no card is lost" all_there "$work/board-back.txt" card 30

tmx send-keys -t "$session" "/next" Enter
check "the vote shows its items" wait_for "option-01"
for ballot in "1 1 20" "2 3 17" "20 19 18"; do
    tmx send-keys -t "$session" "$ballot" Enter
done
check "the vote shows who is awaited" wait_for "3 of 4 have voted — waiting for Dev"
for size in 80x24 120x35 200x55; do
    resize "${size%x*}" "${size#*x}"
    pages "$work/vote-$size.txt"
    check "at $size every item is on screen or a page away" all_there "$work/vote-$size.txt" option 20
    check "at $size every item number is on screen or a page away" numbers_there "$work/vote-$size.txt" 20
done
check "the tallies are live (item 20 has 2 dots)" bash -c "grep -Eq 'option-20\).* 2\$' '$work/vote-200x55.txt'"
tmx send-keys -t "$session" "/quit" Enter
check "the board session ends with exit 0" wait_for "EXIT=0"
check "the board's cards are in the report" grep -q "card-30" "$work/report3.md"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
