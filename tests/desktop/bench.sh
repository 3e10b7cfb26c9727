#!/usr/bin/env bash
# The desktop app's cold start to first paint and idle memory (median of BENCH_RUNS, default 5).
# Build first: (cd ui && npm run build) && cargo build --release -p switchboard-desktop, then
# SWITCHBOARD_DESKTOP_BIN=target/release/switchboard-desktop tests/desktop/bench.sh
exec "$(dirname "$0")/run.sh" bench
