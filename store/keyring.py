"""Pseudonyms and per-participant data keys: how a participant is named in what is stored.

No stored record names a participant by their id, nor by anything computable from it without
the master key. Each participant gets a random pseudonym when first recorded; stored facts,
aggregate ids, the event-id index and the access log name them by it. The id lives only in the
keyring table (`nysjanse_keyring`, in the store, SQLite and PostgreSQL alike), one row each:

- `lookup`: HMAC-SHA256(master.derive(LOOKUP), id), how an id finds its row;
- `pseudonym`: the random name (`ps-` and 16 hexadecimal digits);
- `wrapped`: the participant's data key (AES-256), encrypted with AES-GCM under
  master.derive(WRAP), bound to the pseudonym;
- `sealed_id`: the id itself, encrypted with AES-GCM under the data key.

Erasure deletes the participant's entry (with secure_delete on SQLite, and the table copied
afresh: `copy_sql`) and leaves two rows that do not meet:

- the pseudonym's own entry, as an erased participant arriving by import has one: `lookup`
  HMAC of the pseudonym, no key, no id (so the pseudonym is refused for recording and `show`
  of it says when and why, from the erasure event);
- a tombstone for the id: `lookup` HMAC of the id, `pseudonym` NULL, `wrapped` NULL, and in
  `sealed_id` the erasure's date, user and reason (JSON) encrypted under master.derive(WRAP),
  bound to the lookup: what `show P` says, and why nothing more is recorded for P.

Nothing stored maps the id, or anything computable from it, to the pseudonym. A store written
before this kept the erased row whole but for its key (`legacy`); it is converted the first
time this version writes to it (store.application.Programme.upgrade).

A stored fact keeps its personal fields (domain.personal) encrypted under the data key in one
field, `sealed` (base64 of nonce + ciphertext; associated data: pseudonym, event id, type).
Once the key is gone the sealed fields can never be read again; no stored event is
rewritten.

Only the standard library and `cryptography`: the read side uses this without the event store
library. SQL here is written for both stores; `ph` is the driver's placeholder.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain import personal
from domain.facts import canonical
from domain.messages import Said

from . import keys

TABLE = "nysjanse_keyring"
PREFIX = "ps-"
COLUMNS = "lookup, pseudonym, wrapped, sealed_id"
NONCE = 12


def create_sql(blob: str = "BLOB", name: str = TABLE) -> str:
    # pseudonym NULL: a tombstone (several NULLs are unique in SQLite and PostgreSQL alike)
    return (f"CREATE TABLE IF NOT EXISTS {name} (lookup TEXT PRIMARY KEY, "
            f"pseudonym TEXT UNIQUE, wrapped {blob}, sealed_id {blob})")


# The table as written before tombstones (pseudonym NOT NULL): SQLite's schema text holds it.
OLD_SCHEMA = "pseudonym TEXT NOT NULL UNIQUE"
# PostgreSQL's conversion of that table in place.
UPGRADE_PG = f"ALTER TABLE {TABLE} ALTER COLUMN pseudonym DROP NOT NULL"


def erased_rows_sql() -> str:
    """The rows without a key: imported erased participants, and (written before
    tombstones) erased ones still found by their id."""
    return f"SELECT {COLUMNS} FROM {TABLE} WHERE wrapped IS NULL AND pseudonym IS NOT NULL"


def move_sql(ph: str = "?") -> str:
    """A keyless row of a pseudonym moved to the pseudonym's own lookup (conversion)."""
    return (f"UPDATE {TABLE} SET lookup = {ph} WHERE lookup = {ph} AND pseudonym = {ph} "
            f"AND wrapped IS NULL")


def insert_sql(ph: str = "?") -> str:
    return f"INSERT INTO {TABLE} ({COLUMNS}) VALUES ({ph}, {ph}, {ph}, {ph})"


def find_sql(ph: str = "?") -> str:
    """The row of an id (by lookup) and the row whose pseudonym is that text, if any."""
    return f"SELECT {COLUMNS} FROM {TABLE} WHERE lookup = {ph} OR pseudonym = {ph}"


def by_pseudonyms_sql(count: int, ph: str = "?") -> str:
    return f"SELECT {COLUMNS} FROM {TABLE} WHERE pseudonym IN ({', '.join([ph] * count)})"


def copy_sql() -> tuple[str, ...]:
    """SQLite, after an erasure: the table written afresh and the old one dropped. Even with
    secure_delete, SQLite leaves stale copies of rows in pages it rebalanced long ago; a
    dropped table's pages are zeroed (secure_delete), and the copy holds only live rows."""
    fresh = f"{TABLE}_fresh"
    return (f"DROP TABLE IF EXISTS {fresh}", create_sql("BLOB", fresh),
            f"INSERT INTO {fresh} ({COLUMNS}) SELECT {COLUMNS} FROM {TABLE}",
            f"DROP TABLE {TABLE}", f"ALTER TABLE {fresh} RENAME TO {TABLE}")


def erase_sql(ph: str = "?") -> str:
    """The participant's entry becomes the pseudonym's own (lookup of the pseudonym), keyless;
    the id's lookup is then free for the tombstone."""
    return (f"UPDATE {TABLE} SET lookup = {ph}, wrapped = NULL, sealed_id = NULL "
            f"WHERE pseudonym = {ph} AND wrapped IS NOT NULL")


def master(key: keys.MasterKey | None = None, create: bool = False) -> keys.MasterKey:
    """The key given, or the one the environment names (NYSJANSE_KEY_FILE, else the per-user
    default; made there on a first write when `create`). Raises keys.KeyProblem."""
    if key is not None:
        return key
    return keys.find(None, create=create)[0]


class KeyringError(Said):
    """A keyring entry that the master key does not open: another store's key, or damage."""


def reserved(participant: str) -> str | None:
    """Why a new participant may not have this id (it has the shape of a pseudonym, which
    would make the two indistinguishable in every list), or None."""
    if (len(participant) == len(PREFIX) + 16 and participant.startswith(PREFIX)
            and all(c in "0123456789abcdef" for c in participant[len(PREFIX):])):
        return (f"{participant} has the shape of a pseudonym ({PREFIX} and 16 hexadecimal "
                f"digits), which no participant's id may have")
    return None


@functools.lru_cache(maxsize=4096)
def cipher_for(key: bytes) -> AESGCM:
    """The AES-GCM object of a data key, for the participants in hand. Each holds about 2 KB
    of OpenSSL state: an import meets every participant of its file, and one object per
    entry took 47 MB at 20,000 participants."""
    return AESGCM(key)


@dataclass
class Entry:
    """One participant as the keyring knows them. `id` and `key` are None once erased. A
    tombstone (an erased id) has no pseudonym either, only `erasure`: (date, user, reason),
    None when the erasure is not known."""

    lookup: str
    pseudonym: str | None
    id: str | None
    key: bytes | None
    erasure: tuple[str, str, str] | None = None

    @property
    def tombstone(self) -> bool:
        return self.pseudonym is None

    @property
    def cipher(self) -> AESGCM | None:
        return None if self.key is None else cipher_for(self.key)

    @property
    def erased(self) -> bool:
        return self.key is None

    @property
    def name(self) -> str:
        """How output names them: the id while they are not erased, then the pseudonym."""
        return self.id if self.id is not None else self.pseudonym

    def row(self, wrapped: bytes | None, sealed_id: bytes | None) -> tuple:
        return (self.lookup, self.pseudonym, wrapped, sealed_id)


def _row(row) -> tuple:
    """A row as a tuple, from either driver (PostgreSQL's rows are dicts here)."""
    if isinstance(row, dict):
        row = (row["lookup"], row["pseudonym"], row["wrapped"], row["sealed_id"])
    lookup, pseudonym, wrapped, sealed_id = row
    return (lookup, pseudonym, None if wrapped is None else bytes(wrapped),
            None if sealed_id is None else bytes(sealed_id))


def _encrypt(cipher: AESGCM, data: bytes, bound: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + cipher.encrypt(nonce, data, bound)


def _decrypt(cipher: AESGCM, blob: bytes, bound: bytes) -> bytes:
    return cipher.decrypt(blob[:NONCE], blob[NONCE:], bound)


class Keyring:
    """The master key's part: lookups, wrapping, sealing and opening facts."""

    def __init__(self, master: keys.MasterKey) -> None:
        self.lookup_key = master.derive(keys.LOOKUP)
        self.wrapper = AESGCM(master.derive(keys.WRAP))

    def lookup(self, participant: str) -> str:
        return hmac.new(self.lookup_key, participant.encode(), hashlib.sha256).hexdigest()

    # -- entries -------------------------------------------------------------------------

    def new(self, participant: str) -> tuple[Entry, tuple]:
        """A new participant: (their entry, the row to store)."""
        pseudonym = PREFIX + secrets.token_hex(8)
        key = AESGCM.generate_key(256)
        entry = Entry(self.lookup(participant), pseudonym, participant, key)
        wrapped = _encrypt(self.wrapper, key, b"key\x00" + pseudonym.encode())
        sealed_id = _encrypt(entry.cipher, participant.encode(), b"id\x00" + pseudonym.encode())
        return entry, entry.row(wrapped, sealed_id)

    def erased(self, pseudonym: str) -> tuple[Entry, tuple]:
        """An erased participant arriving by import, already without a key."""
        entry = Entry(self.lookup(pseudonym), pseudonym, None, None)
        return entry, entry.row(None, None)

    def forget(self, entry: Entry, erasure: dict) -> tuple[str, tuple]:
        """What an erasure writes: (the lookup the pseudonym's keyless entry moves to, the
        id's tombstone row). `erasure`: the erasure fact (date, recorded_by, reason)."""
        return self.lookup(entry.pseudonym), self.tombstone(entry.lookup, erasure)

    def tombstone(self, lookup: str, erasure: dict | None) -> tuple:
        note = None if erasure is None else json.dumps(
            [erasure["date"], erasure["recorded_by"], erasure["reason"]],
            ensure_ascii=False).encode()
        sealed = None if note is None else _encrypt(self.wrapper, note,
                                                    b"erased\x00" + lookup.encode())
        return (lookup, None, None, sealed)

    def legacy(self, row) -> bool:
        """A row written before tombstones: an erased participant still found by their id."""
        lookup, pseudonym, wrapped, _ = _row(row)
        return wrapped is None and pseudonym is not None and lookup != self.lookup(pseudonym)

    def entry(self, row) -> Entry:
        lookup, pseudonym, wrapped, sealed_id = _row(row)
        if pseudonym is None:
            if sealed_id is None:
                return Entry(lookup, None, None, None)
            try:
                note = _decrypt(self.wrapper, sealed_id, b"erased\x00" + lookup.encode())
            except (InvalidTag, ValueError, TypeError):
                raise KeyringError("the key does not open this store's participant keys") from None
            return Entry(lookup, None, None, None, tuple(json.loads(note)))
        if wrapped is None:
            return Entry(lookup, pseudonym, None, None)
        try:
            key = _decrypt(self.wrapper, wrapped, b"key\x00" + pseudonym.encode())
            participant = _decrypt(cipher_for(key), sealed_id,
                                   b"id\x00" + pseudonym.encode()).decode()
        except (InvalidTag, ValueError, TypeError):
            raise KeyringError("the key does not open this store's participant keys") from None
        return Entry(lookup, pseudonym, participant, key)

    def find(self, rows, participant: str) -> tuple[Entry | None, Entry | None]:
        """From the rows `find_sql` gave for `participant`: (the entry of that id, the entry
        whose pseudonym that text is)."""
        lookup = self.lookup(participant)
        own = named = None
        for row in rows:
            row = _row(row)
            if row[0] == lookup:
                own = self.entry(row)
            if row[1] == participant:
                named = self.entry(row)
        return own, named

    # -- facts ---------------------------------------------------------------------------

    def seal(self, fact: dict, entry: Entry) -> dict:
        """The fact as stored: named by pseudonym, its personal fields encrypted."""
        retained, fields = personal.split(fact)
        retained["participant"] = entry.pseudonym
        if fields:
            if entry.cipher is None:
                raise ValueError("an erased participant's fact cannot be sealed")
            blob = _encrypt(entry.cipher, json.dumps(fields, ensure_ascii=False).encode(),
                            _bound(entry.pseudonym, fact))
            retained[personal.SEALED] = base64.b64encode(blob).decode()
        return retained

    def open(self, stored: dict, entry: Entry | None) -> dict:
        """A stored fact as the rules and the owner see it: the id and the personal fields
        back; for an erased participant (or one this store has no entry for) the erased form
        under the pseudonym."""
        if entry is None or entry.erased:
            return stored if personal.ERASED in stored else personal.erased_form(stored)
        fact = dict(stored)
        fact["participant"] = entry.id
        blob = fact.pop(personal.SEALED, None)
        if blob is not None:
            try:
                fields = json.loads(_decrypt(entry.cipher, base64.b64decode(blob),
                                             _bound(entry.pseudonym, stored)))
            except (InvalidTag, ValueError):
                raise KeyringError("a stored event ({event}) does not open with its "
                                   "participant's key", event=stored.get("id")) from None
            fact.update(fields)
            ordered = canonical(fact)  # the format's order; keys beyond it (a read model's) after
            ordered.update((k, v) for k, v in fact.items() if k not in ordered)
            fact = ordered
        return fact


def _bound(pseudonym: str, fact: dict) -> bytes:
    """Associated data: the sealed fields belong to this event of this participant."""
    return f"{pseudonym}\x00{fact['id']}\x00{fact['type']}".encode()
