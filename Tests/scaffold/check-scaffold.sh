#!/usr/bin/env bash
# Acceptance check: a handler written with the scaffold passes its generated test unchanged.
#
# Copies this repository (tracked files plus untracked, not ignored ones; no build folders)
# to a temporary folder, builds it there, runs `roundtable new handler shout-out`, applies
# the Package.swift and BuiltInHandlers lines the command prints, then builds again and runs
# `swift test --filter ShoutOutTests`. Every build uses a scratch path inside the temporary
# folder, so the checkout's own .build folders are never touched.
#
# Usage: Tests/scaffold/check-scaffold.sh        (KEEP=1 keeps the temporary folder)
# Ends with "N passed, N failed"; exits 1 when any check failed.
set -uo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/roundtable-scaffold.XXXXXX")"
copy="$work/Roundtable"
scratch="$work/scratch"
passed=0
failed=0
if [[ "${KEEP:-0}" == 1 ]]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL  %s\n' "$1"; }
summary() {
    printf '\n%d passed, %d failed\n' "$passed" "$failed"
    [[ $failed -eq 0 ]]
    exit $?
}
# Runs a command quietly with its time; on failure shows the end of its output.
timed() {
    local label="$1" log="$work/$2.log" start=$SECONDS
    shift 2
    if "$@" >"$log" 2>&1; then
        pass "$label ($((SECONDS - start))s)"
    else
        fail "$label ($((SECONDS - start))s); last lines of $log:"
        tail -25 "$log" | sed 's/^/      /'
        return 1
    fi
}

# 1. The copy: what git would commit, as it is in the work tree now.
mkdir -p "$copy"
(
    cd "$repo" || exit 1
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' file; do [[ -f "$file" ]] && printf '%s\0' "$file"; done |
        tar --null -T - -cf - | tar -xf - -C "$copy"
    # Resolved versions save a fresh resolution (the file is ignored, so copy it by hand).
    if [[ -f Package.resolved ]]; then cp Package.resolved "$copy/"; fi
)
if [[ -f "$copy/Package.swift" && -f "$copy/Sources/BuiltInHandlers/BuiltInHandlers.swift" ]]; then
    pass "copied the repository to $copy"
else
    fail "copy the repository"
    summary
fi
if [[ -e "$copy/Plugins/ShoutOut" || -e "$copy/Tests/ShoutOutTests" ]]; then
    fail "the repository already has a ShoutOut module; this check needs the name free"
    summary
fi

cd "$copy" || exit 1
timed "swift build (the copy, before the scaffold)" build-before swift build --scratch-path "$scratch" || summary
roundtable="$scratch/debug/roundtable"

# 2. The scaffold.
if "$roundtable" new handler shout-out >"$work/new.out" 2>"$work/new.err" &&
    [[ -f Plugins/ShoutOut/ShoutOutHandler.swift && -f Plugins/ShoutOut/ShoutOut.swift &&
       -f Plugins/ShoutOut/example.yaml && -f Tests/ShoutOutTests/ShoutOutTests.swift ]]; then
    pass "roundtable new handler shout-out wrote the module, its test and example"
else
    fail "roundtable new handler shout-out"
    cat "$work/new.out" "$work/new.err" | sed 's/^/      /'
    summary
fi
"$roundtable" new handler shout-out >/dev/null 2>"$work/again.err"
status=$?
if [[ $status -eq 73 ]] && grep -q "not overwriting" "$work/again.err"; then
    pass "running it again refuses to overwrite (exit 73)"
else
    fail "running it again should refuse to overwrite; exit $status"
fi

# 3. The printed edits, applied as printed: the target lines go into `targets:` verbatim.
if python3 - "$work/new.out" <<'EOF'
import re, sys

printed = open(sys.argv[1]).read()
block = re.search(r"^1\. In Package\.swift, add these targets.*?:\n\n(.*?)\n\s*\n2\. ", printed, re.S | re.M)
if not block:
    sys.exit("no target lines in the printed output")
targets = block.group(1).rstrip() + "\n"

manifest = open("Package.swift").read()
manifest, count = re.subn(r"(\btargets:\s*\[\n)", lambda m: m.group(1) + targets, manifest, count=1)
if count != 1:
    sys.exit("no `targets: [` in Package.swift")
manifest, count = re.subn(r'(name:\s*"BuiltInHandlers",\s*dependencies:\s*\[)', r'\1"ShoutOut", ', manifest, count=1)
if count != 1:
    sys.exit('no dependencies of the "BuiltInHandlers" target in Package.swift')
open("Package.swift", "w").write(manifest)

path = "Sources/BuiltInHandlers/BuiltInHandlers.swift"
source = open(path).read()
source = "import ShoutOut\n" + source
source, count = re.subn(r"(static let all: \[any ExerciseHandler\.Type\] =\s*)", r"\1ShoutOut.all + ", source, count=1)
if count != 1:
    sys.exit("no `static let all` list in " + path)
open(path, "w").write(source)
EOF
then
    pass "applied the printed Package.swift and BuiltInHandlers edits"
else
    fail "apply the printed edits"
    summary
fi

# The module sees the handler SDK alone, as every module under Plugins/ must.
if grep -q 'dependencies: \["RoundtableSDK"\]' "$work/new.out" &&
    ! grep -hE "^import " Plugins/ShoutOut/*.swift | grep -vqE "^import (RoundtableSDK|Foundation)$"; then
    pass "the module depends on RoundtableSDK alone and imports nothing else"
else
    fail "the module should depend on RoundtableSDK alone"
    grep -hE "^import |dependencies:" "$work/new.out" Plugins/ShoutOut/*.swift | sed 's/^/      /'
fi

# 4. Build and test, the generated files unchanged.
timed "swift build (with the ShoutOut module)" build-after swift build --scratch-path "$scratch" || summary
if "$roundtable" handlers shout-out >"$work/handlers.out" 2>&1 && grep -q "shout-out  (ShoutOut)" "$work/handlers.out"; then
    pass "roundtable handlers shout-out lists the new handler"
else
    fail "roundtable handlers shout-out"
    sed 's/^/      /' "$work/handlers.out"
fi
timed "roundtable validate Plugins/ShoutOut/example.yaml" validate "$roundtable" validate --quiet Plugins/ShoutOut/example.yaml
printf 'thanks for the review\n/next\nthe demo\n' >"$work/script.txt"
if "$roundtable" run Plugins/ShoutOut/example.yaml -p Ana,Ben,Chen --input "$work/script.txt" --speed 1000 \
        --report "$work/report.md" --sessions-dir "$work/sessions" >"$work/run.out" 2>&1 &&
    grep -q "Shout out: thanks for the review" "$work/report.md" && grep -q "Shout out: the demo" "$work/report.md"; then
    pass "roundtable run the example: the report has the handler's notes"
else
    fail "roundtable run the example"
    tail -20 "$work/run.out" | sed 's/^/      /'
fi
if timed "swift test --filter ShoutOutTests" test swift test --scratch-path "$scratch" --filter ShoutOutTests; then
    ran=$(grep -Eo "Test run with [0-9]+ tests? in [0-9]+ suites? passed" "$work/test.log" | grep -Eo "[0-9]+" | head -1)
    if [[ ${ran:-0} -ge 3 ]]; then
        pass "the generated tests ran and passed ($ran tests)"
    else
        fail "the generated tests did not run: $(tail -1 "$work/test.log")"
    fi
fi
# Now that BuiltInHandlers includes it, the registry test loads its documented example too.
timed "the registry test loads the new handler's example" registry \
    swift test --scratch-path "$scratch" --skip-build --filter 'theDocumentedExampleLoads|everyBuiltInNameIsUnique'
if ! grep -q "shout-out" "$work/registry.log"; then fail "the registry test did not see shout-out"; fi

summary
