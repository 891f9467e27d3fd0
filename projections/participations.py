"""Read model `participations`: each participant's timeline summary, as known over time.

After every fact of a participant the timeline is folded again (`domain.timeline`), and when
its summary changes, the previous snapshot is closed and a new one opened. Each snapshot holds
a knowledge interval [valid_from, valid_to) of `utc_key` strings (valid_to NULL: still what is
known). The rows known at T are `valid_from <= T < valid_to`; every figure is computed from
those rows alone. Within one participant recorded_at never goes backwards (the write side
enforces it), so the intervals of one participant never overlap.

Snapshots are numbered in the order they are opened (`id`, kept in the tracking row), so a
catch-up after a crash writes exactly the rows a clean rebuild writes.

A summary holds what the figures need and nothing dated: intake fields, the end, the first
plan's date, counsellor periods, suspensions, follow-ups and invalid absences (JSON lists).
Valid absences change no figure, so they open no snapshot.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from domain import periods as days  # not `periods`: a Participation has a property of that name
from domain.timeline import Timeline, advance, replay

TABLE = "participations"
SUMMARY = ("intake_date", "project", "gender", "country", "end_date", "end_type", "end_kind",
           "outcome", "aborted_by", "abort_reason", "first_plan", "last_follow_up",
           "periods", "suspensions", "follow_ups", "invalid_absences", "intake_id", "end_id")
COLUMNS = ("id", "participant", "valid_from", "valid_to", *SUMMARY)

INSERT = f"INSERT OR REPLACE INTO {TABLE} VALUES ({', '.join('?' * len(COLUMNS))})"
CLOSE = f"UPDATE {TABLE} SET valid_to = ? WHERE id = ?"
DELETE = f"DELETE FROM {TABLE} WHERE id = ?"

_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
try:  # the C encoder made once: JSONEncoder.encode makes one per call (~1 us of ~1.5 us)
    from json.encoder import c_make_encoder, encode_basestring
    _iterencode = c_make_encoder(None, _encoder.default, encode_basestring, None, ":", ",",
                                 False, False, True)

    def _dumps(value) -> str:
        return "".join(_iterencode(value, 0))
except (ImportError, TypeError):  # no C accelerator
    _dumps = _encoder.encode


def fold(participant: str, facts: list[dict]) -> Timeline:
    """`domain.timeline.replay`, leaving out a fact that breaks a rule instead of failing the
    read side (the write side never stores one; this is only a safety net)."""
    return replay(participant, facts, leave_out_broken=True)


def add(t: Timeline, facts: list[dict], f: dict) -> tuple[Timeline, bool]:
    """The timeline with one more fact (already appended to `facts`, recording order), and
    whether the fact simply went last.

    The newest fact in effective order goes last (the common case, like `domain.rules.admit`);
    a back-dated fact or a retraction folds the whole history again.
    """
    if f["type"] != "retraction" and (not t.events or f["date"] >= t.events[-1]["date"]):
        if advance(t, f):
            return t, True
    return fold(t.participant, facts), False


def summarise(t: Timeline) -> tuple | None:
    """The summary columns (in SUMMARY order); None when no intake is in force."""
    i = t.intake
    if i is None:
        return None
    e = t.end or {}
    follow_ups = _follow_ups(t)
    invalid = [[a["date"], a["days"]] for a in t.absences if not a["valid"]]
    return (i["date"], i["project"], i["gender"], i["country"],
            e.get("date"), e.get("type"), e.get("kind"), e.get("outcome"), e.get("by"),
            e.get("reason"),
            t.plans[0]["date"] if t.plans else None,
            max(u[0] for u in follow_ups) if follow_ups else None,
            _dumps(t.periods),
            _dumps(t.suspensions) if t.suspensions else None,
            _dumps(follow_ups) if follow_ups else None,
            _dumps(invalid) if invalid else None,
            i["id"], e.get("id"))


def _follow_ups(t: Timeline) -> list:
    """[date, months, employed, industry, id] per follow-up: the id says which event put a
    former participant in an incentive figure (`nysjanse explain`)."""
    return [[u["date"], u["months"], u["employed"], u.get("industry"), u["id"]]
            for u in t.follow_ups]


_FIRST_PLAN, _LAST_FOLLOW_UP, _PERIODS, _SUSPENSIONS, _FOLLOW_UPS, _INVALID = range(10, 16)


def summarise_after(before: tuple, t: Timeline, f: dict) -> tuple:
    """`summarise(t)` after `f` went last onto a timeline whose summary was `before`:
    only what that kind of fact can change is computed again (the rebuild's hot path)."""
    kind = f["type"]
    if kind == "absence":
        if f["valid"]:
            return before
        s = list(before)
        s[_INVALID] = _dumps([[a["date"], a["days"]] for a in t.absences if not a["valid"]])
    elif kind == "plan":
        if before[_FIRST_PLAN] is not None:
            return before
        s = list(before)
        s[_FIRST_PLAN] = t.plans[0]["date"]
    elif kind in ("suspension", "resumption"):
        s = list(before)
        s[_SUSPENSIONS] = _dumps(t.suspensions)
    elif kind == "counsellor_change":
        s = list(before)
        s[_PERIODS] = _dumps(t.periods)
    elif kind == "follow_up":
        s = list(before)
        follow_ups = _follow_ups(t)
        s[_LAST_FOLLOW_UP] = max(u[0] for u in follow_ups)
        s[_FOLLOW_UPS] = _dumps(follow_ups)
    else:
        return summarise(t)
    return tuple(s)


def open_rows(conn: sqlite3.Connection,
              participants: list[str]) -> dict[str, tuple[str, int, tuple]]:
    """(valid_from, id, summary) of each participant's open snapshot (used when catching up)."""
    found: dict[str, tuple[str, int, tuple]] = {}
    for i in range(0, len(participants), 500):
        chunk = participants[i:i + 500]
        for p, since, sid, *summary in conn.execute(
                f"SELECT participant, valid_from, id, {', '.join(SUMMARY)} FROM {TABLE} "
                f"WHERE valid_to IS NULL AND participant IN ({', '.join('?' * len(chunk))})",
                chunk):
            found[p] = (since, sid, tuple(summary))
    return found


_INTAKE_DATE, _END_DATE, _END_TYPE, _END_KIND, _INTAKE_ID, _END_ID = 0, 4, 5, 6, 16, 17


def last_date(summary: tuple) -> str | None:
    """The date of the last event in force of a participation that has ended, from its summary
    alone: after the end only follow-ups are in force (`domain.timeline._after_end`)."""
    return max(summary[_END_DATE], summary[_LAST_FOLLOW_UP] or "")


class EndedTimeline(Timeline):
    """The timeline of a participation that has ended, read back from its open snapshot's
    summary instead of folded from its facts: a catch-up drops ended participations from
    memory, and nearly all their later facts are follow-ups going last.

    It holds exactly what such a follow-up is checked against (rule 6, in
    `domain.timeline.apply`) and changes (`summarise_after`): the intake (its date only), the
    end (type, date, kind), the follow-ups so far, and as `events` one entry holding only the
    date of the last fact in force. Its periods, suspensions, plans and absences are empty; the
    summary it was read from has those. Any other fact folds the participant's facts again
    (`projections.updater` decides which)."""

    @classmethod
    def from_summary(cls, participant: str, summary: tuple) -> "EndedTimeline":
        t = cls(participant)
        t.intake = {"type": "intake", "date": summary[_INTAKE_DATE], "id": summary[_INTAKE_ID]}
        t.end = {"type": summary[_END_TYPE], "date": summary[_END_DATE],
                 "kind": summary[_END_KIND], "id": summary[_END_ID]}
        t.follow_ups = [{"type": "follow_up", "date": d, "months": m, "employed": e,
                         "industry": i, "id": fid}
                        for d, m, e, i, fid in json.loads(summary[_FOLLOW_UPS] or "[]")]
        t.events = [{"date": last_date(summary)}]
        return t


def ended_timeline(participant: str, summary: tuple) -> EndedTimeline:
    """`EndedTimeline.from_summary`."""
    return EndedTimeline.from_summary(participant, summary)


# -- reading -------------------------------------------------------------------------------

@dataclass(slots=True)
class Participation:
    """One participation as known at the chosen time (a snapshot row, JSON decoded lazily)."""

    participant: str
    intake_date: str
    project: str
    gender: str
    country: str
    end_date: str | None
    end_type: str | None
    end_kind: str | None
    outcome: str | None
    aborted_by: str | None
    abort_reason: str | None
    first_plan: str | None
    last_follow_up: str | None
    periods_json: str
    suspensions_json: str | None
    follow_ups_json: str | None
    invalid_absences_json: str | None
    intake_id: str | None = None  # the events in force behind the row (`nysjanse explain`)
    end_id: str | None = None

    # The rules about days are `domain.periods`; these ask them of this participation.

    def active_on(self, day: str) -> bool:
        return days.active_on(self.intake_date, self.end_date, day)

    def participant_in(self, year: int) -> bool:
        return days.participant_in(self.intake_date, self.end_date, year)

    @property
    def periods(self) -> list:
        return json.loads(self.periods_json)

    @property
    def suspensions(self) -> list:
        return json.loads(self.suspensions_json) if self.suspensions_json else []

    @property
    def follow_ups(self) -> list:
        """[[date, months, employed, industry-or-None, id]] in effective order."""
        return json.loads(self.follow_ups_json) if self.follow_ups_json else []

    @property
    def invalid_absences(self) -> list:
        return json.loads(self.invalid_absences_json) if self.invalid_absences_json else []

    def counsellor_on(self, day: str) -> str | None:
        return days.counsellor_on(self.periods, day)

    def suspended_on(self, day: str) -> bool:
        if not self.suspensions_json:  # most never were: no JSON to decode
            return False
        return days.suspended_on(self.intake_date, self.end_date, self.suspensions, day)

    def planned_end(self, day: str) -> str:
        return days.planned_end(self.intake_date, self.suspensions, day)


_SELECT = (f"SELECT participant, {', '.join(SUMMARY)} FROM {TABLE} "
           f"WHERE intake_date IS NOT NULL")


def known_at(conn: sqlite3.Connection, known_utc: str | None, where: str = "",
             params: tuple = ()) -> list[Participation]:
    """The snapshots in force at that knowledge time (None: now), optionally filtered further."""
    if known_utc is None:
        sql, args = _SELECT + " AND valid_to IS NULL", ()
    else:
        sql = _SELECT + " AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
        args = (known_utc, known_utc)
    if where:
        sql += f" AND ({where})"
    return [Participation(*r) for r in conn.execute(sql, (*args, *params))]  # in no order
