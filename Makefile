# Hindsight: `make demo` runs the bundled sample incidents, `make test` runs the tests.
SWIFT ?= swift
DB ?= hindsight.db
BIN = .build/release/hindsight
DEBIAN_PACKAGES = libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config sqlite3
# The browser test's headless browser and the server benchmark's load generator: installed when
# possible; the browser test says SKIPPED when chromium cannot be installed, the bench skips wrk's section.
OPTIONAL_PACKAGES = chromium wrk
# The throwaway PostgreSQL cluster of `make test` and `make bench` lives in a new folder under /tmp,
# which its unprivileged owner can reach whoever runs make.
PG_START = pg=$$(mktemp -d /tmp/hindsight-pg.XXXXXX); trap 'bash scripts/pg-cluster.sh stop '"$$pg" EXIT; \
	  url=$$(bash scripts/pg-cluster.sh start "$$pg")
# Suites that cut real connections at one-second timeouts: run on their own after the others, since a
# parallel suite that holds the machine's two cores can delay their clients past those timeouts.
TIMING_SUITES = SlowClientTests
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build lint test demo bench fit clean

## deps: install the Debian packages the build needs (only those missing)
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@missing=""; for p in $(OPTIONAL_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing (optional):$$missing"; \
	  ( $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing ) \
	    || echo "could not install$$missing: the browser test will be skipped, the server bench has no wrk section"; \
	fi

## build: release build of the `hindsight` command
build: deps
	$(SWIFT) build -c release --product hindsight

## lint: swift format lint --strict over Sources and Tests (house style in .swift-format); every finding
##       names its file and line and fails
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

## test: lint first, then every test (Swift Testing) on SQLite and on a throwaway PostgreSQL cluster (started on a
##       loopback port as an unprivileged user, stopped afterwards), TIMING_SUITES on their own, then the browser test
test: lint deps
	$(SWIFT) build --build-tests
	@set -e; $(PG_START); echo "PostgreSQL for the tests: $$url"; \
	  HINDSIGHT_TEST_POSTGRES=$$url $(SWIFT) test --skip-build --skip "$(TIMING_SUITES)"; \
	  $(SWIFT) test --skip-build --filter "$(TIMING_SUITES)"; \
	  HINDSIGHT_TEST_POSTGRES=$$url bash scripts/browser-test.sh .build/debug/hindsight

## demo: ingest the bundled sample incidents into a fresh store and show what changed before each
demo: build
	@bash scripts/demo.sh $(BIN)

## bench: ingest vs sqlite3 .import, "changes before X", correlator accuracy, analyze/postmortem at scale,
##        memory of one 100,000-alert Alertmanager payload (release build)
##        views across incidents on a year-sized store (--only scale; --scale-store N events, default 10M)
##        the guard on generated rollouts and the CrowdStrike sample (--only guard; --guard N rollouts per family)
##        BENCH_ARGS="--events 10000000" for the 10M ingest run; "--only accuracy" for one section
bench: deps
	$(SWIFT) build -c release --product hindsight
	$(SWIFT) build -c release --product hindsight-bench
	@set -e; $(PG_START); \
	  .build/release/hindsight-bench --hindsight $(BIN) --postgres $$url $(BENCH_ARGS)

## fit: fit the correlator's parameter table from the generated families and the corpus's train folders
##      (split.txt) and write Sources/Hindsight/Analysis/Evidence/ShippedParameters.swift; the same data and seed
##      give the same bytes, so `git diff` after it shows nothing unless the rules or the data changed
fit: deps
	$(SWIFT) build -c release --product hindsight-bench
	.build/release/hindsight-bench --fit

clean:
	rm -rf .build postmortems $(DB) $(DB)-wal $(DB)-shm
