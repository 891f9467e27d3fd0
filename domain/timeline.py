"""A participation replayed: the facts in force, in effective order, folded into a timeline.

`replay` applies rules 1 and 4-6 as it goes (they are rules about the order of things) and
returns the `Timeline` that both the write side (rules 3 and 7) and the read side (every
figure) use. Dates are ISO strings, which sort like the days they name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .dates import add_months, add_years, days_between
from .eligibility import ineligibility
from .values import as_date


class RuleBroken(Exception):
    """A fact that would break a programme rule; the message is the plain sentence."""


ENDING = ("exit", "transfer_to_nav")


@dataclass
class Timeline:
    participant: str
    intake: dict | None = None
    end: dict | None = None  # the exit or transfer_to_nav
    periods: list = field(default_factory=list)  # [counsellor, start, end-or-None]
    suspensions: list = field(default_factory=list)  # [start, end-or-None, reason]
    plans: list = field(default_factory=list)
    absences: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    events: list = field(default_factory=list)  # in force, effective order

    @property
    def start(self) -> str | None:
        return self.intake["date"] if self.intake else None

    @property
    def end_date(self) -> str | None:
        return self.end["date"] if self.end else None

    def active_on(self, day: str) -> bool:
        """In the programme on that day (suspended counts); not on the day it ended."""
        return (self.intake is not None and self.start <= day
                and (self.end is None or day < self.end["date"]))

    def counsellor_on(self, day: str) -> str | None:
        return counsellor_on(self.periods, day)

    def suspended_on(self, day: str) -> bool:
        return self.active_on(day) and any(
            start <= day and (end is None or day < end) for start, end, _ in self.suspensions)

    def suspended_days(self, day: str) -> int:
        """Days spent suspended up to that day; a suspension still open on it counts up to it."""
        total = 0
        for start, end, _ in self.suspensions:
            if start <= day:
                total += days_between(start, min(end, day) if end else day)
        return total

    def planned_end(self, day: str) -> str:
        two_years = add_years(as_date(self.start), 2)
        return date.fromordinal(two_years.toordinal() + self.suspended_days(day)).isoformat()

    def state_on(self, day: str) -> str:
        if self.intake is None or day < self.start:
            return "not_started"
        if self.end is not None and self.end["date"] <= day:
            if self.end["type"] == "transfer_to_nav":
                return "transferred"
            return self.end["kind"]
        return "suspended" if self.suspended_on(day) else "active"


def counsellor_on(periods: list, day: str) -> str | None:
    """Whose participant on that day; the periods are contiguous and end when the participation does."""
    for counsellor, start, end in periods:
        if start <= day and (end is None or day < end):
            return counsellor
    return None


def effective_order(facts: list[dict]) -> list[dict]:
    """Facts in force, by effective date and, on one date, in recording order."""
    retracted = {f["event"] for f in facts if f["type"] == "retraction"}
    in_force = [f for f in facts if f["type"] != "retraction" and f["id"] not in retracted]
    return sorted(in_force, key=lambda f: f["date"])  # stable: recording order kept per date


def replay(participant: str, facts: list[dict]) -> Timeline:
    """Fold every fact of one participant (recording order, retractions included)."""
    t = Timeline(participant)
    for f in effective_order(facts):
        _apply(t, f)
    return t


def _apply(t: Timeline, f: dict) -> None:
    kind, day = f["type"], f["date"]
    if t.intake is None:
        if kind != "intake":
            raise RuleBroken(f"{_name(kind)} for {t.participant} on {day} comes before any intake")
        why = ineligibility(f)
        if why:
            raise RuleBroken(why)
        t.intake = f
        t.periods.append([f["counsellor"], day, None])
    elif kind == "intake":
        raise RuleBroken(f"{t.participant} already had an intake on {t.start}; "
                         f"a participant has exactly one intake")
    elif t.end is not None:
        _after_end(t, f)
    elif kind == "counsellor_change":
        if f["counsellor"] == t.periods[-1][0]:  # a change that changes nothing is a mistake
            raise RuleBroken(f"counsellor change on {day}: {f['counsellor']} is already "
                             f"{t.participant}'s counsellor")
        t.periods[-1][2] = day
        t.periods.append([f["counsellor"], day, None])
    elif kind == "plan":
        t.plans.append(f)
    elif kind == "absence":
        if _open_suspension(t):
            raise RuleBroken(f"absence on {day}: {t.participant} is suspended since "
                             f"{_open_suspension(t)[0]}")
        t.absences.append(f)
    elif kind == "suspension":
        if _open_suspension(t):
            raise RuleBroken(f"suspension on {day}: {t.participant} is already suspended since "
                             f"{_open_suspension(t)[0]}")
        t.suspensions.append([day, None, f["reason"]])
    elif kind == "resumption":
        if not _open_suspension(t):
            raise RuleBroken(f"resumption on {day}: {t.participant} is not suspended")
        _open_suspension(t)[1] = day
    elif kind in ENDING:
        t.end = f
        t.periods[-1][2] = day
        if _open_suspension(t):
            _open_suspension(t)[1] = day
    elif kind == "follow_up":
        raise RuleBroken(f"follow-up on {day}: {t.participant} has not left the programme")
    t.events.append(f)


# One fact onto a timeline, going last in effective order; RuleBroken, the timeline unchanged,
# when it breaks a rule. Public: the write side's `admit` and the read side's fold use it too.
apply = _apply


def _after_end(t: Timeline, f: dict) -> None:
    kind, day, end = f["type"], f["date"], t.end
    if kind != "follow_up":
        raise RuleBroken(f"{_name(kind)} on {day}: {t.participant} left the programme on "
                         f"{end['date']} ({_ending(end)})")
    if end["type"] != "exit" or end["kind"] != "completed":
        raise RuleBroken(f"follow-up on {day}: only a completed exit is followed up, and "
                         f"{t.participant} left on {end['date']} ({_ending(end)})")
    due = add_months(as_date(end["date"]), f["months"]).isoformat()
    if day < due:
        raise RuleBroken(f"{f['months']}-month follow-up on {day} is too early: "
                         f"{t.participant} completed on {end['date']}, so not before {due}")
    if any(u["months"] == f["months"] for u in t.follow_ups):
        raise RuleBroken(f"{t.participant} already has a {f['months']}-month follow-up")
    t.follow_ups.append(f)  # `_apply` adds it to t.events, as every fact it admits


def _open_suspension(t: Timeline):
    if t.suspensions and t.suspensions[-1][1] is None:
        return t.suspensions[-1]
    return None


def _name(kind: str) -> str:
    return kind.replace("_", " ")


def _ending(end: dict) -> str:
    if end["type"] == "transfer_to_nav":
        return "transferred to NAV"
    return end["kind"]
