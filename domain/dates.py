"""Date arithmetic the programme's rules and figures are written in."""
from __future__ import annotations

import calendar
from datetime import date

from .values import as_date

DAYS_PER_MONTH = 30.4375  # statistics.md: months = days / 30.4375


def add_months(day: date, months: int) -> date:
    """Calendar months later; the 31st becomes the month's last day when it has fewer."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def months_between(start: str, end: str) -> float:
    return (as_date(end) - as_date(start)).days / DAYS_PER_MONTH


def days_between(start: str, end: str) -> int:
    return (as_date(end) - as_date(start)).days
