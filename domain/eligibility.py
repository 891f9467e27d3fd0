"""Rule 2: who may start in the programme, by the rules in force on the intake date.

Chapter 1.1 of the report and its footnote 1: more than two years in the municipality, social
assistance for at least six months (three from 2009), not someone who lost the right to the
introduction programme; from 2009 home-staying women without assistance may take part too.
"""
from __future__ import annotations

from datetime import date

from .dates import add_months, add_years
from .messages import N_, Text
from .personal import withheld
from .values import as_date

RULES_OF_2009 = date(2009, 1, 1)
LOST_INTRO_RIGHT = {
    "self_settled": N_("settled on their own"),
    "moved": N_("moved from the settlement municipality"),
    "stopped": N_("had the introduction programme stopped"),
}


def assistance_months_required(intake: date) -> int:
    return 3 if intake >= RULES_OF_2009 else 6


def ineligibility(intake_fact: dict) -> Text | None:
    """Why this intake is not eligible, as a plain sentence (a Text); None when it is (and when
    its personal fields are sealed or erased: it was checked when first recorded)."""
    if withheld(intake_fact):
        return None
    day = as_date(intake_fact["date"])
    resident = as_date(intake_fact["resident_since"])
    if not add_years(resident, 2) < day:
        return Text("not eligible: resident in the municipality since {resident}, "
                    "not more than two years before the intake on {day}",
                    resident=resident.isoformat(), day=day.isoformat())
    intro = intake_fact.get("intro_programme", "none")
    if intro in LOST_INTRO_RIGHT:
        return Text("not eligible: lost the right to the introduction programme ({why})",
                    why=Text(LOST_INTRO_RIGHT[intro]))
    since = intake_fact["assistance_since"]
    required = assistance_months_required(day)
    if since is None:
        if day >= RULES_OF_2009 and intake_fact["gender"] == "F":
            return None  # home-staying women, from 2009
        if day >= RULES_OF_2009:
            return Text("not eligible: no social assistance, and only women without "
                        "assistance may take part (from 2009)")
        return Text("not eligible: no social assistance, required {required} months before "
                    "{day}", required=required, day=RULES_OF_2009.isoformat())
    start = as_date(since)
    if add_months(start, required) > day:
        return Text("not eligible: social assistance since {start} is less than the "
                    "{required} months required on {day}",
                    start=start.isoformat(), required=required, day=day.isoformat())
    return None



def latest_eligible_starts(intake: date) -> tuple[date, date]:
    """The last days a residence and social assistance may have begun for an intake on this
    day to be eligible. Found by asking `ineligibility` itself, which an earlier start never
    makes worse, so the rule keeps its one definition."""
    long_ago = add_years(intake, -60)

    def eligible(resident: date, assistance: date) -> bool:
        return ineligibility({"date": intake.isoformat(), "gender": "F",
                              "resident_since": resident.isoformat(),
                              "assistance_since": assistance.isoformat()}) is None

    return (_last_passing(intake, lambda day: eligible(day, long_ago)),
            _last_passing(intake, lambda day: eligible(long_ago, day)))


def _last_passing(intake: date, test) -> date:
    """The last day before the intake that passes a test which, once failed, stays failed
    for every later day: back a year at a time, then halving the year."""
    later, earlier = intake, add_years(intake, -1)
    while not test(earlier):
        if earlier.year < intake.year - 50:
            raise ValueError(f"no start day is eligible for an intake on {intake}")
        later, earlier = earlier, add_years(earlier, -1)
    while (later - earlier).days > 1:
        middle = earlier + (later - earlier) // 2
        if test(middle):
            earlier = middle
        else:
            later = middle
    return later if test(later) else earlier
