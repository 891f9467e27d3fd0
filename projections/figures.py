"""The figures of statistics.md, computed from participations as known at one time.

Pure functions over `participations.Participation` rows: no I/O, no knowledge time (the rows
given are the ones in force), so every figure is the same for every store and read model.
"""
from __future__ import annotations

from datetime import timedelta

from domain import groups, periods
from domain.dates import months_between
from domain.groups import EXIT_TYPES
from domain.facts import ABORT_REASONS, GENDERS, INDUSTRIES, OUTCOMES
from domain.values import as_date

from .participations import Participation

RECENT_DAYS = 90  # an invalid absence this recent needs the counsellor's attention


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def rate(part: int, base: int) -> float | None:
    return part / base if base else None


def exit_type(r: Participation) -> str:
    return groups.exit_type(r.end_type, r.end_kind, r.aborted_by)


def work_or_education(r: Participation) -> bool:
    return groups.work_or_education(r.end_kind, r.outcome)


def by_gender(rows: list[Participation]) -> dict[str, int]:
    out = dict.fromkeys(GENDERS, 0)
    for r in rows:
        out[r.gender] = out.get(r.gender, 0) + 1
    return out


def _months(r: Participation) -> float:
    return months_between(r.intake_date, r.end_date)


def _gendered_mean(rows: list[Participation]) -> dict:
    return {"all": mean([_months(r) for r in rows]),
            **{g: mean([_months(r) for r in rows if r.gender == g]) for g in GENDERS}}


# -- active on a day: year_end of stats, summary of status -------------------------------

def active_on(rows: list[Participation], day: str) -> list[Participation]:
    return [r for r in rows if r.active_on(day)]


def active_summary(active: list[Participation], day: str) -> dict:
    months = [months_between(r.intake_date, day) for r in active]
    return {"active": len(active),
            "suspended": sum(1 for r in active if r.suspended_on(day)),
            "average_months": mean(months),
            "share_within_12_months": rate(sum(1 for m in months if groups.within_a_year(m)),
                                           len(months)),
            "over_24_months": sum(1 for m in months if groups.over_two_years(m))}


# -- stats YEAR -------------------------------------------------------------------------------

def year_filter(year: int) -> tuple[str, tuple]:
    """SQL narrowing the rows to those that can count in the year: its participants, and
    former ones with a follow-up dated in it or later (the incentive)."""
    sql, params = periods.participant_in_sql("intake_date", "end_date", year)
    return f"({sql} OR last_follow_up >= ?)", (*params, periods.first_day(year))


def stats(rows: list[Participation], year: int) -> dict:
    last = periods.last_day(year)
    participants = [r for r in rows if r.participant_in(year)]
    exits = [r for r in participants if periods.ended_in(r.end_date, year)]
    transfers = [r for r in exits if r.end_type == "transfer_to_nav"]
    goal_base = [r for r in exits if r.end_type == "exit"]
    completed = [r for r in goal_base if r.end_kind == "completed"]
    aborted = [r for r in goal_base if r.end_kind == "aborted"]
    woe = [r for r in goal_base if work_or_education(r)]
    not_woe = [r for r in goal_base if not work_or_education(r)]
    countries: dict[str, int] = {}
    for r in participants:
        countries[r.country] = countries.get(r.country, 0) + 1
    exit_types = dict.fromkeys(EXIT_TYPES, 0)
    for r in exits:
        exit_types[exit_type(r)] += 1
    outcomes = dict.fromkeys(OUTCOMES, 0)
    for r in completed:
        outcomes[r.outcome] += 1
    reasons = dict.fromkeys(ABORT_REASONS, 0)
    for r in aborted:
        reasons[r.abort_reason] += 1
    woe_by_gender = {}
    for g in GENDERS:
        base = sum(1 for r in goal_base if r.gender == g)
        count = sum(1 for r in woe if r.gender == g)
        woe_by_gender[g] = {"count": count, "base": base, "rate": rate(count, base)}
    return {
        "year": year,
        "participants": len(participants),
        "carried_over": sum(1 for r in participants if not periods.new_in(r.intake_date, year)),
        "new": sum(1 for r in participants if periods.new_in(r.intake_date, year)),
        "by_gender": by_gender(participants),
        "countries": len(countries),
        "by_country": dict(sorted(countries.items())),
        "exits": len(exits),
        "exits_by_gender": by_gender(exits),
        "remaining": len(participants) - len(exits),
        "exit_types": exit_types,
        "transferred_by_gender": by_gender(transfers),
        "goal_base": len(goal_base),
        "work_or_education": len(woe),
        "work_or_education_rate": rate(len(woe), len(goal_base)),
        "work_or_education_by_gender": woe_by_gender,
        "outcomes": outcomes,
        "abort_reasons": reasons,
        "average_months": {
            "completed": mean([_months(r) for r in completed]),
            "aborted": mean([_months(r) for r in aborted]),
            "transferred_to_nav": mean([_months(r) for r in transfers]),
            "work_or_education": _gendered_mean(woe),
            "not_work_or_education": _gendered_mean(not_woe),
            "abort_reasons": {reason: _gendered_mean([r for r in aborted if r.abort_reason == reason])
                              for reason in ABORT_REASONS},
        },
        "year_end": active_summary(active_on(participants, last), last),
        "projects": projects(participants, exits, year),
        "incentive": incentive(rows, year),
    }


def projects(participants: list[Participation], exits: list[Participation], year: int) -> dict:
    out = {}
    for name in sorted({r.project for r in participants}):
        mine = [r for r in participants if r.project == name]
        gone = [r for r in exits if r.project == name]
        goal_base = [r for r in gone if r.end_type == "exit"]
        woe = sum(1 for r in goal_base if work_or_education(r))
        out[name] = {
            "participants": len(mine),
            "new": sum(1 for r in mine if periods.new_in(r.intake_date, year)),
            "carried_over": sum(1 for r in mine if not periods.new_in(r.intake_date, year)),
            "women_share": rate(sum(1 for r in mine if r.gender == "F"), len(mine)),
            "exits": len(gone),
            "completed": sum(1 for r in goal_base if r.end_kind == "completed"),
            "aborted": sum(1 for r in goal_base if r.end_kind == "aborted"),
            "transferred_to_nav": sum(1 for r in gone if r.end_type == "transfer_to_nav"),
            "goal_base": len(goal_base),
            "work_or_education": woe,
            "work_or_education_rate": rate(woe, len(goal_base)),
        }
    return out


def incentive(rows: list[Participation], year: int) -> dict:
    """Former participants with an employed follow-up dated in the year."""
    first = periods.first_day(year)
    paid: list[Participation] = []
    twelve = 0
    industries = dict.fromkeys(INDUSTRIES, 0)
    for r in rows:
        if r.last_follow_up is None or r.last_follow_up < first:
            continue
        employed = [u for u in r.follow_ups if periods.in_year(u[0], year) and u[2]]
        if not employed:
            continue
        paid.append(r)
        if any(u[1] == 12 for u in employed):
            twelve += 1
        latest = employed[0]
        for u in employed[1:]:
            if u[0] >= latest[0]:  # the latest by date; on one date, the later recorded
                latest = u
        industry = latest[3] or "other"
        industries[industry] = industries.get(industry, 0) + 1
    return {"participants": len(paid), "by_gender": by_gender(paid),
            "twelve_months": twelve, "by_industry": industries}


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
