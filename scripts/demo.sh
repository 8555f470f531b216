#!/usr/bin/env bash
# `make demo`: every bundled sample incident into a fresh store (with its service catalog when it
# ships a catalog-info.yaml), a post-mortem draft for each incident (Markdown and HTML), and one
# summary line per incident.
set -euo pipefail
bin=${1:-.build/release/hindsight}
db=${HINDSIGHT_DB:-hindsight.db}
out=${POSTMORTEMS:-postmortems}
rm -f "$db" "$db-wal" "$db-shm"
export HINDSIGHT_DB=$db
mkdir -p "$out"

for dir in sample-incidents/*/; do
  "$bin" ingest --quiet "$dir"events.jsonl
  if [ -f "$dir"catalog-info.yaml ]; then
    "$bin" catalog import "$dir"catalog-info.yaml >/dev/null
  fi
done
echo
for id in $("$bin" incidents --ids); do
  # Each says what it wrote; the last line below counts the files instead.
  "$bin" postmortem "$id" -o "$out/$id.md" >/dev/null
  "$bin" postmortem "$id" --format html -o "$out/$id.html" >/dev/null
done
# The samples span July to November 2024: review them as one period (the clock fixed for overdue items).
period=(--since 2024-07-01T00:00:00Z --until 2025-01-01T00:00:00Z --now 2025-01-01T00:00:00Z)
"$bin" review "${period[@]}" > "$out/review.md"
"$bin" review "${period[@]}" --format html > "$out/review.html"
"$bin" incidents
echo
echo "Post-mortem drafts: $out/<incident>.md and .html; review across them: $out/review.md and .html ($(ls "$out" | wc -l | tr -d ' ') files)"
echo "Store: $db — try: $bin analyze crowdstrike-2024-07-19 --db $db"
