"""Who the read models' pseudonyms are: the `names` and `erasures` read models.

The store names participants by pseudonym only (store.keyring), and so do every other read
model: facts, participations and the figures cache never hold an id, and need no decryption
to be built. `names` maps a live participant's pseudonym to their id (inside the encrypted
read-model file); it is filled when an intake is read from the log, one keyring entry opened
per participant. An `erasure` read from the log deletes the row (with secure_delete) and
files the erasure in `erasures`, so an erased participant's id is gone from the read models
too, and every list shows them under their pseudonym, also `--known-at` before the erasure.
Output is named at the end: `named(conn, kind, data)`.
"""
from __future__ import annotations

import sqlite3

NAMES = "names"
ERASURES = "erasures"
ERASURE = "erasure"  # domain.personal.ERASURE (not imported: reads stay light)

CREATE = (f"CREATE TABLE IF NOT EXISTS {NAMES} (pseudonym TEXT PRIMARY KEY, "
          f"participant TEXT NOT NULL UNIQUE)",
          f"CREATE TABLE IF NOT EXISTS {ERASURES} (pseudonym TEXT PRIMARY KEY, date TEXT NOT NULL, "
          f"recorded_by TEXT NOT NULL, reason TEXT NOT NULL, recorded_at TEXT NOT NULL)")
TABLES = (NAMES, ERASURES)


def create(conn: sqlite3.Connection) -> None:
    for statement in CREATE:
        conn.execute(statement)


def split_batch(found: list) -> tuple[list, list[str], list[dict]]:
    """A batch read from the log: (the facts the other read models fold, the pseudonyms of
    its intakes, its erasure facts)."""
    erasures = [f for _, f, _ in found if f["type"] == ERASURE]
    if erasures:
        found = [item for item in found if item[1]["type"] != ERASURE]
    intakes = [f["participant"] for _, f, _ in found if f["type"] == "intake"]
    return found, intakes, erasures


def write(conn: sqlite3.Connection, names: dict[str, str], erasures: list[dict]) -> None:
    """In the batch's transaction: new names, and erasures (their names deleted for good)."""
    if names:
        conn.executemany(f"INSERT OR REPLACE INTO {NAMES} VALUES (?, ?)", names.items())
    if erasures:
        conn.execute("PRAGMA secure_delete = ON")
        conn.executemany(f"DELETE FROM {NAMES} WHERE pseudonym = ?",
                         [(f["participant"],) for f in erasures])
        conn.executemany(f"INSERT OR REPLACE INTO {ERASURES} VALUES (?, ?, ?, ?, ?)",
                         [(f["participant"], f["date"], f["recorded_by"], f["reason"],
                           f["recorded_at"]) for f in erasures])
        # SQLite leaves stale copies of rows in pages it rebalanced long ago, even with
        # secure_delete: the names are written afresh, the old table's pages zeroed.
        conn.execute(f"DROP TABLE IF EXISTS {NAMES}_fresh")
        conn.execute(CREATE[0].replace(f"EXISTS {NAMES} ", f"EXISTS {NAMES}_fresh "))
        conn.execute(f"INSERT INTO {NAMES}_fresh SELECT * FROM {NAMES}")
        conn.execute(f"DROP TABLE {NAMES}")
        conn.execute(f"ALTER TABLE {NAMES}_fresh RENAME TO {NAMES}")


def pseudonym_of(conn: sqlite3.Connection, participant: str) -> str | None:
    row = conn.execute(f"SELECT pseudonym FROM {NAMES} WHERE participant = ?",
                       (participant,)).fetchone()
    return row[0] if row else None


def erasure(conn: sqlite3.Connection, pseudonym: str) -> tuple | None:
    """(date, recorded_by, reason) of an erasure, or None."""
    return conn.execute(f"SELECT date, recorded_by, reason FROM {ERASURES} WHERE pseudonym = ?",
                        (pseudonym,)).fetchone()


def names_of(conn: sqlite3.Connection, pseudonyms) -> dict[str, str]:
    """{pseudonym: id} of those still named (live); an erased one is absent."""
    wanted = list(set(pseudonyms))
    found: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        found.update(conn.execute(f"SELECT pseudonym, participant FROM {NAMES} WHERE pseudonym "
                                  f"IN ({','.join('?' * len(chunk))})", chunk).fetchall())
    return found


def listed(kind: str, data: dict) -> list[str]:
    """The pseudonyms a status or caseload answer lists."""
    if kind == "status":
        return [e["participant"] for e in data["active"]]
    if kind in ("caseload", "caseload_detail"):
        return [p for c in data["counsellors"] for p in c["participants"]]
    if kind == "explain":
        return [e["participant"] for e in data["participants"]]
    if kind == "changes":
        return [p for c in data["changes"]
                for p in (*c["participants_added"], *c["participants_removed"])]
    return []


def named(conn: sqlite3.Connection, kind: str, data: dict) -> dict:
    """A status, caseload, explain or changes answer with each pseudonym replaced by the id
    while the participant is not erased, sorted by that name as the contracts sort by id."""
    shown = listed(kind, data)
    if not shown:
        return data
    names = names_of(conn, shown)

    def name(p: str) -> str:
        return names.get(p, p)
    if kind in ("status", "explain"):
        rows = data["active" if kind == "status" else "participants"]
        for e in rows:
            e["participant"] = name(e["participant"])
        rows.sort(key=lambda e: e["participant"])
    elif kind == "changes":
        for c in data["changes"]:
            for side in ("participants_added", "participants_removed"):
                c[side] = sorted(name(p) for p in c[side])
    else:
        for c in data["counsellors"]:
            c["participants"] = sorted(name(p) for p in c["participants"])
            for d in c.get("details", ()):
                d["participant"] = name(d["participant"])
            if "details" in c:
                c["details"].sort(key=lambda d: d["participant"])
    return data
