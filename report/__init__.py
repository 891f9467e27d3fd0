"""The annual report: chapters 3-6 of IMDi's Ny sjanse report, regenerated from the events.

    from report import write_report
    write_report(db, 2008, "ny-sjanse-2008.html", known_at=None, lang="nb")

One self-contained HTML file (inline CSS, charts as inline SVG from matplotlib); every number
equals `nysjanse stats YEAR` as known at the same time.
"""
from .build import build_report, write_report
from .data import cohorts
from .labels import LANGS

__all__ = ["write_report", "build_report", "cohorts", "LANGS"]
