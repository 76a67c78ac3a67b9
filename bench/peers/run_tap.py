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
  Every request goes to the sandbox unchanged, including the metadata reads both taps make first
  (`GET /crm/v3/properties/contacts`, and `GET /crm/v3/schemas` for the singer tap), which the sandbox serves.
  * Stream choice. meltano-tap-hubspot discovers ~25 streams, most of whose endpoints the sandbox lacks, so
    `TapHubspot.discover_streams` is limited to `ContactStream` (what selecting only `contacts` in a catalog
    does); the singer tap is given a catalog with only `contacts` selected.
"""

from __future__ import annotations

import json
import os
import sys

HUBSPOT = "https://api.hubapi.com"
BASE_URL = os.environ.get("PEERS_HUBSPOT_BASE_URL", "http://127.0.0.1:18081").rstrip("/")
TOKEN = os.environ.get("PEERS_HUBSPOT_TOKEN", "pat-sandbox")


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
