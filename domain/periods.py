"""The programme's rules about days, each written once.

The write side (`timeline`, `caseload`), the read models (`projections.participations`,
`projections.figures`), the report and the demo all ask these functions, so "active on a day"
or "a participant in 2008" means the same everywhere. Plain functions over plain values: dates
are ISO strings (`"2008-03-01"`, which sort like the days they name) or `date` objects, never
mixed in one call; `None` is "not yet" for an end.

Where the read side filters rows in SQL for speed, the SQL condition is written here, beside
the Python definition it must agree with (`tests/unit/test_periods.py` checks each pair on
many generated cases).
"""
from __future__ import annotations

from datetime import date

from .dates import add_years, days_between

CAP = 15  # rule 3: a counsellor has at most this many active participants on any day


# -- spans of days -----------------------------------------------------------------------------

def within(start, end, day) -> bool:
    """Whether the day falls in the span that begins on `start` and ends on `end` (None: still
    open): the first day counts, the ending day does not. Every span of the programme (a
    participation, a suspension, a counsellor's period) is such a span."""
    return start <= day and (end is None or day < end)


def active_on(intake, end, day) -> bool:
    """In the programme on that day: from the day of intake (suspended counts too), not on the
    day of the exit or transfer, nor after. No intake: never."""
    return intake is not None and within(intake, end, day)


def suspended_on(intake, end, suspensions, day) -> bool:
    """Active on that day and inside a suspension: from the suspension's day, not on the day
    of the resumption. `suspensions`: [start, end-or-None, ...] each."""
    return active_on(intake, end, day) and any(within(s[0], s[1], day) for s in suspensions)


def counsellor_on(periods, day):
    """Whose participant on that day: `periods` are [counsellor, start, end-or-None], contiguous,
    the last ending when the participation does. None before the intake and from the end."""
    for counsellor, start, end in periods:
        if within(start, end, day):
            return counsellor
    return None


def suspended_days(suspensions, day) -> int:
    """Days spent suspended up to that day; a suspension still open on it counts up to it."""
    total = 0
    for s in suspensions:
        start, end = s[0], s[1]
        if start <= day:
            total += days_between(start, min(end, day) if end else day)
    return total


def planned_end(intake: str, suspensions, day: str) -> str:
    """Two years after the intake, later by the days suspended up to that day."""
    two_years = add_years(date.fromisoformat(intake), 2)
    return date.fromordinal(two_years.toordinal() + suspended_days(suspensions, day)).isoformat()


# -- years -------------------------------------------------------------------------------------

def first_day(year: int) -> str:
    return f"{year:04d}-01-01"


def last_day(year: int) -> str:
    """31 December: the day the year-end figures are counted on."""
    return f"{year:04d}-12-31"


def participant_in(intake, end, year: int) -> bool:
    """A participant in the year: intake on or before 31 December, and no end before 1 January
    (one who left on 1 January was in the programme that day)."""
    return (intake is not None and intake <= last_day(year)
            and (end is None or end >= first_day(year)))


def in_year(day, year: int) -> bool:
    """Dated in the year (a follow-up of the incentive, an exit)."""
    return first_day(year) <= day <= last_day(year)


def ended_in(end, year: int) -> bool:
    """Left the programme (exit or transfer) in the year."""
    return end is not None and in_year(end, year)


def new_in(intake, year: int) -> bool:
    """Of the year's participants, one who started in it (the others are carried over)."""
    return intake >= first_day(year)


# -- the cap -------------------------------------------------------------------------------------

def over_capacity(active: int) -> bool:
    """More active participants than a counsellor may have (rule 3)."""
    return active > CAP


# -- the same conditions in SQL, for the read side's row filters ---------------------------------
# Each returns (condition, parameters) over the named columns; the columns hold ISO dates or
# NULL, which compare in SQLite exactly as the strings do in Python.

def active_on_sql(intake: str, end: str, day: str) -> tuple[str, tuple]:
    """`active_on` as an SQL condition."""
    return f"({intake} <= ? AND ({end} IS NULL OR {end} > ?))", (day, day)


def participant_in_sql(intake: str, end: str, year: int) -> tuple[str, tuple]:
    """`participant_in` as an SQL condition."""
    return (f"({intake} <= ? AND ({end} IS NULL OR {end} >= ?))",
            (last_day(year), first_day(year)))
