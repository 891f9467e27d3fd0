"""Killing `import` at any moment leaves the store as before or with the whole file."""
import json
import random
import signal
import subprocess
import sys
import time

import pytest

from store.application import Programme
from store.transfer import export_lines, import_lines
from tests.conftest import SAMPLE

CLI = [sys.executable, "-c", "import cli; cli.main()"]


def scaled_sample(path, copies: int) -> int:
    """The sample again and again, as other participants, counsellors and ids."""
    base = [json.loads(l) for l in SAMPLE.read_text(encoding="utf-8").splitlines() if l.strip()]
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        for k in range(copies):
            for fact in base:
                fact = {**fact, "participant": f"{fact['participant']}.{k}", "id": f"{fact['id']}.{k}"}
                for key in ("counsellor", "event"):
                    if key in fact:
                        fact[key] = f"{fact[key]}.{k}"
                out.write(json.dumps(fact) + "\n")
                n += 1
    return n


def export(store) -> list[str]:
    return list(export_lines(Programme(store, "auditor")))


@pytest.mark.parametrize("kill_after", [0.35, 0.7, 1.1, 2.5])
def test_import_killed_at_any_moment(any_store, tmp_path, kill_after):
    with open(SAMPLE, encoding="utf-8") as source:
        import_lines(Programme(any_store, "kari"), source, "kari")
    before = export(any_store)
    big = tmp_path / "big.jsonl"
    lines = scaled_sample(big, 12)
    proc = subprocess.Popen([*CLI, "--db", any_store, "import", str(big)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(kill_after * (0.8 + 0.4 * random.random()))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    after = export(any_store)
    print(f"killed after {kill_after}s: {'nothing' if after == before else 'all'} imported")
    assert after == before or (after[:len(before)] == before and len(after) == len(before) + lines)
    # Whatever the moment, importing again completes it exactly once.
    again = subprocess.run([*CLI, "--db", any_store, "import", str(big)], capture_output=True,
                           text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert len(export(any_store)) == len(before) + lines


def test_import_into_a_new_store_stopped_with_sigterm_leaves_no_store(tmp_path):
    # `kill` (or `timeout`, a service stop) left an empty store behind, with its -wal and -shm,
    # where Ctrl-C leaves nothing: SIGTERM ended the process without unwinding.
    big = tmp_path / "big.jsonl"
    scaled_sample(big, 40)
    store = tmp_path / "new.db"
    proc = subprocess.Popen([*CLI, "--db", str(store), "import", str(big)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while not store.exists() and proc.poll() is None:  # the import has begun writing
        time.sleep(0.005)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]
