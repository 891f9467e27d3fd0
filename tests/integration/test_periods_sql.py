"""The SQL the read side filters with (domain.periods' *_sql, projections.figures' filters),
run in SQLite and checked against the Python definitions of domain.periods on many generated
tables."""
from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from domain import periods
from projections import figures
from tests.unit.test_periods import DAYS


def rows_matching(table: list[tuple], condition: tuple[str, tuple]) -> set[int]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE participations "
                 "(n INTEGER, intake_date TEXT, end_date TEXT, last_follow_up TEXT)")
    conn.executemany("INSERT INTO participations VALUES (?, ?, ?, ?)",
                     [(n, *r) for n, r in enumerate(table)])
    sql, params = condition
    found = {n for (n,) in conn.execute(f"SELECT n FROM participations WHERE {sql}", params)}
    conn.close()
    return found


SPANS = st.tuples(st.one_of(st.none(), DAYS), st.one_of(st.none(), DAYS),
                  st.one_of(st.none(), DAYS))
YEARS = st.sampled_from([2007, 2008, 2009])


@settings(max_examples=300, deadline=None)
@given(st.lists(SPANS, max_size=20), DAYS)
def test_active_on_in_sql_is_active_on(table, on):
    expected = {n for n, (i, e, _) in enumerate(table) if periods.active_on(i, e, on)}
    assert rows_matching(table, periods.active_on_sql("intake_date", "end_date", on)) == expected
    assert rows_matching(table, figures.active_filter(on)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(SPANS, max_size=20), YEARS)
def test_participant_in_in_sql_is_participant_in(table, year):
    expected = {n for n, (i, e, _) in enumerate(table) if periods.participant_in(i, e, year)}
    found = rows_matching(table, periods.participant_in_sql("intake_date", "end_date", year))
    assert found == expected
    # stats' row filter keeps every participant of the year, and everyone with a follow-up in it
    kept = rows_matching(table, figures.year_filter(year))
    followed = {n for n, (i, _, u) in enumerate(table)
                if i is not None and u is not None and u >= periods.first_day(year)}
    assert expected | followed <= kept
