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
# Suites that cut real connections at one-second timeouts or count queued writes at an instant (a regular
# expression of suite names): run on their own after the others, since a parallel suite that holds the
# machine's two cores can delay their clients past those timeouts.
TIMING_SUITES = SlowClientTests|WriteWaitTests
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TIMED = bash scripts/timed.sh
# Seconds each fuzz target runs: FUZZ_SECONDS for `make fuzz`, FUZZ_TEST_SECONDS in `make test`.
FUZZ_SECONDS ?= 600
FUZZ_TEST_SECONDS ?= 20
# The suites `make test` runs under Thread Sanitizer (one a line; a @Suite's name, or a whole test target):
# store writers, PostgreSQL's COPY batches stored on a thread of their own, group commit, the server's intake
# and shutdown, concurrent ingests on both backends, two PostgreSQL writers in a deadlock, the guard's watcher,
# the pipelined JSON Lines decoder.
TSAN_SUITES = \
	BackendTests \
	BatchIngestTests \
	ConcurrencyTests \
	GroupCommitTests \
	GuardWatcherTests \
	IntakeTests \
	ShutdownTests \
	TwoServersTests \
	WriteConflictTests \
	NativeJSONDecoderTests
# Under Address Sanitizer: the readers of untrusted bytes (JSON, CSV, byte input, every adapter's fixtures,
# the configuration), all in one test target that needs no store or server.
ASAN_SUITES = \
	HindsightFormatsTests

.PHONY: deps build lint test fuzz coverage demo bench fit clean

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
##       loopback port as an unprivileged user, stopped afterwards), TIMING_SUITES on their own, the browser test,
##       TSAN_SUITES under Thread Sanitizer (.build-tsan, both backends), ASAN_SUITES under Address Sanitizer
##       (.build-asan), and each fuzz target for FUZZ_TEST_SECONDS (.build-fuzz); a sanitizer report or a fuzz
##       finding fails it; each step's time
test: lint deps
	$(TIMED) build $(SWIFT) build --build-tests
	@set -e; $(PG_START); echo "PostgreSQL for the tests: $$url"; \
	  HINDSIGHT_TEST_POSTGRES=$$url $(TIMED) tests $(SWIFT) test --skip-build --skip "$(TIMING_SUITES)"; \
	  $(TIMED) timing-tests $(SWIFT) test --skip-build --filter "$(TIMING_SUITES)"; \
	  HINDSIGHT_TEST_POSTGRES=$$url $(TIMED) browser bash scripts/browser-test.sh .build/debug/hindsight; \
	  HINDSIGHT_TEST_POSTGRES=$$url $(TIMED) tsan bash scripts/sanitized-tests.sh thread $(TSAN_SUITES)
	$(TIMED) asan bash scripts/sanitized-tests.sh address $(ASAN_SUITES)
	$(TIMED) fuzz bash scripts/fuzz.sh $(FUZZ_TEST_SECONDS)

## fuzz: build the libFuzzer targets (Tests/Fuzz: JSON Lines, JSON splitter, CSV, payload detection and every
##       adapter, hindsight.toml and its [[mapping]] tables, the CloudEvents HTTP binding) with
##       --sanitize=fuzzer,address and run each for FUZZ_SECONDS (600); a crash, hang or broken property is
##       kept in Tests/HindsightFormatsTests/FuzzRegressions/ and fails it; FUZZ_TARGETS="CSV Config" runs some only
fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

## coverage: every test with code coverage (.build-coverage, SQLite and a throwaway PostgreSQL cluster), then
##           line coverage of Sources/ per target (llvm-cov)
coverage: deps
	@set -e; $(PG_START); HINDSIGHT_TEST_POSTGRES=$$url TIMING_SUITES="$(TIMING_SUITES)" bash scripts/coverage.sh

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
	rm -rf .build .build-tsan .build-asan .build-fuzz .build-coverage postmortems $(DB) $(DB)-wal $(DB)-shm
