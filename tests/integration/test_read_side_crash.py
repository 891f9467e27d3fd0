"""Exactly once: SIGKILL during catch-up and rebuild, racing catch-ups; rows equal a clean rebuild."""
from __future__ import annotations

import os
import pathlib
import random
import signal
from store import sqlcipher
from tests.conftest import open_db
import subprocess
import sys
import time

import pytest

import projections
from projections.store import store_position

from .conftest import dump_views

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATCH_UP = ("import sys; from projections import updater; from projections.store import "
            "catch_up, rebuild; updater.LONG = int(sys.argv[5]); (rebuild if sys.argv[4] == "
            "'rebuild' else catch_up)(sys.argv[1], sys.argv[2], batch=int(sys.argv[3]))")


@pytest.fixture(scope="module")
def scaled(tmp_path_factory) -> str:
    """Three copies of the sample (~4,300 notifications), written without the rules."""
    db = str(tmp_path_factory.mktemp("scaled") / "scaled.db")
    subprocess.run([sys.executable, str(ROOT / "bench" / "scale_store.py"), db, "3"], check=True,
                   cwd=ROOT, capture_output=True)
    return db


@pytest.fixture(scope="module")
def clean(scaled, tmp_path_factory) -> dict:
    views = str(tmp_path_factory.mktemp("clean") / "clean.views.db")
    projections.rebuild(scaled, views=views)
    return dump_views(views)


def start(db: str, views: str, batch: int, what: str = "catch_up",
          long: int = 50_000) -> subprocess.Popen:
    """A catch-up (or rebuild) process; `long=0` makes it checkpoint only at the end."""
    return subprocess.Popen([sys.executable, "-c", CATCH_UP, db, views, str(batch), what,
                             str(long)], cwd=ROOT, stderr=subprocess.PIPE)


def position(views: str) -> int | None:
    if not os.path.exists(views):
        return None
    try:
        conn = open_db(views, timeout=5)
        try:
            return conn.execute("SELECT position FROM tracking").fetchone()[0]
        finally:
            conn.close()
    except sqlcipher.OperationalError:  # not created yet
        return None


def kill_when(proc: subprocess.Popen, views: str, ready, rng: random.Random) -> int | None:
    """SIGKILL the process a random moment after `ready(position)`; the position it left."""
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline:
        if ready(position(views)):
            time.sleep(rng.uniform(0, 0.02))
            break
        time.sleep(0.005)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return position(views)


def test_sigkill_during_catch_up_then_catch_up_again(scaled, clean, tmp_path):
    rng = random.Random(int(os.environ.get("CRASH_SEED", random.randrange(10**6))))
    views = str(tmp_path / "crash.views.db")
    top = store_position(scaled)
    stops = []
    for _ in range(6):
        proc = start(scaled, views, batch=2)
        before = position(views) or 0
        left = kill_when(proc, views, lambda p: p is not None and p > before, rng)
        stops.append((proc.returncode, left))
        if proc.returncode == 0:
            break
    assert any(code == -signal.SIGKILL and 0 < (left or 0) < top for code, left in stops), stops
    projections.catch_up(scaled, views=views)
    assert dump_views(views) == clean


@pytest.mark.parametrize("long", [50_000, 0], ids=["checkpoints", "one-checkpoint"])
def test_sigkill_during_rebuild_then_catch_up(scaled, clean, tmp_path, long):
    rng = random.Random(int(os.environ.get("CRASH_SEED", random.randrange(10**6))))
    views = str(tmp_path / "rebuild.views.db")
    projections.rebuild(scaled, views=views)
    top = store_position(scaled)
    proc = start(scaled, views, batch=2, what="rebuild", long=long)
    left = kill_when(proc, views, lambda p: p is not None and 0 < p < top // 2, rng)
    assert proc.returncode == -signal.SIGKILL and 0 < left < top
    projections.stats(scaled, 2008, views=views)  # any read catches up first
    assert dump_views(views) == clean


def test_racing_catch_ups_write_each_batch_once(scaled, clean, tmp_path):
    views = str(tmp_path / "race.views.db")
    procs = [start(scaled, views, batch=batch) for batch in (5, 7, 11)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert dump_views(views) == clean


def remove_views(views: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(views + suffix)
        except FileNotFoundError:
            pass


def test_read_models_deleted_during_a_catch_up_are_made_again(scaled, clean, tmp_path,
                                                              monkeypatch):
    """Deleted after the first batch is written: the read answers from complete read models."""
    from projections import updater
    views = str(tmp_path / "gone.views.db")
    deleted = []
    real = updater.write_batch

    def write_then_delete(conn, expected, position, *rest):
        real(conn, expected, position, *rest)
        if not deleted:
            deleted.append(position)
            remove_views(views)
    monkeypatch.setattr(updater, "write_batch", write_then_delete)
    from projections.store import catch_up
    catch_up(scaled, views=views, batch=500)
    assert deleted
    assert dump_views(views) == clean


def test_read_models_deleted_at_random_during_catch_ups(scaled, clean, tmp_path):
    """Real processes, the file deleted at a random moment: each ends well or says one
    sentence, never a traceback; a read then answers from complete read models."""
    rng = random.Random(int(os.environ.get("CRASH_SEED", random.randrange(10**6))))
    views = str(tmp_path / "random.views.db")
    for _ in range(3):
        read = subprocess.Popen([sys.executable, "-c", CATCH_UP_CLI, scaled, views],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        deadline = time.monotonic() + 30
        while read.poll() is None and time.monotonic() < deadline:
            if (position(views) or 0) > 0:
                time.sleep(rng.uniform(0, 0.05))
                break
            time.sleep(0.005)
        remove_views(views)
        out, err = read.communicate(timeout=120)
        assert (read.returncode == 0 and err == "") or (
            read.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err), err
    projections.catch_up(scaled, views=views)
    assert dump_views(views) == clean


# `nysjanse stats 2008` on a store and a views file.
CATCH_UP_CLI = ("import sys; import cli; sys.argv[1:] = ['stats', '2008', '--db', sys.argv[1], "
                "'--views', sys.argv[2]]; cli.main()")


class InterruptedAfterCommit:
    """A read-model connection on which Ctrl-C lands just after COMMIT returned in C, before
    Python went on: the transaction is over when the interrupt is handled."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql, *args):
        result = self.conn.execute(sql, *args)
        if sql == "COMMIT":
            raise KeyboardInterrupt
        return result

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_ctrl_c_just_after_a_commit_stays_ctrl_c(tmp_path):
    # `rebuild` interrupted at that moment said "error: cannot rebuild the read models …:
    # cannot rollback - no transaction is active": the ROLLBACK of a committed transaction.
    from projections import tables
    from store import keys
    conn = tables.open_views(str(tmp_path / "v.db"), keys.find()[0])
    try:
        tables.create_schema(conn)
        with pytest.raises(KeyboardInterrupt):
            tables.with_indexes(InterruptedAfterCommit(conn))
    finally:
        conn.close()
