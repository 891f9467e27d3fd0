"""The demo year reproduces every published 2008 figure (docs/programme.md), read back
through the real read path: the generated facts imported into a store, then `stats 2008`.

Rounding as the report rounds: a count is met exactly; "16 months" means 15.5 <= x < 16.5,
"44 %" means 43.5 % <= x < 44.5 %, a decimal to its last digit (16.7: 16.65 <= x < 16.75).
"""
from __future__ import annotations

import pytest

from demo import generate

PROJECT_NAMES = {
    "Oslo Bjerke", "Oslo Grorud", "Oslo Stovner", "Oslo St. Hanshaugen", "Oslo Østensjø",
    "Oslo Ullern", "Oslo Søndre Nordstrand", "Oslo Grünerløkka", "Oslo Nordstrand",
    "Trondheim", "Bergen", "Bergen ungdom", "Fredrikstad", "Fredrikstad somaliske menn",
    "Skien", "Bærum", "Lørenskog", "Skedsmo", "Drammen", "Moss", "Stavanger", "Kristiansand",
}


def rounds_to(value: float, published: float, decimals: int = 0) -> bool:
    half = 0.5 * 10 ** -decimals
    return published - half <= value < published + half


def percent(part: float, base: float) -> float:
    return 100.0 * part / base


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    from store.application import Programme
    from store.transfer import import_facts
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    import_facts(Programme(db, "demo"), [dict(f) for f in generate()], "demo")
    return db


@pytest.fixture(scope="module")
def stats(store) -> dict:
    from projections.queries import stats as query
    return query(store, 2008)


@pytest.fixture(scope="module")
def stored_facts(store) -> list[dict]:
    from store.application import Programme
    return [fact for _, fact in Programme(store, "demo").all_facts()]


# -- participants ---------------------------------------------------------------------------

def test_participants_carried_over_and_new(stats):
    assert stats["year"] == 2008
    assert (stats["participants"], stats["carried_over"], stats["new"]) == (692, 372, 320)


def test_women_and_men(stats):
    assert stats["by_gender"] == {"F": 449, "M": 243}
    assert rounds_to(percent(stats["by_gender"]["F"], stats["participants"]), 65)
    assert rounds_to(percent(stats["by_gender"]["M"], stats["participants"]), 35)


def test_countries_of_background(stats):
    assert stats["countries"] == 67
    by_country = stats["by_country"]
    assert (by_country["SO"], by_country["IQ"], by_country["PK"]) == (203, 150, 46)
    assert rounds_to(percent(by_country["SO"], stats["participants"]), 29.3, 1)
    assert rounds_to(percent(by_country["IQ"], stats["participants"]), 21.7, 1)
    assert rounds_to(percent(by_country["PK"], stats["participants"]), 6.6, 1)
    ranked = sorted(by_country, key=by_country.get, reverse=True)
    assert ranked[:3] == ["SO", "IQ", "PK"]
    assert by_country["PK"] > max(n for c, n in by_country.items() if c not in ("SO", "IQ", "PK"))


def test_projects_with_participants(stats):
    projects = stats["projects"]
    assert set(projects) == PROJECT_NAMES
    assert projects["Oslo Ullern"]["participants"] == 11
    assert projects["Bergen"]["participants"] == 116
    assert sum(p["participants"] for p in projects.values()) == 692


# -- leaving --------------------------------------------------------------------------------

def test_left_during_the_year(stats):
    assert stats["exits"] == 412
    assert stats["exits_by_gender"] == {"F": 260, "M": 152}
    assert stats["remaining"] == 280


def test_transferred_to_nav(stats):
    assert stats["exit_types"]["transferred_to_nav"] == 133
    assert stats["transferred_by_gender"] == {"F": 99, "M": 34}
    transferring = [n for n, p in stats["projects"].items() if p["transferred_to_nav"]]
    assert len(transferring) == 7  # "Syv kommuner/bydeler overførte deltakere"


def test_completed_and_aborted(stats):
    types = stats["exit_types"]
    assert types["completed"] == 162
    assert rounds_to(percent(types["completed"], stats["exits"]), 39)
    assert types["aborted_by_participant"] == 68
    assert types["aborted_by_decision"] == 49
    assert rounds_to(percent(types["aborted_by_participant"], stats["exits"]), 17)
    assert rounds_to(percent(types["aborted_by_decision"], stats["exits"]), 12)
    assert types["aborted_by_participant"] + types["aborted_by_decision"] == 117


def test_goal_attainment(stats):
    types = stats["exit_types"]
    assert stats["goal_base"] == 279 == (types["completed"] + types["aborted_by_participant"]
                                         + types["aborted_by_decision"])
    assert stats["work_or_education"] == 119
    assert rounds_to(100 * stats["work_or_education_rate"], 42.7, 1)
    by_gender = stats["work_or_education_by_gender"]
    assert rounds_to(100 * by_gender["F"]["rate"], 44)
    assert rounds_to(100 * by_gender["M"]["rate"], 41)
    assert by_gender["F"]["count"] + by_gender["M"]["count"] == 119
    assert by_gender["F"]["base"] + by_gender["M"]["base"] == 279


def test_job_seekers_and_no_activity(stats):
    outcomes = stats["outcomes"]
    assert outcomes["job_seeker"] == 13
    assert outcomes["no_activity"] == 8
    assert rounds_to(percent(outcomes["job_seeker"], stats["goal_base"]), 5)
    assert rounds_to(percent(outcomes["no_activity"], stats["goal_base"]), 3)
    assert max(outcomes, key=outcomes.get) == "full_time_job"  # "De fleste gikk til ordinær fulltidsjobb"


# -- how long they had been there -----------------------------------------------------------

def test_months_work_or_education(stats):
    months = stats["average_months"]["work_or_education"]
    assert rounds_to(months["all"], 16)
    assert rounds_to(months["F"], 17)
    assert rounds_to(months["M"], 15)


def test_the_rest_about_two_months_shorter(stats):
    months = stats["average_months"]
    shorter = months["work_or_education"]["all"] - months["not_work_or_education"]["all"]
    assert rounds_to(shorter, 2)


def test_months_completed_and_aborted(stats):
    assert rounds_to(stats["average_months"]["completed"], 16.7, 1)
    assert rounds_to(stats["average_months"]["aborted"], 13.9, 1)


def test_health_the_most_common_abort_reason(stats):
    reasons = stats["abort_reasons"]
    ranked = sorted(reasons, key=reasons.get, reverse=True)
    assert ranked[0] == "health" and reasons["health"] > reasons[ranked[1]]
    assert ranked[1] == "behaviour"  # "Den nest hyppigste årsaken ... er atferd"
    assert sum(reasons.values()) == 117
    health = stats["average_months"]["abort_reasons"]["health"]
    assert rounds_to(health["F"], 18.3, 1)
    assert 13.5 <= health["all"] < 14.0  # "nesten 14 måneder"


def test_invalid_absence(stats):
    months = stats["average_months"]["abort_reasons"]["invalid_absence"]
    assert rounds_to(months["M"], 8)
    assert rounds_to(months["F"], 4.3, 1)


def test_still_in_the_programme_into_2009(stats):
    year_end = stats["year_end"]
    assert year_end["active"] == 280 == stats["remaining"]
    assert rounds_to(year_end["average_months"], 10)
    assert rounds_to(year_end["share_within_12_months"], 0.7, 1)
    assert year_end["over_24_months"] == 14


# -- incentive scheme -----------------------------------------------------------------------

def test_incentive_scheme(stats):
    incentive = stats["incentive"]
    assert incentive["participants"] == 84
    assert incentive["by_gender"] == {"F": 38, "M": 46}
    assert incentive["twelve_months"] == 43
    industry = incentive["by_industry"]
    assert (industry["cleaning"], industry["warehouse_workshop"], industry["canteen_restaurant"],
            industry["driver"]) == (14, 15, 12, 9)
    assert sum(industry.values()) == 84


# -- projects -------------------------------------------------------------------------------

def test_womens_share_by_project(stats):
    share = {name: p["women_share"] for name, p in stats["projects"].items()}
    assert rounds_to(100 * share["Stavanger"], 100)
    assert rounds_to(100 * share["Oslo Østensjø"], 90)
    for name in ("Bærum", "Fredrikstad", "Trondheim"):
        assert share[name] < 0.5, name
    assert sum(s > 0.7 for s in share.values()) == 9


def test_skedsmo(stats, stored_facts, store):
    skedsmo = stats["projects"]["Skedsmo"]
    assert skedsmo["new"] == 23
    assert skedsmo["participants"] - skedsmo["exits"] == 29
    assert skedsmo["work_or_education"] == 8
    from projections.queries import status
    active = status(store, "2008-12-31")["active"]
    assert sum(a["project"] == "Skedsmo" for a in active) == 29
    # six to work, two to education: the outcomes of the stored exits
    projects = {f["participant"]: f["project"] for f in stored_facts if f["type"] == "intake"}
    retracted = {f["event"] for f in stored_facts if f["type"] == "retraction"}
    outcomes = [f["outcome"] for f in stored_facts
                if f["type"] == "exit" and f["id"] not in retracted and f["date"].startswith("2008")
                and projects[f["participant"]] == "Skedsmo" and f["kind"] == "completed"]
    assert sum(o in ("full_time_job", "part_time_job", "subsidised_job") for o in outcomes) == 6
    assert outcomes.count("education") == 2


def test_one_project_where_fourteen_of_fifteen_leavers_aborted(stats):
    assert any(p["exits"] == 15 and p["aborted"] == 14 for p in stats["projects"].values())


def test_status_on_new_years_eve_agrees(stats, store):
    from projections.queries import status
    assert status(store, "2008-12-31")["summary"] == stats["year_end"]
