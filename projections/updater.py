"""The pull loop that writes the read models (imported only when they are behind).

facts_since(position, batch) -> fold the batch -> write the batch's rows and the new tracked
position in ONE transaction. A crash loses at most the batch in progress, which the next
catch-up reads again. A long catch-up hands each batch's transaction to a second process
(`writer`) and folds the next batch meanwhile. Two processes catching up at once: each batch's
transaction starts with BEGIN IMMEDIATE and checks the tracked position is still the one it
started from; the loser throws its work away and continues from where the winner got.

Memory stays bounded by the participations in progress, not by the length of the history:
once a batch is committed, every participant whose participation has ended is dropped. A later
fact of theirs (almost always a follow-up) is folded from their open snapshot alone when it is
a follow-up going last; anything else (a retraction, a back-dated fact) reads their facts back
(from the store by aggregate during a rebuild, before the `facts` read model is indexed; else
from `facts`), as a catch-up does for every participant it has not seen yet.
"""
from __future__ import annotations

import gc
import os
import sqlite3
import sys

from domain.timeline import RuleBroken, Timeline, _apply

from . import cache
from . import facts as fact_rows
from . import participations as snaps
from .store import (SCHEMA_VERSION, TRACKING, ViewsError, _programme, create_schema,
                    ensure_indexes, show_progress, store_head, tracked, views_kind)


class _Raced(Exception):
    """Another process moved the tracked position while this one was working."""


class Moved(Exception):
    """The read models' file was deleted or replaced while this process was writing it."""


class _State:
    """One participant while catching up: facts (recording order), where each is stored, the
    timeline, its summary and its open snapshot as (valid_from, id), None when none is open.

    A participation that has ended and was read back from its snapshot alone has no facts
    (`facts` None): it only ever takes follow-ups that go last (see `Updater.load`)."""

    __slots__ = ("facts", "positions", "timeline", "summary", "since")

    def __init__(self, participant: str, stored: list | None = None,
                 since: tuple[str, int] | None = None):
        self.facts = [f for _, f in stored or ()]
        self.positions = {f["id"]: position for position, f in stored or ()}
        self.timeline = snaps.fold(participant, self.facts) if stored else Timeline(participant)
        self.summary = snaps.summarise(self.timeline)
        self.since = since

    @classmethod
    def ended(cls, participant: str, since: tuple[str, int], summary: tuple) -> "_State":
        st = cls.__new__(cls)
        st.facts = st.positions = None
        st.timeline = snaps.ended_timeline(participant, summary)
        st.summary = summary
        st.since = since
        return st


def open_views(path: str) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)  # we BEGIN ourselves
        conn.execute("PRAGMA busy_timeout = 30000")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = wal")
    except sqlite3.Error as error:
        raise ViewsError(f"cannot open the read models {path}: {error}") from None
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB: a rebuild's inserts stay in memory
    # Some builds zero every freed page (a rebuild's DROP writes the whole file again). The read
    # models hold nothing the event store does not keep forever anyway.
    conn.execute("PRAGMA secure_delete = OFF")
    return conn


def ensure_schema(conn: sqlite3.Connection, drop: bool = False, store: str | None = None,
                  db: str | None = None, explicit: bool = False,
                  path: str = "") -> tuple[int, int]:
    """Create the read models (dropping them first when asked, when their schema is old, or
    when they are of another store); return the tracked (position, next snapshot id).

    Read models of another store are derived data: at the default place beside the store they
    are rebuilt; a file named with --views is refused (ViewsError), never written."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        state = tracked(conn)
        if (state is not None and state[1] == SCHEMA_VERSION and state[0]
                and store is not None and state[2] not in (None, store)):
            if explicit:
                raise ViewsError(f"the read models {path} belong to another store; nothing was "
                                 f"written (name another --views file, or delete this one)")
            drop = True
        if db is not None and state is not None and state[0] and state[0] > store_head(db)[0]:
            drop = True  # ahead of the store: an older copy of it (a backup put back)
        if drop or state is None or state[1] != SCHEMA_VERSION:
            for name in (TRACKING, fact_rows.TABLE, snaps.TABLE, cache.TABLE):
                conn.execute(f"DROP TABLE IF EXISTS [{name}]")
            create_schema(conn)
        if conn.execute("PRAGMA application_id").fetchone()[0] != _views_mark():
            conn.execute(f"PRAGMA application_id = {_views_mark()}")
        row = conn.execute(f"SELECT position, next_id FROM {TRACKING}").fetchone()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return row[0], row[1]


def _views_mark() -> int:
    from domain.identity import VIEWS_MARK
    return VIEWS_MARK


class Updater:
    """Folds batches of facts into rows; keeps the participations in progress in memory."""

    def __init__(self, reader, position: int, next_id: int, store: str | None = None) -> None:
        self.reader = reader  # log.LogReader
        self.next_id = next_id
        self.store = store  # the id of the store read (see store.store_head)
        self.states: dict[str, _State] = {}
        # The reads' indexes exist (see store.INDEXES); until they do, a participant's facts
        # are read back from the store.
        self.indexed = False
        # Read models empty when this run began: a participant not in memory whom this run
        # never dropped is new, and needs no look-up. Who was dropped is remembered in a
        # fixed-size bit set (a false "maybe" only costs a look-up that finds nothing).
        self.fresh = position == 0
        self.dropped = bytearray(_DROPPED_BITS // 8)

    def load(self, conn: sqlite3.Connection, batch: list[tuple[int, dict, str | None]]) -> None:
        """Read back the participants of the batch that are not in memory (not seen by this
        run, or dropped when their participation ended): from their open snapshot when it has
        ended and all their facts in the batch are follow-ups going last, else from their
        facts. A participant found in neither is new."""
        states = self.states
        theirs: dict[str, list[dict]] = {}
        for _, f, _ in batch:
            p = f["participant"]
            if p not in states:
                theirs.setdefault(p, []).append(f)
        if self.fresh:
            for p in [p for p in theirs if not self.maybe_dropped(p)]:
                states[p] = _State(p)
                del theirs[p]
        if not theirs:
            return
        missing = list(theirs)
        snapshots = snaps.open_rows(conn, missing)
        history = []
        for p in missing:
            found = snapshots.get(p)
            if found is not None and _follow_ups_only(found[2], theirs[p]):
                states[p] = _State.ended(p, found[:2], found[2])
            else:
                history.append(p)
        stored = None
        if history and not self.indexed:
            stored = self.reader.facts_of(history, batch[0][0] - 1)
            if stored is None:  # only the read models can say: index them now
                with_indexes(conn)
                self.indexed = True
        if stored is None:
            stored = fact_rows.for_participants(conn, history)
        for p in history:
            found = snapshots.get(p)
            states[p] = _State(p, stored.get(p), found[:2] if found else None)

    def fold(self, conn: sqlite3.Connection, batch: list[tuple[int, dict, str | None]]):
        """The batch's writes: (fact rows, retraction updates, deletes, closes, snapshot rows).

        `batch`: (position, fact, the fact's JSON text or None), as `log.LogReader` reads them.
        """
        self.load(conn, batch)
        rows: list[tuple] = []
        retractions: list[tuple] = []
        upserts: dict[int, list] = {}
        closes: list[tuple[str, int]] = []
        deletes: list[tuple[int]] = []
        states = self.states
        to_utc, to_row = fact_rows.utc, fact_rows.row
        summarise, summarise_after, add = snaps.summarise, snaps.summarise_after, snaps.add
        for position, f, text in batch:
            p = f["participant"]
            st = states[p]
            utc = to_utc(f["recorded_at"])
            rows.append(to_row(position, f, utc, text))
            kind = f["type"]
            t = st.timeline
            if st.facts is None:  # ended, read back from its snapshot: a follow-up going last
                try:
                    _apply(t, f)
                except RuleBroken:  # left out, as the full fold would
                    continue
                new = summarise_after(st.summary, t, f)
            else:
                st.positions[f["id"]] = position
                if kind == "retraction":
                    target = st.positions.get(f["event"])
                    if target is not None:  # applied after this batch's inserts
                        retractions.append((f["id"], f["recorded_at"], utc, target))
                st.facts.append(f)
                t, last = add(t, st.facts, f)
                st.timeline = t
                if last and st.summary is not None:
                    new = summarise_after(st.summary, t, f)
                else:
                    new = summarise(t)
            if new == st.summary:
                continue
            st.summary = new
            since = st.since
            if since is not None and since[0] == utc:
                # Known from the same instant as the open snapshot: replaced, not closed.
                sid = since[1]
                if new is None:
                    st.since = None
                    if upserts.pop(sid, None) is None:
                        deletes.append((sid,))
                else:
                    upserts[sid] = [sid, p, utc, None, *new]
                continue
            if since is not None:
                sid = since[1]
                if sid in upserts:
                    upserts[sid][3] = utc
                else:
                    closes.append((utc, sid))
            if new is None:
                st.since = None
            else:
                sid = self.next_id
                self.next_id += 1
                upserts[sid] = [sid, p, utc, None, *new]
                st.since = (utc, sid)
        # Snapshots closed in snapshot order: the updates then visit the table's pages in
        # order, each page once, instead of at random (at 1.5 million facts most snapshots are
        # closed a batch or more after they were opened).
        closes.sort(key=_second)
        return rows, retractions, deletes, closes, list(upserts.values())

    def write(self, conn: sqlite3.Connection, expected: int, position: int, writes,
              final: bool = False) -> None:
        index = final and not self.indexed
        write_batch(conn, (expected, position, self.next_id, self.store, writes, index))
        self.indexed = self.indexed or index
        self.committed({row[1] for row in writes[0]})

    def committed(self, participants: set[str], pending: set[str] = frozenset()) -> None:
        """The batch of these participants is committed: the read models now hold all they
        have, so those who have left are dropped, to be read back if anything more of theirs
        turns up; except those with facts in a batch not committed yet (`pending`)."""
        states, dropped = self.states, self.dropped
        for p in participants:
            if p not in pending and states[p].timeline.end is not None:
                del states[p]
                for bit in _bits(p):
                    dropped[bit >> 3] |= 1 << (bit & 7)

    def maybe_dropped(self, participant: str) -> bool:
        dropped = self.dropped
        return all(dropped[bit >> 3] & (1 << (bit & 7)) for bit in _bits(participant))


_DROPPED_BITS = 1 << 23  # 1 MB: ~0.2 % false "maybe" after 200,000 participations dropped


def _bits(participant: str) -> tuple[int, int]:
    h = hash(participant)
    return h & (_DROPPED_BITS - 1), (h >> 32) & (_DROPPED_BITS - 1)


def write_batch(conn: sqlite3.Connection, batch: tuple) -> None:
    """One batch's rows and the tracked position it reaches, in one transaction; `batch`:
    (tracked position expected, new position, next snapshot id, store id, writes, whether to
    create the reads' indexes too). Raises _Raced when the tracked position has moved, or the
    read models were started again for another store."""
    expected, position, next_id, store, writes, index = batch
    rows, retractions, deletes, closes, upserts = writes
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = conn.execute(f"SELECT position, store FROM {TRACKING}").fetchone()
        if before[0] != expected or before[1] not in (None, store):
            raise _Raced()
        conn.executemany(fact_rows.INSERT, rows)
        conn.executemany(fact_rows.RETRACT, retractions)
        conn.executemany(snaps.DELETE, deletes)
        conn.executemany(snaps.CLOSE, closes)
        conn.executemany(snaps.INSERT, upserts)
        conn.execute(f"UPDATE {TRACKING} SET position = ?, next_id = ?, store = ?",
                     (position, next_id, store))
        if index:
            ensure_indexes(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _second(item: tuple):
    return item[1]


def _follow_ups_only(summary: tuple, facts: list[dict]) -> bool:
    """Whether these facts (of a participant read back from their open snapshot) can be folded
    from the snapshot alone: the participation has ended and each fact is a follow-up dated
    on or after everything before it, so it goes last (`_State.ended`)."""
    if summary[snaps._END_DATE] is None:
        return False
    last = snaps.last_date(summary)
    for f in facts:
        if f["type"] != "follow_up" or f["date"] < last:
            return False
        last = f["date"]
    return True


def with_indexes(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        ensure_indexes(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def run(db: str, path: str, batch: int, progress: bool = False, drop: bool = False,
        explicit: bool = False) -> int:
    """Catch the read models at `path` up with the store `db` (after dropping them if asked).

    A file that is not nysjanse's read models is refused before it is opened for writing;
    read models of another store are rebuilt, or refused when named explicitly (see
    ensure_schema). Raises Moved when the file is deleted or replaced meanwhile."""
    views_kind(path)  # ViewsError, nothing written, for another program's file
    top, store = store_head(db)
    views = open_views(path)
    try:
        made = _file_id(path)
        position, _ = ensure_schema(views, drop=drop, store=store, db=db, explicit=explicit,
                                    path=path)
        if position < top:
            position = _pull(db, views, path, batch, progress and show_progress(), store)
        with_indexes(views)
        if _file_id(path) != made:
            raise Moved()
        return position
    except sqlite3.Error:
        if _file_id(path) != made:
            raise Moved() from None
        raise
    finally:
        views.close()


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


# Notifications behind from which a catch-up writes through a second process (see writer) and
# checkpoints once at the end: below it, starting that process costs more than it saves.
LONG = 50_000


def _pull(db: str, views: sqlite3.Connection, path: str, batch: int, progress: bool,
          store: str | None) -> int:
    from .log import LogReader
    reader = LogReader(db, _programme(db))
    position, next_id = tracked_ids(views)
    updater = _updater(views, reader, position, next_id, store)
    top = reader.max_position()
    bar = None
    if progress:
        import click
        bar = click.progressbar(length=max(top - position, 1), label="rebuilding read models",
                                file=sys.stderr)
        bar.__enter__()
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects, and no reference cycles among them
    writer, pending = None, None  # pending: the batch the writer has (before, after, participants)
    long = top - position > LONG
    if long:  # one checkpoint at the end instead of one (with its fsyncs) every 4 MB
        views.execute("PRAGMA wal_autocheckpoint = 0")
        from .writer import Writer
        writer = Writer(path)
    try:
        while True:
            last, found = reader.facts_since(position, batch)
            writes = updater.fold(views, found) if last != position else None
            if writer is not None and writer.busy:
                # The batch before this one is written meanwhile (see writer).
                if writer.wait() == "raced":
                    position, next_id = tracked_ids(views, store)
                    updater = _updater(views, reader, position, next_id, store)
                    continue
                before, after, participants = pending
                if bar is not None:
                    bar.update(after - before)
                # Not dropped yet: who has facts in the batch folded since (not written yet).
                updater.committed(participants, {row[1] for row in writes[0]} if writes else ())
            if writes is None:
                return position
            if writer is not None:
                index = last >= top and not updater.indexed
                writer.send((position, last, updater.next_id, store, writes, index))
                updater.indexed = updater.indexed or index
                pending = (position, last, {row[1] for row in writes[0]})
                position = last
                continue
            try:
                updater.write(views, position, last, writes, final=last >= top)
            except _Raced:
                position, next_id = tracked_ids(views, store)
                updater = _updater(views, reader, position, next_id, store)
                continue
            if bar is not None:
                bar.update(last - position)
            position = last
    finally:
        if writer is not None:
            writer.close()
        if long:
            views.execute("PRAGMA wal_autocheckpoint = 1000")
            views.execute("PRAGMA wal_checkpoint(PASSIVE)")
        if collecting:
            gc.enable()
        if bar is not None:
            bar.__exit__(None, None, None)
        reader.close()


def _updater(views: sqlite3.Connection, reader, position: int, next_id: int,
             store: str | None) -> Updater:
    updater = Updater(reader, position, next_id, store)
    if position:  # a catch-up: read models that readers use, with rows to look up
        with_indexes(views)
        updater.indexed = True
    return updater


def tracked_ids(conn: sqlite3.Connection, store: str | None = None) -> tuple[int, int]:
    """The tracked (position, next snapshot id); with `store`, raises Moved when the read
    models were started again for another store meanwhile (the catch-up begins again)."""
    position, next_id, tracked_store = conn.execute(
        f"SELECT position, next_id, store FROM {TRACKING}").fetchone()
    if store is not None and tracked_store not in (None, store):
        raise Moved()
    return position, next_id
