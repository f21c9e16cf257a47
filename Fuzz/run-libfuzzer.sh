#!/usr/bin/env bash
# Builds the libFuzzer target (AddressSanitizer, coverage of our Swift code and of libyaml)
# and fuzzes the loader for SECONDS (default 600).
#
#   Fuzz/run-libfuzzer.sh [SECONDS] [extra libFuzzer flags…]
#
# The loader links the system's libyaml, which is not instrumented. For coverage and
# AddressSanitizer inside libyaml too, the script compiles Debian's libyaml source (fetched
# once with `apt-get source`, through a source list of its own in .work/) into an instrumented
# static archive and points pkg-config at it. Where that source cannot be had, it links the
# system's libyaml and says so: coverage then guides by our Swift code alone.
#
# New inputs go to Fuzz/.work/libfuzzer-corpus (Fuzz/corpus is only read); crashes,
# timeouts and out-of-memory inputs land in Fuzz/.work/libfuzzer-findings/. Replay one with
#   .build-bench-fuzz/debug/LoaderFuzzer Fuzz/.work/libfuzzer-findings/crash-…
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true

# Prints the folder of an instrumented libyaml's pkg-config file, or nothing.
instrumented_libyaml() {
    local work=$PWD/.work/libyaml-instrumented
    if [ ! -f "$work/lib/libyaml.a" ]; then
        mkdir -p "$work/apt/lists/partial" "$work/src"
        if ! ls "$work"/src/libyaml_*.orig.tar.gz >/dev/null 2>&1; then
            command -v apt-get >/dev/null 2>&1 || return 0
            # The machine's own package sources, as source packages (deb822 or one-line form).
            local list
            if [ -f /etc/apt/sources.list.d/debian.sources ]; then
                list=$work/apt/src.sources
                sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$list"
            elif grep -q '^deb ' /etc/apt/sources.list 2>/dev/null; then
                list=$work/apt/src.list
                sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$list"
            else
                return 0
            fi
            local apt=(-o Dir::Etc::SourceList="$list" -o Dir::Etc::SourceParts=/nonexistent
                       -o Dir::State::Lists="$work/apt/lists" -o APT::Sandbox::User=root -qq)
            apt-get "${apt[@]}" update >&2 || return 0
            (cd "$work/src" && apt-get "${apt[@]}" source --download-only libyaml >&2) || return 0
        fi
        local tarball
        tarball=$(ls "$work"/src/libyaml_*.orig.tar.gz | head -n 1)
        local version=${tarball##*/libyaml_}; version=${version%.orig.tar.gz}
        rm -rf "$work/build" && mkdir -p "$work/build" "$work/lib" "$work/include"
        tar -xzf "$tarball" -C "$work/build" --strip-components=1 || return 0
        IFS=. read -r major minor patch <<< "$version"
        local objects=()
        for source in "$work"/build/src/*.c; do
            clang -c -g -O1 -fsanitize=fuzzer-no-link,address -I"$work/build/include" \
                -DYAML_VERSION_MAJOR="$major" -DYAML_VERSION_MINOR="$minor" -DYAML_VERSION_PATCH="${patch:-0}" \
                -DYAML_VERSION_STRING="\"$version\"" "$source" -o "${source%.c}.o" || return 0
            objects+=("${source%.c}.o")
        done
        cp "$work/build/include/yaml.h" "$work/include/"
        ar rcs "$work/lib/libyaml.a.tmp" "${objects[@]}" && mv "$work/lib/libyaml.a.tmp" "$work/lib/libyaml.a" || return 0
        printf 'Name: LibYAML (instrumented)\nDescription: libyaml %s for libFuzzer and AddressSanitizer\nVersion: %s\nCflags: -I%s\nLibs: -L%s -lyaml\n' \
            "$version" "$version" "$work/include" "$work/lib" > "$work/lib/yaml-0.1.pc"
    fi
    echo "$work/lib"
}
pc=$(instrumented_libyaml)
if [ -n "$pc" ]; then
    echo "libyaml: instrumented build from source ($pc)"
    export PKG_CONFIG_PATH=$pc${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
else
    echo "libyaml: the system's, not instrumented (no libyaml source from apt); coverage covers our Swift code only" >&2
fi
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
