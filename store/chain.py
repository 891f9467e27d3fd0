"""The log's hash chain: its one definition, used by the writer and by `nysjanse verify`.

Each stored event record gets a digest, HMAC-SHA256 under the chain key (the master key's
`keys.CHAIN` derivation) over, in this order:

    b"nysjanse chain 1\\n" | the previous record's digest (32 bytes; GENESIS before the first)
    | the record's position (its notification id, 8 bytes big-endian, signed)
    | each of the record's four stored values (originator id, originator version, topic,
      state), as the database holds it: one tag byte for its storage class (t text,
      i integer, r real, b blob, n null), its length in 8 bytes, its bytes.

A value's bytes are what the database stores: text as UTF-8, an integer as its decimal
digits, a blob as is (SQLite's `CAST(x AS BLOB)`; PostgreSQL's uuid as its 32 hex digits, the
text SQLite stores). So an untampered record has one digest whichever store holds it, and a
change of a byte, of a value's type, of the position or of the order of records changes every
digest from there on. Without the key nobody can compute digests that pass.

The chain covers the event records only: the event-id index, the keyring and the access log
are derived or kept apart, and an erasure, which destroys a key and rewrites no record, leaves
the chain intact.

Pure: no I/O. `store.adapter` reads and writes records and chain entries; `check` walks them.
"""
from __future__ import annotations

import hmac
import re
import uuid
from dataclasses import dataclass
from typing import Iterable, Iterator

from domain.messages import Text

VERSION = b"nysjanse chain 1\n"
GENESIS = bytes(32)  # the previous digest of the first record: the head of an empty log
SHORT = 16  # hex digits a table shows of a digest (verify --head takes these too)
TAGS = {"text": b"t", "integer": b"i", "real": b"r", "blob": b"b", "null": b"n"}

# A record as read for the chain: (position, ((storage class, bytes) x 4)).
Field = tuple[str, bytes]
Record = tuple[int, tuple[Field, ...]]


def link(key: bytes, previous: bytes, position: int, fields: Iterable[Field]) -> bytes:
    """The digest of the record at `position` holding `fields`, after `previous`."""
    parts = [VERSION, previous, position.to_bytes(8, "big", signed=True)]
    for kind, raw in fields:
        parts.append(TAGS[kind] + len(raw).to_bytes(8, "big"))
        parts.append(raw)
    return hmac.digest(key, b"".join(parts), "sha256")


def entries(key: bytes, previous: bytes, records: Iterable[Record]) -> list[tuple[int, bytes]]:
    """The chain entries (position, digest) of records written after the digest `previous`."""
    out = []
    for position, fields in records:
        previous = link(key, previous, position, fields)
        out.append((position, previous))
    return out


def field(value) -> Field:
    """A value as read by a database driver, as its storage class and stored bytes."""
    if value is None:
        return "null", b""
    if isinstance(value, bool):  # a bool is an int in Python; no store holds one here
        raise TypeError("a stored value is never a bool")
    if isinstance(value, int):
        return "integer", str(value).encode()
    if isinstance(value, str):
        return "text", value.encode("utf-8", "surrogatepass")
    if isinstance(value, uuid.UUID):
        return "text", value.hex.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "blob", bytes(value)
    if isinstance(value, float):
        return "real", repr(value).encode()
    raise TypeError(f"no stored value is of type {type(value).__name__}")


@dataclass(frozen=True)
class Verdict:
    """What `check` found. ok: `position` and `digest` are the head (the last record's),
    `events` how many records were checked; not ok: `position` is where the chain first
    breaks, `problem` says how (one sentence, without the position)."""

    ok: bool
    position: int
    digest: bytes = GENESIS
    events: int = 0
    problem: str = ""  # a Text: English as a str (JSON), worded by the table

    def as_json(self) -> dict:
        if self.ok:
            return {"ok": True, "position": self.position, "digest": self.digest.hex()}
        return {"ok": False, "position": self.position, "problem": self.problem}


ADDED = Text("it has no chain entry: it was added behind nysjanse's back, or the store was written "
         "before nysjanse kept a chain (export it and import it into a new store to chain it)")
REMOVED = Text("the record was removed (its chain entry is still there)")
ALTERED = Text("the record or its chain entry is not as nysjanse wrote it: changed, moved, removed "
           "before it, or chained with another key")


def check(key: bytes, records: Iterable[Record], entries: Iterable[tuple[int, bytes]],
          head: tuple[int, str] | None = None) -> Verdict:
    """Walk the records and the chain entries, both in position order, recomputing each digest.

    `head` (position, hex digits: the whole digest or its first SHORT) is a head published
    earlier: the log must still hold that record at that position with that digest."""
    previous, count, last = GENESIS, 0, 0
    at_head = GENESIS if head is not None and head[0] == 0 else None
    recs, ents = iter(records), iter(entries)
    rec, ent = next(recs, None), next(ents, None)
    while rec is not None or ent is not None:
        if ent is None or (rec is not None and rec[0] < ent[0]):
            return Verdict(False, rec[0], problem=ADDED)
        if rec is None or ent[0] < rec[0]:
            return Verdict(False, ent[0], problem=REMOVED)
        position, fields = rec
        digest = link(key, previous, position, fields)
        if not hmac.compare_digest(digest, bytes(ent[1])):
            return Verdict(False, position, problem=ALTERED)
        if head is not None and position == head[0]:
            at_head = digest
        previous, count, last = digest, count + 1, position
        rec, ent = next(recs, None), next(ents, None)
    if head is not None:
        problem = _head_problem(head, at_head, last)
        if problem:
            return Verdict(False, head[0], problem=problem)
    return Verdict(True, last, previous, count)


def _head_problem(head: tuple[int, str], found: bytes | None, last: int) -> Text | str:
    position, digits = head
    if found is None and position > last:
        return Text("the log ends at position {last}, before the head given: records were cut "
                    "off its end", last=last)
    if found is None:
        return Text("no record is stored at the head's position")
    if not found.hex().startswith(digits):
        return Text("the record there is not the head given (its digest begins {digits})",
                    digits=found.hex()[:SHORT])
    return ""


_HEAD = re.compile(r"([0-9]{1,18}):([0-9a-fA-F]{64}|[0-9a-fA-F]{16})")


def parse_head(text: str) -> tuple[int, str] | None:
    """`POSITION:DIGEST` (the digest whole, 64 hex digits, or its first 16 as a table shows
    it) as (position, lower-case digits); None when malformed."""
    found = _HEAD.fullmatch(text.strip())
    if found is None:
        return None
    return int(found.group(1)), found.group(2).lower()


def shown(digest: bytes | None, short: bool = False) -> str:
    """A digest as hex (its first SHORT digits when short)."""
    if digest is None:
        return "-"
    text = bytes(digest).hex()
    return text[:SHORT] if short else text


FIRST = -(2 ** 63)  # the lowest position a store can hold (a 64-bit signed integer)


def batched(read, top: int, size: int = 5000) -> Iterator:
    """Rows in position order, from the lowest a store can hold up to `top`: `read(start,
    top, size)` returns at most `size` rows (each starting with its position) from `start`."""
    start = FIRST
    while True:
        rows = read(start, top, size)
        yield from rows
        if len(rows) < size:
            return
        start = rows[-1][0] + 1
