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
from urllib.parse import unquote, urlsplit

SCHEMA_VERSION = 2
BATCH = 10000
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
        parts = urlsplit(db)
        name = "-".join([parts.hostname or "localhost", str(parts.port or 5432),
                         unquote(parts.path.lstrip("/")) or "postgres"])
        return f"nysjanse-{re.sub(r'[^A-Za-z0-9._-]', '_', name)}.views.db"
    if db.endswith(".db"):
        return db[:-3] + ".views.db"
    return db + ".views.db"


def store_position(db: str) -> int:
    """The last notification position in the store; 0 for an absent or empty store."""
    if is_url(db):
        return _programme(db).max_position()
    if not os.path.exists(db):
        return 0
    try:
        conn = sqlite3.connect(f"file:{_uri_path(db)}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT MAX(rowid) FROM stored_events").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        if "no such table" in str(error):
            return 0
        raise ViewsError(f"cannot read the store {db}: {error}") from None
    return row[0] or 0


def _uri_path(path: str) -> str:
    from urllib.parse import quote
    return quote(os.path.abspath(path))


def _programme(db: str):
    try:
        from domain.application import Programme
        return Programme(db, "read-side")
    except Exception as error:  # unreachable database, bad URL
        from domain.application import mask
        raise ViewsError(f"cannot open the store {mask(db)}: {error}") from None


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def tracked(conn: sqlite3.Connection) -> tuple[int, int] | None:
    """(position, schema version) of a views file; None when it has no read models yet."""
    try:
        row = conn.execute(f"SELECT position, schema FROM {TRACKING}").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise
    return (row[0], row[1]) if row else None


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
    top = store_position(db)
    if not os.path.exists(path) and top == 0:
        # Nothing recorded yet: answer from empty read models without writing a file.
        conn = sqlite3.connect(":memory:")
        _create_schema_sql(conn)
        return conn
    conn = connect(path)
    state = tracked(conn)
    if state is not None and state[0] > top:
        top = store_position(db)  # someone caught up with events recorded since we looked
    if state is None or state[1] != SCHEMA_VERSION or state[0] != top:
        conn.close()
        catch_up(db, path, top=top)
        conn = connect(path)
    return conn


def catch_up(db: str, views: str | None = None, batch: int = BATCH, progress: bool = False,
             top: int | None = None) -> int:
    """Bring the read models up to the store's last position; return the position reached."""
    from . import updater
    db = os.fspath(db)
    path = os.fspath(views) if views else views_path(db)
    try:
        return updater.run(db, path, batch=batch, progress=progress, top=top)
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


# The schema as plain SQL, the same as updater creates with sqlite-utils; used only for the
# empty in-memory read models of a store that does not exist yet.
def _create_schema_sql(conn: sqlite3.Connection) -> None:
    from .facts import COLUMNS as FACT_COLUMNS
    from .participations import COLUMNS as SNAPSHOT_COLUMNS
    conn.execute(f"CREATE TABLE {TRACKING} (name TEXT PRIMARY KEY, position INTEGER, "
                 f"schema INTEGER, next_id INTEGER)")
    conn.execute(f"INSERT INTO {TRACKING} VALUES ('views', 0, {SCHEMA_VERSION}, 1)")
    conn.execute(f"CREATE TABLE facts ({', '.join(FACT_COLUMNS)})")
    conn.execute(f"CREATE TABLE participations ({', '.join(SNAPSHOT_COLUMNS)})")
    conn.execute("CREATE TABLE figures (key TEXT PRIMARY KEY, position INTEGER, data TEXT)")
    conn.commit()
