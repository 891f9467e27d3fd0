"""The read side: read models in their own SQLite file, kept up to date from the event log.

    from projections import stats, status, caseload, caseload_detail, show, history, rebuild
    from projections import render   # render.table(kind, data), render.csv(kind, data)
"""
from .queries import (UnknownParticipant, caseload, caseload_detail, catch_up, history, rebuild,
                      show, stats, status, views_path)
from .store import ViewsError

__all__ = ["UnknownParticipant", "ViewsError", "stats", "status", "caseload", "caseload_detail",
           "show", "history", "rebuild", "catch_up", "views_path"]
