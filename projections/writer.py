"""Writing batches: one batch's rows and the tracked position it reaches, in one transaction.

A crash loses at most the batch in progress, which the next catch-up reads again. Two
processes catching up at once: each batch's transaction starts with BEGIN IMMEDIATE and checks
that the tracked position is still the one the batch was folded from; the loser (`Raced`)
throws its work away and continues from where the winner got (`updater`).
"""
from __future__ import annotations

import sqlite3  # noqa: F401 - the connections' type in annotations; they are sqlcipher3's
from contextlib import contextmanager

from store import sqlcipher

from . import facts as fact_rows
from . import people
from . import participations as snaps
from .tables import TRACKING, ensure_indexes, rollback


class Raced(Exception):
    """Another process moved the tracked position while this one was folding, or started the
    read models again for another store."""


def write_batch(conn: sqlite3.Connection, expected: int, position: int, next_id: int,
                store: str | None, writes: tuple, index: bool = False,
                names: dict | None = None, erasures: list | None = None,
                head: str | None = None) -> None:
    """Write a batch folded from the tracked position `expected` up to `position`: `writes`
    as `folding.Folding.fold` returns them, the next snapshot id, the store's id, and whether
    to create the reads' indexes in the same transaction (the last batch of a rebuild), and
    the log's head digest at `position` (hex, None without a chain entry there).
    `conn` is from `tables.open_views`. Raises Raced, writing nothing, when the tracked
    position has moved or the read models belong to another store."""
    rows, retractions, deletes, closes, upserts = writes
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = conn.execute(f"SELECT position, store FROM {TRACKING}").fetchone()
        if before[0] != expected or before[1] not in (None, store):
            raise Raced()
        with nulls_bound_plainly():
            conn.executemany(fact_rows.INSERT, rows)
            conn.executemany(fact_rows.RETRACT, retractions)
            conn.executemany(snaps.DELETE, deletes)
            conn.executemany(snaps.CLOSE, closes)
            conn.executemany(snaps.INSERT, upserts)
        people.write(conn, names or {}, erasures or [])
        conn.execute(f"UPDATE {TRACKING} SET position = ?, next_id = ?, store = ?, head = ?",
                     (position, next_id, store, head))
        if index:
            ensure_indexes(conn)
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


@contextmanager
def nulls_bound_plainly():
    """None bound as NULL without the driver's adaptation look-up, while a batch is written.

    The driver (sqlcipher3, a copy of Python's sqlite3) binds a str, int or float directly, but
    sends None through its adapter protocol (a registry look-up, then `__adapt__` and
    `__conform__` looked for), several times a string's cost; a snapshot row holds a dozen
    Nones, and a rebuild binds a million. An adapter registered for None is found at the first
    look-up and gives None back, which is bound as NULL, as before: the rows stored are the
    same. Registered for the batch only, and any adapter there before is put back."""
    key = (type(None), sqlcipher.PrepareProtocol)
    before = sqlcipher.adapters.get(key)
    sqlcipher.register_adapter(type(None), _none)
    try:
        yield
    finally:
        if before is None:
            sqlcipher.adapters.pop(key, None)
        else:
            sqlcipher.adapters[key] = before


def _none(value: None) -> None:
    return value
