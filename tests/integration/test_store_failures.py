"""Every store and read-model failure is one sentence, exit 1, nothing written.

Read-only files are tested in processes that obey file modes: this suite runs as root, who
writes a 0444 file anyway, so those processes run without the capabilities that let root
ignore modes (setpriv), or as they are when the suite runs as another user.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli import cli
from store.application import Programme
from store.transfer import import_lines
from tests.conftest import intake

CLI = [sys.executable, "-c", "import cli; cli.main()"]
INTAKE = ["intake", "p9", "--project", "Bergen", "--counsellor", "c7", "--gender", "F",
          "--country", "SO", "--resident-since", "2004-01-01", "--assistance-since",
          "2007-01-01", "--date", "2008-03-01"]


def _modes_bind() -> list[str] | None:
    """The prefix that runs a command bound by file modes; None when there is none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    import tempfile
    with tempfile.NamedTemporaryFile() as probe_file:
        os.chmod(probe_file.name, 0o444)
        probe = subprocess.run([*prefix, sys.executable, "-c",
                                "import sys; open(sys.argv[1], 'ab')", probe_file.name],
                               capture_output=True)
    return prefix if probe.returncode != 0 and b"PermissionError" in probe.stderr else None


BOUND = _modes_bind()
needs_modes = pytest.mark.skipif(BOUND is None, reason="running as root, and no way to run a "
                                 "process that file modes bind (setpriv missing or refused)")


def bound(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """nysjanse in a process that file modes bind."""
    return subprocess.run([*BOUND, *CLI, "--user", "kari", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def snapshot(folder) -> dict:
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out[name] = (f.read(), os.stat(path).st_mtime_ns)
    return out


@pytest.fixture
def store(tmp_path) -> str:
    db = str(tmp_path / "s.db")
    import_lines(Programme(db, "kari"), [json.dumps(intake(f"p{i}")) for i in range(3)], "kari")
    return db


@needs_modes
def test_writing_to_a_read_only_store_is_one_sentence(store, tmp_path):
    events = tmp_path / "more.jsonl"
    events.write_text(json.dumps(intake("p5")) + "\n", encoding="utf-8")
    os.chmod(store, 0o444)
    before = snapshot(tmp_path)
    said = [(r.returncode, r.stdout, r.stderr) for r in (
        bound("--db", store, *INTAKE), bound("--db", store, "import", str(events)))]
    assert said == [(1, "", f"error: the store {store} is read-only; nothing was recorded\n"),
                    (1, "", f"error: the store {store} is read-only; nothing was imported\n")]
    after = snapshot(tmp_path)
    assert after[os.path.basename(store)] == before[os.path.basename(store)]
    # Reads still work on it.
    read = bound("--db", store, "status", "--date", "2008-06-30", "--format", "json")
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["summary"]["active"] == 3
    assert Programme(store).recorder.count_ids() == 3


@needs_modes
def test_a_store_in_a_read_only_folder_is_one_sentence(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    db = str(folder / "s.db")
    import_lines(Programme(db, "kari"), [json.dumps(intake("p1"))], "kari")
    new = str(folder / "new.db")
    os.chmod(folder, 0o555)
    try:
        before = snapshot(folder)
        wrote = bound("--db", db, *INTAKE)
        made = bound("--db", new, *INTAKE)
        after = snapshot(folder)
    finally:
        os.chmod(folder, 0o755)
    assert (wrote.returncode, wrote.stdout, wrote.stderr) == (
        1, "", f"error: cannot open the store {db}: it or its folder is read-only\n")
    assert (made.returncode, made.stderr) == (
        1, f"error: cannot create the store {new}: no write access to {folder}\n")
    assert after == before


@needs_modes
def test_read_only_read_models(store, tmp_path):
    views = tmp_path / "s.views.db"
    assert bound("--db", store, "stats", "2008").returncode == 0
    os.chmod(views, 0o444)
    current = bound("--db", store, "status", "--date", "2008-06-30", "--format", "json")
    assert current.returncode == 0, current.stderr  # current: read as it is
    assert json.loads(current.stdout)["summary"]["active"] == 3
    os.chmod(views, 0o644)
    import_lines(Programme(store, "kari"), [json.dumps(intake("p7"))], "kari")
    os.chmod(views, 0o444)
    before = snapshot(tmp_path)[views.name]
    behind = bound("--db", store, "stats", "2008")
    rebuilt = bound("--db", store, "rebuild")
    report = bound("--db", store, "report", "2008", "--output", str(tmp_path / "r.html"))
    assert [(r.returncode, r.stderr) for r in (behind, rebuilt, report)] == [
        (1, f"error: cannot update the read models {views}: the file is read-only\n"),
        (1, f"error: cannot rebuild the read models {views}: the file is read-only\n"),
        (1, f"error: no report written: cannot update the read models {views}: the file is read-only\n")]
    assert snapshot(tmp_path)[views.name] == before
    assert not (tmp_path / "r.html").exists()


UNREACHABLE = "postgresql://kari:hunter2@127.0.0.1:1/nysjanse"


@pytest.mark.parametrize("command", [
    ["stats", "2008"], ["status", "--date", "2008-06-30"], ["caseload"], ["show", "p1"],
    ["history", "p1"], ["rebuild"], ["report", "2008", "--output", "r.html"], ["export"],
    ["import", "-"], INTAKE, ["retract", "e1", "--reason", "wrong"], ["demo"]],
    ids=lambda c: c[0])
def test_an_unreachable_server_is_one_sentence(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, command, input="", env={
        "NYSJANSE_DB": UNREACHABLE, "NYSJANSE_USER": "kari", "NYSJANSE_VIEWS": None})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "hunter2" not in result.stderr
    assert result.stderr.count("cannot open the store") == 1, result.stderr
    assert "cannot open the store postgresql://kari:***@127.0.0.1:1/nysjanse: " in result.stderr
    assert os.listdir(tmp_path) == []
