"""The access log: who was shown which participants, when, by which command.

Append-only, kept with the store: on SQLite in its own file beside it (`x.db` ->
`x.access.db`), so that a read never waits behind a long import holding the store's write
lock; on PostgreSQL in the table `nysjanse_access_log` of the store's database. Triggers
refuse every UPDATE and DELETE, and nothing in nysjanse issues one; `rebuild` never touches
it. Entries name participants by pseudonym only, in the participants list and inside the
command text alike (store.keyring): erasure rewrites nothing here, and an erased participant
stays in the log under their pseudonym.

`log(db, user, command, pseudonyms)` is the one way to append (show, history, status,
caseload, export, explain, changes, report with its changes appendix, and any later command
that shows named participants); it raises
AccessLogError, one sentence, when the entry cannot be written — the caller then shows
nothing (privacy before availability).

Plain sqlite3 / psycopg and the standard library only: reads stay light.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone

from . import keyring, sqlcipher
from .files import is_url

TABLE = "nysjanse_access_log"
COLUMNS = "at, at_utc, user_name, command, participants"
SQLITE_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, "
    f"at_utc TEXT NOT NULL, user_name TEXT NOT NULL, command TEXT NOT NULL, "
    f"participants TEXT NOT NULL)",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END",
)
PG_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (seq bigserial PRIMARY KEY, at text NOT NULL, "
    f"at_utc text NOT NULL, user_name text NOT NULL, command text NOT NULL, "
    f"participants text NOT NULL)",
    f"CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse()",
)
MARK = 0x4E59534C  # "NYSL", in the SQLite file's header


class AccessLogError(Exception):
    """The access log cannot be written or read; the message is one sentence."""


def log_path(db: str) -> str:
    root, ext = os.path.splitext(db)
    return f"{root}.access{ext or '.db'}"


def _sqlite(db: str, create: bool, key=None):
    path = log_path(db)
    if not create and not os.path.exists(path):
        raise FileNotFoundError(path)
    fresh = not os.path.exists(path)
    # SQLCipher with the master key, made 0600 whatever the umask: it names who saw whom
    conn = sqlcipher.connect(path, keyring.master(key), create=fresh, timeout=30,
                             isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    if fresh or create:
        for statement in SQLITE_SCHEMA:
            conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {MARK}")
    return conn


def _postgres(db: str):
    import psycopg

    from .pgurl import server
    where = server(db)
    conn = psycopg.connect(host=where.host or "127.0.0.1", port=where.port or 5432,
                           dbname=where.dbname or "postgres", user=where.user or "postgres",
                           password=where.password or None, connect_timeout=5, autocommit=True)
    exists = conn.execute("SELECT 1 FROM information_schema.tables WHERE table_name = %s "
                          "AND table_schema = current_schema()", (TABLE,)).fetchone()
    if not exists:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(78895)")  # racing first readers
            for statement in PG_SCHEMA:
                conn.execute(statement)
    return conn


def log(db: str, user: str, command: str, pseudonyms, key=None) -> None:
    """Append one entry: now, `user`, the command text (participants in it by pseudonym), and
    the pseudonyms of the participants shown. AccessLogError when it cannot be written."""
    now = datetime.now(timezone.utc)
    at = now.astimezone().isoformat(timespec="seconds")
    row = (at, now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), user, command,
           json.dumps(sorted(set(pseudonyms))))
    try:
        if is_url(db):
            with _postgres(db) as conn:
                conn.execute(f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s)", row)
        else:
            conn = _sqlite(db, create=True, key=key)
            try:
                conn.execute(f"INSERT INTO {TABLE} ({COLUMNS}) VALUES (?, ?, ?, ?, ?)", row)
            finally:
                conn.close()
    except Exception as error:  # noqa: BLE001 - any failure: the read is refused
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise AccessLogError(f"the access log cannot be written ({reason}), so nothing is "
                             f"shown") from None


def entries(db: str, key=None) -> list[tuple]:
    """Every entry, oldest first: (at, at_utc, user, command, [pseudonyms])."""
    try:
        if is_url(db):
            with _postgres(db) as conn:
                rows = conn.execute(f"SELECT {COLUMNS} FROM {TABLE} ORDER BY seq").fetchall()
        else:
            try:
                conn = _sqlite(db, create=False, key=key)
            except FileNotFoundError:
                return []
            try:
                rows = conn.execute(f"SELECT {COLUMNS} FROM {TABLE} ORDER BY seq").fetchall()
            finally:
                conn.close()
    except Exception as error:  # noqa: BLE001
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise AccessLogError(f"the access log cannot be read ({reason})") from None
    return [(at, utc, user, command, json.loads(people)) for at, utc, user, command, people in rows]
