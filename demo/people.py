"""The made-up participants while their history is being decided, and the dice.

A `Person` is one participation, in four parts that the phases fill in turn: who it is, the
slot it fills in the figures, its dates, and the colour of its life in the programme.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from .targets import Exit, ExitGroup

# Slot kinds: transferred to NAV in 2008, active on 2008-12-31, left in 2008, ended before.
TRANSFER, ACTIVE, EXIT, PRE = "transfer", "active", "exit", "pre"
# Groups that are not exit groups: the year-end cohorts, those before 2008, the incentive.
NEW_IN_2008, FROM_2007, OLDER = "active since 2008", "active since 2007", "active since before 2007"
BEFORE_2008, INCENTIVE = "before 2008", "incentive"


@dataclass(eq=False)
class Who:
    project: str
    gender: str
    country: str = ""
    birth_year: int = 0


@dataclass(eq=False)
class Slot:
    kind: str  # TRANSFER, ACTIVE, EXIT or PRE
    group: ExitGroup | str | None = None
    exit: Exit | None = None
    new: bool = False  # started in 2008
    transfer: bool = False  # ends with a transfer to NAV


@dataclass(eq=False)
class Dates:
    intake: date | None = None
    end: date | None = None  # exit or transfer date
    lo: date | None = None  # bounds for the intake date while a group is fitted
    hi: date | None = None
    fixed: bool = False  # the intake is given, not fitted


class FollowUp(NamedTuple):
    months: int
    day: date
    employed: bool
    industry: str | None


class Suspension(NamedTuple):
    start: date
    end: date | None  # None: still suspended on 2008-12-31
    reason: str


class Period(NamedTuple):
    counsellor: str
    start: date


@dataclass(eq=False)
class Life:
    follow_ups: list[FollowUp] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)
    open_suspension: bool = False
    change: date | None = None  # the day of a counsellor change
    periods: list[Period] = field(default_factory=list)
    correction: str = ""  # which fact is recorded wrong and corrected: exit or absence


@dataclass(eq=False)
class Person:
    who: Who
    slot: Slot
    dates: Dates = field(default_factory=Dates)
    life: Life = field(default_factory=Life)
    pid: str = ""


def person(project: str, gender: str, kind: str, **slot) -> Person:
    return Person(Who(project, gender), Slot(kind, **slot))


# -- days ---------------------------------------------------------------------------------

HOLIDAYS = {(1, 1), (5, 1), (5, 17), (12, 24), (12, 25), (12, 26), (12, 31)}


def workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def weekday(day: date, forward: bool = True) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1 if forward else -1)
    return day


class Dice(random.Random):
    """The seeded random source, with the draws the phases share."""

    def day_between(self, lo: date, hi: date) -> date:
        if hi < lo:
            hi = lo
        return lo + timedelta(days=self.randint(0, (hi - lo).days))

    def weekday_between(self, lo: date, hi: date) -> date:
        day = self.day_between(lo, hi)
        back = weekday(day, forward=False)
        return back if back >= lo else weekday(day)

    def take(self, items: list, n: int, test) -> list:
        """Remove n random items that pass the test."""
        chosen = []
        for _ in range(n):
            matching = [i for i, item in enumerate(items) if test(item)]
            chosen.append(items.pop(self.choice(matching)))
        return chosen
