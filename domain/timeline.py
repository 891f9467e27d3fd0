"""A participation replayed: the facts in force, in effective order, folded into a timeline.

`replay` applies rules 1 and 4-6 as it goes (they are rules about the order of things) and
returns the `Timeline` that both the write side (rules 3 and 7) and the read side (every
figure) use. Dates are ISO strings, which sort like the days they name.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import periods as days  # not `periods`: a Timeline has a field of that name
from .dates import add_months
from .eligibility import ineligibility
from .messages import N_, Said, Text
from .personal import ERASURE
from .values import as_date


class RuleBroken(Said):
    """A fact that would break a programme rule; the message is the plain sentence (a message
    id and its values, domain.messages)."""


ENDING = ("exit", "transfer_to_nav")


@dataclass
class Timeline:
    participant: str
    intake: dict | None = None
    end: dict | None = None  # the exit or transfer_to_nav
    periods: list = field(default_factory=list)  # [counsellor, start, end-or-None]
    suspensions: list = field(default_factory=list)  # [start, end-or-None, reason, id]
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

    # The rules about days are `domain.periods`; these ask them of this participation.

    def active_on(self, day: str) -> bool:
        return days.active_on(self.start, self.end_date, day)

    def counsellor_on(self, day: str) -> str | None:
        return days.counsellor_on(self.periods, day)

    def suspended_on(self, day: str) -> bool:
        return days.suspended_on(self.start, self.end_date, self.suspensions, day)

    def suspended_days(self, day: str) -> int:
        return days.suspended_days(self.suspensions, day)

    def planned_end(self, day: str) -> str:
        return days.planned_end(self.start, self.suspensions, day)

    def state_on(self, day: str) -> str:
        if self.intake is None or day < self.start:
            return "not_started"
        if not self.active_on(day):  # it has ended
            if self.end["type"] == "transfer_to_nav":
                return "transferred"
            return self.end["kind"]
        return "suspended" if self.suspended_on(day) else "active"


def effective_order(facts: list[dict]) -> list[dict]:
    """Facts in force, by effective date and, on one date, in recording order."""
    retracted = {f["event"] for f in facts if f["type"] == "retraction"}
    in_force = [f for f in facts if f["type"] != "retraction" and f["id"] not in retracted]
    return sorted(in_force, key=lambda f: f["date"])  # stable: recording order kept per date


def replay(participant: str, facts: list[dict], leave_out_broken: bool = False) -> Timeline:
    """Fold every fact of one participant (recording order, retractions included).

    A fact that breaks a rule raises RuleBroken; with `leave_out_broken` it is left out instead
    (the read side's safety net: the write side never stores such a fact)."""
    t = Timeline(participant)
    step = advance if leave_out_broken else apply
    for f in effective_order(facts):
        step(t, f)
    return t


def advance(t: Timeline, f: dict) -> bool:
    """Apply the fact if it breaks no rule (True), else leave the timeline as it was (False)."""
    try:
        apply(t, f)
        return True
    except RuleBroken:
        return False


def apply(t: Timeline, f: dict) -> None:
    """The timeline with one more fact, the next in effective order; RuleBroken (and the
    timeline as it was) when the fact breaks rule 1, 2, 4, 5 or 6."""
    kind, day = f["type"], f["date"]
    if kind == ERASURE:
        return  # changes no period: what the statistics count stays as it was
    if t.intake is None:
        if kind != "intake":
            raise RuleBroken("{kind} for {participant} on {day} comes before any intake",
                             kind=_name(kind), participant=t.participant, day=day)
        why = ineligibility(f)
        if why:
            raise RuleBroken(why)
        t.intake = f
        t.periods.append([f["counsellor"], day, None])
    elif kind == "intake":
        raise RuleBroken("{participant} already had an intake on {start}; "
                         "a participant has exactly one intake",
                         participant=t.participant, start=t.start)
    elif t.end is not None:
        _after_end(t, f)
    elif kind == "counsellor_change":
        if f["counsellor"] == t.periods[-1][0]:  # a change that changes nothing is a mistake
            raise RuleBroken("counsellor change on {day}: {counsellor} is already "
                             "{participant}'s counsellor",
                             day=day, counsellor=f["counsellor"], participant=t.participant)
        t.periods[-1][2] = day
        t.periods.append([f["counsellor"], day, None])
    elif kind == "plan":
        t.plans.append(f)
    elif kind == "absence":
        if _open_suspension(t):
            raise RuleBroken("absence on {day}: {participant} is suspended since {since}",
                             day=day, participant=t.participant, since=_open_suspension(t)[0])
        t.absences.append(f)
    elif kind == "suspension":
        if _open_suspension(t):
            raise RuleBroken("suspension on {day}: {participant} is already suspended since "
                             "{since}", day=day, participant=t.participant,
                             since=_open_suspension(t)[0])
        t.suspensions.append([day, None, f["reason"], f.get("id")])
    elif kind == "resumption":
        if not _open_suspension(t):
            raise RuleBroken("resumption on {day}: {participant} is not suspended",
                             day=day, participant=t.participant)
        _open_suspension(t)[1] = day
    elif kind in ENDING:
        t.end = f
        t.periods[-1][2] = day
        if _open_suspension(t):
            _open_suspension(t)[1] = day
    elif kind == "follow_up":
        raise RuleBroken("follow-up on {day}: {participant} has not left the programme",
                         day=day, participant=t.participant)
    t.events.append(f)


def _after_end(t: Timeline, f: dict) -> None:
    kind, day, end = f["type"], f["date"], t.end
    if kind != "follow_up":
        raise RuleBroken("{kind} on {day}: {participant} left the programme on {date} "
                         "({ending})", kind=_name(kind), day=day, participant=t.participant,
                         date=end["date"], ending=_ending(end))
    if end["type"] != "exit" or end["kind"] != "completed":
        raise RuleBroken("follow-up on {day}: only a completed exit is followed up, and "
                         "{participant} left on {date} ({ending})", day=day,
                         participant=t.participant, date=end["date"], ending=_ending(end))
    due = add_months(as_date(end["date"]), f["months"]).isoformat()
    if day < due:
        raise RuleBroken("{months}-month follow-up on {day} is too early: {participant} "
                         "completed on {date}, so not before {due}", months=f["months"], day=day,
                         participant=t.participant, date=end["date"], due=due)
    if any(u["months"] == f["months"] for u in t.follow_ups):
        raise RuleBroken("{participant} already has a {months}-month follow-up",
                         participant=t.participant, months=f["months"])
    t.follow_ups.append(f)  # `apply` adds it to t.events, as every fact it admits




def _open_suspension(t: Timeline):
    if t.suspensions and t.suspensions[-1][1] is None:
        return t.suspensions[-1]
    return None


# A fact's type as a message names it (a term of the catalog, translated where it is shown).
_NAMES = {"intake": N_("intake"), "counsellor_change": N_("counsellor change"),
          "plan": N_("plan"), "absence": N_("absence"), "suspension": N_("suspension"),
          "resumption": N_("resumption"), "transfer_to_nav": N_("transfer to NAV"),
          "exit": N_("exit"), "follow_up": N_("follow up"), "retraction": N_("retraction")}


def _name(kind: str) -> Text:
    return Text(_NAMES.get(kind, kind))


def _ending(end: dict) -> Text:
    if end["type"] == "transfer_to_nav":
        return Text(N_("transferred to NAV"))
    return Text(N_("completed") if end["kind"] == "completed" else N_("aborted"))
