"""domain.eligibility.latest_eligible_starts: the last eligible start days, by the rule itself."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.eligibility import ineligibility, latest_eligible_starts

ONE_DAY = timedelta(days=1)
LONG_AGO = "1990-01-01"


def refused(intake: date, resident: date | str, assistance: date | str) -> str | None:
    return ineligibility({"date": intake.isoformat(), "gender": "F",
                          "resident_since": str(resident), "assistance_since": str(assistance)})


@pytest.mark.parametrize("intake, resident, assistance", [
    (date(2008, 3, 1), date(2006, 2, 28), date(2007, 9, 1)),
    (date(2008, 2, 29), date(2006, 2, 28), date(2007, 8, 31)),  # six months: Feb 29
    (date(2006, 3, 1), date(2004, 2, 29), date(2005, 9, 1)),
    (date(2008, 8, 31), date(2006, 8, 30), date(2008, 2, 29)),
    (date(2009, 1, 1), date(2006, 12, 31), date(2008, 10, 1)),  # three months from 2009
])
def test_known_days(intake, resident, assistance):
    assert latest_eligible_starts(intake) == (resident, assistance)


def test_every_day_of_2004_to_2010_is_the_last_eligible_one():
    day = date(2004, 1, 1)
    while day <= date(2010, 12, 31):
        resident, assistance = latest_eligible_starts(day)
        assert refused(day, resident, LONG_AGO) is None, day
        assert refused(day, resident + ONE_DAY, LONG_AGO) is not None, day
        assert refused(day, LONG_AGO, assistance) is None, day
        assert refused(day, LONG_AGO, assistance + ONE_DAY) is not None, day
        day += ONE_DAY


def test_a_rule_no_start_meets_is_said_not_searched_forever(monkeypatch):
    import domain.eligibility
    monkeypatch.setattr(domain.eligibility, "ineligibility", lambda fact: "not eligible: never")
    with pytest.raises(ValueError, match="no start day is eligible for an intake on 2008-03-01"):
        latest_eligible_starts(date(2008, 3, 1))
