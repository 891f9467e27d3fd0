"""Reading the notification log: `Programme.facts_since`, with a fast path for SQLite stores.

`Programme.facts_since` turns every notification into a domain event object (UUIDs, event
classes, upcasting), which costs more than everything else a rebuild does. For a SQLite store
whose events are plain JSON (no cipher, no compression) and whose facts are still at
`class_version` 1 with nothing but plain JSON values in them, the fact is simply the `fact`
key of the stored state: this reader then takes it straight from `stored_events`, positions
being the rowids exactly as `facts_since` reports them. A batch with anything else in it
(an upcast, a custom-typed value) is read through `facts_since` instead.
Tests check that both readers give the same facts.
"""
from __future__ import annotations

import json
import sqlite3

from .store import _uri_path, is_url

_decode = json.JSONDecoder().decode


class LogReader:
    def __init__(self, db: str, app) -> None:
        from domain.application import Programme
        from eventsourcing.persistence import JSONTranscoder
        self.app = app
        self.fast = None
        mapper = app.mapper
        if (not is_url(db) and mapper.cipher is None and mapper.compressor is None
                and type(mapper.transcoder) is JSONTranscoder):
            self.fast = sqlite3.connect(f"file:{_uri_path(db)}?mode=ro", uri=True, timeout=30)
            self.topics = frozenset(Programme.FACT_TOPICS)

    def facts_since(self, position: int, limit: int) -> tuple[int, list[tuple[int, dict, str | None]]]:
        """(last position read, [(position, fact, the fact's JSON text or None)]) for up to
        `limit` notifications. The text, when given, is the fact exactly as stored."""
        if self.fast is None:
            return self._slow(position, limit)
        rows = self.fast.execute(
            "SELECT rowid, topic, state FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (position, limit)).fetchall()
        if not rows:
            return position, []
        topics, decode = self.topics, _decode
        out = []
        for rowid, topic, state in rows:
            if topic in topics:
                if state.count(b'"_type_"') != 1 or b'"class_version"' in state:
                    return self._slow(position, limit)
                text = state.decode()
                # `fact` is the state's last key: decode its text alone (a quote inside a JSON
                # string is always escaped, and no fact has a field named fact, so the last
                # `"fact":` is that key). Anything else: decode the whole state.
                cut = text.rfind('"fact":')
                fact_text = text[cut + 7:-1]
                try:
                    fact = decode(fact_text)
                except ValueError:
                    fact = None
                if type(fact) is not dict or fact.get("participant") is None:
                    fact, fact_text = decode(text)["fact"], None
                out.append((rowid, fact, fact_text))
        return rows[-1][0], out

    def _slow(self, position: int, limit: int):
        last, found = self.app.facts_since(position, limit)
        return last, [(p, f, None) for p, f in found]

    def max_position(self) -> int:
        return self.app.max_position()

    def close(self) -> None:
        if self.fast is not None:
            self.fast.close()
