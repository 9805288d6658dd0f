#!/usr/bin/env bash
# run.sh runs powermap's browser tests: it installs the pinned node
# dependencies (npm ci from package-lock.json) when they are missing or
# stale, builds the real binary and drives it in headless Chromium.
#
#   web/e2e/run.sh           the end-to-end tests
#   web/e2e/run.sh --bench   the tests, then the browser benchmarks
#   web/e2e/run.sh --bench-only
#
# Screenshots go to web/e2e/output/. CHROMIUM names the browser (default:
# `which chromium`); POWERMAP_BIN a prebuilt binary (default: go build).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null && [ -z "${CHROMIUM:-}" ]; then
  echo "run.sh: chromium not found (apt-get install -y chromium)" >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

mode="${1:-}"
if [ "$mode" != --bench-only ]; then
  node --test --test-concurrency=1 tests/
fi
if [ "$mode" = --bench ] || [ "$mode" = --bench-only ]; then
  node bench/perf.js
fi
