#!/usr/bin/env bash
# One step of `make test`, and how long it took: scripts/timed.sh NAME COMMAND…
name=${1:?usage: $0 NAME COMMAND…}
shift
start=$(date +%s)
status=0
"$@" || status=$?
echo "time: $name took $(($(date +%s) - start))s$([ "$status" = 0 ] || echo ", and failed (exit $status)")"
exit "$status"
