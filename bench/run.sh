#!/usr/bin/env bash
# VendorSync's benchmarks (issue #8): builds the release binaries, runs the harness (initial sync, incremental pass,
# rate-limited push; see bench/README.md) and the peers comparison, and leaves Markdown tables in bench/results/.
#   BENCH_SIZES   contacts per vendor, comma-separated (default 10000,100000; add 1000000 for the 1M run)
#   BENCH_PUSH    contacts changed per vendor in the rate-limited push stage (default 20000; 0 skips it)
#   BENCH_PEERS   0 skips bench/peers.sh (it needs PyPI the first time)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${BENCH_SIZES:-10000,100000}
push=${BENCH_PUSH:-20000}
swift build -c release --product vendorsync
swift build -c release --product vendorsync-bench
.build/release/vendorsync-bench run --binary .build/release/vendorsync --sizes "$sizes" --push-items "$push"
if [ "${BENCH_PEERS:-1}" != 0 ]; then
    VENDORSYNC_BIN=.build/release/vendorsync bash bench/peers.sh --contacts 10000 --repeat 3
fi
