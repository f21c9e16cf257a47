#!/usr/bin/env bash
# Startup with the library built into the binary, against a reference binary from another
# commit (by default `main`), both built and measured side by side in this run.
#
#   Benchmarks/startup-library.sh            compare with main
#   Benchmarks/startup-library.sh COMMIT     compare with any commit, tag or branch
#   BENCH_RUNS=100 Benchmarks/startup-library.sh   fewer runs of `--version` (default 300)
#
# Both binaries are built as the README installs them (`swift build -c release
# --static-swift-stdlib`): this work tree into .build-bench-static (shared with run.sh), the
# reference from `git archive COMMIT` into Benchmarks/.work/ref with its own scratch path.
# Both run from an empty folder with an empty HOME:
#   - `roundtable --version`;
#   - `roundtable list`: this binary with nothing set (the built-in library), the reference
#     with ROUNDTABLE_PATH pointing at its own Exercises/ (how it was installed).
# Target: each command at most 1.3× the reference. Prints the table and writes it, dated,
# to Benchmarks/RESULTS-startup-library.md; exits non-zero only when something fails to
# build or run (a MISS is reported, not fatal).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REF=${1:-main}
RUNS=${BENCH_RUNS:-300}
WORK=$ROOT/Benchmarks/.work/startup-library
RESULTS=$ROOT/Benchmarks/RESULTS-startup-library.md
NEW=$ROOT/.build-bench-static/release/roundtable
OLD=$ROOT/.build-bench-ref/release/roundtable

step() { printf '\n== %s ==\n' "$*" >&2; }
fail() { printf 'benchmark failed: %s\n' "$*" >&2; exit 1; }

command -v hyperfine >/dev/null || {
    echo "installing hyperfine with apt-get" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
}
REF_COMMIT=$(git rev-parse --verify "$REF^{commit}") || fail "no commit '$REF'"
HEAD_COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!Benchmarks' || echo "+changes")

step "release builds: this tree ($HEAD_COMMIT) and the reference ($REF at ${REF_COMMIT:0:7})"
# The reference's sources are kept between runs of the same commit, so its build is incremental.
if [ "$(cat "$WORK/ref/.commit" 2>/dev/null)" != "$REF_COMMIT" ]; then
    rm -rf "$WORK/ref"
    mkdir -p "$WORK/ref"
    git archive "$REF_COMMIT" | tar -x -C "$WORK/ref"
    echo "$REF_COMMIT" > "$WORK/ref/.commit"
fi
rm -rf "$WORK/empty" "$WORK/home"
mkdir -p "$WORK/empty" "$WORK/home"
# The same dependency versions as this tree, so only our code differs.
[ -f Package.resolved ] && cp Package.resolved "$WORK/ref/"
swift build -c release --static-swift-stdlib --scratch-path .build-bench-static --product roundtable 2>&1 \
    | grep -E "error|Build" >&2 || true
[ -x "$NEW" ] || fail "this tree did not build"
(cd "$WORK/ref" && swift build -c release --static-swift-stdlib --scratch-path "$ROOT/.build-bench-ref" --product roundtable 2>&1 \
    | grep -E "error|Build" >&2 || true)
[ -x "$OLD" ] || fail "the reference did not build"

step "checks: both binaries list a library from an empty folder"
cd "$WORK/empty"
export HOME=$WORK/home XDG_DATA_HOME=$WORK/home/data
unset ROUNDTABLE_PATH ROUNDTABLE_SESSIONS
new_count=$("$NEW" list --format json | grep -c '"id"')
old_count=$(ROUNDTABLE_PATH=$WORK/ref/Exercises "$OLD" list --format json | grep -c '"id"')
echo "this tree lists $new_count entries with nothing set; the reference lists $old_count with ROUNDTABLE_PATH" >&2
[ "$new_count" -gt 0 ] && [ "$old_count" -gt 0 ] || fail "a binary lists no library"

step "startup (hyperfine: the reference, then this tree)"
hyperfine -N --style basic --warmup 30 --runs "$RUNS" --export-json "$WORK/version.json" \
    -n "reference --version" "$OLD --version" -n "embedded --version" "$NEW --version" >&2
# `list` once per binary, each with its own environment (an `env` wrapper would add its own start-up).
LIST_RUNS=$((RUNS / 5 > 20 ? RUNS / 5 : 20))
ROUNDTABLE_PATH=$WORK/ref/Exercises hyperfine -N --style basic --warmup 5 --runs "$LIST_RUNS" \
    --export-json "$WORK/list-ref.json" -n "reference list" "$OLD list" >&2
hyperfine -N --style basic --warmup 5 --runs "$LIST_RUNS" --export-json "$WORK/list-new.json" -n "embedded list" "$NEW list" >&2
cd "$ROOT"

step "results"
python3 - "$WORK" "$RESULTS" "$REF" "$REF_COMMIT" "$HEAD_COMMIT" "$new_count" "$old_count" <<'PY'
import datetime, json, os, platform, statistics, subprocess, sys
work, results, ref, ref_commit, head, new_count, old_count = sys.argv[1:]

def medians(name):
    with open(os.path.join(work, name)) as f:
        data = json.load(f)["results"]
    return [(r["command"], statistics.median(r["times"]), len(r["times"])) for r in data]

pairs = [("`roundtable --version`", medians("version.json")),
         ("`roundtable list`", medians("list-ref.json") + medians("list-new.json"))]
rows = []
for label, ((_, old, n), (_, new, _)) in pairs:
    ratio = new / old
    rows.append(f"| {label} | {new * 1000:.1f} ms | {old * 1000:.1f} ms | {ratio:.2f} × | ≤ 1.3× | {'PASS' if ratio <= 1.3 else 'MISS'} | {n} |")
cores = os.cpu_count()
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
swift = swift[0] if swift else "swift"
load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"]
text = f"""# Startup with the built-in library

Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by `Benchmarks/startup-library.sh` on {platform.node()}: {cores} cores, {platform.system()} {platform.release()}, {swift}; load average at start {' '.join(load)}.
Both binaries were built in this run with `swift build -c release --static-swift-stdlib` and run
from an empty folder with an empty HOME; times are hyperfine medians. This tree: {head}. Reference:
`{ref}` at {ref_commit[:7]}.

| Command | Built-in library | Reference | Ratio | Target | Result | Runs |
|---|---|---|---|---|---|---|
""" + "\n".join(rows) + f"""

- `list` of the reference reads its `Exercises/` from disk through `ROUNDTABLE_PATH` (its
  documented install); this tree parses the same files from string literals in the binary
  ({new_count} entries listed against {old_count}).
- The machine is shared: expect ±20% between runs.
"""
open(results, "w").write(text)
print(text)
PY
