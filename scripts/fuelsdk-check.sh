#!/usr/bin/env bash
# The official SFMC Python SDK (Salesforce-FuelSDK) against the SFMC sandbox, unchanged but for its base URLs:
#   1. a temporary venv with pinned FuelSDK 1.3.0 and the libraries it imports,
#   2. `vendorsync sandbox --contacts N` (generated subscribers sk-gen-0000001..., contact<N>@example.com) on free ports,
#   3. `ET_Client` with OAuth2 (`authenticationurl` = the sandbox, `accountId` 100, a local WSDL) and
#      `ET_Subscriber().get()` (Describe, then Retrieve Subscriber) followed by `getMoreResults()` (ContinueRequest)
#      until `OverallStatus` OK; a one-value filter (`SubscriberKey equals`) then checks one record's email.
# Exit 0 when every generated subscriber came back exactly once with its email; 1 on a mismatch; 0 with "SKIP:"
# when ../shared (the WSDL) is absent or PyPI cannot be reached.
#
# FuelSDK takes the SOAP address from the token response (`soap_instance_url` + "service.asmx") and the REST one
# from `rest_instance_url`; the WSDL's own `soap:address` is never used. The WSDL copy goes to the temp dir without
# its `<import>` of https://webservice.exacttarget.com/ETFrameworkFault.xsd (no type of it is referenced; suds
# would otherwise fetch it over the network). Size: FUELSDK_CONTACTS (default 6000 = 3 pages of 2,500).
# VENDORSYNC_BIN defaults to a debug build; PYTHON to python3.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
wsdl="$root/../shared/vendor-reference/specs/sfmc/etframework.wsdl"
contacts=${FUELSDK_CONTACTS:-6000}
bin=${VENDORSYNC_BIN:-$root/.build/debug/vendorsync}
python=${PYTHON:-python3}
pins=(Salesforce-FuelSDK==1.3.0 suds-community==1.2.0 PyJWT==2.15.1 requests==2.34.2
      urllib3==2.8.0 idna==3.20 charset-normalizer==3.5.3 certifi==2026.10.19.post1)

[[ -f "$wsdl" ]] || { echo "SKIP: $wsdl is absent (../shared not checked out)"; exit 0; }
command -v "$python" >/dev/null || { echo "SKIP: $python not found"; exit 0; }
if [[ ! -x "$bin" ]]; then (cd "$root" && swift build --product vendorsync); fi

# shellcheck source=scripts/python-client-lib.sh
. "$root/scripts/python-client-lib.sh"

# FuelSDK 1.3.0 declares suds-jurko==0.6, which does not install on current Python; suds-community is its
# maintained continuation with the same `suds` package, hence --no-deps (in client_venv) and explicit pins.
client_venv "${pins[@]}"
sed '/<import id="APIFault"/d' "$wsdl" >"$work/etframework.wsdl"

client_sandbox "$bin" sfmc --contacts "$contacts" --rate-limits off

cd "$work"   # FuelSDK may write soap_cache_file.json into the working directory
start=$(date +%s%N)
"$work/venv/bin/python" - "$url" "$work/etframework.wsdl" "$contacts" <<'PY'
import sys
import FuelSDK

url, wsdl, contacts = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = FuelSDK.ET_Client(False, False, {
    "clientid": "sandbox-client", "clientsecret": "sandbox-secret", "accountId": "100",
    "useOAuth2Authentication": "True", "authenticationurl": url, "applicationType": "server",
    "wsdl_file_local_loc": wsdl})
assert client.soap_endpoint == url + "/service.asmx", client.soap_endpoint
subscriber = FuelSDK.ET_Subscriber()
subscriber.auth_stub = client
response = subscriber.get()
pages = [(response.code, response.message, len(response.results))]
rows = list(response.results)
while response.more_results:
    response = subscriber.getMoreResults()
    pages.append((response.code, response.message, len(response.results)))
    rows += response.results
print("pages (HTTP status, OverallStatus, rows):", pages)
failures = []
if not response.status or response.message != "OK":
    failures.append(f"last page: status {response.status}, OverallStatus {response.message!r}")
keys = [row.SubscriberKey for row in rows]
expected = {f"sk-gen-{n:07d}" for n in range(1, contacts + 1)}
if len(keys) != len(set(keys)):
    failures.append(f"{len(keys) - len(set(keys))} subscribers returned twice")
if set(keys) != expected:
    failures.append(f"missing {len(expected - set(keys))}, unexpected {len(set(keys) - expected)}")
bad_email = [row.SubscriberKey for row in rows
             if row.EmailAddress != "contact%d@example.com" % int(row.SubscriberKey[len("sk-gen-"):])]
if bad_email:
    failures.append(f"{len(bad_email)} wrong EmailAddress, first {bad_email[0]}")

one = FuelSDK.ET_Subscriber()
one.auth_stub = client
one.props = ["SubscriberKey", "EmailAddress", "Status"]
one.search_filter = {"Property": "SubscriberKey", "SimpleOperator": "equals", "Value": "sk-gen-0000002"}
found = one.get()
if [(r.SubscriberKey, r.EmailAddress) for r in found.results] != [("sk-gen-0000002", "contact2@example.com")]:
    failures.append(f"filtered Retrieve returned {found.results!r}")

if failures:
    print("FAIL:", "; ".join(failures))
    sys.exit(1)
print(f"OK: {len(keys)} subscribers in {len(pages)} pages, each once, emails match; filtered Retrieve matches")
PY
echo "FuelSDK check took $(( ($(date +%s%N) - start) / 1000000 )) ms"
