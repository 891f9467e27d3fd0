"""The read commands and the demo, through click's CliRunner, on the sample and the demo year."""
import csv
import io
import json
import math
import re

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


# -- tables and CSV: the same figures, each as the table rounds it -------------------------------

TABLE_COLUMNS = {"count", "share", "base", "rate", "all", "F", "M", "value", "project",
                 "participants", "new", "carried", "women", "exits", "completed", "aborted",
                 "to NAV", "goal base", "work/edu"}
PROJECT_COLUMNS = ("participants", "new", "carried_over", "women_share", "exits", "completed",
                   "aborted", "transferred_to_nav", "goal_base", "work_or_education",
                   "work_or_education_rate")
AVERAGES = {"completed": "completed", "aborted": "aborted",
            "transferred to NAV": "transferred_to_nav"}
YEAR_END = {"active": "active", "suspended": "suspended", "average months": "average_months",
            "within 12 months": "share_within_12_months", "over 24 months": "over_24_months"}


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def stats_table_figures(table: str) -> dict[str, str]:
    """Every figure the stats table prints, by the CSV key it stands for (shares the table
    works out itself, like "61.0 %" of participants, are left out: the CSV has no such key)."""
    out: dict[str, str] = {}
    section, by_gender = "", "by_gender"
    for line in table.splitlines():
        if not line.strip():
            continue
        if m := re.fullmatch(r"Ny sjanse (\d+)", line):
            out["year"] = m[1]
            continue
        if m := re.fullmatch(r"Countries of background: (\d+)", line):
            section, out["countries"] = "countries", m[1]
            continue
        if not line.startswith(" ") and len(cells(line)) == 1:  # a heading: "Exits by type"
            section = line.split()[0].rstrip(":")
            continue
        row = cells(line)
        if all(c in TABLE_COLUMNS for c in row):
            continue  # a header
        label, values = row[0], row[1:]
        if section == "":
            key = {"Participants": "participants", "carried over": "carried_over", "new": "new",
                   "Exits": "exits", "Remaining at year end": "remaining"}.get(label)
            if label == "Exits":
                by_gender = "exits_by_gender"
            out[key or f"{by_gender}.{label}"] = values[0]
        elif section == "countries":
            if not label.endswith("other countries"):
                out[f"by_country.{label}"] = values[0]
        elif section == "Exits":
            if label.startswith("transferred "):
                out[f"transferred_by_gender.{label.split()[1]}"] = values[0]
            else:
                out[f"exit_types.{label}"] = values[0]
        elif section == "Goal":
            if label == "all":
                keys = ["work_or_education", "goal_base", "work_or_education_rate"]
            else:
                keys = [f"work_or_education_by_gender.{label}.{k}"
                        for k in ("count", "base", "rate")]
            out.update(zip(keys, values))
        elif section == "Outcomes":
            out[f"outcomes.{label}"] = values[0]
        elif section == "Reasons":
            out[f"abort_reasons.{label}"] = values[0]
        elif section == "Average":
            if label in AVERAGES:
                out[f"average_months.{AVERAGES[label]}"] = values[0]
            else:
                name = (f"abort_reasons.{label.split(': ')[1]}" if label.startswith("aborted: ")
                        else label)
                out.update(zip([f"average_months.{name}.{g}" for g in ("all", "F", "M")], values))
        elif section == "Active":
            out[f"year_end.{YEAR_END[label]}"] = values[0]
        elif section == "Projects":
            out.update(zip([f"projects.{label}.{k}" for k in PROJECT_COLUMNS], values))
        elif section == "Incentive":
            key = {"participants": "participants", "F": "by_gender.F", "M": "by_gender.M",
                   "at 12 months": "twelve_months"}.get(label, f"by_industry.{label}")
            out[f"incentive.{key}"] = values[0]
    return out


def as_in_table(key: str, value: str) -> str:
    """A CSV value as the table prints it: shares as percentages, months to one decimal."""
    if value == "":
        return "-"
    if key.endswith(("rate", "women_share", "share_within_12_months")):
        return f"{float(value) * 100:.1f} %"
    if "average_months" in key:
        return f"{float(value):.1f}"
    return value


def test_tables_and_csv_show_the_same_numbers(sample):
    table = sample("stats", "2008").stdout
    [header, *rows] = list(csv.reader(io.StringIO(
        sample("stats", "2008", "--format", "csv").stdout)))
    assert header == ["key", "value"]
    flat = dict(rows)
    shown = stats_table_figures(table)
    assert shown == {k: as_in_table(k, flat[k]) for k in shown}
    # every figure of the CSV is in the table, but for the smallest countries, summed there
    countries = {k: int(v) for k, v in flat.items() if k.startswith("by_country.")}
    smallest = set(sorted(countries, key=lambda k: (-countries[k], k))[12:])
    assert set(flat) - set(shown) == smallest and len(smallest) == 6
    assert f"{len(smallest)} other countries  {sum(countries[k] for k in smallest)}" in \
        re.sub(r" {2,}", "  ", table)

    table = sample("status", "--date", "2008-12-31").stdout.split("\n\n")[1].splitlines()
    [header, *rows] = list(csv.reader(io.StringIO(
        sample("status", "--date", "2008-12-31", "--format", "csv").stdout)))
    assert header == ["date", "participant", "project", "counsellor", "gender", "country",
                      "intake_date", "months", "suspended", "has_plan", "planned_end", "overdue"]
    yes = {"true": "yes", "false": "no"}
    assert [cells(line) for line in table[1:]] == [
        [*row[1:7], f"{float(row[7]):.1f}", yes[row[8]], yes[row[9]], row[10] or "-", yes[row[11]]]
        for row in rows]
    assert {row[0] for row in rows} == {"2008-12-31"} and len(rows) == 35

    table = sample("caseload", "--date", "2008-06-30").stdout.split("\n\n")[1:-1]
    [header, *rows] = list(csv.reader(io.StringIO(
        sample("caseload", "--date", "2008-06-30", "--format", "csv").stdout)))
    assert header == ["date", "counsellor", "active", "suspended", "over_capacity", "participants"]
    over = {"true": "  OVER CAPACITY", "false": ""}
    assert [(block.splitlines()[0], [cells(line)[0] for line in block.splitlines()[2:]])
            for block in table] == [
        (f"{c}: {active} active, {suspended} suspended{over[flag]}", participants.split())
        for _, c, active, suspended, flag, participants in rows]
    assert len(rows) == 43


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
    assert first.stderr == (f"loaded the 2008 demo year: 8834 events for 1221 participants "
                            f"into {cli_env['NYSJANSE_DB']}\n")
    assert first.stdout == runner.invoke(cli, ["stats", "2008"]).stdout  # the 2008 table
    assert first.stdout.startswith("Ny sjanse 2008\n") and "\nParticipants  692\n" in re.sub(
        r" {2,}", "  ", first.stdout)
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


@pytest.mark.parametrize("command", [["stats", "2008"], ["status"], ["caseload"], ["show", "p1"],
                                     ["history", "p1"], ["export"], ["rebuild"]])
def test_a_url_that_is_not_postgresql_names_a_missing_file(cli_env, tmp_path, monkeypatch,
                                                           command):
    # Only postgresql:// and postgres:// name a server; anything else is a file path, and
    # reading a file that is not there is refused, not answered with zeros.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*command, "--db", "sqlite:///x.db"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "no store at sqlite:///x.db: import or record events first\n")
