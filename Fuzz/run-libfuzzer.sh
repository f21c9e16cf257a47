#!/usr/bin/env bash
# Builds the libFuzzer target (AddressSanitizer, coverage of our Swift code and of libyaml)
# and fuzzes the loader for SECONDS (default 600).
#
#   Fuzz/run-libfuzzer.sh [SECONDS] [extra libFuzzer flags…]
#
# New inputs go to Fuzz/.work/libfuzzer-corpus (Fuzz/corpus is only read); crashes,
# timeouts and out-of-memory inputs land in Fuzz/.work/libfuzzer-findings/. Replay one with
#   .build-bench-fuzz/debug/LoaderFuzzer Fuzz/.work/libfuzzer-findings/crash-…
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
swift build -c debug --product LoaderFuzzer \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    -Xcc -fsanitize=fuzzer-no-link,address \
    --scratch-path ../.build-bench-fuzz 2>&1 | grep -Ev "Cannot export local symbol|^\[" || true
binary=../.build-bench-fuzz/debug/LoaderFuzzer
test -x "$binary" || { echo "LoaderFuzzer did not build" >&2; exit 1; }
mkdir -p .work/libfuzzer-corpus .work/libfuzzer-findings
# -timeout: one input slower than 10 s is a finding (a hang); -rss_limit_mb: so is 2 GiB.
exec "$binary" .work/libfuzzer-corpus corpus \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=.work/libfuzzer-findings/ -print_final_stats=1 "$@"
