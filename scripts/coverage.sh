#!/usr/bin/env bash
# `make coverage`: every test with code coverage (its own build folder, .build-coverage), then line
# coverage of Sources/ per target, from llvm-cov over the test bundle and the `hindsight` executable the
# CLI and server tests start. HINDSIGHT_TEST_POSTGRES, when set, runs the suites on PostgreSQL too;
# HINDSIGHT_ONLY=TestTargetA,TestTargetB measures only those test targets (and counts only what they load).
set -euo pipefail
cd "$(dirname "$0")/.."

swift=${SWIFT:-swift}
scratch=.build-coverage
toolchain=$(dirname "$(readlink -f "$(command -v "$swift")")")
llvm_cov=$toolchain/llvm-cov
llvm_profdata=$toolchain/llvm-profdata
[ -x "$llvm_cov" ] || llvm_cov=llvm-cov
[ -x "$llvm_profdata" ] || llvm_profdata=llvm-profdata

"$swift" build --build-tests --enable-code-coverage --scratch-path "$scratch"
bin=$("$swift" build --scratch-path "$scratch" --show-bin-path)
codecov=$bin/codecov
rm -rf "$codecov"
mkdir -p "$codecov"
# Every process the tests start (the `hindsight` executable included) writes its own profile here.
status=0
# TIMING_SUITES (the Makefile's) run on their own after the others, as in `make test`.
run() { LLVM_PROFILE_FILE="$codecov/run-%p-%m.profraw" "$swift" test --skip-build --enable-code-coverage --scratch-path "$scratch" "$@" || status=$?; }
if [ -n "${TIMING_SUITES:-}" ]; then
  run --skip "$TIMING_SUITES"
  HINDSIGHT_TEST_POSTGRES='' run --filter "$TIMING_SUITES"
else
  run
fi
"$llvm_profdata" merge -sparse "$codecov"/*.profraw -o "$codecov/merged.profdata"

# The executables count too: the CLI's code runs only in them (and the bench's only in `make bench`).
objects=()
for exe in hindsight hindsight-bench; do [ -x "$bin/$exe" ] && objects+=(-object "$bin/$exe"); done
"$llvm_cov" export -summary-only -instr-profile "$codecov/merged.profdata" "$bin/HindsightPackageTests.xctest" "${objects[@]}" \
  -ignore-filename-regex='/(\.build[^/]*|Tests)/' >"$codecov/summary.json"
python3 - "$codecov/summary.json" "$PWD/Sources/" <<'PY'
import json, sys
summary, sources = json.load(open(sys.argv[1])), sys.argv[2]
targets = {}
for f in summary["data"][0]["files"]:
    if not f["filename"].startswith(sources):
        continue
    target = f["filename"][len(sources):].split("/")[0]
    lines = f["summary"]["lines"]
    t = targets.setdefault(target, [0, 0])
    t[0] += lines["covered"]
    t[1] += lines["count"]
print(f"{'target':<22} {'lines':>8} {'covered':>8} {'line coverage':>14}")
for name, (covered, count) in sorted(targets.items()):
    print(f"{name:<22} {count:>8} {covered:>8} {100 * covered / max(count, 1):>13.1f}%")
covered, count = map(sum, zip(*targets.values()))
print(f"{'all of Sources/':<22} {count:>8} {covered:>8} {100 * covered / max(count, 1):>13.1f}%")
PY
[ "$status" = 0 ] || { echo "coverage: some tests failed (figures above count what ran)"; exit "$status"; }
