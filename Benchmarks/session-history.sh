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
#   - other:    the team has none, and the folder holds one 50 MB journal of another team;
#   - cold:     the 1,000 sessions again with no history index (the first run after an upgrade).
# Targets: thousand ≤ 1.5× none; other ≤ 1.1× none (another team's journal costs nothing).
# The cases are interleaved round by round (python3 timing each run), which keeps the drift
# of a shared machine's load out of the ratios.
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
# A run adds a session; each measured run starts from the generated folder alone (the
# generated sessions' ids start with 2024, those of the runs with this year).
prepare_for() { echo "find $WORK/$1 -mindepth 1 -maxdepth 1 -type d ! -name '2024*' -exec rm -rf {} +"; }

step "checks: each case runs, and the team's history is read"
for folder in none thousand other; do
    $(command_for "$folder") >/dev/null || fail "run in $folder"
done
"$BIN" history -p "$TEAM" --sessions-dir "$WORK/thousand" | grep -q facilitator || fail "no history read from $SESSIONS sessions"

step "run start: $RUNS rounds, the four cases interleaved in each"
# Interleaved rather than one hyperfine block per case: on a shared machine the load drifts
# over minutes, and blocks measured one after another compared the drift (a first try with
# hyperfine put the reference 2× slower than 1,000 sessions). Each round times every case
# once, in turn, from its generated folder alone; wall and CPU time (user + system) are kept.
python3 - "$WORK" "$RUNS" "$BIN" "$TEAM" <<'PY'
import json, os, resource, shutil, subprocess, sys, time
work, runs, binary, team = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
cases = ["none", "thousand", "other", "cold"]
def clean(case):
    folder = os.path.join(work, case)
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not name.startswith("2024"):
            shutil.rmtree(path)
def once(case):
    # cold: the thousand sessions with no index yet (the first run after an upgrade).
    folder = "thousand" if case == "cold" else case
    clean(folder)
    if case == "cold" and os.path.exists(os.path.join(work, folder, ".history-index.tsv")):
        os.remove(os.path.join(work, folder, ".history-index.tsv"))
    command = [binary, "run", "bench.yaml", "-p", team, "--speed", "10000", "--input", "/dev/null",
               "--sessions-dir", os.path.join(work, folder), "--report", os.path.join(work, "out", case + ".md")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu
for case in cases:  # warm-up: caches, and each folder's history index
    for _ in range(3): once(case)
times = {case: {"wall": [], "cpu": []} for case in cases}
for _ in range(runs):
    for case in cases:
        wall, cpu = once(case)
        times[case]["wall"].append(wall)
        times[case]["cpu"].append(cpu)
json.dump(times, open(os.path.join(work, "times.json"), "w"))
PY

step "checks after the rounds: the generated sessions are all there, and a run plans with them"
count=$(find "$WORK/thousand" -mindepth 1 -maxdepth 1 -type d -name '2024*' | wc -l)
[ "$count" -eq "$SESSIONS" ] || fail "the thousand folder holds $count generated sessions, not $SESSIONS"
"$BIN" show bench.yaml -p "$TEAM" --sessions-dir "$WORK/thousand" 2>/dev/null | grep -q "of the last $SESSIONS sessions" \
    || fail "show does not plan with the $SESSIONS past sessions"
"$BIN" show bench.yaml -p "$TEAM" --sessions-dir "$WORK/other" 2>/dev/null | grep -q "no recorded session of this team" \
    || fail "another team's journal counted for this team"

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
import datetime, json, os, platform, statistics, subprocess, sys
work, results, head, sessions, mb, runs = sys.argv[1:]
times = json.load(open(os.path.join(work, "times.json")))
median = lambda values: statistics.median(values)
rss = {k: int(open(os.path.join(work, f"rss-{k}")).read()) / 1024 for k in ("none", "thousand", "other")}
rss["cold"] = rss["thousand"]
base = median(times["none"]["wall"])
base_cpu = median(times["none"]["cpu"])
cores = os.cpu_count()
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
load = " ".join(open("/proc/loadavg").read().split()[:3])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
rows = [
    ("none", "a team with no past sessions (reference)", None),
    ("thousand", f"the team has {int(sessions):,} past sessions", 1.5),
    ("other", f"no past sessions; one {mb} MB journal of another team in the folder", 1.1),
    ("cold", f"{int(sessions):,} past sessions, no index yet (first run after an upgrade)", None),
]
lines = [
    "# Run start with a team's past sessions",
    "",
    f"Measured {now} by `Benchmarks/session-history.sh` on {platform.node()}: {cores} cores, "
    f"Linux {platform.release()}, {swift}; load average at start {load}.",
    "One release binary (`swift build -c release`) of this tree "
    f"({head}); each case is `roundtable run` of a one-step exercise at --speed 10000 from its own "
    "sessions folder (load, the team's history, plan, a new journal, the report), each run from the "
    f"generated folder alone; medians of {runs} rounds, the four cases interleaved in each round. "
    "CPU is user + system time.",
    "",
    "| Case | Wall (median) | Ratio to none | CPU (median) | CPU ratio | Target | Result | Peak memory |",
    "|---|---|---|---|---|---|---|---|",
]
table = []
for key, label, target in rows:
    wall = median(times[key]["wall"])
    cpu = median(times[key]["cpu"])
    ratio = wall / base
    verdict = ("reference" if key == "none" else "—") if target is None else ("PASS" if ratio <= target else "MISS")
    goal = "—" if target is None else f"≤ {target}×"
    lines.append(f"| {label} | {wall * 1000:.1f} ms | {ratio:.2f} × | {cpu * 1000:.1f} ms | {cpu / base_cpu:.2f} × "
                 f"| {goal} | {verdict} | {rss[key]:.0f} MB |")
lines += [
    "",
    "- A run keeps a history index in the sessions folder (`.history-index.tsv`: per journal its",
    "  size, time, team and role counts) and opens only journals changed since; a changed one has",
    "  its header line read, and only for the run's own team its step records. Another team's",
    "  journal costs a `stat` however long it is. Before this (issue 14), a 50 MB journal in the",
    "  folder cost every `run` 3.6 s and 264 MB.",
    "- The machine is shared: expect ±20% between runs.",
    "- The first run of a folder builds its index (it reads the 50 MB journal's header line and",
    "  the 1,000 journals once); the rounds measured come after three warm-up runs per case.",
]
text = "\n".join(lines) + "\n"
open(results, "w").write(text)
print(text)
PY
