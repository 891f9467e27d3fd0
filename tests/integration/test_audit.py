"""`explain` and `changes` against an independent recomputation from the sample's JSON lines
(tests/audit_reference.py), on a multi-year history (2005-2010) with back-dated entries and
25 retractions, at several knowledge times."""
from __future__ import annotations

import json

import pytest

import projections
from projections import audit
from projections.counts import NotACount, resolve
from tests import audit_reference as reference
from tests.conftest import sample_facts

TIMES = [None, "2008-06-30T12:00:00+02:00", "2009-01-31T00:00:00+01:00",
         "2009-02-10T09:00:00+01:00", "2010-06-30T00:00:00+02:00"]
T1, T2 = "2009-01-31T00:00:00+01:00", "2010-06-30T00:00:00+02:00"


def counted_paths(stats: dict) -> list[str]:
    out = []
    for path, _ in audit.leaves(stats):
        try:
            resolve(path)
        except NotACount:
            continue
        out.append(path)
    return out


@pytest.fixture(scope="module")
def facts():
    return sample_facts()


@pytest.mark.parametrize("known_at", TIMES)
@pytest.mark.parametrize("year", [2007, 2008, 2009])
def test_explain_lists_exactly_whom_stats_counts(sample_store, facts, year, known_at):
    stats = projections.stats(sample_store, year, known_at=known_at)
    want = reference.members(facts, year, known_at)
    paths = counted_paths(stats)
    checked = 0
    for path in paths:
        got = projections.explain(sample_store, year, path, known_at=known_at)
        value = dict(audit.leaves(stats))[path]
        listed = {p["participant"]: p["events"] for p in got["participants"]}
        assert got["value"] == value == len(listed), path
        assert set(listed) == set(want.get(path, {})), path
        for p, ids in want.get(path, {}).items():
            assert set(ids) <= set(listed[p]), (path, p)
        assert [p["participant"] for p in got["participants"]] == sorted(listed)
        checked += bool(listed)
    assert checked >= 12
    # every figure the reference finds anyone in is a count the stats JSON holds
    assert set(want) <= set(paths)


def test_a_project_name_with_a_dot(sample_store, facts):
    got = projections.explain(sample_store, 2008, "projects.Oslo St. Hanshaugen.participants")
    want = reference.members(facts, 2008)["projects.Oslo St. Hanshaugen.participants"]
    assert {p["participant"] for p in got["participants"]} == set(want) != set()


@pytest.mark.parametrize("path", [
    "year", "countries", "work_or_education_rate", "average_months.completed",
    "average_months.abort_reasons.health.F", "year_end.average_months",
    "year_end.share_within_12_months", "projects.Bergen.women_share",
    "projects.Bergen.work_or_education_rate", "work_or_education_by_gender.F.rate",
    "", ".", "by_gender", "by_gender.", "projects", "projects.Bergen", "projects..exits",
    "by_gender.X", "by_country.XX", "projects.Nowhere.exits", "exit_types.completed.x",
    "incentive", "incentive.by_industry.mining", "participants.F"])
def test_a_path_that_is_no_count_is_refused(sample_store, path):
    with pytest.raises(NotACount):
        projections.explain(sample_store, 2008, path)


def test_changes_are_exactly_the_difference_of_two_stats_answers(sample_store, facts):
    before = dict(audit.leaves(projections.stats(sample_store, 2008, known_at=T1)))
    after = dict(audit.leaves(projections.stats(sample_store, 2008, known_at=T2)))
    got = projections.changes(sample_store, 2008, T1, T2)
    assert (got["year"], got["from"], got["to"]) == (2008, T1, T2)
    differ = sorted(p for p in before.keys() | after.keys()
                    if json.dumps(before.get(p)) != json.dumps(after.get(p))
                    or (p in before) != (p in after))
    assert [c["figure"] for c in got["changes"]] == differ
    assert len(differ) >= 12
    was, now = reference.members(facts, 2008, T1), reference.members(facts, 2008, T2)
    window = {f["id"]: f for f in facts
              if reference.instant(T1) < reference.instant(f["recorded_at"])
              <= reference.instant(T2)}
    retracted = {f["event"] for f in window.values() if f["type"] == "retraction"}
    for c in got["changes"]:
        assert (c["before"], c["after"]) == (before.get(c["figure"]), after.get(c["figure"]))
        old, new = set(was.get(c["figure"], {})), set(now.get(c["figure"], {}))
        try:
            resolve(c["figure"])
        except NotACount:
            assert c["participants_added"] == c["participants_removed"] == c["events"] == []
            continue
        assert c["participants_added"] == sorted(new - old), c["figure"]
        assert c["participants_removed"] == sorted(old - new), c["figure"]
        moved = set(c["participants_added"]) | set(c["participants_removed"])
        by_id = {f["id"]: f for f in facts}
        assert c["events"], c["figure"]
        for event in c["events"]:  # each recorded or retracted in the window, by one who moved
            assert event in window or event in retracted, event
            assert by_id[event]["participant"] in moved
        for p in moved:
            assert any(by_id[e]["participant"] == p for e in c["events"]), (c["figure"], p)


def test_changes_from_a_time_to_itself_is_empty(sample_store):
    assert projections.changes(sample_store, 2008, T1, T1)["changes"] == []


def test_changes_to_now_is_changes_to_after_the_last_recording(sample_store):
    now = projections.changes(sample_store, 2008, T1)
    later = projections.changes(sample_store, 2008, T1, "2030-01-01T00:00:00Z")
    assert now["to"] is None and now["changes"] == later["changes"]


def test_from_after_to_is_refused(sample_store):
    with pytest.raises(ValueError, match="later than"):
        projections.changes(sample_store, 2008, T2, T1)


def test_history_as_it_stood(sample_store, facts):
    mine = [f for f in facts if f["participant"] == "p00116"]
    before = projections.history(sample_store, "p00116", known_at=T1)
    assert [f["id"] for f in before] == [f["id"] for f in mine
                                         if reference.instant(f["recorded_at"])
                                         <= reference.instant(T1)]
    assert all(f["retracted_by"] is None for f in before)  # retracted only in February
    after = projections.history(sample_store, "p00116", known_at=T2)
    assert [(f["id"], f["retracted_by"]) for f in after if f["retracted_by"]] == [
        ("ev000514", "fx000776")]
    assert projections.history(sample_store, "p00116") == after
    with pytest.raises(projections.UnknownParticipant, match="known at 2005"):
        projections.history(sample_store, "p00116", known_at="2005-01-01T00:00:00Z")


def test_the_auditors_reads_stay_light(sample_store):
    """explain, changes and history --known-at on current read models import neither the
    write side nor the event library."""
    import os
    import subprocess
    import sys
    projections.stats(sample_store, 2008)  # caught up
    code = ("import sys, projections; db = sys.argv[1]; "
            "projections.explain(db, 2008, 'exits', known_at='2009-06-30T00:00:00Z'); "
            f"projections.changes(db, 2008, '{T1}', '2009-06-30T00:00:00Z'); "
            f"projections.history(db, 'p00116', known_at='{T1}'); "
            "print(sorted(m for m in ('eventsourcing', 'store.application', 'sqlite_utils', "
            "'projections.updater', 'projections.folding', 'projections.log') "
            "if m in sys.modules))")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", code, sample_store], capture_output=True,
                         text=True, check=True, cwd=root)
    assert out.stdout.strip() == "[]"


def test_every_count_of_stats_can_be_explained(sample_store):
    """Each whole number of the stats JSON but `year` and `countries` (not a number of
    participations) is a count `explain` takes, and no rate or average is."""
    for path, value in audit.leaves(projections.stats(sample_store, 2008)):
        counted = True
        try:
            resolve(path)
        except NotACount:
            counted = False
        whole = isinstance(value, int) and not isinstance(value, bool)
        assert counted == (whole and path not in ("year", "countries")), path
