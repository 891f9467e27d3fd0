"""Phase 3, the incentive scheme: former participants with an employed follow-up in 2008."""
from __future__ import annotations

from datetime import date, timedelta

from domain.dates import DAYS_PER_MONTH, add_months

from .people import EXIT, INCENTIVE as INCENTIVE_GROUP, PRE, Dice, FollowUp, Person, person, weekday
from .targets import (FIRST_INTAKE, INCENTIVE, JOBS, PROJECT, PROJECTS, SOMALI_MEN, YEAR_END,
                      completed)

LAST_EARLY_EXIT = date(2008, 6, 13)  # their six-month follow-up still falls in 2008
UNPAID_FROM_2008 = 8  # early-2008 completers whose six-month follow-up found no job


def incentive(dice: Dice, people: list[Person]) -> list[Person]:
    """The follow-ups of early-2008 completers, and the former participants from 2007 who
    make up the rest of the scheme's figures (returned)."""
    industries = [name for name, n in INCENTIVE.industries for _ in range(n)]
    dice.shuffle(industries)
    paid = early_completers(dice, people, industries)
    women = INCENTIVE.women - sum(p.who.gender == "F" for p in paid)
    men = INCENTIVE.men - sum(p.who.gender == "M" for p in paid)
    genders = ["F"] * women + ["M"] * men
    dice.shuffle(genders)
    n_six = len(genders) - INCENTIVE.at_twelve_months
    former = [former_participant(dice, gender, i >= n_six, industries.pop())
              for i, gender in enumerate(genders)]
    assert not industries
    return former


def early_completers(dice: Dice, people: list[Person], industries: list[str]) -> list[Person]:
    """Six-month follow-ups of those who left for a job early in 2008; returns the employed."""
    early = [p for p in people if p.slot.kind == EXIT and p.slot.exit.kind == "completed"
             and p.slot.exit.outcome in JOBS and p.dates.end <= LAST_EARLY_EXIT]
    dice.shuffle(early)
    paid = early[:INCENTIVE.from_2008]
    for p in paid:
        p.life.follow_ups.append(FollowUp(6, six_months_on(dice, p.dates.end), True,
                                          industries.pop()))
    for p in early[INCENTIVE.from_2008:INCENTIVE.from_2008 + UNPAID_FROM_2008]:
        p.life.follow_ups.append(FollowUp(6, six_months_on(dice, p.dates.end), False, None))
    return paid


def six_months_on(dice: Dice, end: date) -> date:
    due = add_months(end, 6)
    return min(YEAR_END, weekday(due + timedelta(days=dice.randint(0, 14))))


def former_participant(dice: Dice, gender: str, twelve: bool, industry: str) -> Person:
    """One who completed to a job in 2007; paid at six months, or at twelve when `twelve`."""
    big = [p.name for p in PROJECTS if p.name != SOMALI_MEN]
    project = dice.choice(big if gender == "F" else [*big, SOMALI_MEN])
    if PROJECT[project].women == 0 and gender == "F":
        project = "Bergen"
    p = person(project, gender, PRE, group=INCENTIVE_GROUP)
    if twelve:
        end = dice.weekday_between(date(2007, 1, 8), date(2007, 11, 16))
    else:
        end = dice.weekday_between(date(2007, 7, 2), date(2007, 12, 14))
    months = dice.uniform(9, 24)
    p.dates.end = end
    p.dates.intake = weekday(max(FIRST_INTAKE[project] + timedelta(days=3),
                                 end - timedelta(days=round(months * DAYS_PER_MONTH))))
    p.slot.exit = completed(dice.choice(("full_time_job",) * 4 + ("part_time_job", "subsidised_job")))
    follow_ups = p.life.follow_ups
    six = weekday(add_months(end, 6) + timedelta(days=dice.randint(0, 20)))
    if twelve:
        follow_ups.append(FollowUp(6, six, True, industry if dice.random() < 0.8 else None))
        twelve_day = weekday(add_months(end, 12) + timedelta(days=dice.randint(0, 20)))
        follow_ups.append(FollowUp(12, min(YEAR_END, twelve_day), True, industry))
    else:
        follow_ups.append(FollowUp(6, six, True, industry))
        twelve_day = weekday(add_months(end, 12) + timedelta(days=dice.randint(0, 20)))
        if twelve_day <= date(2008, 12, 19) and dice.random() < 0.7:
            follow_ups.append(FollowUp(12, twelve_day, False, None))
    return p
