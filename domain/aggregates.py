"""The event-sourced aggregates: a participation, and a counsellor's list of assignments.

A `Participation` stores every fact of one participant as it was recorded (interchange format
version 1, see `facts`). The stored event classes carry `class_version`, so that a later
version of the format can upcast the facts already stored.
"""
from __future__ import annotations

from functools import lru_cache
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from .rules import History

_NAMESPACE = uuid5(NAMESPACE_URL, "https://nysjanse.no/")


@lru_cache(maxsize=65536)
def participation_id(participant: str) -> UUID:
    return uuid5(_NAMESPACE, f"participant/{participant}")


@lru_cache(maxsize=4096)
def counsellor_id(counsellor: str) -> UUID:
    return uuid5(_NAMESPACE, f"counsellor/{counsellor}")


class Participation(Aggregate):
    """One participant's record. Its events are the facts, never changed once stored."""

    class Opened(Aggregate.Created):
        """The first fact recorded for a participant (by rule 1, their intake)."""

        class_version = 1
        participant: str
        fact: dict

    class Recorded(Aggregate.Event):
        """Any later fact: plan, absence, exit, retraction, ..."""

        class_version = 1
        fact: dict

    @event(Opened)
    def __init__(self, participant: str, fact: dict) -> None:
        self.participant = participant
        self.facts = [fact]

    @staticmethod
    def create_id(participant: str, fact: dict) -> UUID:
        return participation_id(participant)

    @event(Recorded)
    def record(self, fact: dict) -> None:
        self.facts.append(fact)

    def history(self) -> History:
        return History(self.participant, list(self.facts))


class Counsellor(Aggregate):
    """The participants ever assigned to one counsellor.

    Saved atomically with the participation on every assignment, so that two caseworkers
    assigning to the same counsellor at the same instant conflict on its version: the loser
    reloads and checks the cap again.
    """

    class Started(Aggregate.Created):
        class_version = 1
        counsellor: str

    class Assigned(Aggregate.Event):
        class_version = 1
        participant: str
        date: str

    @event(Started)
    def __init__(self, counsellor: str) -> None:
        self.counsellor = counsellor
        self.participants: list[str] = []

    @staticmethod
    def create_id(counsellor: str) -> UUID:
        return counsellor_id(counsellor)

    @event(Assigned)
    def assign(self, participant: str, date: str) -> None:
        if participant not in self.participants:
            self.participants.append(participant)
