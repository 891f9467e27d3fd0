"""Folding: batches of facts into the rows of the read models, participations in progress kept.

`Folding.fold(conn, batch)` turns one batch read from the log (`log.LogReader`) into the
batch's writes (`writer.write_batch`): fact rows, retractions, and the snapshots of every
participation whose summary changed (`participations`). It writes nothing itself; the
catch-up (`updater`) writes, then tells it what is committed (`committed`).

Memory stays bounded by the participations in progress, not by the length of the history:
once a batch is committed, every participant whose participation has ended is dropped. A later
fact of theirs (almost always a follow-up) is folded from their open snapshot alone when it is
a follow-up going last; anything else (a retraction, a back-dated fact) reads their facts back
(from the store by aggregate during a rebuild, before the `facts` read model is indexed; else
from `facts`), as a catch-up does for every participant it has not seen yet.
"""
from __future__ import annotations

import sqlite3

from domain.timeline import Timeline

from . import facts as fact_rows
from . import participations as snaps
from .tables import with_indexes

# Where a summary holds the end's date (None while the participation goes on).
END_DATE = snaps.SUMMARY.index("end_date")


class _State:
    """One participant while catching up: facts (recording order), where each is stored, the
    timeline, its summary and its open snapshot as (valid_from, id), None when none is open.

    A participation that has ended and was read back from its snapshot alone has no facts
    (`facts` None): it only ever takes follow-ups that go last (see `Folding.load`)."""

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


class Folding:
    """Folds batches of facts into rows; keeps the participations in progress in memory."""

    def __init__(self, reader, position: int, next_id: int, store: str | None = None) -> None:
        self.reader = reader  # log.LogReader
        self.next_id = next_id
        self.store = store  # the id of the store read (see tables.store_head)
        self.states: dict[str, _State] = {}
        # The reads' indexes exist (see tables.INDEXES); until they do, a participant's facts
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
                if not snaps.advance(t, f):  # left out, as the full fold would
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

    def committed(self, participants: set[str]) -> None:
        """The batch of these participants is committed: the read models now hold all they
        have, so those who have left are dropped, to be read back if anything more of theirs
        turns up."""
        states, dropped = self.states, self.dropped
        for p in participants:
            if states[p].timeline.end is not None:
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


def _second(item: tuple):
    return item[1]


def _follow_ups_only(summary: tuple, facts: list[dict]) -> bool:
    """Whether these facts (of a participant read back from their open snapshot) can be folded
    from the snapshot alone: the participation has ended and each fact is a follow-up dated
    on or after everything before it, so it goes last (`_State.ended`)."""
    if summary[END_DATE] is None:
        return False
    last = snaps.last_date(summary)
    for f in facts:
        if f["type"] != "follow_up" or f["date"] < last:
            return False
        last = f["date"]
    return True
