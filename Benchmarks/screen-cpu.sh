#!/usr/bin/env bash
# Idle CPU of a live session at real speed with a 60-card board on screen, against termdown
# counting down in the same minute, both in tmux at 200x55.
#
#   Benchmarks/screen-cpu.sh ROUNDTABLE TERMDOWN [seconds=60]
#
# Prints `key value` lines: roundtable_cpu_ms, termdown_cpu_ms, seconds, cards_on_screen.
# CPU is user + system time from /proc/PID/stat over the window, after both have settled.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
roundtable=$1
termdown=$2
seconds=${3:-60}
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }
[ -x "$roundtable" ] && [ -x "$termdown" ] || { echo "usage: $0 ROUNDTABLE TERMDOWN [seconds]" >&2; exit 2; }
roundtable=$(cd "$(dirname "$roundtable")" && pwd)/$(basename "$roundtable")
termdown=$(cd "$(dirname "$termdown")" && pwd)/$(basename "$termdown")

work=$(mktemp -d)
socket=$work/tmux.sock
tmx() { tmux -S "$socket" "$@"; }
cleanup() { tmx kill-server >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
cp "$root/Tests/terminal/fixtures/screen-check.yaml" "$work/"
columns=(start stop continue)
texts=("Pair on reviews" "Write the test first" "Demo to the users" "Long stand-ups" "Merging on Fridays")
for i in $(seq 1 60); do
    printf '%s: %s (card-%02d)\n' "${columns[$(( (i - 1) % 3 ))]}" "${texts[$(( (i - 1) % 5 ))]}" "$i"
done > "$work/cards.txt"

# Each pane runs its program directly (exec), so the pane's process is the one measured.
tmx new-session -d -s rt -x 200 -y 55 \
    "cd '$work' && exec env ROUNDTABLE_SESSIONS='$work/sessions' TERM=xterm-256color '$roundtable' run screen-check.yaml -p Ana,Ben,Chen,Dev --report '$work/report.md'"
tmx new-session -d -s td -x 200 -y 55 "exec env TERM=xterm-256color '$termdown' 30m"
wait_for() {
    for _ in $(seq 100); do tmx capture-pane -p -t rt 2>/dev/null | grep -q -- "$1" && return 0; sleep 0.1; done
    echo "the session never showed '$1'" >&2; exit 1
}
wait_for "Start (0)"
while IFS= read -r line; do
    tmx send-keys -t rt -l "$line"
    tmx send-keys -t rt Enter
done < "$work/cards.txt"
wait_for "card-60"
sleep 2

pid() { tmx list-panes -t "$1" -F '#{pane_pid}'; }
# user + system clock ticks of a process (fields 14 and 15 of /proc/PID/stat, after the name).
ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rp=$(pid rt) tp=$(pid td)
r0=$(ticks "$rp") t0=$(ticks "$tp")
sleep "$seconds"
r1=$(ticks "$rp") t1=$(ticks "$tp")
hz=$(getconf CLK_TCK)
on_screen=$(tmx capture-pane -p -t rt | grep -o 'card-[0-9]*' | sort -u | wc -l)
echo "roundtable_cpu_ms $(( (r1 - r0) * 1000 / hz ))"
echo "termdown_cpu_ms $(( (t1 - t0) * 1000 / hz ))"
echo "seconds $seconds"
echo "cards_on_screen $on_screen"
