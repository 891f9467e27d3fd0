"""Rule 2: who may start in the programme, by the rules in force on the intake date.

Chapter 1.1 of the report and its footnote 1: more than two years in the municipality, social
assistance for at least six months (three from 2009), not someone who lost the right to the
introduction programme; from 2009 home-staying women without assistance may take part too.
"""
from __future__ import annotations

from datetime import date

from .dates import add_months, add_years
from .values import as_date

RULES_OF_2009 = date(2009, 1, 1)
LOST_INTRO_RIGHT = {
    "self_settled": "settled on their own",
    "moved": "moved from the settlement municipality",
    "stopped": "had the introduction programme stopped",
}


def assistance_months_required(intake: date) -> int:
    return 3 if intake >= RULES_OF_2009 else 6


def ineligibility(intake_fact: dict) -> str | None:
    """Why this intake is not eligible, as a plain sentence; None when it is."""
    day = as_date(intake_fact["date"])
    resident = as_date(intake_fact["resident_since"])
    if not add_years(resident, 2) < day:
        return (f"not eligible: resident in the municipality since {resident}, "
                f"not more than two years before the intake on {day}")
    intro = intake_fact.get("intro_programme", "none")
    if intro in LOST_INTRO_RIGHT:
        return (f"not eligible: lost the right to the introduction programme "
                f"({LOST_INTRO_RIGHT[intro]})")
    since = intake_fact["assistance_since"]
    required = assistance_months_required(day)
    if since is None:
        if day >= RULES_OF_2009 and intake_fact["gender"] == "F":
            return None  # home-staying women, from 2009
        if day >= RULES_OF_2009:
            return ("not eligible: no social assistance, and only women without assistance "
                    "may take part (from 2009)")
        return f"not eligible: no social assistance, required {required} months before {RULES_OF_2009}"
    start = as_date(since)
    if add_months(start, required) > day:
        return (f"not eligible: social assistance since {start} is less than the "
                f"{required} months required on {day}")
    return None
