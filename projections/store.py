"""Where the read models live, and how they are kept up to date with the event store.

The read models are one SQLite file (default: the store's name with `.views.db`). A pull loop
reads the notification log from the tracked position, folds each batch into rows, and writes
the rows and the new tracked position in one transaction: after a crash the next catch-up
starts exactly where the last committed batch ended.

Reading must stay cheap: `current` compares the tracked position with the store's last
position using plain sqlite3, and only when behind imports the event store library
(`domain.application`) and sqlite-utils, which together cost a few hundred milliseconds.
"""
from __future__ import annotations

import os
import re
import sqlite3
import sys

SCHEMA_VERSION = 3
# Notifications per batch (and transaction). Larger batches open and close more snapshots within
# one batch (one INSERT instead of an INSERT and a later UPDATE) and read back fewer
# participants: at 20,000 participations 50,000 is ~20 % faster than 10,000; a batch's facts
# take ~40 MB.
BATCH = 50000
TRACKING = "tracking"


class ViewsError(Exception):
    """The read models cannot be built or read (unreachable store, unusable views file)."""


def is_url(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def views_path(db: str) -> str:
    """The read models' file for a store: `x.db` -> `x.views.db`; a PostgreSQL URL -> a file
    in the current folder named after host, port and database (never the password)."""
    db = os.fspath(db)
    if is_url(db):
        from domain.pgurl import server
        where = server(db)
        # A socket folder (`?host=/run/pg`) names the server by its path, without the leading /.
        name = "-".join([(where.host or "localhost").lstrip("/") or "localhost",
                         str(where.port or 5432), where.dbname or "postgres"])
        return f"nysjanse-{re.sub(r'[^A-Za-z0-9._-]', '_', name)}.views.db"
    if db.endswith(".db"):
        return db[:-3] + ".views.db"
    return db + ".views.db"


def store_head(db: str) -> tuple[int, str | None]:
    """(last notification position, origin) of the store: (0, None) when absent or empty.

    The origin is a checksum of the first stored event (which carries the instant it was
    stored): read models built from another store, or from an earlier store of the same name,
    have another origin and are rebuilt."""
    if is_url(db):
        app = _programme(db)
        top = app.max_position()
        first = app.recorder.select_notifications(1, 1) if top else []
        return top, (_origin(first[0].state) if first else None)
    if not os.path.exists(db):
        return 0, None
    try:
        conn = sqlite3.connect(f"file:{_uri_path(db)}?mode=ro", uri=True, timeout=5)
        try:
            top, state = conn.execute(
                "SELECT MAX(rowid), (SELECT state FROM stored_events ORDER BY rowid LIMIT 1) "
                "FROM stored_events").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        if "no such table" in str(error):
            return 0, None
        raise ViewsError(f"cannot read the store {db}: {error}") from None
    return top or 0, (_origin(state) if state is not None else None)


def _origin(state) -> str:
    import zlib
    if isinstance(state, str):
        state = state.encode()
    return f"{zlib.crc32(bytes(state)):08x}-{len(state)}"


def store_position(db: str) -> int:
    """The last notification position in the store; 0 for an absent or empty store."""
    return store_head(db)[0]


def _uri_path(path: str) -> str:
    from urllib.parse import quote
    return quote(os.path.abspath(path))


_APPS: dict = {}


def _programme(db: str):
    """The store's application (imports eventsourcing): only to read a store that is ahead."""
    if db in _APPS:
        return _APPS[db]
    from domain.application import Programme, StoreError
    try:
        app = _APPS[db] = Programme(db, "read-side")
        return app
    except StoreError as error:  # says which store already
        raise ViewsError(str(error)) from None
    except Exception as error:  # unreachable database, bad URL
        from domain.application import mask
        raise ViewsError(f"cannot open the store {mask(db)}: {error}") from None


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def tracked(conn: sqlite3.Connection) -> tuple[int, int, str | None] | None:
    """(position, schema version, origin) of a views file; None when it has no read models
    yet (or read models too old to say)."""
    try:
        row = conn.execute(f"SELECT position, schema, origin FROM {TRACKING}").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error) or "no such column" in str(error):
            return None
        raise
    return (row[0], row[1], row[2]) if row else None


def current(db: str, views: str | None = None) -> sqlite3.Connection:
    """A read connection to read models that have caught up with the store.

    Raises ViewsError (a plain sentence) when the store or the read models cannot be used."""
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    try:
        return _current(db, path)
    except sqlite3.Error as error:
        raise ViewsError(f"cannot use the read models {path}: {error}") from None


def _current(db: str, path: str) -> sqlite3.Connection:
    top, origin = store_head(db)
    if not os.path.exists(path) and top == 0:
        # Nothing recorded yet: answer from empty read models without writing a file.
        conn = sqlite3.connect(":memory:")
        create_schema(conn)
        ensure_indexes(conn)
        conn.commit()
        return conn
    conn = connect(path)
    state = tracked(conn)
    if state is not None and state[0] > top:
        top, origin = store_head(db)  # someone caught up with events recorded since we looked
    if (state is None or state[1] != SCHEMA_VERSION or state[0] != top
            or (top and state[2] != origin)):
        conn.close()
        catch_up(db, path)
        conn = connect(path)
    return conn


def catch_up(db: str, views: str | None = None, batch: int = BATCH, progress: bool = False,
             top: int | None = None) -> int:
    # `top` is accepted for callers of an earlier version; the store is always looked at again.
    """Bring the read models up to the store's last position; return the position reached."""
    from . import updater
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    try:
        return updater.run(db, path, batch=batch, progress=progress)
    except sqlite3.Error as error:
        raise ViewsError(f"cannot update the read models {path}: {error}") from None


def rebuild(db: str, views: str | None = None, progress: bool = False, batch: int = BATCH) -> int:
    """Drop every read model and replay the whole notification log."""
    from . import updater
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    try:
        return updater.run(db, path, batch=batch, progress=progress, drop=True)
    except sqlite3.Error as error:
        raise ViewsError(f"cannot rebuild the read models {path}: {error}") from None


def show_progress() -> bool:
    return sys.stderr.isatty()


# The indexes the reads use. A rebuild creates them only in the transaction of its last batch
# (and a catch-up before it starts): maintained while every row is appended they cost a
# rebuild of 1.5 million facts ~25 % (each batch rewrites most of their pages).
INDEXES = (("idx_facts_participant", "facts", "participant"),
           ("idx_participations_valid_to_participant", "participations", "valid_to, participant"))


OPEN_INDEX = ("CREATE INDEX IF NOT EXISTS idx_participations_open ON participations (participant) "
              "WHERE valid_to IS NULL")


def ensure_indexes(conn: sqlite3.Connection) -> None:
    conn.execute(OPEN_INDEX)  # read models written before it had it
    for name, table, cols in INDEXES:
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({cols})")


def create_schema(conn: sqlite3.Connection) -> None:
    """The empty read models, their indexes and the tracking row (in the caller's transaction).

    Tables are declared with sqlite-utils (typed columns, browsable with datasette). It is
    imported here only: creating the read models is rare (a rebuild, a first read), and the
    import costs ~0.15 s that a read of current models should not pay.
    """
    import sqlite_utils

    from .facts import COLUMNS as FACT_COLUMNS
    from .facts import TYPES as FACT_TYPES
    from .participations import COLUMNS as SNAPSHOT_COLUMNS

    python_type = {"INTEGER": int, "TEXT": str, "REAL": float}

    def columns(names, types):
        return {c: python_type[types.get(c, "TEXT")] for c in names}
    db = sqlite_utils.Database(conn)
    db[TRACKING].create({"name": str, "position": int, "schema": int, "next_id": int,
                         "origin": str}, pk="name")
    db[TRACKING].insert({"name": "views", "position": 0, "schema": SCHEMA_VERSION,
                         "next_id": 1, "origin": None})
    db["facts"].create(columns(FACT_COLUMNS, FACT_TYPES), pk="position")
    db["participations"].create(columns(SNAPSHOT_COLUMNS, {"id": "INTEGER"}), pk="id")
    db["figures"].create({"key": str, "position": int, "data": str}, pk="key")
    # Each participant's open snapshot, from the start: a catch-up reads it back for a
    # participant it dropped from memory (updater). Only open snapshots are in it, one per
    # participant, so it stays small.
    conn.execute(OPEN_INDEX)
