"""The last step: each participation as the facts its caseworkers recorded, and when."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from domain.eligibility import latest_eligible_starts
from domain.facts import MEASURES, WORK_OR_EDUCATION, canonical

from .people import Dice, Person, weekday, workday
from .targets import PREFIX, YEAR_END

OSLO = ZoneInfo("Europe/Oslo")
CASEWORKERS = (
    "kari", "ola", "amina", "jonas", "fatima", "ingrid", "hassan", "silje", "mohammed", "marte",
    "lars", "nora", "ahmed", "hilde", "tore", "leila", "anders", "sara", "erik", "zainab",
    "kristin", "yusuf", "tone", "bjorn", "maryam", "eirik", "hanne", "omar", "liv", "idris",
    "astrid", "khadija", "per", "randi", "samira", "knut", "grete", "ali", "solveig", "nasra",
    "trond", "aisha", "geir", "berit", "farah", "odd", "wenche", "abdi", "turid", "ibrahim",
)
NOTES_VALID = ("sick child", "doctor's appointment", "sick", "meeting at NAV", "dentist")
NOTES_INVALID = ("no show", "did not call in", "left early without notice", "travelled abroad")
# Ranks order the facts of one day: intake, interruptions, plans and absences, end, follow-ups.
INTAKE, INTERRUPTION, ORDINARY, ENDING, FOLLOW_UP = range(5)
eligible_starts = lru_cache(maxsize=None)(latest_eligible_starts)  # many share an intake day


def caseworkers(dice: Dice) -> dict[str, list[str]]:
    """Two caseworkers per project, who record its facts."""
    names = list(CASEWORKERS)
    dice.shuffle(names)
    return {project: names[(2 * i) % len(names):(2 * i) % len(names) + 2]
            for i, project in enumerate(PREFIX)}


def history(dice: Dice, people: list[Person], clerks: dict[str, list[str]]) -> list[dict]:
    """Every participant's facts in recording order, with ids and recording times."""
    rows = []
    for index, p in enumerate(people):
        recorded = stamped(dice, dated_facts(dice, p), clerks[p.who.project])
        corrected(p, recorded)
        rows.extend((when, index, k, fact, target)
                    for k, (when, fact, target) in enumerate(recorded))
    rows.sort(key=lambda r: (r[0].astimezone(timezone.utc), r[1], r[2]))
    ids = {}
    facts = []
    for n, (when, _, _, fact, target) in enumerate(rows):
        fact["id"] = f"ev{n:06d}"
        ids[id(fact)] = fact["id"]
        fact["recorded_at"] = when.isoformat()
        if target is not None:
            fact["event"] = ids[id(target)]
        facts.append(canonical(fact))
    return facts


class Window:
    """The days of a participation on which a plan or an absence can be recorded."""

    def __init__(self, p: Person) -> None:
        self.intake = p.dates.intake
        self.end = p.dates.end or YEAR_END + timedelta(days=1)
        self.suspended = [(s.start, s.end or YEAR_END) for s in p.life.suspensions]

    def free(self, day: date) -> bool:
        return (self.intake < day < self.end and day <= YEAR_END
                and not any(s <= day <= e for s, e in self.suspended))

    def workday(self, day: date) -> bool:
        return self.free(day) and workday(day)


def dated_facts(dice: Dice, p: Person) -> list[tuple]:
    """[(date, rank, fact, structural)] in date order; structural facts are recorded in order."""
    window = Window(p)
    events = [(p.dates.intake, INTAKE, intake(dice, p), True), *interruptions(p)]
    events += plans(dice, p, window)
    events += absences(dice, p, window)
    if p.dates.end:
        events.append((p.dates.end, ENDING, ending(dice, p), True))
    for months, day, employed, industry in sorted(p.life.follow_ups, key=lambda f: f.day):
        follow = {"type": "follow_up", "participant": p.pid, "date": day.isoformat(),
                  "months": months, "employed": employed}
        if industry and (industry != "other" or dice.random() < 0.5):
            follow["industry"] = industry
        events.append((day, FOLLOW_UP, follow, True))
    events.sort(key=lambda e: (e[0], e[1]))
    return events


def intake(dice: Dice, p: Person) -> dict:
    who = p.who
    fact = {"type": "intake", "participant": p.pid, "date": p.dates.intake.isoformat(),
            "project": who.project, "counsellor": p.life.periods[0].counsellor,
            "gender": who.gender, "country": who.country, "birth_year": who.birth_year}
    latest_resident, latest_assistance = eligible_starts(p.dates.intake)
    # resident two weeks to thirteen years before the rule's last day, on assistance from at
    # most eight years before the intake to a week before the rule's last day
    resident = latest_resident - timedelta(days=dice.randint(14, 4769))
    assistance_lo = max(resident, p.dates.intake - timedelta(days=3000))
    assistance = dice.day_between(assistance_lo, latest_assistance - timedelta(days=7))
    fact["resident_since"] = resident.isoformat()
    fact["assistance_since"] = assistance.isoformat()
    r = dice.random()
    if r < 0.3:
        fact["intro_programme"] = "none"
    elif r < 0.4 and resident.year >= 2003:
        fact["intro_programme"] = "completed"
    return fact


def interruptions(p: Person) -> list[tuple]:
    """Suspensions, resumptions and counsellor changes."""
    events = []
    for start, end, reason in p.life.suspensions:
        events.append((start, INTERRUPTION, {"type": "suspension", "participant": p.pid,
                                             "date": start.isoformat(), "reason": reason}, True))
        if end:
            events.append((end, INTERRUPTION, {"type": "resumption", "participant": p.pid,
                                               "date": end.isoformat()}, True))
    for counsellor, day in p.life.periods[1:]:
        events.append((day, INTERRUPTION, {"type": "counsellor_change", "participant": p.pid,
                                           "date": day.isoformat(), "counsellor": counsellor},
                       True))
    return events


def plans(dice: Dice, p: Person, window: Window) -> list[tuple]:
    """A plan within weeks of the intake, for long participations a second one later."""
    exit_ = p.slot.exit
    goal = None
    if exit_ and exit_.outcome in WORK_OR_EDUCATION:
        goal = "education" if exit_.outcome == "education" else "work"
    elif dice.random() < 0.5:
        goal = dice.choice(("work", "work", "work", "education"))
    extra = [m for m in MEASURES if m != "norwegian"]
    events = []
    plan_day = p.dates.intake + timedelta(days=dice.randint(7, 45))
    for k in range(2):
        if not window.free(plan_day):
            plan_day = weekday(plan_day + timedelta(days=1))
            if not window.free(plan_day):
                break
        measures = ["norwegian"] if dice.random() < 0.8 else []
        if k == 1:
            measures = ["work_practice", "job_search"]
        measures += [m for m in dice.sample(extra, dice.randint(1, 3)) if m not in measures]
        plan = {"type": "plan", "participant": p.pid, "date": plan_day.isoformat(),
                "measures": measures}
        if goal:
            plan["goal"] = goal
        events.append((plan_day, ORDINARY, plan, False))
        plan_day = p.dates.intake + timedelta(days=dice.randint(180, 320))
        if (window.end - p.dates.intake).days < 400 or dice.random() < 0.6:
            break
    return events


def absences(dice: Dice, p: Person, window: Window) -> list[tuple]:
    """Scattered absences; the one to be corrected; invalid ones before an abort for them."""
    def absence(day: date, **fields) -> tuple:
        return (day, ORDINARY, {"type": "absence", "participant": p.pid, "date": day.isoformat(),
                                **fields}, False)

    events = []
    days_in = (min(window.end, YEAR_END) - p.dates.intake).days
    for _ in range(int(days_in / 45 * dice.random() * 1.5)):
        day = p.dates.intake + timedelta(days=dice.randint(1, max(1, days_in - 1)))
        if not window.workday(day):
            continue
        valid = dice.random() < 0.85
        fact = {"days": dice.choice((0.5, 1, 1, 1, 2, 2, 3, 5, 10)), "valid": valid}
        if dice.random() < 0.3:
            fact["note"] = dice.choice(NOTES_VALID if valid else NOTES_INVALID)
        events.append(absence(day, **fact))
    if p.life.correction == "absence":
        day = weekday(p.dates.intake + timedelta(days=100))
        while not window.workday(day):
            day += timedelta(days=1)
        events.append(absence(day, days=3, valid=True))
    if p.slot.exit and p.slot.exit.reason == "invalid_absence":
        for _ in range(dice.randint(3, 6)):
            day = window.end - timedelta(days=dice.randint(1, min(100, days_in - 1)))
            if window.workday(day):
                events.append(absence(day, days=dice.choice((2, 3, 5, 5, 10)), valid=False,
                                      note=dice.choice(NOTES_INVALID)))
    return events


def ending(dice: Dice, p: Person) -> dict:
    if p.slot.transfer:
        fact = {"type": "transfer_to_nav", "participant": p.pid, "date": p.dates.end.isoformat()}
        if dice.random() < 0.5:
            fact["programme"] = "kvalifiseringsprogram"
        return fact
    return {"type": "exit", "participant": p.pid, "date": p.dates.end.isoformat(),
            **p.slot.exit.fields()}


# -- when it was recorded -----------------------------------------------------------------

def stamped(dice: Dice, events: list[tuple], clerks: list[str]) -> list[list]:
    """[[recorded_at, fact, retracted fact]]: each fact a lag after its date, by one of the
    project's caseworkers; structural facts (those the rules read in order) never out of order."""
    out = []
    last_structural = None
    for day, _, fact, structural in events:
        when = stamp(dice, day, lag(dice, fact["type"]))
        if last_structural is not None and when <= last_structural:
            when = last_structural + timedelta(minutes=dice.randint(1, 30))
        fact["recorded_by"] = dice.choice(clerks)
        out.append([when, fact, None])
        if structural:
            last_structural = max(when, last_structural or when)
    return out


def stamp(dice: Dice, day: date, lag: int) -> datetime:
    moment = time(dice.randint(8, 15), dice.randint(0, 59))
    return datetime.combine(day + timedelta(days=lag), moment, tzinfo=OSLO)


def lag(dice: Dice, kind: str) -> int:
    """Days between a fact's date and its recording: mostly soon, sometimes weeks late."""
    r = dice.random()
    if kind == "intake":
        return 0 if r < 0.6 else (dice.randint(1, 3) if r < 0.96 else dice.randint(7, 16))
    if kind in ("plan", "absence"):
        return dice.randint(0, 4) if r < 0.93 else dice.randint(10, 30)
    if kind in ("exit", "transfer_to_nav"):
        return dice.randint(0, 3) if r < 0.95 else dice.randint(6, 12)
    if kind == "follow_up":
        return dice.randint(0, 10)
    return dice.randint(0, 2)


def corrected(p: Person, out: list[list]) -> None:
    """The corrections: a retraction and the right fact, a few days after the last fact."""
    if p.life.correction == "exit":
        wrong = next(o for o in out if o[1]["type"] == "exit")
        right = dict(wrong[1])
        wrong[1]["outcome"] = ("part_time_job" if right["outcome"] != "part_time_job"
                               else "full_time_job")
        later = max(o[0] for o in out) + timedelta(days=2, minutes=17)
        reason = "wrong outcome: the job is " + right["outcome"].replace("_", " ")
        right["recorded_by"] = wrong[1]["recorded_by"]
    elif p.life.correction == "absence":
        wrong = [o for o in out if o[1]["type"] == "absence" and o[1]["valid"]][-1]
        right = dict(wrong[1])
        right["valid"] = False
        right["note"] = "no show; not an agreed absence"
        later = max(o[0] for o in out) + timedelta(days=1, minutes=5)
        reason = "registered as valid by mistake"
    else:
        return
    out.append([later, {"type": "retraction", "participant": p.pid,
                        "date": later.date().isoformat(), "reason": reason,
                        "recorded_by": wrong[1]["recorded_by"]}, wrong[1]])
    out.append([later + timedelta(minutes=3 if p.life.correction == "exit" else 2), right, None])
