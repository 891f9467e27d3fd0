"""The read side: read models in their own SQLite file, kept up to date from the event log.

    from projections import stats, status, caseload, caseload_detail, show, history, rebuild
    from projections import render   # render.table(kind, data), render.csv(kind, data)

Read models (one module each), in `views_path(db)` (`x.db` -> `x.views.db`):

- `facts`: every fact as recorded, with when and by which retraction it was retracted
  (`history`, and `show`, which replays one participant's facts known at a time);
- `participations`: per participant, snapshots of the timeline's summary, each with the
  knowledge interval [valid_from, valid_to) in which it was what the store knew. A query at
  knowledge time T reads the rows with valid_from <= T < valid_to and computes the figures
  (`figures`) from those rows alone: time travel is a query, not a re-import;
- `cache`: figures already computed at the current tracked position.

`store` keeps them current: before every read it compares the tracked position with the
store's last position using plain sqlite3 (no eventsourcing import on a current read model),
and only when behind runs `updater`, the pull loop: facts_since(position, batch) -> fold ->
the batch's rows and the new position in one transaction (a long catch-up hands the writing
to a second process, `writer`, and folds the next batch meanwhile). Only participations in
progress are kept in memory; one that has ended is read back when a later fact arrives.
`log` reads the notification log (`Programme.facts_since`, or straight from a SQLite store's
table when that gives the same).
"""
from .queries import (UnknownParticipant, caseload, caseload_detail, catch_up, history, rebuild,
                      show, stats, status, views_path)
from .store import ViewsError

__all__ = ["UnknownParticipant", "ViewsError", "stats", "status", "caseload", "caseload_detail",
           "show", "history", "rebuild", "catch_up", "views_path"]
