"""Caseworkers at the same instant, as real processes, on both stores."""
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from store import keys
from store.application import Programme
from store.transfer import import_lines
from tests.conftest import intake

CLI = [sys.executable, "-c", "import cli; cli.main()"]
INTAKE_ARGS = ["--project", "Bergen", "--counsellor", "c7", "--gender", "M", "--country", "IQ",
               "--resident-since", "2004-01-01", "--assistance-since", "2007-01-01",
               "--date", "2008-03-01"]

# One process recording many absences for one participant, each on its own day.
ABSENCES = """
import sys
from store import keys
from store.application import Programme
app = Programme(sys.argv[1], "writer" + sys.argv[2], keys.find()[0])
start = int(sys.argv[2]) * 40
for i in range(start, start + 40):
    month, day = divmod(i, 28)
    app.record({"type": "absence", "participant": "p1", "date": f"2008-{month + 4:02d}-{day + 1:02d}",
                "days": 1, "valid": True})
"""


def keyed(db: str) -> Programme:
    """The store with the key the command line finds (the session's per-user default)."""
    return Programme(db, "kari", keys.find()[0])


def assert_one_chain(app: Programme) -> None:
    """The writers' chain entries form one line: each links to the record just before it
    (two writers linking to the same entry would break it at the second), none is missing."""
    verdict = app.verify()
    assert verdict.ok, verdict
    records = app.recorder.chain_records(-2 ** 63, verdict.position, 10 ** 9)
    assert verdict.position == app.max_position() and verdict.events == len(records) > 0


def nysjanse(store, *args):
    return subprocess.run([*CLI, "--db", store, "--user", "kari", *args],
                          capture_output=True, text=True, timeout=180)


def test_racing_intakes_never_overfill_a_counsellor(any_store):
    app = keyed(any_store)
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
    assert_one_chain(app)


def test_writers_racing_on_one_participant_all_land(any_store):
    app = keyed(any_store)
    import_lines(app, [json.dumps(intake("p1"))], "kari")
    procs = [subprocess.Popen([sys.executable, "-c", ABSENCES, any_store, str(n)],
                              stderr=subprocess.PIPE, text=True) for n in range(4)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    history = app.history("p1")
    assert len(history.facts) == 161
    assert len({f["date"] for f in history.facts if f["type"] == "absence"}) == 160
    assert_one_chain(app)


def sample_parts(tmp_path, count: int = 4) -> tuple[list[str], int]:
    """The sample history in `count` files of disjoint participants (each valid alone, and
    together in any order: a counsellor's caseload only shrinks when participants leave)."""
    from tests.conftest import SAMPLE
    by_participant: dict[str, list[str]] = {}
    for line in open(SAMPLE, encoding="utf-8"):
        if line.strip():
            by_participant.setdefault(json.loads(line)["participant"], []).append(line)
    names = sorted(by_participant)
    paths = []
    for k in range(count):
        path = tmp_path / f"part{k}.jsonl"
        path.write_text("".join(l for p in names[k::count] for l in by_participant[p]),
                        encoding="utf-8")
        paths.append(str(path))
    return paths, sum(len(v) for v in by_participant.values())


def test_parallel_imports_into_one_store_all_land(any_store, tmp_path):
    """Writers wait their turn: no "database is locked", every file lands whole."""
    parts, total = sample_parts(tmp_path)
    procs = [subprocess.Popen([*CLI, "--db", any_store, "--user", "kari", "import", part],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for part in parts]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    for (code, err), part in zip(outcomes, parts):
        lines = sum(1 for _ in open(part, encoding="utf-8"))
        assert code == 0, err
        assert err.startswith(f"imported {lines} events for "), err
    app = keyed(any_store)
    assert app.recorder.count_ids() == total
    assert len(list(app.all_facts())) == total
    assert_one_chain(app)


def test_recordings_racing_an_import_all_land(any_store, tmp_path):
    parts, total = sample_parts(tmp_path, 1)
    importing = subprocess.Popen([*CLI, "--db", any_store, "--user", "kari", "import", parts[0]],
                                 stderr=subprocess.PIPE, text=True)
    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda i: nysjanse(any_store, "intake", f"new{i}", *INTAKE_ARGS),
                                range(6)))
    assert importing.wait(timeout=300) == 0, importing.stderr.read()
    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results]
    app = keyed(any_store)
    assert app.recorder.count_ids() == total + 6
    assert app.caseload_book(["c7"]).active_count("c7", "2008-03-01") == 6
    assert_one_chain(app)


def test_a_writer_waits_a_bounded_time_then_says_so(tmp_path):
    store = str(tmp_path / "store.db")
    app = Programme(store, "kari")
    import_lines(app, [json.dumps(intake("p1"))], "kari")
    events = tmp_path / "more.jsonl"
    events.write_text(json.dumps(intake("p2")) + "\n", encoding="utf-8")
    from tests.conftest import open_db
    holder = open_db(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, holding the store
    try:
        env = dict(os.environ, NYSJANSE_WAIT="1")
        busy = [subprocess.run([*CLI, "--db", store, "--user", "kari", *args], env=env,
                               capture_output=True, text=True, timeout=120)
                for args in (["intake", "p3", *INTAKE_ARGS], ["import", str(events)])]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    said = [(r.returncode, r.stderr) for r in busy]
    assert said == [
        (1, f"error: the store {store} stayed busy for 1 s (another import or recording is writing); "
            f"nothing was recorded, try again\n"),
        (1, f"error: the store {store} stayed busy for 1 s (another import or recording is writing); "
            f"nothing was imported, try again\n")]
    assert app.recorder.count_ids() == 1
    bad = subprocess.run([*CLI, "--db", store, "--user", "kari", "intake", "p3", *INTAKE_ARGS],
                         env=dict(os.environ, NYSJANSE_WAIT="soon"), capture_output=True,
                         text=True, timeout=120)
    assert (bad.returncode, bad.stderr) == (
        1, "error: NYSJANSE_WAIT must be a whole number of seconds, not 'soon'\n")
