#!/usr/bin/env bash
# One step of `make test`, and how long it took: scripts/timed.sh NAME COMMAND…
# Wall time, and the CPU time of everything the step ran (on a busy machine the wall time says more
# about the machine; the CPU time divided by the cores says what the step costs on an idle one).
name=${1:?usage: $0 NAME COMMAND…}
shift
start=$(date +%s)
status=0
"$@" || status=$?
# `times` in this shell, not in a subshell of its own: its second line is what the children used.
usage=$(mktemp)
times >"$usage"
cpu=$(tail -1 "$usage" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); n += p[1] * 60 + p[2] } printf "%d", n }')
rm -f "$usage"
echo "time: $name took $(($(date +%s) - start))s (${cpu}s of CPU)$([ "$status" = 0 ] || echo ", and failed (exit $status)")"
exit "$status"
