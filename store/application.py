"""The service layer: `Programme`, an eventsourcing Application over the event store.

Every write goes through `domain.rules.admit`. The store is one SQLite file (default) or a
PostgreSQL database; besides the library's own table it keeps `nysjanse_event_ids`, an
insert-only index from event id to participant, written in the same transaction as the
events. It makes event ids unique across the store (a primary key, so racing writers
conflict) and lets `retract EVENT_ID` find the participant. The recorders that write it, and
every other bet on the event library's internals, are in `store.adapter`.
"""
from __future__ import annotations

from domain.messages import N_, Said, Text
import hmac
import os
import random
import re
import time
import uuid
from contextlib import contextmanager
from datetime import datetime
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent
from eventsourcing.utils import get_topic

from domain import facts as fmt
from domain import personal
from domain.aggregates import Counsellor, Participation, counsellor_id, participation_id
from domain.caseload import CaseloadBook
from domain.rules import History, RuleBroken, admit

from . import adapter, chain, identity, keyring, keys
from .files import is_url
from .identity import StoreError, now_iso, unencrypted_store
from .keyring import Entry, Keyring, KeyringError
from .keys import MasterKey
from .sqlcipher import WrongKey

ASSIGNING = ("intake", "counsellor_change")
RETRIES = 40  # attempts at a write that lost a race to another writer
# In the environment `_environment` gives Programme: whether the key is proven the store's
# (by SQLCipher, or by what a PostgreSQL store holds, `_pg_key`) before it was opened.
PROVEN = "NYSJANSE_KEY_PROVEN"


# what a failed write did not do, as a message says it
# What a command that needs a store says where there is none (an SQLite file, or a server's
# database without nysjanse's tables).
NO_STORE = N_("no store at {db}: import or record events first")
NOTHING = {"recorded": N_("recorded"), "imported": N_("imported"), "opened": N_("opened")}


class UnknownEvent(Said):
    """No event with that id is stored."""


class UnknownParticipant(Said):
    """No participant of that id is stored."""


def master_key(key: keys.MasterKey | None = None) -> keys.MasterKey:
    """The key given, or the one the environment names (NYSJANSE_KEY_FILE, else the per-user
    default, made on first use). StoreError, one sentence, when it cannot be read."""
    try:
        return keyring.master(key, create=True)
    except keys.KeyProblem as error:
        raise StoreError(error.text) from None


def new_event_id() -> str:
    return "e" + uuid.uuid4().hex[:20]


def mask(db: str) -> str:
    """The store's name as shown to people: never a password."""
    if "://" not in db:
        return db
    parts = urlsplit(db)
    # libpq also takes `?password=` (refused here, but still named in the refusal)
    query = re.sub(r"(^|&)password=[^&]*", r"\1password=***", parts.query)
    if parts.password is None and query == parts.query:
        return db
    netloc = parts.netloc
    if parts.password is not None:
        netloc = netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc, query=query).geturl()


def scrub(text: str, db: str) -> str:
    """A message about the store with its password, if any, masked."""
    if "://" in db:
        password = urlsplit(db).password
        if password:
            text = text.replace(db, mask(db)).replace(password, "***")
    return text


def _environment(db: str, key: MasterKey, unencrypted: bool = False,
                 reading: bool = False) -> dict[str, str]:
    wait = str(identity.wait_seconds())
    if is_url(db):
        from .pgurl import server
        where = server(db)  # `?host=/socket/folder` included (store.pgurl)
        if where.problem:
            raise StoreError("cannot open the store {db}: {problem}", db=mask(db),
                             problem=where.problem)
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": where.dbname or "postgres",
            "POSTGRES_HOST": where.host or "127.0.0.1",
            "POSTGRES_PORT": str(where.port or 5432),
            "POSTGRES_USER": where.user or "postgres",
            "POSTGRES_PASSWORD": where.password or "",
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_POOL_SIZE": "2",
            "NYSJANSE_WAIT": wait,
            "APPLICATION_RECORDER_TOPIC": adapter.POSTGRES_RECORDER_TOPIC,
        }
        kind, proven = _reach_postgres(db, env, key)
        if reading and kind == "new":  # an empty database: a read makes no store in it
            raise StoreError(NO_STORE, db=mask(db))
        env["CREATE_TABLE"] = "false" if kind == "ours" else "true"
        env[PROVEN] = "true" if proven else "false"
        return env
    folder = os.path.dirname(os.path.abspath(db))
    if not os.path.isdir(folder):
        raise StoreError("cannot create the store {db}: folder {folder} does not exist", db=db,
                         folder=folder)
    try:
        found = identity.look(db, identity.STORE_MARK, key)
        kind = identity.store_kind(found)
    except WrongKey as error:
        raise StoreError(error.text) from None
    except identity.NotOurs as error:
        raise StoreError("{db} is not a nysjanse store: {error}; nothing was written", db=db,
                         error=error) from None
    except OSError as error:
        raise StoreError("cannot open the store {db}: {value}", db=db,
                         value=error.strerror or error) from None
    if unencrypted and (kind == "new" or not found.plain):
        raise StoreError("{db} is not a store written before encryption", db=db)
    if found.plain and kind != "new" and not unencrypted:
        raise StoreError(unencrypted_store(db))
    if kind == "new" and not identity.writable(db):
        raise StoreError("cannot create the store {db}: no write access to {value}", db=db,
                         value=db if os.path.exists(db) else folder)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": db,
        "SQLITE_LOCK_TIMEOUT": wait,
        # Tables are made (and a previous version's store adopted) only when needed: opening
        # a store of ours writes nothing, so a read-only store can still be read.
        "CREATE_TABLE": ("false" if kind == "ours" or unencrypted or not identity.writable(db)
                         else "true"),
        "APPLICATION_RECORDER_TOPIC": adapter.SQLITE_RECORDER_TOPIC,
        PROVEN: "false" if unencrypted else "true",  # SQLCipher opened it with the key
    }


def _plain(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _reach_postgres(db: str, env: dict, key: MasterKey) -> tuple[str, bool]:
    """Say plainly why a server cannot be used (the pool would only say it timed out), and
    whether the database is a store of ours ("ours", "legacy", "new"; else StoreError), and
    whether the key is proven its own (`_pg_key`: the wrong key is refused here, before the
    library makes or adopts a table)."""
    import psycopg
    try:
        with psycopg.connect(host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
                             dbname=env["POSTGRES_DBNAME"], user=env["POSTGRES_USER"],
                             password=env["POSTGRES_PASSWORD"] or None, connect_timeout=5,
                             autocommit=True) as conn:
            tables = {row[0]: "" for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()")}
            if identity.ID_TABLE in tables and not conn.execute(
                    f"SELECT 1 FROM {identity.ID_TABLE}").fetchone():
                tables.pop(identity.ID_TABLE)  # made, its row not yet: finish it
            proven = _pg_key(conn, tables, key, db)
    except psycopg.Error as error:
        reason = _plain(error).removeprefix("connection failed: ")
        raise StoreError("cannot open the store {db}: {reason}", db=mask(db),
                         reason=scrub(reason, db)) from None
    try:
        return identity.store_kind(identity.Look("tables" if tables else "empty", tables),
                                   identity.PG_EVENTS_TABLE), proven
    except identity.NotOurs as error:
        raise StoreError("{db} is not a nysjanse store: {error}; nothing was written", db=mask(db),
                         error=error) from None


def _pg_key(conn, tables: dict, key: MasterKey, db: str) -> bool:
    """Whether `key` is proven the PostgreSQL store's; StoreError, the wrong-key sentence,
    when it is proven not to be. A PostgreSQL store is not encrypted as a whole: nothing but
    this stops another key from recording under a second pseudonym.

    Proof is the store's key check value (store.identity); for a store made before it, a
    participant's keyring entry that the key opens, else the first entry of the log's hash
    chain (every participant erased). A store that holds no event is anyone's until the value
    is written; one that holds events and none of these (made before keyrings and the chain)
    is not proven, and gets no value."""
    wrong = StoreError(WrongKey(mask(db), key, server=True).text)
    if identity.KEY_TABLE in tables:
        value = conn.execute(f"SELECT value FROM {identity.KEY_TABLE}").fetchone()
        if value is not None:
            if not hmac.compare_digest(value[0], identity.key_check(key)):
                raise wrong
            return True
    if keyring.TABLE in tables:
        row = conn.execute(f"SELECT {keyring.COLUMNS} FROM {keyring.TABLE} "
                           "WHERE wrapped IS NOT NULL LIMIT 1").fetchone()
        if row is not None:
            try:
                Keyring(key).entry(row)
            except KeyringError:
                raise wrong from None
            return True
    if identity.PG_EVENTS_TABLE not in tables or not conn.execute(
            f"SELECT 1 FROM {identity.PG_EVENTS_TABLE} LIMIT 1").fetchone():
        return True
    first = (conn.execute(f"SELECT position, digest FROM {identity.CHAIN_TABLE} ORDER BY "
                          "position LIMIT 1").fetchone()
             if identity.CHAIN_TABLE in tables else None)
    record = first and conn.execute(
        f"SELECT originator_id, originator_version, topic, state FROM "
        f"{identity.PG_EVENTS_TABLE} WHERE notification_id = %s", (first[0],)).fetchone()
    if not record:
        return False
    # The chain's first entry follows GENESIS, whichever position it holds (store.chain).
    digest = chain.link(key.derive(keys.CHAIN), chain.GENESIS, first[0],
                        [chain.field(value) for value in record])
    if not hmac.compare_digest(digest, bytes(first[1])):
        raise wrong
    return True


def _readable(reason: str) -> str:
    """SQLite's and the server's words, where they would puzzle, in plain ones."""
    if "unable to open database file" in reason:
        return "the file or its folder cannot be opened for reading and writing"
    if "readonly database" in reason:
        return "it or its folder is read-only"
    return reason


class Programme(Application):
    """Ny sjanse's record of participants: records facts, answers with plain data."""

    name = "nysjanse"
    is_snapshotting_enabled = False

    def __init__(self, db: str, user: str = "unknown", key: MasterKey | None = None, *,
                 unencrypted: bool = False, reading: bool = False) -> None:
        """`key` opens the store (and derives the keys of the store's other uses); default the
        per-user key (store.keys.default_path), made there if missing. `unencrypted`: only to
        read a plain SQLite store written before encryption (store.migration). `reading`: the
        store must be there already (a PostgreSQL database without one is not made one)."""
        self.db = db
        self.user = user
        self.key = master_key(key)
        self.keyring = Keyring(self.key)
        self._entries: dict[str, Entry] = {}  # by pseudonym, live ones (erase forgets one)
        self._upgraded = False  # the keyring's conversion looked at (upgrade)
        self.unencrypted = unencrypted
        env = _environment(db, self.key, unencrypted, reading)
        self.wait = int(env.get("SQLITE_LOCK_TIMEOUT") or env["NYSJANSE_WAIT"])
        for attempt in range(RETRIES):
            try:
                super().__init__(env=env)
                # Every record written is chained (store.chain) under the master key's chain key.
                self.recorder.chain_key = self.key.derive(keys.CHAIN)
                # Connect now: a store that cannot be opened (a read-only folder, which a
                # store in write-ahead-log mode needs even to be read) is said here, once.
                self.recorder.max_notification_id()
                break
            except Exception as error:  # noqa: BLE001 - see below
                # Processes opening a new PostgreSQL store at once race to create its tables
                # ("tuple concurrently updated"); the loser simply opens it again.
                racing = "concurrently" in str(error) or "already exists" in str(error)
                if not racing or attempt == RETRIES - 1:
                    raise self.failure(error, "opened") from None
                time.sleep(0.05 * (1 + random.random()) * (attempt + 1))
        try:
            self._hold_key(env)
        except StoreError:
            self.close()
            raise

    def _hold_key(self, env: dict) -> None:
        """Refuse a key that is not the store's by its key check value (store.identity), and
        give a store that has none yet the value of a key proven its own: at once when the
        store is being made (or on PostgreSQL), else with its next write (an SQLite reader
        must not wait behind a long import for the write lock)."""
        if self.unencrypted:  # a plain store, read to be migrated: the key is not its own yet
            return
        value = identity.key_check(self.key)
        try:
            stored = self.recorder.key_check()
        except adapter.STORE_ERRORS as error:
            raise self.failure(error, "opened") from None
        if stored is None and env.get(PROVEN) == "true":
            if is_url(self.db) or env["CREATE_TABLE"] == "true":
                try:
                    self.recorder.keep_key_check(value)
                    stored = self.recorder.key_check()
                except adapter.STORE_ERRORS:
                    pass  # a user who may only read: the key is proven; a later use writes it
            else:
                self.recorder.key_check_due = value
        if stored is not None and not hmac.compare_digest(stored, value):
            raise StoreError(WrongKey(mask(self.db), self.key, server=is_url(self.db)).text)

    def construct_factory(self, env):
        """The library's factory; on SQLite its connections are SQLCipher ones, keyed."""
        factory = super().construct_factory(env)
        return factory if self.unencrypted else adapter.keyed(factory, self.key)

    def failure(self, error: BaseException, nothing: str = "recorded") -> StoreError:
        """One sentence for a store that cannot be used: "... nothing was {nothing}"."""
        reason = scrub(_plain(error), self.db)
        name = mask(self.db)
        nothing = Text(NOTHING.get(nothing, nothing))
        if nothing == "opened":
            return StoreError("cannot open the store {name}: {reason}", name=name,
                              reason=_readable(reason))
        if "database is locked" in reason or "lock timeout" in reason:
            return StoreError("the store {name} stayed busy for {wait} s (another import or "
                              "recording is writing); nothing was {nothing}, try again", name=name,
                              wait=self.wait, nothing=nothing)
        if adapter.REMOVED in reason:
            return StoreError("the store {name} was removed while this command waited for it (a "
                              "refused write beside it had made it); nothing was {nothing}, try "
                              "again", name=name, nothing=nothing)
        if "readonly database" in reason:
            return StoreError("the store {name} is read-only; nothing was {nothing}", name=name,
                              nothing=nothing)
        return StoreError("cannot write to the store {name}: {reason}; nothing was {nothing}",
                          name=name, reason=_readable(reason), nothing=nothing)

    @contextmanager
    def writing(self, nothing: str = "imported"):
        """One write transaction that waits its turn (bulk import); a store that cannot be
        written raises StoreError, one sentence ending "nothing was {nothing}"."""
        self.upgrade(nothing)
        try:
            with self.recorder.writing() as cursor:
                yield cursor
        except adapter.STORE_ERRORS as error:
            raise self.failure(error, nothing) from None

    @property
    def store_id(self) -> str | None:
        return self.recorder.store_id()

    # -- reading the write side ------------------------------------------------------------

    def entry(self, participant: str, cursor=None) -> Entry | None:
        """The keyring entry of a participant's id (None when never recorded).

        RuleBroken when the text is another participant's pseudonym: nothing is recorded or
        shown under a pseudonym as if it were an id."""
        rows = self.recorder.keyring_find(self.keyring.lookup(participant), participant, cursor)
        own, named = self._found(rows, participant)
        if named is not None and (own is None or own.pseudonym != named.pseudonym):
            if named.erased:
                raise RuleBroken("{participant} is the pseudonym of an erased participant; "
                                 "nothing can be recorded for them", participant=participant)
            raise RuleBroken("{participant} is a pseudonym, not a participant's id",
                             participant=participant)
        return own

    @staticmethod
    def _by_pseudonym(entry: Entry, participant: str) -> None:
        """RuleBroken when the text is an erased participant's pseudonym: since erasure the
        pseudonym's entry is its own (store.keyring), found as if it were an id."""
        if entry.pseudonym == participant:
            raise RuleBroken("{participant} is the pseudonym of an erased participant; "
                             "nothing can be recorded for them", participant=participant)

    def unopened(self, error: KeyringError) -> StoreError:
        """A keyring entry or sealed field the key does not open, as one sentence."""
        return StoreError("cannot open the store {db}: {reason}", db=mask(self.db), reason=error)

    def _found(self, rows, participant: str):
        try:
            return self.keyring.find(rows, participant)
        except KeyringError as error:
            raise self.unopened(error) from None

    def entries(self, pseudonyms, cursor=None, keep: bool = True) -> dict[str, Entry]:
        """The keyring entries of these pseudonyms (erased ones too), by pseudonym; with
        `keep`, the live ones stay in memory for the next call (a catch-up, which meets each
        participant once, does not keep them)."""
        wanted = [p for p in set(pseudonyms) if p not in self._entries]
        found = {p: self._entries[p] for p in set(pseudonyms) if p in self._entries}
        if wanted:
            for row in self.recorder.keyring_rows(wanted, cursor):
                try:
                    entry = self.keyring.entry(row)
                except KeyringError as error:
                    raise self.unopened(error) from None
                found[entry.pseudonym] = entry
                if keep and not entry.erased:
                    self._entries[entry.pseudonym] = entry
        return found

    def pseudonyms(self) -> list[str]:
        """Every participant's pseudonym (export names them all in the access log)."""
        return self.recorder.pseudonyms()

    def open_facts(self, stored: list[dict], cursor=None) -> list[dict]:
        """Stored facts as their owner sees them: the one place facts are decrypted (ids and
        personal fields back; an erased participant's in the erased form)."""
        if self.unencrypted:  # a store written before pseudonyms, read to be migrated: as stored
            return list(stored)
        entries = self.entries({f["participant"] for f in stored}, cursor)
        try:
            return [self.keyring.open(f, entries.get(f["participant"])) for f in stored]
        except KeyringError as error:  # a damaged sealed field: one sentence, not a traceback
            raise self.unopened(error) from None

    def participation(self, entry: Entry) -> Participation | None:
        return self._stored(participation_id(entry.pseudonym))

    def opened(self, entry: Entry | None, name: str) -> tuple[Participation | None, History]:
        """A participant's aggregate as stored and their history as the rules see it."""
        if entry is None or entry.tombstone:  # (an erased id: its pseudonym is not known)
            return None, History(name)
        agg = self.participation(entry)
        if agg is None:
            return None, History(entry.name)
        return agg, History(entry.name, [self.keyring.open(f, entry) for f in agg.facts])

    def history(self, participant: str) -> History:
        return self.opened(self.entry(participant), participant)[1]

    def participant_of(self, event_id: str) -> str:
        """Who an event is of: their id (their pseudonym once erased)."""
        pseudonym = self.recorder.participant_of(event_id)
        if pseudonym is None:
            raise UnknownEvent("no event with id '{event_id}' is stored", event_id=event_id)
        entry = self.entries([pseudonym]).get(pseudonym)
        return entry.name if entry else pseudonym

    def caseload_book(self, counsellors: Iterable[str], loaded: dict | None = None,
                      aggregates: dict | None = None) -> CaseloadBook:
        """Everyone ever assigned to these counsellors, as they stand now in the store, by
        name (`loaded`: histories already read, by name).

        The counsellor aggregates read are left in `aggregates`: an assignment must be saved on
        the very version the cap was checked against, or a racing writer could slip in between.
        """
        book = CaseloadBook()
        seen: set[str] = set()
        for name in counsellors:
            agg = self.counsellor(name)
            if aggregates is not None:
                aggregates[name] = agg
            pseudonyms = [p for p in (agg.participants if agg else ()) if p not in seen]
            seen.update(pseudonyms)
            entries = self.entries(pseudonyms)
            for pseudonym in pseudonyms:
                entry = entries.get(pseudonym)
                who = entry.name if entry else pseudonym
                history = (loaded or {}).get(who)
                if history is None:
                    stored = self._stored(participation_id(pseudonym))
                    history = History(who, list(stored.facts) if stored else [])
                book.put(who, history.timeline.periods)
        return book

    def counsellor(self, name: str) -> Counsellor | None:
        """The counsellor's aggregate as stored, or None."""
        return self._stored(counsellor_id(name))

    def _stored(self, aggregate_id):
        """An aggregate as stored, or None when nothing is stored under that id."""
        from eventsourcing.application import AggregateNotFoundError
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    # -- recording ---------------------------------------------------------------------------

    def record(self, fact: dict) -> dict:
        """Check one fact against every rule and store it; return it as stored.

        Raises InvalidFact or RuleBroken (nothing written), StoreError when the store stays busy.
        """
        fmt.validate(fact)
        self.upgrade()
        stamped = "recorded_at" not in fact
        fmt.complete(fact, new_id=new_event_id, now=now_iso(), user=self.user)
        for attempt in range(RETRIES):
            try:
                if stamped and attempt:
                    fact["recorded_at"] = now_iso()  # known now, after the other writer
                self._record_once(fact, stamped)
                return fact
            except IntegrityError:
                # Someone else wrote this participant or counsellor first, or the id is taken.
                if self.recorder.participant_of(fact["id"]) is not None:
                    raise RuleBroken("event id {id} is already recorded", id=fact['id']) from None
            except OperationalError as error:
                # SQLite has waited its turn already (NYSJANSE_WAIT); a read-only store or a
                # full disk stays so. PostgreSQL: a dropped connection may come back.
                if not is_url(self.db) or attempt == RETRIES - 1:
                    raise self.failure(error) from None
            except adapter.STORE_ERRORS as error:
                raise self.failure(error) from None
            time.sleep(min(0.2, 0.005 * 2 ** attempt) * (0.5 + random.random()))
        raise StoreError("the store {db} stayed busy; nothing was recorded, try again",
                         db=mask(self.db))

    def _record_once(self, fact: dict, stamped: bool = False) -> None:
        participant = fact["participant"]
        entry = self.entry(participant)
        new_row = None
        if entry is not None and entry.erased:
            self._by_pseudonym(entry, participant)
            raise RuleBroken("{participant} was erased; nothing more can be recorded for them",
                             participant=participant)
        agg, history = self.opened(entry, participant)
        if stamped and history.facts:
            # Another caseworker's clock may run ahead of ours: what we learn now is not known
            # before what the record already holds.
            last = history.facts[-1]["recorded_at"]
            if fmt.parse_timestamp(fact["recorded_at"]) < fmt.parse_timestamp(last):
                fact["recorded_at"] = last
        book, counsellors = None, {}
        if fact["type"] in ASSIGNING or fact["type"] == "retraction":
            names = {f["counsellor"] for f in [*history.facts, fact] if "counsellor" in f}
            book = self.caseload_book(names, {participant: history}, counsellors)
        admit(history, fact, book)
        if entry is None:
            why = keyring.reserved(participant)
            if why:
                raise RuleBroken(why)
            entry, new_row = self.keyring.new(participant)
        stored = self.keyring.seal(fact, entry)
        to_save: list = []
        if agg is None:
            agg = Participation(participant=entry.pseudonym, fact=stored)
        else:
            agg.record(fact=stored)
        to_save.append(agg)
        if fact["type"] in ASSIGNING:
            counsellor = counsellors[fact["counsellor"]] or Counsellor(counsellor=fact["counsellor"])
            counsellor.assign(participant=entry.pseudonym, date=fact["date"])
            to_save.append(counsellor)
        elif fact["type"] == "retraction":
            # A retraction can put the participant back with a counsellor (a retracted exit):
            # touch those counsellors, so a racing intake to them conflicts and checks again.
            for name in sorted({p[0] for p in history.timeline.periods}):
                if counsellors.get(name) is not None:
                    counsellors[name].assign(participant=entry.pseudonym, date=fact["date"])
                    to_save.append(counsellors[name])
        self.save(*to_save, event_ids=[(fact["id"], entry.pseudonym)],
                  keyring_rows=[new_row] if new_row else [])

    # -- erasure -----------------------------------------------------------------------------

    def erase(self, participant: str, reason: str) -> dict:
        """Record an `erasure` and destroy the participant's data key, in one transaction.

        Raises UnknownParticipant, RuleBroken (a pseudonym, already erased), InvalidFact (a
        reason the format refuses), StoreError. Returns the erasure fact (by pseudonym)."""
        self.upgrade("erased")
        for attempt in range(RETRIES):
            entry = self.entry(participant)
            if entry is None:
                raise UnknownParticipant("no participant '{participant}' is known",
                                         participant=participant)
            if entry.erased:
                self._by_pseudonym(entry, participant)
                raise RuleBroken("{participant} is already erased", participant=participant)
            agg, history = self.opened(entry, participant)
            now = now_iso()
            last = history.facts[-1]["recorded_at"] if history.facts else now
            if fmt.parse_timestamp(now) < fmt.parse_timestamp(last):
                now = last
            fact = fmt.of(personal.ERASURE, participant, now[:10], reason=reason)
            fmt.validate(fact)
            fmt.complete(fact, new_id=new_event_id, now=now, user=self.user)
            stored = self.keyring.seal(fact, entry)
            agg.record(fact=stored)
            moved_to, tombstone = self.keyring.forget(entry, fact)
            try:
                self.save(agg, event_ids=[(fact["id"], entry.pseudonym)],
                          erase=(entry.pseudonym, moved_to, tombstone))
            except IntegrityError:
                time.sleep(0.01 * (attempt + 1))
                continue
            except adapter.STORE_ERRORS as error:
                raise self.failure(error, "erased") from None
            self._entries.pop(entry.pseudonym, None)
            try:
                self.recorder.scrub()
            except adapter.STORE_ERRORS:
                pass  # a reader holds the log: the next checkpoint empties it
            return stored
        raise StoreError("the store {db} stayed busy; nothing was erased, try again",
                         db=mask(self.db))

    def erasure_of(self, participant: str) -> dict | None:
        """The erasure event of an erased participant, found by their id or pseudonym; None
        for anyone else. By the id: what its tombstone keeps (date, recorded_by, reason)."""
        rows = self.recorder.keyring_find(self.keyring.lookup(participant), participant)
        own, named = self._found(rows, participant)
        entry = own if own is not None else named
        if entry is None or not entry.erased:
            return None
        if entry.tombstone:
            return (None if entry.erasure is None else
                    dict(zip(("date", "recorded_by", "reason"), entry.erasure)))
        agg = self._stored(participation_id(entry.pseudonym))
        if agg is None or agg.facts[-1]["type"] != personal.ERASURE:
            return None
        return agg.facts[-1]

    def upgrade(self, nothing: str = "recorded") -> None:
        """Convert a keyring written before tombstones (store.keyring), once, before this
        process first writes: each erased participant still found by their id gets the
        pseudonym's own keyless entry and a tombstone for the id (the date, user and reason
        from their erasure event). A store already converted costs one look at its schema."""
        if self._upgraded or self.unencrypted:
            return
        try:
            if self.recorder.keyring_old():
                moves = []
                for row in self.recorder.keyring_erased():
                    if self.keyring.legacy(row):
                        entry = self.keyring.entry(row)
                        agg = self._stored(participation_id(entry.pseudonym))
                        last = agg.facts[-1] if agg is not None and agg.facts else None
                        erasure = last if last and last["type"] == personal.ERASURE else None
                        moves.append((entry.pseudonym, self.keyring.lookup(entry.pseudonym),
                                      self.keyring.tombstone(entry.lookup, erasure)))
                self.recorder.keyring_upgrade(moves)
                try:
                    self.recorder.scrub()
                except adapter.STORE_ERRORS:
                    pass  # a reader holds the log: the next checkpoint empties it
        except adapter.STORE_ERRORS as error:
            raise self.failure(error, nothing) from None
        self._upgraded = True

    # -- the notification log, for export and the read side ----------------------------------

    FACT_TOPICS = (get_topic(Participation.Opened), get_topic(Participation.Recorded))

    def facts_since(self, position: int, limit: int = 1000) -> tuple[int, list[tuple[int, dict]]]:
        """Facts recorded after a notification position: (last position read, [(position, fact)])."""
        notes = self.recorder.select_notifications(position + 1, limit)
        if not notes:
            return position, []
        out = [(n.id, self.mapper.to_domain_event(n).fact) for n in notes if n.topic in self.FACT_TOPICS]
        return notes[-1].id, out

    def all_facts(self, batch: int = 2000) -> Iterator[tuple[int, dict]]:
        """Every fact in recording order, as stored (by pseudonym, personal fields sealed)."""
        position, top = 0, self.max_position()
        while position < top:
            position, found = self.facts_since(position, batch)
            yield from found

    def all_opened(self, batch: int = 2000) -> Iterator[tuple[int, dict]]:
        """Every fact in recording order, opened (`open_facts`): what export writes."""
        position, top = 0, self.max_position()
        while position < top:
            position, found = self.facts_since(position, batch)
            opened = self.open_facts([f for _, f in found])
            yield from zip((p for p, _ in found), opened)

    def max_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    # -- the hash chain ----------------------------------------------------------------------

    def verify(self, head: tuple[int, str] | None = None) -> chain.Verdict:
        """Recompute the log's hash chain (store.chain); with `head` (position, hex digits),
        also check that the log still holds that record there. Needs the key."""
        recorder = self.recorder
        # Both read up to one position: a record and its entry are committed together, so
        # whatever is recorded meanwhile is simply left for the next check.
        top = recorder.chain_top()
        try:
            return chain.check(self.key.derive(keys.CHAIN),
                               chain.batched(recorder.chain_records, top),
                               chain.batched(recorder.chain_entries, top), head)
        except adapter.STORE_ERRORS as error:
            raise self.failure(error, "opened") from None

    def chain_digest(self, position: int) -> bytes | None:
        """The chain's digest at a position as stored (None: no entry there)."""
        return self.recorder.chain_digest(position)

    # -- bulk writing, used by import --------------------------------------------------------

    def stored(self, events: list) -> list[StoredEvent]:
        return [self.mapper.to_stored_event(e) for e in events]

    def records(self, when: datetime) -> "BulkRecords":
        """Facts and assignments as stored records, timestamped `when` (bulk import)."""
        return BulkRecords(self.mapper, when)


class BulkRecords:
    """The stored records of bulk import, built from templates (`adapter.StoredEventTemplate`):
    the same bytes as the events `opened_event`, `recorded_event` and `counsellor_events`
    make, run through the mapper (tests/integration/test_eventsourcing_adapter_contract.py)."""

    def __init__(self, mapper, when: datetime) -> None:
        template = adapter.StoredEventTemplate
        self.opened = template(mapper, lambda p, v, participant, fact: opened_event(
            participant, fact, when), (str, dict), participation_id)
        self.recorded = template(mapper, lambda p, v, fact: recorded_event(p, v, fact, when),
                                 (dict,), participation_id)
        self.started = template(mapper, lambda c, v, name: counsellor_events(
            name, 0, "", "", when)[0], (str,), counsellor_id)
        self.assigned = template(mapper, lambda c, v, participant, day: counsellor_events(
            c, v - 1, participant, day, when)[-1], (str, str), counsellor_id)

    def fact(self, participant: str, version: int, fact: dict) -> tuple:
        if version == 1:
            return self.opened.row(participant, 1, participant, fact)
        return self.recorded.row(participant, version, fact)

    def assignment(self, name: str, version: int, participant: str, day: str) -> list[tuple]:
        """`counsellor_events` as records: the counsellor (its aggregate at `version`) is
        given the participant from `day`."""
        records = []
        if version == 0:
            records.append(self.started.row(name, 1, name))
            version = 1
        records.append(self.assigned.row(name, version + 1, participant, day))
        return records


def opened_event(participant: str, fact: dict, when: datetime) -> Participation.Opened:
    return Participation.Opened(originator_id=participation_id(participant), originator_version=1,
                                timestamp=when, originator_topic=get_topic(Participation),
                                participant=participant, fact=fact)


def recorded_event(participant: str, version: int, fact: dict, when: datetime) -> Participation.Recorded:
    return Participation.Recorded(originator_id=participation_id(participant),
                                  originator_version=version, timestamp=when, fact=fact)


def counsellor_events(name: str, version: int, participant: str, day: str, when: datetime) -> list:
    """The events that assign a participant to a counsellor whose aggregate is at `version`."""
    events: list = []
    if version == 0:
        events.append(Counsellor.Started(originator_id=counsellor_id(name), originator_version=1,
                                         timestamp=when, originator_topic=get_topic(Counsellor),
                                         counsellor=name))
        version = 1
    events.append(Counsellor.Assigned(originator_id=counsellor_id(name), originator_version=version + 1,
                                      timestamp=when, participant=participant, date=day))
    return events
