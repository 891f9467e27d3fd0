"""The pull loop that writes the read models (imported only when they are behind).

facts_since(position, batch) -> fold the batch -> write the batch's rows and the new tracked
position in ONE transaction. A crash loses at most the batch in progress, which the next
catch-up reads again. Two processes catching up at once: each batch's transaction starts with
BEGIN IMMEDIATE and checks the tracked position is still the one it started from; the loser
throws its work away and continues from where the winner got.

Secondary indexes are created in the transaction of the batch that reaches the store's last
position (and before any catch-up that starts from a non-empty read model), so a rebuild
inserts into bare tables and sorts each index once.
"""
from __future__ import annotations

import gc
import sqlite3
import sys

import sqlite_utils

from domain.timeline import Timeline

from . import cache
from . import facts as fact_rows
from . import participations as snaps
from .store import (SCHEMA_VERSION, TRACKING, ViewsError, _programme, show_progress, store_head,
                    tracked)

INDEXES = ((fact_rows.TABLE, ("participant",)), (snaps.TABLE, ("valid_to", "participant")))


class _Raced(Exception):
    """Another process moved the tracked position while this one was working."""


class _State:
    """One participant while catching up: facts (recording order), where each is stored, the
    timeline, its summary and its open snapshot as (valid_from, id), None when none is open."""

    __slots__ = ("facts", "positions", "timeline", "summary", "since")

    def __init__(self, participant: str, stored: list | None = None,
                 since: tuple[str, int] | None = None):
        self.facts = [f for _, f in stored or ()]
        self.positions = {f["id"]: position for position, f in stored or ()}
        self.timeline = snaps.fold(participant, self.facts) if stored else Timeline(participant)
        self.summary = snaps.summarise(self.timeline)
        self.since = since


def open_views(path: str) -> sqlite_utils.Database:
    try:
        db = sqlite_utils.Database(path)
        db.conn.execute("PRAGMA busy_timeout = 30000")
        if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.enable_wal()
    except sqlite3.Error as error:
        raise ViewsError(f"cannot open the read models {path}: {error}") from None
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute("PRAGMA cache_size = -65536")  # 64 MB: a rebuild's inserts stay in memory
    # Some builds zero every freed page (a rebuild's DROP writes the whole file again). The read
    # models hold nothing the event store does not keep forever anyway.
    db.conn.execute("PRAGMA secure_delete = OFF")
    return db


def ensure_schema(db: sqlite_utils.Database, drop: bool = False) -> tuple[int, int]:
    """Create the read models (dropping them first when asked or when their schema is old);
    return the tracked (position, next snapshot id)."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        state = tracked(conn)
        if drop or state is None or state[1] != SCHEMA_VERSION:
            for name in (TRACKING, fact_rows.TABLE, snaps.TABLE, cache.TABLE):
                db[name].drop(ignore=True)
            _create(db)
        row = conn.execute(f"SELECT position, next_id FROM {TRACKING}").fetchone()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return row[0], row[1]


def _create(db: sqlite_utils.Database) -> None:
    db[TRACKING].create({"name": str, "position": int, "schema": int, "next_id": int,
                         "origin": str}, pk="name")
    db[TRACKING].insert({"name": "views", "position": 0, "schema": SCHEMA_VERSION, "next_id": 1,
                         "origin": None})
    db[fact_rows.TABLE].create({c: fact_rows.TYPES.get(c, str) for c in fact_rows.COLUMNS},
                               pk="position")
    db[snaps.TABLE].create({c: int if c == "id" else str for c in snaps.COLUMNS}, pk="id")
    db[cache.TABLE].create({"key": str, "position": int, "data": str}, pk="key")


def ensure_indexes(db: sqlite_utils.Database) -> None:
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)


class Updater:
    """Folds batches of facts into rows; keeps every participant it has seen in memory."""

    def __init__(self, fresh: bool, next_id: int, origin: str | None = None) -> None:
        self.fresh = fresh  # the read models were empty when this run began
        self.next_id = next_id
        self.origin = origin  # of the store read (see store.store_head)
        self.states: dict[str, _State] = {}

    def load(self, conn: sqlite3.Connection, participants: set[str]) -> None:
        missing = sorted(p for p in participants if p not in self.states)
        if not missing:
            return
        if self.fresh:
            for p in missing:
                self.states[p] = _State(p)
            return
        stored = fact_rows.for_participants(conn, missing)
        since = snaps.current_since(conn, missing)
        for p in missing:
            self.states[p] = _State(p, stored.get(p), since.get(p))

    def fold(self, conn: sqlite3.Connection, batch: list[tuple[int, dict, str | None]]):
        """The batch's writes: (fact rows, retraction updates, deletes, closes, snapshot rows).

        `batch`: (position, fact, the fact's JSON text or None), as `log.LogReader` reads them.
        """
        self.load(conn, {item[1]["participant"] for item in batch})
        rows: list[list] = []
        pending: dict[int, list] = {}
        retractions: list[tuple] = []
        upserts: dict[int, list] = {}
        closes: list[tuple[str, int]] = []
        deletes: list[tuple[int]] = []
        states = self.states
        to_utc, to_row, add = fact_rows.utc, fact_rows.row, snaps.add
        summarise, summarise_after = snaps.summarise, snaps.summarise_after
        for position, f, text in batch:
            p = f["participant"]
            st = states[p]
            utc = to_utc(f["recorded_at"])
            row = to_row(position, f, utc, text)
            rows.append(row)
            pending[position] = row
            st.positions[f["id"]] = position
            if f["type"] == "retraction":
                target = st.positions.get(f["event"])
                if target in pending:
                    pending[target][fact_rows.RETRACTED] = [f["id"], f["recorded_at"], utc]
                elif target is not None:
                    retractions.append((f["id"], f["recorded_at"], utc, target))
            st.facts.append(f)
            st.timeline, last = add(st.timeline, st.facts, f)
            if last and st.summary is not None:
                new = summarise_after(st.summary, st.timeline, f)
            else:
                new = summarise(st.timeline)
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
        return rows, retractions, deletes, closes, list(upserts.values())

    def write(self, db: sqlite_utils.Database, expected: int, position: int, writes,
              final: bool = False) -> None:
        rows, retractions, deletes, closes, upserts = writes
        conn = db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute(f"SELECT position FROM {TRACKING}").fetchone()[0] != expected:
                raise _Raced()
            conn.executemany(fact_rows.INSERT, rows)
            conn.executemany(fact_rows.RETRACT, retractions)
            conn.executemany(snaps.DELETE, deletes)
            conn.executemany(snaps.CLOSE, closes)
            conn.executemany(snaps.INSERT, upserts)
            conn.execute(f"UPDATE {TRACKING} SET position = ?, next_id = ?, origin = ?",
                         (position, self.next_id, self.origin))
            if final:
                ensure_indexes(db)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def run(db: str, path: str, batch: int, progress: bool = False, drop: bool = False) -> int:
    """Catch the read models at `path` up with the store `db` (after dropping them if asked)."""
    views = open_views(path)
    try:
        position, _ = ensure_schema(views, drop=drop)
        top, origin = store_head(db)
        if position > top or (position and tracked(views.conn)[2] != origin):
            # read models of another store, or of an earlier store of that name: start again
            position, _ = ensure_schema(views, drop=True)
        if position < top:
            position = _pull(db, views, batch, progress and show_progress(), origin)
        ensure_indexes(views)
        return position
    finally:
        views.close()


def _pull(db: str, views: sqlite_utils.Database, batch: int, progress: bool,
          origin: str | None) -> int:
    from .log import LogReader
    reader = LogReader(db, _programme(db))
    position, next_id = tracked_ids(views.conn)
    if position:
        ensure_indexes(views)
    updater = Updater(fresh=position == 0, next_id=next_id, origin=origin)
    top = reader.max_position()
    bar = None
    if progress:
        import click
        bar = click.progressbar(length=max(top - position, 1), label="rebuilding read models",
                                file=sys.stderr)
        bar.__enter__()
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects that all live until the end: no cycles to find
    long = top - position > 50_000
    if long:  # one checkpoint at the end instead of one (with its fsyncs) every 4 MB
        views.conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        while True:
            last, found = reader.facts_since(position, batch)
            if last == position:
                return position
            writes = updater.fold(views.conn, found)
            try:
                updater.write(views, position, last, writes, final=last >= top)
            except _Raced:
                position, next_id = tracked_ids(views.conn)
                updater = Updater(fresh=False, next_id=next_id, origin=origin)
                continue
            if bar is not None:
                bar.update(last - position)
            position = last
    finally:
        if long:
            views.conn.execute("PRAGMA wal_autocheckpoint = 1000")
            views.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        if collecting:
            gc.enable()
        if bar is not None:
            bar.__exit__(None, None, None)
        reader.close()


def tracked_ids(conn: sqlite3.Connection) -> tuple[int, int]:
    return conn.execute(f"SELECT position, next_id FROM {TRACKING}").fetchone()
