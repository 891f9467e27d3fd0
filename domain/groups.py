"""How the figures group leavers and countries, each grouping written once (docs/statistics.md).

Used by `projections.figures` (the numbers), `projections.render` (the tables) and `report/`
(the annual report), so a table and the report name the same groups.
"""
from __future__ import annotations

from .facts import WORK_OR_EDUCATION

# The four ways of leaving, in the order every figure lists them.
EXIT_TYPES = ("completed", "aborted_by_participant", "aborted_by_decision", "transferred_to_nav")
ABORTED = ("aborted_by_participant", "aborted_by_decision")  # "aborted" counts both kinds


def exit_type(end_type: str, kind: str | None, by: str | None) -> str:
    """One of EXIT_TYPES for an ending event's type, its kind and (aborted) who stopped it."""
    if end_type == "transfer_to_nav":
        return "transferred_to_nav"
    if kind == "completed":
        return "completed"
    return f"aborted_by_{by}"


def aborted(exit_types: dict[str, int]) -> int:
    """The aborted exits of an `exit_types` count: by the participant and by decision."""
    return sum(exit_types[t] for t in ABORTED)


def work_or_education(kind: str | None, outcome: str | None) -> bool:
    """A completed exit to work or education (the programme's goal)."""
    return kind == "completed" and outcome in WORK_OR_EDUCATION


TOP_COUNTRIES = 12  # the tables and the report name the largest groups and sum the rest


def top_countries(by_country: dict[str, int],
                  top: int = TOP_COUNTRIES) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(the `top` largest countries, the rest), each [(code, count)] from the largest down,
    equal counts by country code, so every output names the same countries in one order."""
    ranked = sorted(by_country.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:top], ranked[top:]
