"""The days where figures go wrong: year boundaries, leap days, late knowledge, back-dating."""
from __future__ import annotations

import pytest

import projections
from domain.dates import DAYS_PER_MONTH, days_between
from projections import figures
from projections.participations import Participation
from tests.conftest import fact, intake

from .conftest import dump_views


def at(day: str, time: str = "09:00") -> str:
    return f"{day}T{time}:00+01:00"


@pytest.fixture
def record(app):
    def write(f: dict, recorded: str | None = None, **meta) -> dict:
        if recorded:
            f["recorded_at"] = recorded
        f.update(meta)
        return app.record(f)
    return write


def months(start: str, end: str) -> float:
    return days_between(start, end) / DAYS_PER_MONTH


def test_intake_on_first_of_january(store, record):
    record(intake("p1", "2008-01-01"), at("2008-01-01"))
    s = projections.stats(store, 2008)
    assert (s["participants"], s["new"], s["carried_over"]) == (1, 1, 0)
    assert s["year_end"]["average_months"] == pytest.approx(months("2008-01-01", "2008-12-31"))
    assert projections.stats(store, 2007)["participants"] == 0
    assert projections.status(store, "2007-12-31")["active"] == []
    [entry] = projections.status(store, "2008-01-01")["active"]
    assert entry["months"] == 0.0 and entry["has_plan"] is False
    assert projections.stats(store, 2009)["carried_over"] == 1


def test_exit_on_31_december(store, record):
    record(intake("p1", "2007-06-01", assistance_since="2006-01-01"), at("2007-06-01"))
    record(fact("exit", "p1", "2008-12-31", kind="completed", outcome="full_time_job"),
           at("2009-01-02"))
    s = projections.stats(store, 2008)
    assert (s["participants"], s["exits"], s["remaining"]) == (1, 1, 0)
    assert s["year_end"]["active"] == 0 and s["year_end"]["average_months"] is None
    assert s["work_or_education"] == 1 and s["work_or_education_rate"] == 1.0
    assert s["average_months"]["completed"] == pytest.approx(months("2007-06-01", "2008-12-31"))
    assert s["projects"]["Bergen"]["completed"] == 1
    assert projections.stats(store, 2009)["participants"] == 0
    assert [a["participant"] for a in projections.status(store, "2008-12-30")["active"]] == ["p1"]
    assert projections.status(store, "2008-12-31")["active"] == []
    shown = projections.show(store, "p1", "2008-12-31")
    assert shown["state"] == "completed" and shown["end_date"] == "2008-12-31"
    assert shown["exit"] == {"type": "exit", "date": "2008-12-31", "kind": "completed",
                             "outcome": "full_time_job"}
    assert shown["counsellor"] == "c7"
    before = projections.show(store, "p1", "2008-12-30")
    assert before["state"] == "active" and before["exit"] is None and before["end_date"] is None


def test_suspension_open_across_the_year_end(store, record):
    record(intake("p1", "2008-03-01"), at("2008-03-01"))
    record(fact("suspension", "p1", "2008-11-01", reason="sick_leave"), at("2008-11-01"))
    record(fact("resumption", "p1", "2009-02-01"), at("2009-02-01"))
    assert projections.stats(store, 2008)["year_end"]["suspended"] == 1
    [entry] = projections.status(store, "2008-12-31")["active"]
    assert entry["suspended"] is True
    assert entry["planned_end"] == "2010-04-30"  # 2010-03-01 + 60 days suspended so far
    [later] = projections.status(store, "2009-06-30")["active"]
    assert later["suspended"] is False and later["planned_end"] == "2010-06-01"  # + 92 days
    assert projections.stats(store, 2009)["year_end"]["suspended"] == 0
    shown = projections.show(store, "p1", "2008-12-31")
    assert shown["state"] == "suspended" and shown["suspended_days"] == 60
    [c] = projections.caseload(store, "2008-12-31")["counsellors"]
    assert (c["active"], c["suspended"]) == (1, 1)
    # known before the resumption was recorded, the suspension is still open
    [entry] = projections.status(store, "2009-03-01", known_at=at("2009-01-31"))["active"]
    assert entry["suspended"] is True and entry["planned_end"] == "2010-06-29"  # + 120 days


def test_leap_day(store, record):
    record(intake("p1", "2008-02-29"), at("2008-02-29"))
    record(fact("plan", "p1", "2008-02-29", measures=["norwegian"]), at("2008-02-29", "10:00"))
    assert projections.status(store, "2008-02-28")["active"] == []
    [entry] = projections.status(store, "2008-02-29")["active"]
    assert entry["months"] == 0.0 and entry["has_plan"] is True
    assert entry["planned_end"] == "2010-02-28"  # two calendar years on: no 29 February
    assert projections.stats(store, 2008)["year_end"]["average_months"] == \
        pytest.approx(306 / DAYS_PER_MONTH)
    assert projections.show(store, "p1", "2008-02-29")["plan"] == \
        {"date": "2008-02-29", "measures": ["norwegian"], "goal": None}


def test_retraction_recorded_after_the_year_end(store, record):
    record(intake("p1", "2008-01-10"), at("2008-01-10"))
    record(fact("exit", "p1", "2008-06-01", kind="completed", outcome="job_seeker"),
           at("2008-06-02"), id="wrong-exit")
    known_then = projections.stats(store, 2008)  # read between the writes: catches up in steps
    record(fact("retraction", "p1", "2009-02-01", event="wrong-exit", reason="wrong outcome"),
           at("2009-02-01", "10:00"))
    record(fact("exit", "p1", "2008-06-01", kind="completed", outcome="full_time_job"),
           at("2009-02-01", "10:05"))
    before = projections.stats(store, 2008, known_at=at("2009-01-31"))
    assert before == known_then
    assert before["outcomes"]["job_seeker"] == 1 and before["work_or_education"] == 0
    now = projections.stats(store, 2008)
    assert now["outcomes"]["full_time_job"] == 1 and now["outcomes"]["job_seeker"] == 0
    assert now["work_or_education"] == 1
    between = projections.stats(store, 2008, known_at=at("2009-02-01", "10:02"))
    assert between["exits"] == 0 and between["remaining"] == 1
    assert projections.stats(store, 2008, known_at=at("2008-01-09"))["participants"] == 0
    history = projections.history(store, "p1")
    assert [(h["id"] == "wrong-exit", h["retracted_by"] is not None) for h in history] == \
        [(False, False), (True, True), (False, False), (False, False)]


def test_back_dated_exit(store, record):
    record(intake("p1", "2008-01-10"), at("2008-01-10"))
    record(fact("plan", "p1", "2008-05-01", measures=["norwegian"]), at("2008-05-01"))
    record(fact("exit", "p1", "2008-12-15", kind="aborted", by="participant", reason="moved"),
           at("2009-01-10"))
    then = projections.stats(store, 2008, known_at=at("2009-01-01"))
    assert (then["exits"], then["year_end"]["active"]) == (0, 1)
    now = projections.stats(store, 2008)
    assert (now["exits"], now["year_end"]["active"]) == (1, 0)
    assert now["exit_types"]["aborted_by_participant"] == 1
    assert now["abort_reasons"]["moved"] == 1
    assert now["average_months"]["abort_reasons"]["moved"]["F"] == \
        pytest.approx(months("2008-01-10", "2008-12-15"))
    assert now["average_months"]["abort_reasons"]["moved"]["M"] is None
    assert [a["participant"] for a in
            projections.status(store, "2008-12-31", known_at=at("2009-01-05"))["active"]] == ["p1"]
    assert projections.status(store, "2008-12-31")["active"] == []


def test_back_dated_counsellor_change_and_catch_up_equals_rebuild(store, record, tmp_path):
    record(intake("p1", "2008-01-10"), at("2008-01-10"))
    record(intake("p2", "2008-01-11", counsellor="c9"), at("2008-01-11"))
    projections.caseload(store, "2008-04-01")
    record(fact("plan", "p1", "2008-05-01", measures=["norwegian"]), at("2008-05-02"))
    record(fact("counsellor_change", "p1", "2008-03-01", counsellor="c9"), at("2008-05-03"))
    got = projections.caseload(store, "2008-04-01")
    assert got["counsellors"] == [{"counsellor": "c9", "active": 2, "suspended": 0,
                                   "over_capacity": False, "participants": ["p1", "p2"]}]
    then = projections.caseload(store, "2008-04-01", known_at=at("2008-05-02", "12:00"))
    assert [c["counsellor"] for c in then["counsellors"]] == ["c7", "c9"]
    record(fact("absence", "p2", "2008-05-01", days=2, valid=False), at("2008-05-04"))
    record(fact("absence", "p2", "2008-05-02", days=1, valid=True), at("2008-05-04"))
    detail = projections.caseload_detail(store, "2008-06-01")
    [c9] = detail["counsellors"]
    by = {d["participant"]: d for d in c9["details"]}
    assert by["p1"]["attention"] == [] and by["p2"]["invalid_absence_days"] == 2.0
    assert by["p2"]["attention"] == ["no plan", "invalid absence"]
    views = str(tmp_path / "clean.views.db")
    projections.rebuild(store, views=views)
    assert dump_views(views) == dump_views(projections.views_path(store))


def test_facts_recorded_at_the_same_instant(store, record):
    when = at("2008-03-01", "12:00")
    record(intake("p1", "2008-03-01"), when)
    record(fact("plan", "p1", "2008-03-01", measures=["job_search"]), when)
    [entry] = projections.status(store, "2008-03-01", known_at=when)["active"]
    assert entry["has_plan"] is True
    assert projections.status(store, "2008-03-01", known_at=at("2008-03-01", "11:59"))["active"] == []


def test_incentive_counts_employed_follow_ups_dated_in_the_year(store, record):
    record(intake("p1", "2007-01-10", assistance_since="2006-01-01"), at("2007-01-10"))
    record(fact("exit", "p1", "2007-05-31", kind="completed", outcome="part_time_job"),
           at("2007-05-31"))
    record(fact("follow_up", "p1", "2007-12-10", months=6, employed=True, industry="cleaning"),
           at("2007-12-10"))
    record(fact("follow_up", "p1", "2008-06-15", months=12, employed=True, industry="driver"),
           at("2008-06-15"))
    record(intake("p2", "2007-01-10", gender="M", assistance_since="2006-01-01"), at("2007-01-10"))
    record(fact("exit", "p2", "2007-06-30", kind="completed", outcome="job_seeker"),
           at("2007-06-30"))
    record(fact("follow_up", "p2", "2008-01-05", months=6, employed=True), at("2008-01-05"))
    record(intake("p3", "2007-01-10", assistance_since="2006-01-01"), at("2007-01-10"))
    record(fact("exit", "p3", "2007-06-30", kind="completed", outcome="job_seeker"),
           at("2007-06-30"))
    record(fact("follow_up", "p3", "2008-01-05", months=6, employed=False), at("2008-01-05"))
    y2007 = projections.stats(store, 2007)["incentive"]
    assert y2007 == {"participants": 1, "by_gender": {"F": 1, "M": 0}, "twelve_months": 0,
                     "by_industry": {"cleaning": 1, "warehouse_workshop": 0,
                                     "canteen_restaurant": 0, "driver": 0, "other": 0}}
    y2008 = projections.stats(store, 2008)
    assert y2008["participants"] == 0  # they all left in 2007
    assert y2008["incentive"] == {"participants": 2, "by_gender": {"F": 1, "M": 1},
                                  "twelve_months": 1,
                                  "by_industry": {"cleaning": 0, "warehouse_workshop": 0,
                                                  "canteen_restaurant": 0, "driver": 1,
                                                  "other": 1}}


def _row(participant: str, counsellor: str) -> Participation:
    return Participation(participant, "2008-01-01", "Bergen", "F", "SO", None, None, None, None,
                         None, None, None, None, f'[["{counsellor}","2008-01-01",null]]',
                         None, None, None)


def test_over_capacity_is_more_than_fifteen():
    rows = [_row(f"p{i:02d}", "c1") for i in range(16)] + [_row(f"q{i:02d}", "c2") for i in range(15)]
    got = figures.caseload(rows, "2008-06-30")["counsellors"]
    assert [(c["counsellor"], c["active"], c["over_capacity"]) for c in got] == \
        [("c1", 16, True), ("c2", 15, False)]
    from projections import render
    text = render.table("caseload", figures.caseload_detail(rows, "2008-06-30"))
    assert text.count("OVER CAPACITY") == 1


def test_figures_are_cached_until_the_next_event(store, record):
    from tests.conftest import open_db
    record(intake("p1", "2008-01-10"), at("2008-01-10"))
    first = projections.stats(store, 2008)
    assert projections.stats(store, 2008) == first
    conn = open_db(projections.views_path(store))
    assert conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == 1
    record(intake("p2", "2008-02-10"), at("2008-02-10"))
    assert projections.stats(store, 2008)["participants"] == 2
    assert conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == 1  # the old one dropped
    conn.close()


def test_rebuild_shows_no_progress_bar_off_a_terminal(store, record, capfd):
    record(intake("p1", "2008-01-10"), at("2008-01-10"))
    assert projections.rebuild(store, progress=True) > 0
    out, err = capfd.readouterr()
    assert out == "" and err == ""
