"""The annual report: chapters 3-6 of IMDi's Ny sjanse report, regenerated from the events.

    from report import write_report
    write_report(db, 2008, "ny-sjanse-2008.html", known_at=None, lang="nb")

One self-contained HTML file (inline CSS, charts as inline SVG from matplotlib); every number
equals `nysjanse stats YEAR` as known at the same time.
"""
import logging

# matplotlib's notices (no writable folder in HOME, so it makes a temporary one; its font
# cache being built) would go to stderr on a report: they are for its developers, not for
# whoever writes the report. Its errors still show.
logging.getLogger("matplotlib").setLevel(logging.ERROR)

from .build import WriteFailed, build_report, write_report  # noqa: E402
from .data import cohorts  # noqa: E402
from .labels import LANGS  # noqa: E402

__all__ = ["write_report", "WriteFailed", "build_report", "cohorts", "LANGS"]
