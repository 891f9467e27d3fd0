"""The read commands and the demo, through click's CliRunner, on the sample and the demo year."""
import json
import math

import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import EXAMPLES, SAMPLE


def close(want, got):
    if isinstance(want, dict):
        return want.keys() == got.keys() and all(close(want[k], got[k]) for k in want)
    if isinstance(want, list):
        return len(want) == len(got) and all(close(a, b) for a, b in zip(want, got))
    if isinstance(want, float) and isinstance(got, (int, float)):
        return math.isclose(want, got, rel_tol=1e-9)
    return want == got


@pytest.fixture
def sample(cli_env):
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(SAMPLE)]).exit_code == 0

    def run(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)
    return run


@pytest.mark.parametrize("args, expected", [
    (["stats", "2008"], "stats-2008.json"),
    (["stats", "2008", "--known-at", "2009-01-31T00:00:00+01:00"], "stats-2008-known-at-2009-01-31.json"),
    (["stats", "2009"], "stats-2009.json"),
    (["status", "--date", "2008-12-31"], "status-2008-12-31.json"),
    (["caseload", "--date", "2008-06-30"], "caseload-2008-06-30.json"),
])
def test_json_is_the_contract(sample, args, expected):
    result = sample(*args, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    assert close(json.loads((EXAMPLES / expected).read_text(encoding="utf-8")), json.loads(result.stdout))


def test_tables_and_csv_show_the_same_numbers(sample):
    table = sample("stats", "2008").stdout
    assert "77" in table and "36.4 %" in table  # participants; 12 of 33 to work or education
    csv = sample("status", "--date", "2008-12-31", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("date,participant,") and len(csv) == 1 + 35
    caseload = sample("caseload", "--date", "2008-06-30", "--format", "csv").stdout.splitlines()
    assert "counsellor" in caseload[0].split(",")


def test_show_and_history(sample):
    shown = json.loads(sample("show", "p00116", "--date", "2008-12-31", "--format", "json").stdout)
    assert shown["participant"] == "p00116" and shown["state"] == "aborted"
    before = json.loads(sample("show", "p00116", "--date", "2008-12-31", "--format", "json",
                               "--known-at", "2009-01-31T00:00:00+01:00").stdout)
    assert before["exit"] != shown["exit"]  # corrected on 2009-02-10
    history = json.loads(sample("history", "p00116", "--format", "json").stdout)
    assert any(h["id"] == "ev000514" and h["retracted_by"] == "fx000776" for h in history)
    assert "ev000514" in sample("history", "p00116").stdout


def test_unknown_participant_is_one_sentence(sample):
    result = sample("show", "nobody", "--date", "2008-12-31")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "nobody" in result.stderr


def test_reading_a_missing_store_is_refused(cli_env):
    result = CliRunner().invoke(cli, ["stats", "2008"])
    assert result.exit_code == 1
    assert result.stderr.startswith("no store at ") and result.stderr.endswith(
        ": import or record events first\n")


def test_demo_prints_2008_and_refuses_a_store_with_other_events(cli_env, tmp_path):
    runner = CliRunner()
    first = runner.invoke(cli, ["demo"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "692" in first.stdout and first.stderr.startswith("loaded the 2008 demo year: 8834 events")
    again = runner.invoke(cli, ["demo"])
    assert again.exit_code == 0 and again.stdout == first.stdout and again.stderr == ""
    other = str(tmp_path / "other.db")
    runner.invoke(cli, ["--db", other, "import", str(SAMPLE)])
    refused = runner.invoke(cli, ["demo", "--db", other])
    assert refused.exit_code == 1
    assert refused.stderr == (f"the store {other} already holds other events; the demo needs an "
                              f"empty store (for example --db demo.db)\n")


# -- show: each event in force once, in effective order ------------------------------------------

def _line(**fields) -> str:
    return json.dumps({"participant": "p1", "recorded_by": "kari", **fields})


# Recorded in this order (ids a1..a9); effective order is by date, then recording order.
EFFECTIVE = "\n".join([
    _line(type="intake", date="2008-03-01", project="Bergen", counsellor="c7", gender="F",
          country="SO", resident_since="2004-01-01", assistance_since="2007-01-01", id="a1",
          recorded_at="2008-03-01T10:00:00+01:00"),
    _line(type="plan", date="2008-03-10", measures=["norwegian"], id="a2",
          recorded_at="2008-03-10T10:00:00+01:00"),
    _line(type="absence", date="2008-03-10", days=1, valid=True, id="a3",
          recorded_at="2008-03-10T11:00:00+01:00"),
    _line(type="absence", date="2008-04-01", days=2, valid=False, id="a4",
          recorded_at="2008-04-01T10:00:00+02:00"),
    _line(type="exit", date="2008-06-01", kind="completed", outcome="full_time_job", id="a5",
          recorded_at="2008-06-01T10:00:00+02:00"),
    _line(type="follow_up", date="2009-06-02", months=12, employed=True, id="a6",
          recorded_at="2009-06-03T10:00:00+02:00"),
    _line(type="follow_up", date="2008-12-02", months=6, employed=False, id="a7",  # back-dated
          recorded_at="2009-06-04T10:00:00+02:00"),
    _line(type="counsellor_change", date="2008-03-10", counsellor="c9", id="a8",  # back-dated
          recorded_at="2009-06-05T10:00:00+02:00"),
    _line(type="retraction", date="2009-06-06", event="a4", reason="typed twice", id="a9",
          recorded_at="2009-06-06T10:00:00+02:00"),
]) + "\n"

SHOWN = """\
participant           p1
state                 completed
project               Bergen
counsellor            c9
gender                F
country               SO
intake                2008-03-01
end                   2008-06-01
exit                  2008-06-01 kind=completed outcome=full_time_job
planned end           2010-03-01
days suspended        0
absence days valid    1.0
absence days invalid  0.0
plan                  2008-03-10 norwegian
follow-up 6 months    2008-12-02 employed no
follow-up 12 months   2009-06-02 employed yes

Events in force
  date        type               details                                                                                                 recorded                   by    id
  2008-03-01  intake             project=Bergen counsellor=c7 gender=F country=SO resident_since=2004-01-01 assistance_since=2007-01-01  2008-03-01T10:00:00+01:00  kari  a1
  2008-03-10  plan               measures=norwegian                                                                                      2008-03-10T10:00:00+01:00  kari  a2
  2008-03-10  absence            days=1 valid=yes                                                                                        2008-03-10T11:00:00+01:00  kari  a3
  2008-03-10  counsellor_change  counsellor=c9                                                                                           2009-06-05T10:00:00+02:00  kari  a8
  2008-06-01  exit               kind=completed outcome=full_time_job                                                                    2008-06-01T10:00:00+02:00  kari  a5
  2008-12-02  follow_up          months=6 employed=no                                                                                    2009-06-04T10:00:00+02:00  kari  a7
  2009-06-02  follow_up          months=12 employed=yes                                                                                  2009-06-03T10:00:00+02:00  kari  a6

"""


def test_show_lists_each_event_in_force_once_in_effective_order(cli_env, tmp_path):
    source = tmp_path / "p1.jsonl"
    source.write_text(EFFECTIVE, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(source)]).exit_code == 0
    for rebuilt in (False, True):
        if rebuilt:
            assert runner.invoke(cli, ["rebuild"]).exit_code == 0
        table = runner.invoke(cli, ["show", "p1", "--date", "2009-12-31"])
        assert table.exit_code == 0 and table.stderr == ""
        assert table.stdout == SHOWN
        shown = json.loads(runner.invoke(
            cli, ["show", "p1", "--date", "2009-12-31", "--format", "json"]).stdout)
        assert [e["id"] for e in shown["events"]] == ["a1", "a2", "a3", "a8", "a5", "a7", "a6"]
        assert shown["follow_ups"] == [
            {"date": "2008-12-02", "months": 6, "employed": False, "industry": None},
            {"date": "2009-06-02", "months": 12, "employed": True, "industry": None}]
    # on a day between the follow-ups only what is in force then
    shown = json.loads(runner.invoke(
        cli, ["show", "p1", "--date", "2009-01-01", "--format", "json"]).stdout)
    assert [e["id"] for e in shown["events"]] == ["a1", "a2", "a3", "a8", "a5", "a7"]
    assert [u["months"] for u in shown["follow_ups"]] == [6]
