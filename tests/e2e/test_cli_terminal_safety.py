"""Stored text never reaches a terminal raw: control and bidirectional characters in a store
written before input refused them are shown as `\\uXXXX` by every table, CSV, JSON, export
line and refusal (`domain.unsafe`). The store is crafted past input's checks (tests.crafted)."""
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from cli import cli
from tests.crafted import HOSTILE, SHOWN, craft, raw_unsafe


def intake(p, day, project, id_, at, **fields):
    return {"type": "intake", "participant": p, "date": day, "project": project,
            "counsellor": "c7", "gender": "F", "country": "SO", "resident_since": "2004-01-01",
            "assistance_since": "2007-01-01", "id": id_, "recorded_at": at, **fields}


FACTS = [
    intake("p1", "2008-03-01", "XPROJECTX", "i1", "2008-03-01T10:00:00+01:00",
           recorded_by="XUSERX"),
    {"type": "absence", "participant": "p1", "date": "2008-04-01", "days": 1, "valid": False,
     "note": "XNOTEX", "id": "i2", "recorded_at": "2008-04-01T10:00:00+02:00"},
    {"type": "absence", "participant": "p1", "date": "2008-04-02", "days": 2, "valid": True,
     "note": "XNOTEX", "id": "i3", "recorded_at": "2008-04-02T10:00:00+02:00"},
    {"type": "retraction", "participant": "p1", "date": "2008-04-03", "event": "i2",
     "reason": "XREASONX", "id": "i4", "recorded_at": "2008-04-03T10:00:00+02:00"},
    intake("p2", "2008-03-02", "Bergen", "i5", "2008-03-02T10:00:00+01:00"),
    {"type": "transfer_to_nav", "participant": "p2", "date": "2008-05-01",
     "programme": "XPROGX", "id": "i6", "recorded_at": "2008-05-01T10:00:00+02:00"},
]
TEXTS = {"XPROJECTX": HOSTILE, "XNOTEX": "note\x1b[2J", "XREASONX": "why\u202eyhw",
         "XUSERX": "kari\x9b31m", "XPROGX": "kvp\u2067"}


@pytest.fixture
def run(cli_env):
    craft(cli_env["NYSJANSE_DB"], FACTS, TEXTS)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)
    return invoke


SHOW = f"""\
participant           p1
state                 active
project               {SHOWN}
counsellor            c7
gender                F
country               SO
intake                2008-03-01
end                   -
exit                  -
planned end           2010-03-01
days suspended        0
absence days valid    2.0
absence days invalid  0.0
plan                  -

Events in force
  date        type     details{' ' * 155}recorded                   by             id
  2008-03-01  intake   project={SHOWN} counsellor=c7 gender=F country=SO resident_since=2004-01-01 assistance_since=2007-01-01  2008-03-01T10:00:00+01:00  kari\\u009b31m  i1
  2008-04-02  absence  days=2 valid=yes note=note\\u001b[2J{' ' * 127}2008-04-02T10:00:00+02:00  kari           i3

"""

HISTORY = f"""\
recorded                   by             type        date        details{' ' * 155}id  retracted
2008-03-01T10:00:00+01:00  kari\\u009b31m  intake      2008-03-01  project={SHOWN} counsellor=c7 gender=F country=SO resident_since=2004-01-01 assistance_since=2007-01-01  i1
2008-04-01T10:00:00+02:00  kari           absence     2008-04-01  days=1 valid=no note=note\\u001b[2J{' ' * 128}i2  by i4 at 2008-04-03T10:00:00+02:00
2008-04-02T10:00:00+02:00  kari           absence     2008-04-02  days=2 valid=yes note=note\\u001b[2J{' ' * 127}i3
2008-04-03T10:00:00+02:00  kari           retraction  2008-04-03  event=i2 reason=why\\u202eyhw{' ' * 134}i4

"""


def test_show_and_history_tables_escape_stored_text(run):
    shown = run("show", "p1", "--date", "2008-12-31")
    assert shown.exit_code == 0 and shown.stderr == ""
    assert shown.stdout == SHOW
    history = run("history", "p1")
    assert history.exit_code == 0 and history.stdout == HISTORY
    transfer = run("history", "p2").stdout
    assert "programme=kvp\\u2067" in transfer and not raw_unsafe(transfer)


def test_status_caseload_and_stats_tables_escape_stored_text(run):
    status = run("status", "--date", "2008-04-15").stdout
    assert f"p1           {SHOWN}  c7          F       SO       2008-03-01" in status
    caseload = run("caseload", "--date", "2008-04-15").stdout
    assert f"  p1           {SHOWN}  2008-03-01     1.5  no" in caseload
    stats = run("stats", "2008").stdout
    assert f"\n  {SHOWN}             1    1        0  100.0 %" in stats
    for out in (status, caseload, stats):
        assert not raw_unsafe(out)


def test_csv_escapes_stored_text(run):
    status = run("status", "--date", "2008-04-15", "--format", "csv")
    assert status.exit_code == 0 and not raw_unsafe(status.stdout)
    assert status.stdout.splitlines()[1].startswith(f"2008-04-15,p1,{SHOWN},c7,F,SO,2008-03-01,")
    stats = run("stats", "2008", "--format", "csv").stdout
    assert f"projects.{SHOWN}.participants,1\n" in stats and not raw_unsafe(stats)
    caseload = run("caseload", "--date", "2008-04-15", "--format", "csv").stdout
    assert caseload.endswith(",c7,2,0,false,p1 p2\n") and not raw_unsafe(caseload)


@pytest.mark.parametrize("args", [
    ["show", "p1", "--date", "2008-12-31"], ["history", "p1"], ["history", "p2"],
    ["status", "--date", "2008-04-15"], ["caseload", "--date", "2008-04-15"], ["stats", "2008"]])
def test_json_escapes_what_it_would_write_raw_and_keeps_the_value(run, cli_env, args):
    from projections import queries
    result = run(*args, "--format", "json")
    assert result.exit_code == 0 and not raw_unsafe(result.stdout)
    db = cli_env["NYSJANSE_DB"]
    expected = {"show": lambda: queries.show(db, "p1", "2008-12-31"),
                "history": lambda: queries.history(db, args[1]),
                "status": lambda: queries.status(db, "2008-04-15"),
                "caseload": lambda: queries.caseload(db, "2008-04-15"),
                "stats": lambda: queries.stats(db, 2008)}[args[0]]()
    assert json.loads(result.stdout) == expected


def test_json_writes_the_escapes(run):
    shown = run("show", "p1", "--date", "2008-12-31", "--format", "json").stdout
    assert ' "project": "A\\u001b]0;owned\\u0007B\\u202eC\\u0085D\\u2066E\\u007fF\\u200fG\\u2028H",\n' in shown
    assert json.loads(shown)["project"] == HOSTILE


def test_export_lines_escape_and_keep_the_value(run):
    from domain.facts import canonical
    first = run("export")
    assert first.exit_code == 0 and not raw_unsafe(first.stdout)
    assert run("export").stdout == first.stdout
    lines = first.stdout.splitlines()
    assert lines[0] == (
        '{"type": "intake", "participant": "p1", "date": "2008-03-01", "project": '
        '"A\\u001b]0;owned\\u0007B\\u202eC\\u0085D\\u2066E\\u007fF\\u200fG\\u2028H", '
        '"counsellor": "c7", "gender": "F", "country": "SO", "resident_since": "2004-01-01", '
        '"assistance_since": "2007-01-01", "id": "i1", "recorded_at": '
        '"2008-03-01T10:00:00+01:00", "recorded_by": "kari\\u009b31m"}')
    facts = [json.loads(line) for line in lines]
    assert facts[0]["project"] == HOSTILE and facts[0]["recorded_by"] == "kari\x9b31m"
    assert facts[3]["reason"] == "why\u202eyhw" and facts[5]["programme"] == "kvp\u2067"
    # a line with nothing to escape is as before: UTF-8 kept, canonical order
    assert lines[4] == json.dumps(canonical(facts[4]), ensure_ascii=False)


def test_refusals_escape_the_values_they_name(run, tmp_path):
    # An id with control characters is no id at all (events.md): a usage error, its value quoted
    # escaped.
    unknown = run("show", "p\x1b[2J\u202e", "--date", "2008-12-31")
    assert unknown.exit_code == 2 and not raw_unsafe(unknown.stderr)
    assert unknown.stderr.splitlines()[-1] == (
        "Error: Invalid value for 'PARTICIPANT': participant must be 1-64 characters of "
        "A-Z a-z 0-9 . _ -, not 'p\\x1b[2J\\u202e'")
    retract = run("retract", "e\x1b]0;x\x07", "--reason", "x")
    assert retract.exit_code == 2 and not raw_unsafe(retract.stderr)
    assert retract.stderr.splitlines()[-1] == (
        "Error: Invalid value for 'EVENT_ID': event_id must be 1-64 characters of "
        "A-Z a-z 0-9 . _ -, not 'e\\x1b]0;x\\x07'")
    nowhere = run("stats", "2008", "--db", str(tmp_path / "no\x9bstore.db"))
    assert nowhere.exit_code == 1
    assert nowhere.stderr == (f"no store at {tmp_path}/no\\u009bstore.db: import or record "
                              f"events first\n")
    report = run("report", "2008", "-o", "/missing\x1b[31m/r.html")
    assert report.exit_code == 1
    assert report.stderr == ("cannot write /missing\\u001b[31m/r.html: "
                             "folder /missing\\u001b[31m does not exist\n")


def test_the_report_page_escapes_stored_text_and_its_charts_are_xml(run, cli_env):
    from report import build_report
    html = build_report(cli_env["NYSJANSE_DB"], 2008, lang="en")
    assert not raw_unsafe(html) and SHOWN in html
    svgs = html.split("<svg")[1:]
    assert len(svgs) == 15
    for svg in svgs:
        ET.fromstring("<svg" + svg.split("</svg>")[0] + "</svg>")  # well-formed XML


def test_report_writes_one_line_and_nothing_else_on_stderr(cli_env, tmp_path):
    """No notice from matplotlib (a HOME it cannot write, a glyph its font lacks)."""
    from store.keys import default_path
    craft(cli_env["NYSJANSE_DB"], [*FACTS, intake("p3", "2008-03-03", "北京 😀", "i7",
                                                   "2008-03-03T10:00:00+01:00")], TEXTS)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    home = tmp_path / "home"
    home.write_text("a file: matplotlib cannot make its folder in it, even as root")
    env = {k: v for k, v in os.environ.items()
           if k not in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "PYTHONWARNINGS")}
    out = tmp_path / "r.html"
    done = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "report", "2008", "-o", str(out)],
        capture_output=True, text=True, cwd=tmp_path,
        # the store's key named: the per-user default would be under that HOME
        env={**env, "PYTHONPATH": root, "HOME": str(home), "NYSJANSE_KEY_FILE": str(default_path())})
    assert (done.returncode, done.stdout, done.stderr) == (0, "", f"wrote {out}\n")


def test_import_error_lines_escape_what_they_quote(cli_env, tmp_path):
    line = {"type": "exit", "participant": "p1", "date": "2008-01-01", "kind": "aborted",
            "by": "participant", "reason": "health", "zz\x1b]0;x\x07": 1}
    source = tmp_path / "bad.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source)])
    assert result.exit_code == 1
    assert result.stderr == ("line 1: unknown field zz\\u001b]0;x\\u0007 for type exit\n"
                             "import refused: 1 invalid line; nothing was imported\n")
