"""Caseworkers at the same instant, as real processes against one SQLite store."""
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from domain.transfer import import_lines
from tests.conftest import intake

import json

CLI = [sys.executable, "-c", "import cli; cli.main()"]


def nysjanse(store, *args):
    return subprocess.run([*CLI, "--db", store, "--user", "kari", *args],
                          capture_output=True, text=True, timeout=120)


def test_racing_intakes_never_overfill_a_counsellor(app, store):
    import_lines(app, [json.dumps(intake(f"old{i}")) for i in range(12)], "kari")
    args = ["--project", "Bergen", "--counsellor", "c7", "--gender", "M", "--country", "IQ",
            "--resident-since", "2004-01-01", "--assistance-since", "2007-01-01",
            "--date", "2008-03-01"]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: nysjanse(store, "intake", f"new{i}", *args), range(8)))
    accepted = [r for r in results if r.returncode == 0]
    refused = [r for r in results if r.returncode == 1]
    assert len(accepted) == 3 and len(refused) == 5, [r.stderr for r in results]
    for r in refused:
        assert r.stderr == "refused: counsellor c7 already has 15 active participants on 2008-03-01\n"
    assert app.caseload_book(["c7"]).active_count("c7", "2008-03-01") == 15


def test_racing_writers_on_one_participant_all_land(app, store):
    import_lines(app, [json.dumps(intake("p1"))], "kari")
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(
            lambda i: nysjanse(store, "absence", "p1", "--days", "1", "--valid",
                               "--date", f"2008-04-{i + 1:02d}"), range(6)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert len(app.history("p1").facts) == 7
