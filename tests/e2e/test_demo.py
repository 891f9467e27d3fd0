"""The demo generator: deterministic, and every fact passes the rule gate (its speed: bench/demo.py)."""
from __future__ import annotations

import hashlib
from collections import defaultdict

import pytest

from demo import generate
from domain.caseload import CaseloadBook
from domain.facts import dumps, parse_timestamp, validate
from domain.rules import History, admit


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    return generate()


# sha256 of the history as export lines: a change in what the generator writes is noticed,
# and a refactoring of the generator has to keep these equal.
PINNED = {
    2008: "70a6ce5b87bd809d293a316014d1c4674a5c22eedf8fbe8df270fca254274130",
    1: "7b3cf21fc1948034d743d90c6c43e89cc5c913a0430b244331124443cbf80fd2",
}


def digest(facts: list[dict]) -> str:
    return hashlib.sha256("\n".join(dumps(f) for f in facts).encode("utf-8")).hexdigest()


@pytest.mark.parametrize("seed", sorted(PINNED))
def test_the_generated_history_is_pinned(seed, facts):
    assert digest(facts if seed == 2008 else generate(seed)) == PINNED[seed]


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


# -- demo.load: what the `demo` command decides ------------------------------------------------

@pytest.fixture
def small_year(facts, monkeypatch) -> list[dict]:
    """The facts of the demo's first three participants: a real, smaller history to load."""
    import demo.loading
    chosen = [dict(f) for f in facts if f["participant"] in ("p00001", "p00002", "p00003")]
    monkeypatch.setattr(demo.loading, "generate", lambda: [dict(f) for f in chosen])
    return chosen


def test_load_writes_the_demo_year_once(app, small_year):
    from demo import Loaded, load
    assert load(app, "here") == Loaded(len(small_year), 3)
    assert load(app, "here") is None  # the same store again: nothing written
    assert [fact for _, fact in app.all_opened()] == small_year


def test_load_refuses_a_store_with_other_events(app, small_year):
    from demo import DemoRefused, load
    from tests.conftest import intake
    app.record(intake("someone-else"))
    with pytest.raises(DemoRefused) as refused:
        load(app, "there.db")
    assert str(refused.value) == ("the store there.db already holds other events; the demo "
                                  "needs an empty store (for example --db demo.db)")
    assert [fact["participant"] for _, fact in app.all_opened()] == ["someone-else"]


def test_load_refuses_a_store_with_the_demo_and_more(app, small_year):
    from demo import DemoRefused, load
    from tests.conftest import intake
    load(app, "here")
    app.record(intake("someone-else"))
    with pytest.raises(DemoRefused, match="already holds other events"):
        load(app, "here")


def test_load_refuses_a_history_that_breaks_a_rule_and_writes_nothing(app, facts, monkeypatch):
    import demo.loading
    from demo import DemoRefused, load
    first = [dict(f) for f in facts if f["participant"] == "p00001"]
    exit_ = next(f for f in first if f["type"] in ("exit", "transfer_to_nav"))
    exit_["date"] = "2001-01-01"  # before the intake
    monkeypatch.setattr(demo.loading, "generate", lambda: first)
    with pytest.raises(DemoRefused) as refused:
        load(app, "here")
    assert str(refused.value).startswith("the demo history was refused (")
    assert app.recorder.is_empty()


def test_the_demo_command_leaves_no_store_behind_when_the_history_is_refused(
        facts, monkeypatch, tmp_path):
    from click.testing import CliRunner

    import demo.loading
    from cli import cli
    first = [dict(f) for f in facts if f["participant"] == "p00001"]
    next(f for f in first if f["type"] in ("exit", "transfer_to_nav"))["date"] = "2001-01-01"
    monkeypatch.setattr(demo.loading, "generate", lambda: first)
    db = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the demo history was refused (")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert list(tmp_path.iterdir()) == []
