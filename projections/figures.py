"""The figures of statistics.md, computed from participations as known at one time.

Pure functions over `participations.Participation` rows: no I/O, no knowledge time (the rows
given are the ones in force), so every figure is the same for every store and read model.
"""
from __future__ import annotations

import math
from datetime import timedelta

from domain import groups, periods
from domain.dates import months_between
from domain.facts import ABORT_REASONS, GENDERS
from domain.values import as_date

from .counts import Counts, over_24_months, work_or_education
from .participations import Participation

RECENT_DAYS = 90  # an invalid absence this recent needs the counsellor's attention


def mean(values: list[float]) -> float | None:
    """Exact sums (statistics.md): the same rows read in another order give the same bits,
    so `changes` never reports a figure that only the reading order moved."""
    return math.fsum(values) / len(values) if values else None


def rate(part: int, base: int) -> float | None:
    return part / base if base else None


def _months(r: Participation) -> float:
    return months_between(r.intake_date, r.end_date)


def _gendered_mean(rows: list[Participation]) -> dict:
    return {"all": mean([_months(r) for r in rows]),
            **{g: mean([_months(r) for r in rows if r.gender == g]) for g in GENDERS}}


# -- active on a day: year_end of stats, summary of status -------------------------------

def active_on(rows: list[Participation], day: str) -> list[Participation]:
    return [r for r in rows if r.active_on(day)]


def _months_on(active: list[Participation], day: str) -> dict:
    months = [months_between(r.intake_date, day) for r in active]
    return {"average_months": mean(months),
            "share_within_12_months": rate(sum(1 for m in months if groups.within_a_year(m)),
                                           len(months))}


def active_summary(active: list[Participation], day: str) -> dict:
    """`status`'s summary; on 31 December the `year_end` of `stats` (the same tests as its
    sets in `counts.SETS`)."""
    return {"active": len(active),
            "suspended": sum(1 for r in active if r.suspended_on(day)),
            **_months_on(active, day),
            "over_24_months": sum(1 for r in active if over_24_months(r, day))}


# -- stats YEAR -------------------------------------------------------------------------------

def year_filter(year: int) -> tuple[str, tuple]:
    """SQL narrowing the rows to those that can count in the year: its participants, and
    former ones with a follow-up dated in it or later (the incentive)."""
    sql, params = periods.participant_in_sql("intake_date", "end_date", year)
    return f"({sql} OR last_follow_up >= ?)", (*params, periods.first_day(year))


def stats(rows: list[Participation], year: int) -> dict:
    return stats_of(Counts(rows, year))


def stats_of(c: Counts) -> dict:
    """statistics.md's `stats YEAR`; every count is a set of `counts.SETS`, taken through
    `Counts.tally` (the very sets `nysjanse explain` lists)."""
    year, n = c.year, c.tally
    completed, aborted = c.set("completed"), c.set("aborted")
    woe_count = n("work_or_education_by_gender.*.count")
    woe_base = n("work_or_education_by_gender.*.base")
    goal_base, woe = n("goal_base"), n("work_or_education")
    return {
        "year": year,
        "participants": n("participants"),
        "carried_over": n("carried_over"),
        "new": n("new"),
        "by_gender": n("by_gender.*"),
        "countries": len(c.keys("by_country.*")),
        "by_country": n("by_country.*"),
        "exits": n("exits"),
        "exits_by_gender": n("exits_by_gender.*"),
        "remaining": n("remaining"),
        "exit_types": n("exit_types.*"),
        "transferred_by_gender": n("transferred_by_gender.*"),
        "goal_base": goal_base,
        "work_or_education": woe,
        "work_or_education_rate": rate(woe, goal_base),
        "work_or_education_by_gender": {
            g: {"count": woe_count[g], "base": woe_base[g], "rate": rate(woe_count[g], woe_base[g])}
            for g in woe_base},
        "outcomes": n("outcomes.*"),
        "abort_reasons": n("abort_reasons.*"),
        "average_months": {
            "completed": mean([_months(r) for r in completed]),
            "aborted": mean([_months(r) for r in aborted]),
            "transferred_to_nav": mean([_months(r) for r in c.set("transfers")]),
            "work_or_education": _gendered_mean(c.set("work_or_education")),
            "not_work_or_education": _gendered_mean(c.set("not_work_or_education")),
            "abort_reasons": {reason: _gendered_mean([r for r in aborted if r.abort_reason == reason])
                              for reason in ABORT_REASONS},
        },
        "year_end": {"active": n("year_end.active"), "suspended": n("year_end.suspended"),
                     **_months_on(c.set("year_end"), periods.last_day(year)),
                     "over_24_months": n("year_end.over_24_months")},
        "projects": projects(c),
        "incentive": {"participants": n("incentive.participants"),
                      "by_gender": n("incentive.by_gender.*"),
                      "twelve_months": n("incentive.twelve_months"),
                      "by_industry": n("incentive.by_industry.*")},
    }


_PROJECT_COUNTS = ("participants", "new", "carried_over", "exits", "completed", "aborted",
                   "transferred_to_nav", "goal_base", "work_or_education")


def projects(c: Counts) -> dict:
    """One entry per intake project among the year's participants."""
    counted = {name: c.tally(f"projects.*.{name}") for name in _PROJECT_COUNTS}
    women = {}
    for r in c.set("participants"):
        if r.gender == "F":
            women[r.project] = women.get(r.project, 0) + 1
    out = {}
    for p in c.keys("projects.*.participants"):
        mine = {name: counted[name][p] for name in _PROJECT_COUNTS}
        out[p] = {
            "participants": mine["participants"], "new": mine["new"],
            "carried_over": mine["carried_over"],
            "women_share": rate(women.get(p, 0), mine["participants"]),
            "exits": mine["exits"], "completed": mine["completed"], "aborted": mine["aborted"],
            "transferred_to_nav": mine["transferred_to_nav"], "goal_base": mine["goal_base"],
            "work_or_education": mine["work_or_education"],
            "work_or_education_rate": rate(mine["work_or_education"], mine["goal_base"]),
        }
    return out


# -- status and caseload on a day -------------------------------------------------------------

def active_filter(day: str) -> tuple[str, tuple]:
    """SQL narrowing the rows to those active on the day."""
    return periods.active_on_sql("intake_date", "end_date", day)


def status_entry(r: Participation, day: str) -> dict:
    planned = r.planned_end(day)
    return {"participant": r.participant, "project": r.project,
            "counsellor": r.counsellor_on(day), "gender": r.gender, "country": r.country,
            "intake_date": r.intake_date, "months": months_between(r.intake_date, day),
            "suspended": r.suspended_on(day),
            "has_plan": r.first_plan is not None and r.first_plan <= day,
            "planned_end": planned, "overdue": planned < day}


def status(rows: list[Participation], day: str) -> dict:
    active = sorted(active_on(rows, day), key=lambda r: r.participant)
    return {"date": day, "active": [status_entry(r, day) for r in active],
            "summary": active_summary(active, day)}


def _by_counsellor(rows: list[Participation], day: str, counsellor: str | None) -> dict:
    theirs: dict[str, list[Participation]] = {}
    for r in active_on(rows, day):
        c = r.counsellor_on(day)
        if c is not None and (counsellor is None or c == counsellor):
            theirs.setdefault(c, []).append(r)
    return {c: sorted(theirs[c], key=lambda r: r.participant) for c in sorted(theirs)}


def caseload(rows: list[Participation], day: str, counsellor: str | None = None) -> dict:
    out = []
    for c, mine in _by_counsellor(rows, day, counsellor).items():
        out.append({"counsellor": c, "active": len(mine),
                    "suspended": sum(1 for r in mine if r.suspended_on(day)),
                    "over_capacity": periods.over_capacity(len(mine)),
                    "participants": [r.participant for r in mine]})
    return {"date": day, "counsellors": out}


def caseload_detail(rows: list[Participation], day: str, counsellor: str | None = None) -> dict:
    """caseload, and per counsellor `details`: one entry per participant with what needs
    attention (no plan yet, suspended, planned end passed, invalid absence lately)."""
    data = caseload(rows, day, counsellor)
    recent = (as_date(day) - timedelta(days=RECENT_DAYS)).isoformat()
    theirs = _by_counsellor(rows, day, counsellor)
    for entry in data["counsellors"]:
        details = []
        for r in theirs[entry["counsellor"]]:
            s = status_entry(r, day)
            invalid = sum(d for when, d in r.invalid_absences if recent < when <= day)
            attention = []
            if not s["has_plan"]:
                attention.append("no plan")
            if s["suspended"]:
                attention.append("suspended")
            if s["overdue"]:
                attention.append("planned end passed")
            if invalid:
                attention.append("invalid absence")
            details.append({"participant": r.participant, "project": r.project,
                            "intake_date": r.intake_date, "months": s["months"],
                            "suspended": s["suspended"], "has_plan": s["has_plan"],
                            "planned_end": s["planned_end"], "overdue": s["overdue"],
                            "invalid_absence_days": float(invalid), "attention": attention})
        entry["details"] = details
    return data
