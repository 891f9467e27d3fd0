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

The modules are layered, each importing only those before it (tests/unit/test_structure.py
keeps it so): the read models' own modules (`facts`, `participations`, `cache`; `figures`,
`participant` and `render` compute from their rows) -> `tables` (the file, connections,
schema, tracking row, errors) -> `log` (reading the notification log: `Programme.facts_since`,
or straight from a SQLite store's table when that gives the same) -> `folding` (a batch of
facts into rows; only participations in progress are kept in memory, one that has ended is
read back when a later fact arrives) -> `writer` (a batch's rows and the new tracked position
in one transaction) -> `updater` (the pull loop: read, fold, write until the log ends) ->
`store` (`current`: before every read, the tracked position is compared with the store's
last position using plain sqlite3, with no eventsourcing import on a current read model;
only when behind does it run `updater`) -> `queries`.
"""
from .queries import (UnknownParticipant, caseload, caseload_detail, catch_up, changes, explain,
                      history, rebuild, show, stats, status, views_path)
from .tables import ViewsError

__all__ = ["UnknownParticipant", "ViewsError", "stats", "explain", "changes", "status", "caseload",
           "caseload_detail", "show", "history", "rebuild", "catch_up", "views_path"]
