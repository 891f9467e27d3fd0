"""domain.periods: the rules about days, on their boundary days, and every side asking the same
definition on many generated cases (the SQL the read side filters with is checked against these
definitions in SQLite by tests/integration/test_periods_sql.py)."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import periods
from domain.caseload import CaseloadBook
from domain.groups import EXIT_TYPES, aborted, exit_type, top_countries, work_or_education
from domain.timeline import replay
from projections import figures
from projections.participations import Participation

INTAKE, EXIT = "2008-03-03", "2008-09-15"


def day(iso: str, delta: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=delta)).isoformat()


# -- active on D -------------------------------------------------------------------------------

@pytest.mark.parametrize("on, active", [
    (day(INTAKE, -1), False),  # the day before the intake
    (INTAKE, True),            # the day of the intake
    (day(EXIT, -1), True),     # the last day in the programme
    (EXIT, False),             # the day of the exit
    (day(EXIT, 1), False),
])
def test_active_from_the_intake_day_until_the_day_before_the_exit(on, active):
    assert periods.active_on(INTAKE, EXIT, on) is active


def test_active_with_no_end_stays_active_and_with_no_intake_never_is():
    assert periods.active_on(INTAKE, None, "2030-01-01")
    assert not periods.active_on(None, None, INTAKE)


def test_active_on_a_one_day_participation_only_that_day_and_none_on_a_same_day_exit():
    assert periods.active_on(INTAKE, day(INTAKE, 1), INTAKE)
    assert not periods.active_on(INTAKE, INTAKE, INTAKE)


def test_dates_as_date_objects_too():
    assert periods.active_on(date(2008, 3, 3), date(2008, 9, 15), date(2008, 3, 3))
    assert not periods.active_on(date(2008, 3, 3), date(2008, 9, 15), date(2008, 9, 15))


# -- suspended on D ----------------------------------------------------------------------------

SUSPENDED, RESUMED = "2008-05-05", "2008-06-02"


@pytest.mark.parametrize("on, suspended", [
    (day(SUSPENDED, -1), False),
    (SUSPENDED, True),           # the day of the suspension
    (day(RESUMED, -1), True),
    (RESUMED, False),            # the day of the resumption
])
def test_suspended_from_the_suspension_day_until_the_day_before_the_resumption(on, suspended):
    assert periods.suspended_on(INTAKE, EXIT, [[SUSPENDED, RESUMED, "sick_leave"]], on) is suspended


def test_an_open_suspension_ends_with_the_participation():
    open_ = [[SUSPENDED, None, "parental_leave"]]
    assert periods.suspended_on(INTAKE, EXIT, open_, day(EXIT, -1))
    assert not periods.suspended_on(INTAKE, EXIT, open_, EXIT)


def test_days_suspended_and_the_planned_end():
    s = [[SUSPENDED, RESUMED, "sick_leave"], ["2008-08-01", None, "other"]]
    assert periods.suspended_days(s, day(SUSPENDED, -1)) == 0
    assert periods.suspended_days(s, day(SUSPENDED, 10)) == 10
    assert periods.suspended_days(s, "2008-08-11") == 28 + 10
    assert periods.planned_end(INTAKE, s, "2008-08-11") == day("2010-03-03", 38)
    assert periods.planned_end(INTAKE, [], "2008-08-11") == "2010-03-03"


# -- counsellor on D ---------------------------------------------------------------------------

def test_the_day_of_a_change_is_the_new_counsellors_and_the_day_of_the_exit_nobodys():
    p = [["c1", INTAKE, "2008-06-02"], ["c2", "2008-06-02", EXIT]]
    assert periods.counsellor_on(p, day(INTAKE, -1)) is None
    assert periods.counsellor_on(p, INTAKE) == "c1"
    assert periods.counsellor_on(p, "2008-06-01") == "c1"
    assert periods.counsellor_on(p, "2008-06-02") == "c2"
    assert periods.counsellor_on(p, EXIT) is None


# -- participant in Y, ended in Y, new in Y ----------------------------------------------------

@pytest.mark.parametrize("intake, end, counted", [
    ("2008-12-31", None, True),          # intake on 31 December
    ("2009-01-01", None, False),         # intake on 1 January of the next year
    ("2006-05-02", "2008-01-01", True),  # left on 1 January: in the programme that day
    ("2006-05-02", "2007-12-31", False),
    ("2006-05-02", None, True),
    (None, None, False),
])
def test_participant_in_the_year(intake, end, counted):
    assert periods.participant_in(intake, end, 2008) is counted


def test_ended_and_new_in_the_year():
    assert periods.ended_in("2008-01-01", 2008) and periods.ended_in("2008-12-31", 2008)
    assert not periods.ended_in("2007-12-31", 2008) and not periods.ended_in("2009-01-01", 2008)
    assert not periods.ended_in(None, 2008)
    assert periods.in_year("2008-12-31", 2008) and not periods.in_year("2009-01-01", 2008)
    assert periods.new_in("2008-01-01", 2008) and not periods.new_in("2007-12-31", 2008)


# -- the cap -----------------------------------------------------------------------------------

def test_the_cap_is_fifteen_and_a_sixteenth_is_over_it():
    assert periods.CAP == 15
    assert not periods.over_capacity(15)
    assert periods.over_capacity(16)


# -- exits and countries ------------------------------------------------------------------------

def test_exit_types_and_the_goal():
    assert exit_type("transfer_to_nav", None, None) == "transferred_to_nav"
    assert exit_type("exit", "completed", None) == "completed"
    assert exit_type("exit", "aborted", "decision") == "aborted_by_decision"
    assert {exit_type("exit", "aborted", by) for by in ("participant", "decision")} < set(EXIT_TYPES)
    assert aborted(dict(zip(EXIT_TYPES, (1, 2, 4, 8)))) == 6
    assert work_or_education("completed", "education")
    assert not work_or_education("completed", "job_seeker")
    assert not work_or_education("aborted", None)


def test_top_countries_by_count_then_code_and_the_rest():
    counts = {"SO": 5, "IQ": 5, "AF": 9, "PK": 1, "ER": 2}
    top, rest = top_countries(counts, top=3)
    assert top == [("AF", 9), ("IQ", 5), ("SO", 5)]
    assert rest == [("ER", 2), ("PK", 1)]
    assert top_countries(counts)[1] == []


# -- every side asks the same definition -------------------------------------------------------

DAYS = st.one_of(
    st.dates(min_value=date(2006, 12, 25), max_value=date(2009, 1, 10)),
    st.sampled_from([date(2007, 12, 31), date(2008, 1, 1), date(2008, 12, 31),
                     date(2009, 1, 1)]),
).map(date.isoformat)


FIRST, LAST = date(2006, 12, 25), date(2009, 1, 10)


def between(draw, low: date, high: date) -> date:
    """A day from low to high, often one of the ends (the boundary days)."""
    return draw(st.one_of(st.sampled_from([low, high]), st.dates(min_value=low, max_value=high)))


@st.composite
def participation(draw):
    """(intake, end-or-None, counsellor periods, suspensions) with the shape a replay gives."""
    intake = between(draw, FIRST, LAST - timedelta(days=10))
    end = draw(st.one_of(st.none(), st.dates(min_value=intake, max_value=LAST)))
    last = (end or LAST) - timedelta(days=1)
    periods_, start = [], intake
    for _ in range(draw(st.integers(0, 2))):
        if start >= last:
            break
        change = between(draw, start + timedelta(days=1), last)
        periods_.append([draw(st.sampled_from("abc")), start, change])
        start = change
    periods_.append([draw(st.sampled_from("abc")), start, end])
    suspensions = []
    if intake <= last and draw(st.booleans()):
        s = between(draw, intake, last)
        r = draw(st.one_of(st.none(), st.dates(min_value=s + timedelta(days=1),
                                               max_value=end or LAST)))
        suspensions.append([s, r if r is not None else end, "other"])
    return (iso(intake), iso(end), [[c, iso(a), iso(b)] for c, a, b in periods_],
            [[iso(a), iso(b), why] for a, b, why in suspensions])


def iso(d: date | None) -> str | None:
    return d and d.isoformat()


def row(n: int, p) -> Participation:
    intake, end, periods_, suspensions = p
    return Participation(f"p{n}", intake, "X", "F", "SO", end, "exit" if end else None,
                         "completed" if end else None, None, None, None, None, None,
                         json.dumps(periods_), json.dumps(suspensions) if suspensions else None,
                         None, None)


@settings(max_examples=200, deadline=None)
@given(st.lists(participation(), max_size=12), DAYS)
def test_the_write_sides_caseload_book_counts_what_the_read_sides_caseload_shows(many, on):
    book = CaseloadBook()
    rows = [row(n, p) for n, p in enumerate(many)]
    for r, p in zip(rows, many):
        book.put(r.participant, p[2])
    shown = {c["counsellor"]: c["active"] for c in figures.caseload(rows, on)["counsellors"]}
    for c in "abc":
        assert book.active_count(c, on) == shown.get(c, 0)


def test_a_replayed_timeline_answers_as_the_definitions_do():
    facts = [
        {"type": "intake", "id": "e1", "participant": "p", "date": INTAKE, "counsellor": "c1",
         "resident_since": "2001-01-01", "assistance_since": "2007-01-01", "gender": "F",
         "country": "SO", "project": "X", "intro_programme": "none"},
        {"type": "suspension", "id": "e2", "participant": "p", "date": SUSPENDED,
         "reason": "sick_leave"},
        {"type": "resumption", "id": "e3", "participant": "p", "date": RESUMED},
        {"type": "exit", "id": "e4", "participant": "p", "date": EXIT, "kind": "completed",
         "outcome": "education"},
    ]
    t = replay("p", facts)
    for d in (INTAKE, SUSPENDED, RESUMED, day(EXIT, -1), EXIT):
        assert t.active_on(d) is periods.active_on(INTAKE, EXIT, d)
        assert t.suspended_on(d) is periods.suspended_on(INTAKE, EXIT, t.suspensions, d)
    assert t.state_on(SUSPENDED) == "suspended" and t.state_on(RESUMED) == "active"
    assert t.state_on(day(EXIT, -1)) == "active" and t.state_on(EXIT) == "completed"
