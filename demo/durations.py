"""Phase 2, durations: exit dates, and intakes fitted to the published mean durations."""
from __future__ import annotations

from datetime import date, timedelta

from domain.dates import DAYS_PER_MONTH

from .people import ACTIVE, EXIT, FROM_2007, NEW_IN_2008, Dice, Person
from .targets import (ACTIVE_AT_YEAR_END, EXIT_GROUPS, FIRST_INTAKE, LAST_2007, SKEDSMO,
                      SKEDSMO_GROUP_INTAKES, YEAR_END, ExitGroup)

FIRST_INTAKE_2008 = date(2008, 1, 2)
LAST_EXIT_2008 = date(2008, 12, 19)  # leavers go before Christmas
NEW_LEAVER_MONTHS = 4.0  # the mean a group's members who started in 2008 are assumed to reach


def durations(dice: Dice, people: list[Person]) -> None:
    leavers = [p for p in people if p.slot.kind == EXIT]
    for group in EXIT_GROUPS:
        members = [p for p in leavers if p.slot.group is group]
        leaver_dates(dice, group, members)
        fit(members, round(group.mean_months * DAYS_PER_MONTH * len(members)))
    for p in people:
        if p.slot.transfer:
            transfer_intake(dice, p)
    year_end_intakes(dice, [p for p in people if p.slot.kind == ACTIVE])


def leaver_dates(dice: Dice, group: ExitGroup, members: list[Person]) -> None:
    """An exit date in 2008 and a sampled duration for each member, and the bounds its intake
    may be moved in: a carried-over participant starts before 2008, a new one in 2008."""
    n_new = sum(p.slot.new for p in members)
    n_old = len(members) - n_new
    mean_old = (group.mean_months * len(members) - n_new * NEW_LEAVER_MONTHS) / n_old if n_old else 0
    for p in members:
        first = FIRST_INTAKE[p.who.project]
        span = p.dates
        if p.slot.new:
            span.end = dice.weekday_between(date(2008, 3, 3), LAST_EXIT_2008)
            days = dice.randint(40, (span.end - FIRST_INTAKE_2008).days)
            span.intake = span.end - timedelta(days=days)
            span.lo, span.hi = FIRST_INTAKE_2008, span.end - timedelta(days=30)
        else:
            months = min(38.0, max(1.5, dice.gauss(mean_old, 0.3 * mean_old)))
            days = round(months * DAYS_PER_MONTH)
            days = min(days, (LAST_EXIT_2008 - first).days - 10)
            lo = max(date(2008, 1, 7), first + timedelta(days=days))
            hi = min(LAST_EXIT_2008, LAST_2007 + timedelta(days=days))
            span.end = dice.weekday_between(lo, hi)
            span.intake = span.end - timedelta(days=days)
            span.lo = max(first, span.end - timedelta(days=1200))
            span.hi = min(LAST_2007, span.end - timedelta(days=30))


def transfer_intake(dice: Dice, p: Person) -> None:
    if p.slot.new:
        p.dates.intake = dice.weekday_between(FIRST_INTAKE_2008, p.dates.end - timedelta(days=45))
    else:
        lo = max(FIRST_INTAKE[p.who.project], p.dates.end - timedelta(days=1000))
        p.dates.intake = dice.weekday_between(
            max(lo, LAST_2007 - timedelta(days=dice.randint(60, 800))), LAST_2007)


def year_end_intakes(dice: Dice, active: list[Person]) -> None:
    """Intakes of the year-end cohorts, fitted to their published mean months on 2008-12-31."""
    group_dates = list(SKEDSMO_GROUP_INTAKES)
    for p in active:
        span = p.dates
        if p.slot.group == NEW_IN_2008 and p.who.project == SKEDSMO:
            span.intake, span.fixed = group_dates.pop(), True
            continue
        if p.slot.group == NEW_IN_2008:
            span.lo, span.hi = FIRST_INTAKE_2008, date(2008, 12, 15)
        elif p.slot.group == FROM_2007:
            span.lo, span.hi = date(2007, 1, 2), LAST_2007
        else:
            span.lo, span.hi = max(FIRST_INTAKE[p.who.project], date(2005, 9, 1)), date(2006, 12, 31)
        span.intake = dice.weekday_between(span.lo, span.hi)
        span.end = None
    fixed = sum((YEAR_END - p.dates.intake).days for p in active if p.dates.fixed)
    target = round(ACTIVE_AT_YEAR_END.mean_months * DAYS_PER_MONTH * len(active)) - fixed
    loose = [p for p in active if not p.dates.fixed]
    for p in loose:
        p.dates.end = YEAR_END  # only while fitting
    fit(loose, target)
    for p in loose:
        p.dates.end = None


def fit(members: list[Person], target: int) -> None:
    """Shift intakes within [lo, hi] until the days from intake to end add up to target, then
    snap them to weekdays."""
    spans = [p.dates for p in members]
    diff = target - sum((s.end - s.intake).days for s in spans)
    for _ in range(400):
        if diff == 0:
            break
        if diff > 0:  # longer: earlier intakes
            movable = [s for s in spans if s.intake > s.lo]
        else:
            movable = [s for s in spans if s.intake < s.hi]
        if not movable:
            raise AssertionError("cannot fit the group's mean")
        step = max(1, abs(diff) // len(movable))
        for s in movable:
            if diff == 0:
                break
            move = min(step, abs(diff))
            before = s.intake
            if diff > 0:
                s.intake = max(s.lo, s.intake - timedelta(days=move))
            else:
                s.intake = min(s.hi, s.intake + timedelta(days=move))
            diff -= (before - s.intake).days
    if diff:
        raise AssertionError("cannot fit the group's mean")
    snap_to_weekdays(spans)


def snap_to_weekdays(spans: list) -> None:
    """Intakes on weekdays, keeping the running total as near the target as can be."""
    residual = 0
    for s in spans:
        if s.intake.weekday() < 5:
            continue
        back = s.intake - timedelta(days=s.intake.weekday() - 4)
        fwd = s.intake + timedelta(days=7 - s.intake.weekday())
        options = [d for d in (back, fwd) if s.lo <= d <= s.hi] or [back]
        best = min(options, key=lambda d: abs(residual + (s.intake - d).days))
        residual += (s.intake - best).days
        s.intake = best
