"""Would folding in a second process speed up a rebuild? A measurement, not a feature.

    python bench/national.py --participants 20000 --keep DIR    # makes DIR/store.db
    python bench/fold_worker.py DIR [--runs 2] [--batch 50000 12500]

Runs `nysjanse rebuild` in this process (each run in a fresh one), alternating:

- sequential: the catch-up as it is (`projections.updater.pull`);
- worker: the same loop, with the whole fold (`projections.folding.Folding`) in a forked
  worker process. The main process reads batch k+1 from the log while the worker folds
  batch k, then writes batch k while the worker folds batch k+1; facts go to the worker and
  the batch's writes come back through a pipe (pickled). The worker opens no file;
- reader: a forked worker process reads the log (the store opened with the same master key)
  and folds, and sends each batch's writes; the main process only writes.

Each worker keeps every participant it has seen (a prototype: the catch-up drops those who
have left, to keep memory bounded, and reads them back when more of theirs turns up), so it
serves a rebuild from position 0 only.

It prints wall and CPU seconds (the main process's, and the worker's), and checks that the
read models each run writes are the sequential run's, table by table. It is a benchmark, not
a test.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import multiprocessing
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


def fold_in_worker(pipe, position: int, next_id: int, store) -> None:
    from projections.folding import Folding
    gc.disable()
    folding = Folding(None, position, next_id, store)
    folding.committed = lambda participants: None  # keeps everyone: never reads back
    while True:
        batch = pipe.recv()
        if batch is None:
            return
        pipe.send((folding.fold(None, batch), folding.next_id))


def pull_with_worker(db, views, batch, progress, store, key=None) -> int:
    """`updater.pull` for a rebuild from position 0, the fold in a worker process."""
    from projections import people, updater
    from projections.log import LogReader
    from projections.tables import programme, tracked_ids
    reader = LogReader(db, programme(db, key))
    position, next_id = tracked_ids(views)
    if position != 0:
        raise SystemExit("the worker prototype only rebuilds from position 0")
    top = reader.max_position()
    views.execute("PRAGMA wal_autocheckpoint = 0")
    gc.disable()
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    worker = context.Process(target=fold_in_worker, args=(theirs, position, next_id, store))
    worker.start()

    def read(at):
        last, found = reader.facts_since(at, batch)
        found, intakes, erasures = people.split_batch(found)
        return last, found, reader.names(intakes), erasures

    pending, indexed = read(position), False
    try:
        if pending[0] != position:
            mine.send(pending[1])
        while pending[0] != position:
            last, _, names, erasures = pending
            following = read(last)  # while the worker folds this batch
            writes, next_id = mine.recv()
            if following[0] != last:
                mine.send(following[1])  # folded while this batch is written
            index = last >= top and not indexed
            updater.write_batch(views, position, last, next_id, store, writes, index, names,
                                erasures, reader.head(last))
            indexed = indexed or index
            position, pending = last, following
        return position
    finally:
        mine.send(None)
        worker.join()
        views.execute("PRAGMA wal_autocheckpoint = 1000")
        views.execute("PRAGMA wal_checkpoint(PASSIVE)")
        reader.close()


def read_and_fold(pipe, db, key, position: int, next_id: int, store, batch: int) -> None:
    """The worker of `pull_reading_in_worker`: reads the log (the store opened with the same
    master key, as the main process opens it) and folds; sends each batch's writes."""
    from projections import people
    from projections.folding import Folding
    from projections.log import LogReader
    from projections.tables import programme
    gc.disable()
    reader = LogReader(db, programme(db, key))
    folding = Folding(None, position, next_id, store)
    folding.committed = lambda participants: None  # keeps everyone: never reads back
    try:
        while True:
            last, found = reader.facts_since(position, batch)
            if last == position:
                pipe.send(None)
                return
            found, intakes, erasures = people.split_batch(found)
            writes = folding.fold(None, found)
            pipe.send((last, writes, folding.next_id, reader.names(intakes), erasures,
                       reader.head(last)))
            position = last
    finally:
        reader.close()


def pull_reading_in_worker(db, views, batch, progress, store, key=None) -> int:
    """`updater.pull` for a rebuild from position 0, reading and folding in a worker process:
    this one only writes."""
    from projections import updater
    from projections.log import LogReader
    from projections.tables import programme, tracked_ids
    position, next_id = tracked_ids(views)
    if position != 0:
        raise SystemExit("the worker prototype only rebuilds from position 0")
    reader = LogReader(db, programme(db, key))
    top = reader.max_position()
    reader.close()
    views.execute("PRAGMA wal_autocheckpoint = 0")
    gc.disable()
    context = multiprocessing.get_context("fork")
    mine, theirs = context.Pipe()
    worker = context.Process(target=read_and_fold,
                             args=(theirs, db, key, position, next_id, store, batch))
    worker.start()
    indexed = False
    try:
        while True:
            got = mine.recv()
            if got is None:
                return position
            last, writes, next_id, names, erasures, head = got
            index = last >= top and not indexed
            updater.write_batch(views, position, last, next_id, store, writes, index, names,
                                erasures, head)
            indexed = indexed or index
            position = last
    finally:
        worker.join()
        views.execute("PRAGMA wal_autocheckpoint = 1000")
        views.execute("PRAGMA wal_checkpoint(PASSIVE)")


def one_run(way: str, batch: int) -> None:
    """In a fresh process: one rebuild, its seconds printed as JSON-ish text."""
    import cli
    from projections import updater
    sequential = updater.pull
    if way == "worker":
        updater.pull = lambda db, views, _, *a, **k: pull_with_worker(db, views, batch, *a, **k)
    elif way == "reader":
        updater.pull = lambda db, views, _, *a, **k: pull_reading_in_worker(db, views, batch,
                                                                            *a, **k)
    else:
        updater.pull = lambda db, views, _, *a, **k: sequential(db, views, batch, *a, **k)
    sys.argv = ["nysjanse", "rebuild"]
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        cli.main()
    except SystemExit as done:
        if done.code:
            raise
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{wall:.2f} {cpu:.2f} {child.ru_utime + child.ru_stime:.2f}")


def tables(views: str, key_file: str) -> dict[str, str]:
    """Each table of the read models: its row count and a digest of its rows in key order."""
    from store import keys, sqlcipher
    conn = sqlcipher.connect(views, keys.read(key_file))
    found = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "ORDER BY name").fetchall():
        digest, count = hashlib.sha256(), 0
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1, 2'):
            digest.update(repr(row).encode())
            count += 1
        found[name] = f"{count} {digest.hexdigest()}"
    conn.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="a folder kept by bench/national.py --keep")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--batch", type=int, nargs="+", default=[50000])
    parser.add_argument("--ways", nargs="+", default=["sequential", "worker", "reader"],
                        choices=["sequential", "worker", "reader"])
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_run(args.one[0], int(args.one[1]))
        return
    store, key_file = (os.path.join(args.dir, n) for n in ("store.db", "master.key"))
    env = dict(os.environ, NYSJANSE_DB=store, NYSJANSE_USER="bench", NYSJANSE_KEY_FILE=key_file,
               PYTHONPATH=os.path.dirname(HERE))
    env.pop("NYSJANSE_VIEWS", None)
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    expected = None
    for run in range(args.runs):
        for batch in args.batch:
            for way in args.ways:
                out = subprocess.run([sys.executable, __file__, args.dir, "--one", way, str(batch)],
                                     env=env, capture_output=True, text=True, check=True).stdout
                wall, cpu, child = out.split()[:3]
                found = tables(os.path.join(args.dir, "store.views.db"), key_file)
                expected = expected or found
                same = "same read models" if found == expected else "READ MODELS DIFFER"
                print(f"run {run + 1} batch {batch:>6} {way:<10} wall {wall:>6} s, CPU {cpu:>6} s"
                      f" (+ worker {child:>5} s), {same}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
