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

PROJECT_COLUMNS = ("participants", "new", "carried_over", "women_share", "exits", "completed",
                   "aborted", "transferred_to_nav", "goal_base", "work_or_education",
                   "work_or_education_rate")
YEAR_END = {"active": "active", "suspended": "suspended", "average months": "average_months",
            "within 12 months": "share_within_12_months", "over 24 months": "over_24_months"}


def english_codes() -> dict[str, dict[str, str]]:
    """The English table's labels back to the codes (i18n.terms, CLDR country names)."""
    from i18n import cldr_data
    from i18n.terms import TERMS
    codes = {kind: {label: code for code, label in terms.items()} for kind, terms in TERMS.items()}
    codes["country"] = {name: code for code, name in cldr_data()["en"]["territories"].items()}
    return codes


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def flat(value, prefix: str = "") -> dict:
    if isinstance(value, dict):
        return {k: v for key, inner in value.items()
                for k, v in flat(inner, f"{prefix}.{key}" if prefix else key).items()}
    return {prefix: value}


def stats_table_figures(table: str) -> dict[str, str]:
    """Every figure the English stats table prints, by the dotted JSON key it stands for
    (shares the table works out itself, like "61.0%" of participants, are left out)."""
    codes = english_codes()
    gender = codes["gender"]
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
        if line.startswith(" " * 8) or row[0] in ("project",):
            continue  # a header
        label, values = row[0], row[1:]
        if section == "":
            key = {"Participants": "participants", "carried over": "carried_over", "new": "new",
                   "Exits": "exits", "Remaining at year end": "remaining"}.get(label)
            if label == "Exits":
                by_gender = "exits_by_gender"
            out[key or f"{by_gender}.{gender[label]}"] = values[0]
        elif section == "countries":
            if not label.endswith("other countries"):
                out[f"by_country.{codes['country'][label]}"] = values[0]
        elif section == "Exits":
            if label.startswith("transferred, "):
                out[f"transferred_by_gender.{gender[label.split(', ')[1].title()]}"] = values[0]
            else:
                out[f"exit_types.{codes['exit_type'][label]}"] = values[0]
        elif section == "Goal":
            if label == "All":
                keys = ["work_or_education", "goal_base", "work_or_education_rate"]
            else:
                keys = [f"work_or_education_by_gender.{gender[label]}.{k}"
                        for k in ("count", "base", "rate")]
            out.update(zip(keys, values))
        elif section == "Outcomes":
            out[f"outcomes.{codes['outcome'][label]}"] = values[0]
        elif section == "Reasons":
            out[f"abort_reasons.{codes['abort_reason'][label]}"] = values[0]
        elif section == "Average":
            single = {"Completed Ny sjanse": "completed", "Aborted": "aborted",
                      "Transferred to the qualification programme": "transferred_to_nav"}
            if label in single:
                out[f"average_months.{single[label]}"] = values[0]
            else:
                name = (f"abort_reasons.{codes['abort_reason'][label.split(': ')[1]]}"
                        if label.startswith("Aborted: ") else
                        {"Work or education": "work_or_education",
                         "Not work or education": "not_work_or_education"}[label])
                out.update(zip([f"average_months.{name}.{g}" for g in ("all", "F", "M")], values))
        elif section == "Active":
            out[f"year_end.{YEAR_END[label]}"] = values[0]
        elif section == "Projects":
            out.update(zip([f"projects.{label}.{k}" for k in PROJECT_COLUMNS], values))
        elif section == "Incentive":
            key = ({"Participants": "participants", "at 12 months": "twelve_months"}.get(label)
                   or (f"by_gender.{gender[label]}" if label in gender
                       else f"by_industry.{codes['industry'][label]}"))
            out[f"incentive.{key}"] = values[0]
    return out


def as_in_table(key: str, value) -> str:
    """A JSON value as the English table prints it: shares as percentages (CLDR: `36.4%`),
    months to one decimal, a dash for none."""
    if value is None:
        return "–"
    if key.endswith(("rate", "women_share", "share_within_12_months")):
        return f"{value * 100:.1f}%"
    if "average_months" in key:
        return f"{value:.1f}"
    return str(value)


def test_tables_show_the_figures_of_json_and_csv(sample):
    table = sample("stats", "2008").stdout
    figures = flat(json.loads(sample("stats", "2008", "--format", "json").stdout))
    shown = stats_table_figures(table)
    assert shown == {k: as_in_table(k, figures[k]) for k in shown}
    # every figure is in the table, but for the smallest countries, summed there
    countries = {k: v for k, v in figures.items() if k.startswith("by_country.")}
    smallest = set(sorted(countries, key=lambda k: (-countries[k], k))[12:])
    assert set(figures) - set(shown) == smallest and len(smallest) == 6
    assert f"6 other countries  {sum(countries[k] for k in smallest)}" in \
        re.sub(r" {2,}", "  ", table)

    # CSV: one row per figure, `figure,group,value`, rounded as the tables round
    [header, *rows] = list(csv.reader(io.StringIO(
        sample("stats", "2008", "--format", "csv").stdout)))
    assert header == ["figure", "group", "value"] and len(rows) == len(figures)
    by = {(f, g): v for f, g, v in rows}
    assert len(by) == len(rows)
    assert by[("year", "")] == "2008" and by[("by_gender", "F")] == str(figures["by_gender.F"])
    assert by[("by_country", "SO")] == "16" and by[("projects.participants", "Bergen")] == "19"
    assert by[("work_or_education_rate", "")] == "0.364"
    assert by[("work_or_education_by_gender.rate", "F")] == "0.348"
    assert by[("average_months.abort_reasons", "other.F")] == "13.9"
    assert by[("average_months.abort_reasons", "health.all")] == ""
    assert by[("average_months.work_or_education", "M")] == "17.5"
    assert by[("year_end.share_within_12_months", "")] == "0.771"

    table = sample("status", "--date", "2008-12-31").stdout.split("\n\n")[1].splitlines()
    [header, *rows] = list(csv.reader(io.StringIO(
        sample("status", "--date", "2008-12-31", "--format", "csv").stdout)))
    assert header == ["date", "participant", "project", "counsellor", "gender", "country",
                      "intake_date", "months", "suspended", "has_plan", "planned_end", "overdue"]
    yes = {"true": "yes", "false": "no"}
    names = {"F": "Woman", "M": "Man"}
    country = {code: name for name, code in english_codes()["country"].items()}
    assert [cells(line) for line in table[1:]] == [
        [*row[1:4], names[row[4]], country[row[5]], row[6], f"{float(row[7]):.1f}",
         yes[row[8]], yes[row[9]], row[10] or "-", yes[row[11]]]
        for row in rows]
    assert {row[0] for row in rows} == {"2008-12-31"} and len(rows) == 35
    assert all(re.fullmatch(r"\d+\.\d", row[7]) or row[7].isdigit() for row in rows)

    table = [block for block in sample("caseload", "--date", "2008-06-30").stdout.split("\n\n")[1:]
             if block.strip()]
    [header, *rows] = list(csv.reader(io.StringIO(
        sample("caseload", "--date", "2008-06-30", "--format", "csv").stdout)))
    assert header == ["date", "counsellor", "over_capacity", "participant", "project",
                      "intake_date", "months", "suspended", "has_plan", "planned_end", "overdue",
                      "invalid_absence_days", "no_plan", "invalid_absence"]
    caseload = json.loads(sample("caseload", "--date", "2008-06-30", "--format", "json").stdout)
    over = {True: "  OVER CAPACITY", False: ""}
    assert [block.splitlines()[0] for block in table] == [
        f"{c['counsellor']}: {c['active']} active, {c['suspended']} suspended"
        f"{over[c['over_capacity']]}" for c in caseload["counsellors"]]
    assert [(r[1], r[3]) for r in rows] == [(c["counsellor"], p) for c in caseload["counsellors"]
                                            for p in c["participants"]]
    listed = [cells(line)[0] for block in table for line in block.splitlines()[2:]]
    assert listed == [row[3] for row in rows] and len(rows) == 48  # 43 counsellors
    marks = {"no plan": 12, "suspended": 7, "planned end passed": 10, "invalid absence": 13}
    for block in table:
        for line in block.splitlines()[2:]:
            row = next(r for r in rows if r[3] == cells(line)[0])
            said = line.split("! ")[1].split(", ") if "! " in line else []
            assert said == [m for m, i in marks.items() if row[i] == "true"]


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
    assert result.stderr.startswith("error: no store at ") and result.stderr.endswith(
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
    assert refused.stderr == (f"error: the store {other} already holds other events; the demo needs an "
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
participant            p1
state                  Completed
project                Bergen
counsellor             c9
gender                 Woman
country                Somalia
intake                 2008-03-01
end                    2008-06-01
exit                   2008-06-01 kind: Completed; outcome: Ordinary full-time job
planned end            2010-03-01
days suspended         0
absence days, valid    1.0
absence days, invalid  0.0
plan                   2008-03-10 Norwegian
follow-up 6 months     2008-12-02 not employed
follow-up 12 months    2009-06-02 employed

Events in force
  date        type               details                                                                                                                     recorded                   by    id
  2008-03-01  Intake             project: Bergen; counsellor: c7; gender: Woman; country: Somalia; resident since: 2004-01-01; assistance since: 2007-01-01  2008-03-01T10:00:00+01:00  kari  a1
  2008-03-10  Plan               measures: Norwegian                                                                                                         2008-03-10T10:00:00+01:00  kari  a2
  2008-03-10  Absence            days: 1; valid: yes                                                                                                         2008-03-10T11:00:00+01:00  kari  a3
  2008-03-10  Counsellor change  counsellor: c9                                                                                                              2009-06-05T10:00:00+02:00  kari  a8
  2008-06-01  Exit               kind: Completed; outcome: Ordinary full-time job                                                                            2008-06-01T10:00:00+02:00  kari  a5
  2008-12-02  Follow-up          months: 6; employed: no                                                                                                     2009-06-04T10:00:00+02:00  kari  a7
  2009-06-02  Follow-up          months: 12; employed: yes                                                                                                   2009-06-03T10:00:00+02:00  kari  a6

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
        assert table.stdout == SHOWN  # not cut: not a terminal, no COLUMNS
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
        1, "", "error: no store at sqlite:///x.db: import or record events first\n")
