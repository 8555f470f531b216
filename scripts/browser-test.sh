#!/usr/bin/env bash
# `make test`, last step: a real browser on the incident page of a real `hindsight serve` on a loopback
# port. Headless Chromium takes a screenshot (.build/server-incident.png) and a DOM dump
# (.build/server-incident.dom.html); the DOM must hold the SVG timeline chart, the trigger marker and
# the hostile event text escaped, never as markup.
set -euo pipefail
bin=${1:-.build/debug/hindsight}
out=.build
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "browser test: SKIPPED — Debian's chromium is not installed and could not be installed (make deps); nothing was checked"
  echo "browser: 0 passed, 0 failed, 1 skipped"
  exit 0
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; wait "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
db=$work/store.db

"$bin" ingest --quiet --db "$db" sample-incidents/crowdstrike-2024-07-19/events.jsonl >/dev/null
cat > "$work/hostile.jsonl" <<'JSONL'
{"id":"hostile-config","time":"2024-07-19T04:30:00Z","kind":"config","service":"falcon-sensor","summary":"<script>alert('pwned')</script><img src=x onerror=alert(1)>"}
{"id":"hostile-note","time":"2024-07-19T04:40:00Z","kind":"note","service":"falcon-sensor","incident":"crowdstrike-2024-07-19","summary":"<script>alert('note')</script> & <b>bold</b>"}
JSONL
"$bin" ingest --quiet --db "$db" "$work/hostile.jsonl" >/dev/null

"$bin" serve --db "$db" --port 0 --open-read >"$work/serve.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$work/serve.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; echo "browser test: FAILED — hindsight serve exited"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log"; echo "browser test: FAILED — hindsight serve did not report its port"; exit 1; }
url="http://127.0.0.1:$port/incidents/crowdstrike-2024-07-19"

flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --no-first-run --user-data-dir="$work/profile")
"$browser" "${flags[@]}" --window-size=1280,2400 --screenshot="$out/server-incident.png" "$url" >/dev/null 2>&1
"$browser" "${flags[@]}" --dump-dom "$url" 2>/dev/null >"$out/server-incident.dom.html"

passed=0; failed=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "browser test: FAILED — $what"; fi
}
dom=$out/server-incident.dom.html
check "the screenshot was written" test -s "$out/server-incident.png"
check "the page has the SVG timeline chart" grep -q '<svg[^>]*class="timeline-chart"' "$dom"
check "the trigger marker is on the chart" grep -q 'class="change trigger" data-id="cs-channel-file-291"' "$dom"
check "the latent change is highlighted" grep -q 'class="change latent" data-id="cs-sensor-7.11"' "$dom"
check "the impact start rule is drawn" grep -q 'class="rule rule-impact-start"' "$dom"
check "hostile text is shown escaped" grep -q "&lt;script&gt;alert('pwned')&lt;/script&gt;" "$dom"
check "no hostile element reached the DOM" bash -c "! grep -qE '<script|<img src=\"?x|<b>bold' '$dom'"
check "the post-mortem is rendered" grep -q 'cs-channel-file-291' "$dom"
kill -TERM "$server_pid"
status=0; wait "$server_pid" || status=$?
server_pid=""
check "hindsight serve stops gracefully on SIGTERM (exit 0)" test "$status" = 0
check "the server logged one line per request" grep -q 'GET /incidents/crowdstrike-2024-07-19 200' "$work/serve.log"

echo "browser test: screenshot $out/server-incident.png, DOM $dom"
echo "browser: $passed passed, $failed failed"
[ "$failed" = 0 ]
