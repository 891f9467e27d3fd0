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

SCHEMA_VERSION = 4  # 4: the tracking row names the store (its id), not a checksum
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
    """(last notification position, store id) of the store: (0, None) when absent or empty.

    Raises ViewsError for a file or database that is not a nysjanse store. Read models
    record the id of the store they were built from (see domain.identity)."""
    if is_url(db):
        app = _programme(db)
        try:
            return app.max_position(), app.store_id
        except Exception as error:  # the server went away since it was opened
            raise ViewsError(str(app.failure(error, "opened"))) from None
    from domain import identity
    try:
        found = identity.look(db, identity.STORE_MARK)
        kind = identity.store_kind(found)
    except identity.NotOurs as error:
        raise ViewsError(f"{db} is not a nysjanse store: {error}") from None
    except OSError as error:
        raise ViewsError(f"cannot read the store {db}: {error.strerror or error}") from None
    if kind == "new":
        return 0, None
    try:
        conn = sqlite3.connect(f"file:{_uri_path(db)}?mode=ro", uri=True, timeout=5)
        try:
            top, first = conn.execute(
                "SELECT MAX(rowid), (SELECT state FROM stored_events ORDER BY rowid LIMIT 1) "
                "FROM stored_events").fetchone()
            try:
                row = conn.execute(f"SELECT id FROM {identity.ID_TABLE}").fetchone()
            except sqlite3.OperationalError:  # a previous version's store, not yet adopted
                row = None
        finally:
            conn.close()
    except sqlite3.Error as error:
        raise ViewsError(f"cannot read the store {db}: {_plain_sqlite(error)}") from None
    return top or 0, (row[0] if row else identity.legacy_id(first))


def store_position(db: str) -> int:
    """The last notification position in the store; 0 for an absent or empty store."""
    return store_head(db)[0]


def _uri_path(path: str) -> str:
    from urllib.parse import quote
    return quote(os.path.abspath(path))


def _plain_sqlite(error: Exception) -> str:
    """SQLite's words, where they would puzzle, in plain ones."""
    text = str(error).strip() or type(error).__name__
    if "readonly database" in text:
        return "the file is read-only"
    if "unable to open database file" in text:
        return "the file or its folder cannot be opened"
    return text


_APPS: dict = {}


def _programme(db: str):
    """The store's application (imports eventsourcing): only to read a store that is ahead."""
    if db in _APPS:
        return _APPS[db]
    from domain.application import Programme, StoreError
    try:
        app = _APPS[db] = Programme(db, "read-side")
        return app
    except StoreError as error:  # already one sentence
        raise ViewsError(str(error)) from None
    except Exception as error:  # noqa: BLE001 - unreachable database, bad URL
        from domain.application import mask, scrub
        raise ViewsError(f"cannot open the store {mask(db)}: "
                         f"{scrub(_plain_sqlite(error), db)}") from None


def connect(path: str) -> sqlite3.Connection:
    """The read models, for reading (never creates the file)."""
    conn = sqlite3.connect(f"file:{_uri_path(path)}?mode=rw", uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def tracked(conn: sqlite3.Connection) -> tuple[int, int, str | None] | None:
    """(position, schema version, store id) of a views file; None when it has no read models
    yet (or read models too old to say)."""
    try:
        row = conn.execute(f"SELECT position, schema, store FROM {TRACKING}").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error) or "no such column" in str(error):
            return None
        raise
    return (row[0], row[1], row[2]) if row else None


def views_kind(path: str) -> str:
    """"new" (absent, empty), "ours" (read models, of any version); raises ViewsError,
    without writing anything, for a file that is not nysjanse's read models."""
    from domain import identity
    try:
        found = identity.look(path, identity.VIEWS_MARK)
    except identity.NotOurs as error:
        raise ViewsError(f"refusing to use {path} for the read models: {error}; "
                         f"nothing was written") from None
    except OSError as error:
        raise ViewsError(f"cannot open the read models {path}: {error.strerror or error}") from None
    if found.kind in ("missing", "empty"):
        return "new"
    if found.kind == "marked":
        return "ours"
    tracking = found.tables.get(TRACKING) or ""
    if "schema" in tracking and "position" in tracking:  # ours, from before the mark
        return "ours"
    reason = (identity.others(found.tables) if "stored_events" not in found.tables
              else "it is a nysjanse store, not read models")
    raise ViewsError(f"refusing to use {path} for the read models: {reason}; nothing was written")


def _agrees(state, top: int, store: str | None, at_least: bool = False) -> bool:
    """Whether read models (their tracked state) answer for the store at position `top`:
    exactly there, or, just after a catch-up, there or later (events recorded meanwhile)."""
    return (state is not None and state[1] == SCHEMA_VERSION
            and (state[0] >= top if at_least else state[0] == top)
            and (state[2] == store or state[0] == 0))


def current(db: str, views: str | None = None) -> sqlite3.Connection:
    """A read connection to read models that have caught up with the store.

    Raises ViewsError (a plain sentence) when the store or the read models cannot be used."""
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    try:
        return _current(db, path, explicit=views is not None)
    except sqlite3.Error as error:
        raise ViewsError(f"cannot use the read models {path}: {_plain_sqlite(error)}") from None


def _current(db: str, path: str, explicit: bool) -> sqlite3.Connection:
    top, store = store_head(db)
    kind = views_kind(path)
    if kind == "new" and top == 0:
        # Nothing recorded yet: answer from empty read models without writing a file.
        conn = sqlite3.connect(":memory:")
        create_schema(conn)
        ensure_indexes(conn)
        conn.commit()
        return conn
    for attempt in range(3):
        if kind == "ours" and os.path.exists(path):
            conn = connect(path)
            state = tracked(conn)
            if not attempt and state is not None and state[0] > top:
                top, store = store_head(db)  # someone caught up with events recorded since
            if _agrees(state, top, store, at_least=attempt > 0):
                return conn
            conn.close()
        # Behind, of an older schema or of another store: catch up. The file can vanish
        # meanwhile (deleted by hand): then it is made again.
        _catch_up(db, path, BATCH, False, explicit)
        kind = "ours"
    raise ViewsError(f"cannot use the read models {path}: they changed while being "
                     f"brought up to date; try again")


def catch_up(db: str, views: str | None = None, batch: int = BATCH, progress: bool = False,
             top: int | None = None) -> int:
    # `top` is accepted for callers of an earlier version; the store is always looked at again.
    """Bring the read models up to the store's last position; return the position reached."""
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    return _catch_up(db, path, batch, progress, views is not None)


def _catch_up(db: str, path: str, batch: int, progress: bool, explicit: bool,
              drop: bool = False) -> int:
    from . import updater
    for attempt in range(3):
        try:
            return updater.run(db, path, batch=batch, progress=progress, drop=drop,
                               explicit=explicit)
        except updater.Moved:
            continue  # the file was deleted or replaced under us: start again on the new one
        except sqlite3.Error as error:
            what = "rebuild" if drop else "update"
            raise ViewsError(f"cannot {what} the read models {path}: "
                             f"{_plain_sqlite(error)}") from None
    raise ViewsError(f"cannot update the read models {path}: the file keeps being deleted or "
                     f"replaced while it is written; try again")


def rebuild(db: str, views: str | None = None, progress: bool = False, batch: int = BATCH) -> int:
    """Drop every read model and replay the whole notification log."""
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    return _catch_up(db, path, batch, progress, views is not None, drop=True)


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
                         "store": str}, pk="name")
    db[TRACKING].insert({"name": "views", "position": 0, "schema": SCHEMA_VERSION,
                         "next_id": 1, "store": None})
    db["facts"].create(columns(FACT_COLUMNS, FACT_TYPES), pk="position")
    db["participations"].create(columns(SNAPSHOT_COLUMNS, {"id": "INTEGER"}), pk="id")
    db["figures"].create({"key": str, "position": int, "data": str}, pk="key")
    # Each participant's open snapshot, from the start: a catch-up reads it back for a
    # participant it dropped from memory (updater). Only open snapshots are in it, one per
    # participant, so it stays small.
    conn.execute(OPEN_INDEX)
