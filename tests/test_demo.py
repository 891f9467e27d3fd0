"""The demo generator: deterministic, and every fact passes the rule gate (its speed: bench/demo.py)."""
from __future__ import annotations

from collections import defaultdict

import pytest

from demo import generate
from domain.caseload import CaseloadBook
from domain.facts import parse_timestamp, validate
from domain.rules import History, admit


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    return generate()


def test_same_seed_same_facts(facts):
    assert generate(2008) == facts
    assert generate() == facts


def test_another_seed_another_history(facts):
    assert generate(7) != facts


def test_every_fact_is_complete_and_well_formed(facts):
    ids = set()
    for fact in facts:
        validate(dict(fact))
        assert {"id", "recorded_at", "recorded_by"} <= fact.keys()
        assert fact["recorded_at"][-6:] in ("+01:00", "+02:00")
        assert fact["date"] <= "2008-12-31"
        assert fact["id"] not in ids
        ids.add(fact["id"])


def test_recorded_at_never_goes_back_for_a_participant(facts):
    last: dict[str, object] = {}
    for fact in facts:
        moment = parse_timestamp(fact["recorded_at"])
        before = last.get(fact["participant"])
        assert before is None or moment >= before, fact
        last[fact["participant"]] = moment


@pytest.mark.parametrize("seed", [2008, 1, 99])
def test_every_fact_passes_the_rules(seed):
    """In list order, through `admit`, with one caseload book for the whole programme."""
    book = CaseloadBook()
    histories: dict[str, History] = {}
    for fact in generate(seed):
        history = histories.setdefault(fact["participant"], History(fact["participant"]))
        admit(history, fact, book)  # raises RuleBroken
    assert len(histories) == 1221  # 901 took part 2005-2007, 320 started in 2008


def test_the_history_has_the_colour_of_real_records(facts):
    kinds = defaultdict(int)
    for fact in facts:
        kinds[fact["type"]] += 1
    for kind in ("intake", "plan", "absence", "suspension", "resumption", "counsellor_change",
                 "exit", "transfer_to_nav", "follow_up"):
        assert kinds[kind] > 0, kind
    assert kinds["retraction"] == 2
    retracted = {f["event"] for f in facts if f["type"] == "retraction"}
    by_id = {f["id"]: f for f in facts}
    assert {by_id[i]["type"] for i in retracted} == {"exit", "absence"}
    back_dated = [f for f in facts
                  if (parse_timestamp(f["recorded_at"]).date().toordinal()
                      - parse_timestamp(f["date"] + "T12:00:00+01:00").date().toordinal()) > 7]
    assert len(back_dated) > 50
    assert any(not f["valid"] for f in facts if f["type"] == "absence")
    assert len({f["recorded_by"] for f in facts}) > 20
