"""The read side's bet on eventsourcing's stored format, checked with the library installed.

`store.adapter.stored_fact` (assumption 6 in store/adapter.py) lets the read side take a fact's
JSON text straight from a SQLite store's `stored_events` instead of asking the library to decode
each event (see its docstring: the format of eventsourcing 9.5). Each test here writes through
the real library and checks one assumption; an upgrade that changes one fails the test named
after it. The adapter's other assumptions: test_eventsourcing_adapter_contract.py.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from domain.aggregates import Participation, participation_id
from store.application import Programme
from projections.log import LogReader
from store.adapter import stored_fact
from tests.conftest import fact, intake, open_db

AWKWARD = 'quote " backslash \\ "fact": {} æøå \u2028 end'


def stored_rows(db: str) -> list[tuple[int, str, str, bytes]]:
    conn = open_db(db)
    try:
        return conn.execute("SELECT rowid, originator_id, topic, state FROM stored_events "
                            "ORDER BY rowid").fetchall()
    finally:
        conn.close()


def test_a_stored_fact_is_the_last_key_of_plain_json_in_notification_order(store):
    """Plain JSON, `fact` last, rowid = notification id, originator_id = the aggregate id's hex."""
    app = Programme(store, "kari")
    app.record(intake("p1", "2008-03-01"))
    app.record(fact("absence", "p1", "2008-03-10", days=1, valid=False, note=AWKWARD))
    app.record(intake("p2", "2008-03-02", counsellor="c8"))
    app.record(fact("exit", "p1", "2008-05-01", kind="aborted", by="decision", reason="health"))
    _, through_library = app.facts_since(0, 1000)
    assert len(through_library) == 4
    by_rowid = {rowid: (oid, topic, state) for rowid, oid, topic, state in stored_rows(store)}
    for position, want in through_library:
        oid, topic, state = by_rowid[position]
        assert topic in Programme.FACT_TOPICS
        assert oid == participation_id(want["participant"]).hex
        text = stored_fact(state)
        assert text is not None and json.loads(text) == want
    reader = LogReader(store, app)
    assert reader.fast is not None  # the default mapper: JSON, no cipher, no compressor
    try:
        assert reader.facts_since(0, 1000)[1] == [
            (p, f, stored_fact(by_rowid[p][2])) for p, f in through_library]
        who = app.entry("p1").pseudonym  # the store names participants by pseudonym only
        assert reader.facts_of([who], app.max_position()) == {
            who: [(p, f) for p, f in through_library if f["participant"] == who]}
    finally:
        reader.close()


def test_an_event_to_upcast_carries_class_version_and_is_left_to_the_library(store,
                                                                              monkeypatch):
    """A class_version above 1 is written into the state (today after the fact): such a
    state must not be read as a plain fact, whatever the version's place."""
    app = Programme(store, "kari")
    app.record(intake("p1", "2008-03-01"))
    monkeypatch.setattr(Participation.Recorded, "class_version", 2)
    app.record(fact("plan", "p1", "2008-03-10", measures=["norwegian"], goal="work"))
    state = stored_rows(store)[-1][3]
    assert b'"class_version":2' in state
    assert stored_fact(state) is None


def test_a_value_json_lacks_is_written_typed_and_left_to_the_library(store):
    """A value of a type JSON lacks is {"_type_": ..., "_data_": ...}; the event's own
    timestamp is one, written before the fact, and does not count."""
    app = Programme(store, "kari")
    when = datetime(2008, 3, 1, 12, tzinfo=timezone.utc)
    plain = Participation.Recorded(originator_id=participation_id("p1"), originator_version=2,
                                   timestamp=when, fact={"type": "plan", "participant": "p1"})
    typed = Participation.Recorded(originator_id=participation_id("p1"), originator_version=3,
                                   timestamp=when, fact={"type": "plan", "participant": "p1",
                                                         "date": when})
    plain_state, typed_state = (app.mapper.to_stored_event(e).state for e in (plain, typed))
    assert b'"timestamp":{"_type_"' in plain_state
    assert json.loads(stored_fact(plain_state)) == {"type": "plan", "participant": "p1"}
    assert b'"_type_"' in typed_state[typed_state.rindex(b'"fact":'):]
    assert stored_fact(typed_state) is None
