#!/usr/bin/env bash
# Screenshots of the live screen for the README: drives the real binary in tmux at 80x24,
# 120x35 and 200x55 through a retro board of 30 cards and a dot vote on 20 items
# (Tests/terminal/fixtures), captures each screen with `tmux capture-pane -e -p`, turns it
# into HTML with `aha` and renders a PNG with headless chromium.
#
# Usage: Scripts/screenshots.sh [path/to/roundtable] [output folder, default docs/images]
#
# Needs tmux and aha (`apt-get install tmux aha`); without chromium the HTML is kept and
# the PNG step is skipped with a message (`apt-get install chromium` to render).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-$root/.build/debug/roundtable}
out=${2:-$root/docs/images}
command -v tmux >/dev/null || { echo "tmux is not installed (apt-get install tmux)" >&2; exit 2; }
command -v aha >/dev/null || { echo "aha is not installed (apt-get install aha)" >&2; exit 2; }
[ -x "$binary" ] || { echo "no binary at $binary; run swift build first" >&2; exit 2; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
chromium=$(command -v chromium || command -v chromium-browser || true)
mkdir -p "$out"
out=$(cd "$out" && pwd)

work=$(mktemp -d)
socket="$work/tmux.sock"
session="roundtable-shots-$$"
tmx() { tmux -S "$socket" "$@"; }
cleanup() { tmx kill-server >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
fixtures=$root/Tests/terminal/fixtures
cp "$fixtures/screen-check.yaml" "$work/"

wait_for() {
    for _ in $(seq 100); do
        tmx capture-pane -p -t "$session" | grep -q -- "$1" && return 0
        sleep 0.1
    done
    echo "the screen never showed '$1'" >&2
    return 1
}

# shot NAME COLUMNS ROWS: the pane as HTML (and PNG when chromium is there).
shot() {
    local name=$1 columns=$2 rows=$3
    sleep 0.3
    tmx capture-pane -e -p -t "$session" > "$work/$name.ansi"
    {
        printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        printf 'body{margin:0;background:#000;color:#ddd}'
        printf 'pre{margin:10px;font:15px/18px "DejaVu Sans Mono",monospace}</style></head><body><pre>'
        aha --black --no-header < "$work/$name.ansi"
        printf '</pre></body></html>\n'
    } > "$work/$name.html"
    if [ -n "$chromium" ]; then
        # DejaVu Sans Mono at 15 px is 9.03 px wide; 18 px lines keep the block digits whole.
        local width=$(( columns * 903 / 100 + 24 )) height=$(( rows * 18 + 20 ))
        "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
            --default-background-color=000000ff --window-size="$width,$height" \
            --screenshot="$out/$name.png" "file://$work/$name.html" >/dev/null 2>&1 \
            || { echo "chromium could not render $name" >&2; return 1; }
        echo "$out/$name.png"
    else
        cp "$work/$name.html" "$out/$name.html"
        echo "$out/$name.html (chromium missing: PNG skipped; apt-get install chromium)"
    fi
}

for size in 80x24 120x35 200x55; do
    columns=${size%x*} rows=${size#*x}
    tmx kill-session -t "$session" 2>/dev/null || true
    rm -rf "$work/sessions"
    tmx new-session -d -s "$session" -x "$columns" -y "$rows" \
        "cd '$work' && ROUNDTABLE_SESSIONS='$work/sessions' TERM=xterm-256color '$binary' run screen-check.yaml -p Ana,Ben,Chen,Dev --report report.md; sleep 30"
    wait_for "Start (0)"
    while IFS= read -r line; do
        tmx send-keys -t "$session" -l "$line"
        tmx send-keys -t "$session" Enter
    done < "$fixtures/cards.txt"
    wait_for "card-30"
    shot "board-$size" "$columns" "$rows"
    tmx send-keys -t "$session" "/next" Enter
    wait_for "option-01"
    for ballot in "1 1 20" "2 3 17" "20 19 18"; do tmx send-keys -t "$session" "$ballot" Enter; done
    wait_for "waiting for Dev"
    shot "vote-$size" "$columns" "$rows"
    tmx send-keys -t "$session" "/quit" Enter
done
