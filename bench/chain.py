"""The hash chain's cost: import with and without it, and `verify`, on the benchmark history.

    python bench/chain.py --participants 20000 [--pg postgresql://postgres@127.0.0.1/postgres]

In one run on this machine, in-process (no start-up time), as CPU seconds of this process (a
shared machine's load does not inflate them; PostgreSQL's own work is not in them):

- import of the history (bench/history.py) into a new SQLite store, the chain written (as
  always), against the same import with the recorder's chain key removed (no chain: the floor);
  the same on PostgreSQL with --pg (a database made and dropped for each import);
- `Programme.verify` of the whole log, against the floor of computing the same HMACs over
  records already in memory (no reading) and against reading the records alone.

Each import and verify is run --runs times (default 2), alternating with its floor, and the
fastest of each kept. It is a benchmark, not a test.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from history import history  # noqa: E402

from store import chain, keys  # noqa: E402
from store.application import Programme  # noqa: E402
from store.transfer import import_lines  # noqa: E402


def import_once(db: str, lines: list[str], key, chained: bool) -> float:
    app = Programme(db, "bench", key)
    if not chained:
        app.recorder.chain_key = None
    started = time.process_time()  # this process's CPU: what load from others does not inflate
    import_lines(app, lines, "bench")
    seconds = time.process_time() - started
    app.close()
    return seconds


def sqlite_store(work: str, name: str) -> str:
    db = os.path.join(work, name)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    return db


class PgDatabases:
    def __init__(self, server: str):
        import psycopg
        from urllib.parse import urlsplit, urlunsplit
        self.admin = psycopg.connect(server, autocommit=True)
        self.url = lambda name: urlunsplit(urlsplit(server)._replace(path="/" + name))
        self.made: list[str] = []

    def new(self) -> str:
        name = f"nysjanse_bench_{uuid.uuid4().hex[:10]}"
        self.admin.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return self.url(name)

    def drop(self) -> None:
        for name in self.made:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()


def best_of(make_db, lines, key, runs: int = 2) -> tuple[float, float, str]:
    """(with chain, without, the last chained store), runs alternating, the fastest kept."""
    chained, bare, db = [], [], ""
    for _ in range(runs):
        gc.collect()
        bare.append(import_once(make_db("bare.db"), lines, key, chained=False))
        gc.collect()
        db = make_db("chained.db")
        chained.append(import_once(db, lines, key, chained=True))
    return min(chained), min(bare), db


def verify_floors(app: Programme) -> tuple[float, float, int]:
    """(reading the records alone, HMACs over records in memory) for the whole log."""
    recorder = app.recorder
    top = recorder.chain_top()
    started = time.process_time()
    records = list(chain.batched(recorder.chain_records, top))
    entries = list(chain.batched(recorder.chain_entries, top))
    reading = time.process_time() - started
    key = app.key.derive(keys.CHAIN)
    started = time.process_time()
    chain.entries(key, chain.GENESIS, records)
    hashing = time.process_time() - started
    assert len(entries) == len(records)
    return reading, hashing, len(records)


def measure(label: str, make_db, lines, key, rows: list, runs: int) -> None:
    with_chain, without, db = best_of(make_db, lines, key, runs)
    rows.append((f"{label}: import, chain written", with_chain, without))
    app = Programme(db, "bench", key)
    timings, floors = [], []
    for _ in range(runs):  # alternating with the floors, the fastest of each kept
        started = time.process_time()
        verdict = app.verify()
        timings.append(time.process_time() - started)
        assert verdict.ok, verdict
        floors.append(verify_floors(app))
    seconds = min(timings)
    reading, hashing, count = min(f[0] for f in floors), min(f[1] for f in floors), floors[0][2]
    rows.append((f"{label}: verify {count} records", seconds, reading + hashing))
    rows.append((f"{label}:   of which reading (floor)", reading, None))
    rows.append((f"{label}:   of which HMAC (floor)", hashing, None))
    app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20000)
    parser.add_argument("--pg", help="also measure on this PostgreSQL server")
    parser.add_argument("--runs", type=int, default=2, help="runs of each, the fastest kept")
    parser.add_argument("--json", help="write the rows as JSON to this file")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="nysjanse-chain-")
    try:
        key = keys.write_new(os.path.join(work, "master.key"))
        lines = [json.dumps(f, ensure_ascii=False) for f in history(args.participants)]
        rows: list = []
        measure("SQLite", lambda name: sqlite_store(work, name), lines, key, rows, args.runs)
        if args.pg:
            pg = PgDatabases(args.pg)
            try:
                measure("PostgreSQL", lambda name: pg.new(), lines, key, rows, args.runs)
            finally:
                pg.drop()
        print(f"chain bench: {args.participants} participations, {len(lines)} facts")
        print(f"{'measure (CPU seconds of this process)':<44}{'seconds':>9}{'floor':>9}{'ratio':>8}")
        for name, seconds, floor in rows:
            ratio = f"{seconds / floor:8.2f}" if floor else ""
            print(f"{name:<44}{seconds:>9.3f}{(floor or 0):>9.3f}{ratio}")
        if args.json:
            with open(args.json, "w", encoding="utf-8") as out:
                json.dump([{"measure": n, "seconds": round(s, 4),
                            "floor_seconds": round(f, 4) if f else None} for n, s, f in rows],
                          out, indent=1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
