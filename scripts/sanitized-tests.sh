#!/usr/bin/env bash
# `make test`'s sanitizer steps: builds only the test targets that hold the suites named (and what they
# depend on) with --sanitize=thread or --sanitize=address, in a build folder of their own (.build-tsan,
# .build-asan), runs those suites, and fails with the sanitizer's report on any finding, in the tests'
# own process or in a `hindsight` they start.
#
#   scripts/sanitized-tests.sh thread|address SUITE…   # SUITE: a @Suite's type name, or a test target's
#
# HINDSIGHT_TEST_POSTGRES, when set, is passed on: the suites then run on PostgreSQL too.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizer=${1:-}
[ $# -ge 2 ] || { echo "usage: $0 thread|address SUITE…" >&2; exit 2; }
shift
swift=${SWIFT:-swift}
case $sanitizer in
  thread) scratch=.build-tsan options=TSAN_OPTIONS ;;
  address) scratch=.build-asan options=ASAN_OPTIONS ;;
  *) echo "sanitized-tests: '$sanitizer' is not thread nor address" >&2; exit 2 ;;
esac

# Each suite's test target: the folder under Tests/ whose sources declare it.
only="" filters=()
for suite in "$@"; do
  if [ -d "Tests/$suite" ]; then
    target=$suite
    filters+=(--filter "^$suite\.")
  else
    file=$(grep -rlE "^(@Suite[^ ]* )?(final )?(struct|class|enum) $suite[ :{]" Tests --include='*.swift' | head -1 || true)
    [ -n "$file" ] || { echo "sanitized-tests: no suite '$suite' under Tests/" >&2; exit 2; }
    target=$(echo "$file" | cut -d/ -f2)
    filters+=(--filter "^$target\.$suite/")
  fi
  case ",$only," in *",$target,"*) ;; *) only+=",$target" ;; esac
  # These targets' tests start the `hindsight` built next to them.
  case $target in HindsightServerTests | hindsightTests) case ",$only," in *",hindsight,"*) ;; *) only+=",hindsight" ;; esac ;; esac
done
only=${only#,}

reports=$PWD/$scratch/reports
rm -rf "$reports"
mkdir -p "$reports"
echo "sanitized-tests: --sanitize=$sanitizer, building ${only//,/, } in $scratch"
HINDSIGHT_ONLY=$only "$swift" build --build-tests --scratch-path "$scratch" --sanitize="$sanitizer"

# The sanitizer prints a crash's stack itself; Swift's backtracer would take the signal from it.
export SWIFT_BACKTRACE=enable=no
# Reports go to files (log_path), one per process, so a finding in a server the tests start is seen too.
export "$options=log_path=$reports/report ${!options:-}"
# Address Sanitizer checks for leaks at exit too; those of Tests/lsan.supp are outside Hindsight.
[ "$sanitizer" != address ] || export LSAN_OPTIONS="suppressions=$PWD/Tests/lsan.supp print_suppressions=0 ${LSAN_OPTIONS:-}"
echo "sanitized-tests: --sanitize=$sanitizer, running $*"
status=0
HINDSIGHT_ONLY=$only "$swift" test --skip-build --scratch-path "$scratch" --sanitize="$sanitizer" "${filters[@]}" || status=$?
found=$(find "$reports" -type f | sort)
if [ -n "$found" ]; then
  for f in $found; do
    echo "sanitized-tests: ---- $f"
    cat "$f"
  done
  echo "sanitized-tests: $sanitizer sanitizer: $(echo "$found" | wc -l) report(s) above"
  exit 1
fi
[ "$status" = 0 ] || { echo "sanitized-tests: the tests failed under --sanitize=$sanitizer"; exit "$status"; }
echo "sanitized-tests: --sanitize=$sanitizer: $* clean"
