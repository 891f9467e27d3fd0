"""What the report needs beyond `stats YEAR`, read through the same path as `projections.queries`.

One read of the read models (caught up first, as every query does) gives the participations in
force at the knowledge time; from those rows come both the statistics (the very function
`projections.queries.stats` uses, so every number equals `nysjanse stats YEAR`) and what
`stats` does not break down:

- `cohorts`: the year's participants by intake project and intake year (figure 3.1);
- `year_end_months`: months in the programme on 31 December of each participation active then
  (the distribution behind `year_end`).

Reading once keeps the figures and the breakdowns consistent even while others record.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from domain import periods
from domain.dates import months_between
from projections import figures
from projections import participations as snaps
from projections import queries
from projections.counts import Counts
from projections.queries import head_of, knowledge
from projections.store import current


@dataclass
class ReportData:
    year: int
    known_at: str | None
    stats: dict
    head: dict = field(default_factory=lambda: {"position": 0, "digest": None})
    cohorts: dict[str, dict[int, int]] = field(default_factory=dict)
    year_end_months: list[float] = field(default_factory=list)
    changes: dict | None = None  # `changes YEAR --from T --to known_at`, when asked for

    @property
    def intake_years(self) -> list[int]:
        return sorted({y for years in self.cohorts.values() for y in years})


def _read(db, year: int, known_at: str | None, views, key, changes_since: str | None,
          seen: list | None = None) -> tuple[list[snaps.Participation], dict | None, dict]:
    """The rows in force, the changes since `changes_since` to then (None when not asked
    for; the pseudonyms it names added to `seen`) and the log's head they come from, from
    one snapshot of the read models."""
    utc = knowledge(known_at)  # validates the timestamp (ValueError)
    conn = current(db, views, key)
    try:
        conn.execute("BEGIN")  # one snapshot: the figures, their appendix and head agree
        rows = snaps.known_at(conn, utc, *figures.year_filter(year))
        changed = (None if changes_since is None else
                   queries.changes_since(conn, year, changes_since, known_at, Counts(rows, year),
                                         seen))
        return rows, changed, head_of(conn, db, utc, key)
    finally:
        conn.close()


def participants(rows: list[snaps.Participation], year: int) -> list[snaps.Participation]:
    """statistics.md's `participants` (`domain.periods.participant_in`)."""
    return [r for r in rows if r.participant_in(year)]


def cohort_table(rows: list[snaps.Participation], year: int) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {}
    for r in participants(rows, year):
        years = out.setdefault(r.project, {})
        start = int(r.intake_date[:4])
        years[start] = years.get(start, 0) + 1
    return {p: dict(sorted(out[p].items())) for p in sorted(out)}


def load(db, year: int, known_at: str | None = None, views: str | None = None,
         key=None, changes_since: str | None = None, seen: list | None = None) -> ReportData:
    """The report's data; `seen` gets the pseudonyms of the participants it names (only the
    appendix names any)."""
    year = int(year)
    rows, changed, head = _read(db, year, known_at, views, key, changes_since, seen)
    last = periods.last_day(year)
    return ReportData(
        year=year, known_at=known_at, changes=changed, head=head,
        stats=figures.stats(rows, year),
        cohorts=cohort_table(rows, year),
        year_end_months=[months_between(r.intake_date, last)
                         for r in figures.active_on(participants(rows, year), last)])


def cohorts(db, year: int, known_at: str | None = None, views: str | None = None,
            key=None) -> dict:
    """The year's participants by intake project and intake year, as JSON-ready data:
    `{"year": Y, "projects": {"Bergen": {"2006": 12, "2007": 50, "2008": 54}}}`."""
    data = load(db, year, known_at, views, key)
    return {"year": data.year,
            "projects": {p: {str(y): n for y, n in ys.items()} for p, ys in data.cohorts.items()}}
