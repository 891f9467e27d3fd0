"""Reading the notification log: `Programme.facts_since`, with a fast path for SQLite stores.

`Programme.facts_since` turns every notification into a domain event object (UUIDs, event
classes, upcasting), which costs more than everything else a rebuild does. For a SQLite store
whose events are plain JSON (no cipher, no compression), this reader takes each fact's text
straight from `stored_events` (`store.adapter.stored_fact`, where the stored format is known),
positions being the rowids exactly as `facts_since` reports them. A batch with anything
`stored_fact` cannot read (an upcast, a custom-typed value) is read through `facts_since`.
tests/integration/test_eventsourcing_contract.py checks the format with the library installed;
tests/integration/test_read_side_known_answers.py that both readers give the same facts.
"""
from __future__ import annotations

import json

from store import sqlcipher
from store.adapter import plain_json, stored_fact
from store.identity import CHAIN_TABLE

from .tables import is_url

_decode = json.JSONDecoder().decode


class LogReader:
    """The facts of a store's notification log, in batches: `facts_since` and, for a rebuild,
    `facts_of` some participants. `app` is the store's `store.application.Programme`."""

    def __init__(self, db: str, app) -> None:
        from store.application import Programme
        self.app = app
        self.fast = None
        mapper = app.mapper
        if not is_url(db) and plain_json(mapper):
            self.fast = sqlcipher.connect(sqlcipher.uri(db, readonly=True), app.key, uri=True,
                                          timeout=30, shown=db)
            self.topics = tuple(Programme.FACT_TOPICS)

    def facts_since(self, position: int, limit: int) -> tuple[int, list[tuple[int, dict, str | None]]]:
        """(last position read, [(position, fact, the fact's JSON text or None)]) for up to
        `limit` notifications. The text, when given, is the fact exactly as stored."""
        if self.fast is None:
            return self._slow(position, limit)
        last = self.fast.execute(
            "SELECT MAX(rowid) FROM (SELECT rowid FROM stored_events WHERE rowid > ? "
            "ORDER BY rowid LIMIT ?)", (position, limit)).fetchone()[0]
        if last is None:
            return position, []
        positions, texts = [], []
        # Only the facts' rows come to Python (the counsellors' are a fifth of the log), row by
        # row, not fetchall: only the facts' own text is kept for the batch.
        for rowid, state in self.fast.execute(
                f"SELECT rowid, state FROM stored_events WHERE rowid > ? AND rowid <= ? "
                f"AND topic IN ({', '.join('?' * len(self.topics))}) ORDER BY rowid",
                (position, last, *self.topics)):
            text = stored_fact(state)
            if text is None:
                return self._slow(position, limit)
            positions.append(rowid)
            texts.append(text)
        return last, self._decoded(positions, texts)

    def _decoded(self, positions: list[int], texts: list[str]) -> list[tuple[int, dict, str | None]]:
        """The facts of a batch, decoded as one JSON array: as fast as one by one, and the
        facts then share their key strings (the decoder keeps one copy of each key per call),
        which roughly halves the memory of the facts a catch-up holds. When a piece is not
        exactly one fact (the count does not add up, a value is not a fact): one by one, and
        for such a piece the whole stored state."""
        try:
            facts = _decode("[" + ",".join(texts) + "]")
        except ValueError:
            facts = None
        if facts is None or len(facts) != len(texts):
            facts = []
            for text in texts:
                try:
                    facts.append(_decode(text))
                except ValueError:
                    facts.append(None)
        out = []
        for rowid, fact, text in zip(positions, facts, texts):
            if type(fact) is not dict or fact.get("participant") is None:
                state = self.fast.execute("SELECT state FROM stored_events WHERE rowid = ?",
                                          (rowid,)).fetchone()[0]
                fact, text = _decode(state.decode())["fact"], None
            out.append((rowid, fact, text))
        return out

    def facts_of(self, participants: list[str],
                 upto: int) -> dict[str, list[tuple[int, dict]]] | None:
        """Every fact of these participants up to a position, in recording order:
        [(position, fact)], read by aggregate from the store's primary key (a rebuild reads a
        dropped participant back this way before the `facts` read model has its index).
        None when the store cannot be read that way (not the fast path, or a fact that
        facts_since would have to read through the event store library)."""
        if self.fast is None:
            return None
        from domain.aggregates import participation_id
        found: dict[str, list[tuple[int, dict]]] = {}
        for p in participants:
            for rowid, topic, state in self.fast.execute(
                    "SELECT rowid, topic, state FROM stored_events WHERE originator_id = ? "
                    "AND rowid <= ? ORDER BY rowid", (participation_id(p).hex, upto)):
                if topic not in self.topics:
                    continue
                text = stored_fact(state)
                if text is None:
                    return None
                found.setdefault(p, []).append((rowid, _decode(text)))
        return found

    def _slow(self, position: int, limit: int):
        last, found = self.app.facts_since(position, limit)
        return last, [(p, f, None) for p, f in found]

    def names(self, pseudonyms: list[str]) -> dict[str, str]:
        """{pseudonym: id} of these participants while they are not erased: one keyring
        entry opened each (the only decryption a catch-up does)."""
        if not pseudonyms:
            return {}
        from store.identity import StoreError

        from .tables import ViewsError
        try:
            return {p: e.id for p, e in self.app.entries(pseudonyms, keep=False).items()
                    if not e.erased}
        except StoreError as error:  # another key than the store's: one sentence
            raise ViewsError(error.text) from None

    def head(self, position: int) -> str | None:
        """The hash chain's digest at a position (hex): the log's head once read up to there;
        None when the store has no chain entry there (store.chain)."""
        digest = None
        if self.fast is not None:
            try:
                row = self.fast.execute(f"SELECT digest FROM {CHAIN_TABLE} WHERE position = ?",
                                        (position,)).fetchone()
                digest = row[0] if row else None
            except sqlcipher.OperationalError as error:
                if "no such table" not in str(error):  # a store written before the chain
                    raise
        else:
            digest = self.app.chain_digest(position)
        return None if digest is None else bytes(digest).hex()

    def max_position(self) -> int:
        return self.app.max_position()

    def close(self) -> None:
        if self.fast is not None:
            self.fast.close()
