# Shared steps of the scripts that run an independent Python client against a vendor sandbox
# (scripts/fuelsdk-check.sh, scripts/braze-client-check.sh). Source it after the script's SKIP checks; it expects
# `python`, creates the temp dir `work` and removes it at exit, with the sandbox `client_sandbox` started.

work=$(mktemp -d)
sandbox_pid=""
client_cleanup() { if [[ -n "$sandbox_pid" ]]; then kill "$sandbox_pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap client_cleanup EXIT

# client_venv PIN... → a venv in $work/venv with exactly these pins (--no-deps); prints "SKIP: …" and exits 0 when
# venv or PyPI is unavailable, shows pip's log and exits 1 on any other install failure.
client_venv() {
    "$python" -m venv "$work/venv" >"$work/venv.log" 2>&1 || { echo "SKIP: $python -m venv failed: $(tail -1 "$work/venv.log")"; exit 0; }
    if ! "$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "$@" >"$work/pip.log" 2>&1; then
        if grep -qiE "NewConnectionError|ConnectTimeout|Failed to establish|Temporary failure in name resolution|Network is unreachable" "$work/pip.log"; then
            echo "SKIP: PyPI unreachable: $(tail -1 "$work/pip.log")"; exit 0
        fi
        cat "$work/pip.log"; exit 1
    fi
}

# client_sandbox BIN VENDOR SANDBOX-ARGS... → starts `BIN sandbox` on free ports under a neutral link name (so a broad
# `pkill -f "vendorsync sandbox"` elsewhere does not end it); sets `sandbox_pid` and `url` (VENDOR's base URL);
# exits 1 if it never comes up. Call it directly, not in $( ): the cleanup at exit needs `sandbox_pid`.
client_sandbox() {
    local bin vendor=$2
    bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")   # absolute: the link lives in $work
    shift 2
    url=""
    ln -s "$bin" "$work/emulators"
    "$work/emulators" sandbox --hubspot-port 0 --braze-port 0 --sfmc-port 0 "$@" >"$work/sandbox.log" 2>&1 &
    sandbox_pid=$!
    for _ in $(seq 200); do
        url=$(awk -v v="$vendor" '$1 == v { print $2 }' "$work/sandbox.log")
        [[ -n "$url" ]] && break
        sleep 0.1
    done
    [[ -n "$url" ]] || { echo "sandbox did not start" >&2; cat "$work/sandbox.log" >&2; exit 1; }
}
