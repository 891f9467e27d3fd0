"""The demo programme history, 2005 to 2008, that reproduces the published 2008 figures.

`generate(seed)` returns the facts of 1 221 made-up participants (901 took part in 2005-2007,
320 started in 2008) in the order they were recorded (interchange format version 1). It is
seeded and uses no data files: the same seed gives the same facts.

How it works. The published figures (docs/programme.md) are treated as a small
constraint problem, solved in this order:

1. Head counts. Every 2008 participant gets a project, a gender and a *slot*: transferred to
   NAV, still active on 2008-12-31 (new in 2008 / started in 2007 / started before 2007), or
   left with one particular exit (completed with an outcome, or aborted by someone for a
   reason). The per-project table and the global slot lists are chosen so that every count
   in the report comes out exactly (692 = 372 + 320, 449 women, 412 exits, 133 transfers,
   162 completed, 68 + 49 aborted, 119 to work or education, Skedsmo's 23/6/2/29, the
   project where 14 of 15 leavers aborted, the women's shares, ...).
2. Durations. Exits are split into groups whose means the report publishes (work or
   education by gender, other completed, health aborts by gender, invalid-absence aborts by
   gender, other aborts). Each member gets an exit date in 2008 and a sampled duration; then
   the intake dates of a group are shifted within their bounds (a carried-over participant
   must start before 2008, a new one in 2008) until the group's total of days is the one its
   published mean needs. Intakes are then snapped to weekdays, keeping the running total.
   The year-end group (280 active) is fitted to an average of 10 months the same way.
3. The incentive scheme: 84 former participants with an employed follow-up in 2008 (43 of
   them at 12 months), from 2007 and early-2008 completers.
4. Everything else is colour: participants who left before 2008 (901 took part 2005-2007),
   plans, absences, suspensions, counsellor changes (never more than 13 per counsellor, so the
   cap of 15 holds even while an exit is not yet recorded), back-dated entries and two
   corrections (a retraction and the right event).

Nothing in here knows how the statistics are computed beyond the definitions in
docs/statistics.md; the figures are checked through the real read path in
tests/test_demo_figures.py.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from domain.dates import add_months
from domain.facts import canonical

__all__ = ["generate", "PROJECTS"]

DPM = 30.4375  # days per month, statistics.md
OSLO = ZoneInfo("Europe/Oslo")
YEAR_START = date(2008, 1, 1)
YEAR_END = date(2008, 12, 31)
LAST_2007 = date(2007, 12, 31)
CAPACITY = 13  # counsellors are filled to 13, two below the cap: exits are recorded late
CAP_MARGIN = 21  # days a participation may still look active before its end is recorded

JOBS = ("full_time_job", "part_time_job", "subsidised_job")

# name, counsellor prefix, first intake, participants in 2008, women, transferred (F, M),
# active on 2008-12-31 (F, M), NAV transfer dates, weight for good results
PROJECTS = (
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
)
# Oslo pilot districts: NAV offices in 2007, all their participants gone before 2008.
PILOTS = (
    ("Oslo Nordre Aker", "nordreaker", "2005-05-09", 14, 10, "2007-03-01"),
    ("Oslo Sagene", "sagene", "2005-06-20", 13, 8, "2007-06-01"),
    ("Oslo Frogner", "frogner", "2005-08-29", 13, 8, "2007-09-03"),
)
SKEDSMO, DRAMMEN = "Skedsmo", "Drammen"
PRE_2008_OTHERS = 427  # with 62 incentive and 40 pilot participants: 529 ended before 2008

# Exits that count towards goal attainment, by gender: (group, exit fields, how many).
# G1/G2 work or education, G3 other completed, G4/G5 health, G6/G7 invalid absence, G8 other.
def _completed(outcome):
    return {"kind": "completed", "outcome": outcome}


def _aborted(by, reason):
    return {"kind": "aborted", "by": by, "reason": reason}


SLOTS = {
    "F": [("G1", _completed("full_time_job"), 32), ("G1", _completed("part_time_job"), 15),
          ("G1", _completed("subsidised_job"), 8), ("G1", _completed("education"), 16),
          ("G3", _completed("job_seeker"), 8), ("G3", _completed("no_activity"), 6),
          ("G3", _completed("course_or_measure"), 11), ("G3", _completed("other"), 5),
          ("G4", _aborted("participant", "health"), 11), ("G4", _aborted("decision", "health"), 7),
          ("G8", _aborted("participant", "behaviour"), 2), ("G8", _aborted("decision", "behaviour"), 6),
          ("G6", _aborted("participant", "invalid_absence"), 1),
          ("G6", _aborted("decision", "invalid_absence"), 5),
          ("G8", _aborted("participant", "moved"), 8), ("G8", _aborted("participant", "benefits"), 4),
          ("G8", _aborted("decision", "disappeared"), 1), ("G8", _aborted("participant", "other"), 10),
          ("G8", _aborted("decision", "other"), 5)],
    "M": [("G2", _completed("full_time_job"), 28), ("G2", _completed("part_time_job"), 7),
          ("G2", _completed("subsidised_job"), 7), ("G2", _completed("education"), 6),
          ("G3", _completed("job_seeker"), 5), ("G3", _completed("no_activity"), 2),
          ("G3", _completed("course_or_measure"), 4), ("G3", _completed("other"), 2),
          ("G5", _aborted("participant", "health"), 12), ("G5", _aborted("decision", "health"), 10),
          ("G8", _aborted("participant", "behaviour"), 5), ("G8", _aborted("decision", "behaviour"), 9),
          ("G7", _aborted("participant", "invalid_absence"), 3),
          ("G7", _aborted("decision", "invalid_absence"), 6),
          ("G8", _aborted("participant", "moved"), 4), ("G8", _aborted("participant", "benefits"), 2),
          ("G8", _aborted("participant", "disappeared"), 2), ("G8", _aborted("participant", "other"), 4)],
}
# Mean months from intake to exit that each group is fitted to, and how many of the group
# started in 2008. Derived: work or education 16.47 (F 17.3, M 15.23), completed 16.68,
# aborted 13.88, health 13.75 (F 18.3), invalid absence F 4.3 / M 8.0, the rest of the
# goal base 14.79 (1.7 months shorter than work or education).
GROUP_MEANS = {"G1": 17.30, "G2": 15.23, "G3": 17.275, "G4": 18.30, "G5": 10.027,
               "G6": 4.30, "G7": 8.00, "G8": 15.745}
GROUP_NEW = {"G1": 8, "G2": 8, "G3": 4, "G4": 0, "G5": 10, "G6": 6, "G7": 4, "G8": 22}
TRANSFERS_NEW = 50
YEAR_END_NEW, YEAR_END_2007, YEAR_END_OLD = 208, 58, 14  # 280 active on 2008-12-31
YEAR_END_MEAN = 10.0
OPEN_SUSPENSIONS = 12

INCENTIVE_INDUSTRIES = (("cleaning", 14), ("warehouse_workshop", 15), ("canteen_restaurant", 12),
                        ("driver", 9), ("other", 34))
INCENTIVE_WOMEN, INCENTIVE_MEN, INCENTIVE_TWELVE = 38, 46, 43
INCENTIVE_FROM_2008 = 22

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

CASEWORKERS = (
    "kari", "ola", "amina", "jonas", "fatima", "ingrid", "hassan", "silje", "mohammed", "marte",
    "lars", "nora", "ahmed", "hilde", "tore", "leila", "anders", "sara", "erik", "zainab",
    "kristin", "yusuf", "tone", "bjorn", "maryam", "eirik", "hanne", "omar", "liv", "idris",
    "astrid", "khadija", "per", "randi", "samira", "knut", "grete", "ali", "solveig", "nasra",
    "trond", "aisha", "geir", "berit", "farah", "odd", "wenche", "abdi", "turid", "ibrahim",
)
NOTES_VALID = ("sick child", "doctor's appointment", "sick", "meeting at NAV", "dentist")
NOTES_INVALID = ("no show", "did not call in", "left early without notice", "travelled abroad")


@dataclass(eq=False)
class Person:
    project: str
    gender: str
    slot: str  # transfer, active, exit, pre
    group: str = ""
    exit: dict | None = None
    new: bool = False
    fixed: bool = False
    intake: date | None = None
    end: date | None = None  # exit or transfer date
    transfer: bool = False
    lo: date | None = None  # bounds for the intake date when a group is fitted
    hi: date | None = None
    country: str = ""
    birth_year: int = 0
    follow_ups: list = field(default_factory=list)  # (months, date, employed, industry)
    suspensions: list = field(default_factory=list)  # [start, end or None, reason]
    open_suspension: bool = False
    change: date | None = None
    periods: list = field(default_factory=list)  # [(counsellor, start)]
    correction: str = ""
    pid: str = ""


def generate(seed: int = 2008) -> list[dict]:
    """The demo history as facts in recording order."""
    return _Generator(seed).run()


HOLIDAYS = {(1, 1), (5, 1), (5, 17), (12, 24), (12, 25), (12, 26), (12, 31)}


def _workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def _weekday(day: date, forward: bool = True) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1 if forward else -1)
    return day


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.projects = {p[0]: p for p in PROJECTS}
        self.start = {p[0]: date.fromisoformat(p[2]) for p in PROJECTS}
        self.start.update({p[0]: date.fromisoformat(p[2]) for p in PILOTS})
        self.slug = {p[0]: p[1] for p in PROJECTS}
        self.slug.update({p[0]: p[1] for p in PILOTS})
        names = list(CASEWORKERS)
        self.rng.shuffle(names)
        self.caseworkers = {}
        for i, name in enumerate([*self.slug]):
            self.caseworkers[name] = names[(2 * i) % len(names):(2 * i) % len(names) + 2]
        self.people: list[Person] = []

    # -- helpers -------------------------------------------------------------------------

    def day_between(self, lo: date, hi: date) -> date:
        if hi < lo:
            hi = lo
        return lo + timedelta(days=self.rng.randint(0, (hi - lo).days))

    def weekday_between(self, lo: date, hi: date) -> date:
        day = self.day_between(lo, hi)
        back = _weekday(day, forward=False)
        return back if back >= lo else _weekday(day)

    def take(self, slots: list, n: int, test) -> list:
        """Remove n random slots that pass the test."""
        chosen = []
        for _ in range(n):
            matching = [i for i, s in enumerate(slots) if test(s)]
            chosen.append(slots.pop(self.rng.choice(matching)))
        return chosen

    # -- 1. head counts ----------------------------------------------------------------

    def build_2008(self) -> None:
        rng = self.rng
        slots = {g: [(grp, dict(ex)) for grp, ex, n in SLOTS[g] for _ in range(n)] for g in "FM"}
        for g in "FM":
            rng.shuffle(slots[g])
        goal_tokens = {"F": [], "M": []}
        for name, _, _, size, women, (tr_f, tr_m), (rem_f, rem_m), nav, quality in PROJECTS:
            men = size - women
            for gender, total, tr, rem in (("F", women, tr_f, rem_f), ("M", men, tr_m, rem_m)):
                for _ in range(tr):
                    self.people.append(Person(name, gender, "transfer", group="G9", transfer=True))
                for _ in range(rem):
                    self.people.append(Person(name, gender, "active"))
                for _ in range(total - tr - rem):
                    person = Person(name, gender, "exit")
                    self.people.append(person)
                    goal_tokens[gender].append(person)

        def is_job(s):
            return s[1].get("outcome") in JOBS

        def give(people, chosen):
            for person, (grp, ex) in zip(people, chosen):
                person.group, person.exit = grp, ex

        special = {}
        for gender in "FM":
            special[gender] = {p: [x for x in goal_tokens[gender] if x.project == p]
                               for p in (SKEDSMO, DRAMMEN)}
        # Skedsmo: six to work and two to education; nobody who started in 2008 left.
        fs, ms = special["F"][SKEDSMO], special["M"][SKEDSMO]
        give(fs, [*self.take(slots["F"], 4, lambda s: s[0] == "G1" and is_job(s)),
                  *self.take(slots["F"], 2, lambda s: s[1].get("outcome") == "education"),
                  *self.take(slots["F"], 2, lambda s: s[0] == "G3"),
                  *self.take(slots["F"], len(fs) - 8,
                             lambda s: s[1]["kind"] == "aborted" and s[0] != "G6")])
        give(ms, [*self.take(slots["M"], 2, lambda s: s[0] == "G2" and is_job(s)),
                  *self.take(slots["M"], 1, lambda s: s[0] == "G3"),
                  *self.take(slots["M"], len(ms) - 3,
                             lambda s: s[1]["kind"] == "aborted" and s[0] != "G7")])
        # Drammen: 14 of its 15 leavers aborted.
        fd, md = special["F"][DRAMMEN], special["M"][DRAMMEN]
        give(fd, [*self.take(slots["F"], 1, lambda s: s[1].get("outcome") == "full_time_job"),
                  *self.take(slots["F"], len(fd) - 1, lambda s: s[1]["kind"] == "aborted")])
        give(md, self.take(slots["M"], len(md), lambda s: s[1]["kind"] == "aborted"))
        # Everyone else: projects with good results draw work or education more often.
        rank = {"G1": 0, "G2": 0, "G3": 1}
        for gender in "FM":
            rest = [p for p in goal_tokens[gender] if p.project not in (SKEDSMO, DRAMMEN)]
            keyed = sorted(rest, key=lambda p: -rng.random() ** (1 / self.projects[p.project][8]))
            ordered = sorted(slots[gender], key=lambda s: rank.get(s[0], 2))
            assert len(keyed) == len(ordered)
            give(keyed, ordered)
        # Who of them started in 2008.
        goal = [p for p in self.people if p.slot == "exit"]
        for grp, n in GROUP_NEW.items():
            members = [p for p in goal if p.group == grp and p.project != SKEDSMO]
            for p in rng.sample(members, n):
                p.new = True
        transfers = [p for p in self.people if p.transfer]
        self.nav_dates(transfers)
        weights = {p: max(0, (p.end - YEAR_START).days - 60) for p in transfers}
        pool = list(transfers)
        for _ in range(TRANSFERS_NEW):
            pick = rng.choices(pool, weights=[weights[p] for p in pool])[0]
            pick.new = True
            pool.remove(pick)
        # Who is still there on 2008-12-31.
        active = [p for p in self.people if p.slot == "active"]
        sk = [p for p in active if p.project == SKEDSMO]
        rng.shuffle(sk)
        kinds = ["R_new"] * 23 + ["R_2007"] * 5 + ["R_old"]
        assert len(sk) == len(kinds)
        for p, k in zip(sk, kinds):
            p.group = k
        others = [p for p in active if p.project != SKEDSMO]
        rng.shuffle(others)
        old_ok = [p for p in others if self.start[p.project] < date(2006, 1, 1)]
        for p in old_ok[:YEAR_END_OLD - 1]:
            p.group = "R_old"
        rest = [p for p in others if not p.group]
        for i, p in enumerate(rest):
            p.group = "R_new" if i < YEAR_END_NEW - 23 else "R_2007"
        for p in active:
            p.new = p.group == "R_new"

    def nav_dates(self, transfers: list) -> None:
        by_project: dict[str, list] = {}
        for p in transfers:
            by_project.setdefault(p.project, []).append(p)
        for name, members in by_project.items():
            dates = [date.fromisoformat(d) for d in self.projects[name][7]]
            self.rng.shuffle(members)
            for i, p in enumerate(members):
                p.end = dates[i * len(dates) // len(members)]

    # -- 2. durations ------------------------------------------------------------------

    def dates_2008(self) -> None:
        rng = self.rng
        goal = [p for p in self.people if p.slot == "exit"]
        for grp, mean in GROUP_MEANS.items():
            members = [p for p in goal if p.group == grp]
            n_new = sum(p.new for p in members)
            n_old = len(members) - n_new
            mean_old = (mean * len(members) - n_new * 4.0) / n_old if n_old else 0
            for p in members:
                pstart = self.start[p.project]
                if p.new:
                    p.end = self.weekday_between(date(2008, 3, 3), date(2008, 12, 19))
                    days = rng.randint(40, (p.end - date(2008, 1, 2)).days)
                    p.intake = p.end - timedelta(days=days)
                    p.lo, p.hi = date(2008, 1, 2), p.end - timedelta(days=30)
                else:
                    months = min(38.0, max(1.5, rng.gauss(mean_old, 0.3 * mean_old)))
                    days = round(months * DPM)
                    days = min(days, (date(2008, 12, 19) - pstart).days - 10)
                    lo = max(date(2008, 1, 7), pstart + timedelta(days=days))
                    hi = min(date(2008, 12, 19), LAST_2007 + timedelta(days=days))
                    p.end = self.weekday_between(lo, hi)
                    p.intake = p.end - timedelta(days=days)
                    p.lo = max(pstart, p.end - timedelta(days=1200))
                    p.hi = min(LAST_2007, p.end - timedelta(days=30))
            self.fit(members, round(mean * DPM * len(members)))
        for p in self.people:
            if p.transfer:
                pstart = self.start[p.project]
                if p.new:
                    p.intake = self.weekday_between(date(2008, 1, 2), p.end - timedelta(days=45))
                else:
                    lo = max(pstart, p.end - timedelta(days=1000))
                    p.intake = self.weekday_between(max(lo, LAST_2007 - timedelta(days=rng.randint(60, 800))),
                                                    LAST_2007)
        active = [p for p in self.people if p.slot == "active"]
        group_dates = [date(2008, 2, 4)] * 12 + [date(2008, 8, 18)] * 11  # Skedsmo's group intakes
        for p in active:
            pstart = self.start[p.project]
            if p.group == "R_new" and p.project == SKEDSMO:
                p.intake, p.fixed = group_dates.pop(), True
                continue
            if p.group == "R_new":
                p.lo, p.hi = date(2008, 1, 2), date(2008, 12, 15)
            elif p.group == "R_2007":
                p.lo, p.hi = date(2007, 1, 2), LAST_2007
            else:
                p.lo, p.hi = max(pstart, date(2005, 9, 1)), date(2006, 12, 31)
            p.intake = self.weekday_between(p.lo, p.hi)
            p.end = None
        fixed = sum((YEAR_END - p.intake).days for p in active if p.fixed)
        target = round(YEAR_END_MEAN * DPM * len(active)) - fixed
        loose = [p for p in active if not p.fixed]
        for p in loose:
            p.end = YEAR_END  # only while fitting
        self.fit(loose, target)
        for p in loose:
            p.end = None

    def fit(self, members: list, target: int) -> None:
        """Shift intakes within [lo, hi] until the days from intake to end add up to target."""
        diff = target - sum((p.end - p.intake).days for p in members)
        for _ in range(400):
            if diff == 0:
                break
            if diff > 0:  # longer: earlier intakes
                movable = [p for p in members if p.intake > p.lo]
            else:
                movable = [p for p in members if p.intake < p.hi]
            if not movable:
                raise AssertionError("cannot fit the group's mean")
            step = max(1, abs(diff) // len(movable))
            for p in movable:
                if diff == 0:
                    break
                move = min(step, abs(diff))
                before = p.intake
                if diff > 0:
                    p.intake = max(p.lo, p.intake - timedelta(days=move))
                else:
                    p.intake = min(p.hi, p.intake + timedelta(days=move))
                diff -= (before - p.intake).days
        if diff:
            raise AssertionError("cannot fit the group's mean")
        # intakes on weekdays, keeping the running total as near the target as can be
        residual = 0
        for p in members:
            if p.intake.weekday() < 5:
                continue
            back = p.intake - timedelta(days=p.intake.weekday() - 4)
            fwd = p.intake + timedelta(days=7 - p.intake.weekday())
            options = [d for d in (back, fwd) if p.lo <= d <= p.hi] or [back]
            best = min(options, key=lambda d: abs(residual + (p.intake - d).days))
            residual += (p.intake - best).days
            p.intake = best

    # -- 3. the incentive scheme -----------------------------------------------------

    def incentive(self) -> None:
        rng = self.rng
        industries = [i for i, n in INCENTIVE_INDUSTRIES for _ in range(n)]
        rng.shuffle(industries)
        early = [p for p in self.people if p.slot == "exit" and p.exit["kind"] == "completed"
                 and p.exit["outcome"] in JOBS and p.end <= date(2008, 6, 13)]
        rng.shuffle(early)
        paid = early[:INCENTIVE_FROM_2008]
        for p in paid:
            due = add_months(p.end, 6)
            p.follow_ups.append((6, min(YEAR_END, _weekday(due + timedelta(days=rng.randint(0, 14)))),
                                 True, industries.pop()))
        for p in early[INCENTIVE_FROM_2008:INCENTIVE_FROM_2008 + 8]:
            due = add_months(p.end, 6)
            p.follow_ups.append((6, min(YEAR_END, _weekday(due + timedelta(days=rng.randint(0, 14)))),
                                 False, None))
        women = INCENTIVE_WOMEN - sum(p.gender == "F" for p in paid)
        men = INCENTIVE_MEN - sum(p.gender == "M" for p in paid)
        genders = ["F"] * women + ["M"] * men
        rng.shuffle(genders)
        n_six = len(genders) - INCENTIVE_TWELVE
        big = [p[0] for p in PROJECTS if p[0] not in ("Fredrikstad somaliske menn",)]
        for i, gender in enumerate(genders):
            twelve = i >= n_six
            project = rng.choice(big if gender == "F" else [*big, "Fredrikstad somaliske menn"])
            if self.projects[project][4] == 0 and gender == "F":
                project = "Bergen"
            p = Person(project, gender, "pre", group="incentive")
            if twelve:
                p.end = self.weekday_between(date(2007, 1, 8), date(2007, 11, 16))
            else:
                p.end = self.weekday_between(date(2007, 7, 2), date(2007, 12, 14))
            months = rng.uniform(9, 24)
            p.intake = _weekday(max(self.start[project] + timedelta(days=3),
                                    p.end - timedelta(days=round(months * DPM))))
            p.exit = _completed(rng.choice(("full_time_job",) * 4 + ("part_time_job", "subsidised_job")))
            industry = industries.pop()
            six = _weekday(add_months(p.end, 6) + timedelta(days=rng.randint(0, 20)))
            if twelve:
                p.follow_ups.append((6, six, True, industry if rng.random() < 0.8 else None))
                twelve_day = _weekday(add_months(p.end, 12) + timedelta(days=rng.randint(0, 20)))
                p.follow_ups.append((12, min(YEAR_END, twelve_day), True, industry))
            else:
                p.follow_ups.append((6, six, True, industry))
                twelve_day = _weekday(add_months(p.end, 12) + timedelta(days=rng.randint(0, 20)))
                if twelve_day <= date(2008, 12, 19) and rng.random() < 0.7:
                    p.follow_ups.append((12, twelve_day, False, None))
            self.people.append(p)
        assert not industries

    # -- 4. the years before -----------------------------------------------------------

    def before_2008(self) -> None:
        rng = self.rng
        sizes = {p[0]: p[3] for p in PROJECTS}
        total = sum(sizes.values())
        shares = {name: PRE_2008_OTHERS * size / total for name, size in sizes.items()}
        counts = {name: int(share) for name, share in shares.items()}
        short = PRE_2008_OTHERS - sum(counts.values())
        for name in sorted(shares, key=lambda n: counts[n] - shares[n])[:short]:
            counts[name] += 1
        for name, n in counts.items():
            women = self.projects[name][4] / sizes[name]
            for _ in range(n):
                gender = "F" if rng.random() < max(0.0, women - 0.05) else "M"
                p = Person(name, gender, "pre")
                self.ended_before(p, self.start[name], date(2007, 12, 19))
                self.people.append(p)
        for name, _, start, n, moved, nav in PILOTS:
            nav_day = date.fromisoformat(nav)
            for i in range(n):
                p = Person(name, "F" if rng.random() < 0.6 else "M", "pre")
                if i < moved:
                    p.intake = self.weekday_between(date.fromisoformat(start), nav_day - timedelta(days=120))
                    p.end, p.transfer = nav_day, True
                else:
                    self.ended_before(p, date.fromisoformat(start), nav_day - timedelta(days=10))
                self.people.append(p)

    def ended_before(self, p: Person, first: date, last: date) -> None:
        rng = self.rng
        p.intake = self.weekday_between(first, min(last - timedelta(days=60), date(2007, 9, 28)))
        months = rng.uniform(2, 24)
        p.end = min(last, _weekday(p.intake + timedelta(days=round(months * DPM))))
        if p.end.weekday() >= 5:
            p.end = _weekday(p.end, forward=False)
        if rng.random() < 0.5:
            if rng.random() < 0.68:
                outcome = rng.choice(("full_time_job",) * 5 + ("part_time_job",) * 2
                                     + ("subsidised_job", "education", "education"))
            else:
                outcome = rng.choice(("job_seeker", "no_activity", "course_or_measure",
                                      "course_or_measure", "other"))
            p.exit = _completed(outcome)
            if outcome in JOBS:
                for months_after in (6, 12):
                    when = _weekday(add_months(p.end, months_after) + timedelta(days=rng.randint(0, 25)))
                    if when <= date(2007, 12, 28) and rng.random() < 0.6:
                        employed = rng.random() < 0.75
                        industry = rng.choice([i for i, _ in INCENTIVE_INDUSTRIES]) if employed else None
                        p.follow_ups.append((months_after, when, employed, industry))
        else:
            reason = rng.choices(("health", "behaviour", "invalid_absence", "moved", "benefits",
                                  "disappeared", "other"), weights=(30, 18, 12, 10, 6, 3, 15))[0]
            by = "decision" if reason in ("behaviour", "invalid_absence") and rng.random() < 0.7 else (
                "participant" if rng.random() < 0.65 else "decision")
            p.exit = _aborted(by, reason)
        p.group = "pre"

    # -- people: who they are --------------------------------------------------------

    def personal(self) -> None:
        rng = self.rng
        pool = [c for c, n in COUNTRIES_2008 for _ in range(n)]
        in_2008 = [p for p in self.people if p.slot in ("exit", "transfer", "active")]
        assert len(in_2008) == len(pool) == 692
        somali_men = [p for p in in_2008 if p.project == "Fredrikstad somaliske menn"]
        for p in somali_men:
            p.country = "SO"
            pool.remove("SO")
        rng.shuffle(pool)
        for p in in_2008:
            if not p.country:
                p.country = pool.pop()
        codes = [c for c, _ in COUNTRIES_2008]
        weights = [n for _, n in COUNTRIES_2008]
        for p in self.people:
            if not p.country:
                somali = p.project == "Fredrikstad somaliske menn"
                p.country = "SO" if somali else rng.choices(codes, weights)[0]
            if p.project == "Bergen ungdom":
                p.birth_year = p.intake.year - rng.randint(18, 24)
            else:
                p.birth_year = p.intake.year - min(62, max(22, round(rng.gauss(38, 8))))

    # -- the life of a participation -------------------------------------------------

    def lives(self) -> None:
        rng = self.rng
        active = [p for p in self.people if p.slot == "active" and p.intake < date(2008, 8, 1)
                  and p.group != "R_old"]
        for p in rng.sample(active, OPEN_SUSPENSIONS):
            p.open_suspension = True
        for p in self.people:
            last = (p.end or YEAR_END) - timedelta(days=10)
            first = p.intake + timedelta(days=30)
            reason_parental = p.gender == "F" and p.intake.year - p.birth_year < 42
            if p.open_suspension:
                start = self.weekday_between(max(first, date(2008, 8, 1)), date(2008, 12, 19))
                p.suspensions.append([start, None, "parental_leave" if reason_parental else "sick_leave"])
                last = start - timedelta(days=10)
            elif p.group == "R_old" or (last - first).days > 300 and rng.random() < 0.25:
                span = rng.randint(120, 300) if p.group == "R_old" else rng.randint(20, 200)
                if (last - first).days > span + 20:
                    start = self.weekday_between(first, last - timedelta(days=span + 5))
                    end = _weekday(start + timedelta(days=span))
                    if end < last:
                        reason = "parental_leave" if reason_parental and rng.random() < 0.6 else (
                            "sick_leave" if rng.random() < 0.8 else "other")
                        p.suspensions.append([start, end, reason])
            span_days = ((p.end or YEAR_END) - p.intake).days
            if span_days > 240 and rng.random() < 0.1:
                p.change = self.weekday_between(p.intake + timedelta(days=60),
                                                (p.end or YEAR_END) - timedelta(days=30))

    # -- counsellors ----------------------------------------------------------------

    def counsellors(self) -> None:
        team: dict[str, list[str]] = {}
        load: dict[str, list] = {}  # counsellor -> [[end_ext, person]]
        steps = [(p.intake, 0, i, p) for i, p in enumerate(self.people)]
        steps += [(p.change, 1, i, p) for i, p in enumerate(self.people) if p.change]
        steps.sort(key=lambda s: s[:3])
        far = date(2100, 1, 1)

        def count(c, day):
            load[c] = [e for e in load[c] if e[0] > day]
            return len(load[c])

        for day, kind, _, p in steps:
            names = team.setdefault(p.project, [])
            current = p.periods[-1][0] if p.periods else None
            free = [(count(c, day), i, c) for i, c in enumerate(names)
                    if c != current and count(c, day) < CAPACITY]
            if free:
                chosen = min(free)[2]
            else:
                chosen = f"{self.slug[p.project]}{len(names) + 1}"
                names.append(chosen)
                load[chosen] = []
            end_ext = (p.end + timedelta(days=CAP_MARGIN)) if p.end else far
            if current:
                for entry in load[current]:
                    if entry[1] is p:
                        entry[0] = day + timedelta(days=CAP_MARGIN)
            load[chosen].append([end_ext, p])
            p.periods.append((chosen, day))

    # -- facts ------------------------------------------------------------------------

    def stamp(self, day: date, lag: int) -> datetime:
        moment = time(self.rng.randint(8, 15), self.rng.randint(0, 59))
        return datetime.combine(day + timedelta(days=lag), moment, tzinfo=OSLO)

    def lag(self, kind: str) -> int:
        r = self.rng.random()
        if kind == "intake":
            return 0 if r < 0.6 else (self.rng.randint(1, 3) if r < 0.96 else self.rng.randint(7, 16))
        if kind in ("plan", "absence"):
            return self.rng.randint(0, 4) if r < 0.93 else self.rng.randint(10, 30)
        if kind in ("exit", "transfer_to_nav"):
            return self.rng.randint(0, 3) if r < 0.95 else self.rng.randint(6, 12)
        if kind == "follow_up":
            return self.rng.randint(0, 10)
        return self.rng.randint(0, 2)

    def facts_of(self, p: Person, index: int) -> list:
        """[(recorded_at, order, fact, retracts)] for one participant."""
        rng = self.rng
        end = p.end or YEAR_END + timedelta(days=1)
        events = []  # (date, rank, fact, structural)
        intake = {"type": "intake", "participant": p.pid, "date": p.intake.isoformat(),
                  "project": p.project, "counsellor": p.periods[0][0], "gender": p.gender,
                  "country": p.country, "birth_year": p.birth_year}
        resident = p.intake - timedelta(days=rng.randint(745, 5500))
        assistance_lo = max(resident, p.intake - timedelta(days=3000))
        assistance = self.day_between(assistance_lo, p.intake - timedelta(days=190))
        intake["resident_since"] = resident.isoformat()
        intake["assistance_since"] = assistance.isoformat()
        r = rng.random()
        if r < 0.3:
            intake["intro_programme"] = "none"
        elif r < 0.4 and resident.year >= 2003:
            intake["intro_programme"] = "completed"
        events.append((p.intake, 0, intake, True))
        suspended = [(s, e or YEAR_END) for s, e, _ in p.suspensions]

        def free(day):
            return p.intake < day < end and day <= YEAR_END and not any(s <= day <= e for s, e in suspended)

        for s, e, reason in p.suspensions:
            events.append((s, 1, {"type": "suspension", "participant": p.pid, "date": s.isoformat(),
                                  "reason": reason}, True))
            if e:
                events.append((e, 1, {"type": "resumption", "participant": p.pid, "date": e.isoformat()},
                               True))
        for counsellor, day in p.periods[1:]:
            events.append((day, 1, {"type": "counsellor_change", "participant": p.pid,
                                    "date": day.isoformat(), "counsellor": counsellor}, True))
        goal = None
        if p.exit and p.exit.get("outcome") in (*JOBS, "education"):
            goal = "education" if p.exit["outcome"] == "education" else "work"
        elif rng.random() < 0.5:
            goal = rng.choice(("work", "work", "work", "education"))
        plan_day = p.intake + timedelta(days=rng.randint(7, 45))
        for k in range(2):
            if not free(plan_day):
                plan_day = _weekday(plan_day + timedelta(days=1))
                if not free(plan_day):
                    break
            measures = ["norwegian"] if rng.random() < 0.8 else []
            extra = ["work_practice", "social_orientation", "conversation_group", "physical_training",
                     "diet_guidance", "job_search", "education", "other"]
            if k == 1:
                measures = ["work_practice", "job_search"]
            measures += [m for m in rng.sample(extra, rng.randint(1, 3)) if m not in measures]
            plan = {"type": "plan", "participant": p.pid, "date": plan_day.isoformat(), "measures": measures}
            if goal:
                plan["goal"] = goal
            events.append((plan_day, 2, plan, False))
            plan_day = p.intake + timedelta(days=rng.randint(180, 320))
            if (end - p.intake).days < 400 or rng.random() < 0.6:
                break
        days_in = (min(end, YEAR_END) - p.intake).days
        for _ in range(int(days_in / 45 * rng.random() * 1.5)):
            day = p.intake + timedelta(days=rng.randint(1, max(1, days_in - 1)))
            if not free(day) or not _workday(day):
                continue
            valid = rng.random() < 0.85
            absence = {"type": "absence", "participant": p.pid, "date": day.isoformat(),
                       "days": rng.choice((0.5, 1, 1, 1, 2, 2, 3, 5, 10)), "valid": valid}
            if rng.random() < 0.3:
                absence["note"] = rng.choice(NOTES_VALID if valid else NOTES_INVALID)
            events.append((day, 2, absence, False))
        if p.correction == "absence":
            day = _weekday(p.intake + timedelta(days=100))
            while not free(day) or not _workday(day):
                day += timedelta(days=1)
            events.append((day, 2, {"type": "absence", "participant": p.pid, "date": day.isoformat(),
                                    "days": 3, "valid": True}, False))
        if p.exit and p.exit.get("reason") == "invalid_absence":
            for _ in range(rng.randint(3, 6)):
                day = end - timedelta(days=rng.randint(1, min(100, days_in - 1)))
                if free(day) and _workday(day):
                    events.append((day, 2, {"type": "absence", "participant": p.pid, "date": day.isoformat(),
                                            "days": rng.choice((2, 3, 5, 5, 10)), "valid": False,
                                            "note": rng.choice(NOTES_INVALID)}, False))
        if p.end:
            if p.transfer:
                ending = {"type": "transfer_to_nav", "participant": p.pid, "date": p.end.isoformat()}
                if rng.random() < 0.5:
                    ending["programme"] = "kvalifiseringsprogram"
            else:
                ending = {"type": "exit", "participant": p.pid, "date": p.end.isoformat(), **p.exit}
            events.append((p.end, 3, ending, True))
        for months, day, employed, industry in sorted(p.follow_ups, key=lambda f: f[1]):
            follow = {"type": "follow_up", "participant": p.pid, "date": day.isoformat(),
                      "months": months, "employed": employed}
            if industry and (industry != "other" or rng.random() < 0.5):
                follow["industry"] = industry
            events.append((day, 4, follow, True))
        events.sort(key=lambda e: (e[0], e[1]))

        out = []
        last_structural = None
        who = self.caseworkers[p.project]
        for day, _, fact, structural in events:
            when = self.stamp(day, self.lag(fact["type"]))
            if last_structural is not None and when <= last_structural:
                when = last_structural + timedelta(minutes=rng.randint(1, 30))
            fact["recorded_by"] = rng.choice(who)
            out.append([when, fact, None])
            if structural:
                last_structural = max(when, last_structural or when)
        # the corrections: a retraction and the right event, a few days later
        if p.correction == "exit":
            wrong = next(o for o in out if o[1]["type"] == "exit")
            right = dict(wrong[1])
            wrong[1]["outcome"] = "part_time_job" if right["outcome"] != "part_time_job" else "full_time_job"
            later = max(o[0] for o in out) + timedelta(days=2, minutes=17)
            out.append([later, {"type": "retraction", "participant": p.pid, "date": later.date().isoformat(),
                                "reason": "wrong outcome: the job is " + right["outcome"].replace("_", " "),
                                "recorded_by": wrong[1]["recorded_by"]}, wrong[1]])
            right["recorded_by"] = wrong[1]["recorded_by"]
            out.append([later + timedelta(minutes=3), right, None])
        elif p.correction == "absence":
            wrong = [o for o in out if o[1]["type"] == "absence" and o[1]["valid"]][-1]
            right = dict(wrong[1])
            right["valid"] = False
            right["note"] = "no show; not an agreed absence"
            later = max(o[0] for o in out) + timedelta(days=1, minutes=5)
            out.append([later, {"type": "retraction", "participant": p.pid, "date": later.date().isoformat(),
                                "reason": "registered as valid by mistake",
                                "recorded_by": wrong[1]["recorded_by"]}, wrong[1]])
            out.append([later + timedelta(minutes=2), right, None])
        return [(when, index, k, fact, target) for k, (when, fact, target) in enumerate(out)]

    def corrections(self) -> None:
        rng = self.rng
        exits = [p for p in self.people if p.group == "G1" and p.exit["outcome"] == "full_time_job"
                 and date(2008, 9, 1) <= p.end <= date(2008, 11, 28) and not p.follow_ups]
        rng.choice(exits).correction = "exit"
        absent = [p for p in self.people if p.slot == "active" and p.group == "R_2007" and not p.suspensions]
        rng.choice(absent).correction = "absence"

    def run(self) -> list[dict]:
        self.build_2008()
        self.dates_2008()
        self.incentive()
        self.before_2008()
        self.people.sort(key=lambda p: (p.intake, p.project))
        for i, p in enumerate(self.people, start=1):
            p.pid = f"p{i:05d}"
        self.personal()
        self.lives()
        self.counsellors()
        self.corrections()
        rows = []
        for i, p in enumerate(self.people):
            rows.extend(self.facts_of(p, i))
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
