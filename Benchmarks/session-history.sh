#!/usr/bin/env bash
# What a team's past sessions cost `run` at start, measured against a team with none in
# the same run, with the same binary.
#
#   Benchmarks/session-history.sh                 1,000 past sessions, a 50 MB journal
#   BENCH_RUNS=10 BENCH_SESSIONS=200 BENCH_MB=10 Benchmarks/session-history.sh   a quick look
#
# The binary is a release build (`swift build -c release`, scratch path .build-bench-release;
# the ratios compare one binary with itself, so a static runtime would change nothing). Each case is
# a sessions folder made by Benchmarks/Support/sessions.py and a `run` of a one-step
# exercise of one second at --speed 10000 (`--input /dev/null`): load, the team's history,
# plan, a new journal, the step, the report. Cases:
#   - none:     the team has no past sessions (the reference);
#   - thousand: the team has 1,000 finished past sessions of 8 steps each;
#   - other:    the team has none, and the folder holds one 50 MB journal of another team.
# Targets: thousand ≤ 1.5× none; other ≤ 1.1× none (another team's journal costs nothing).
# Each case's peak memory (max RSS) is measured once. Prints the table and writes it, dated,
# to Benchmarks/RESULTS-session-history.md; exits non-zero only when something fails to build
# or run (a MISS is reported, not fatal).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${BENCH_RUNS:-40}
SESSIONS=${BENCH_SESSIONS:-1000}
MB=${BENCH_MB:-50}
WORK=$ROOT/Benchmarks/.work/session-history
RESULTS=$ROOT/Benchmarks/RESULTS-session-history.md
BIN=$ROOT/.build-bench-release/release/roundtable
TEAM=Ana,Ben,Chen,Dev
OTHER=Xia,Yan,Zoe,Wu

step() { printf '\n== %s ==\n' "$*" >&2; }
fail() { printf 'benchmark failed: %s\n' "$*" >&2; exit 1; }

command -v hyperfine >/dev/null || {
    echo "installing hyperfine with apt-get" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
}
HEAD_COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!Benchmarks' || echo "+changes")

step "release build of this tree ($HEAD_COMMIT)"
swift build -c release --scratch-path .build-bench-release --product roundtable 2>&1 \
    | grep -E "error|Build" >&2 || true
[ -x "$BIN" ] || fail "this tree did not build"

step "sessions folders: none, $SESSIONS past sessions, one $MB MB journal of another team"
rm -rf "$WORK"
mkdir -p "$WORK/none" "$WORK/thousand" "$WORK/other" "$WORK/home" "$WORK/out"
python3 Benchmarks/Support/sessions.py team "$WORK/thousand" "$SESSIONS" "$TEAM"
python3 Benchmarks/Support/sessions.py large "$WORK/other" "$MB" "$OTHER"
for folder in none thousand other; do touch -d '2024-06-01' "$WORK/$folder/.generated"; done
cat > "$WORK/bench.yaml" <<'YAML'
id: bench
title: Bench
roles: { facilitator: per-exercise, scribe: per-step }
steps:
  - id: only
    handler: timebox
    duration: 1s
YAML
cd "$WORK"
export HOME=$WORK/home XDG_DATA_HOME=$WORK/home/data
unset ROUNDTABLE_PATH ROUNDTABLE_SESSIONS
command_for() { echo "$BIN run bench.yaml -p $TEAM --speed 10000 --input /dev/null --sessions-dir $WORK/$1 --report $WORK/out/$1.md"; }
# A run adds a session; each measured run starts from the generated folder alone.
prepare_for() { echo "find $WORK/$1 -mindepth 1 -maxdepth 1 -newer $WORK/$1/.generated -exec rm -rf {} +"; }

step "checks: each case runs, and the team's history is read"
for folder in none thousand other; do
    $(command_for "$folder") >/dev/null || fail "run in $folder"
done
"$BIN" history -p "$TEAM" --sessions-dir "$WORK/thousand" | grep -q facilitator || fail "no history read from $SESSIONS sessions"

step "run start (hyperfine)"
hyperfine -N --style basic --warmup 3 --runs "$RUNS" --export-json "$WORK/times.json" \
    -n none --prepare "$(prepare_for none)" "$(command_for none)" \
    -n thousand --prepare "$(prepare_for thousand)" "$(command_for thousand)" \
    -n other --prepare "$(prepare_for other)" "$(command_for other)" >&2

step "peak memory"
for folder in none thousand other; do
    eval "$(prepare_for "$folder")"
    python3 - "$WORK/rss-$folder" $(command_for "$folder") <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL)
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
done
cd "$ROOT"

step "results"
python3 - "$WORK" "$RESULTS" "$HEAD_COMMIT" "$SESSIONS" "$MB" "$RUNS" <<'PY'
import datetime, json, os, platform, subprocess, sys
work, results, head, sessions, mb, runs = sys.argv[1:]
times = {r["command"]: r for r in json.load(open(os.path.join(work, "times.json")))["results"]}
rss = {k: int(open(os.path.join(work, f"rss-{k}")).read()) / 1024 for k in ("none", "thousand", "other")}
base = times["none"]["median"]
cores = os.cpu_count()
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
load = " ".join(open("/proc/loadavg").read().split()[:3])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
rows = [
    ("none", "a team with no past sessions (reference)", None),
    ("thousand", f"the team has {int(sessions):,} past sessions", 1.5),
    ("other", f"no past sessions; one {mb} MB journal of another team in the folder", 1.1),
]
lines = [
    "# Run start with a team's past sessions",
    "",
    f"Measured {now} by `Benchmarks/session-history.sh` on {platform.node()}: {cores} cores, "
    f"Linux {platform.release()}, {swift}; load average at start {load}.",
    "One release binary (`swift build -c release`) of this tree "
    f"({head}); each case is `roundtable run` of a one-step exercise at --speed 10000 from its own "
    "sessions folder (load, the team's history, plan, a new journal, the report); times are hyperfine "
    f"medians of {runs} runs, each from the generated folder alone.",
    "",
    "| Case | Median | Ratio to none | Target | Result | Peak memory |",
    "|---|---|---|---|---|---|",
]
table = []
for key, label, target in rows:
    median = times[key]["median"]
    ratio = median / base
    verdict = "reference" if target is None else ("PASS" if ratio <= target else "MISS")
    goal = "—" if target is None else f"≤ {target}×"
    lines.append(f"| {label} | {median * 1000:.1f} ms | {ratio:.2f} × | {goal} | {verdict} | {rss[key]:.0f} MB |")
lines += [
    "",
    "- The team's history is read from the first line (the header) of every journal, then only",
    "  from the team's own journals, and of those only their step records: another team's",
    "  journal costs one line however long it is.",
    "- The machine is shared: expect ±20% between runs.",
]
text = "\n".join(lines) + "\n"
open(results, "w").write(text)
print(text)
PY
