#!/usr/bin/env bash
# Crash safety of `vendorsync run`: kill -9 the daemon at random moments while it reconciles a generated sandbox
# with conflicting changes, restart it each time, and check that
#   1. the vendors' final states (read through their APIs) equal those of an uninterrupted run,
#   2. the sandbox write logs show no event delivered twice and no idempotency key applied with different effects,
#   3. `PRAGMA integrity_check` is `ok` after every kill and at the end.
#
# Size: CRASH_CONTACTS (default 20000) and CRASH_KILLS (default 20, i.e. CRASH_SIZE=full: about 10-13 min with a debug
# build on 2 cores); CRASH_SIZE=ci means 100 contacts, 5 kills
# (about 10 s once built). CRASH_SEED seeds the kill moments; CRASH_WINDOW_MS is the latest kill moment after a
# start (default 1500 ms below 2,000 contacts, else 2 ms per contact). VENDORSYNC_BIN defaults to a debug build.
#
# Duration: the sandboxes run with `--rate-limits off`, and the configuration turns the connectors' declared limits
# off too (`vendors.<vendor>.rateLimits: off`, as for an account with raised limits) and reads HubSpot consent in
# batches of 100 (`consentAPI: v4`), so the run is bound by CPU, not by Braze's 250 `/users/export/ids` calls a
# minute or one HubSpot consent read per contact. Stage times are printed (see docs/daemon.md for measured sizes).
set -euo pipefail
command -v jq >/dev/null || { echo "crash-test.sh needs jq (apt-get install -y jq)" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
if [[ "${CRASH_SIZE:-full}" == ci ]]; then contacts=${CRASH_CONTACTS:-100}; kills=${CRASH_KILLS:-5}
else contacts=${CRASH_CONTACTS:-20000}; kills=${CRASH_KILLS:-20}; fi
RANDOM=${CRASH_SEED:-$$}
bin=$(realpath "${VENDORSYNC_BIN:-$root/.build/debug/vendorsync}")  # absolute: the sandboxes run through a link in $work
if [[ ! -x "$bin" ]]; then (cd "$root" && swift build --product vendorsync); fi
command -v sqlite3 >/dev/null || { echo "sqlite3 missing: apt-get install -y sqlite3"; exit 2; }

work=$(mktemp -d)
pids=()
sandboxes=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export VENDORSYNC_HUBSPOT_TOKEN=pat-sandbox VENDORSYNC_BRAZE_API_KEY=sandbox-api-key VENDORSYNC_LOG_LEVEL=warning

# The sandboxes run through a link with a neutral name, so that a broad `pkill -f "vendorsync sandbox"` by another
# user of a shared machine does not end them in the middle of the test (it happened; they exit 0 on SIGTERM).
ln -s "$bin" "$work/emulators"

# start_sandbox NAME: a sandbox on free ports; sets HUBSPOT_URL and BRAZE_URL.
start_sandbox() {
    "$work/emulators" sandbox --contacts "$contacts" --hubspot-port 0 --braze-port 0 --sfmc-port 0 --rate-limits off >"$work/$1.sandbox" 2>&1 &
    pids+=($!)
    sandboxes+=($!)
    for _ in $(seq 200); do
        HUBSPOT_URL=$(awk '$1 == "hubspot" { print $2 }' "$work/$1.sandbox")
        BRAZE_URL=$(awk '$1 == "braze" { print $2 }' "$work/$1.sandbox")
        [[ -n "$HUBSPOT_URL" && -n "$BRAZE_URL" ]] && break
        sleep 0.1
    done
    [[ -n "$HUBSPOT_URL" && -n "$BRAZE_URL" ]] || { echo "sandbox $1 did not start"; cat "$work/$1.sandbox"; exit 1; }
    cat >"$work/$1.yaml" <<YAML
vendors:
  hubspot:
    baseURL: "$HUBSPOT_URL"
    subscriptionTypes: [{ id: "1001", topic: marketing }, { id: "1002", topic: one_to_one }]
    consentAPI: v4
    rateLimits: off
  braze:
    restBaseURL: "$BRAZE_URL"
    listStartDate: "2026-01-01"
    rateLimits: off
daemon:
  listen: "127.0.0.1:0"
  intervalSeconds: 1
  drainIntervalSeconds: 1
  shutdownGraceSeconds: 5
YAML
}

# alive: fails when a sandbox process has gone.
alive() {
    local pid code
    for pid in "${sandboxes[@]}"; do
        kill -0 "$pid" 2>/dev/null && continue
        wait "$pid" && code=0 || code=$?
        echo "a sandbox (pid $pid) exited with status $code: $1"; tail -n 5 "$work"/*.sandbox; exit 1
    done
}

# settle NAME: reconcile passes until one pulls no diff and pushes nothing (at most 6).
settle() {
    for pass in 1 2 3 4 5 6; do
        alive "before reconcile pass $pass of $1"
        timeout "${CRASH_PASS_TIMEOUT:-1800}" "$bin" reconcile --config "$work/$1.yaml" --db "$work/$1.sqlite" --json \
            >"$work/$1.pass.json" 2>>"$work/$1.log" || true
        alive "during reconcile pass $pass of $1"
        local moved
        moved=$(jq '[.streams[].diffs] + [.pushes[].pushed] + [.pushes[].pending] | add' "$work/$1.pass.json" 2>/dev/null || echo 1)
        [[ "$moved" == 0 ]] && { echo "  $1 settled after $pass reconcile pass(es)"; return 0; }
    done
    echo "  $1 did not settle in 6 passes"; return 1
}

integrity() {
    local result
    result=$(sqlite3 "$work/$1.sqlite" 'PRAGMA integrity_check;')
    [[ "$result" == ok ]] || { echo "integrity_check after $2: $result"; exit 1; }
}

echo "crash test: $contacts contacts per vendor, $kills kills"
started=$(date +%s)

echo "reference: uninterrupted"
start_sandbox reference
ref_hubspot=$HUBSPOT_URL ref_braze=$BRAZE_URL
settle reference
integrity reference "the reference run"
stage=$(date +%s); echo "  reference settled in $(( stage - started )) s"

echo "crashed: kill -9 at $kills random moments"
start_sandbox crashed
# The kill window grows with the data: the first passes of 20k contacts take tens of seconds.
window_ms=${CRASH_WINDOW_MS:-$(( contacts < 2000 ? 1500 : contacts * 2 ))}
for kill in $(seq "$kills"); do
    "$bin" run --config "$work/crashed.yaml" --db "$work/crashed.sqlite" >>"$work/crashed.log" 2>&1 &
    daemon=$!
    delay_ms=$(( 200 + (RANDOM * 32768 + RANDOM) % window_ms ))
    sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -9 "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
    integrity crashed "kill $kill"
    alive "after kill $kill"
    echo "  kill $kill after ${delay_ms} ms: integrity ok"
done
echo "  kills done in $(( $(date +%s) - stage )) s"; stage=$(date +%s)
settle crashed
integrity crashed "the crashed run"
echo "  crashed run settled in $(( $(date +%s) - stage )) s"; stage=$(date +%s)

alive "before comparing"
echo "comparing"
python3 "$root/scripts/sandbox-state.py" dump "$ref_hubspot" "$ref_braze" "$contacts" >"$work/reference.state.json"
python3 "$root/scripts/sandbox-state.py" dump "$HUBSPOT_URL" "$BRAZE_URL" "$contacts" >"$work/crashed.state.json"
status=0
if cmp -s "$work/reference.state.json" "$work/crashed.state.json"; then
    echo "  vendor states equal ($(jq '.hubspot | length' "$work/crashed.state.json") HubSpot contacts," \
         "$(jq '.braze | length' "$work/crashed.state.json") Braze profiles)"
else
    echo "  vendor states differ:"; diff "$work/reference.state.json" "$work/crashed.state.json" | head -40; status=1
fi
python3 "$root/scripts/sandbox-state.py" writes "$HUBSPOT_URL" "$BRAZE_URL" || status=1
echo "  compared in $(( $(date +%s) - stage )) s"
echo "integrity_check: ok; elapsed $(( $(date +%s) - started )) s"
[[ $status == 0 ]] && echo "PASS" || echo "FAIL"
exit $status
