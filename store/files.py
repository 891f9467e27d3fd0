"""Decisions about where a store lives, made once for every command.

A store is an SQLite file or a PostgreSQL server named by a postgresql:// URL. A command that
reads needs a store that is there; a command that writes may create an SQLite file, and must not
leave behind a file it created and then wrote nothing to (a refused fact, a refused import).
"""
from __future__ import annotations

import errno
import os
from contextlib import contextmanager, suppress

from domain.messages import Text

URL_SCHEMES = ("postgresql://", "postgres://")
# SQLite's companions of a store file, removed with it.
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def per_user(variable: str, *default: str) -> str:
    """A per-user base folder: $XDG_CONFIG_HOME or $XDG_DATA_HOME when it is an absolute path,
    else ~/<default> (the XDG rules: a relative path is ignored, or the key or read models would
    be found only from the folder the first run started in)."""
    value = os.environ.get(variable) or ""
    return value if os.path.isabs(value) else os.path.join(os.path.expanduser("~"), *default)


def file_id(path: str) -> tuple[int, int] | None:
    """Which file `path` names now (device, inode); None when it names none: a file removed or
    replaced under a process that has it open is told apart by this."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def is_url(db: str) -> bool:
    """Whether `db` names a PostgreSQL server rather than an SQLite file."""
    return db.startswith(URL_SCHEMES)


def missing(db: str) -> bool:
    """Whether there is certainly no store at `db`: an SQLite file that does not exist, or an
    empty file (which SQLite would quietly make a store of). (A server is asked only when it is
    opened.)"""
    return not is_url(db) and (not os.path.exists(db) or _empty_file(db))


def _empty_file(path: str) -> bool:
    try:
        return os.path.isfile(path) and os.path.getsize(path) == 0
    except OSError:
        return False


class NewStore:
    """Removes the store file that the `with` block creates, unless the block ends normally
    having called `written()` — so a refusal leaves the folder as it was.

    A store that existed before, or a server's, is never touched. Nor is one that another
    process has open or has written events into: two imports into a new store at once, one
    of them refused, must not remove the other's. The block hands over the application it
    opened (`uses`): it is closed first, and its key opens the file under SQLite's exclusive
    lock (store.sqlcipher.alone) to look. A block stopped before its application was opened
    (a refusal, Ctrl-C, SIGTERM while it was being made) removes what it made, as before.
    """

    def __init__(self, db: str):
        self.db = db
        self.created = missing(db)
        # An empty file the user made is kept, emptied again, on a refusal; the store written
        # into it is private as a new one is (the store makes only the files it creates 0600).
        self._empty_mode = os.stat(db).st_mode & 0o7777 if self.created and _empty_file(db) \
            else None
        self._written = False
        self._app = None

    def uses(self, app):
        """The application the block writes with (a store.application.Programme)."""
        self._app = app
        return app

    def written(self) -> None:
        self._written = True

    def __enter__(self) -> NewStore:
        if self._empty_mode is not None:
            with suppress(OSError):  # not ours to change: opening it says why, in a sentence
                os.chmod(self.db, 0o600)
        return self

    def __exit__(self, kind, error, trace) -> bool:
        if self.created and (error is not None or not self._written):
            if self._app is None or missing(self.db):
                self._remove()
            else:
                self._app.close()
                self._remove_if_ours(self._app.key)
        return False  # the error, if any, goes on

    def _remove_if_ours(self, key) -> None:
        from . import sqlcipher
        with sqlcipher.alone(self.db, key) as conn:
            if conn is None:
                return  # another process has it open: it is theirs too now
            # store.identity.EVENTS_TABLE, named here: identity imports keys, which imports this
            try:
                if conn.execute("SELECT 1 FROM stored_events LIMIT 1").fetchone():
                    return  # another process's events, written after this one looked
            except sqlcipher.OperationalError:
                pass  # no table yet: nothing in it
            # Out of write-ahead-log mode while the lock is held: closing the connection then
            # deletes no `-wal` by name (a store made again at that name meanwhile has its own).
            conn.execute("PRAGMA journal_mode = DELETE")
            self._remove()

    def _remove(self) -> None:
        if self._empty_mode is not None:
            with suppress(OSError), open(self.db, "wb"):
                pass
            with suppress(OSError):
                os.chmod(self.db, self._empty_mode)
        for suffix in _COMPANIONS[1:] if self._empty_mode is not None else _COMPANIONS:
            try:
                os.remove(self.db + suffix)
            except FileNotFoundError:
                pass


@contextmanager
def replaced_whole(path: str):
    """A text file to write that takes `path`'s name only when the block ends without an
    error, so `path` holds the whole text or what it held before, never half. The temporary
    file beside it is made on entry: a folder that cannot be written fails before any work.

    A pipe or a device (`-o /dev/stdout`, a named pipe) is written into as the shell would:
    replacing it would put a regular file where the device was. A symbolic link is followed."""
    import tempfile
    if not os.path.basename(path):
        raise IsADirectoryError(errno.EISDIR, "names no file", path)
    if os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path):
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            yield out
        return
    if os.path.islink(path):  # the file it names is replaced, as `>` writes it; the link stays
        path = os.path.realpath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # as a file the shell makes, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def unwritable(error: OSError, path: str) -> Text:
    """Why `path` could not be written, in words (no errno, no temporary file's name)."""
    folder = os.path.dirname(path) or "."
    if not os.path.basename(path):
        return Text("it names no file")
    if error.errno == errno.ENOENT:
        if os.path.isdir(folder):  # /proc, say
            return Text("folder {folder} takes no new files", folder=folder)
        return Text("folder {folder} does not exist", folder=folder)
    if error.errno == errno.ENOTDIR:
        above = folder
        while above and not os.path.exists(above):
            above = os.path.dirname(above)
        return Text("{file} is a file, not a folder", file=above or folder)
    if error.errno in (errno.EACCES, errno.EPERM):
        return Text("no permission to write in folder {folder}", folder=folder)
    if error.errno == errno.EROFS:
        return Text("folder {folder} is on a read-only file system", folder=folder)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return Text("the disk is full")
    if error.errno == errno.EISDIR:
        return Text("it is a folder")
    if error.errno == errno.ENAMETOOLONG:
        return Text("the name is too long")
    return Text("the system refused it ({reason})",
                reason=(error.strerror or type(error).__name__).lower())


def replace_whole(path: str, chunks) -> None:
    """Write `chunks` (text) to `path` as one step (`replaced_whole`)."""
    with replaced_whole(path) as out:
        for chunk in chunks:
            out.write(chunk)
