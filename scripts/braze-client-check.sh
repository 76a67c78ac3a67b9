#!/usr/bin/env bash
# An independent Braze client (braze-client on PyPI) against the Braze sandbox, unchanged but for its base URL:
#   1. a temporary venv with pinned braze-client 2.3.3 (tenacity 8: the 5.x it declares does not import on
#      Python 3.11),
#   2. `vendorsync sandbox --contacts N` on free ports (profiles gen-0000001..., contact<N>@example.com),
#   3. `BrazeClient(api_key, api_url=<sandbox>)`: `user_track` of three attribute objects, `user_export` by
#      `external_ids` and by email, a 76-object `user_track` (Braze answers 400 "Max Input Length Exceeded", which the
#      client raises as BrazeClientError) and a batch with one object lacking an identifier (a 2xx with errors[]).
# Exit 0 when every answer matches; 1 on a mismatch; 0 with "SKIP:" when PyPI cannot be reached.
# VENDORSYNC_BIN defaults to a debug build; PYTHON to python3; BRAZE_CONTACTS (default 100).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
contacts=${BRAZE_CONTACTS:-100}
bin=${VENDORSYNC_BIN:-$root/.build/debug/vendorsync}
python=${PYTHON:-python3}
pins=(braze-client==2.3.3 tenacity==8.5.0 requests==2.34.2 six==1.17.0
      urllib3==2.8.0 idna==3.20 charset-normalizer==3.5.3 certifi==2026.10.19.post1)

command -v "$python" >/dev/null || { echo "SKIP: $python not found"; exit 0; }
if [[ ! -x "$bin" ]]; then (cd "$root" && swift build --product vendorsync); fi

# shellcheck source=scripts/python-client-lib.sh
. "$root/scripts/python-client-lib.sh"

client_venv "${pins[@]}"

client_sandbox "$bin" braze --contacts "$contacts" --rate-limits vendor

"$work/venv/bin/python" - "$url" <<'PY'
import sys
from braze.client import BrazeClient, BrazeClientError

client = BrazeClient(api_key="sandbox-api-key", api_url=sys.argv[1])
failures = []

def check(label, condition, detail):
    print(("ok   " if condition else "FAIL ") + label)
    if not condition:
        failures.append(f"{label}: {detail}")

tracked = client.user_track(attributes=[
    {"external_id": f"bc-{n}", "first_name": name, "email": f"bc{n}@example.com"}
    for n, name in [(1, "Ada"), (2, "Bruno"), (3, "Chloe")]])
check("user_track of 3 attributes succeeds", tracked["success"] and tracked.get("attributes_processed") == 3, tracked)

exported = client.user_export(external_ids=["bc-1", "bc-3"], fields_to_export=["external_id", "first_name", "email"])
names = sorted((u.get("external_id"), u.get("first_name"), u.get("email")) for u in exported.get("users", []))
check("user_export by external_ids returns them with their fields",
      names == [("bc-1", "Ada", "bc1@example.com"), ("bc-3", "Chloe", "bc3@example.com")], exported)

by_email = client.user_export(email="contact2@example.com", fields_to_export=["external_id", "email"])
check("user_export by email finds the generated profile",
      [u.get("external_id") for u in by_email.get("users", [])] == ["gen-0000002"], by_email)

try:
    client.user_track(attributes=[{"external_id": f"bc-big-{n}", "first_name": "X"} for n in range(76)])
    check("76 attributes are refused", False, "no error raised")
except BrazeClientError as error:
    check("76 attributes are refused with Max Input Length Exceeded", "Max Input Length Exceeded" in str(error), error)

partial = client.user_track(attributes=[{"external_id": "bc-4", "first_name": "Dario"}, {"first_name": "Nobody"}])
errors = partial.get("errors", [])
check("a batch with one object lacking an identifier: 2xx, errors[] names index 1 of attributes",
      not partial["success"] and [(e.get("input_array"), e.get("index")) for e in errors] == [("attributes", 1)]
      and partial.get("attributes_processed") == 1, partial)

if failures:
    print("FAIL:", "; ".join(failures))
    sys.exit(1)
print("OK: braze-client works against the Braze sandbox with only its base URL changed")
PY
