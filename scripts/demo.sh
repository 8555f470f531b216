#!/usr/bin/env bash
# The demo: every sample incident into a fresh store, then what changed before each incident.
set -euo pipefail
bin=${1:-.build/release/hindsight}
db=${HINDSIGHT_DB:-hindsight.db}
rm -f "$db" "$db-wal" "$db-shm"
export HINDSIGHT_DB=$db
for dir in sample-incidents/*/; do
  "$bin" ingest --quiet "$dir"events.jsonl
done
echo
for id in $("$bin" events --kind incident --limit 0 --json | sed -n 's/.*"incident":"\([^"]*\)".*/\1/p' | sort -u); do
  "$bin" changes --before "$id" --window 7d
  echo
done
echo "Store: $db (try: HINDSIGHT_DB=$db $bin events --kind incident)"
