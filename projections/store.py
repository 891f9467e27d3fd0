"""The read models kept up to date with the event store: `current`, `catch_up`, `rebuild`.

The read models are one SQLite file (default: the store's name with `.views.db`, see
`tables`). Before every read `current` compares the tracked position with the store's last
position using sqlcipher3 alone, and only when behind runs the catch-up (`updater`), which
imports the event store library and sqlite-utils (a few hundred milliseconds together).
After a crash the next catch-up starts exactly where the last committed batch ended.
"""
from __future__ import annotations

import os
import sqlite3  # noqa: F401 - the connections' type in annotations; they are sqlcipher3's

from store import sqlcipher

from .tables import (SCHEMA_VERSION, Moved, ViewsError, connect, create_schema, ensure_indexes,
                     master_key, plain_sqlite, store_head, tracked, views_kind, views_path)
from .tables import store_position  # noqa: F401 - for callers, beside current and catch_up

# Notifications per batch (and transaction). Larger batches open and close more snapshots within
# one batch (one INSERT instead of an INSERT and a later UPDATE) and read back fewer
# participants: at 20,000 participations 50,000 is ~20 % faster than 10,000; a batch's facts
# take ~40 MB.
BATCH = 50000


def agrees(state, top: int, store: str | None, at_least: bool = False) -> bool:
    """Whether read models (their tracked state) answer for the store at position `top`:
    exactly there, or, just after a catch-up, there or later (events recorded meanwhile)."""
    return (state is not None and state[1] == SCHEMA_VERSION
            and (state[0] >= top if at_least else state[0] == top)
            and (state[2] == store or state[0] == 0))


def current(db: str, views: str | None = None, key=None) -> sqlite3.Connection:
    """A read connection to read models that have caught up with the store; `key` (a
    store.keys.MasterKey, default the per-user key) opens the store and the read models.

    Raises ViewsError (a plain sentence) when the store or the read models cannot be used."""
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    try:
        return _current(db, path, explicit=views is not None, key=master_key(key))
    except sqlcipher.Error as error:
        raise ViewsError("cannot use the read models {path}: {error}", path=path,
                         error=plain_sqlite(error)) from None


def _current(db: str, path: str, explicit: bool, key=None) -> sqlite3.Connection:
    top, store = store_head(db, key)
    kind = views_kind(path, key)
    if kind == "new" and top == 0:
        # Nothing recorded yet: answer from empty read models without writing a file.
        conn = sqlcipher.memory()
        create_schema(conn)
        ensure_indexes(conn)
        conn.commit()
        return conn
    for attempt in range(3):
        if kind == "ours" and os.path.exists(path):
            conn = connect(path, key)
            state = tracked(conn)
            if not attempt and state is not None and state[0] > top:
                top, store = store_head(db, key)  # someone caught up with events recorded since
            if agrees(state, top, store, at_least=attempt > 0):
                return conn
            conn.close()
        # Behind, of an older schema or of another store: catch up. The file can vanish
        # meanwhile (deleted by hand): then it is made again.
        _catch_up(db, path, BATCH, False, explicit, key=key)
        kind = "ours"
    raise ViewsError("cannot use the read models {path}: they changed while being brought up to "
                     "date; try again", path=path)


def catch_up(db: str, views: str | None = None, batch: int = BATCH, progress: bool = False,
             top: int | None = None, key=None) -> int:
    # `top` is accepted for callers of an earlier version; the store is always looked at again.
    """Bring the read models up to the store's last position; return the position reached."""
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    return _catch_up(db, path, batch, progress, views is not None, key=master_key(key))


def _catch_up(db: str, path: str, batch: int, progress: bool, explicit: bool,
              drop: bool = False, key=None) -> int:
    from . import updater
    for attempt in range(3):
        try:
            return updater.run(db, path, batch=batch, progress=progress, drop=drop,
                               explicit=explicit, key=key)
        except Moved:
            continue  # the file was deleted or replaced under us: start again on the new one
        except sqlcipher.Error as error:
            if drop:
                raise ViewsError("cannot rebuild the read models {path}: {error}", path=path,
                                 error=plain_sqlite(error)) from None
            raise ViewsError("cannot update the read models {path}: {error}", path=path,
                             error=plain_sqlite(error)) from None
    raise ViewsError("cannot update the read models {path}: the file keeps being deleted or "
                     "replaced while it is written; try again", path=path)


def rebuild(db: str, views: str | None = None, progress: bool = False, batch: int = BATCH,
            key=None) -> int:
    """Drop every read model and replay the whole notification log."""
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    return _catch_up(db, path, batch, progress, views is not None, drop=True,
                     key=master_key(key))
