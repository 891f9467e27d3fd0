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
