#!/usr/bin/env python3
"""Reads a running `vendorsync sandbox` through the vendors' own endpoints, for scripts/crash-test.sh.

  sandbox-state.py dump HUBSPOT_URL BRAZE_URL CONTACTS   -> canonical JSON of both vendors' contact state
  sandbox-state.py writes HUBSPOT_URL BRAZE_URL          -> checks the write logs (GET /_sandbox/writes); exit 1 on
                                                            a key applied twice with different effects or an event
                                                            delivered twice

The dump keys HubSpot contacts by email (ids of created contacts depend on timing) and leaves out modification
times; Braze profiles are read with /users/export/ids for the generated external ids gen-0000001...
"""
import json
import sys
import urllib.request

HUBSPOT_TOKEN = "pat-sandbox"
BRAZE_KEY = "sandbox-api-key"
HUBSPOT_PROPS = ["email", "firstname", "lastname", "phone", "lifecyclestage", "hs_email_optout"]
BRAZE_FIELDS = ["external_id", "email", "first_name", "last_name", "phone", "email_subscribe", "custom_attributes"]


def call(url, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    request.add_header("Authorization", "Bearer " + token)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def hubspot_contacts(base):
    contacts, after = {}, "0"
    while True:
        page = call(f"{base}/crm/v3/objects/contacts?limit=100&after={after}&properties={','.join(HUBSPOT_PROPS)}",
                    HUBSPOT_TOKEN)
        for row in page.get("results", []):
            props = {k: v for k, v in (row.get("properties") or {}).items() if k in HUBSPOT_PROPS and v not in (None, "")}
            contacts[(props.get("email") or "id:" + str(row.get("id"))).lower()] = props
        after = (page.get("paging") or {}).get("next", {}).get("after")
        if not after:
            return contacts


def braze_profiles(base, count):
    profiles = {}
    ids = ["gen-%07d" % i for i in range(1, count + 1)]
    for start in range(0, len(ids), 50):
        page = call(f"{base}/users/export/ids", BRAZE_KEY,
                    {"external_ids": ids[start:start + 50], "fields_to_export": BRAZE_FIELDS})
        for user in page.get("users", []):
            profiles[user.get("external_id")] = {k: user[k] for k in BRAZE_FIELDS if k in user and user[k] not in (None, "")}
    return profiles


def dump(hubspot, braze, count):
    state = {"hubspot": hubspot_contacts(hubspot), "braze": braze_profiles(braze, count)}
    print(json.dumps(state, sort_keys=True, indent=1))


def writes(hubspot, braze):
    failures, total, repeats = [], 0, 0
    for vendor, base in (("hubspot", hubspot), ("braze", braze)):
        with urllib.request.urlopen(f"{base}/_sandbox/writes", timeout=60) as response:
            log = json.load(response)["writes"]
        total += len(log)
        by_key = {}
        for entry in log:
            key = entry.get("idempotencyKey")
            if key:
                by_key.setdefault((entry["objectKey"], key), []).append(entry)
        for (object_key, key), entries in by_key.items():
            if len(entries) < 2:
                continue
            repeats += 1
            if len({e["effectDigest"] for e in entries}) > 1:
                failures.append(f"{vendor}: {object_key} key {key} applied {len(entries)} times with different effects")
            if any("event" in e["path"] or "track" in e["path"] for e in entries):
                failures.append(f"{vendor}: event {key} on {object_key} delivered {len(entries)} times")
    print(f"writes: {total} applied, {repeats} idempotent repeats (same effect), {len(failures)} violations")
    for failure in failures[:20]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "writes":
        sys.exit(writes(sys.argv[2], sys.argv[3]))
    else:
        sys.exit("usage: sandbox-state.py dump|writes ...")
