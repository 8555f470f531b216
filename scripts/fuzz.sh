#!/usr/bin/env bash
# `make fuzz` and the fuzz step of `make test`: builds the libFuzzer targets of Tests/Fuzz (one per
# reader of untrusted bytes; their properties are `FuzzTarget`'s, in Tests/HindsightFuzzing) with
# --sanitize=fuzzer,address in .build-fuzz, then runs each for SECONDS seconds.
#
#   scripts/fuzz.sh SECONDS [TARGET…]   # TARGET: JSONLines JSONSplitter CSV Payloads Config CloudEventsBinding (default: all)
#
# Each run starts from the target's corpus (.build-fuzz/corpus/TARGET, kept between runs), the inputs
# kept for it in Tests/HindsightFormatsTests/FuzzRegressions/TARGET, and the fixtures of its extensions
# (the same as `FuzzTarget.seedExtensions`). An input that crashes a target, hangs it, or breaks one
# of its properties is written to FuzzRegressions/TARGET/ (`FuzzRegressionTests` then runs it in every
# `swift test`: commit it with the fix), printed in base64 (a CI log keeps it), and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: $0 SECONDS [TARGET…]}
shift
swift=${SWIFT:-swift}
scratch=.build-fuzz
regressions=Tests/HindsightFormatsTests/FuzzRegressions
# The folders the seeds come from; ../shared/fixtures is there in a checkout next to the shared folder.
seed_roots=(Tests/HindsightFormatsTests/Fixtures Tests/Fuzz/Seeds sample-incidents ../shared/fixtures)

all=()
for dir in Tests/Fuzz/Fuzz*/; do
  dir=${dir%/}
  all+=("${dir#Tests/Fuzz/Fuzz}")
done
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for t in "${targets[@]}"; do
  [ -d "Tests/Fuzz/Fuzz$t" ] || { echo "fuzz: no target '$t'; the targets are ${all[*]}" >&2; exit 2; }
done

extensions() {
  case $1 in
    JSONLines) echo jsonl ;;
    JSONSplitter | Payloads) echo json jsonl ;;
    CSV) echo csv ;;
    Config) echo toml ;;
    CloudEventsBinding) echo http ;;
    *) echo "fuzz: no seed extensions for '$1'" >&2; exit 2 ;;
  esac
}

only=$(printf 'Fuzz%s,' "${targets[@]}")
echo "fuzz: building ${targets[*]} (release, --sanitize=fuzzer --sanitize=address, $scratch)"
# swiftc keeps only the last -sanitize= it is given, and SwiftPM passes one per --sanitize: the Swift
# code would get Address Sanitizer without the coverage the fuzzer steers by (seen with Swift 6.3.1).
# The combined flag, last, gives it both; --sanitize still sets up the C code and the link.
HINDSIGHT_FUZZ=1 HINDSIGHT_ONLY=${only%,} "$swift" build -c release --scratch-path "$scratch" \
  --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
bin=$scratch/release

# libFuzzer's own handler reports a crash and keeps the input; Swift's backtracer would take the signal
# first (and its process would hold the log open).
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/Tests/lsan.supp ${LSAN_OPTIONS:-}"
failed=()
for t in "${targets[@]}"; do
  seeds=$scratch/seeds/$t
  rm -rf "$seeds"
  mkdir -p "$seeds" "$scratch/corpus/$t" "$regressions/$t"
  for ext in $(extensions "$t"); do
    for root in "${seed_roots[@]}"; do
      [ -d "$root" ] || continue
      while IFS= read -r -d '' f; do
        cp "$f" "$seeds/$(echo "${f#"$root"/}" | tr '/' '_')"
      done < <(find "$root" -type f -name "*.$ext" -print0)
    done
  done
  before=$(find "$regressions/$t" -type f ! -name README.md | sort)
  log=$scratch/$t.log
  echo "fuzz: $t for ${seconds}s ($(find "$seeds" -type f | wc -l) seeds, $(find "$scratch/corpus/$t" -type f | wc -l) in its corpus)"
  # A hang of 10 s on one input is a finding, and so is a leak (but those of Tests/lsan.supp);
  # inputs stay under 8 KiB (longer seeds are cut), which keeps thousands of runs a second.
  if "$bin/Fuzz$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$regressions/$t/" "$scratch/corpus/$t" "$seeds" "$regressions/$t" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$log" | tr '\n' ' ' | sed "s/^/fuzz: $t: /"
    echo
  else
    failed+=("$t")
    echo "fuzz: $t FAILED; the end of its log ($log):"
    tail -n 60 "$log"
    for f in $(comm -13 <(echo "$before") <(find "$regressions/$t" -type f ! -name README.md | sort)); do
      echo "fuzz: kept $f ($(wc -c <"$f") bytes; commit it with the fix), base64:"
      base64 "$f"
    done
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each: no finding"
