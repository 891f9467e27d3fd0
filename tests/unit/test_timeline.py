"""`domain.timeline.replay`, pure: the events in force, each once, in effective order."""
from domain.timeline import replay
from tests.conftest import fact, intake


def stored(f: dict, id_: str) -> dict:
    return {**f, "id": id_}


def test_events_in_force_each_once_by_date_then_recording_order():
    facts = [
        stored(intake("p1", "2008-03-01"), "a1"),
        stored(fact("plan", day="2008-03-10", measures=["norwegian"]), "a2"),
        stored(fact("exit", day="2008-06-01", kind="completed", outcome="education"), "a3"),
        stored(fact("follow_up", day="2009-06-02", months=12, employed=True), "a4"),
        stored(fact("follow_up", day="2008-12-02", months=6, employed=False), "a5"),
        stored(fact("absence", day="2008-03-10", days=1, valid=True), "a6"),
    ]
    t = replay("p1", facts)
    assert [e["id"] for e in t.events] == ["a1", "a2", "a6", "a3", "a5", "a4"]
    assert [u["id"] for u in t.follow_ups] == ["a5", "a4"]
