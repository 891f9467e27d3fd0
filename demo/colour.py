"""Phase 4, everything else: the years before 2008, who the participants are, suspensions,
counsellors and the two facts recorded wrong."""
from __future__ import annotations

from datetime import date, timedelta

from domain.periods import CAP
from domain.dates import DAYS_PER_MONTH, add_months
from domain.facts import ABORT_REASONS

from .people import (ACTIVE, BEFORE_2008, EXIT, FROM_2007, OLDER, PRE, TRANSFER, Dice,
                     FollowUp, Period, Person, Suspension, person, weekday)
from .targets import (COUNTRIES_2008, FIRST_INTAKE, INCENTIVE, JOBS, OPEN_SUSPENSIONS,
                      PARTICIPANTS_2008, PILOTS, PREFIX, PRE_2008_OTHERS, PROJECT, PROJECTS, SOMALI_MEN, WORK_F, YEAR_END,
                      YOUTH, aborted, completed)

# Counsellors are filled to two below the cap, and a participation counts towards it until
# CAP_MARGIN days after its end: exits are often recorded some days late.
CAPACITY = CAP - 2
CAP_MARGIN = 21


# -- the years before ---------------------------------------------------------------------

def before_2008(dice: Dice) -> list[Person]:
    """Participations that ended before 2008: spread over the projects by size, and the
    Oslo pilot districts, most of whose participants moved to NAV in 2007."""
    total = sum(p.participants for p in PROJECTS)
    shares = {p.name: PRE_2008_OTHERS * p.participants / total for p in PROJECTS}
    counts = {name: int(share) for name, share in shares.items()}
    short = PRE_2008_OTHERS - sum(counts.values())
    for name in sorted(shares, key=lambda n: counts[n] - shares[n])[:short]:
        counts[name] += 1
    people = []
    for name, n in counts.items():
        women = PROJECT[name].women / PROJECT[name].participants
        for _ in range(n):
            gender = "F" if dice.random() < max(0.0, women - 0.05) else "M"
            people.append(ended_before(dice, person(name, gender, PRE), FIRST_INTAKE[name],
                                       date(2007, 12, 19)))
    for pilot in PILOTS:
        for i in range(pilot.participants):
            p = person(pilot.name, "F" if dice.random() < 0.6 else "M", PRE)
            if i < pilot.transferred:
                p.dates.intake = dice.weekday_between(pilot.first_intake,
                                                      pilot.nav_date - timedelta(days=120))
                p.dates.end, p.slot.transfer = pilot.nav_date, True
            else:
                ended_before(dice, p, pilot.first_intake, pilot.nav_date - timedelta(days=10))
            people.append(p)
    return people


def ended_before(dice: Dice, p: Person, first: date, last: date) -> Person:
    span = p.dates
    span.intake = dice.weekday_between(first, min(last - timedelta(days=60), date(2007, 9, 28)))
    months = dice.uniform(2, 24)
    span.end = min(last, weekday(span.intake + timedelta(days=round(months * DAYS_PER_MONTH))))
    if span.end.weekday() >= 5:
        span.end = weekday(span.end, forward=False)
    if dice.random() < 0.5:
        if dice.random() < 0.68:
            outcome = dice.choice(("full_time_job",) * 5 + ("part_time_job",) * 2
                                  + ("subsidised_job", "education", "education"))
        else:
            outcome = dice.choice(("job_seeker", "no_activity", "course_or_measure",
                                   "course_or_measure", "other"))
        p.slot.exit = completed(outcome)
        if outcome in JOBS:
            followed_up_before_2008(dice, p)
    else:
        reason = dice.choices(ABORT_REASONS, weights=(30, 18, 12, 10, 6, 3, 15))[0]
        by = "decision" if reason in ("behaviour", "invalid_absence") and dice.random() < 0.7 else (
            "participant" if dice.random() < 0.65 else "decision")
        p.slot.exit = aborted(by, reason)
    p.slot.group = BEFORE_2008
    return p


def followed_up_before_2008(dice: Dice, p: Person) -> None:
    industries = [name for name, _ in INCENTIVE.industries]
    for months_after in (6, 12):
        when = weekday(add_months(p.dates.end, months_after) + timedelta(days=dice.randint(0, 25)))
        if when <= date(2007, 12, 28) and dice.random() < 0.6:
            employed = dice.random() < 0.75
            industry = dice.choice(industries) if employed else None
            p.life.follow_ups.append(FollowUp(months_after, when, employed, industry))


# -- who they are -------------------------------------------------------------------------

def backgrounds(dice: Dice, people: list[Person]) -> None:
    """Countries (the 2008 participants exactly as published) and birth years."""
    pool = [country for country, n in COUNTRIES_2008 for _ in range(n)]
    in_2008 = [p for p in people if p.slot.kind in (EXIT, TRANSFER, ACTIVE)]
    assert len(in_2008) == len(pool) == PARTICIPANTS_2008
    for p in in_2008:
        if p.who.project == SOMALI_MEN:
            p.who.country = "SO"
            pool.remove("SO")
    dice.shuffle(pool)
    for p in in_2008:
        if not p.who.country:
            p.who.country = pool.pop()
    codes = [country for country, _ in COUNTRIES_2008]
    weights = [n for _, n in COUNTRIES_2008]
    for p in people:
        who = p.who
        if not who.country:
            who.country = "SO" if who.project == SOMALI_MEN else dice.choices(codes, weights)[0]
        if who.project == YOUTH:
            who.birth_year = p.dates.intake.year - dice.randint(18, 24)
        else:
            who.birth_year = p.dates.intake.year - min(62, max(22, round(dice.gauss(38, 8))))


# -- the life of a participation ----------------------------------------------------------

def lives(dice: Dice, people: list[Person]) -> None:
    """Suspensions (some still open on 2008-12-31) and counsellor changes."""
    active = [p for p in people if p.slot.kind == ACTIVE and p.dates.intake < date(2008, 8, 1)
              and p.slot.group != OLDER]
    for p in dice.sample(active, OPEN_SUSPENSIONS):
        p.life.open_suspension = True
    for p in people:
        suspension(dice, p)
        end = p.dates.end or YEAR_END
        if (end - p.dates.intake).days > 240 and dice.random() < 0.1:
            p.life.change = dice.weekday_between(p.dates.intake + timedelta(days=60),
                                                 end - timedelta(days=30))


def suspension(dice: Dice, p: Person) -> None:
    last = (p.dates.end or YEAR_END) - timedelta(days=10)
    first = p.dates.intake + timedelta(days=30)
    parental = p.who.gender == "F" and p.dates.intake.year - p.who.birth_year < 42
    if p.life.open_suspension:
        start = dice.weekday_between(max(first, date(2008, 8, 1)), date(2008, 12, 19))
        p.life.suspensions.append(
            Suspension(start, None, "parental_leave" if parental else "sick_leave"))
        return
    older = p.slot.group == OLDER  # the long-running ones were away for a long while
    if not (older or (last - first).days > 300 and dice.random() < 0.25):
        return
    span = dice.randint(120, 300) if older else dice.randint(20, 200)
    if (last - first).days <= span + 20:
        return
    start = dice.weekday_between(first, last - timedelta(days=span + 5))
    end = weekday(start + timedelta(days=span))
    if end < last:
        reason = "parental_leave" if parental and dice.random() < 0.6 else (
            "sick_leave" if dice.random() < 0.8 else "other")
        p.life.suspensions.append(Suspension(start, end, reason))


def counsellors(people: list[Person]) -> None:
    """Assign counsellors in date order, opening a new one when all are at CAPACITY."""
    team: dict[str, list[str]] = {}
    load: dict[str, list] = {}  # counsellor -> [[counts until, person]]
    steps = [(p.dates.intake, 0, i, p) for i, p in enumerate(people)]
    steps += [(p.life.change, 1, i, p) for i, p in enumerate(people) if p.life.change]
    steps.sort(key=lambda s: s[:3])
    far = date(2100, 1, 1)

    def count(c, day):
        load[c] = [e for e in load[c] if e[0] > day]
        return len(load[c])

    for day, _, _, p in steps:
        names = team.setdefault(p.who.project, [])
        current = p.life.periods[-1].counsellor if p.life.periods else None
        free = [(count(c, day), i, c) for i, c in enumerate(names)
                if c != current and count(c, day) < CAPACITY]
        if free:
            chosen = min(free)[2]
        else:
            chosen = f"{PREFIX[p.who.project]}{len(names) + 1}"
            names.append(chosen)
            load[chosen] = []
        until = (p.dates.end + timedelta(days=CAP_MARGIN)) if p.dates.end else far
        if current:
            for entry in load[current]:
                if entry[1] is p:
                    entry[0] = day + timedelta(days=CAP_MARGIN)
        load[chosen].append([until, p])
        p.life.periods.append(Period(chosen, day))


def corrections(dice: Dice, people: list[Person]) -> None:
    """One exit recorded with the wrong outcome, one absence recorded as valid by mistake."""
    exits = [p for p in people if p.slot.group is WORK_F and p.slot.exit.outcome == "full_time_job"
             and date(2008, 9, 1) <= p.dates.end <= date(2008, 11, 28) and not p.life.follow_ups]
    dice.choice(exits).life.correction = "exit"
    absent = [p for p in people if p.slot.kind == ACTIVE and p.slot.group == FROM_2007
              and not p.life.suspensions]
    dice.choice(absent).life.correction = "absence"
