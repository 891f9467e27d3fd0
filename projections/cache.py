"""Read model `figures`: computed figures, kept while the tracked position stays the same.

A figure is a pure function of the read models at one position and its arguments, so an
answer computed at position P is the answer for every later read at P. Any new event moves the
position on, and every entry of an older position is dropped with the next one stored. Storing
is best effort: a busy or read-only views file just means computing again next time.
"""
from __future__ import annotations

import json
import sqlite3  # noqa: F401 - the connections' type in annotations; they are sqlcipher3's

from store.sqlcipher import Error

TABLE = "figures"
COLUMNS = ("key", "position", "data")


def key(kind: str, *args) -> str:
    return json.dumps([kind, *args], ensure_ascii=False)


def get(conn: sqlite3.Connection, name: str, position: int):
    row = conn.execute(f"SELECT data FROM {TABLE} WHERE key = ? AND position = ?",
                       (name, position)).fetchone()
    return None if row is None else json.loads(row[0])


def put(conn: sqlite3.Connection, name: str, position: int, data) -> None:
    try:
        conn.execute("PRAGMA busy_timeout = 100")
        with conn:
            conn.execute(f"DELETE FROM {TABLE} WHERE position != ?", (position,))
            conn.execute(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?)",
                         (name, position, json.dumps(data, ensure_ascii=False)))
    except Error:
        pass
