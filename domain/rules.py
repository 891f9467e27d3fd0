"""Every rule of events.md, checked before anything is written.

`admit` is the one gate: the CLI, the importer and the BDD rulebook all record through it.
The rules themselves live in their own places: eligibility (rule 2) in `eligibility`, the order
of things (1, 4, 5, 6) in `timeline`, the counsellor cap (3) in `caseload`, retractions (7) and
knowledge order (8) here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .caseload import CaseloadBook, check_cap
from .personal import ERASED, ERASURE
from .values import instant
from .timeline import RuleBroken, Timeline, apply, replay

__all__ = ["History", "RuleBroken", "admit"]

# Facts that can put a participant with a counsellor on days they were not before. An exit only
# shortens a stay; everything else leaves the periods as they were.
COVERING = ("intake", "counsellor_change", "retraction")
PERIOD_NEUTRAL = ("plan", "absence", "suspension", "resumption", "follow_up")


@dataclass
class History:
    """One participant's facts in recording order (retractions and retracted ones included)."""

    participant: str
    facts: list = field(default_factory=list)
    timeline: Timeline | None = None

    def __post_init__(self) -> None:
        if self.timeline is None:
            self.timeline = replay(self.participant, self.facts)
        self.ids = {f["id"] for f in self.facts}
        # The instant of the last recording, kept: the next fact is compared with it.
        self.last_recorded = instant(self.facts[-1]["recorded_at"]) if self.facts else None

    def fact(self, event_id: str) -> dict | None:
        for f in self.facts:
            if f["id"] == event_id:
                return f
        return None

    def erasure(self) -> dict | None:
        """The erasure event, once the participant is erased."""
        last = self.facts[-1] if self.facts else None
        return last if last is not None and last["type"] == ERASURE else None

    def retracted(self) -> set[str]:
        return {f["event"] for f in self.facts if f["type"] == "retraction"}


def admit(history: History, fact: dict, book: CaseloadBook | None = None) -> None:
    """Append the fact to the history if every rule still holds; else raise RuleBroken.

    A refused fact leaves the history (and the book) exactly as they were.
    """
    if fact["participant"] != history.participant:
        raise ValueError("fact for another participant")
    if fact["id"] in history.ids:
        raise RuleBroken("event id {id} is already recorded for {participant}", id=fact["id"],
                         participant=history.participant)
    _check_erasure(history, fact)
    _check_knowledge_order(history, fact)
    if fact["type"] == "retraction":
        _check_retraction(history, fact)
    timeline = history.timeline
    # The periods as they were, for the cap: copied now only for a fact that can cover new days
    # (apply below changes them in place); a replay leaves `timeline` as it was.
    covering = book is not None and fact["type"] in COVERING
    before = [tuple(p) for p in timeline.periods] if covering else None
    if fact["type"] != "retraction" and (not timeline.events or fact["date"] >= timeline.events[-1]["date"]):
        apply(timeline, fact)  # the common case: the newest fact goes last; atomic on refusal
        after = timeline
    else:
        try:  # back-dated or a retraction: the whole history again, with the fact in place
            after = replay(history.participant, [*history.facts, fact])
        except RuleBroken as broken:
            if fact["type"] == "retraction":
                raise RuleBroken("cannot retract {event}: then {broken}", event=fact["event"],
                                 broken=broken) from None
            raise
    if covering or (book is not None and after is not timeline):
        if before is None:
            before = [tuple(p) for p in timeline.periods]
        try:
            check_cap(book, history.participant, before, after)
        except RuleBroken:
            if after is timeline:
                history.timeline = replay(history.participant, history.facts)
            raise
    if book is not None and (fact["type"] not in PERIOD_NEUTRAL or after is not timeline):
        book.put(history.participant, after.periods)
    history.facts.append(fact)
    history.ids.add(fact["id"])
    history.last_recorded = instant(fact["recorded_at"])
    history.timeline = after


def _check_erasure(history: History, fact: dict) -> None:
    """Version 1.1: nothing after an erasure; an erased participant's events are all marked
    erased; an erasure event only closes such events (a live one is erased by `erase`)."""
    erasure = history.erasure()
    if erasure is not None:
        raise RuleBroken("{participant} was erased on {day}; nothing more can be recorded for them",
                         participant=history.participant, day=erasure["date"])
    marked = bool(history.facts and history.facts[0].get(ERASED))
    if history.facts and fact["type"] != ERASURE and marked != bool(fact.get(ERASED)):
        if marked:
            raise RuleBroken("the events of {participant} are marked erased, so this one must be "
                             "too", participant=history.participant)
        raise RuleBroken("the events of {participant} are not marked erased, so this one cannot "
                         "be", participant=history.participant)
    if fact["type"] == ERASURE and not marked:
        raise RuleBroken("an erasure event only follows events marked erased; erase {participant} "
                         "with nysjanse erase", participant=history.participant)


def _check_knowledge_order(history: History, fact: dict) -> None:
    """Rule 8's companion: what a participant's record knew cannot go back in time."""
    if history.last_recorded is None:
        return
    last = history.facts[-1]["recorded_at"]
    if instant(fact["recorded_at"]) < history.last_recorded:  # instants: text sorts only per offset
        raise RuleBroken("recorded_at {recorded_at} is earlier than {last}, when "
                         "{participant}'s last event was recorded",
                         recorded_at=fact["recorded_at"], last=last,
                         participant=history.participant)


def _check_retraction(history: History, fact: dict) -> None:
    """Rule 7: only a stored, not yet retracted event of the same participant."""
    target = history.fact(fact["event"])
    if target is None:
        raise RuleBroken("cannot retract {event}: no such event for {participant}",
                         event=fact["event"], participant=history.participant)
    if target["type"] == "retraction":
        raise RuleBroken("cannot retract {event}: it is itself a retraction; "
                         "record the event again instead", event=fact["event"])
    if fact["event"] in history.retracted():
        raise RuleBroken("cannot retract {event}: it is already retracted",
                         event=fact["event"])
