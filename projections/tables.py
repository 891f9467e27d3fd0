"""The read side's first layer: the read models' file, its tables, and the store it follows.

Paths (`views_path`), connections for reading (`connect`) and for writing (`open_views`), the
schema (`create_schema`, `ensure_schema`, the indexes), the tracking row (`tracked`,
`tracked_ids`), a look at the store's head (`store_head`) and the errors (`ViewsError`,
`Moved`). Everything above it (log, folding, writer, updater, store, queries) imports from
here; this module imports only the read models' own modules (`facts`, `participations`,
`cache`, for their table names and columns) and `domain`.

Every connection is a SQLCipher one keyed with the master key (store.sqlcipher: `key` below
is a store.keys.MasterKey); its errors are `sqlcipher.Error`, not `sqlite3.Error`.

A read of current read models must stay cheap: the store's head is read with sqlcipher3 alone;
the event store library (`store.application`, for a PostgreSQL store) and sqlite-utils
(creating tables) are imported only when needed, which together cost a few hundred ms.
"""
from __future__ import annotations

import atexit
import os
import re
import sqlite3  # noqa: F401 - the connections' type in annotations; they are sqlcipher3's

from domain.messages import Said, Text

from . import people
from store import sqlcipher
from store.files import is_url, per_user, unwritable  # one reading of a store name, as the CLI has

# 7: pseudonyms, the names and erasures read models (people); 6: the tracking row holds the
# log's head digest at its position; 5: snapshots name the events behind them
SCHEMA_VERSION = 7
TRACKING = "tracking"


class ViewsError(Said):
    """The read models cannot be built or read (unreachable store, unusable views file)."""


class Moved(Exception):
    """The read models' file was deleted or replaced, or started again for another store,
    while this process was writing it: the catch-up begins again."""


def views_path(db: str) -> str:
    """The read models' file for a store: `x.db` -> `x.views.db`; a PostgreSQL URL -> a file
    in the per-user data folder (`per_user_folder`), never the current one, named after host,
    port and database (never the password)."""
    db = os.fspath(db)
    if is_url(db):
        from store.pgurl import server
        where = server(db)
        # A socket folder (`?host=/run/pg`) names the server by its path, without the leading /.
        name = "-".join([(where.host or "localhost").lstrip("/") or "localhost",
                         str(where.port or 5432), where.dbname or "postgres"])
        return os.path.join(per_user_folder(),
                            f"nysjanse-{re.sub(r'[^A-Za-z0-9._-]', '_', name)}.views.db")
    if db.endswith(".db"):
        return db[:-3] + ".views.db"
    return db + ".views.db"


def per_user_folder() -> str:
    """Where a PostgreSQL store's read models are kept for this user: $XDG_DATA_HOME/nysjanse
    (default ~/.local/share/nysjanse), made 0700 on first use."""
    folder = os.path.join(per_user("XDG_DATA_HOME", ".local", "share"), "nysjanse")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as error:
        raise ViewsError("cannot make the folder {folder} for the read models: {reason}",
                         folder=folder, reason=error.strerror or str(error)) from None
    return folder


def uri_path(path: str) -> str:
    """A file's path as an SQLite URI path (`file:...?mode=ro`)."""
    from urllib.parse import quote
    return quote(os.path.abspath(path))


def plain_sqlite(error: Exception) -> str:
    """SQLite's words, where they would puzzle, in plain ones."""
    text = str(error).strip() or type(error).__name__
    if "readonly database" in text:
        return "the file is read-only"
    if "unable to open database file" in text:
        return "the file or its folder cannot be opened"
    return text


_APPS: dict = {}


@atexit.register
def close_programmes() -> None:
    """Close the cached applications while the interpreter is whole: a PostgreSQL pool left
    to the garbage collector at exit prints "Exception ignored in PostgresDatastore.__del__"."""
    while _APPS:
        _APPS.popitem()[1].close()


def master_key(key):
    """The key given, or the per-user default (store.keys) for callers that give none."""
    if key is not None:
        return key
    from store import keys
    try:
        return keys.find()[0]
    except keys.KeyProblem as problem:
        raise ViewsError("no master key: {problem}", problem=problem) from None


def programme(db: str, key=None):
    """The store's application (imports eventsourcing): only to read a store that is ahead,
    or a PostgreSQL store. One per store, key and process."""
    key = master_key(key)
    if (db, key) in _APPS:
        return _APPS[db, key]
    from store.application import Programme, StoreError
    try:
        app = _APPS[db, key] = Programme(db, "read-side", key=key, reading=True)
        return app
    except StoreError as error:  # already one sentence
        raise ViewsError(error.text) from None
    except Exception as error:  # noqa: BLE001 - unreachable database, bad URL
        from store.application import mask, scrub
        raise ViewsError("cannot open the store {db}: {error}", db=mask(db),
                         error=scrub(plain_sqlite(error), db)) from None


def store_head(db: str, key=None) -> tuple[int, str | None]:
    """(last notification position, store id) of the store: (0, None) when absent or empty.

    Raises ViewsError for a file or database that is not a nysjanse store. Read models
    record the id of the store they were built from (see store.identity)."""
    if is_url(db):
        app = programme(db, key)
        try:
            return app.max_position(), app.store_id
        except Exception as error:  # the server went away since it was opened
            raise ViewsError(app.failure(error, "opened").text) from None
    from store import identity
    key = master_key(key)
    try:
        found = identity.look(db, identity.STORE_MARK, key)
        kind = identity.store_kind(found)
    except identity.NotOurs as error:
        raise ViewsError("{db} is not a nysjanse store: {error}", db=db, error=error) from None
    except sqlcipher.WrongKey as error:
        raise ViewsError(error.text) from None
    except OSError as error:
        raise ViewsError("cannot read the store {db}: {value}", db=db,
                         value=error.strerror or error) from None
    if kind == "new":
        return 0, None
    if found.plain:
        raise ViewsError(identity.unencrypted_store(db))
    try:
        conn = sqlcipher.connect(sqlcipher.uri(db, readonly=True), key, uri=True, shown=db)
        try:
            top, first = conn.execute(
                "SELECT MAX(rowid), (SELECT state FROM stored_events ORDER BY rowid LIMIT 1) "
                "FROM stored_events").fetchone()
            try:
                row = conn.execute(f"SELECT id FROM {identity.ID_TABLE}").fetchone()
            except sqlcipher.OperationalError:  # a previous version's store, not yet adopted
                row = None
        finally:
            conn.close()
    except sqlcipher.WrongKey as error:
        raise ViewsError(error.text) from None
    except sqlcipher.Error as error:
        raise ViewsError("cannot read the store {db}: {error}", db=db,
                         error=plain_sqlite(error)) from None
    return top or 0, (row[0] if row else identity.legacy_id(first))


def store_digest(db: str, position: int, key=None) -> bytes | None:
    """The hash chain's digest at a position of the store, as stored (one look-up by primary
    key; None when there is no entry there). `key` opens the store (store.keys.MasterKey)."""
    if is_url(db):
        app = programme(db, key)
        try:
            return app.chain_digest(position)
        except Exception as error:  # the server went away since it was opened
            raise ViewsError(str(app.failure(error, "opened"))) from None
    from store import identity
    try:
        conn = sqlcipher.connect(sqlcipher.uri(db, readonly=True), master_key(key), uri=True,
                                 shown=db)
        try:
            row = conn.execute(f"SELECT digest FROM {identity.CHAIN_TABLE} WHERE position = ?",
                               (position,)).fetchone()
        finally:
            conn.close()
    except sqlcipher.WrongKey as error:
        raise ViewsError(error.text) from None
    except sqlcipher.OperationalError as error:
        if "no such table" in str(error):  # a store written before the chain
            return None
        raise ViewsError("cannot read the store {db}: {error}", db=db,
                         error=plain_sqlite(error)) from None
    except sqlcipher.Error as error:
        raise ViewsError("cannot read the store {db}: {error}", db=db,
                         error=plain_sqlite(error)) from None
    return bytes(row[0]) if row else None


def store_position(db: str, key=None) -> int:
    """The last notification position in the store; 0 for an absent or empty store."""
    return store_head(db, key)[0]


def connect(path: str, key=None) -> sqlite3.Connection:
    """The read models, for reading (never creates the file)."""
    try:
        conn = sqlcipher.connect(sqlcipher.uri(path), master_key(key), uri=True, timeout=30,
                                 shown=path)
    except sqlcipher.WrongKey as error:
        raise ViewsError(error.text) from None
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def open_views(path: str, key=None) -> sqlite3.Connection:
    """The read models, for writing (creates the file, 0600): transactions are begun
    explicitly."""
    try:
        conn = sqlcipher.connect(path, master_key(key), create=True, timeout=30,
                                 isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = wal")
    except sqlcipher.WrongKey as error:
        raise ViewsError(error.text) from None
    except OSError as error:
        raise ViewsError("cannot open the read models {path}: {error}", path=path,
                         error=unwritable(error, path)) from None
    except sqlcipher.Error as error:
        raise ViewsError("cannot open the read models {path}: {error}", path=path,
                         error=error) from None
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB: a rebuild's inserts stay in memory
    # Some builds zero every freed page (a rebuild's DROP writes the whole file again). The read
    # models hold nothing the event store does not keep forever anyway.
    conn.execute("PRAGMA secure_delete = OFF")
    return conn


def tracked(conn: sqlite3.Connection) -> tuple[int, int, str | None] | None:
    """(position, schema version, store id) of a views file; None when it has no read models
    yet (or read models too old to say)."""
    try:
        row = conn.execute(f"SELECT position, schema, store FROM {TRACKING}").fetchone()
    except sqlcipher.OperationalError as error:
        if "no such table" in str(error) or "no such column" in str(error):
            return None
        raise
    return (row[0], row[1], row[2]) if row else None


def tracked_ids(conn: sqlite3.Connection, store: str | None = None) -> tuple[int, int]:
    """The tracked (position, next snapshot id); with `store`, raises Moved when the read
    models were started again for another store meanwhile (the catch-up begins again)."""
    position, next_id, tracked_store = conn.execute(
        f"SELECT position, next_id, store FROM {TRACKING}").fetchone()
    if store is not None and tracked_store not in (None, store):
        raise Moved()
    return position, next_id


def views_kind(path: str, key=None) -> str:
    """"new" (absent, empty), "ours" (read models, of any version), "plain" (read models
    written before encryption: thrown away and built again, `discard`); raises ViewsError,
    without writing anything, for a file that is not nysjanse's read models."""
    from store import identity
    try:
        found = identity.look(path, identity.VIEWS_MARK, master_key(key))
    except sqlcipher.WrongKey as error:
        raise ViewsError(error.text) from None
    except identity.NotOurs as error:
        raise ViewsError("refusing to use {path} for the read models: {error}; nothing was "
                         "written", path=path, error=error) from None
    except OSError as error:
        raise ViewsError("cannot open the read models {path}: {value}", path=path,
                         value=error.strerror or error) from None
    if found.kind in ("missing", "empty"):
        return "new"
    if found.kind == "marked":
        return "plain" if found.plain else "ours"
    tracking = found.tables.get(TRACKING) or ""
    if "schema" in tracking and "position" in tracking:  # ours, from before the mark
        return "plain" if found.plain else "ours"
    reason = (identity.others(found.tables) if "stored_events" not in found.tables
              else Text("it is a nysjanse store, not read models"))
    raise ViewsError("refusing to use {path} for the read models: {reason}; nothing was written",
                     path=path, reason=reason)


def discard(path: str) -> None:
    """Remove read models written before encryption (derived data, in plain bytes) and their
    companions; they are built again, encrypted."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


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


def rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if one is: Ctrl-C can land just after COMMIT returned."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def with_indexes(conn: sqlite3.Connection) -> None:
    """The reads' indexes, in a transaction of their own (a connection from open_views)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        ensure_indexes(conn)
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


def create_schema(conn: sqlite3.Connection) -> None:
    """The empty read models, their indexes and the tracking row (in the caller's transaction).

    Tables are declared with sqlite-utils (typed columns). It is
    imported here only: creating the read models is rare (a rebuild, a first read), and the
    import costs ~0.15 s that a read of current models should not pay.
    """
    import sqlite_utils

    from . import cache
    from . import facts as fact_rows
    from . import participations as snaps

    python_type = {"INTEGER": int, "TEXT": str, "REAL": float}

    def columns(names, types):
        return {c: python_type[types.get(c, "TEXT")] for c in names}
    db = sqlite_utils.Database(conn)
    # head: the hash chain's digest (hex) at `position`, the log the read models were computed
    # from (store.chain); NULL for a store without a chain entry there.
    db[TRACKING].create({"name": str, "position": int, "schema": int, "next_id": int,
                         "store": str, "head": str}, pk="name")
    db[TRACKING].insert({"name": "views", "position": 0, "schema": SCHEMA_VERSION,
                         "next_id": 1, "store": None})
    db[fact_rows.TABLE].create(columns(fact_rows.COLUMNS, fact_rows.TYPES), pk="position")
    db[snaps.TABLE].create(columns(snaps.COLUMNS, {"id": "INTEGER"}), pk="id")
    db[cache.TABLE].create({"key": str, "position": int, "data": str}, pk="key")
    # Each participant's open snapshot, from the start: a catch-up reads it back for a
    # participant it dropped from memory (folding). Only open snapshots are in it, one per
    # participant, so it stays small.
    conn.execute(OPEN_INDEX)
    people.create(conn)


def ensure_schema(conn: sqlite3.Connection, drop: bool = False, store: str | None = None,
                  db: str | None = None, explicit: bool = False,
                  path: str = "", key=None) -> tuple[int, int]:
    """Create the read models (dropping them first when asked, when their schema is old, or
    when they are of another store); return the tracked (position, next snapshot id).

    Read models of another store are derived data: at the default place beside the store they
    are rebuilt; a file named with --views is refused (ViewsError), never written."""
    from store.identity import VIEWS_MARK

    from . import cache
    from . import facts as fact_rows
    from . import participations as snaps
    conn.execute("BEGIN IMMEDIATE")
    try:
        state = tracked(conn)
        if (state is not None and state[1] == SCHEMA_VERSION and state[0]
                and store is not None and state[2] not in (None, store)):
            if explicit:
                raise ViewsError("the read models {path} belong to another store; nothing was "
                                 "written (name another --views file, or delete this one)",
                                 path=path)
            drop = True
        if db is not None and state is not None and state[0] and state[0] > store_head(db, key)[0]:
            drop = True  # ahead of the store: an older copy of it (a backup put back)
        if drop or state is None or state[1] != SCHEMA_VERSION:
            for name in (TRACKING, fact_rows.TABLE, snaps.TABLE, cache.TABLE, *people.TABLES):
                conn.execute(f"DROP TABLE IF EXISTS [{name}]")
            create_schema(conn)
        if conn.execute("PRAGMA application_id").fetchone()[0] != VIEWS_MARK:
            conn.execute(f"PRAGMA application_id = {VIEWS_MARK}")
        row = conn.execute(f"SELECT position, next_id FROM {TRACKING}").fetchone()
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return row[0], row[1]
