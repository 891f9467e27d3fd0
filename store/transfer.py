"""Moving data: `import` (all or nothing, streamed, batched) and `export` (recording order).

Import checks each line against the format and every rule given the lines before it, holding
one write transaction open for the whole file: the events go to the store in batches inside it,
and any invalid line rolls all of it back. So the store ends as it was or with the whole file,
even if the process is killed half-way.
"""
from __future__ import annotations

from domain.messages import N_, Said, Text
import gc
import json

import orjson
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from typing import Iterable, Iterator

from domain import facts as fmt
from domain import values
from domain.aggregates import participation_id
from domain.caseload import CaseloadBook
from domain.personal import ERASED, ERASURE
from domain.rules import History, RuleBroken, admit

from .application import ASSIGNING, Programme, new_event_id, now_iso
from .keyring import Entry, reserved

MAX_SHOWN = 20
CHUNK = 2000  # lines read, looked up and written together
KEEP_HISTORIES = 40000  # participants whose histories stay in memory during an import


class ImportRefused(Said):
    """The file had invalid lines (`errors`: the first ones, `line N: reason` as Texts);
    nothing was written."""

    def __init__(self, errors: list[Text], count: int):
        if count == 1:
            super().__init__(N_("1 invalid line; nothing was imported"))
        else:
            super().__init__(N_("{count} invalid lines; nothing was imported"), count=count)
        self.errors = errors
        self.count = count


@dataclass
class ImportResult:
    written: int = 0
    skipped: int = 0
    participants: set = field(default_factory=set)


class _Importer:
    """One import: the facts of the file checked in order, staged, written in batches.

    Memory stays bounded whatever the file's length: histories are kept for the most recently
    touched participants only (an evicted one is read back through the import's own
    transaction, which sees what this import already wrote), and event ids are looked up a
    chunk at a time rather than remembered.
    """

    def __init__(self, app: Programme, user: str, cursor):
        self.app = app
        self.recorder = app.recorder
        self.cursor = cursor
        self.user = user
        self.now = now_iso()
        self.when = datetime.now(timezone.utc)
        self.records = app.records(self.when)
        self.empty = self.recorder.is_empty()  # the common bulk case: nothing to look up
        self.histories: OrderedDict[str, History] = OrderedDict()  # least recently used first
        self.ended: OrderedDict[str, History] = OrderedDict()
        self.seen: set[str] = set()  # participants this import touched (evicted ones too)
        self.counsellor_versions: dict[str, int] = {}
        self.book = CaseloadBook()
        self.booked: set[str] = set()
        self.chunk_ids: dict[str, str] = {}  # ids met in this chunk (not yet in the store)
        self.stored_ids: dict[str, str] = {}
        self.errors: list[str] = []
        self.error_count = 0
        self.pending: list = []
        self.pending_ids: list = []
        self.pending_facts: dict[str, list] = {}
        self.pending_keys: list = []  # keyring rows of participants new in this batch
        self.entries: dict[str, Entry | None] = {}  # by name as in the file; None: new
        self.result = ImportResult()

    # -- what the store and this import already hold ------------------------------------

    def entry(self, participant: str) -> Entry | None:
        """The keyring entry of a participant named in the file (None while new)."""
        if participant in self.entries:
            return self.entries[participant]
        entry = None if self.empty else self.app.entry(participant, self.cursor)
        self.entries[participant] = entry
        return entry

    def history(self, participant: str, entry: Entry | None = None) -> History:
        history = self.histories.get(participant)
        if history is not None:
            self.histories.move_to_end(participant)
            return history
        history = self.ended.pop(participant, None)
        if history is not None:
            self.histories[participant] = history  # touch() files it with the ended again
            return history
        if entry is None:
            entry = self.entry(participant)
        if entry is None:
            history = History(participant, list(self.pending_facts.get(participant, ())))
        else:
            # What the store holds (this import's flushed batches included), then what is
            # still waiting for the next batch.
            facts = [self.app.keyring.open(self.app.mapper.to_domain_event(e).fact, entry)
                     for e in self.recorder.events_within(self.cursor,
                                                          participation_id(entry.pseudonym))]
            facts.extend(self.pending_facts.get(participant, ()))
            history = History(participant, facts)
            if participant not in self.seen and facts:
                self.book.put(participant, history.timeline.periods)
        self.seen.add(participant)
        self.histories[participant] = history
        if len(self.histories) + len(self.ended) > KEEP_HISTORIES:
            # Those who left go first: they come back rarely (a follow-up), while the active
            # ones come back every few weeks with a plan or an absence.
            (self.ended if self.ended else self.histories).popitem(last=False)
        return history

    def touch(self, history: History) -> None:
        """After a fact: a history whose participation has ended moves to the ended queue."""
        participant = history.participant
        if history.timeline.end is not None and participant in self.histories:
            self.ended[participant] = self.histories.pop(participant)

    def counsellor_version(self, name: str) -> int:
        if name not in self.counsellor_versions:
            agg = None if self.empty else self.app.counsellor(name)
            self.counsellor_versions[name] = agg.version if agg else 0
        return self.counsellor_versions[name]

    def load_caseloads(self, history: History, fact: dict) -> None:
        """Put everyone the store has with these counsellors into the book (once each)."""
        if self.empty:
            return
        names = {f["counsellor"] for f in [*history.facts, fact] if "counsellor" in f} - self.booked
        for name in names:
            agg = self.app.counsellor(name)
            pseudonyms = list(agg.participants if agg else ())
            for entry in self.app.entries(pseudonyms, self.cursor).values():
                self.entries.setdefault(entry.name, entry)
                self.history(entry.name, entry)
            self.booked.add(name)

    def look_up_ids(self, facts: list) -> None:
        """Which ids of the next chunk are stored already (by this import too): one query."""
        self.flush()
        self.chunk_ids = {}
        # Only ids that are text: any other is refused when its line is validated.
        ids = [f["id"] for f in facts if isinstance(f, dict) and isinstance(f.get("id"), str)]
        found = self.recorder.ids_within(self.cursor, ids) if ids else {}
        # The index names pseudonyms; the file, ids (or an erased participant's pseudonym).
        entries = self.app.entries(set(found.values()), self.cursor) if found else {}
        self.stored_ids = {}
        for event_id, pseudonym in found.items():
            entry = entries.get(pseudonym)
            self.stored_ids[event_id] = entry.name if entry else pseudonym
            if entry is not None:
                self.entries.setdefault(entry.name, entry)

    def owner_of(self, event_id: str) -> str | None:
        return self.chunk_ids.get(event_id) or self.stored_ids.get(event_id)

    # -- one line -----------------------------------------------------------------------------

    def fact(self, number: int, obj: object) -> None:
        try:
            # canonical: one set of key strings for all facts, a third less memory per history
            fact = fmt.canonical(fmt.validate(obj))
            if "id" in fact:
                owner = self.owner_of(fact["id"])
                if owner is not None:
                    stored = self.history(owner).fact(fact["id"])
                    if stored is not None and fmt.same_content(fact, stored):
                        self.result.skipped += 1
                        return
                    raise RuleBroken("id {id} is already stored with other content", id=fact['id'])
            fmt.complete(fact, new_id=new_event_id, now=self.now, user=self.user)
            entry = self.entry(fact["participant"])
            if entry is None and not fact.get(ERASED) and reserved(fact["participant"]):
                raise RuleBroken(reserved(fact["participant"]))
            # (a tombstone: an erased id, whose pseudonym the store no longer knows)
            if (entry is not None and entry.erased and (entry.tombstone or not fact.get(ERASED)
                                                        and fact["type"] != ERASURE)):
                raise RuleBroken("{participant} was erased; nothing more can be recorded for "
                                 "them", participant=fact["participant"])
            history = self.history(fact["participant"], entry)
            if fact["type"] in ASSIGNING or fact["type"] == "retraction":
                self.load_caseloads(history, fact)
            admit(history, fact, self.book)
        except (fmt.InvalidFact, RuleBroken) as error:
            return self.refuse(number, error.text)
        self.touch(history)
        self.chunk_ids[fact["id"]] = fact["participant"]
        if not self.error_count:
            self.stage(history, fact)

    def refuse(self, number: int, reason: Text) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_SHOWN:
            self.errors.append(Text("line {number}: {reason}", number=number, reason=reason))

    def stage(self, history: History, fact: dict) -> None:
        participant, version = fact["participant"], len(history.facts)
        entry = self.entries.get(participant)
        if entry is None:
            # First recorded now: a random pseudonym and data key; an erased participant from
            # another store keeps the pseudonym the file names them by, and has no key.
            make = self.app.keyring.erased if fact.get(ERASED) else self.app.keyring.new
            entry, row = make(participant)
            self.entries[participant] = entry
            self.pending_keys.append(row)
        pseudonym = entry.pseudonym
        self.pending.append(self.records.fact(pseudonym, version,
                                              self.app.keyring.seal(fact, entry)))
        if fact["type"] in ASSIGNING:
            name = fact["counsellor"]
            records = self.records.assignment(name, self.counsellor_version(name), pseudonym,
                                              fact["date"])
            self.counsellor_versions[name] = records[-1][1]
            self.pending.extend(records)
        self.pending_ids.append((fact["id"], pseudonym))
        self.pending_facts.setdefault(participant, []).append(fact)
        self.result.written += 1
        self.result.participants.add(participant)

    def flush(self) -> None:
        if self.pending:
            self.recorder.insert_within(self.cursor, self.pending, self.pending_ids,
                                        self.pending_keys)
            self.pending, self.pending_ids, self.pending_facts = [], [], {}
            self.pending_keys = []


def _decode(text: str):
    """A line's JSON object, or the reason it is not one (not JSON, or a field given twice)."""
    try:
        obj = orjson.loads(text)  # a quarter of an import's time less than json.loads
    except json.JSONDecodeError as error:  # orjson's error is a JSONDecodeError too
        return _NotJSON("not valid JSON ({why} at column {column})", why=Text(error.msg),
                        column=error.colno)
    if type(obj) is dict and ("\\" in text or text.count('"') != orjson.dumps(obj).count(b'"')):
        # orjson keeps the last of repeated keys silently. Without a backslash no string of the
        # line is escaped, so its quotes are two per key and per string value; orjson writes the
        # object back with as many only if nothing was dropped. Otherwise (or with escapes) the
        # exact check decides.
        repeated = _repeated_key(text)
        if repeated is not None:
            return _NotJSON("field {field} is given twice", field=values.shown(repeated))
    return obj


class _Pairs(list):
    """One JSON object as its (key, value) pairs, as written."""


def _repeated_key(text: str) -> str | None:
    """The first key the line's object gives twice (keys compared as decoded), or None."""
    try:
        pairs = json.loads(text, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError):
        # orjson read it and json cannot: only nesting deeper than json's recursion limit does
        # that, and no field takes a nested value, so validation refuses the line anyway.
        return None
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    return None


class _NotJSON(Text):
    pass


# The JSON reader's (orjson's) reasons, worded in the catalog; any other is shown as it is.
JSON_REASONS = (
    N_("UTF-16 encoding is not supported"), N_("UTF-32 encoding is not supported"),
    N_("UTF-8 byte order mark (BOM) is not supported"), N_("depth limit exceeded"),
    N_("input data is empty"), N_("invalid UTF-8 encoding in string"),
    N_("invalid utf-8 encoding in string"), N_("invalid escape in string"),
    N_("invalid escaped sequence in string"), N_("invalid high surrogate in string"),
    N_("invalid low surrogate in string"), N_("no low surrogate in string"),
    N_("invalid literal, expected 'false'"), N_("invalid literal, expected 'null'"),
    N_("invalid literal, expected 'true'"), N_("no digit after decimal point"),
    N_("no digit after exponent sign"), N_("no digit after sign"),
    N_("number is infinity when parsed as double"),
    N_("number with leading zero is not allowed"), N_("trailing comma is not allowed"),
    N_("unexpected character, expected ',' or ']'"),
    N_("unexpected character, expected ',' or '}'"),
    N_("unexpected character, expected ':' after key"),
    N_("unexpected character, expected a JSON value"),
    N_("unexpected character, expected a string key"),
    N_("unexpected content after document"), N_("unexpected control character in string"),
    N_("unexpected end of data"))


def import_lines(app: Programme, lines: Iterable[str], user: str) -> ImportResult:
    """Import interchange lines; raise ImportRefused (nothing written) if any is invalid."""
    return _run(app, user, ((n, text) for n, text in enumerate(lines, 1) if text.strip()),
                parse=True)


def import_facts(app: Programme, facts: Iterable[dict], user: str) -> ImportResult:
    """Import facts already decoded (the bundled demo), through the same checks."""
    return _run(app, user, enumerate(facts, 1), parse=False)


def _run(app: Programme, user: str, numbered, parse: bool) -> ImportResult:
    # Import builds many small objects that live to the end; the cyclic collector would scan
    # them again and again (a third of the time at 150k events). Nothing here makes cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _import(app, user, numbered, parse)
    finally:
        if was_enabled:
            gc.enable()


def _import(app: Programme, user: str, numbered, parse: bool) -> ImportResult:
    recorder = app.recorder
    # Waits its turn for the write lock (NYSJANSE_WAIT), then holds it for the whole file;
    # a store that cannot be written raises StoreError (one sentence).
    with app.writing("imported") as cursor:
        recorder.prepare_bulk(cursor)
        importer = _Importer(app, user, cursor)
        for chunk in _chunks(numbered, CHUNK):
            decoded = [(n, _decode(item) if parse else item) for n, item in chunk]
            importer.look_up_ids([obj for _, obj in decoded])
            for number, obj in decoded:
                if isinstance(obj, _NotJSON):
                    importer.refuse(number, obj)
                else:
                    importer.fact(number, obj)
        if importer.error_count:
            # Leaving the block by an exception rolls the whole transaction back.
            raise ImportRefused(importer.errors, importer.error_count)
        importer.flush()
    return importer.result


def _chunks(numbered, size: int):
    chunk = []
    for item in numbered:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_lines(app: Programme, known_at: str | None = None) -> Iterator[str]:
    """Every fact in recording order, as known at `known_at` (everything by default)."""
    limit = fmt.utc_key(known_at) if known_at else None
    for _, fact in app.all_opened():
        if limit is None or fmt.utc_key(fact["recorded_at"]) <= limit:
            yield fmt.dumps(fact)
