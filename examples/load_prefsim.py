#!/usr/bin/env python3
"""Reads a prefsim store (SQLite) and, optionally, a `prefsim store export` JSONL file, with the
standard library alone, and prints the number of labels per annotator in each.

    python3 examples/load_prefsim.py STORE.db [EXPORT.jsonl]

The schema is documented in reward/store/README.md.
"""
import collections
import hashlib
import json
import sqlite3
import sys


def store_counts(db_path):
    """Labels per annotator in the SQLite store (opened read-only)."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT annotator, COUNT(*) FROM labels GROUP BY annotator ORDER BY annotator"))
    finally:
        con.close()


def export_counts(jsonl_path):
    """Labels per annotator in a JSONL export, after checking its trailer (counts and sha256)."""
    with open(jsonl_path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        raise SystemExit(f"{jsonl_path}: empty file")
    trailer = json.loads(lines[-1])
    if trailer.get("type") != "trailer":
        raise SystemExit(f"{jsonl_path}: line {len(lines)}: expected the trailer last; the file is cut short")
    body = b"".join(line + b"\n" for line in lines[:-1])
    if hashlib.sha256(body).hexdigest() != trailer["sha256"]:
        raise SystemExit(f"{jsonl_path}: line {len(lines)}: sha256 does not match the lines before it")
    per_type = collections.Counter()
    annotators = collections.Counter()
    for line in lines[:-1]:
        if not line.strip():
            continue
        rec = json.loads(line)
        per_type[rec["type"]] += 1
        if rec["type"] == "label":
            annotators[rec["annotator"]] += 1
    for kind, n in trailer["counts"].items():
        if per_type[kind] != n:
            raise SystemExit(f"{jsonl_path}: trailer says {n} {kind} lines, found {per_type[kind]}")
    return dict(sorted(annotators.items()))


def main(argv):
    if len(argv) not in (2, 3):
        raise SystemExit(__doc__)
    print(f"store {argv[1]}")
    for annotator, n in store_counts(argv[1]).items():
        print(f"  {annotator}\t{n}")
    if len(argv) == 3:
        print(f"export {argv[2]}")
        for annotator, n in export_counts(argv[2]).items():
            print(f"  {annotator}\t{n}")


if __name__ == "__main__":
    main(sys.argv)
