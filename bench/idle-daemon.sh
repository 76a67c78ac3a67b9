#!/usr/bin/env bash
# Idle cost of `vendorsync run`: after the first passes, CPU share and resident memory over IDLE_SECONDS (default
# 30), read from /proc. Targets: CPU < 1 %, RSS < 60 MB. A benchmark, not a test: prints the numbers and whether
# they meet the targets (exit 1 when not).
#
# Environment: VENDORSYNC_BIN (default .build/debug/vendorsync; a release build is what ships), IDLE_SECONDS,
#              IDLE_CONTACTS (contacts in the sandbox, default 200), SETTLE_SECONDS (default 20: the first passes finish before measuring).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${VENDORSYNC_BIN:-$root/.build/debug/vendorsync}
seconds=${IDLE_SECONDS:-30}
settle=${SETTLE_SECONDS:-20}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export VENDORSYNC_HUBSPOT_TOKEN=pat-sandbox VENDORSYNC_BRAZE_API_KEY=sandbox-api-key VENDORSYNC_LOG_LEVEL=warning

"$bin" sandbox --contacts "${IDLE_CONTACTS:-200}" --hubspot-port 0 --braze-port 0 --rate-limits off >"$work/sandbox.out" 2>&1 &
pids+=($!)
for _ in $(seq 200); do grep -q '^braze ' "$work/sandbox.out" 2>/dev/null && break; sleep 0.1; done
cat >"$work/vendorsync.yaml" <<YAML
vendors:
  hubspot:
    baseURL: "$(awk '$1 == "hubspot" { print $2 }' "$work/sandbox.out")"
    subscriptionTypes: [{ id: "1001", topic: marketing }]
  braze:
    restBaseURL: "$(awk '$1 == "braze" { print $2 }' "$work/sandbox.out")"
    listStartDate: "2026-01-01"
daemon:
  listen: "127.0.0.1:0"
YAML
"$bin" run --config "$work/vendorsync.yaml" --db "$work/vendorsync.sqlite" 2>"$work/daemon.log" &
daemon=$!
pids+=($daemon)
sleep "$settle"
kill -0 "$daemon" || { echo "daemon exited:"; cat "$work/daemon.log"; exit 1; }

ticks() { awk '{ print $14 + $15 }' "/proc/$daemon/stat"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$daemon/status"; }
hz=$(getconf CLK_TCK)
start_ticks=$(ticks); start_ns=$(date +%s%N); max_rss=0
for _ in $(seq "$seconds"); do
    sleep 1
    rss=$(rss_kb); (( rss > max_rss )) && max_rss=$rss
done
end_ticks=$(ticks); end_ns=$(date +%s%N)
cpu=$(awk -v t=$(( end_ticks - start_ticks )) -v hz="$hz" -v ns=$(( end_ns - start_ns )) \
    'BEGIN { printf "%.2f", 100 * (t / hz) / (ns / 1e9) }')
rss_mb=$(awk -v kb="$max_rss" 'BEGIN { printf "%.1f", kb / 1024 }')
echo "idle over ${seconds} s: CPU ${cpu} % (target < 1 %), max RSS ${rss_mb} MB (target < 60 MB), binary $bin"
kill -TERM "$daemon"; wait "$daemon" && echo "SIGTERM: exit 0" || echo "SIGTERM: exit $?"
awk -v c="$cpu" -v r="$rss_mb" 'BEGIN { exit !(c < 1 && r < 60) }'
