"""How the figures group leavers, countries and time in the programme at year end, each grouping
written once (docs/statistics.md).

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


# Months in the programme on a day (the year's last day in stats' `year_end`), in the bins the
# report's year-end figure shows: a bin holds the months above its first bound up to and
# including its second; the first bin starts at 0 itself, the last has no end. stats' share
# "within 12 months" and count "over 24 months" are unions of these bins, so the bins' edges
# and those two figures cannot drift apart.
YEAR_END_BINS = ((0, 6), (6, 12), (12, 18), (18, 24), (24, None))
WITHIN_MONTHS = 12  # "a year or less in the programme"
OVER_MONTHS = 24  # "more than two years in the programme"


def in_months_bin(months: float, low: float, high: float | None) -> bool:
    """Whether `months` falls in the bin (low, high] of YEAR_END_BINS (the first bin holds 0)."""
    return (low == 0 or months > low) and (high is None or months <= high)


def year_end_bin_counts(months: list[float]) -> list[int]:
    """How many of `months` fall in each bin of YEAR_END_BINS, in their order."""
    return [sum(1 for m in months if in_months_bin(m, low, high)) for low, high in YEAR_END_BINS]


def within_a_year(months: float) -> bool:
    """At most WITHIN_MONTHS months in the programme (counted in stats' share within 12 months)."""
    return in_months_bin(months, 0, WITHIN_MONTHS)


def over_two_years(months: float) -> bool:
    """More than OVER_MONTHS months in the programme (stats' over 24 months)."""
    return in_months_bin(months, OVER_MONTHS, None)
