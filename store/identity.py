"""Which file is whose: a store and a read-model file say who they are, and nysjanse looks
before it writes.

store.sqlcipher and the standard library only: the read side uses this on every read, where the
event store library must not be imported.

Our files are SQLCipher databases (store.sqlcipher): their first bytes are random salt, so a
file is looked at by opening it with the master key. A file that starts as a plain SQLite
file does is either a store or read models written before encryption (`Look.plain`, which
the callers turn into the migration sentence or a rebuild) or another program's file.

- A store (SQLite file or PostgreSQL database) holds a table `nysjanse_store` with one row:
  a random store id, made when the store is created. An SQLite store also carries nysjanse's
  mark in its header (`PRAGMA application_id`), so most looks cost one 100-byte read.
- A store of the previous version (`stored_events` and `nysjanse_event_ids`, no
  `nysjanse_store`) is adopted: its id is derived from its first stored event (which holds the
  instant it was stored), the same however often it is derived, and written into the store
  the first time this version opens it with write access.
- A read-model file carries its own mark and records the id of the store it was built from.
- Beside its id a store keeps a key check value (`KEY_TABLE`, `key_check`): which master key
  it was made with. SQLCipher refuses another key to an SQLite file; a PostgreSQL database
  is not encrypted as a whole, so without this value another key would read nothing useful
  and, worse, write a second keyring entry for a known participant and facts sealed under a
  key nobody has. A store made before the value gets it on its first use with a key that is
  proven its own (store.application).

Anything else (an SQLite file with other tables, a file that is not SQLite) is refused before
a byte is written: no table is added to it, none dropped, no journal left beside it.
"""
from __future__ import annotations

from domain.messages import Said, Text
import hashlib
import hmac
import os
import stat
import time
import zlib
from datetime import datetime, timezone
from . import keys, sqlcipher

MAGIC = sqlcipher.MAGIC
STORE_MARK = 0x4E59534A  # "NYSJ"
VIEWS_MARK = 0x4E595356  # "NYSV"
ID_TABLE = "nysjanse_store"
EVENTS_TABLE = "stored_events"  # the library's name for it in SQLite
PG_EVENTS_TABLE = "nysjanse_events"  # and in PostgreSQL (named after the application)
IDS_TABLE = "nysjanse_event_ids"
CHAIN_TABLE = "nysjanse_chain"  # the log's hash chain (store.chain): position -> digest
KEY_TABLE = "nysjanse_key_check"  # one row: the store's key check value (`key_check`)
WAIT = 60  # seconds a writer waits for the store by default (NYSJANSE_WAIT)


class StoreError(Said):
    """The store cannot be used (busy past the wait, unreachable, read-only, not ours)."""


class NotOurs(Said):
    """A file that nysjanse must not write: the reason, as the end of a sentence."""


def unencrypted_store(db: str) -> str:
    """The sentence for a store written before encryption, with the line that encrypts it."""
    import shlex
    return (f"the store {db} was written before nysjanse encrypted its files; encrypt it once "
            f"with: nysjanse key migrate --db {shlex.quote(db)}")


def wait_seconds() -> int:
    """How long a writer waits its turn for the store (NYSJANSE_WAIT, whole seconds)."""
    value = os.environ.get("NYSJANSE_WAIT", "").strip()
    if not value:
        return WAIT
    if not value.isdigit() or int(value) < 1:
        raise StoreError("NYSJANSE_WAIT must be a whole number of seconds, not {value!r}", value=value)
    return int(value)


def now_iso() -> str:
    """Now, in the local time zone with its offset, to the second (a fact's recorded_at)."""
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def new_store_id() -> str:
    import uuid  # only when a store is made: reads start without it
    return uuid.uuid4().hex


def key_check(key: keys.MasterKey) -> str:
    """The key check value of a store under a master key: an HMAC under a key derived for
    this alone, so it tells nothing of the other keys. Not bound to the store's id, which a
    store of the previous version is given only when adopted."""
    return hmac.new(key.derive(keys.CHECK), b"nysjanse store key check",
                    hashlib.sha256).hexdigest()


def legacy_id(first_state: bytes | str | None) -> str | None:
    """The id of a store written by the previous version: a checksum of its first stored
    event (None while it holds none, when a random id is given instead)."""
    if first_state is None:
        return None
    if isinstance(first_state, str):
        first_state = first_state.encode()
    first_state = bytes(first_state)
    return f"legacy-{zlib.crc32(first_state):08x}-{len(first_state)}"


class Look:
    """What a file is, as far as nysjanse cares.

    kind: "missing", "empty" (no file content or no tables), "marked" (carries `mark` in its
    header) or "tables" (an unmarked SQLite file: `tables` maps name to its CREATE statement).
    plain: an unencrypted SQLite file (written before encryption, or not ours).
    """

    def __init__(self, kind: str, tables: dict[str, str] | None = None, plain: bool = False):
        self.kind = kind
        self.tables = tables or {}
        self.plain = plain


def look(path: str, mark: int, key=None) -> Look:
    """Look at an SQLite file without writing anything (no journal, no -wal/-shm left); an
    encrypted one is opened with `key` (a store.keys.MasterKey).

    Raises NotOurs for a file that is not an SQLite database or carries another program's
    mark, sqlcipher.WrongKey for an encrypted file the key does not open. A file being created
    by another nysjanse process at this very moment can look torn for a moment: what does not
    look like a database is looked at again before being refused.
    """
    for attempt in range(3):
        try:
            return _look(path, mark, key)
        except NotOurs:
            if attempt == 2:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")


# A SQLCipher file is at least one page; anything shorter that is not plain SQLite is no database.
SMALLEST = 512


def _look(path: str, mark: int, key) -> Look:
    try:
        # Before opening it: a named pipe would wait for a writer, a device read as empty.
        if not stat.S_ISREG(os.stat(path).st_mode) and not os.path.isdir(path):
            raise NotOurs("it is not a file")
        with open(path, "rb") as f:
            head = f.read(SMALLEST)
    except FileNotFoundError:
        return Look("missing")
    except IsADirectoryError:
        raise NotOurs("it is a folder") from None
    if not head:
        return Look("empty")
    plain = head.startswith(MAGIC)
    if plain and len(head) < 100 or not plain and (len(head) < SMALLEST or key is None):
        raise NotOurs("it is not an SQLite database")
    try:
        conn = read_only(path, key, head)
        try:
            found = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = dict(conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
        finally:
            conn.close()
    except sqlcipher.Error as error:
        raise NotOurs("it cannot be read as an SQLite database ({error})", error=error) from None
    if found == mark:
        return Look("marked", plain=plain)
    if found in (STORE_MARK, VIEWS_MARK):
        if found == STORE_MARK:
            raise NotOurs("it is a nysjanse store, not read models")
        raise NotOurs("it holds nysjanse read models, not a store")
    if found:
        raise NotOurs("it belongs to another program (application id {id})", id=hex(found))
    return Look("tables" if tables else "empty", tables, plain=plain)


def read_only(path: str, key, head: bytes | None = None) -> sqlcipher.Connection:
    """A connection that cannot write, and leaves no file behind: a write-ahead-log database
    with no log beside it (nobody has it open) is read as immutable; anything else with
    ordinary read locks, which create nothing for a rollback-journal database.

    A plain SQLite file is opened without a key (it can only be looked at, see Look.plain);
    an encrypted one with `key` (sqlcipher.WrongKey when it does not fit). Ours are all in
    write-ahead-log mode, which an encrypted header does not show."""
    if head is None:
        with open(path, "rb") as f:
            head = f.read(100)
    plain = head.startswith(MAGIC)
    wal = head[18] == 2 if plain and len(head) > 19 else not plain
    address = sqlcipher.uri(path, readonly=True,
                            immutable=wal and not os.path.exists(path + "-wal"))
    if plain:
        return sqlcipher.plain(address, uri=True, timeout=5)
    return sqlcipher.connect(address, key, uri=True, timeout=5, shown=path)


def others(tables: dict[str, str]) -> Text:
    names = sorted(t for t in tables if not t.startswith("sqlite_"))
    if len(names) > 5:
        return Text("it holds other tables ({tables} and {more} more)",
                    tables=", ".join(names[:5]), more=len(names) - 5)
    return Text("it holds other tables ({tables})", tables=", ".join(names))


def store_kind(found: Look, events: str = EVENTS_TABLE) -> str:
    """"new", "ours" or "legacy" (a previous version's, or one a table is missing from:
    made again) for a store; raises NotOurs for anything else."""
    if found.kind in ("missing", "empty"):
        return "new"
    if found.kind == "marked":
        return "ours"
    tables = found.tables
    if ID_TABLE in tables:
        # (SQLite: marked in a header that is still in the write-ahead log)
        return "ours" if {events, IDS_TABLE} <= tables.keys() else "legacy"
    if events in tables and IDS_TABLE in tables:
        return "legacy"
    if "tracking" in tables and "schema" in (tables["tracking"] or ""):
        raise NotOurs("it holds nysjanse read models, not a store")
    raise NotOurs(others(tables))


def writable(path: str) -> bool:
    """Whether this process may write the SQLite file and its folder (journal, log)."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    kwargs = {"effective_ids": True} if os.access in os.supports_effective_ids else {}
    return (os.access(folder, os.W_OK | os.X_OK, **kwargs)
            and (not os.path.exists(path) or os.access(path, os.W_OK, **kwargs)))
