"""A new and a hostile user's sweep of the command line: each test is one thing that once broke
(a traceback, a silent no-op, a wrong exit status, noise on stderr), run as the user runs it."""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def nysjanse(*args: str, cwd, env: dict | None = None, stdin: str | None = None,
             module: bool = False) -> subprocess.CompletedProcess:
    """The command in a process of its own, as `nysjanse` (or `python -m cli`) runs it."""
    start = [sys.executable, "-m", "cli"] if module else [
        sys.executable, "-c", "import cli; cli.main()"]
    return subprocess.run([*start, *args], capture_output=True, text=True, cwd=cwd,
                          input=stdin, env={**os.environ, "PYTHONPATH": ROOT, **(env or {})})


def test_python_dash_m_cli_runs_the_command_line(tmp_path):
    # `python -m cli --help` printed nothing and exited 0: cli.py had no __main__ entry.
    done = nysjanse("--lang", "en", "--help", cwd=tmp_path, module=True)
    assert done.returncode == 0 and done.stdout.startswith("Usage: nysjanse ")
