"""The access log (privacy.md): who was shown whom, append-only, by pseudonym, surviving rebuild."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from cli import cli
from store.access import TABLE, log_path
from tests.conftest import EXAMPLES, SAMPLE, open_db


@pytest.fixture
def run(cli_env):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert invoke("import", SAMPLE).exit_code == 0
    return invoke


def entries(run, *args) -> list[dict]:
    result = run("access-log", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_show_and_history_are_logged_with_who_and_what(run):
    assert run("show", "p00118", "--date", "2008-12-31", "--user", "kari").exit_code == 0
    assert run("history", "p00118", "--user", "olav").exit_code == 0
    assert run("show", "p00001", "--date", "2008-12-31").exit_code == 0  # another participant
    found = entries(run, "--participant", "p00118")
    assert [(e["user"], e["command"], e["participants"]) for e in found] == [
        ("kari", "show p00118 --date 2008-12-31", ["p00118"]),
        ("olav", "history p00118", ["p00118"]),
    ]
    assert found[0]["at"] <= found[1]["at"]
    assert [e["command"] for e in entries(run, "--user", "olav")] == ["history p00118"]
    assert entries(run, "--since", "2100-01-01T00:00:00Z") == []
    assert len(entries(run, "--since", "2000-01-01T00:00:00Z")) == 3


def test_since_takes_a_plain_date_from_the_start_of_that_day_in_norway(run):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    assert run("show", "p00118", "--date", "2008-12-31").exit_code == 0
    today = datetime.now(ZoneInfo("Europe/Oslo")).date()
    assert len(entries(run, "--since", today.isoformat())) == 1  # this morning's entry counts
    assert entries(run, "--since", (today + timedelta(days=1)).isoformat()) == []
    bad = run("access-log", "--since", "2026-02-30")  # as --known-at refuses one
    assert (bad.exit_code, bad.stderr) == (1, "invalid: since '2026-02-30' is not a calendar date\n")


def test_lists_name_everyone_they_show(run):
    status = json.loads(run("status", "--date", "2008-12-31", "--format", "json").stdout)
    caseload = json.loads(run("caseload", "--date", "2008-06-30", "--counsellor", "berge1",
                              "--format", "json").stdout)
    assert run("export").exit_code == 0
    logged = entries(run)
    assert [e["command"] for e in logged] == [
        "status --format json --date 2008-12-31",
        "caseload --format json --counsellor berge1 --date 2008-06-30", "export"]
    assert logged[0]["participants"] == sorted(a["participant"] for a in status["active"])
    assert logged[1]["participants"] == sorted(caseload["counsellors"][0]["participants"])
    assert len(logged[2]["participants"]) == 161  # export: everyone in the store


def test_entries_name_pseudonyms_only_and_cannot_be_changed(run, cli_env):
    assert run("show", "p00118", "--date", "2008-12-31").exit_code == 0
    path = log_path(cli_env["NYSJANSE_DB"])
    assert b"p00118" not in open(path, "rb").read()
    conn = open_db(path)  # SQLCipher, with the store's key
    try:
        (command, participants), = conn.execute(f"SELECT command, participants FROM {TABLE}")
        assert command.startswith("show ps-") and "p00118" not in command + participants
        for statement in (f"DELETE FROM {TABLE}", f"UPDATE {TABLE} SET user_name = 'x'"):
            with pytest.raises(Exception, match="append-only"):
                conn.execute(statement)
    finally:
        conn.close()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_the_log_survives_rebuild_and_names_the_erased_by_pseudonym(run):
    assert run("show", "p00118", "--date", "2008-12-31").exit_code == 0
    assert run("rebuild").exit_code == 0
    assert len(entries(run, "--participant", "p00118")) == 1
    pseudonym = run("erase", "p00118", "--reason", "asked").stdout.split()[-1]
    found = entries(run, "--participant", pseudonym)
    assert [(e["command"], e["participants"]) for e in found] == [
        (f"show {pseudonym} --date 2008-12-31", [pseudonym])]
    # nothing kept leads from the erased id to the pseudonym (privacy.md): one sentence
    by_id = run("access-log", "--participant", "p00118")
    assert (by_id.exit_code, by_id.stdout) == (1, "")
    assert by_id.stderr.startswith("error: p00118 was erased on ")
    assert by_id.stderr.endswith(" by kari: asked; the access log names them by their pseudonym\n")


def test_a_read_that_cannot_be_logged_is_refused(run, cli_env):
    os.mkdir(log_path(cli_env["NYSJANSE_DB"]))  # where the log must go, something else is
    result = run("show", "p00118", "--date", "2008-12-31")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("error: the access log cannot be written (")
    assert result.stderr.endswith("), so nothing is shown\n") and result.stderr.count("\n") == 1
    assert run("stats", "2008").exit_code == 0  # figures name nobody: not logged, not refused


def test_table_and_csv(run):
    assert run("history", "p00118", "--user", "olav").exit_code == 0
    table = run("access-log").stdout.splitlines()
    assert table[0].split() == ["at", "user", "command", "participants"]
    assert table[1].split()[1:] == ["olav", "history", "p00118", "p00118"]
    csv = run("access-log", "--format", "csv").stdout.splitlines()
    assert csv[0] == "at,user,command,participants"
    assert csv[1].endswith(",olav,history p00118,p00118")


# -- the report: its appendix names participants ------------------------------------------

SMALL = EXAMPLES / "audit-small.jsonl"  # a figure corrected after T1 (tests/e2e/test_report_changes)
T1 = "2009-01-31T00:00:00+01:00"


@pytest.fixture
def audited(cli_env, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert invoke("import", SMALL).exit_code == 0
    return invoke


def test_a_report_with_the_changes_appendix_is_logged_with_the_participants_it_names(audited):
    changed = json.loads(audited("changes", "2008", "--from", T1, "--format", "json").stdout)
    named = sorted({p for c in changed["changes"]
                    for p in (*c["participants_added"], *c["participants_removed"])})
    assert "p2" in named
    before = len(entries(audited))
    result = audited("report", "2008", "-o", "r.html", "--changes-since", T1, "--user", "olav")
    assert result.exit_code == 0, result.stderr
    logged = entries(audited)[before:]
    assert [(e["user"], e["command"], e["participants"]) for e in logged] == [
        ("olav", f"report 2008 --output r.html --changes-since {T1}", named)]
    # the page to standard output alike; a report without the appendix names nobody: no entry
    assert audited("report", "2008", "-o", "-", "--changes-since", T1).exit_code == 0
    assert audited("report", "2008", "-o", "plain.html").exit_code == 0
    assert [e["command"] for e in entries(audited)[before:]] == [
        f"report 2008 --output r.html --changes-since {T1}",
        f"report 2008 --output - --changes-since {T1}"]


def test_a_report_naming_participants_that_cannot_be_logged_is_refused(audited, cli_env,
                                                                        tmp_path):
    os.mkdir(log_path(cli_env["NYSJANSE_DB"]))  # where the log must go, something else is
    for output in ("r.html", "-"):
        result = audited("report", "2008", "-o", output, "--changes-since", T1)
        assert (result.exit_code, result.stdout) == (1, ""), output
        assert result.stderr.startswith("error: the access log cannot be written (")
        assert result.stderr.endswith("), so nothing is shown\n")
        assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir() if "r.html" in p.name) == []
    assert audited("report", "2008", "-o", "r.html").exit_code == 0  # names nobody: not refused
