"""The one adapter to the event library: every bet on eventsourcing's internals lives here.

Supported: eventsourcing >= 9.5.6, < 9.6 (`SUPPORTED`, pinned in pyproject.toml). The rest of
the project uses only this module's public names and the library's public API (Application,
its repository, mapper and recorder's `select_notifications` / `max_notification_id`).
tests/integration/test_eventsourcing_adapter_contract.py checks each assumption below with the
library installed, one named test each; upgrading the library past `SUPPORTED` fails
`test_the_installed_eventsourcing_is_a_supported_version` first.

What the rest of the project uses: `SQLITE_RECORDER_TOPIC` / `POSTGRES_RECORDER_TOPIC` (the
recorder a `Programme` is given), the recorders' own methods (`writing`, `insert_within`,
`prepare_bulk`, `events_within`, `ids_within`, `participant_of`, `known_ids`, `count_ids`,
`is_empty`, `store_id`, the key check value's `key_check`, `keep_key_check` and
`key_check_due`, and the keyring's `keyring_find`, `keyring_rows`, `pseudonyms`, `scrub`,
`keyring_old`, `keyring_erased`, `keyring_upgrade`),
`StoredEventTemplate`, `STORE_ERRORS`, `stored_fact`, `plain_json`, `REMOVED` (a writer's
store file removed while it waited).
The library's documented environment settings (PERSISTENCE_MODULE, SQLITE_*, POSTGRES_*,
CREATE_TABLE) are public API and stay in `store.application`.

The assumptions:

1. Protected methods, overridden: `SQLiteApplicationRecorder._insert_events(c, stored_events,
   **kwargs)` and `PostgresApplicationRecorder._insert_events(curs, stored_events, **kwargs)`
   are called inside the transaction that inserts the events, with the keyword arguments
   given to `Application.save` (our `event_ids`, `keyring_rows`, `erase`): the event-id index,
   new keyring entries and an erasure's destroyed key are written there. On PostgreSQL the
   cursor given runs in pipeline mode (no `rowcount`: rows changed are counted by RETURNING).
   `PostgresApplicationRecorder._insert_stored_events(curs, stored_events)` inserts events
   (and takes the library's table lock) inside a cursor's transaction, leaving the new
   notification ids to be fetched from the cursor (RETURNING notification_id); our
   PostgreSQL `insert_events` calls it in one plain transaction instead of the library's
   pipelined one. SQLite's `_insert_events` returns the new rowids (the positions), in order.
2. Recorder internals read: SQLite's `construct_create_table_statements`,
   `create_table_statements`, `insert_events_statement` (an INSERT of (originator_id hex,
   originator_version, topic, state), in that order), `events_table_name`; PostgreSQL's
   `sql_create_statements` (a list we append to), `datastore.schema`, `events_table_name`.
3. Transactions: SQLite's `datastore.get_connection(commit=True)` and `SQLiteTransaction
   (connection, commit=True)` whose `__enter__` returns a cursor (we begin it IMMEDIATE; the
   library begins DEFERRED); `datastore.transaction(commit=...)` yields a cursor on both
   (rows are dicts on PostgreSQL), made by `SQLiteConnection.transaction`.
7. Connections (SQLCipher, see store.sqlcipher): `SQLiteFactory.__init__` makes
   `factory.datastore` whose `pool` is an `SQLiteConnectionPool(db_name=, lock_timeout=)` that
   connects only when first asked (`_create_connection`, which we override: a keyed sqlcipher3
   connection in autocommit mode, WAL, rows as `Row`, wrapped in `SQLiteConnection(sqlite_conn,
   max_age)`). The library catches only `sqlite3.*Error`, and sqlcipher3's errors are other
   classes: our connections' transactions (`_Keyed`) map them to the library's
   (IntegrityError, OperationalError, ...) as the library does for sqlite3's, so a duplicate
   version still reaches `Programme.record` as `IntegrityError`. `Application.construct_factory`
   is the hook where the key is put in (`keyed`).
4. Recorder choice: the environment's APPLICATION_RECORDER_TOPIC names the recorder class,
   resolved by `eventsourcing.utils.resolve_topic` (the PostgreSQL one is made on first use,
   so SQLite stores never import psycopg).
5. Stored format, written: `Mapper.to_stored_event` with the default JSONTranscoder, no cipher,
   no compressor, writes an event's state as compact JSON in which the `fact` dict appears
   exactly once and each text attribute as `json` with separators (",", ":") and
   ensure_ascii=False would encode it; the import's `StoredEventTemplate` builds the states of
   facts and counsellor assignments from a probe and checks the first of each kind against
   the mapper (any difference: the mapper's own path).
6. Stored format, read (`stored_fact`, the read side's fast path on SQLite): `fact`, declared
   last, is the state's last key; `class_version` appears only above 1; a value JSON lacks is
   {"_type_": ..., "_data_": ...}; the table is `stored_events`, rowid = notification id,
   originator_id the aggregate id's hex (`plain_json` says when a mapper writes this format).
8. The hash chain (store.chain) is written in the events' transaction, over the records as
   the database returns them inside it: SQLite's rows inserted by one executemany take the
   rowids after the largest (we hold the write lock), PostgreSQL's the ids RETURNING gives;
   an exception inside `writing` / `datastore.transaction(commit=True)` rolls back the
   events with it.
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from typing import Callable, Sequence
from uuid import UUID

import orjson
from eventsourcing import persistence as es
from eventsourcing.persistence import (IntegrityError, OperationalError, PersistenceError,
                                      StoredEvent)
from eventsourcing.sqlite import (SQLiteApplicationRecorder, SQLiteConnection,
                                  SQLiteConnectionPool, SQLiteFactory, SQLiteTransaction)

from . import chain, identity, keyring, sqlcipher
from .files import file_id

SUPPORTED = ((9, 5, 6), (9, 6))  # eventsourcing >= 9.5.6, < 9.6
STORE_ERRORS = (PersistenceError, sqlcipher.Error)
SQLITE_RECORDER_TOPIC = "store.adapter:SQLiteProgrammeRecorder"
POSTGRES_RECORDER_TOPIC = "store.adapter:PostgresProgrammeRecorder"


def version_of(text: str) -> tuple[int, ...]:
    """'9.5.6' as (9, 5, 6); a pre-release's letters end the number ('9.6.0rc1' -> (9, 6, 0))."""
    parts = []
    for piece in text.split("."):
        digits = ""
        for char in piece:
            if not char.isdigit():
                break
            digits += char
        if not digits:
            break
        parts.append(int(digits))
        if digits != piece:
            break
    return tuple(parts)


def installed_version() -> str:
    from importlib.metadata import version
    return version("eventsourcing")


def supported(text: str) -> bool:
    low, high = SUPPORTED
    return low <= version_of(text) < high


# -- SQLite: SQLCipher connections --------------------------------------------------------------

# sqlcipher3's error classes and the library's, most specific first (as SQLiteTransaction maps
# sqlite3's).
_ERRORS = ((sqlcipher.InterfaceError, es.InterfaceError), (sqlcipher.DataError, es.DataError),
           (sqlcipher.OperationalError, es.OperationalError),
           (sqlcipher.IntegrityError, es.IntegrityError),
           (sqlcipher.InternalError, es.InternalError),
           (sqlcipher.ProgrammingError, es.ProgrammingError),
           (sqlcipher.NotSupportedError, es.NotSupportedError),
           (sqlcipher.DatabaseError, es.DatabaseError), (sqlcipher.Error, es.PersistenceError))


def library_error(error: BaseException) -> BaseException:
    """A sqlcipher3 error as the event library's error class; anything else as it is."""
    for ours, theirs in _ERRORS:
        if isinstance(error, ours):
            mapped = theirs(error)
            mapped.__cause__ = error
            return mapped
    return error


class _Keyed(SQLiteTransaction):
    """A transaction on a SQLCipher connection: begun IMMEDIATE when it writes, its errors as
    the event library's.

    The library begins every transaction DEFERRED: a writer then reads first and asks for
    the write lock later, and if another writer committed meanwhile SQLite fails at once with
    "database is locked" instead of waiting. Taken at the start, the lock is waited for (up to
    the connection's timeout, NYSJANSE_WAIT), and everything read inside is current.
    """

    def __enter__(self):
        cursor = self.connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE" if self.commit else "BEGIN")
        except sqlcipher.Error as error:
            raise library_error(error) from error
        # (a plain store read to be migrated has the library's own connections: no check)
        if self.commit and not getattr(self.connection, "still_named", _always)():
            cursor.execute("ROLLBACK")
            raise OperationalError(REMOVED)
        return cursor

    def __exit__(self, kind, error, trace) -> None:
        try:
            super().__exit__(kind, error, trace)
        except sqlcipher.Error as raised:
            raise library_error(raised) from raised


# A writer that waited for the lock while a refused import removed the new store it had made
# (store.files.NewStore) would write into a file with no name left: it stops instead.
REMOVED = "the store file was removed while this command waited for it"


def _always() -> bool:
    return True


class _KeyedConnection(SQLiteConnection):
    path: str | None = None
    made_as: tuple[int, int] | None = None  # the file it opened (store.files.file_id)

    @contextmanager
    def transaction(self, *, commit: bool):
        with _Keyed(self, commit=commit) as curs, curs:
            yield curs

    def still_named(self) -> bool:
        """Whether the file this connection opened still has its name (a writer asks once it
        holds the lock)."""
        return self.path is None or file_id(self.path) == self.made_as


class _KeyedPool(SQLiteConnectionPool):
    """The library's pool, making SQLCipher connections keyed with the master key."""

    def __init__(self, key, **kwargs) -> None:
        self.key = key
        super().__init__(**kwargs)

    def _create_connection(self) -> SQLiteConnection:
        try:
            conn = sqlcipher.connect(self.db_name, self.key, create=True,
                                     check_same_thread=False, isolation_level=None,
                                     cached_statements=True, timeout=self.lock_timeout or 5)
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
        except sqlcipher.Error as error:
            raise es.InterfaceError(error) from error
        self.is_journal_mode_wal = True
        conn.row_factory = sqlcipher.Row
        keyed = _KeyedConnection(sqlite_conn=conn, max_age=self.max_age)
        if not self.db_name.startswith("file:"):
            keyed.path, keyed.made_as = self.db_name, file_id(self.db_name)
        return keyed


def keyed(factory, key):
    """The library's infrastructure factory with SQLCipher connections keyed with `key` (a
    store.keys.MasterKey) on SQLite; a PostgreSQL factory as it is."""
    if isinstance(factory, SQLiteFactory):
        old = factory.datastore.pool
        factory.datastore.pool = _KeyedPool(key, db_name=old.db_name,
                                            lock_timeout=old.lock_timeout)
        old.close()  # it never connected
    return factory


# -- SQLite: the recorder ------------------------------------------------------------------------


class ChainBroken(PersistenceError):
    """The log ends before its chain: records were cut off behind nysjanse's back, and a new
    record would take a position the chain already holds. Nothing is written."""

    def __init__(self) -> None:
        super().__init__("its log ends before its hash chain (records were removed behind "
                         "nysjanse's back; run nysjanse verify)")


_SQLITE_CHAIN = (f"CREATE TABLE IF NOT EXISTS {identity.CHAIN_TABLE} "
                 "(position INTEGER PRIMARY KEY, digest BLOB NOT NULL)")
_SQLITE_KEY_CHECK = (f"CREATE TABLE IF NOT EXISTS {identity.KEY_TABLE} "
                     "(one INTEGER PRIMARY KEY CHECK (one = 1), value TEXT NOT NULL)")
# A record's four values as the chain reads them (store.chain): each as its storage class and
# its stored bytes, so text that is not UTF-8 or a value of another type is read, not refused.
_SQLITE_RECORD = ", ".join(f"typeof({c}), CAST({c} AS BLOB)" for c in
                           ("originator_id", "originator_version", "topic", "state"))


class _EventIdsMixin:
    """Writes the event-id index in the transaction that writes the events."""

    ids_table = identity.IDS_TABLE

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(),  # type: ignore[misc]
                f"CREATE TABLE IF NOT EXISTS {self.ids_table} "
                "(id TEXT PRIMARY KEY, participant TEXT NOT NULL) WITHOUT ROWID",
                f"CREATE TABLE IF NOT EXISTS {identity.ID_TABLE} "
                "(one INTEGER PRIMARY KEY CHECK (one = 1), id TEXT NOT NULL, created_at TEXT NOT NULL)",
                _SQLITE_CHAIN, _SQLITE_KEY_CHECK,
                keyring.create_sql("BLOB")]


class SQLiteProgrammeRecorder(_EventIdsMixin, SQLiteApplicationRecorder):
    # The only places that know how the library runs SQLite transactions: `writing` (every
    # write), `insert_events` and `create_table` (the library's, begun IMMEDIATE).

    @contextmanager
    def writing(self):
        """A write transaction (cursor) that waits its turn; commits unless the block raises."""
        with self.datastore.get_connection(commit=True) as conn, \
                _Keyed(conn, commit=True) as curs, curs:
            yield curs

    def insert_events(self, stored_events, **kwargs):
        with self.writing() as c:
            return self._insert_events(c, stored_events, **kwargs)

    def create_table(self) -> None:
        """The tables, the store's id and its mark, in one transaction."""
        with self.writing() as c:
            for statement in self.create_table_statements:
                c.execute(statement)
            c.execute(f"SELECT id FROM {identity.ID_TABLE}")
            if c.fetchone() is None:
                c.execute(f"SELECT state FROM {self.events_table_name} ORDER BY rowid LIMIT 1")
                first = c.fetchone()
                c.execute(f"INSERT OR IGNORE INTO {identity.ID_TABLE} VALUES (1, ?, ?)",
                          (identity.legacy_id(first[0] if first else None) or identity.new_store_id(),
                           identity.now_iso()))
            c.execute(f"PRAGMA application_id = {identity.STORE_MARK}")

    def store_id(self) -> str | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (identity.ID_TABLE,))
            if c.fetchone():
                c.execute(f"SELECT id FROM {identity.ID_TABLE}")
                row = c.fetchone()
                if row is not None:
                    return row[0]
            # A previous version's store opened read-only: its id as adoption will write it.
            c.execute(f"SELECT state FROM {self.events_table_name} ORDER BY rowid LIMIT 1")
            first = c.fetchone()
            return identity.legacy_id(first[0] if first else None)

    # The chain key (store.chain), set by Programme from its master key. None writes no
    # entry (only bench/chain.py does that, for its floor); verify would name the record.
    chain_key: bytes | None = None
    # The key check value (store.identity) a store made before it is given with its next
    # write, where the write lock is held anyway: set by Programme, which has proven the key.
    key_check_due: str | None = None

    def key_check(self) -> str | None:
        """The store's key check value; None when it has none yet."""
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (identity.KEY_TABLE,))
            if c.fetchone() is None:
                return None
            c.execute(f"SELECT value FROM {identity.KEY_TABLE}")
            row = c.fetchone()
        return row[0] if row else None

    def keep_key_check(self, value: str) -> None:
        """Write the key check value now, unless the store has one."""
        with self.writing() as c:
            self._key_check(c, value)

    @staticmethod
    def _key_check(c, value: str) -> None:
        c.execute(_SQLITE_KEY_CHECK)
        c.execute(f"INSERT OR IGNORE INTO {identity.KEY_TABLE} VALUES (1, ?)", (value,))

    def _insert_events(self, c, stored_events, **kwargs):
        if self.key_check_due:
            self._key_check(c, self.key_check_due)
        ids = kwargs.get("event_ids") or ()
        if ids:
            c.executemany(f"INSERT INTO {self.ids_table} VALUES (?, ?)", ids)
        _keyring_writes(c, kwargs, "?")
        positions = super()._insert_events(c, stored_events, **kwargs)
        if positions:
            self._chain(c, positions[0])
        return positions

    def insert_within(self, c, records, event_ids, keyring_rows=()) -> None:
        """Write records (originator id hex, version, topic, state: `StoredEventTemplate`),
        their events' ids and new keyring entries inside a transaction the caller holds
        (bulk import).

        One executemany, not the library's row-at-a-time insert: bulk import needs no
        notification ids back, and this is a third of its database time.
        """
        if self.key_check_due:
            self._key_check(c, self.key_check_due)
        if keyring_rows:
            c.executemany(keyring.insert_sql("?"), keyring_rows)
        if event_ids:
            c.executemany(f"INSERT INTO {self.ids_table} VALUES (?, ?)", event_ids)
        c.execute(f"SELECT MAX(rowid) FROM {self.events_table_name}")
        start = (c.fetchone()[0] or 0) + 1
        c.executemany(self.insert_events_statement, records)
        self._chain(c, start)

    def _chain(self, c, start: int) -> None:
        """Chain entries for the records this transaction wrote (positions from `start`),
        read back as stored, linked to the last entry. The write lock is held (BEGIN
        IMMEDIATE), so no other writer comes between."""
        if self.chain_key is None:
            return
        c.execute(_SQLITE_CHAIN)  # a store made before the chain: a no-op otherwise
        c.execute(f"SELECT position, digest FROM {identity.CHAIN_TABLE} "
                  "ORDER BY position DESC LIMIT 1")
        last = c.fetchone()
        if last is not None and last[0] >= start:
            raise ChainBroken()
        c.execute(f"SELECT rowid, {_SQLITE_RECORD} FROM {self.events_table_name} "
                  "WHERE rowid >= ? ORDER BY rowid", (start,))
        c.executemany(f"INSERT INTO {identity.CHAIN_TABLE} VALUES (?, ?)",
                      chain.entries(self.chain_key, bytes(last[1]) if last else chain.GENESIS,
                                    ((r[0], _sqlite_fields(r)) for r in c.fetchall())))

    # -- reading the chain (nysjanse verify, and the head the read side states) -------------

    def chain_top(self) -> int:
        """The last position that holds a record or a chain entry (0: neither)."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT MAX(rowid) FROM {self.events_table_name}")
            top = c.fetchone()[0] or 0
            if self._has_chain(c):
                c.execute(f"SELECT MAX(position) FROM {identity.CHAIN_TABLE}")
                top = max(top, c.fetchone()[0] or 0)
        return top

    def chain_records(self, start: int, top: int, size: int) -> list:
        """Up to `size` records from position `start` to `top`: (position, fields)."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT rowid, {_SQLITE_RECORD} FROM {self.events_table_name} "
                      "WHERE rowid >= ? AND rowid <= ? ORDER BY rowid LIMIT ?", (start, top, size))
            return [(r[0], _sqlite_fields(r)) for r in c.fetchall()]

    def chain_entries(self, start: int, top: int, size: int) -> list:
        """Up to `size` chain entries from position `start` to `top`: (position, digest)."""
        with self.datastore.transaction(commit=False) as c:
            if not self._has_chain(c):
                return []
            c.execute(f"SELECT position, digest FROM {identity.CHAIN_TABLE} WHERE position >= ? "
                      "AND position <= ? ORDER BY position LIMIT ?", (start, top, size))
            return [(r[0], r[1]) for r in c.fetchall()]

    def chain_digest(self, position: int) -> bytes | None:
        """The chain entry's digest at a position, None when there is none."""
        with self.datastore.transaction(commit=False) as c:
            if not self._has_chain(c):
                return None
            c.execute(f"SELECT digest FROM {identity.CHAIN_TABLE} WHERE position = ?", (position,))
            row = c.fetchone()
        return bytes(row[0]) if row else None

    @staticmethod
    def _has_chain(c) -> bool:
        c.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (identity.CHAIN_TABLE,))
        return c.fetchone() is not None

    def prepare_bulk(self, c) -> None:
        """A bigger page cache for this connection: a long import re-reads and inserts
        all over the event table's index (128 MB instead of SQLite's 2 MB)."""
        c.execute("PRAGMA cache_size = -131072")

    def events_within(self, c, originator_id) -> list[StoredEvent]:
        """An aggregate's events as the caller's transaction sees them (its own writes too)."""
        c.execute(f"SELECT originator_id, originator_version, topic, state FROM "
                  f"{self.events_table_name} WHERE originator_id = ? ORDER BY originator_version",
                  (originator_id.hex,))
        return [StoredEvent(originator_id=originator_id, originator_version=row[1], topic=row[2],
                            state=row[3]) for row in c.fetchall()]

    def ids_within(self, c, ids: Sequence[str]) -> dict[str, str]:
        """Which of these event ids are stored, as the caller's transaction sees it."""
        found: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            c.execute(f"SELECT id, participant FROM {self.ids_table} WHERE id IN "
                      f"({','.join('?' * len(chunk))})", chunk)
            found.update((row[0], row[1]) for row in c.fetchall())
        return found

    def participant_of(self, event_id: str) -> str | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT participant FROM {self.ids_table} WHERE id = ?", (event_id,))
            row = c.fetchone()
        return row[0] if row else None

    def known_ids(self, ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self.datastore.transaction(commit=False) as c:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                c.execute(f"SELECT id, participant FROM {self.ids_table} WHERE id IN "
                          f"({','.join('?' * len(chunk))})", chunk)
                found.update((row[0], row[1]) for row in c.fetchall())
        return found

    def is_empty(self) -> bool:
        return not self.max_notification_id()

    def count_ids(self) -> int:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT COUNT(*) FROM {self.ids_table}")
            return c.fetchone()[0]

    def keyring_find(self, lookup: str, text: str, c=None) -> list:
        """The keyring rows of a lookup value or a pseudonym (in the caller's transaction)."""
        if c is not None:
            c.execute(keyring.find_sql("?"), (lookup, text))
            return c.fetchall()
        with self.datastore.transaction(commit=False) as c:
            c.execute(keyring.find_sql("?"), (lookup, text))
            return c.fetchall()

    def keyring_rows(self, pseudonyms: Sequence[str], c=None) -> list:
        """The keyring rows of these pseudonyms."""
        if c is None:
            with self.datastore.transaction(commit=False) as c:
                return self.keyring_rows(pseudonyms, c)
        found = []
        for i in range(0, len(pseudonyms), 500):
            chunk = list(pseudonyms[i:i + 500])
            c.execute(keyring.by_pseudonyms_sql(len(chunk), "?"), chunk)
            found.extend(c.fetchall())
        return found

    def pseudonyms(self) -> list[str]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT pseudonym FROM {keyring.TABLE} WHERE pseudonym IS NOT NULL")
            return [row[0] for row in c.fetchall()]

    def keyring_old(self) -> bool:
        """Whether the keyring table is as written before tombstones (store.keyring)."""
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT sql FROM sqlite_master WHERE name = ?", (keyring.TABLE,))
            row = c.fetchone()
        return row is not None and keyring.OLD_SCHEMA in row[0]

    def keyring_erased(self) -> list:
        with self.datastore.transaction(commit=False) as c:
            c.execute(keyring.erased_rows_sql())
            return c.fetchall()

    def keyring_upgrade(self, moves: list[tuple[str, str, tuple]]) -> None:
        """The keyring converted to tombstones (store.keyring), in one write transaction:
        each (pseudonym, its own lookup, the id's tombstone row) moved unless another
        process moved it first; then the table copied afresh in the new shape, the old
        pages zeroed (secure_delete); the caller then empties the write-ahead log (scrub)."""
        with self.writing() as c:
            c.execute("SELECT sql FROM sqlite_master WHERE name = ?", (keyring.TABLE,))
            row = c.fetchone()
            if row is None or keyring.OLD_SCHEMA not in row[0]:
                return
            c.execute("PRAGMA secure_delete = ON")
            tombstones = []
            for pseudonym, moved_to, tombstone in moves:
                c.execute(keyring.move_sql("?"), (moved_to, tombstone[0], pseudonym))
                c.execute("SELECT changes()")
                if c.fetchone()[0] == 1:
                    tombstones.append(tombstone)
            for statement in keyring.copy_sql():  # the fresh table in the new shape
                c.execute(statement)
            c.executemany(keyring.insert_sql("?"), tombstones)  # (no NULL pseudonym before)

    def scrub(self) -> None:
        """After an erasure: the write-ahead log emptied into the file (whose freed bytes
        secure_delete zeroed) and truncated, so no old page holds the erased key."""
        with self.datastore.get_connection(commit=True) as conn:
            conn.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")



def _keyring_writes(c, kwargs: dict, ph: str) -> None:
    """In the events' own transaction: new keyring entries (`keyring_rows`), and the entry an
    erasure deletes (`erase`: the pseudonym, the lookup its keyless entry moves to, the id's
    tombstone row: store.keyring; SQLite zeroes the freed bytes: secure_delete)."""
    rows = kwargs.get("keyring_rows") or ()
    if rows:
        c.executemany(keyring.insert_sql(ph), list(rows))
    erased = kwargs.get("erase")
    if erased:
        pseudonym, moved_to, tombstone = erased
        if ph == "?":
            c.execute("PRAGMA secure_delete = ON")
        if ph == "?":
            c.execute(keyring.erase_sql(ph), (moved_to, pseudonym))
            c.execute("SELECT changes()")
            changed = c.fetchone()[0]
        else:  # (the library's cursor runs in pipeline mode: no rowcount)
            c.execute(keyring.erase_sql(ph) + " RETURNING pseudonym", (moved_to, pseudonym))
            changed = len(c.fetchall())
        if changed != 1:  # erased a moment ago by another process: this erasure is not stored
            raise IntegrityError("the participant's key is already erased")
        c.execute(keyring.insert_sql(ph), tombstone)
        if ph == "?":
            for statement in keyring.copy_sql():
                c.execute(statement)


def _sqlite_fields(row) -> tuple:
    """The four (storage class, bytes) of a row read with _SQLITE_RECORD after its rowid."""
    return ((row[1], row[2] or b""), (row[3], row[4] or b""), (row[5], row[6] or b""),
            (row[7], row[8] or b""))


class _PostgresChain:
    """The PostgreSQL recorder's hash chain (store.chain), as SQLiteProgrammeRecorder's:
    `_PostgresProgramme.__init__` sets `events_table`, `chain_table` and `create_chain`.
    psycopg is imported in the methods, so a SQLite store never loads it."""

    chain_key: bytes | None = None
    chain_made = False  # the chain table is known to exist (made, or seen committed)

    def insert_events(self, stored_events, **kwargs):
        """The library's insert (the event table locked, the events inserted, their
        notification ids returned), in one plain transaction that also writes the ids and
        the chain entries. (The library's own pipelines it and would commit the events even
        if a chain entry could not be computed.)"""
        with self.datastore.transaction(commit=True) as curs:
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return None
            positions = self._insert_stored_and_chain(curs, stored_events)
        self.chain_made = self.chain_key is not None  # committed: the table is there
        return positions

    def _insert_stored_and_chain(self, curs, stored_events) -> list[int]:
        # The library's insert takes the table lock (EXCLUSIVE: one inserting transaction
        # at a time, in commit order) and returns the notification ids.
        self._insert_stored_events(curs, stored_events)
        positions = [row["notification_id"] for row in curs.fetchall()]
        if self.chain_key is not None:
            self._chain(curs, min(positions))
        return positions

    def _chain(self, curs, start: int) -> None:
        """Chain entries for the records this transaction wrote (positions from `start`),
        read back as stored, linked to the last entry (the table lock is held)."""
        from psycopg.sql import SQL
        if not self.chain_made:  # a store made before the chain has no table yet
            curs.execute(self.create_chain)
        curs.execute(SQL("SELECT position, digest FROM {t} ORDER BY position DESC LIMIT 1")
                     .format(t=self.chain_table))
        last = curs.fetchone()
        if last is not None and last["position"] >= start:
            raise ChainBroken()
        curs.execute(SQL("SELECT notification_id, originator_id, originator_version, topic, "
                         "state FROM {events} WHERE notification_id >= %s "
                         "ORDER BY notification_id").format(events=self.events_table), (start,))
        made = chain.entries(self.chain_key,
                             bytes(last["digest"]) if last else chain.GENESIS,
                             [(r["notification_id"], _pg_fields(r)) for r in curs.fetchall()])
        # One statement for the batch (executemany sends a statement per entry).
        curs.execute(SQL("INSERT INTO {t} SELECT * FROM unnest(%s::bigint[], %s::bytea[])")
                     .format(t=self.chain_table),
                     ([p for p, _ in made], [d for _, d in made]))

    # -- reading the chain (as SQLiteProgrammeRecorder's) ------------------------------

    def chain_top(self) -> int:
        from psycopg.sql import SQL
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT MAX(notification_id) AS n FROM {events}").format(
                events=self.events_table))
            top = curs.fetchone()["n"] or 0
            if self._has_chain(curs):
                curs.execute(SQL("SELECT MAX(position) AS n FROM {t}").format(
                    t=self.chain_table))
                top = max(top, curs.fetchone()["n"] or 0)
        return top

    def chain_records(self, start: int, top: int, size: int) -> list:
        from psycopg.sql import SQL
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT notification_id, originator_id, originator_version, "
                             "topic, state FROM {events} WHERE notification_id >= %s AND "
                             "notification_id <= %s ORDER BY notification_id LIMIT %s")
                         .format(events=self.events_table), (start, top, size))
            return [(r["notification_id"], _pg_fields(r)) for r in curs.fetchall()]

    def chain_entries(self, start: int, top: int, size: int) -> list:
        from psycopg.sql import SQL
        with self.datastore.transaction(commit=False) as curs:
            if not self._has_chain(curs):
                return []
            curs.execute(SQL("SELECT position, digest FROM {t} WHERE position >= %s AND "
                             "position <= %s ORDER BY position LIMIT %s")
                         .format(t=self.chain_table), (start, top, size))
            return [(r["position"], bytes(r["digest"])) for r in curs.fetchall()]

    def chain_digest(self, position: int) -> bytes | None:
        from psycopg.sql import SQL
        with self.datastore.transaction(commit=False) as curs:
            if not self._has_chain(curs):
                return None
            curs.execute(SQL("SELECT digest FROM {t} WHERE position = %s").format(
                t=self.chain_table), (position,))
            row = curs.fetchone()
        return bytes(row["digest"]) if row else None

    def _has_chain(self, curs) -> bool:
        curs.execute("SELECT to_regclass(%s) AS t",
                     (f'"{self.datastore.schema}"."{identity.CHAIN_TABLE}"',))
        return curs.fetchone()["t"] is not None


# -- PostgreSQL: made on first use (module __getattr__), so SQLite stores never import psycopg -

class _PostgresProgramme(_PostgresChain):
    """The PostgreSQL recorder's own tables and methods: with the library's recorder it makes
    `PostgresProgrammeRecorder` (`_postgres_recorder`), the event-id index written in the
    events' transaction. psycopg is imported in the methods (`pg_sql`), as in _PostgresChain."""

    def __init__(self, datastore, **kwargs):
        from psycopg.sql import Identifier
        super().__init__(datastore, **kwargs)
        schema = Identifier(self.datastore.schema)
        self.ids_table = pg_sql("{schema}.{table}", schema=schema,
                                table=Identifier(identity.IDS_TABLE))
        self.sql_create_statements.append(pg_sql(
            "CREATE TABLE IF NOT EXISTS {ids} (id text PRIMARY KEY, participant text NOT NULL)",
            ids=self.ids_table))
        self.id_table = pg_sql("{schema}.{table}", schema=schema,
                               table=Identifier(identity.ID_TABLE))
        self.sql_create_statements.append(pg_sql(
            "CREATE TABLE IF NOT EXISTS {t} (one boolean PRIMARY KEY DEFAULT true CHECK (one), "
            "id text NOT NULL, created_at text NOT NULL)", t=self.id_table))
        self.events_table = pg_sql("{schema}.{table}", schema=schema,
                                   table=Identifier(self.events_table_name))
        self.sql_create_statements.append(pg_sql(keyring.create_sql("bytea")))
        self.chain_table = pg_sql("{schema}.{table}", schema=schema,
                                  table=Identifier(identity.CHAIN_TABLE))
        self.create_chain = pg_sql("CREATE TABLE IF NOT EXISTS {t} (position bigint PRIMARY KEY, "
                                   "digest bytea NOT NULL)", t=self.chain_table)
        self.sql_create_statements.append(self.create_chain)
        self.key_table = pg_sql("{schema}.{table}", schema=schema,
                                table=Identifier(identity.KEY_TABLE))
        self.create_key_check = pg_sql(
            "CREATE TABLE IF NOT EXISTS {t} (one boolean PRIMARY KEY DEFAULT true CHECK (one), "
            "value text NOT NULL)", t=self.key_table)
        self.sql_create_statements.append(self.create_key_check)

    def create_table(self) -> None:
        """The library's tables and ours, then the store's id (a previous version's store
        is adopted: its id derived from its first event; racing creators keep the first)."""
        super().create_table()
        self.chain_made = True
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(pg_sql("SELECT state FROM {events} ORDER BY notification_id LIMIT 1",
                                events=self.events_table))
            first = curs.fetchone()
            store_id = (identity.legacy_id(first["state"] if first else None)
                        or identity.new_store_id())
            curs.execute(pg_sql("INSERT INTO {t} (id, created_at) VALUES (%s, %s) "
                                "ON CONFLICT DO NOTHING", t=self.id_table),
                         (store_id, datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def store_id(self) -> str | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(pg_sql("SELECT id FROM {t}", t=self.id_table))
            row = curs.fetchone()
        return row["id"] if row else None

    # A store made before the key check value gets it when it is first opened with a
    # key proven its own (Programme): never with a write, whose transaction the
    # library pipelines.
    key_check_due = None

    def key_check(self) -> str | None:
        """The store's key check value; None when it has none yet."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute("SELECT to_regclass(%s) AS t",
                         (f'"{self.datastore.schema}"."{identity.KEY_TABLE}"',))
            if curs.fetchone()["t"] is None:
                return None
            curs.execute(pg_sql("SELECT value FROM {t}", t=self.key_table))
            row = curs.fetchone()
        return row["value"] if row else None

    def keep_key_check(self, value: str) -> None:
        """Write the key check value now, unless the store has one (racing openers of a
        new store: the first one's stays, and the others compare theirs with it)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(78896)")  # one CREATE at a time
            curs.execute(self.create_key_check)
            curs.execute(pg_sql("INSERT INTO {t} (value) VALUES (%s) ON CONFLICT DO NOTHING",
                                t=self.key_table), (value,))

    @contextmanager
    def writing(self):
        """One write transaction (bulk import) that waits its turn for the event table,
        as the library's inserts do, but for NYSJANSE_WAIT seconds at most."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(pg_sql("SET LOCAL lock_timeout = '{0}s'", identity.wait_seconds()))
            curs.execute(pg_sql("LOCK TABLE {events} IN EXCLUSIVE MODE",
                                events=self.events_table))
            yield curs

    def _insert_events(self, curs, stored_events, **kwargs):
        ids = kwargs.get("event_ids") or ()
        if ids:
            curs.executemany(pg_sql("INSERT INTO {ids} VALUES (%s, %s)", ids=self.ids_table),
                             list(ids))
        _keyring_writes(curs, kwargs, "%s")

    def insert_within(self, curs, records, event_ids, keyring_rows=()) -> None:
        """Write records (as the SQLite recorder's), their events' ids and new keyring
        entries inside a transaction the caller holds (bulk import), and chain them."""
        self._insert_events(curs, records, event_ids=event_ids, keyring_rows=keyring_rows)
        if records:
            self._insert_stored_and_chain(curs, [
                StoredEvent(originator_id=UUID(hex_id), originator_version=version,
                            topic=topic, state=state)
                for hex_id, version, topic, state in records])

    def prepare_bulk(self, curs) -> None:
        """Nothing to tune per connection on the server."""

    def events_within(self, curs, originator_id) -> list:
        """An aggregate's events as the caller's transaction sees them (its own writes too)."""
        curs.execute(pg_sql("SELECT originator_version, topic, state FROM {events} "
                            "WHERE originator_id = %s ORDER BY originator_version",
                            events=self.events_table), (originator_id,))
        return [StoredEvent(originator_id=originator_id,
                            originator_version=row["originator_version"],
                            topic=row["topic"], state=bytes(row["state"]))
                for row in curs.fetchall()]

    def ids_within(self, curs, ids) -> dict[str, str]:
        """Which of these event ids are stored, as the caller's transaction sees it."""
        curs.execute(pg_sql("SELECT id, participant FROM {ids} WHERE id = ANY(%s)",
                            ids=self.ids_table), (list(ids),))
        return {row["id"]: row["participant"] for row in curs.fetchall()}

    def participant_of(self, event_id: str) -> str | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(pg_sql("SELECT participant FROM {ids} WHERE id = %s",
                                ids=self.ids_table), (event_id,))
            row = curs.fetchone()
        return row["participant"] if row else None

    def known_ids(self, ids: Sequence[str]) -> dict[str, str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(pg_sql("SELECT id, participant FROM {ids} WHERE id = ANY(%s)",
                                ids=self.ids_table), (list(ids),))
            return {row["id"]: row["participant"] for row in curs.fetchall()}

    def count_ids(self) -> int:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(pg_sql("SELECT COUNT(*) AS n FROM {ids}", ids=self.ids_table))
            return curs.fetchone()["n"]

    def is_empty(self) -> bool:
        return not self.max_notification_id()

    def keyring_find(self, lookup: str, text: str, curs=None) -> list:
        if curs is not None:
            curs.execute(keyring.find_sql("%s"), (lookup, text))
            return curs.fetchall()
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(keyring.find_sql("%s"), (lookup, text))
            return curs.fetchall()

    def keyring_rows(self, pseudonyms, curs=None) -> list:
        if curs is None:
            with self.datastore.transaction(commit=False) as curs:
                return self.keyring_rows(pseudonyms, curs)
        curs.execute(f"SELECT {keyring.COLUMNS} FROM {keyring.TABLE} "
                     f"WHERE pseudonym = ANY(%s)", (list(pseudonyms),))
        return curs.fetchall()

    def pseudonyms(self) -> list[str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(f"SELECT pseudonym FROM {keyring.TABLE} WHERE pseudonym IS NOT NULL")
            return [row["pseudonym"] for row in curs.fetchall()]

    def keyring_old(self) -> bool:
        """Whether the keyring table is as written before tombstones (store.keyring)."""
        with self.datastore.transaction(commit=False) as curs:
            # (the table named as every keyring statement names it: by the search path)
            curs.execute("SELECT attnotnull FROM pg_attribute WHERE attrelid = "
                         "to_regclass(%s) AND attname = 'pseudonym'", (keyring.TABLE,))
            row = curs.fetchone()
        return row is not None and row["attnotnull"]

    def keyring_erased(self) -> list:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(keyring.erased_rows_sql())
            return curs.fetchall()

    def keyring_upgrade(self, moves: list[tuple[str, str, tuple]]) -> None:
        """As SQLite's, in place: the column made nullable, the rows moved (a deleted
        row's bytes stay until VACUUM: docs/privacy.md)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SELECT pg_advisory_xact_lock(78897)")  # one conversion at a time
            curs.execute(keyring.UPGRADE_PG)
            for pseudonym, moved_to, tombstone in moves:
                curs.execute(keyring.move_sql("%s") + " RETURNING pseudonym",
                             (moved_to, tombstone[0], pseudonym))
                if curs.fetchall():
                    curs.execute(keyring.insert_sql("%s"), tombstone)

    def scrub(self) -> None:
        """PostgreSQL keeps a deleted row's bytes until VACUUM (docs/privacy.md)."""



def pg_sql(text: str, *args, **names):
    """A psycopg statement with names formatted in (psycopg.sql), imported on first use so
    that a SQLite store never loads psycopg."""
    from psycopg.sql import SQL
    return SQL(text).format(*args, **names)


def _postgres_recorder() -> type:
    """The PostgreSQL recorder: ours on the library's (imported here, on first use)."""
    from eventsourcing.postgres import PostgresApplicationRecorder

    return type("PostgresProgrammeRecorder", (_PostgresProgramme, PostgresApplicationRecorder),
                {"__module__": __name__, "__qualname__": "PostgresProgrammeRecorder",
                 "__doc__": "The library's recorder, plus the event-id index written in the "
                            "same transaction."})


def _pg_fields(row) -> tuple:
    """A row's four values as (storage class, bytes), as store.chain defines them."""
    return tuple(chain.field(row[c]) for c in ("originator_id", "originator_version", "topic",
                                               "state"))


_made: dict[str, type] = {}


def __getattr__(name: str):
    # PEP 562: `store.adapter:PostgresProgrammeRecorder` resolves (resolve_topic uses getattr)
    # without importing psycopg for every SQLite store.
    if name == "PostgresProgrammeRecorder":
        if name not in _made:
            _made[name] = _postgres_recorder()
        return _made[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- the stored format, written (bulk import) ---------------------------------------------------

class StoredEventTemplate:
    """One kind of event as the record (originator id hex, version, topic, state) the library's
    mapper would store, without building the event object and running the transcoder for each
    (most of an import's encoding time).

    The state comes from a template: a probe event encoded by the mapper itself, with
    placeholders where the values go (a text encoded as `json` would, a dict by orjson). The
    first record built is checked against the mapper's; any difference (a cipher, a
    compressor, another transcoder) and every record of this kind takes the mapper's own path.

    `make(key, version, *values)` makes the domain event; `shapes` says which values are
    texts (str) and which dicts (each dict must appear exactly once in the state);
    `originator(key)` is the aggregate's id.
    """

    def __init__(self, mapper, make: Callable, shapes: tuple[type, ...],
                 originator: Callable) -> None:
        self.mapper, self.make = mapper, make
        self.encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
        # One aggregate's records are built many times over (a participant's facts, a
        # counsellor's assignments): its id's hex is made once.
        self.hex = lru_cache(maxsize=1 << 16)(lambda key: originator(key).hex)
        self.encoders = tuple(orjson.dumps if shape is dict else self._text for shape in shapes)
        self.checked = False
        self.pieces: list | None = None
        probes = [f"\x00v{i}\x00" for i in range(len(shapes))]
        values = [{"p": probe} if shape is dict else probe for probe, shape in zip(probes, shapes)]
        stored = mapper.to_stored_event(make(probes[0], 2, *values))
        self.topic = stored.topic
        if not isinstance(stored.state, bytes):
            return
        try:
            text = stored.state.decode("utf-8")
        except UnicodeDecodeError:
            return
        markers = {self.encode(value): i for i, value in enumerate(values)}
        longest_first = sorted(markers, key=len, reverse=True)
        split = re.split("(" + "|".join(map(re.escape, longest_first)) + ")", text)
        pieces = [markers[p] if n % 2 else p.encode() for n, p in enumerate(split)]
        if all(pieces.count(i) == 1 for i, shape in enumerate(shapes) if shape is dict):
            self.pieces = [p for p in pieces if p != b""]

    def _text(self, value: str) -> bytes:
        return self.encode(value).encode()

    def row(self, key: str, version: int, *values) -> tuple:
        pieces = self.pieces
        if pieces is None:
            return self.mapped(key, version, *values)
        encoded = [encode(value) for encode, value in zip(self.encoders, values)]
        row = (self.hex(key), version, self.topic,
               b"".join([p if p.__class__ is bytes else encoded[p] for p in pieces]))
        if not self.checked:
            self.checked = True
            expected = self.mapped(key, version, *values)
            if expected != row:
                self.pieces = None
                return expected
        return row

    def mapped(self, key: str, version: int, *values) -> tuple:
        """The record as the mapper makes it."""
        stored = self.mapper.to_stored_event(self.make(key, version, *values))
        return (stored.originator_id.hex, stored.originator_version, stored.topic, stored.state)


# -- the stored format, read (the read side's fast path on SQLite) ------------------------------

def plain_json(mapper) -> bool:
    """Whether this mapper writes states `stored_fact` can read: the default JSONTranscoder,
    no cipher, no compressor."""
    from eventsourcing.persistence import JSONTranscoder
    return (mapper.cipher is None and mapper.compressor is None
            and type(mapper.transcoder) is JSONTranscoder)


def stored_fact(state) -> str | None:
    """The JSON text of the fact in the stored state of a `Participation.Opened` or `.Recorded`
    event, exactly as stored; None when only the event library can read it.

    A bet on the stored format of eventsourcing 9.5 (`Mapper.to_stored_event` with
    `JSONTranscoder`, no cipher, no compressor), checked by
    tests/integration/test_eventsourcing_contract.py (assumption 6 above):

    - the state is compact JSON of the event's attributes in declaration order, less
      originator_id and originator_version, so `fact`, declared last, is the last key, and
      the state ends with the fact's closing brace and its own;
    - `class_version` is added (after every attribute) only when above 1: the event must be
      upcast by the library, so the state is left to it;
    - a value of a type JSON lacks is written as {"_type_": ..., "_data_": ...} (the event's
      own timestamp is, before the fact): one inside the fact is left to the library.

    Inside a JSON string every quote is escaped, so `"fact":` with bare quotes is a key; no
    fact has a field named fact (domain.facts), so the last such key is the event's. The
    texts `"_type_"` and `"class_version"` inside a fact's string values only send it the
    slow (always right) way.
    """
    if state.__class__ is not bytes:
        return None
    # Searched as bytes: these ASCII texts cannot match inside a character's UTF-8 bytes, and
    # only the fact is decoded (the event's envelope is a third of the state).
    cut = state.rfind(b'"fact":')
    if cut < 0 or state.find(b'"_type_"', cut) >= 0 or state.find(b'"class_version"') >= 0:
        return None
    return state[cut + 7:-1].decode()
