"""Caseworkers at the same instant, as real processes, on both stores."""
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from domain.application import Programme
from domain.transfer import import_lines
from tests.conftest import intake

CLI = [sys.executable, "-c", "import cli; cli.main()"]
INTAKE_ARGS = ["--project", "Bergen", "--counsellor", "c7", "--gender", "M", "--country", "IQ",
               "--resident-since", "2004-01-01", "--assistance-since", "2007-01-01",
               "--date", "2008-03-01"]

# One process recording many absences for one participant, each on its own day.
ABSENCES = """
import sys
from domain.application import Programme
app = Programme(sys.argv[1], "writer" + sys.argv[2])
start = int(sys.argv[2]) * 40
for i in range(start, start + 40):
    month, day = divmod(i, 28)
    app.record({"type": "absence", "participant": "p1", "date": f"2008-{month + 4:02d}-{day + 1:02d}",
                "days": 1, "valid": True})
"""


def nysjanse(store, *args):
    return subprocess.run([*CLI, "--db", store, "--user", "kari", *args],
                          capture_output=True, text=True, timeout=180)


def test_racing_intakes_never_overfill_a_counsellor(any_store):
    app = Programme(any_store, "kari")
    import_lines(app, [json.dumps(intake(f"old{i}")) for i in range(5)], "kari")
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(lambda i: nysjanse(any_store, "intake", f"new{i}", *INTAKE_ARGS),
                                range(20)))
    accepted = [r for r in results if r.returncode == 0]
    refused = [r for r in results if r.returncode == 1]
    assert len(accepted) == 10 and len(refused) == 10, [r.stderr for r in results]
    for r in refused:
        assert r.stderr == "refused: counsellor c7 already has 15 active participants on 2008-03-01\n"
    assert app.caseload_book(["c7"]).active_count("c7", "2008-03-01") == 15


def test_writers_racing_on_one_participant_all_land(any_store):
    app = Programme(any_store, "kari")
    import_lines(app, [json.dumps(intake("p1"))], "kari")
    procs = [subprocess.Popen([sys.executable, "-c", ABSENCES, any_store, str(n)],
                              stderr=subprocess.PIPE, text=True) for n in range(4)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    history = app.history("p1")
    assert len(history.facts) == 161
    assert len({f["date"] for f in history.facts if f["type"] == "absence"}) == 160
