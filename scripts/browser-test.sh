#!/usr/bin/env bash
# `make test`, last step: a real browser (headless Chromium) on every page of a real `hindsight serve`
# on a loopback port. The checks live in browser-test.py (Python's standard library only); screenshots
# and DOM dumps of each page land in .build/site-*.png and .build/site-*.dom.html.
set -euo pipefail
bin=${1:-.build/debug/hindsight}
exec python3 "$(dirname "$0")/browser-test.py" "$bin" .build
