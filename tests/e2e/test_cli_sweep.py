"""A new and a hostile user's sweep of the command line: each test is one thing that once broke
(a traceback, a silent no-op, a wrong exit status, noise on stderr), run as the user runs it."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli import cli

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def nysjanse(*args: str, cwd, env: dict | None = None, stdin: str | None = None,
             module: bool = False, timeout: float | None = None) -> subprocess.CompletedProcess:
    """The command in a process of its own, as `nysjanse` (or `python -m cli`) runs it."""
    start = [sys.executable, "-m", "cli"] if module else [
        sys.executable, "-c", "import cli; cli.main()"]
    return subprocess.run([*start, *args], capture_output=True, text=True, cwd=cwd,
                          input=stdin, env={**os.environ, "PYTHONPATH": ROOT, **(env or {})},
                          timeout=timeout)


def test_python_dash_m_cli_runs_the_command_line(tmp_path):
    # `python -m cli --help` printed nothing and exited 0: cli.py had no __main__ entry.
    done = nysjanse("--lang", "en", "--help", cwd=tmp_path, module=True)
    assert done.returncode == 0 and done.stdout.startswith("Usage: nysjanse ")


INTAKE = ["intake", "p1", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
          "--country", "SO", "--resident-since", "2004-05-01", "--assistance-since",
          "2007-09-01", "--date", "2008-03-01"]


@pytest.mark.parametrize("args", [["export"], ["verify"], ["stats", "2008"]])
def test_an_empty_file_is_no_store_to_read(cli_env, args):
    # export and verify wrote a store into an empty file (0644, beside an access log).
    pathlib.Path(cli_env["NYSJANSE_DB"]).write_bytes(b"")
    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: no store at {cli_env['NYSJANSE_DB']}: import or record events first\n"
    assert sorted(os.listdir(pathlib.Path(cli_env["NYSJANSE_DB"]).parent)) == ["store.db"]
    assert os.path.getsize(cli_env["NYSJANSE_DB"]) == 0


def test_a_refused_fact_leaves_an_empty_file_empty(cli_env):
    # The refused fact left a store written into it.
    db = pathlib.Path(cli_env["NYSJANSE_DB"])
    db.write_bytes(b"")
    result = CliRunner().invoke(cli, ["counsellor", "p1", "--counsellor", "c9", "--date",
                                      "2008-04-01"])
    assert result.exit_code == 1 and result.stderr.startswith("refused: ")
    assert sorted(os.listdir(db.parent)) == ["store.db"] and db.stat().st_size == 0


def test_a_store_written_into_an_empty_file_is_private(cli_env):
    db = pathlib.Path(cli_env["NYSJANSE_DB"])
    db.write_bytes(b"")
    db.chmod(0o644)
    result = CliRunner().invoke(cli, INTAKE)
    assert result.exit_code == 0, result.output
    assert db.stat().st_mode & 0o777 == 0o600
    assert CliRunner().invoke(cli, ["show", "p1", "--format", "json"]).exit_code == 0


@pytest.mark.parametrize("args", [["stats", "2008"], ["export"], INTAKE])
def test_a_fifo_is_no_store_and_nothing_waits_for_it(tmp_path, args):
    # Every command hung on a named pipe given as the store, waiting for a writer.
    fifo = tmp_path / "store.db"
    os.mkfifo(fifo)
    done = nysjanse("--lang", "en", "--db", str(fifo), *args, cwd=tmp_path, timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(f"error: {fifo} is not a nysjanse store: it is not a file")
    assert sorted(os.listdir(tmp_path)) == ["store.db"]


@pytest.mark.parametrize("args", [["stats", "2008"], INTAKE])
def test_a_device_is_no_store(cli_env, args):
    # /dev/null read as an empty store (stats of nothing, exit 0); a write left
    # /dev/null-journal in /dev and said 'disk I/O error'.
    result = CliRunner().invoke(cli, ["--db", os.devnull, *args])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"error: {os.devnull} is not a nysjanse store: it is not a file")
    assert not os.path.exists(os.devnull + "-journal")


def demo_store(cli_env) -> None:
    from tests.conftest import sample_facts
    import json
    text = "".join(json.dumps(fact) + "\n" for fact in sample_facts())
    assert CliRunner().invoke(cli, ["import", "-"], input=text).exit_code == 0


class Drained:
    """Reads a named pipe in a thread while the block runs, whether or not anyone writes to it
    (opened without waiting for a writer; the end of a writer is no end until the block is)."""

    def __init__(self, fifo):
        import threading
        self.fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        self.data, self.done = bytearray(), threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)

    def _read(self):
        import select
        while True:
            finished = self.done.is_set()
            chunk = os.read(self.fd, 65536) if select.select([self.fd], [], [], 0.05)[0] else b""
            self.data += chunk
            if finished and not chunk:
                return

    def __enter__(self):
        self.thread.start()
        return self.data

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()
        os.close(self.fd)


@pytest.mark.parametrize("args", [["export"], ["report", "2008"]])
def test_output_to_a_pipe_goes_into_it_and_leaves_it_a_pipe(cli_env, tmp_path, args):
    # -o /dev/full replaced the device with a regular file ("wrote /dev/full", exit 0): the
    # page went to a file beside the target that then took its name. A named pipe shows it
    # without harming /dev.
    import stat
    demo_store(cli_env)
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    with Drained(fifo) as got:
        result = CliRunner().invoke(cli, [*args, "-o", str(fifo)])
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert bytes(got).startswith(b"{" if args == ["export"] else b"<!DOCTYPE html>")


@pytest.mark.bokmal
@pytest.mark.parametrize("lang, where, said", [
    ("en", "missing/x.jsonl", "error: cannot write {out}: folder {folder} does not exist\n"),
    ("nb", "missing/x.jsonl", "feil: kan ikke skrive {out}: mappen {folder} finnes ikke\n"),
    ("en", "", "error: cannot write {out}: it is a folder\n"),
    ("nb", "", "feil: kan ikke skrive {out}: det er en mappe\n"),
])
def test_export_says_why_a_file_cannot_be_written_in_words(cli_env, tmp_path, lang, where, said):
    # It said "[Errno 2] No such file or directory: '/…/.x.jsonl.x3zx2424.tmp'", in English.
    demo_store(cli_env)
    out = str(tmp_path / where) if where else str(tmp_path)
    result = CliRunner().invoke(cli, ["--lang", lang, "export", "-o", out])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == said.format(out=out, folder=os.path.dirname(out))
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_export_to_an_empty_name_names_no_file(cli_env, tmp_path, monkeypatch):
    # It wrote its temporary file into the folder above and said "[Errno 2] ... -> ''".
    demo_store(cli_env)
    work = tmp_path / "above" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(cli, ["export", "-o", ""])
    assert (result.exit_code, result.stderr) == (1, "error: cannot write '': it names no file\n")
    assert os.listdir(work.parent) == ["work"] and os.listdir(work) == []


@pytest.mark.bokmal
@pytest.mark.parametrize("text, reason", [
    ('\ufeff{"type": "resume"}\n', "UTF-8-byte-rekkefølgemerke (BOM) støttes ikke i kolonne 1"),
    ("[" * 2000 + "]" * 2000 + "\n", "for dypt nøstet i kolonne 1026"),
    ('{"days": 1e999}\n', "tallet er for stort til å leses i kolonne 10"),
    ('{"note": "a\x01"}\n', "uventet kontrolltegn i en tekst i kolonne 12"),
    ('{"a": 1,}\n', "komma til slutt er ikke tillatt i kolonne 8"),
])
def test_why_a_line_is_no_json_is_said_in_bokmal(cli_env, tmp_path, text, reason):
    # The JSON reader's own English stood inside the bokmål sentence:
    # "linje 1: ikke gyldig JSON (depth limit exceeded i kolonne 1026)".
    source = tmp_path / "bad.jsonl"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source)])
    assert result.exit_code == 1
    assert result.stderr == (f"linje 1: ikke gyldig JSON ({reason})\n"
                             "avvist: 1 ugyldig linje; ingenting ble importert\n")


@pytest.mark.parametrize("closed, args, out", [
    (0, ["import", "-"], ""),  # the shell's `<&-`: nothing to read is nothing imported
    (1, ["stats", "2008"], None),  # `>&-`: what is printed goes nowhere, as with >/dev/null
])
def test_a_closed_standard_stream_is_no_traceback(cli_env, tmp_path, closed, args, out):
    # Both ended in a traceback: sys.stdin / sys.stdout is None when the shell closed it.
    demo_store(cli_env)
    done = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "--lang", "en", *args],
                          capture_output=closed != 1, text=True, cwd=tmp_path,
                          stderr=subprocess.PIPE if closed == 1 else None,
                          env={**os.environ, "PYTHONPATH": ROOT}, preexec_fn=lambda: os.close(closed))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if out is not None:
        assert done.stdout == out


@pytest.mark.bokmal
@pytest.mark.parametrize("figure, said", [
    ("countries", "ugyldig: 'countries' er ikke et antall deltakere i stats 2008\n"),
    ("exit_types.completed.x", "ugyldig: stats 2008 har ikke noe tall 'exit_types.completed.x'\n"),
])
def test_explain_refuses_a_figure_in_bokmal(cli_env, figure, said):
    # Both sentences were English under nb (NotACount was not in the catalog).
    demo_store(cli_env)
    result = CliRunner().invoke(cli, ["explain", "2008", figure])
    assert (result.exit_code, result.stderr) == (1, said)


def another_programs_file(path) -> None:
    import sqlite3
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


@pytest.mark.bokmal
@pytest.mark.parametrize("make, reason", [
    (lambda p: p.mkdir(), "det er en mappe"),
    (lambda p: p.write_text("hello\n"), "det er ikke en SQLite-database"),
    (another_programs_file, "den inneholder andre tabeller (t)"),
    (lambda p: os.mkfifo(p), "det er ikke en fil"),
])
@pytest.mark.parametrize("args, nothing", [(["stats", "2008"], ""),
                                           (INTAKE, "; ingenting ble skrevet")])
def test_a_file_that_is_no_store_is_refused_in_bokmal(cli_env, tmp_path, make, reason, args,
                                                      nothing):
    # The reason after "er ikke et nysjanse-lager:" was English: "it is a folder".
    db = tmp_path / "other.db"
    make(db)
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert (result.exit_code, result.stderr) == (
        1, f"feil: {db} er ikke et nysjanse-lager: {reason}{nothing}\n")


@pytest.mark.bokmal
def test_the_systems_reason_a_key_file_cannot_be_used_is_in_bokmal(cli_env, tmp_path):
    # "kan ikke lese nøkkelfila …: Is a directory", "…: No such file or directory".
    demo_store(cli_env)
    result = CliRunner().invoke(cli, ["--key-file", str(tmp_path), "stats", "2008"])
    assert result.exit_code == 1 and result.stderr.endswith(
        f"kan ikke lese nøkkelfila {tmp_path}: Er en mappe (oppgi nøkkelfila med --key-file "
        "eller NYSJANSE_KEY_FILE)\n")
    result = CliRunner().invoke(cli, ["key", "new", str(tmp_path / "no" / "k.key")])
    assert (result.exit_code, result.stderr) == (
        1, f"feil: kan ikke skrive nøkkelfila {tmp_path / 'no' / 'k.key'}: Fila eller mappa "
           "finnes ikke\n")


@pytest.mark.bokmal
def test_read_models_in_a_missing_folder_say_so_in_words(cli_env, tmp_path):
    # It said "[Errno 2] No such file or directory: '…/v.db'", under nb too.
    demo_store(cli_env)
    views = tmp_path / "missing" / "v.db"
    result = CliRunner().invoke(cli, ["stats", "2008", "--views", str(views)])
    assert (result.exit_code, result.stderr) == (
        1, f"feil: kan ikke åpne lesemodellene {views}: mappen {views.parent} finnes ikke\n")


@pytest.mark.bokmal
@pytest.mark.parametrize("args, pair", [
    (["absence", "p1", "--days", "1", "--valid", "--invalid", "--date", "2008-04-01"],
     ("--valid", "--invalid")),
    (["absence", "p1", "--days", "1", "--invalid", "--valid", "--date", "2008-04-01"],
     ("--valid", "--invalid")),
    (["exit", "p1", "--completed", "--outcome", "full_time_job", "--aborted", "--by",
      "decision", "--reason", "health", "--date", "2008-05-01"], ("--completed", "--aborted")),
    (["follow-up", "p1", "--months", "6", "--employed", "--not-employed", "--date",
      "2009-01-01"], ("--employed", "--not-employed")),
])
def test_two_opposite_flags_are_a_usage_error_not_the_last_one(cli_env, args, pair):
    # `absence --valid --invalid` recorded an invalid absence (the last flag won, silently).
    assert CliRunner().invoke(cli, INTAKE).exit_code == 0
    before = CliRunner().invoke(cli, ["export"]).stdout
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Feil: si bare én av {pair[0]} og {pair[1]}\n")
    assert CliRunner().invoke(cli, ["export"]).stdout == before


def test_the_groups_lang_wins_over_a_bad_nysjanse_lang(cli_env, monkeypatch):
    # The command's own --lang read NYSJANSE_LANG=xx again and refused the run (exit 2)
    # although the command line said --lang en.
    demo_store(cli_env)
    monkeypatch.setenv("NYSJANSE_LANG", "xx")
    result = CliRunner().invoke(cli, ["--lang", "en", "stats", "2008", "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_store_named_memory_is_a_file_not_sqlites_memory(cli_env, tmp_path, monkeypatch):
    # `--db :memory:` printed an event id and kept nothing: SQLite read the name as its
    # in-memory database (and an empty file ':memory:' was left beside).
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["--db", ":memory:", *INTAKE]).exit_code == 0
    shown = CliRunner().invoke(cli, ["--db", ":memory:", "show", "p1", "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    assert (tmp_path / ":memory:").stat().st_size > 0


@pytest.mark.parametrize("args", [["--db", "", *INTAKE], [*INTAKE, "--db", ""],
                                  ["stats", "2008", "--db", ""], ["--db", "", "stats", "2008"]])
def test_an_empty_store_name_is_a_usage_error(cli_env, tmp_path, monkeypatch, args):
    # The command's --db '' said "cannot open the store : SQLite database name not found in
    # environment with keys: NYSJANSE_SQLITE_DBNAME, SQLITE_DBNAME" (the library's words); the
    # group's --db '' quietly used nysjanse.db in the current folder.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] in (
        "Error: Invalid value for '--db': the store's name is empty",
        "Error: Invalid value for '--db' (env var: 'NYSJANSE_DB'): the store's name is empty")
    assert os.listdir(tmp_path) == ["store.db"] or os.listdir(tmp_path) == []


@pytest.mark.parametrize("args", [["export"], ["report", "2008"]])
def test_output_through_a_symlink_writes_the_file_it_names(cli_env, tmp_path, args):
    # The link itself was replaced by a regular file: `-o /dev/stdout > out` (as root) put a
    # file where /dev/stdout was, and the output never reached `out`.
    demo_store(cli_env)
    target = tmp_path / "target"
    target.write_text("old\n")
    link = tmp_path / "link"
    link.symlink_to(target)
    result = CliRunner().invoke(cli, [*args, "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_text() != "old\n"


def test_a_relative_xdg_folder_is_ignored_as_the_xdg_rules_say(tmp_path):
    # XDG_CONFIG_HOME=cfg put the new master key under the current folder, where a run from
    # any other folder would not find it (the XDG spec: a relative path is to be ignored).
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "NYSJANSE_KEY_FILE"}
    done = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "--lang", "en", "--db", "s.db", *INTAKE],
        capture_output=True, text=True, cwd=work,
        env={**env, "PYTHONPATH": ROOT, "HOME": str(home), "XDG_CONFIG_HOME": "cfg",
             "XDG_DATA_HOME": "data"})
    assert done.returncode == 0, done.stderr
    key = home / ".config" / "nysjanse" / "master.key"
    assert done.stderr.startswith(f"made a new master key in {key};") and key.exists()
    assert os.listdir(work) == ["s.db"]


@pytest.mark.bokmal
def test_a_key_file_under_a_file_says_why_in_bokmal(cli_env, tmp_path):
    # "…: Not a directory": the system's reasons the catalog had were three.
    demo_store(cli_env)
    (tmp_path / "plain").write_text("x")
    result = CliRunner().invoke(cli, ["--key-file", str(tmp_path / "plain" / "k.key"),
                                      "stats", "2008"])
    assert result.exit_code == 1 and "plain/k.key: Ikke en mappe (oppgi" in result.stderr


@pytest.mark.bokmal
def test_a_report_with_changes_since_after_known_at_is_refused_in_bokmal(cli_env, tmp_path):
    # "feil: ingen rapport skrevet: --changes-since … is later than --known-at …".
    demo_store(cli_env)
    result = CliRunner().invoke(cli, ["report", "2008", "-o", str(tmp_path / "r.html"),
                                      "--known-at", "2009-01-01", "--changes-since",
                                      "2010-01-01"])
    assert (result.exit_code, result.stderr) == (
        1, "feil: ingen rapport skrevet: --changes-since 2010-01-01T23:59:59.999999+01:00 er "
           "senere enn --known-at 2009-01-01T23:59:59.999999+01:00\n")


@pytest.mark.bokmal
def test_verify_says_why_a_head_does_not_hold_in_bokmal(cli_env):
    # "brutt ved posisjon 99: the log ends at position …": the chain's verdicts were English.
    demo_store(cli_env)
    head = CliRunner().invoke(cli, ["verify", "--format", "json"])
    last = __import__("json").loads(head.stdout)["position"]
    result = CliRunner().invoke(cli, ["verify", "--head", f"{last + 5}:{'0' * 16}"])
    assert result.exit_code == 1
    assert result.stdout == (f"brutt ved posisjon {last + 5}: loggen slutter ved posisjon {last}, "
                             "før hodet som ble oppgitt: poster ble kuttet av slutten\n")
    as_json = CliRunner().invoke(cli, ["verify", "--head", f"{last + 5}:{'0' * 16}",
                                       "--format", "json"])
    assert __import__("json").loads(as_json.stdout)["problem"].startswith("the log ends at")


def own_files(cli_env, key: pathlib.Path) -> dict[str, str]:
    db = cli_env["NYSJANSE_DB"]
    return {"the store": db, "the read models": db[:-3] + ".views.db",
            "the access log": db[:-3] + ".access.db", "the master key": str(key)}


@pytest.mark.parametrize("what", ["the store", "the read models", "the access log",
                                  "the master key"])
@pytest.mark.parametrize("args", [["export"], ["report", "2008"]])
def test_output_never_replaces_nysjanses_own_files(cli_env, tmp_path, monkeypatch, what, args):
    # `export -o store.db` replaced the encrypted store with its export in plain text, and
    # `export -o` the key file destroyed the only key that opens the store.
    from store import keys
    key = tmp_path / "own.key"  # the test's own: a failure must not spoil the session's key
    keys.write_new(key)
    monkeypatch.setenv("NYSJANSE_KEY_FILE", str(key))
    demo_store(cli_env)
    assert CliRunner().invoke(cli, ["stats", "2008"]).exit_code == 0  # the read models made
    assert CliRunner().invoke(cli, ["export", "-o", str(tmp_path / "before.jsonl")]).exit_code == 0
    target = own_files(cli_env, key)[what]
    link = tmp_path / "link"
    link.symlink_to(target)
    for output in (target, str(link)):
        saved = pathlib.Path(target).read_bytes()
        result = CliRunner().invoke(cli, [*args, "-o", output])
        assert (result.exit_code, result.stderr) == (
            1, f"error: cannot write {output}: it is nysjanse's own file ({what})\n")
        assert pathlib.Path(target).read_bytes() == saved
    assert CliRunner().invoke(cli, ["export"]).stdout == (tmp_path / "before.jsonl").read_text()
