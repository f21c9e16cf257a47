#!/usr/bin/env bash
# Roundtable benchmarks: builds release, measures against references in the same run,
# prints the table and writes it with the date to Benchmarks/RESULTS.md.
#
#   Benchmarks/run.sh            everything (10-15 minutes on 2 busy cores, the release builds included)
#   BENCH_RUNS=3 Benchmarks/run.sh        fewer repetitions of the slow commands
#   BENCH_TIMER_STEPS=10 Benchmarks/run.sh  a shorter timer run (the record uses 60)
#   BENCH_DYNAMIC=0 Benchmarks/run.sh     skip the informative build linked to the shared Swift runtime
#   BENCH_SCREEN_SECONDS=60 Benchmarks/run.sh  the idle-CPU window of the live screen vs termdown
#
# roundtable is measured as the README installs it: `Scripts/build-release.sh` (`swift build
# -c release --static-swift-stdlib`, libyaml's static archive linked in). The references are built here: hello world with plain `swiftc -O`
# (and, for information, with -static-stdlib), and a C program against Debian's libyaml.
#
# Each target is printed PASS or MISS; the script exits 0 either way (RESULTS.md is the
# record) and non-zero only when something fails to build or run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/Benchmarks/.work
DATA=$WORK/data
M=$WORK/measurements.json
RUNS=${BENCH_RUNS:-5}
TIMER_STEPS=${BENCH_TIMER_STEPS:-60}
GROWTH_TIMEOUT=${BENCH_GROWTH_TIMEOUT:-180}
RESULTS=$ROOT/Benchmarks/RESULTS.md
R=$ROOT/.build-bench-static/release/roundtable
RD=$ROOT/.build-bench-release/release/roundtable
T=$ROOT/.build-bench-timer/release/TimerAccuracy
PY=python3

step() { printf '\n== %s ==\n' "$*" >&2; }
fail() { printf 'benchmark failed: %s\n' "$*" >&2; exit 1; }
record() { $PY "$ROOT"/Benchmarks/Support/results.py set "$M" "$1" "$2"; }
# `key value` lines of TimerAccuracy → the value of one key.
field() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# ---------------------------------------------------------------- tools
step "tools"
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v tmux >/dev/null || missing+=(tmux)
[ -x /usr/bin/time ] || missing+=(time)
[ -f /usr/include/yaml.h ] || missing+=(libyaml-dev)
command -v cc >/dev/null || missing+=(gcc)
command -v python3 >/dev/null || missing+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -x Benchmarks/.venv/bin/check-jsonschema ]; then
    echo "installing check-jsonschema into Benchmarks/.venv" >&2
    python3 -m venv Benchmarks/.venv
    Benchmarks/.venv/bin/pip install -q check-jsonschema
fi
if [ ! -x Benchmarks/.venv/bin/termdown ]; then
    echo "installing termdown into Benchmarks/.venv (the reference for the live screen's idle CPU)" >&2
    Benchmarks/.venv/bin/pip install -q termdown
fi
CJ=$ROOT/Benchmarks/.venv/bin/check-jsonschema
TD=$ROOT/Benchmarks/.venv/bin/termdown

# ---------------------------------------------------------------- builds
step "release builds"
mkdir -p "$WORK" "$DATA"
Scripts/build-release.sh --scratch-path .build-bench-static --product roundtable 2>&1 \
    | grep -E "error|Compiling|Build" >&2 || true
[ -x "$R" ] || fail "roundtable did not build"
(cd Benchmarks/TimerAccuracy && swift build -c release --scratch-path ../../.build-bench-timer 2>&1 | grep -E "error|Build" >&2 || true)
[ -x "$T" ] || fail "TimerAccuracy did not build"
swiftc -O Benchmarks/Support/hello.swift -o "$WORK/hello" || fail "hello world did not build"
swiftc -O -static-stdlib Benchmarks/Support/hello.swift -o "$WORK/hello-static" 2>/dev/null || fail "static hello world did not build"
cc -O2 -o "$WORK/yamlparse" Benchmarks/Support/yamlparse.c -lyaml || fail "yamlparse did not build"
DYNAMIC=""
if [ "${BENCH_DYNAMIC:-1}" != 0 ]; then
    swift build -c release --scratch-path .build-bench-release --product roundtable 2>&1 | grep -E "error|Build" >&2 || true
    [ -x "$RD" ] && DYNAMIC=$RD
fi

$PY "$ROOT"/Benchmarks/Support/results.py reset "$M"
record machine.load "$(cut -d' ' -f1-3 /proc/loadavg)"
record machine.runs "$RUNS (validation, check-jsonschema), 20 (libyaml), 300 (startup)"

# ---------------------------------------------------------------- data
step "generating exercises"
rm -rf "$DATA"
for n in 100 1000 10000; do $PY "$ROOT"/Benchmarks/Support/generate.py exercises "$DATA/v$n" "$n" 1; done
$PY "$ROOT"/Benchmarks/Support/generate.py workshop "$DATA/workshop"
(cd "$DATA" && "$R" schema -o schema.json)
# The data must be valid for all three tools, or the comparison means nothing.
(cd "$DATA" && "$R" validate --quiet v100 >/dev/null 2>&1) || fail "generated exercises do not validate"
"$CJ" --schemafile "$DATA/schema.json" "$DATA"/v100/*.yaml >/dev/null || fail "check-jsonschema rejects the generated exercises"
"$WORK/yamlparse" "$DATA"/v100/*.yaml 2>/dev/null || fail "libyaml rejects the generated exercises"

# ---------------------------------------------------------------- startup
step "startup (hyperfine, 300 runs each)"
cmds=("$WORK/hello" "$R --version" "$WORK/hello-static")
[ -n "$DYNAMIC" ] && cmds+=("$DYNAMIC --version")
hyperfine -N --style basic --warmup 30 --runs 300 --export-json "$WORK/startup.json" "${cmds[@]}" >&2
$PY "$ROOT"/Benchmarks/Support/results.py hyperfine "$M" startup.hello "$WORK/startup.json" 0
$PY "$ROOT"/Benchmarks/Support/results.py hyperfine "$M" startup.roundtable "$WORK/startup.json" 1
$PY "$ROOT"/Benchmarks/Support/results.py hyperfine "$M" startup.hello_static "$WORK/startup.json" 2
[ -n "$DYNAMIC" ] && $PY "$ROOT"/Benchmarks/Support/results.py hyperfine "$M" startup.dynamic "$WORK/startup.json" 3

# ---------------------------------------------------------------- validation
# Run from the data folder: no ./Exercises there, so the library is the files given.
step "validation of 1,000 files"
cd "$DATA"
record validate.files 1000
hyperfine --style basic --warmup 1 --runs 20 --export-json "$WORK/libyaml.json" \
    "$WORK/yamlparse v1000/*.yaml" >&2
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/validate.json" \
    "$R validate --quiet v1000" >&2
hyperfine --style basic --warmup 0 --runs "$RUNS" --export-json "$WORK/cj.json" \
    "$CJ --schemafile schema.json v1000/*.yaml" >&2
cd "$ROOT"
$PY "$ROOT"/Benchmarks/Support/results.py hyperfine "$M" validate.libyaml "$WORK/libyaml.json"
$PY "$ROOT"/Benchmarks/Support/results.py hyperfine "$M" validate.roundtable "$WORK/validate.json"
$PY "$ROOT"/Benchmarks/Support/results.py hyperfine "$M" validate.checkjsonschema "$WORK/cj.json"
"$T" load "$DATA/v1000" 3 > "$WORK/load-1000.txt" || fail "TimerAccuracy load"
[ "$(field failures "$WORK/load-1000.txt")" = 0 ] || fail "the loader refused generated files"
record validate.inprocess "$(awk '$1 == "library_ms" { print $2 / 1000 }' "$WORK/load-1000.txt")"

# ---------------------------------------------------------------- growth
step "growth: validation of 100, 1,000 and 10,000 files"
cd "$DATA"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/validate-100.json" "$R validate --quiet v100" >&2
cd "$ROOT"
$PY "$ROOT"/Benchmarks/Support/results.py hyperfine "$M" growth.validate.100.seconds "$WORK/validate-100.json"
record growth.validate.100.per_file_ms "$($PY -c "import json,statistics;print(statistics.median(json.load(open('$WORK/validate-100.json'))['results'][0]['times'])*1000/100)")"
record growth.validate.1000.per_file_ms "$($PY -c "import json,statistics;print(statistics.median(json.load(open('$WORK/validate.json'))['results'][0]['times'])*1000/1000)")"
# 10,000 files once, with a deadline: a quadratic cost would otherwise take many minutes.
start=$(date +%s.%N)
set +e
(cd "$DATA" && timeout "$GROWTH_TIMEOUT" "$R" validate --quiet v10000 >/dev/null 2>&1)
status=$?
set -e
end=$(date +%s.%N)
if [ $status -eq 124 ]; then
    record growth.validate.10000.timeout "$GROWTH_TIMEOUT"
elif [ $status -ne 0 ]; then
    fail "validate of 10,000 files exited $status"
else
    record growth.validate.10000.per_file_ms "$($PY -c "print(($end - $start) * 1000 / 10000)")"
fi
for n in 100 1000 10000; do
    runs=3; [ $n = 10000 ] && runs=1
    "$T" load "$DATA/v$n" $runs > "$WORK/load-$n.txt" || fail "TimerAccuracy load $n"
    record growth.load.$n.per_file_us "$(field per_file_us "$WORK/load-$n.txt")"
done

# ---------------------------------------------------------------- runner
step "runner overhead: 100 and 1,000 steps, scripted, speed 1e9"
for n in 100 1000; do
    runs=7; [ $n = 1000 ] && runs=5
    "$T" overhead $n $runs > "$WORK/overhead-$n.txt" || fail "TimerAccuracy overhead $n"
    [ "$(field completed "$WORK/overhead-$n.txt")" = 1 ] || fail "the $n-step run did not complete"
    record overhead.$n.total_ms "$(field plan_run_ms "$WORK/overhead-$n.txt")"
    record overhead.$n.per_step_us "$(field per_step_us "$WORK/overhead-$n.txt")"
done

# ---------------------------------------------------------------- timer
step "timer accuracy: $TIMER_STEPS real 1 s steps (takes $TIMER_STEPS s)"
"$T" timer "$TIMER_STEPS" 1 > "$WORK/timer.txt" || fail "TimerAccuracy timer"
[ "$(field completed "$WORK/timer.txt")" = 1 ] || fail "the timer run did not complete"
record timer.steps "$TIMER_STEPS"
record timer.p50 "$(field end_error_p50_ms "$WORK/timer.txt")"
record timer.p99 "$(field end_error_p99_ms "$WORK/timer.txt")"
record timer.max "$(field end_error_max_ms "$WORK/timer.txt")"
record timer.drift "$(field drift_ms "$WORK/timer.txt")"
record timer.length_p50 "$(field step_length_error_p50_ms "$WORK/timer.txt")"
record timer.length_p99 "$(field step_length_error_p99_ms "$WORK/timer.txt")"
record timer.length_max "$(field step_length_error_max_ms "$WORK/timer.txt")"
record timer.end_errors_ms "$(field end_errors_ms "$WORK/timer.txt")"

# ---------------------------------------------------------------- screen
step "live screen: one redraw with a 60-card board; idle CPU at real speed vs termdown (${BENCH_SCREEN_SECONDS:-60} s)"
"$T" screen 60 2000 > "$WORK/screen.txt" || fail "TimerAccuracy screen"
record screen.tick_p50 "$(field tick_ms_p50_200x55 "$WORK/screen.txt")"
record screen.tick_p99 "$(field tick_ms_p99_200x55 "$WORK/screen.txt")"
record screen.tick_bytes "$(field tick_bytes_200x55 "$WORK/screen.txt")"
record screen.whole_p50 "$(field whole_ms_p50_200x55 "$WORK/screen.txt")"
record screen.whole_bytes "$(field whole_bytes_200x55 "$WORK/screen.txt")"
record screen.tick_p50_80x24 "$(field tick_ms_p50_80x24 "$WORK/screen.txt")"
Benchmarks/screen-cpu.sh "$R" "$TD" "${BENCH_SCREEN_SECONDS:-60}" > "$WORK/screen-cpu.txt" || fail "screen-cpu.sh"
[ "$(field cards_on_screen "$WORK/screen-cpu.txt")" -ge 30 ] || fail "the 60-card board was not on screen"
record screen.cpu_seconds "$(field seconds "$WORK/screen-cpu.txt")"
record screen.cpu_roundtable_ms "$(field roundtable_cpu_ms "$WORK/screen-cpu.txt")"
record screen.cpu_termdown_ms "$(field termdown_cpu_ms "$WORK/screen-cpu.txt")"
record screen.cards_on_screen "$(field cards_on_screen "$WORK/screen-cpu.txt")"

# ---------------------------------------------------------------- join
step "join: 100 simulated devices x 20 contributions on 127.0.0.1 beside 500 idle connections, and 2 devices alone"
"$T" join "$R" 100 20 500 300 > "$WORK/join.txt" || fail "TimerAccuracy join"
"$T" join "$R" 2 1 0 300 > "$WORK/join-alone.txt" || fail "TimerAccuracy join (alone)"
for key in sent acknowledged in_report idle_open ack_ms_p50 ack_ms_p99 ack_ms_max fsync_ms_p50 fsync_ms_p99 cpu_seconds peak_rss_kib; do
    record join.$key "$(field $key "$WORK/join.txt")"
done
record join.alone_rss_kib "$(field peak_rss_kib "$WORK/join-alone.txt")"
record join.load "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- memory
step "memory: a 3-hour workshop (8 people, 500 ideas), peak RSS"
# peak KIB-FILE command…: runs the command under GNU time, its output in $WORK/peak.out.
peak() {
    local out=$1; shift
    /usr/bin/time -f %M -o "$out" "$@" >"$WORK/peak.out" 2>"$WORK/peak.err" || { cat "$WORK/peak.err" >&2; fail "$*"; }
}
peak "$WORK/rss-hello.txt" "$WORK/hello"
record memory.hello_kib "$(cat "$WORK/rss-hello.txt")"
peak "$WORK/rss-version.txt" "$R" --version
record memory.version_kib "$(cat "$WORK/rss-version.txt")"
rss=()
for i in 1 2 3; do
    rm -rf "$WORK/sessions"
    (cd "$DATA/workshop" && peak "$WORK/rss-workshop.txt" "$R" run workshop.yaml --input input.txt --speed 1000 \
        --sessions-dir "$WORK/sessions" --report "$WORK/workshop-report.md")
    grep -q "500 ideas" "$WORK/peak.out" || fail "the workshop did not record 500 ideas: $(tail -1 "$WORK/peak.out")"
    rss+=("$(cat "$WORK/rss-workshop.txt")")
done
record memory.workshop_summary "$(grep '^Finished' "$WORK/peak.out")"
record memory.workshop_kib "$(printf '%s\n' "${rss[@]}" | sort -n | sed -n 2p)"
record memory.workshop_kib_runs "${rss[*]}"

# ---------------------------------------------------------------- table
step "results"
$PY "$ROOT"/Benchmarks/Support/results.py render "$M" "$RESULTS"
echo >&2
echo "written to Benchmarks/RESULTS.md" >&2
