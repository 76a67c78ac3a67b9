#!/usr/bin/env bash
# Peers side by side (issue #8, part 4): the HubSpot contact pull of VendorSync against the two open-source
# Singer taps, singer `tap-hubspot` and `meltano-tap-hubspot`, on one HubSpot sandbox with the same contacts.
#
# Starts `vendorsync sandbox --rate-limits off --contacts N`, then, one after another against it:
#   1. VendorSync, `vendorsync reconcile` from an empty database with only HubSpot configured, first-run listing
#      (GET /crm/v3/objects/contacts, as the taps read) and no consent status reads (the taps read none);
#   1b. the HubSpot connector's pull alone (`vendorsync-bench pull`: the same listing, no store), as a tap reads;
#   2. VendorSync with its defaults (search by lastmodifieddate, consent statuses through v4 batch reads), for
#      reference only;
#   3. singer tap-hubspot and 4. meltano-tap-hubspot, each in its own virtual environment (pinned in
#      bench/peers/requirements-*.txt), contacts stream only, run through bench/peers/run_tap.py (the shim:
#      base URL and stream choice only; see that file).
# Each is timed as a whole process (start to exit). Counts are RECORD messages of the contacts stream (taps) and
# live HubSpot identities in the database (VendorSync); the contact id sets are compared by digest.
# Prints a Markdown table, writes it to bench/results/peers-<UTC date>.md (peers-<date>-<N>.md for another N), with
# the ratio VendorSync / faster tap.
# A tap that cannot be installed (no package registry) is skipped with a message. Exit 1 when the runs disagree
# on the records (count or ids) or one of them failed, 2 on a setup failure.
#
# Options: --contacts N (default 10000), --repeat R (default 1: each client runs R times, the fastest wall time
#          is kept, with its CPU), --hubspot-port P (default 0: a free port), --keep (keep the work dir).
# Environment: VENDORSYNC_BIN (default .build/release/vendorsync), VENDORSYNC_BENCH_BIN (default vendorsync-bench
#              next to it: swift build -c release --product vendorsync-bench), PYTHON (default python3),
#              PEERS_VENV_DIR (default bench/results/tmp/peers-venvs; reused across runs).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${VENDORSYNC_BIN:-$root/.build/release/vendorsync}
bench_bin=${VENDORSYNC_BENCH_BIN:-$(dirname "$bin")/vendorsync-bench}
python=${PYTHON:-python3}
contacts=10000
repeat=1
port=0
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --contacts) contacts=$2; shift 2 ;;
        --hubspot-port) port=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -x "$bin" ] || { echo "no vendorsync binary at $bin (swift build -c release, or set VENDORSYNC_BIN)" >&2; exit 2; }
mkdir -p "$root/bench/results/tmp"
venvs=${PEERS_VENV_DIR:-$root/bench/results/tmp/peers-venvs}
work=$(mktemp -d "$root/bench/results/tmp/peers-run.XXXXXX")
peers=$root/bench/peers
sandbox_pid=
cleanup() {
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
    if [ "$keep" = 1 ]; then echo "work dir kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# --- peers' virtual environments -------------------------------------------------------------------------------
# install_tap NAME → prints the venv's python, or nothing when it cannot be installed.
install_tap() {
    local name=$1 requirements=$peers/requirements-$1.txt
    local venv=$venvs/$name-$(sha256sum "$requirements" | cut -c1-12)
    if [ ! -f "$venv/.installed" ]; then
        rm -rf "$venv"
        if ! { "$python" -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"; } \
            >"$work/install-$name.log" 2>&1; then
            echo "SKIP $name: pip could not install bench/peers/requirements-$name.txt (no registry?); last lines:" >&2
            tail -3 "$work/install-$name.log" | sed 's/^/    /' >&2
            rm -rf "$venv"
            return 0
        fi
        touch "$venv/.installed"
    fi
    echo "$venv/bin/python"
}
echo "installing peers (cached in $venvs) ..." >&2
singer_py=$(install_tap tap-hubspot)
meltano_py=$(install_tap meltano-tap-hubspot)

# --- the sandbox -------------------------------------------------------------------------------------------------
echo "starting the sandbox with $contacts contacts per vendor ..." >&2
"$bin" sandbox --rate-limits off --contacts "$contacts" --hubspot-port "$port" --braze-port 0 --sfmc-port 0 \
    >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 6000); do
    grep -q '^sfmc ' "$work/sandbox.out" 2>/dev/null && break
    kill -0 "$sandbox_pid" 2>/dev/null || { echo "sandbox exited:" >&2; cat "$work/sandbox.err" >&2; exit 2; }
    sleep 0.1
done
base=$(awk '$1 == "hubspot" { print $2 }' "$work/sandbox.out")
token=$(awk '$1 == "hubspot" { print $NF }' "$work/sandbox.out")
[ -n "$base" ] || { echo "the sandbox did not report its HubSpot URL in time" >&2; exit 2; }
subscriptions=$(curl -sf -H "Authorization: Bearer $token" "$base/communication-preferences/v3/definitions" \
    | "$python" -c 'import json,sys; print(", ".join("{ id: \"%s\", topic: t%s }" % (d["id"], d["id"]) for d in json.load(sys.stdin)["subscriptionDefinitions"]))')
echo "HubSpot sandbox at $base" >&2

# --- runs --------------------------------------------------------------------------------------------------------
# Each result: name|count JSON (or why none)|wall s|client CPU s|sandbox CPU s|peak RSS KB|note
results=()
load_before=$(cut -d' ' -f1 /proc/loadavg)
now_ns() { date +%s%N; }

# timed LABEL OUT LOG CMD... → runs CMD (stdout to OUT, stderr to LOG) under /usr/bin/time; sets elapsed (wall s),
# cpu (the client's user + system s), rss_kb (its peak RSS) and server_cpu (the sandbox's CPU s, from /proc).
sandbox_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$sandbox_pid/stat"; }
timed() {
    local label=$1 out=$2 log=$3; shift 3
    local start end server_start
    echo "running $label ..." >&2
    server_start=$(sandbox_cpu)
    start=$(now_ns)
    if ! /usr/bin/time -f '%M %U %S' -o "$work/$label.time" "$@" >"$out" 2>"$log"; then
        echo "$label failed; last lines of $log:" >&2
        grep -v METRIC "$log" | tail -5 | sed 's/^/    /' >&2
        return 1
    fi
    end=$(now_ns)
    elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    read -r rss_kb user sys < <(tail -1 "$work/$label.time")
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    server_cpu=$(awk -v a="$server_start" -v b="$(sandbox_cpu)" 'BEGIN { printf "%.2f", b - a }')
}

# best LABEL OUT LOG CMD... → timed, R times; keeps the run with the smallest wall time. Fails when any run fails.
best() {
    local label=$1 out=$2 log=$3 i b_elapsed= b_cpu= b_rss= b_server=; shift 3
    for i in $(seq "$repeat"); do
        [ -z "${before_each:-}" ] || $before_each
        timed "$label" "$out" "$log" "$@" || return 1
        if [ -z "$b_elapsed" ] || awk -v a="$elapsed" -v b="$b_elapsed" 'BEGIN { exit !(a < b) }'; then
            b_elapsed=$elapsed b_cpu=$cpu b_rss=$rss_kb b_server=$server_cpu
        fi
    done
    elapsed=$b_elapsed cpu=$b_cpu rss_kb=$b_rss server_cpu=$b_server
}

# measure LABEL NOTE KIND OUT COUNTED CMD... → best (stdout to OUT), then counts COUNTED (`count_records.py KIND`:
# singer output or a VendorSync database) and appends the result row; a failed run appends a "failed" row.
measure() {
    local label=$1 note=$2 kind=$3 out=$4 counted=$5 count; shift 5
    if best "$label" "$out" "$work/$label.log" "$@"; then
        count=$("$python" "$peers/count_records.py" "$kind" "$counted")
        results+=("$label|$count|$elapsed|$cpu|$server_cpu|$rss_kb|$note")
    else
        results+=("$label|failed|||||$note")
    fi
}

run_vendorsync() {
    local label=$1 listing=$2 consent=$3 note=$4
    cat >"$work/$label.yaml" <<YAML
logLevel: warning
vendors:
  hubspot:
    baseURL: "$base"
    subscriptionTypes: [$subscriptions]
    initialListing: $listing
    fetchConsentStatuses: $consent
    consentAPI: v4
    eventsEnabled: false
    # The sandbox runs with --rate-limits off and the taps pace nothing: lift the connector's client-side limits.
    rateLimits: off
YAML
    fresh_db() { rm -f "$work/$label.sqlite" "$work/$label.sqlite-wal" "$work/$label.sqlite-shm"; }
    before_each=fresh_db measure "$label" "$note" sqlite "$work/$label.json" "$work/$label.sqlite" \
        env VENDORSYNC_HUBSPOT_TOKEN="$token" \
        "$bin" reconcile --config "$work/$label.yaml" --db "$work/$label.sqlite" --json
}

# The connector's pull alone, as a tap reads: `vendorsync-bench pull` prints a RECORD line per contact, no store.
run_pull_only() {
    local label=vendorsync-pull note="HubSpotConnector pull only (vendorsync-bench pull): listing, no store"
    if [ ! -x "$bench_bin" ]; then results+=("$label|skipped (no $bench_bin)|||||$note"); return; fi
    measure "$label" "$note" singer "$work/$label.jsonl" "$work/$label.jsonl" env VENDORSYNC_HUBSPOT_TOKEN="$token" \
        "$bench_bin" pull --config "$work/vendorsync.yaml" --vendor hubspot --stream contacts
}

run_tap() {
    local label=$1 py=$2 note=$3; shift 3
    if [ -z "$py" ]; then results+=("$label|skipped (not installed)|||||$note"); return; fi
    measure "$label" "$note" singer "$work/$label.jsonl" "$work/$label.jsonl" env PEERS_HUBSPOT_BASE_URL="$base" \
        PEERS_HUBSPOT_TOKEN="$token" "$py" "$peers/run_tap.py" "$@"
}

run_vendorsync vendorsync true false "reconcile, first-run listing, no consent reads"
run_pull_only
run_vendorsync vendorsync-default false true "reconcile, search + v4 consent reads (reference)"
if [ -n "$singer_py" ]; then
    printf '{"api_key": "%s", "start_date": "2000-01-01T00:00:00Z"}\n' "$token" >"$work/tap-hubspot.config.json"
    PEERS_HUBSPOT_BASE_URL=$base PEERS_HUBSPOT_TOKEN=$token \
        "$singer_py" "$peers/run_tap.py" singer-catalog >"$work/tap-hubspot.catalog.json" 2>"$work/tap-hubspot.catalog.log" \
        || { echo "tap-hubspot catalog failed" >&2; tail -5 "$work/tap-hubspot.catalog.log" >&2; singer_py=; }
fi
run_tap tap-hubspot "$singer_py" "singer tap-hubspot $(grep -i '^tap-hubspot==' "$peers/requirements-tap-hubspot.txt" | cut -d= -f3)" \
    singer --config "$work/tap-hubspot.config.json" --properties "$work/tap-hubspot.catalog.json"
printf '{"access_token": "%s"}\n' "$token" >"$work/meltano-tap-hubspot.config.json"
run_tap meltano-tap-hubspot "$meltano_py" "meltano-tap-hubspot $(grep -i '^meltano-tap-hubspot==' "$peers/requirements-meltano-tap-hubspot.txt" | cut -d= -f3)" \
    meltano --config "$work/meltano-tap-hubspot.config.json"

# --- report ------------------------------------------------------------------------------------------------------
date_utc=$(date -u +%Y-%m-%d)
out=$root/bench/results/peers-$date_utc.md
[ "$contacts" = 10000 ] || out=$root/bench/results/peers-$date_utc-$contacts.md
commit=$(git -C "$(dirname "$bin")" rev-parse --short HEAD 2>/dev/null || echo unknown)   # the tree the binary sits in
report=$(RESULTS="$(printf '%s\n' "${results[@]}")" LOAD_BEFORE="$load_before" REPEAT="$repeat" "$python" - "$contacts" "$commit" <<'PY'
import json, os, platform, sys
contacts, commit = sys.argv[1], sys.argv[2]
rows = []
for line in os.environ["RESULTS"].splitlines():
    label, count, wall, cpu, server, rss, note = line.split("|")
    if not count.startswith("{"):
        rows.append((label, note, None, count, 0, 0, 0, 0))
    else:
        rows.append((label, note, json.loads(count), "", float(wall), float(cpu), float(server), int(rss)))
measured = [r for r in rows if r[2]]
agree = len({r[2]["digest"] for r in measured}) <= 1 and \
    len({r[2]["records"] for r in measured} | {r[2]["distinct"] for r in measured}) <= 1
cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) // 1024 // 1024
load_after = open("/proc/loadavg").read().split()[0]
lines = [
    f"# Peers side by side: HubSpot contact pull, {contacts} contacts",
    "",
    f"Machine: {os.cpu_count()} cores ({cpu_model}), {mem} GiB, Linux {platform.release()}, Python "
    f"{platform.python_version()}; vendorsync binary from the tree at {commit}; load average {os.environ['LOAD_BEFORE']} before, "
    f"{load_after} after (other work shares the cores, so wall times move with it; CPU times much less).",
    "One loopback sandbox (`vendorsync sandbox --rate-limits off`), the clients one after another. Wall = whole",
    "process, start-up included; client CPU = its user + system time; sandbox CPU = the server's time during the run.",
    f"Best of {os.environ['REPEAT']} run(s) per client (smallest wall time).",
    "",
    "| run | what | contacts | ids digest | wall (s) | records/s | client CPU (s) | records/CPU-s | sandbox CPU (s) | peak RSS (MB) |",
    "|---|---|---:|---|---:|---:|---:|---:|---:|---:|",
]
rate, cpu_rate = {}, {}
for label, note, c, problem, wall, cpu, server, rss in rows:
    if c is None:
        lines.append(f"| {label} | {note} | {problem} | | | | | | | |")
        continue
    rate[label] = c["records"] / wall if wall > 0 else 0.0
    cpu_rate[label] = c["records"] / cpu if cpu > 0 else 0.0
    lines.append(f"| {label} | {note} | {c['records']} | {c['digest']} | {wall:.2f} | {rate[label]:,.0f} | {cpu:.2f} | "
                 f"{cpu_rate[label]:,.0f} | {server:.2f} | {rss / 1024:.0f} |")
taps = [k for k in rate if not k.startswith("vendorsync")]
lines.append("")
if "vendorsync" in rate and taps:
    best = max(taps, key=rate.get)
    lines.append(f"**VendorSync / faster tap ({best}), records/s: {rate['vendorsync'] / rate[best]:.2f}×** (target ≥ 10×); "
                 f"per client CPU second: {cpu_rate['vendorsync'] / cpu_rate[best]:.2f}×.")
    if "vendorsync-pull" in rate:
        lines.append(f"**VendorSync connector pull alone / faster tap: {rate['vendorsync-pull'] / rate[best]:.2f}×** by records/s; "
                     f"per client CPU second: {cpu_rate['vendorsync-pull'] / cpu_rate[best]:.2f}×. (The taps write records to stdout "
                     "and keep no state; `vendorsync` above also stores every contact, its diff trail and mirror in SQLite.)")
else:
    lines.append("No ratio: VendorSync or both taps did not run.")
if not agree:
    lines += ["", "**MISMATCH: the runs did not read the same contacts (see counts and digests).**"]
failed = [r[0] for r in rows if r[3] == "failed"]
if failed:
    lines += ["", f"**FAILED: {', '.join(failed)} (see the log in the work dir, kept with --keep).**"]
print("\n".join(lines))
sys.exit(0 if agree and not failed else 1)
PY
) && agree=1 || agree=0
printf '%s\n' "$report" | tee "$out"
echo "written to ${out#"$root"/}" >&2
[ "$agree" = 1 ] || exit 1
