"""Rule 3: a programme counsellor has at most `periods.CAP` (15) active participants.

The cap is checked on the day of every intake or counsellor change that assigns to a
counsellor. A back-dated fact or a retraction can put a participant with a counsellor on days
where someone else was assigned, so the check runs over every assignment day the change newly
covers, not only the new fact's own day.
"""
from __future__ import annotations

from collections import defaultdict

from .periods import CAP, counsellor_on, over_capacity, within
from .timeline import RuleBroken, Timeline

__all__ = ["CAP", "CaseloadBook", "check_cap"]


class CaseloadBook:
    """Who was with which counsellor when: counsellor -> participant -> periods."""

    def __init__(self) -> None:
        self._by_counsellor: dict[str, dict[str, list]] = defaultdict(dict)
        self._counsellors_of: dict[str, set[str]] = {}

    def put(self, participant: str, periods: list) -> None:
        for counsellor in self._counsellors_of.pop(participant, ()):
            self._by_counsellor[counsellor].pop(participant, None)
        mine: dict[str, list] = {}
        for counsellor, start, end in periods:
            if end is None or start < end:  # a period of no days holds nobody
                mine.setdefault(counsellor, []).append((start, end))
        for counsellor, spans in mine.items():
            self._by_counsellor[counsellor][participant] = spans
        self._counsellors_of[participant] = set(mine)

    def knows(self, participant: str) -> bool:
        return participant in self._counsellors_of

    def active_count(self, counsellor: str, day: str, exclude: str | None = None) -> int:
        return sum(
            1 for participant, spans in self._by_counsellor.get(counsellor, {}).items()
            if participant != exclude
            and any(within(start, end, day) for start, end in spans))

    def participants(self, counsellor: str) -> list[str]:
        return list(self._by_counsellor.get(counsellor, {}))

    def assignment_days(self, counsellor: str) -> set[str]:
        return {start for spans in self._by_counsellor.get(counsellor, {}).values()
                for start, _ in spans}


def check_cap(book: CaseloadBook, participant: str, before: list, after: Timeline) -> None:
    """Refuse when the participant's new periods fill a counsellor beyond the cap."""
    for counsellor in {p[0] for p in after.periods}:
        days = book.assignment_days(counsellor) | {
            start for c, start, _ in after.periods if c == counsellor}
        for day in sorted(days):
            if counsellor_on(after.periods, day) != counsellor:
                continue
            if counsellor_on(before, day) == counsellor:
                continue  # already counted there before this fact
            others = book.active_count(counsellor, day, exclude=participant)
            if over_capacity(others + 1):
                raise RuleBroken("counsellor {counsellor} already has {others} active "
                                 "participants on {day}", counsellor=counsellor, others=others,
                                 day=day)
