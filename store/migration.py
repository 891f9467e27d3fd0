"""`nysjanse key migrate`: a store written before encryption, rewritten as a SQLCipher store.

The plain store is exported and imported into a new encrypted file beside it (through the
normal import path, so everything a new store holds is made as for any import), the two
exports are compared, and the new file takes the store's name in one step (`os.replace`).
Every event is kept with its id, `recorded_at` and `recorded_by`. The plain file is then
overwritten with zeros and removed, with its read models (derived data, built again, encrypted,
on the next read). Overwriting is what can be done from a program; on SSDs and copy-on-write
file systems old blocks may survive it (docs/privacy.md says so).

Until the swap the plain store is untouched: a refused import, a difference between the exports
or a crash leaves it as it was (and at most a `.encrypting` file beside it, removed by the next
attempt).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from . import identity, sqlcipher
from .application import Programme, mask
from .files import is_url
from .identity import StoreError
from .transfer import ImportRefused, export_lines, import_lines

COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass
class Migrated:
    events: int
    participants: int
    removed: list[str]  # the plain files overwritten and removed


def migrate(db: str, key, user: str, views: str) -> Migrated:
    """Encrypt the plain store `db` with `key` (a store.keys.MasterKey); its read models at
    `views`, if plain, are removed. StoreError (one sentence) when it cannot be done."""
    if is_url(db):
        raise StoreError("{db} is a PostgreSQL store: it has no SQLite file to encrypt",
                         db=mask(db))
    if not os.path.exists(db):
        raise StoreError("no store at {db}: nothing to encrypt", db=db)
    if not sqlcipher.is_plain(db):
        try:
            identity.look(db, identity.STORE_MARK, key)
        except sqlcipher.WrongKey as error:
            raise StoreError(error.text) from None
        except identity.NotOurs as error:
            raise StoreError("{db} is not a nysjanse store: {error}", db=db, error=error) from None
        raise StoreError("the store {db} is already encrypted; nothing was changed", db=db)
    new_path = db + ".encrypting"
    _remove(new_path)  # a previous attempt's, never the store
    old = Programme(db, "migrate", key, unencrypted=True)
    try:
        before, after = hashlib.sha256(), hashlib.sha256()
        new = Programme(new_path, user, key)
        try:
            result = import_lines(new, _hashed(export_lines(old), before), user)
            for _ in _hashed(export_lines(new), after):
                pass
        finally:
            new.close()
        if before.digest() != after.digest():
            raise StoreError("the encrypted copy of {db} differs from it; nothing was changed",
                             db=db)
    except ImportRefused as refused:
        _remove(new_path)
        raise StoreError("the store {db} cannot be encrypted: {reason}; nothing was changed",
                         db=db, reason=str(refused)) from None
    except BaseException:
        _remove(new_path)
        raise
    finally:
        old.close()  # before the swap: its connections must not outlive the plain file's name
    return Migrated(result.written, len(result.participants), _swap(db, new_path, views, key))


def _hashed(lines, digest):
    for line in lines:
        digest.update(line.encode() + b"\n")
        yield line


def _swap(db: str, new_path: str, views: str, key) -> list[str]:
    """The encrypted file takes the store's name; the plain one is overwritten and removed."""
    if any(os.path.exists(db + c) and os.path.getsize(db + c) for c in ("-wal", "-journal")):
        _remove(new_path)
        raise StoreError("the store {db} is in use by another process; nothing was changed "
                         "(try again when it is not)", db=db)
    single_file(new_path, key)
    plain_copy = db + ".plain"
    _remove(plain_copy)
    os.link(db, plain_copy)  # the plain bytes stay reachable until overwritten below
    os.replace(new_path, db)
    conn = sqlcipher.connect(db, key)
    conn.execute("PRAGMA journal_mode = WAL")  # as every store of ours (store.identity reads so)
    conn.close()
    removed = [plain_copy]
    for suffix in COMPANIONS:
        if os.path.exists(db + suffix):  # the plain store's, now beside the encrypted one
            removed.append(db + suffix)
    if os.path.exists(views) and sqlcipher.is_plain(views):
        removed += [views] + [views + c for c in COMPANIONS if os.path.exists(views + c)]
    for name in removed:
        shred(name)
    return [plain_copy.removesuffix(".plain")] + removed[1:]


def single_file(path: str, key) -> None:
    """Leave a database as one file (no write-ahead log beside it) so it can be renamed."""
    conn = sqlcipher.connect(path, key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def shred(path: str) -> None:
    """Overwrite a file with zeros, flush it to disk, remove it."""
    try:
        size = os.path.getsize(path)
        with open(path, "r+b") as f:
            block = b"\0" * 65536
            for _ in range(0, size, len(block)):
                f.write(block)
            f.flush()
            os.fsync(f.fileno())
        os.remove(path)
    except FileNotFoundError:
        pass


def _remove(path: str) -> None:
    for suffix in ("", *COMPANIONS):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass

