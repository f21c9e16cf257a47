#!/usr/bin/env bash
# Runs a session whose journal fills a small disk (a 64 KiB tmpfs) and checks that the
# journal holds only whole records — no torn line in the middle — that the session still
# ends with its report, and that once there is room again the session's journal reads
# without a warning and can be written on.
#
# Mounting needs root (CI runs as root); anywhere else the check says so and passes.
#
# Usage: Tests/terminal/disk-full.sh [path/to/roundtable]
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:-$root/.build/debug/roundtable}
[ -x "$binary" ] || { echo "no binary at $binary; run swift build first" >&2; exit 2; }
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")

if [ "$(id -u)" != 0 ]; then echo "skipped: mounting a small tmpfs needs root"; exit 0; fi
work=$(mktemp -d); echo "work: $work"
# Nothing goes to the real home.
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" ROUNDTABLE_SESSIONS="$work/disk/sessions"
mkdir "$work/disk"
if ! mount -t tmpfs -o size=64k tmpfs "$work/disk" 2>/dev/null; then
    echo "skipped: cannot mount a tmpfs here"; rm -rf "$work"; exit 0
fi
trap 'umount "$work/disk" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cd "$work"

cat > ideas.yaml <<'YAML'
id: ideas
title: Many ideas
steps:
  - id: ideas
    handler: timebox
    duration: 10m
    config: { kind: idea }
YAML
# About 150 KB of typed ideas for a 64 KiB disk.
for n in $(seq 500); do printf 'idea %d %s\n' "$n" "$(printf 'x%.0s' $(seq 280))"; done > input.txt
echo "/next" >> input.txt

failed=0
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

"$binary" run ideas.yaml -p Ana,Ben --input input.txt --speed 1000 --sessions-dir disk/sessions --report report.md \
    > out.txt 2>&1
status=$?
[ "$status" = 0 ] || fail "the session exited with $status: $(tail -3 out.txt)"
grep -q "The session journal cannot be written" out.txt || fail "the room was not told that the journal is full"
[ -f report.md ] && grep -q "idea 500" report.md || fail "the report lacks what was typed after the disk filled"

id=$(ls disk/sessions | grep -v '\.jsonl$' | head -1)
journal="disk/sessions/$id/journal.jsonl"
[ -s "$journal" ] || fail "no journal"
[ "$(tail -c 1 "$journal" | od -An -c | tr -d ' ')" = '\n' ] || fail "the journal ends in a torn record"
"$binary" report "$id" --sessions-dir disk/sessions > full.md 2> full.err || fail "report of the full journal failed: $(cat full.err)"
! grep -q "warning" full.err || fail "the full journal has damaged lines: $(head -3 full.err)"

# Room again: the session goes on being written, and its journal stays whole.
mount -o remount,size=1m "$work/disk" || fail "cannot make room on the tmpfs"
if ! tail -1 "$journal" | grep -q '"type":"finished"'; then
    "$binary" resume "$id" --input /dev/null --speed 10000 --sessions-dir disk/sessions --report report2.md > resume.txt 2>&1 \
        || fail "resume after making room failed: $(tail -3 resume.txt)"
fi
"$binary" report "$id" --sessions-dir disk/sessions > after.md 2> after.err || fail "report after making room failed"
! grep -q "warning" after.err || fail "damaged lines after making room: $(head -3 after.err)"
records=$(wc -l < "$journal")

echo "journal: $(stat -c %s "$journal") bytes, $records whole records; the report holds all 500 ideas"
if [ "$failed" = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
[ "$failed" = 0 ]
