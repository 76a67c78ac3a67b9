"""Runs a peer HubSpot tap against the VendorSync HubSpot sandbox (bench/peers.sh).

Usage (inside the tap's own virtual environment):
  python run_tap.py singer-catalog                       # prints a contacts-only catalog, every field selected
  python run_tap.py singer --config C --catalog K        # singer tap-hubspot, sync
  python run_tap.py meltano --config C                   # meltano-tap-hubspot, contacts stream only

Environment: PEERS_HUBSPOT_BASE_URL (the sandbox, e.g. http://127.0.0.1:18081) and PEERS_HUBSPOT_TOKEN
(its private-app token).

The shim, and nothing more:
  * Base URL. singer tap-hubspot builds every URL from the module constant `tap_hubspot.BASE_URL`, which is
    set to the sandbox. meltano-tap-hubspot hard-codes `https://api.hubapi.com` in each stream class's
    `url_base` property; each such property is wrapped so the host part is replaced by the sandbox.
    Neither tap has a setting for it.
  * Two metadata reads the sandbox does not serve are answered in-process, before any contact is read:
      GET /crm/v3/properties/contacts  (both taps: the property list that decides `properties=` on the pull)
      GET /crm/v3/schemas              (singer tap: custom object schemas; answered with none)
    The property list is the sandbox's contact property registry (the HubSpot default properties it models
    plus `hs_email_optout_<id>` for each subscription type read from the sandbox), in the shape of
    `CollectionResponsePropertyNoPaging` (crm-properties-v3). Every other request, in particular every
    `GET /crm/v3/objects/contacts` page, goes to the sandbox unchanged.
  * Stream choice. meltano-tap-hubspot discovers ~25 streams, most of whose endpoints the sandbox lacks, so
    `TapHubspot.discover_streams` is limited to `ContactStream` (what selecting only `contacts` in a catalog
    does); the singer tap is given a catalog with only `contacts` selected.
"""

from __future__ import annotations

import io
import json
import os
import sys
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

HUBSPOT = "https://api.hubapi.com"
BASE_URL = os.environ.get("PEERS_HUBSPOT_BASE_URL", "http://127.0.0.1:18081").rstrip("/")
TOKEN = os.environ.get("PEERS_HUBSPOT_TOKEN", "pat-sandbox")

# (name, HubSpot property type, fieldType), as HubSpotPropertyRegistry in connectors/hubspot/Sandbox.
REGISTRY = [
    *[(name, "string", "text") for name in (
        "firstname", "lastname", "email", "phone", "mobilephone", "city", "state", "country", "zip",
        "address", "company", "jobtitle", "website", "hs_additional_emails", "hs_language")],
    ("lifecyclestage", "enumeration", "radio"),
    ("hs_object_id", "number", "number"),
    ("createdate", "datetime", "date"),
    ("lastmodifieddate", "datetime", "date"),
    ("hs_merged_object_ids", "string", "text"),
    ("hs_email_optout", "bool", "booleancheckbox"),
]


def subscription_ids() -> list[str]:
    response = requests.get(
        BASE_URL + "/communication-preferences/v3/definitions",
        headers={"Authorization": "Bearer " + TOKEN}, timeout=30)
    response.raise_for_status()
    return [d["id"] for d in response.json().get("subscriptionDefinitions", [])]


def property_list() -> dict:
    rows = REGISTRY + [(f"hs_email_optout_{i}", "bool", "booleancheckbox") for i in subscription_ids()]
    return {"results": [
        {
            "name": name, "label": name, "type": kind, "fieldType": field_type, "groupName": "contactinformation",
            "description": "", "options": [], "displayOrder": order, "calculated": False, "externalOptions": False,
            "hasUniqueValue": name == "hs_object_id", "hidden": False, "hubspotDefined": True, "formField": False,
            "modificationMetadata": {"archivable": False, "readOnlyDefinition": True,
                                     "readOnlyValue": kind in ("number", "datetime", "bool")},
            "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z", "archived": False,
        }
        for order, (name, kind, field_type) in enumerate(rows)
    ]}


def install_metadata_shim() -> None:
    """Answers the two metadata GETs the sandbox lacks; passes every other request through."""
    canned = {"/crm/v3/properties/contacts": property_list(), "/crm/v3/schemas": {"results": []}}
    original_send = HTTPAdapter.send

    def send(self, request, *args, **kwargs):
        path = urlsplit(request.url).path.rstrip("/")
        if request.method == "GET" and path in canned:
            response = requests.Response()
            response.status_code = 200
            response.headers["Content-Type"] = "application/json"
            response._content = json.dumps(canned[path]).encode()
            response.raw = io.BytesIO(response._content)
            response.url = request.url
            response.request = request
            response.encoding = "utf-8"
            response.reason = "OK"
            return response
        return original_send(self, request, *args, **kwargs)

    HTTPAdapter.send = send


def singer_catalog() -> None:
    import tap_hubspot

    tap_hubspot.BASE_URL = BASE_URL
    tap_hubspot.CONFIG.update({"api_key": TOKEN})
    stream = next(s for s in tap_hubspot.STREAMS if s.tap_stream_id == "contacts")
    schema, mdata = tap_hubspot.load_discovered_schema(stream)
    for entry in mdata:
        entry["metadata"]["selected"] = True
    json.dump({"streams": [{"stream": "contacts", "tap_stream_id": "contacts", "schema": schema,
                            "metadata": mdata}]}, sys.stdout)


def run_singer(argv: list[str]) -> None:
    import tap_hubspot

    tap_hubspot.BASE_URL = BASE_URL
    sys.argv = ["tap-hubspot", *argv]
    tap_hubspot.main()


def run_meltano(argv: list[str]) -> None:
    import inspect

    from tap_hubspot import client, streams
    from tap_hubspot.tap import TapHubspot

    for module in (client, streams):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            prop = cls.__dict__.get("url_base")
            if isinstance(prop, property):
                setattr(cls, "url_base", property(
                    lambda self, fget=prop.fget: fget(self).replace(HUBSPOT, BASE_URL)))
    TapHubspot.discover_streams = lambda self: [streams.ContactStream(self)]
    sys.argv = ["tap-hubspot", *argv]
    TapHubspot.cli()


def main() -> None:
    mode, argv = sys.argv[1], sys.argv[2:]
    install_metadata_shim()
    if mode == "singer-catalog":
        singer_catalog()
    elif mode == "singer":
        run_singer(argv)
    elif mode == "meltano":
        run_meltano(argv)
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
