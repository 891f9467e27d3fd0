"""Phase 1, head counts: every 2008 participant gets a project, a gender and a slot."""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .people import (ACTIVE, EXIT, FROM_2007, NEW_IN_2008, OLDER, TRANSFER, Dice, Person,
                     person)
from .targets import (ABSENCE_F, ABSENCE_M, ACTIVE_AT_YEAR_END, DRAMMEN, EXIT_GROUPS,
                      EXIT_SLOTS, FIRST_INTAKE, JOBS, OTHER_COMPLETED, PROJECT, PROJECTS,
                      SKEDSMO, SKEDSMO_ACTIVE_2007, SKEDSMO_ACTIVE_OLDER,
                      SKEDSMO_GROUP_INTAKES, TRANSFERS_NEW, WORK_F, WORK_M,
                      WORK_OR_EDUCATION_GROUPS, YEAR_START, Exit, ExitGroup)

TRANSFERRED = "transferred to NAV"


class Seat(NamedTuple):
    """One exit of 2008 waiting for its participant."""
    group: ExitGroup
    exit: Exit


def head_counts(dice: Dice) -> list[Person]:
    """The 692 participants of 2008, each in the slot that makes the published counts."""
    seats = {g: [Seat(s.group, s.exit) for s in EXIT_SLOTS[g] for _ in range(s.count)]
             for g in "FM"}
    for g in "FM":
        dice.shuffle(seats[g])
    people = seat_by_project()
    leavers = {g: [p for p in people if p.slot.kind == EXIT and p.who.gender == g] for g in "FM"}
    skedsmo_exits(dice, seats, leavers)
    drammen_exits(dice, seats, leavers)
    other_exits(dice, seats, leavers)
    new_leavers(dice, people)
    new_transfers(dice, [p for p in people if p.slot.transfer])
    year_end_cohorts(dice, [p for p in people if p.slot.kind == ACTIVE])
    return people


def seat_by_project() -> list[Person]:
    """Per project and gender: its transfers, its active on 2008-12-31, and its leavers."""
    people = []
    for project in PROJECTS:
        men = project.participants - project.women
        for gender, total, transferred, active in (
                ("F", project.women, project.transferred.women, project.active.women),
                ("M", men, project.transferred.men, project.active.men)):
            for _ in range(transferred):
                people.append(person(project.name, gender, TRANSFER, group=TRANSFERRED,
                                     transfer=True))
            for _ in range(active):
                people.append(person(project.name, gender, ACTIVE))
            for _ in range(total - transferred - active):
                people.append(person(project.name, gender, EXIT))
    return people


def give(people: list[Person], seats: list[Seat]) -> None:
    for p, seat in zip(people, seats):
        p.slot.group, p.slot.exit = seat.group, seat.exit


def in_project(people: list[Person], name: str) -> list[Person]:
    return [p for p in people if p.who.project == name]


def is_job(seat: Seat) -> bool:
    return seat.exit.outcome in JOBS


def is_aborted(seat: Seat) -> bool:
    return seat.exit.kind == "aborted"


def skedsmo_exits(dice: Dice, seats: dict, leavers: dict) -> None:
    """Skedsmo: six to work and two to education; nobody who started in 2008 left."""
    women, men = in_project(leavers["F"], SKEDSMO), in_project(leavers["M"], SKEDSMO)
    give(women, [*dice.take(seats["F"], 4, lambda s: s.group is WORK_F and is_job(s)),
                 *dice.take(seats["F"], 2, lambda s: s.exit.outcome == "education"),
                 *dice.take(seats["F"], 2, lambda s: s.group is OTHER_COMPLETED),
                 *dice.take(seats["F"], len(women) - 8,
                            lambda s: is_aborted(s) and s.group is not ABSENCE_F)])
    give(men, [*dice.take(seats["M"], 2, lambda s: s.group is WORK_M and is_job(s)),
               *dice.take(seats["M"], 1, lambda s: s.group is OTHER_COMPLETED),
               *dice.take(seats["M"], len(men) - 3,
                          lambda s: is_aborted(s) and s.group is not ABSENCE_M)])


def drammen_exits(dice: Dice, seats: dict, leavers: dict) -> None:
    """Drammen: 14 of its 15 leavers aborted."""
    women, men = in_project(leavers["F"], DRAMMEN), in_project(leavers["M"], DRAMMEN)
    give(women, [*dice.take(seats["F"], 1, lambda s: s.exit.outcome == "full_time_job"),
                 *dice.take(seats["F"], len(women) - 1, is_aborted)])
    give(men, dice.take(seats["M"], len(men), is_aborted))


def other_exits(dice: Dice, seats: dict, leavers: dict) -> None:
    """Everyone else: projects with good results draw work or education more often."""
    def rank(seat: Seat) -> int:
        if seat.group in WORK_OR_EDUCATION_GROUPS:
            return 0
        return 1 if seat.group is OTHER_COMPLETED else 2

    for gender in "FM":
        rest = [p for p in leavers[gender] if p.who.project not in (SKEDSMO, DRAMMEN)]
        keyed = sorted(rest, key=lambda p: -dice.random() ** (1 / PROJECT[p.who.project].weight))
        ordered = sorted(seats[gender], key=rank)
        assert len(keyed) == len(ordered)
        give(keyed, ordered)


def new_leavers(dice: Dice, people: list[Person]) -> None:
    """Who of each exit group started in 2008 (none of Skedsmo's leavers did)."""
    leavers = [p for p in people if p.slot.kind == EXIT]
    for group in EXIT_GROUPS:
        members = [p for p in leavers if p.slot.group is group and p.who.project != SKEDSMO]
        for p in dice.sample(members, group.new_in_2008):
            p.slot.new = True


def new_transfers(dice: Dice, transfers: list[Person]) -> None:
    """The NAV transfer dates, and who of those transferred started in 2008: the later the
    transfer, the likelier."""
    nav_dates(dice, transfers)
    weights = {p: max(0, (p.dates.end - YEAR_START).days - 60) for p in transfers}
    pool = list(transfers)
    for _ in range(TRANSFERS_NEW):
        pick = dice.choices(pool, weights=[weights[p] for p in pool])[0]
        pick.slot.new = True
        pool.remove(pick)


def nav_dates(dice: Dice, transfers: list[Person]) -> None:
    """A project's transfers are spread evenly over its NAV transfer days."""
    by_project: dict[str, list] = {}
    for p in transfers:
        by_project.setdefault(p.who.project, []).append(p)
    for name, members in by_project.items():
        days = PROJECT[name].nav_dates
        dice.shuffle(members)
        for i, p in enumerate(members):
            p.dates.end = days[i * len(days) // len(members)]


def year_end_cohorts(dice: Dice, active: list[Person]) -> None:
    """Who of those active on 2008-12-31 started in 2008, in 2007, or before."""
    skedsmo = in_project(active, SKEDSMO)
    dice.shuffle(skedsmo)
    cohorts = ([NEW_IN_2008] * len(SKEDSMO_GROUP_INTAKES) + [FROM_2007] * SKEDSMO_ACTIVE_2007
               + [OLDER] * SKEDSMO_ACTIVE_OLDER)
    assert len(skedsmo) == len(cohorts)
    for p, cohort in zip(skedsmo, cohorts):
        p.slot.group = cohort
    others = [p for p in active if p.who.project != SKEDSMO]
    dice.shuffle(others)
    long_running = [p for p in others if FIRST_INTAKE[p.who.project] < date(2006, 1, 1)]
    for p in long_running[:ACTIVE_AT_YEAR_END.older - SKEDSMO_ACTIVE_OLDER]:
        p.slot.group = OLDER
    rest = [p for p in others if not p.slot.group]
    new_elsewhere = ACTIVE_AT_YEAR_END.new - len(SKEDSMO_GROUP_INTAKES)
    for i, p in enumerate(rest):
        p.slot.group = NEW_IN_2008 if i < new_elsewhere else FROM_2007
    for p in active:
        p.slot.new = p.slot.group == NEW_IN_2008
