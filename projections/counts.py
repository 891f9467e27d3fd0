"""Every count of `stats YEAR` as the set of participations it counts, each defined once.

A count figure is the size of a set: one of `SETS` (the set it narrows and the test that
narrows it, both asked of `domain.periods` and `domain.groups`), optionally split by a key of
`KEYS` (gender, country, project, ...). `FIGURES` names each count's dotted path in the stats
JSON (`*` stands for a key) with its set and key. `figures.stats` takes every count through
`Counts.tally` and `nysjanse explain` lists the same set through `Counts.members`, so a figure
and the participants behind it cannot disagree.

Pure functions over `participations.Participation` rows (those in force at one knowledge time,
narrowed by `figures.year_filter`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from domain import groups, periods
from domain.dates import months_between
from domain.facts import ABORT_REASONS, GENDERS, INDUSTRIES, OUTCOMES

from .participations import Participation

# -- tests a participation passes, shared with `status` ----------------------------------------

def work_or_education(r: Participation) -> bool:
    return groups.work_or_education(r.end_kind, r.outcome)


def over_24_months(r: Participation, day: str) -> bool:
    """In the programme longer than two years on that day (counted from the intake)."""
    return groups.over_two_years(months_between(r.intake_date, day))


def employed_follow_ups(r: Participation, year: int) -> list:
    """The employed follow-ups dated in the year, in effective order (the incentive)."""
    if r.last_follow_up is None or r.last_follow_up < periods.first_day(year):
        return []
    return [u for u in r.follow_ups if periods.in_year(u[0], year) and u[2]]


def latest_industry(r: Participation, year: int) -> str:
    """The industry of the latest employed follow-up dated in the year; `other` when it names
    none. The latest by date; on one date, the later recorded."""
    employed = employed_follow_ups(r, year)
    latest = employed[0]
    for u in employed[1:]:
        if u[0] >= latest[0]:
            latest = u
    return latest[3] or "other"


# -- the sets ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Set:
    within: str | None  # the set it narrows; None: every row read for the year
    test: Callable[[Participation, int], bool]


SETS: dict[str, Set] = {
    "participants": Set(None, lambda r, y: r.participant_in(y)),
    "carried_over": Set("participants", lambda r, y: not periods.new_in(r.intake_date, y)),
    "new": Set("participants", lambda r, y: periods.new_in(r.intake_date, y)),
    "exits": Set("participants", lambda r, y: periods.ended_in(r.end_date, y)),
    "remaining": Set("participants", lambda r, y: not periods.ended_in(r.end_date, y)),
    "transfers": Set("exits", lambda r, y: r.end_type == "transfer_to_nav"),
    "goal_base": Set("exits", lambda r, y: r.end_type == "exit"),
    "completed": Set("goal_base", lambda r, y: r.end_kind == "completed"),
    "aborted": Set("goal_base", lambda r, y: r.end_kind == "aborted"),
    "work_or_education": Set("goal_base", lambda r, y: work_or_education(r)),
    "not_work_or_education": Set("goal_base", lambda r, y: not work_or_education(r)),
    "year_end": Set("participants", lambda r, y: r.active_on(periods.last_day(y))),
    "year_end_suspended": Set("year_end", lambda r, y: r.suspended_on(periods.last_day(y))),
    "year_end_long": Set("year_end", lambda r, y: over_24_months(r, periods.last_day(y))),
    "incentive": Set(None, lambda r, y: bool(employed_follow_ups(r, y))),
    "twelve_months": Set("incentive",
                         lambda r, y: any(u[1] == 12 for u in employed_follow_ups(r, y))),
}


@dataclass(frozen=True)
class Key:
    of: Callable[[Participation, int], str]
    values: tuple = ()  # an enumeration: every value is listed, 0 where none
    among: str | None = None  # the keys listed: those occurring in this set (None: the one counted)


KEYS: dict[str, Key] = {
    "gender": Key(lambda r, y: r.gender, GENDERS),
    "country": Key(lambda r, y: r.country),
    "project": Key(lambda r, y: r.project, among="participants"),
    "exit_type": Key(lambda r, y: groups.exit_type(r.end_type, r.end_kind, r.aborted_by),
                     groups.EXIT_TYPES),
    "outcome": Key(lambda r, y: r.outcome, OUTCOMES),
    "abort_reason": Key(lambda r, y: r.abort_reason, ABORT_REASONS),
    "industry": Key(latest_industry, INDUSTRIES),
}

# Every count of the stats JSON: its path (`*` a key, which may hold dots: the parts before
# and after it decide), its set and the key it is split by.
FIGURES: dict[str, tuple[str, str | None]] = {
    "participants": ("participants", None),
    "carried_over": ("carried_over", None),
    "new": ("new", None),
    "by_gender.*": ("participants", "gender"),
    "by_country.*": ("participants", "country"),
    "exits": ("exits", None),
    "exits_by_gender.*": ("exits", "gender"),
    "remaining": ("remaining", None),
    "exit_types.*": ("exits", "exit_type"),
    "transferred_by_gender.*": ("transfers", "gender"),
    "goal_base": ("goal_base", None),
    "work_or_education": ("work_or_education", None),
    "work_or_education_by_gender.*.count": ("work_or_education", "gender"),
    "work_or_education_by_gender.*.base": ("goal_base", "gender"),
    "outcomes.*": ("completed", "outcome"),
    "abort_reasons.*": ("aborted", "abort_reason"),
    "year_end.active": ("year_end", None),
    "year_end.suspended": ("year_end_suspended", None),
    "year_end.over_24_months": ("year_end_long", None),
    "projects.*.participants": ("participants", "project"),
    "projects.*.new": ("new", "project"),
    "projects.*.carried_over": ("carried_over", "project"),
    "projects.*.exits": ("exits", "project"),
    "projects.*.completed": ("completed", "project"),
    "projects.*.aborted": ("aborted", "project"),
    "projects.*.transferred_to_nav": ("transfers", "project"),
    "projects.*.goal_base": ("goal_base", "project"),
    "projects.*.work_or_education": ("work_or_education", "project"),
    "incentive.participants": ("incentive", None),
    "incentive.by_gender.*": ("incentive", "gender"),
    "incentive.twelve_months": ("twelve_months", None),
    "incentive.by_industry.*": ("incentive", "industry"),
}


class NotACount(ValueError):
    """A path that names no count of participations in the stats JSON."""


def resolve(path: str) -> tuple[str, str | None]:
    """(template, key-or-None) of a dotted path: `by_country.SO` -> ("by_country.*", "SO");
    `projects.Oslo.Grorud.exits` -> ("projects.*.exits", "Oslo.Grorud"). NotACount when no
    count has that shape."""
    parts = path.split(".")
    for template in FIGURES:
        shape = template.split(".")
        if "*" not in shape:
            if parts == shape:
                return template, None
            continue
        star = shape.index("*")
        before, after = shape[:star], shape[star + 1:]
        if (len(parts) > len(shape) - 1 and parts[:star] == before
                and parts[len(parts) - len(after):] == after):
            key = ".".join(parts[star:len(parts) - len(after)])
            if key:
                return template, key
    raise NotACount(f"'{path}' is not a count of participants in stats")


class Counts:
    """The sets of one year's figures over rows in force, each computed once when asked."""

    def __init__(self, rows: list[Participation], year: int) -> None:
        self.rows, self.year = rows, year
        self._sets: dict[str, list[Participation]] = {}
        self._keys: dict[tuple[str, str], list[str]] = {}
        self._groups: dict[tuple[str, str], dict[str, list[Participation]]] = {}

    def set(self, name: str) -> list[Participation]:
        found = self._sets.get(name)
        if found is None:
            s, year = SETS[name], self.year
            base = self.rows if s.within is None else self.set(s.within)
            found = self._sets[name] = [r for r in base if s.test(r, year)]
        return found

    def keys(self, template: str) -> list[str]:
        """The keys a map of the stats JSON lists: the enumeration's, then any other occurring
        (sorted); without an enumeration, those occurring, sorted."""
        set_name, key_name = FIGURES[template]
        k = KEYS[key_name]
        among = k.among or set_name
        found = self._keys.get((among, key_name))
        if found is None:
            occurring = self.grouped(among, key_name).keys()
            found = [*k.values, *sorted(occurring - set(k.values))]
            self._keys[(among, key_name)] = found
        return found

    def grouped(self, set_name: str, key_name: str) -> dict[str, list[Participation]]:
        """The set split by the key: {key: its participations}."""
        found = self._groups.get((set_name, key_name))
        if found is None:
            of, year = KEYS[key_name].of, self.year
            found = self._groups[(set_name, key_name)] = {}
            for r in self.set(set_name):
                found.setdefault(of(r, year), []).append(r)
        return found

    def members(self, template: str, key: str | None) -> list[Participation]:
        """The participations a figure counts: `tally` counts exactly these lists."""
        set_name, key_name = FIGURES[template]
        if key_name is None:
            return self.set(set_name)
        return self.grouped(set_name, key_name).get(key, [])

    def tally(self, template: str):
        """The count of a figure without a key (an int), or of each key of a map (a dict)."""
        if FIGURES[template][1] is None:
            return len(self.members(template, None))
        return {key: len(self.members(template, key)) for key in self.keys(template)}

    def has(self, template: str, key: str | None) -> bool:
        """Whether the stats JSON holds that figure (a map lists only some keys)."""
        return key is None or key in self.keys(template)

    def events(self, template: str, r: Participation) -> list[str]:
        """The ids of the events in force that put the participation in the figure: the
        intake; the suspension it is in on 31 December; the ending event, for a figure about
        leaving; the employed follow-ups dated in the year, for the incentive."""
        line = _line(FIGURES[template][0])
        last = periods.last_day(self.year)
        out = [r.intake_id]
        if "year_end_suspended" in line:
            out += [s[3] for s in r.suspensions
                    if len(s) > 3 and periods.within(s[0], s[1], last)]
        if "exits" in line:
            out.append(r.end_id)
        if "incentive" in line:
            out += [u[4] for u in employed_follow_ups(r, self.year)]
        return [e for e in out if e is not None]


def _line(name: str) -> set[str]:
    """The set and every set it narrows."""
    found = set()
    while name is not None:
        found.add(name)
        name = SETS[name].within
    return found
