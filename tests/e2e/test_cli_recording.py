"""The caseworker's commands, through click's CliRunner: exact output, exit codes, refusals."""
import json
import os
import re
from datetime import datetime, timezone

import click
import pytest
from click.testing import CliRunner

from cli import cli

INTAKE = ["intake", "p1", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
          "--country", "SO", "--resident-since", "2004-05-01", "--assistance-since", "2007-09-01",
          "--date", "2008-03-01"]
ID = re.compile(r"e[0-9a-f]{20}\n")


@pytest.fixture
def run(cli_env):
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)
    return invoke


def exported(run) -> list[dict]:
    result = run("export")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_intake_prints_the_event_id_and_stores_who_and_when(run):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    result = run(*INTAKE)
    after = datetime.now(timezone.utc)
    assert result.exit_code == 0 and ID.fullmatch(result.stdout)
    [stored] = exported(run)
    assert stored["id"] == result.stdout.strip()
    assert stored["recorded_by"] == "kari" and stored["date"] == "2008-03-01"
    # when: the moment of recording (to the second, with an offset), not the effective date
    recorded = datetime.fromisoformat(stored["recorded_at"])
    assert recorded.utcoffset() is not None and before <= recorded <= after


def test_a_whole_lifecycle(run):
    assert run(*INTAKE).exit_code == 0
    steps = [
        ["plan", "p1", "--measure", "norwegian", "--measure", "work_practice", "--goal", "work",
         "--date", "2008-03-05"],
        ["absence", "p1", "--days", "2", "--invalid", "--note", "no message", "--date", "2008-04-01"],
        ["absence", "p1", "--days", "1.5", "--valid", "--date", "2008-04-02"],
        ["suspend", "p1", "--reason", "parental_leave", "--date", "2008-05-01"],
        ["resume", "p1", "--date", "2008-08-01"],
        ["counsellor", "p1", "--counsellor", "c9", "--date", "2008-09-01"],
        ["exit", "p1", "--completed", "--outcome", "full_time_job", "--date", "2009-06-30"],
        ["follow-up", "p1", "--months", "6", "--employed", "--industry", "cleaning",
         "--date", "2009-12-30"],
    ]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.output)
    facts = exported(run)
    assert [f["type"] for f in facts] == ["intake", "plan", "absence", "absence", "suspension",
                                          "resumption", "counsellor_change", "exit", "follow_up"]
    assert facts[2]["days"] == 2 and facts[2]["valid"] is False and facts[3]["days"] == 1.5
    assert facts[1]["measures"] == ["norwegian", "work_practice"]


def test_transfer_and_aborted_exit(run):
    run(*INTAKE)
    assert run("transfer", "p1", "--date", "2008-06-01").exit_code == 0
    assert exported(run)[-1]["type"] == "transfer_to_nav"
    result = run("exit", "p1", "--aborted", "--by", "decision", "--reason", "behaviour",
                 "--date", "2008-07-01")
    assert result.exit_code == 1
    assert result.stderr == ("refused: exit on 2008-07-01: p1 left the programme on 2008-06-01 "
                             "(transferred to NAV)\n")


def test_refusal_is_one_plain_sentence_and_writes_nothing(run):
    for i in range(15):
        args = list(INTAKE)
        args[1] = f"p{i}"
        assert run(*args).exit_code == 0
    before = run("export").stdout
    args = list(INTAKE)
    args[1] = "p15"
    result = run(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "refused: counsellor c7 already has 15 active participants on 2008-03-01\n"
    assert run("export").stdout == before


def test_an_ineligible_intake_leaves_no_store_behind(run, store):
    args = [a if a != "2004-05-01" else "2007-05-01" for a in INTAKE]
    result = run(*args)
    assert result.exit_code == 1 and result.stderr.startswith("refused: not eligible: resident")
    assert not os.path.exists(store)


def test_invalid_value_is_named(run):
    run(*INTAKE)
    result = run("absence", "p1", "--days", "40", "--valid", "--date", "2008-04-01")
    assert (result.exit_code, result.stderr) == (
        1, "invalid: days must be more than 0 and at most 31, in steps of 0.5, not 40\n")


def test_future_date_is_refused(run):
    run(*INTAKE)
    # (2999 is now refused before that: events.md limits years to 1900-2100.)
    result = run("plan", "p1", "--measure", "norwegian", "--date", "2099-01-01")
    assert result.exit_code == 1 and "in the future" in result.stderr


def test_usage_errors_exit_2(run):
    assert run("absence", "p1", "--days", "2").exit_code == 2  # --valid or --invalid missing
    assert run("exit", "p1", "--date", "2008-01-01").exit_code == 2
    assert run("plan", "p1", "--measure", "knitting").exit_code == 2
    assert run("intake", "p1", "--date", "1.3.2008").exit_code == 2


def test_retract_finds_the_participant_by_event_id(run):
    run(*INTAKE)
    wrong = run("exit", "p1", "--completed", "--outcome", "job_seeker", "--date", "2008-10-01")
    result = run("retract", wrong.stdout.strip(), "--reason", "wrong outcome")
    assert result.exit_code == 0 and ID.fullmatch(result.stdout)
    assert exported(run)[-1] == {**exported(run)[-1], "type": "retraction", "participant": "p1",
                                 "event": wrong.stdout.strip(), "reason": "wrong outcome"}
    assert run("exit", "p1", "--completed", "--outcome", "full_time_job",
               "--date", "2008-10-01").exit_code == 0
    again = run("retract", wrong.stdout.strip(), "--reason", "twice")
    assert again.exit_code == 1 and "already retracted" in again.stderr
    unknown = run("retract", "nope", "--reason", "x")
    assert unknown.stderr == "refused: no event with id nope is stored\n"


def test_import_refusal_lists_lines_on_stderr(run, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "plan"}\n\nnot json\n', encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr == ("line 1: participant is missing\n"
                             "line 3: not valid JSON (invalid literal, expected 'null' at column 1)\n"
                             "import refused: 2 invalid lines; nothing was imported\n")


def test_import_from_stdin_and_group_level_db(run, tmp_path):
    line = json.dumps({"type": "intake", "participant": "p1", "date": "2008-03-01",
                       "project": "Bergen", "counsellor": "c7", "gender": "F", "country": "SO",
                       "resident_since": "2004-05-01", "assistance_since": "2007-09-01"})
    other = str(tmp_path / "other.db")
    result = run("--db", other, "import", "-", input=line + "\n")
    assert result.exit_code == 0 and result.stderr == "imported 1 events for 1 participants\n"
    assert os.path.exists(other)


@pytest.mark.parametrize("command", ["intake", "counsellor", "plan", "absence", "suspend",
                                     "resume", "transfer", "exit", "follow-up", "retract",
                                     "import", "export", "stats", "status", "caseload", "show",
                                     "history", "rebuild", "report", "demo"])
def test_every_command_has_an_example(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert f"Example:\n      nysjanse {command}" in result.stdout or \
           f"Example:\n    nysjanse {command}" in result.stdout


def test_a_recording_commands_help_keeps_its_paragraphs_aligned(run):
    result = run("exit", "--help")
    assert "\n  The participant leaves the programme (completed or aborted).\n\n" \
           "  Completed needs --outcome; aborted needs --by and --reason.\n\n" \
           "  Example:\n      nysjanse exit p1 --aborted" in result.stdout


def test_every_option_says_what_it_is_for():
    silent = [(name, param.opts[0]) for name, command in cli.commands.items()
              for param in command.params
              if isinstance(param, click.Option) and not (param.help or "").strip()]
    assert silent == []


def test_a_file_that_is_no_store_is_refused(run, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello", encoding="utf-8")
    result = run("--db", str(path), "plan", "p1", "--measure", "norwegian")
    assert (result.exit_code, result.stderr) == (
        1, f"{path} is not a nysjanse store: it is not an SQLite database; nothing was written\n")
    assert path.read_text(encoding="utf-8") == "hello"


def test_a_store_in_a_missing_folder_is_refused(run, tmp_path):
    missing = tmp_path / "nowhere" / "x.db"
    result = run("--db", str(missing), *INTAKE[0:2], *INTAKE[2:])
    assert result.exit_code == 1
    assert result.stderr == f"cannot create the store {missing}: folder {missing.parent} does not exist\n"


def test_a_password_is_never_printed(run):
    result = run("--db", "postgresql://kari:hunter2@127.0.0.1:1/nysjanse", "export")
    assert result.exit_code == 1 and "hunter2" not in result.output
    assert result.stderr.startswith("cannot open the store postgresql://kari:***@127.0.0.1:1/nysjanse: ")


def test_every_choice_offers_exactly_the_interchange_formats_values():
    # The command line repeats no list of domain.facts: each choice is the format's own.
    from domain import facts
    wanted = {("intake", "gender"): facts.GENDERS, ("intake", "intro_programme"): facts.INTRO_PROGRAMME,
              ("plan", "measures"): facts.MEASURES, ("plan", "goal"): facts.GOALS,
              ("suspend", "reason"): facts.SUSPENSION_REASONS, ("exit", "outcome"): facts.OUTCOMES,
              ("exit", "by"): facts.ABORTED_BY, ("exit", "reason"): facts.ABORT_REASONS,
              ("follow-up", "industry"): facts.INDUSTRIES,
              ("follow-up", "months"): tuple(str(m) for m in facts.FOLLOW_UP_MONTHS)}
    offered = {(name, param.name): tuple(param.type.choices)
               for name, command in cli.commands.items() for param in command.params
               if isinstance(param.type, click.Choice) and param.name != "fmt"}
    from report import LANGS  # the report's languages (not at start-up: report loads matplotlib)
    assert offered.pop(("report", "lang")) == LANGS
    assert offered == wanted


def test_the_command_line_starts_without_the_write_or_read_side():
    # Only what parsing needs is imported at start-up; each command loads its own side.
    import subprocess
    import sys
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, cli; print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, cwd=os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__))))).stdout.split()
    heavy = [name for name in loaded if name.split(".")[0] in {
        "eventsourcing", "sqlite_utils", "sqlite3", "projections", "report", "demo", "matplotlib",
        "orjson"} or name in {"domain.facts", "store.application", "domain.values"}]
    assert heavy == []
