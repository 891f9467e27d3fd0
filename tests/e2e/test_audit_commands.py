"""explain, changes and history --known-at through click's CliRunner: exact tables, CSV, JSON,
and hostile input (one sentence, the right exit status).

tests/fixtures/audit-small.jsonl: p2 (carried over from 2007) completed on 2008-11-30, an exit
recorded only on 2009-02-15 (back-dated, found in an audit); p3's exit for health (a5) was
retracted on 2009-03-01 (a6) and recorded again as aborted by decision (a7)."""
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import cli
from tests.conftest import EXAMPLES

SMALL = EXAMPLES / "audit-small.jsonl"
T1, T2 = "2009-01-31T00:00:00+01:00", "2010-06-30T00:00:00+02:00"


@pytest.fixture
def run(cli_env):
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(SMALL)]).exit_code == 0

    def invoke(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)
    return invoke


def test_explain_table(run):
    result = run("explain", "2008", "exits")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == (
        "exits, 2008: 2 participants\n"
        "\n"
        "participant  events\n"
        "p2           a2 a3\n"
        "p3           a4 a7\n\n")  # a table ends with a blank line, as every table does


def test_explain_as_known_then(run):
    result = run("explain", "2008", "exits", "--known-at", T1)
    assert result.stdout == (
        "exits, 2008: 1 participant\n"
        "as known at 2009-01-31T00:00:00+01:00\n"
        "\n"
        "participant  events\n"
        "p3           a4 a5\n\n")


def test_explain_json_and_csv(run):
    got = json.loads(run("explain", "2008", "projects.Oslo St. Hanshaugen.exits",
                         "--format", "json").stdout)
    assert got == {"year": 2008, "figure": "projects.Oslo St. Hanshaugen.exits", "value": 1,
                   "known_at": None, "participants": [{"participant": "p2",
                                                       "events": ["a2", "a3"]}]}
    assert run("explain", "2008", "year_end.active", "--format", "csv").stdout == (
        "participant,events\np1,a1\n")
    empty = run("explain", "2008", "exit_types.completed", "--known-at", T1)
    assert empty.stdout == "exit_types.completed, 2008: 0 participants\nas known at " + T1 + "\n\n"


CHANGES = """\
Changes in stats 2008 from 2009-01-31T00:00:00+01:00 to 2010-06-30T00:00:00+02:00

figure                                                           before               after  added  removed
abort_reasons.health                                                  1                   0      0        1
abort_reasons.other                                                   0                   1      1        0
average_months.abort_reasons.health.F                  6.04517453798768                   -
average_months.abort_reasons.health.all                6.04517453798768                   -
average_months.abort_reasons.other.F                                  -    6.04517453798768
average_months.abort_reasons.other.all                                -    6.04517453798768
average_months.completed                                              -    18.0041067761807
average_months.work_or_education.M                                    -    18.0041067761807
average_months.work_or_education.all                                  -    18.0041067761807
exit_types.aborted_by_decision                                        0                   1      1        0
exit_types.aborted_by_participant                                     1                   0      0        1
exit_types.completed                                                  0                   1      1        0
exits                                                                 1                   2      1        0
exits_by_gender.M                                                     0                   1      1        0
goal_base                                                             1                   2      1        0
outcomes.full_time_job                                                0                   1      1        0
projects.Oslo St. Hanshaugen.completed                                0                   1      1        0
projects.Oslo St. Hanshaugen.exits                                    0                   1      1        0
projects.Oslo St. Hanshaugen.goal_base                                0                   1      1        0
projects.Oslo St. Hanshaugen.work_or_education                        0                   1      1        0
projects.Oslo St. Hanshaugen.work_or_education_rate                   -                 1.0
remaining                                                             2                   1      0        1
work_or_education                                                     0                   1      1        0
work_or_education_by_gender.M.base                                    0                   1      1        0
work_or_education_by_gender.M.count                                   0                   1      1        0
work_or_education_by_gender.M.rate                                    -                 1.0
work_or_education_rate                                              0.0                 0.5
year_end.active                                                       2                   1      0        1
year_end.average_months                              15.359342915811087  11.696098562628336
year_end.share_within_12_months                                     0.5                 1.0
"""


def test_changes_table(run):
    result = run("changes", "2008", "--from", T1, "--to", T2)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.endswith("\n\n")  # as every table
    parts = result.stdout[:-2].split("\n\n")
    assert "\n\n".join(parts[:2]) + "\n" == CHANGES
    blocks = parts[2:]
    assert blocks[0] == "abort_reasons.health\n  removed  p3\n  events   a5 a6 a7"
    assert blocks[1] == "abort_reasons.other\n  added   p3\n  events  a5 a6 a7"
    assert "exit_types.completed\n  added   p2\n  events  a3" in blocks
    assert blocks[-1] == "year_end.active\n  removed  p2\n  events   a3"
    assert len(blocks) == 18  # one for each count that changed (the "added" column)


def test_changes_json_and_csv(run):
    got = json.loads(run("changes", "2008", "--from", T1, "--format", "json").stdout)
    assert (got["year"], got["from"], got["to"]) == (2008, T1, None)
    assert got["changes"][0] == {"figure": "abort_reasons.health", "before": 1, "after": 0,
                                 "participants_added": [], "participants_removed": ["p3"],
                                 "events": ["a5", "a6", "a7"]}
    lines = run("changes", "2008", "--from", T1, "--format", "csv").stdout.splitlines()
    assert lines[:3] == ["figure,before,after,participants_added,participants_removed,events",
                         "abort_reasons.health,1,0,,p3,a5 a6 a7",
                         "abort_reasons.other,0,1,p3,,a5 a6 a7"]
    assert "average_months.abort_reasons.health.F,6.04517453798768,,,," in lines


def test_nothing_changed(run):
    assert run("changes", "2008", "--from", "2010-01-31T00:00:00+01:00").stdout == (
        "Changes in stats 2008 from 2010-01-31T00:00:00+01:00 to now\n\nno figure changed\n\n")


def test_history_as_it_stood(run):
    then = json.loads(run("history", "p3", "--known-at", T1, "--format", "json").stdout)
    assert [(f["id"], f["retracted_by"]) for f in then] == [("a4", None), ("a5", None)]
    now = json.loads(run("history", "p3", "--format", "json").stdout)
    assert [(f["id"], f["retracted_by"]) for f in now] == [
        ("a4", None), ("a5", "a6"), ("a6", None), ("a7", None)]


@pytest.mark.parametrize("args, status, message", [
    (["explain", "2008", "countries"], 1,
     "invalid: 'countries' is not a count of participants in stats 2008\n"),
    (["explain", "2008", "work_or_education_rate"], 1,
     "invalid: 'work_or_education_rate' is not a count of participants in stats 2008\n"),
    (["explain", "2008", ""], 1, "invalid: '' is not a count of participants in stats 2008\n"),
    (["explain", "2008", "by_country.XX"], 1, "invalid: stats 2008 has no figure 'by_country.XX'\n"),
    (["explain", "2008", "projects.Bergen"], 1,
     "invalid: 'projects.Bergen' is not a count of participants in stats 2008\n"),
    (["explain", "2008", "exits", "--known-at", "2009-02-30T00:00:00Z"], 1,
     "invalid: known-at '2009-02-30T00:00:00Z' is not a real time\n"),
    (["changes", "2008", "--from", T2, "--to", T1], 1,
     f"invalid: --from {T2} is later than --to {T1}\n"),
    (["history", "p3", "--known-at", "2005-01-01T00:00:00Z"], 1,
     "no participant p3 is known at 2005-01-01T00:00:00Z\n"),
])
def test_hostile_input_is_one_sentence(run, args, status, message):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (status, "", message)


@pytest.mark.parametrize("args", [
    ["explain", "2008", "exits", "--known-at", "yesterday"],
    ["explain", "3000", "exits"],
    ["changes", "2008"],
    ["changes", "2008", "--from", "2009-01-31"],
    ["changes", "2008", "--from", T1, "--to", "now"],
    ["explain", "2008"],
])
def test_usage_errors(run, args):
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=30))
def test_any_figure_text_is_an_answer_or_one_sentence(run, figure):
    result = run("explain", "2008", "--", figure)  # `--`: a figure may begin with a dash
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert result.stdout == "" and result.stderr.count("\n") == 1


def test_report_with_the_appendix(run, tmp_path):
    out = tmp_path / "r.html"
    result = run("report", "2008", "--output", str(out), "--changes-since", T1)
    assert result.exit_code == 0 and result.stderr == f"wrote {out}\n"
    assert f"Vedlegg: tall endret siden {T1}" in out.read_text(encoding="utf-8")
    refused = run("report", "2008", "--output", str(tmp_path / "x.html"), "--known-at", T1,
                  "--changes-since", T2)
    assert (refused.exit_code, refused.stderr) == (
        1, f"no report written: --changes-since {T2} is later than --known-at {T1}\n")
    assert not (tmp_path / "x.html").exists()
