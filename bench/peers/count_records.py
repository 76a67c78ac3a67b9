"""Counts the contacts a bench/peers.sh run produced, and digests their ids so runs can be compared.

  python3 count_records.py singer FILE    # singer messages: RECORD lines of the `contacts` stream
  python3 count_records.py sqlite DB      # VendorSync database: live HubSpot identities

Prints one JSON object: {"records": n, "distinct": ids, "digest": sha256 of the sorted distinct ids}.
"""

import hashlib
import json
import sqlite3
import sys


def summary(records: int, ids: set) -> dict:
    digest = hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:16]
    return {"records": records, "distinct": len(ids), "digest": digest}


def singer(path: str) -> dict:
    records, ids = 0, set()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if '"RECORD"' not in line:
                continue
            message = json.loads(line)
            if message.get("type") == "RECORD" and message.get("stream") == "contacts":
                records += 1
                ids.add(str(message["record"]["id"]))
    return summary(records, ids)


def vendorsync(path: str) -> dict:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT record_key FROM identities WHERE vendor = 'hubspot' AND deleted = 0").fetchall()
    return summary(len(rows), {row[0] for row in rows})


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    print(json.dumps(singer(path) if kind == "singer" else vendorsync(path)))
