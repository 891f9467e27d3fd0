"""The caseworker's language (issue 11): bokmål by default, English with --lang en or
NYSJANSE_LANG=en; plain-date knowledge times; tables that fit; help that teaches; CSV, report
and export to where Unix users expect. Through click's CliRunner, exact output."""
import csv
import io
import json
import re

import click
import pytest
from click.testing import CliRunner

from cli import cli
from tests.conftest import SAMPLE

INTAKE = ["intake", "p1", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
          "--country", "SO", "--resident-since", "2004-05-01", "--date", "2008-03-01"]
CODES = ("aborted_by_participant", "work_or_education", "not_started", "transferred_to_nav",
         "full_time_job", " SO ", " IQ ")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("language") / "store.db")
    result = CliRunner().invoke(cli, ["import", str(SAMPLE)],
                                env={"NYSJANSE_DB": db, "NYSJANSE_USER": "kari",
                                     "NYSJANSE_VIEWS": None})
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def sample(sample_db, monkeypatch):
    """Run a command on the sample store; the language is the test's: no NYSJANSE_LANG."""
    monkeypatch.delenv("NYSJANSE_LANG", raising=False)
    runner = CliRunner()

    def run(*args, **env):
        return runner.invoke(cli, list(args), env={"NYSJANSE_DB": sample_db, **env},
                             catch_exceptions=False)
    return run


def test_stats_speak_bokmal_by_default_and_english_on_request(sample):
    nb = sample("stats", "2008")
    assert nb.exit_code == 0 and nb.stderr == ""
    assert "  Irak " in nb.stdout and "Land deltakerne kommer fra: 18" in nb.stdout
    assert "Avbrøt selv deltakelsen" in nb.stdout and "36,4\u00a0%" in nb.stdout
    assert not any(code in nb.stdout for code in CODES)
    for english in (sample("stats", "2008", "--lang", "en"),
                    sample("--lang", "en", "stats", "2008"),
                    sample("stats", "2008", NYSJANSE_LANG="en")):
        assert english.stdout.startswith("Ny sjanse 2008\n\n")
        assert "  Iraq " in english.stdout and "Aborted by the participant" in english.stdout
        assert "36.4%" in english.stdout
        assert not any(code in english.stdout for code in CODES)
    # the option on the command wins over the environment
    assert sample("stats", "2008", "--lang", "nb", NYSJANSE_LANG="en").stdout == nb.stdout


def test_json_and_csv_keep_the_codes_in_every_language(sample):
    for fmt in ("json", "csv"):
        nb = sample("stats", "2008", "--format", fmt)
        en = sample("stats", "2008", "--format", fmt, "--lang", "en")
        assert nb.stdout == en.stdout and "aborted_by_participant" in nb.stdout
        assert "IQ" in nb.stdout and "Irak" not in nb.stdout


def test_an_unknown_language_is_a_usage_error(sample):
    result = sample("stats", "2008", "--lang", "de")
    assert result.exit_code == 2 and "'de' er ikke en av 'nb', 'en'." in result.stderr
    assert "(miljøvariabel: 'NYSJANSE_LANG')" in result.stderr
    result = sample("stats", "2008", "--lang", "de", NYSJANSE_LANG="en")
    assert result.exit_code == 2 and "'de' is not one of 'nb', 'en'" in result.stderr


# -- click's own words: usage errors, help -----------------------------------------------------

SHOW = ("show [VALG] PARTICIPANT", "show [OPTIONS] PARTICIPANT", "show --help")
STATS = ("stats [VALG] YEAR", "stats [OPTIONS] YEAR", "stats --help")
GROUP = ("[VALG] KOMMANDO [ARGUMENTER]...", "[OPTIONS] COMMAND [ARGS]...", "--help")
USAGE_ERRORS = {  # args: (usage line, bokmål error, English error)
    "missing argument": (["show"], SHOW, "Mangler argumentet 'PARTICIPANT'.",
                         "Missing argument 'PARTICIPANT'."),
    "bad choice": (["stats", "2008", "--format", "xx"], STATS,
                   "Ugyldig verdi for '--format': 'xx' er ikke en av 'table', 'json', 'csv'.",
                   "Invalid value for '--format': 'xx' is not one of 'table', 'json', 'csv'."),
    "unknown option": (["stats", "2008", "--form", "json"], STATS,
                       "Ukjent valg '--form'. Mente du '--format'?",
                       "No such option '--form'. Did you mean '--format'?"),
    "unknown command": (["stat"], GROUP,
                        "Ukjent kommando 'stat'. (Mente du en av disse: 'stats', 'status'?)",
                        "No such command 'stat'. (Did you mean one of: 'stats', 'status'?)"),
    "extra argument": (["show", "p1", "extra"], SHOW, "Uventet ekstra argument (extra)",
                       "Got unexpected extra argument (extra)"),
    "not a number": (["stats", "abc"], STATS,
                     "Ugyldig verdi for 'YEAR': 'abc' er ikke et gyldig heltall.",
                     "Invalid value for 'YEAR': 'abc' is not a valid integer range."),
    "missing option": (["intake", "p1"], ("intake [VALG] PARTICIPANT",
                                          "intake [OPTIONS] PARTICIPANT", "intake --help"),
                       "Mangler valget '--project'.", "Missing option '--project'."),
}


def refusal(usage: str, hint: str, error: str, lang: str) -> str:
    words = {"nb": ("Bruk:", "Prøv '{}' for hjelp.", "Feil:"),
             "en": ("Usage:", "Try '{}' for help.", "Error:")}[lang]
    return (f"{words[0]} nysjanse {usage}\n{words[1].format('nysjanse ' + hint)}\n\n"
            f"{words[2]} {error}\n")


def nysjanse(args, **env):
    return CliRunner().invoke(cli, args, prog_name="nysjanse", env=env)


@pytest.mark.bokmal
@pytest.mark.parametrize("case", USAGE_ERRORS, ids=str)
def test_click_refuses_a_command_line_in_bokmal_and_in_english(case):
    args, (usage_nb, usage_en, hint), said_nb, said_en = USAGE_ERRORS[case]
    nb = nysjanse(args)
    assert (nb.exit_code, nb.stdout, nb.stderr) == (2, "", refusal(usage_nb, hint, said_nb, "nb"))
    for english in (nysjanse(args, NYSJANSE_LANG="en"), nysjanse(["--lang", "en", *args])):
        assert (english.exit_code, english.stdout, english.stderr) == (
            2, "", refusal(usage_en, hint, said_en, "en"))


@pytest.mark.bokmal
def test_a_refusal_before_lang_is_read_still_speaks_the_language_asked_for():
    """click refuses an unknown option or command before it reads the --lang after it."""
    option = nysjanse(["stats", "2008", "--bogus", "--lang", "en"])
    assert (option.exit_code, option.stderr) == (
        2, refusal("stats [OPTIONS] YEAR", "stats --help", "No such option '--bogus'.", "en"))
    command = nysjanse(["bogus", "--lang=en"])
    assert (command.exit_code, command.stderr) == (
        2, refusal("[OPTIONS] COMMAND [ARGS]...", "--help", "No such command 'bogus'.", "en"))
    bokmal = nysjanse(["stats", "--bogus", "--lang", "nb"], NYSJANSE_LANG="en")
    assert bokmal.stderr == refusal("stats [VALG] YEAR", "stats --help",
                                    "Ukjent valg '--bogus'.", "nb")


@pytest.mark.bokmal
def test_an_option_without_its_value_and_a_file_that_is_not_there():
    date = nysjanse(["show", "p1", "--date"])
    assert (date.exit_code, date.stderr) == (2, "Feil: Valget '--date' krever 1 verdi.\n")
    date = nysjanse(["show", "p1", "--date"], NYSJANSE_LANG="en")
    assert (date.exit_code, date.stderr) == (2, "Error: Option '--date' requires an argument.\n")
    missing = "/nonexistent/x.jsonl"
    nb = nysjanse(["import", missing])
    assert (nb.exit_code, nb.stderr.splitlines()[-1]) == (
        2, f"Feil: Ugyldig verdi for 'FILE|-': '{missing}': Fila eller mappa finnes ikke")
    en = nysjanse(["import", missing, "--lang", "en"])
    assert en.stderr.splitlines()[-1] == \
        f"Error: Invalid value for 'FILE|-': '{missing}': No such file or directory"


@pytest.mark.bokmal
def test_help_and_version_are_bokmal_throughout():
    def read(*args, **env):
        said = nysjanse(list(args), **env).stdout
        return said.splitlines()[0], " ".join(said.split())  # the usage line; words, unwrapped

    usage, show = read("show", "--help")
    assert usage == "Bruk: nysjanse show [VALG] PARTICIPANT"
    assert " Valg: " in show and "-h, --help Vis denne hjelpen og avslutt." in show
    assert "[miljøvariabel: NYSJANSE_DB; standard: nysjanse.db]" in show
    assert "[standard: table]" in show
    usage, group = read("--help")
    assert usage == "Bruk: nysjanse [VALG] KOMMANDO [ARGUMENTER]..."
    assert " Kommandoer: " in group and "Miljøvariabler (et valg på kommandolinjen" in group
    assert read("--version")[0].startswith("nysjanse, versjon ")
    usage, english = read("--lang", "en", "show", "--help")
    assert usage == "Usage: nysjanse show [OPTIONS] PARTICIPANT"
    assert "[env var: NYSJANSE_DB; default: nysjanse.db]" in english
    assert read("--version", NYSJANSE_LANG="en")[0].startswith("nysjanse, version ")


def test_an_english_refusal_reads_no_bokmal_catalog():
    from i18n import translations
    translations.cache_clear()
    result = nysjanse(["stats", "2008", "--bogus"], NYSJANSE_LANG="en")
    assert result.exit_code == 2 and result.stderr.endswith("Error: No such option '--bogus'.\n")
    assert translations.cache_info().currsize == 1  # English's, which reads no file


def test_every_option_named_by_its_environment_variable_names_it_in_the_language():
    from i18n.click_messages import Option

    def options(command):
        yield from (p for p in command.params if isinstance(p, click.Option))
        for sub in getattr(command, "commands", {}).values():
            yield from options(sub)
    shown = [option for option in options(cli) if option.show_envvar]
    assert shown and all(isinstance(option, Option) for option in shown)


@pytest.mark.bokmal
def test_a_refused_intake_reads_in_bokmal_and_in_english(cli_env):
    runner = CliRunner()
    nb = runner.invoke(cli, INTAKE)
    assert (nb.exit_code, nb.stdout, nb.stderr) == (
        1, "", "avvist: fyller ikke kravene: ingen sosialhjelp, kravet var 6 måneder før "
               "2009-01-01\n")
    en = runner.invoke(cli, [*INTAKE, "--lang", "en"])
    assert (en.exit_code, en.stderr) == (
        1, "refused: not eligible: no social assistance, required 6 months before 2009-01-01\n")
    bad = runner.invoke(cli, [*INTAKE[:-2], "--date", "2008-02-30"])
    assert (bad.exit_code, bad.stderr) == (1, "ugyldig: date '2008-02-30' er ikke en dato i "
                                              "kalenderen\n")


@pytest.mark.bokmal
def test_import_refusals_say_linje_in_bokmal_and_line_in_english(cli_env, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "plan"}\n\nnot json\n', encoding="utf-8")
    runner = CliRunner()
    nb = runner.invoke(cli, ["import", str(path)])
    assert (nb.exit_code, nb.stderr) == (1, (
        "linje 1: participant mangler\n"
        "linje 3: ikke gyldig JSON (ugyldig verdi, ventet 'null' i kolonne 1)\n"
        "avvist: 2 ugyldige linjer; ingenting ble importert\n"))
    en = runner.invoke(cli, ["import", str(path)], env={"NYSJANSE_LANG": "en"})
    assert en.stderr.splitlines()[0] == "line 1: participant is missing"
    assert en.stderr.splitlines()[-1] == "refused: 2 invalid lines; nothing was imported"


def test_the_same_sentence_for_an_unknown_participant_or_counsellor(sample):
    for args in (["show", "nosuch", "--date", "2008-12-31"], ["history", "nosuch"]):
        result = sample(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1, "", "feil: ingen deltaker «nosuch» er kjent\n")
        result = sample(*args, "--lang", "en")
        assert result.stderr == "error: no participant 'nosuch' is known\n"
    for fmt in ("table", "json", "csv"):
        result = sample("caseload", "--counsellor", "nosuch", "--format", fmt)
        assert (result.exit_code, result.stdout, result.stderr) == (
            1, "", "feil: ingen programrådgiver «nosuch» er kjent\n")
    result = sample("caseload", "--counsellor", "nosuch", "--lang", "en")
    assert (result.exit_code, result.stderr) == (1, "error: no counsellor 'nosuch' is known\n")
    known = sample("caseload", "--counsellor", "berge1", "--date", "2008-06-30", "--lang", "en")
    assert known.exit_code == 0 and known.stdout.splitlines()[2].startswith("berge1: 2 active")


# -- --known-at with a plain date ------------------------------------------------------------

def test_a_plain_date_is_the_end_of_that_day_in_norway(sample):
    as_date = sample("stats", "2008", "--known-at", "2009-01-31", "--format", "json")
    as_time = sample("stats", "2008", "--known-at", "2009-01-31T23:59:59+01:00", "--format",
                     "json")
    assert as_date.exit_code == 0 and json.loads(as_date.stdout) == json.loads(as_time.stdout)
    before = sample("stats", "2008", "--known-at", "2009-01-31T00:00:00+01:00", "--format", "json")
    assert json.loads(before.stdout) == json.loads(as_date.stdout)  # the sample: no event that day
    later = sample("stats", "2008", "--format", "json")
    assert json.loads(later.stdout) != json.loads(as_date.stdout)  # corrected in February


def test_the_end_of_the_day_is_its_last_microsecond(cli_env, tmp_path):
    """An event recorded at 23:59:59.5 on the day is known "at the end of that day"; one at
    midnight is not: a plain date means up to 23:59:59.999999 Oslo time (UTC+1 in winter)."""
    def line(participant, recorded_at):
        return json.dumps({"type": "intake", "participant": participant, "date": "2009-01-02",
                           "project": "Bergen", "counsellor": "c7", "gender": "F",
                           "country": "SO", "resident_since": "2004-01-01",
                           "assistance_since": "2008-01-01", "recorded_at": recorded_at,
                           "recorded_by": "kari", "id": f"i-{participant}"})
    path = tmp_path / "edge.jsonl"
    path.write_text(line("late", "2009-01-31T23:59:59.5+01:00") + "\n"
                    + line("next", "2009-02-01T00:00:00+01:00") + "\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(path)]).exit_code == 0

    def participants(known_at):
        result = runner.invoke(cli, ["stats", "2009", "--known-at", known_at, "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["participants"]
    assert participants("2009-01-31") == 1
    assert participants("2009-01-31T23:59:59+01:00") == 0  # a second's precision misses it
    assert participants("2009-01-31T22:59:59.999999Z") == 1
    assert participants("2009-02-01") == 2


def test_a_plain_date_that_is_no_day_is_refused(sample):
    result = sample("stats", "2008", "--known-at", "2009-02-30", "--lang", "en")
    assert (result.exit_code, result.stderr) == (
        1, "invalid: known-at '2009-02-30' is not a calendar date\n")
    result = sample("stats", "2008", "--known-at", "31.01.2009", "--lang", "en")
    assert result.exit_code == 2


# -- output that fits ------------------------------------------------------------------------

TABLES = [["stats", "2008"], ["status", "--date", "2008-12-31"],
          ["caseload", "--date", "2008-06-30"], ["show", "p00024", "--date", "2008-12-31"],
          ["history", "p00116"]]


@pytest.mark.parametrize("args", TABLES, ids=lambda a: a[0])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_with_columns_80_every_table_fits(sample, args, lang):
    wide = sample(*args, "--lang", lang)
    fitted = sample(*args, "--lang", lang, COLUMNS="80")
    assert fitted.exit_code == 0 and fitted.stderr == ""
    assert max(len(line) for line in fitted.stdout.splitlines()) <= 80
    assert sample(*args, "--lang", lang, "--wide", COLUMNS="80").stdout == wide.stdout
    narrow = sample(*args, "--lang", lang, COLUMNS="60").stdout
    assert max(len(line) for line in narrow.splitlines()) <= 60


def test_rows_are_not_cut_when_the_output_is_no_terminal(sample):
    shown = sample("show", "p00024", "--date", "2008-12-31", "--lang", "en").stdout
    assert max(len(line) for line in shown.splitlines()) > 80 and "…" not in shown
    fitted = sample("show", "p00024", "--date", "2008-12-31", "--lang", "en", COLUMNS="80")
    assert "…" in fitted.stdout  # the details are cut (or the columns folded); ids stay whole
    events = json.loads(sample("show", "p00024", "--date", "2008-12-31", "--format",
                               "json").stdout)["events"]
    assert all(re.search(rf"  {e['id']}$", fitted.stdout, re.M) for e in events)
    assert all(e["recorded_at"] in fitted.stdout for e in events)


# -- CSV, report and export ------------------------------------------------------------------

def test_show_and_history_in_csv_one_row_per_event(sample):
    shown = list(csv.reader(io.StringIO(
        sample("show", "p00116", "--date", "2008-12-31", "--format", "csv").stdout)))
    assert shown[0] == ["participant", "state", "counsellor", "date", "type", "id",
                        "recorded_at", "recorded_by", "fields"]
    as_json = json.loads(sample("show", "p00116", "--date", "2008-12-31", "--format",
                                "json").stdout)
    assert [row[5] for row in shown[1:]] == [e["id"] for e in as_json["events"]]
    assert {row[1] for row in shown[1:]} == {"aborted"}
    history = list(csv.reader(io.StringIO(sample("history", "p00116", "--format", "csv").stdout)))
    assert history[0][:6] == ["recorded_at", "recorded_by", "participant", "type", "date", "id"]
    assert len(history) - 1 == len(json.loads(sample("history", "p00116", "--format",
                                                     "json").stdout))


def test_report_to_standard_output(sample, tmp_path):
    page = sample("report", "2008", "-o", "-")
    assert page.exit_code == 0 and page.stderr == ""
    assert page.stdout.startswith("<!DOCTYPE html>") and '<html lang="nb">' in page.stdout
    english = sample("report", "2008", "-o", "-", "--lang", "en")
    assert '<html lang="en">' in english.stdout
    written = sample("report", "2008", "-o", str(tmp_path / "r.html"))
    assert written.stdout == "" and written.stderr == f"skrev {tmp_path / 'r.html'}\n"


def test_export_to_a_file_or_standard_output(sample, tmp_path):
    out = sample("export")
    target = tmp_path / "events.jsonl"
    done = sample("export", "-o", str(target), "--lang", "en")
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == out.stdout
    failed = sample("export", "-o", str(tmp_path / "no" / "x.jsonl"), "--lang", "en")
    assert failed.exit_code == 1 and failed.stderr.startswith("error: cannot write ")
    assert not (tmp_path / "no").exists()


# -- help that teaches -----------------------------------------------------------------------

def commands():
    out = []
    for name, command in cli.commands.items():
        out.append([name])
        for sub in getattr(command, "commands", {}):
            out.append([name, sub])
    return out


@pytest.mark.parametrize("names", commands(), ids=" ".join)
def test_every_command_has_an_example_within_80_columns_in_both_languages(sample, names):
    for lang in ("nb", "en"):
        result = sample(*names, "--help", NYSJANSE_LANG=lang, COLUMNS="80")
        assert result.exit_code == 0, result.output
        example = result.stdout.split({"nb": "Eksempel:", "en": "Example:"}[lang])[1]
        lines = [line for line in example.splitlines() if line.strip()]
        assert lines[0].strip().startswith("nysjanse"), lines
        assert all(len(line) <= 80 for line in example.splitlines()), example


def test_help_speaks_the_language_and_names_the_environment(sample):
    nb = sample("--help")
    assert "Registrer og følg deltakerne i Ny sjanse" in nb.stdout and "Valg:" in nb.stdout
    en = sample("--help", NYSJANSE_LANG="en")
    assert "Record and follow Ny sjanse participants" in en.stdout and "Options:" in en.stdout
    for variable in ("NYSJANSE_DB", "NYSJANSE_USER", "NYSJANSE_VIEWS", "NYSJANSE_WAIT",
                     "NYSJANSE_LANG", "NYSJANSE_KEY_FILE", "COLUMNS", "_NYSJANSE_COMPLETE"):
        assert variable in nb.stdout and variable in en.stdout
    from store.identity import WAIT
    for result, default in ((nb, "standard"), (en, "default")):
        wait = next(line for line in result.stdout.splitlines() if "NYSJANSE_WAIT" in line)
        assert wait.endswith(f"({default} {WAIT})"), wait  # the default the store uses
        # the completion command on a line of its own, as typed (not wrapped into the prose)
        assert '    eval "$(_NYSJANSE_COMPLETE=bash_source nysjanse)"' in result.stdout.splitlines()
    stats = sample("stats", "--lang", "en", "--help")
    assert "env var: NYSJANSE_DB" in stats.stdout and "--wide" in stats.stdout
    assert "Answer as known then" in stats.stdout
    assert "Svar slik det var kjent da" in sample("stats", "--help").stdout


# -- shell completion ------------------------------------------------------------------------

def complete(words: str, **env):
    runner = CliRunner()
    result = runner.invoke(cli, [], prog_name="nysjanse", env={
        "_NYSJANSE_COMPLETE": "bash_complete", "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)), **env})
    return result


def test_completion_offers_ids_from_the_read_models(sample_db):
    shown = complete("nysjanse show p0011", NYSJANSE_DB=sample_db)
    assert shown.exit_code == 0
    offered = [line.split(",", 1)[1] for line in shown.stdout.splitlines()]
    assert "p00116" in offered and all(o.startswith("p0011") for o in offered)
    counsellors = complete("nysjanse caseload --counsellor berge", NYSJANSE_DB=sample_db)
    assert "plain,berge1" in counsellors.stdout.splitlines()
    events = complete("nysjanse retract ev00051", NYSJANSE_DB=sample_db)
    assert "plain,ev000514" in events.stdout.splitlines()


def test_completion_without_a_store_is_silent(tmp_path):
    result = complete("nysjanse show p", NYSJANSE_DB=str(tmp_path / "none.db"))
    assert (result.exit_code, result.stdout.strip(), result.stderr) == (0, "", "")
    assert not (tmp_path / "none.db").exists()


def test_lang_given_on_the_command_line_wins_over_the_environment(sample):
    # A command's own --lang read NYSJANSE_LANG again and undid the group's `--lang nb`.
    nb = sample("--lang", "nb", "stats", "1800", NYSJANSE_LANG="en")
    assert nb.exit_code == 2 and "Feil: Ugyldig verdi for 'YEAR'" in nb.stderr, nb.stderr
    en = sample("--lang", "en", "stats", "1800", NYSJANSE_LANG="nb")
    assert en.exit_code == 2 and "Error: Invalid value for 'YEAR'" in en.stderr, en.stderr
    shown = sample("--lang", "nb", "show", "p00001", "--date", "1999-01-01", NYSJANSE_LANG="en")
    later = sample("show", "p00001", "--date", "1999-01-01", "--lang", "en", NYSJANSE_LANG="nb")
    assert shown.stdout == sample("show", "p00001", "--date", "1999-01-01").stdout != later.stdout
