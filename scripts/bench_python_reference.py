#!/usr/bin/env python3
"""make bench's scripted reference: native JSON Lines into the store's own schema with Python's
json and sqlite3 modules, as a user would script it. Same table and indexes (the database is
created by Hindsight's migrations), same NULLs, the store's pragmas, one transaction, duplicates
skipped by id. The digest column gets a CRC-32 of the line (a C function: cheaper than
Hindsight's digest, so the comparison does not flatter Hindsight).

usage: bench_python_reference.py DATABASE EVENTS.jsonl
"""
import json
import sqlite3
import sys
import zlib
from datetime import datetime

COLUMNS = [
    "id", "digest", "time", "kind", "service", "environment", "summary", "end_time", "version",
    "reverts", "status", "incident", "severity", "title", "host", "count", "scope", "scope_percent",
    "scope_hosts", "actor", "source", "url", "labels", "region", "attributes",
]


def millis(text):
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def compact(value):
    return None if value is None else json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def rows(path):
    with open(path, "rb") as f:
        for line in f:
            stripped = line.strip()
            if not stripped or stripped.startswith(b"#"):
                continue
            e = json.loads(line)
            scope = e.get("scope")
            labels = e.get("labels")
            region = (labels or {}).get("region") or ((scope or {}).get("regions") or [None])[0]
            yield (
                e["id"], zlib.crc32(stripped), millis(e["time"]), e["kind"], e["service"],
                e.get("environment", "production"), e.get("summary"),
                millis(e["end"]) if "end" in e else None, e.get("version"), e.get("reverts"),
                e.get("status"), e.get("incident"), e.get("severity"), e.get("title"), e.get("host"),
                e.get("count", 1), compact(scope), (scope or {}).get("percent"), (scope or {}).get("hosts"),
                e.get("actor"), e.get("source"), e.get("url"), compact(labels), region,
                compact(e.get("attributes")),
            )


def main():
    database, path = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(database, isolation_level=None)
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA cache_size = -65536")
    con.execute("PRAGMA temp_store = MEMORY")
    sql = "INSERT INTO event (%s) VALUES (%s) ON CONFLICT(id) DO NOTHING" % (
        ", ".join(COLUMNS), ", ".join("?" * len(COLUMNS)))
    con.execute("BEGIN IMMEDIATE")
    con.executemany(sql, rows(path))
    con.execute("COMMIT")
    con.close()


if __name__ == "__main__":
    main()
