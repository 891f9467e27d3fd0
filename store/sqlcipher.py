"""SQLCipher: the one place an SQLite file of nysjanse is opened, keyed and created.

Every SQLite file nysjanse keeps (the store, the read models, their -wal/-shm) is a SQLCipher 4
database keyed with the master key's raw bytes (`PRAGMA key = "x'<hex>'"`, no key derivation),
so the standard `sqlcipher` shell opens it with the key file. The driver is `sqlcipher3`, a
copy of the standard library's sqlite3 module built with SQLCipher: its exceptions are classes
of its own, NOT `sqlite3.Error`, so code that opens files here catches `Error` (and the other
names below) from this module. store.adapter maps them to the event library's errors.

New files are made 0600 before SQLite sees them: SQLite gives a database's -wal, -shm and
journal the mode of the database file itself, whatever the umask.

Plain sqlite3 and the standard library only besides sqlcipher3: the read side uses this on
every read, where the event store library must not be imported.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from urllib.parse import quote

from sqlcipher3 import dbapi2 as _driver

from domain.messages import N_, Said

# The driver's classes, under the names callers catch.
Connection = _driver.Connection
Row = _driver.Row
Error = _driver.Error
DatabaseError = _driver.DatabaseError
OperationalError = _driver.OperationalError
IntegrityError = _driver.IntegrityError
InterfaceError = _driver.InterfaceError
DataError = _driver.DataError
InternalError = _driver.InternalError
ProgrammingError = _driver.ProgrammingError
NotSupportedError = _driver.NotSupportedError
# The driver's adapter registry (projections.writer binds None through it, see there).
adapters = _driver.adapters
PrepareProtocol = _driver.PrepareProtocol
register_adapter = _driver.register_adapter

MAGIC = b"SQLite format 3\x00"  # the first bytes of a plain (unencrypted) SQLite file
_NOT_A_DATABASE = "file is not a database"  # SQLCipher's words for a key that does not fit


class WrongKey(Said):
    """The key does not open the file (another key's file, or no database at all); with
    `server`, a PostgreSQL store whose key check value (store.identity) another key made.
    `.text` carries the sentence to the catalog."""

    FILE = N_("the key in {key} does not open {path}: it needs the master key it was made with "
              "(name that key's file with --key-file or NYSJANSE_KEY_FILE), or it is not a "
              "nysjanse file")
    SERVER = N_("the key in {key} does not open the store {path}: it needs the master key it "
                "was made with (name that key's file with --key-file or NYSJANSE_KEY_FILE)")

    def __init__(self, path: str, key, server: bool = False) -> None:
        self.path, self.key_path = path, getattr(key, "path", "?")
        super().__init__(self.SERVER if server else self.FILE, key=self.key_path, path=path)


def is_plain(path: str) -> bool:
    """Whether `path` is an unencrypted SQLite file (a SQLCipher file starts with random salt)."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == MAGIC
    except OSError:
        return False


def create_private(path: str) -> None:
    """Make `path` an empty file, mode 0600 whatever the umask, unless it exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def uri(path: str, readonly: bool = False, immutable: bool = False) -> str:
    """A file's path as an SQLite URI (`file:...?mode=ro`)."""
    text = f"file:{quote(os.path.abspath(path))}"
    if readonly:
        text += "?mode=ro" + ("&immutable=1" if immutable else "")
    else:
        text += "?mode=rw"
    return text


def connect(database: str, key, *, uri: bool = False, create: bool = False,
            timeout: float = 5.0, shown: str | None = None, **kwargs) -> Connection:
    """A connection to a SQLCipher database keyed with `key` (a store.keys.MasterKey).

    `database` is a path, or with uri=True an SQLite URI; `shown` names it in messages
    (default: the path). `create`: a file that does not exist is made (0600) first. The key is checked at once (SQLCipher only notices a wrong key on the
    first read): WrongKey, with nothing written and nothing logged on stderr.
    """
    if not uri:
        database = as_file(database)
    if create and not uri:
        create_private(database)
    conn = _driver.connect(database, uri=uri, timeout=timeout, **kwargs)
    try:
        # Before the key: a wrong key is otherwise logged on stderr by SQLCipher itself.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(key.pragma)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as error:
        conn.close()
        if _NOT_A_DATABASE in str(error):
            raise WrongKey(shown or _path_of(database, uri), key) from None
        raise
    except BaseException:
        conn.close()
        raise
    return conn


def memory() -> Connection:
    """An in-memory database (nothing on disk to encrypt), with this module's error classes."""
    return _driver.connect(":memory:")


def plain(database: str, **kwargs) -> Connection:
    """An unkeyed connection: only to read a file written before encryption (migration)."""
    return _driver.connect(database if kwargs.get("uri") else as_file(database), **kwargs)


def as_file(path: str) -> str:
    """A file's name as SQLite must be given it: `:memory:` names SQLite's in-memory database,
    so a file of that name in the current folder is `./:memory:`."""
    return os.path.join(os.curdir, path) if path == ":memory:" else path


def _path_of(database: str, is_uri: bool) -> str:
    if not is_uri:
        return database
    from urllib.parse import unquote
    return unquote(database.removeprefix("file:").split("?")[0])


@contextmanager
def alone(path: str, key):
    """A connection to `path` that holds SQLite's exclusive lock, or None when another
    connection has the file open (or `key` does not open it).

    In write-ahead-log mode every open connection of every process keeps a share of the
    wal-index, so `locking_mode = EXCLUSIVE` is refused while any other has the file open, even
    idle: a process may then remove a store it made knowing nobody else is writing into it
    (store.files.NewStore)."""
    try:
        conn = _driver.connect(as_file(path), timeout=0, isolation_level=None)
    except Error:
        yield None
        return
    try:  # the mode before the first read, which takes the lock
        for statement in ("PRAGMA cipher_log_level = NONE", key.pragma,
                          "PRAGMA locking_mode = EXCLUSIVE", "SELECT count(*) FROM sqlite_master"):
            conn.execute(statement)
    except Error:
        conn.close()
        yield None
        return
    try:
        yield conn
    finally:
        conn.close()
