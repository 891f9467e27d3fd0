"""The targets the demo year is built to: the published 2008 figures (docs/programme.md) and
the few numbers derived from them that the generator fits its groups to."""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from domain.facts import WORK_OR_EDUCATION

YEAR_START = date(2008, 1, 1)
YEAR_END = date(2008, 12, 31)
LAST_2007 = date(2007, 12, 31)

JOBS = tuple(outcome for outcome in WORK_OR_EDUCATION if outcome != "education")


class ByGender(NamedTuple):
    women: int
    men: int


class Project(NamedTuple):
    name: str
    prefix: str  # its counsellors are prefix1, prefix2, ...
    first_intake: date
    participants: int  # in 2008
    women: int
    transferred: ByGender  # to NAV in 2008
    active: ByGender  # on 2008-12-31
    nav_dates: tuple[date, ...]  # the days its NAV transfers happened
    weight: float  # how strongly it draws exits to work or education


class Pilot(NamedTuple):
    """An Oslo pilot district: a NAV office in 2007, all its participants gone before 2008."""
    name: str
    prefix: str
    first_intake: date
    participants: int
    transferred: int
    nav_date: date


def _project(name, prefix, first, size, women, transferred, active, nav, weight) -> Project:
    return Project(name, prefix, date.fromisoformat(first), size, women, ByGender(*transferred),
                   ByGender(*active), tuple(date.fromisoformat(d) for d in nav), weight)


PROJECTS = tuple(_project(*row) for row in (
    ("Oslo Bjerke", "bjerke", "2005-04-04", 30, 22, (13, 3), (5, 2), ("2008-05-02",), 1.0),
    ("Oslo Grorud", "grorud", "2005-05-02", 28, 21, (0, 0), (11, 3), (), 1.0),
    ("Oslo Stovner", "stovner", "2005-03-14", 35, 26, (0, 0), (13, 4), (), 0.8),
    ("Oslo St. Hanshaugen", "sthans", "2005-08-15", 20, 12, (0, 0), (7, 4), (), 1.0),
    ("Oslo Østensjø", "ostensjo", "2005-09-05", 20, 18, (10, 0), (4, 1), ("2008-12-15",), 1.0),
    ("Oslo Ullern", "ullern", "2006-01-09", 11, 7, (0, 0), (4, 2), (), 1.0),
    ("Oslo Søndre Nordstrand", "sondrenord", "2005-03-21", 40, 30, (17, 3), (7, 3),
     ("2008-09-01",), 1.0),
    ("Oslo Grünerløkka", "grunerl", "2005-04-11", 30, 22, (0, 0), (12, 4), (), 1.0),
    ("Oslo Nordstrand", "nordstrand", "2005-06-06", 25, 18, (0, 0), (10, 3), (), 1.0),
    ("Trondheim", "trond", "2005-03-25", 50, 23, (13, 12), (4, 6), ("2008-10-01", "2008-11-03"),
     1.6),
    ("Bergen", "bergen", "2005-04-05", 116, 76, (22, 8), (32, 14),
     ("2008-03-03", "2008-09-01", "2008-12-01"), 1.6),
    ("Bergen ungdom", "bergenu", "2006-02-06", 20, 10, (0, 0), (6, 4), (), 0.9),
    ("Fredrikstad", "fredr", "2005-05-17", 30, 14, (10, 8), (2, 4), ("2008-06-02",), 1.0),
    ("Fredrikstad somaliske menn", "fredsom", "2006-08-14", 12, 0, (0, 0), (0, 5), (), 1.0),
    ("Skien", "skien", "2005-03-14", 40, 27, (0, 0), (13, 5), (), 1.6),
    ("Bærum", "baerum", "2005-05-09", 30, 14, (0, 0), (7, 5), (), 1.6),
    ("Lørenskog", "lorensk", "2005-03-16", 20, 15, (0, 0), (8, 2), (), 1.0),
    ("Skedsmo", "skedsmo", "2005-08-22", 45, 30, (0, 0), (20, 9), (), 1.2),
    ("Drammen", "drammen", "2005-06-13", 25, 15, (0, 0), (6, 4), (), 1.0),
    ("Moss", "moss", "2005-05-23", 25, 17, (0, 0), (8, 3), (), 1.6),
    ("Stavanger", "stavanger", "2005-09-12", 20, 20, (14, 0), (3, 0), ("2008-11-03",), 1.0),
    ("Kristiansand", "krsand", "2005-05-25", 20, 12, (0, 0), (7, 4), (), 1.0),
))
PILOTS = tuple(Pilot(name, prefix, date.fromisoformat(first), n, moved, date.fromisoformat(nav))
               for name, prefix, first, n, moved, nav in (
    ("Oslo Nordre Aker", "nordreaker", "2005-05-09", 14, 10, "2007-03-01"),
    ("Oslo Sagene", "sagene", "2005-06-20", 13, 8, "2007-06-01"),
    ("Oslo Frogner", "frogner", "2005-08-29", 13, 8, "2007-09-03"),
))
PROJECT = {p.name: p for p in PROJECTS}
FIRST_INTAKE = {p.name: p.first_intake for p in (*PROJECTS, *PILOTS)}
PREFIX = {p.name: p.prefix for p in (*PROJECTS, *PILOTS)}

# The projects the report singles out, and the two whose people are of one kind.
SKEDSMO, DRAMMEN = "Skedsmo", "Drammen"
SOMALI_MEN, YOUTH = "Fredrikstad somaliske menn", "Bergen ungdom"
# Skedsmo's 29 active on 2008-12-31: 23 from its two group intakes in 2008, 5 from 2007, 1 older.
SKEDSMO_GROUP_INTAKES = (date(2008, 2, 4),) * 12 + (date(2008, 8, 18),) * 11
SKEDSMO_ACTIVE_2007, SKEDSMO_ACTIVE_OLDER = 5, 1

PRE_2008_OTHERS = 427  # with 62 incentive and 40 pilot participants: 529 ended before 2008


class Exit(NamedTuple):
    """How a participation ended: the exit fact's own fields."""
    kind: str  # completed or aborted
    outcome: str | None = None
    by: str | None = None
    reason: str | None = None

    def fields(self) -> dict:
        return {k: v for k, v in self._asdict().items() if v is not None}


def completed(outcome: str) -> Exit:
    return Exit("completed", outcome=outcome)


def aborted(by: str, reason: str) -> Exit:
    return Exit("aborted", by=by, reason=reason)


class ExitGroup(NamedTuple):
    """Exits whose mean duration the report publishes, fitted together."""
    name: str
    mean_months: float  # mean months from intake to exit the group is fitted to
    new_in_2008: int  # how many of the group started in 2008


# Derived: work or education 16.47 (women 17.3, men 15.23), completed 16.68, aborted 13.88,
# health 13.75 (women 18.3), invalid absence women 4.3 / men 8.0, the rest of the goal base
# 14.79 (1.7 months shorter than work or education).
WORK_F = ExitGroup("work or education, women", 17.30, 8)
WORK_M = ExitGroup("work or education, men", 15.23, 8)
OTHER_COMPLETED = ExitGroup("other completed", 17.275, 4)
HEALTH_F = ExitGroup("aborted for health, women", 18.30, 0)
HEALTH_M = ExitGroup("aborted for health, men", 10.027, 10)
ABSENCE_F = ExitGroup("aborted for invalid absence, women", 4.30, 6)
ABSENCE_M = ExitGroup("aborted for invalid absence, men", 8.00, 4)
OTHER_ABORTED = ExitGroup("other aborted", 15.745, 22)
EXIT_GROUPS = (WORK_F, WORK_M, OTHER_COMPLETED, HEALTH_F, HEALTH_M, ABSENCE_F, ABSENCE_M,
               OTHER_ABORTED)


class ExitSlot(NamedTuple):
    group: ExitGroup
    exit: Exit
    count: int


# Every exit of 2008 that counts towards goal attainment, by gender.
EXIT_SLOTS = {
    "F": tuple(ExitSlot(*row) for row in (
        (WORK_F, completed("full_time_job"), 32), (WORK_F, completed("part_time_job"), 15),
        (WORK_F, completed("subsidised_job"), 8), (WORK_F, completed("education"), 16),
        (OTHER_COMPLETED, completed("job_seeker"), 8), (OTHER_COMPLETED, completed("no_activity"), 6),
        (OTHER_COMPLETED, completed("course_or_measure"), 11),
        (OTHER_COMPLETED, completed("other"), 5),
        (HEALTH_F, aborted("participant", "health"), 11), (HEALTH_F, aborted("decision", "health"), 7),
        (OTHER_ABORTED, aborted("participant", "behaviour"), 2),
        (OTHER_ABORTED, aborted("decision", "behaviour"), 6),
        (ABSENCE_F, aborted("participant", "invalid_absence"), 1),
        (ABSENCE_F, aborted("decision", "invalid_absence"), 5),
        (OTHER_ABORTED, aborted("participant", "moved"), 8),
        (OTHER_ABORTED, aborted("participant", "benefits"), 4),
        (OTHER_ABORTED, aborted("decision", "disappeared"), 1),
        (OTHER_ABORTED, aborted("participant", "other"), 10),
        (OTHER_ABORTED, aborted("decision", "other"), 5))),
    "M": tuple(ExitSlot(*row) for row in (
        (WORK_M, completed("full_time_job"), 28), (WORK_M, completed("part_time_job"), 7),
        (WORK_M, completed("subsidised_job"), 7), (WORK_M, completed("education"), 6),
        (OTHER_COMPLETED, completed("job_seeker"), 5), (OTHER_COMPLETED, completed("no_activity"), 2),
        (OTHER_COMPLETED, completed("course_or_measure"), 4),
        (OTHER_COMPLETED, completed("other"), 2),
        (HEALTH_M, aborted("participant", "health"), 12), (HEALTH_M, aborted("decision", "health"), 10),
        (OTHER_ABORTED, aborted("participant", "behaviour"), 5),
        (OTHER_ABORTED, aborted("decision", "behaviour"), 9),
        (ABSENCE_M, aborted("participant", "invalid_absence"), 3),
        (ABSENCE_M, aborted("decision", "invalid_absence"), 6),
        (OTHER_ABORTED, aborted("participant", "moved"), 4),
        (OTHER_ABORTED, aborted("participant", "benefits"), 2),
        (OTHER_ABORTED, aborted("participant", "disappeared"), 2),
        (OTHER_ABORTED, aborted("participant", "other"), 4))),
}
WORK_OR_EDUCATION_GROUPS = (WORK_F, WORK_M)

TRANSFERS_NEW = 50  # of the 133 transferred to NAV, started in 2008


class YearEnd(NamedTuple):
    """The 280 active on 2008-12-31, by when they started, and their mean months."""
    new: int
    from_2007: int
    older: int
    mean_months: float


ACTIVE_AT_YEAR_END = YearEnd(new=208, from_2007=58, older=14, mean_months=10.0)
OPEN_SUSPENSIONS = 12  # of them suspended on 2008-12-31


class Incentive(NamedTuple):
    """Former participants with an employed follow-up in 2008."""
    women: int
    men: int
    at_twelve_months: int
    from_2008: int  # of them completed in early 2008
    industries: tuple[tuple[str, int], ...]


INCENTIVE = Incentive(women=38, men=46, at_twelve_months=43, from_2008=22, industries=(
    ("cleaning", 14), ("warehouse_workshop", 15), ("canteen_restaurant", 12), ("driver", 9),
    ("other", 34)))

# Country of background: SO 203, IQ 150, PK 46 and 64 others, 67 in all (of 692).
COUNTRIES_2008 = (
    ("SO", 203), ("IQ", 150), ("PK", 46), ("AF", 30), ("IR", 26), ("ER", 20), ("ET", 18),
    ("MA", 16), ("BA", 14), ("TR", 12), ("SD", 12), ("LK", 11), ("RU", 8), ("VN", 7),
    ("CD", 6), ("SY", 7), ("KE", 5), ("TH", 5), ("PH", 4), ("NG", 5), ("GM", 4), ("DZ", 4),
    ("LB", 4), ("PS", 4), ("CL", 3), ("RS", 3), ("MK", 3), ("AL", 3), ("IN", 3), ("BD", 3),
    ("CN", 2), ("UG", 2), ("RW", 2), ("BI", 2), ("LR", 2), ("SL", 2), ("GH", 2), ("CM", 2),
    ("TN", 2), ("EG", 2), ("JO", 2), ("YE", 2), ("LY", 2), ("AO", 2), ("TZ", 2), ("ZW", 2),
    ("CO", 1), ("PE", 1), ("BR", 1), ("DO", 1), ("CU", 1), ("MM", 1), ("NP", 1), ("KZ", 1),
    ("UZ", 1), ("AM", 1), ("AZ", 1), ("GE", 1), ("UA", 1), ("PL", 1), ("HR", 1), ("SN", 1),
    ("CI", 1), ("GN", 1), ("ML", 1), ("TG", 1), ("MR", 1),
)
PARTICIPANTS_2008 = sum(n for _, n in COUNTRIES_2008)  # 692
