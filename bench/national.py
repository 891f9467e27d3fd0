"""National scale: what a store of N participations costs, against raw floors in the same run.

    python bench/national.py --participants 20000 [--json out.json] [--keep DIR]

Generates a valid multi-year history (bench/history.py), then measures on this machine:

- `nysjanse import` of the file (a cold process), beside the raw insert floor: Python's sqlite3
  decoding the same JSON lines and inserting them with executemany in one transaction into a
  table indexed by participant and by (unique) event id, opened as the store is (write-ahead
  log, the store's key when it is encrypted: `floor_connection`), each record chained as the
  store chains it (one HMAC-SHA256 per record, by store.chain, in the same transaction:
  `chain_floor`);
- `nysjanse rebuild` of every read model, beside the raw read floor: SELECT + json.loads of
  that table;
- cold `stats`, `status`, `caseload` and `show` processes (median of 5: after the first, `stats`
  answers from the figures cache; the first, computed, is shown apart), beside a bare
  `python -c pass`; and `stats` beside a cold process recomputing the same answer from the
  JSON file in plain Python (every line read, every participant folded, the same figure
  code; the two answers are checked to be equal);
- peak memory (RSS) of import and rebuild.

It prints one table, and writes it as JSON with --json. It is a benchmark, not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from history import history  # noqa: E402

# The console script beside this interpreter, not a version manager's shim (pyenv's adds ~50 ms).
_BESIDE = os.path.join(os.path.dirname(sys.executable), "nysjanse")
NYSJANSE = _BESIDE if os.path.exists(_BESIDE) else (shutil.which("nysjanse") or "nysjanse")
TARGETS = {"import": 6.0, "rebuild": 4.0, "show": 6.0}


def timed(args: list[str], env: dict) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one cold process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed: {stderr.strip()[-500:]}")
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def median_cold(args: list[str], env: dict, runs: int = 5) -> float:
    return statistics.median(timed(args, env)[0] for _ in range(runs))


def store_key(store: str, key_file: str):
    """The master key the store is encrypted with (store.keys), or None for a plain file (a
    version of nysjanse from before encryption, run to compare)."""
    from store import sqlcipher
    if sqlcipher.is_plain(store):
        return None
    from store import keys
    return keys.read(key_file)


def floor_connection(db: str, key=None):
    """A connection to a floor's database, opened as the store's own SQLite connections are:
    the one place the floors are opened, so they do the same durability and cipher work as
    the store.

    The store's connections (store.adapter) are SQLCipher ones keyed with the master key's raw
    bytes (store.sqlcipher.connect), in write-ahead-log mode at SQLite's default synchronous
    (FULL), and an import gives its connection a 128 MB page cache (prepare_bulk): so does the
    floor, with the key the store was written with (`store_key`). A write-ahead log writes
    each page twice (to the log, then into the file at the checkpoint), which a rollback
    journal on a new file does not; SQLCipher encrypts each page written and decrypts each
    page read."""
    if key is None:
        conn = sqlite3.connect(db, isolation_level=None)
    else:
        from store import sqlcipher
        conn = sqlcipher.connect(db, key, create=True, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA cache_size = -131072")
    return conn


def insert_floor(path: str, db: str, key=None) -> tuple[float, float]:
    """The least an import must do: read and decode every line, then insert it, in one
    transaction, into a table indexed by participant (their facts are looked up) and by
    event id (ids are unique: the import skips or refuses an id already stored), and chain
    the records in that transaction (`chain_floor`; not for a plain store from before the
    chain, run to compare).
    Wall and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8") as source:
        rows = [(fact["participant"], fact["id"], line)
                for line in source for fact in (json.loads(line),)]
    conn = floor_connection(db, key)
    conn.execute("CREATE TABLE events (position INTEGER PRIMARY KEY, participant TEXT, "
                 "id TEXT UNIQUE, body TEXT)")
    conn.execute("CREATE INDEX events_participant ON events (participant)")
    conn.execute("CREATE TABLE chain (position INTEGER PRIMARY KEY, digest BLOB NOT NULL)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO events (participant, id, body) VALUES (?, ?, ?)", rows)
    if key is not None:
        chain_floor(conn, key, rows)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def chain_floor(conn, key, rows: list[tuple[str, str, str]]) -> None:
    """The hash chain a correct import must write (docs/audit.md; store.adapter chains every
    record in the events' transaction): one HMAC-SHA256 per record, by store.chain's own
    definition, the digests inserted in the same transaction. The least of it: over the
    values as inserted (text, stored as its UTF-8 bytes), not read back as the store's
    writer reads them (the same digests; reading back cost this floor ~0.6 s CPU more at
    157,000 records, medians of three runs: 4.9 s against 4.3 s, 2.6 s without a chain)."""
    from store import chain, keys
    start = conn.execute("SELECT MAX(position) FROM events").fetchone()[0] - len(rows) + 1
    conn.executemany("INSERT INTO chain VALUES (?, ?)", chain.entries(
        key.derive(keys.CHAIN), chain.GENESIS,
        ((position, tuple(("text", value.encode()) for value in row))
         for position, row in enumerate(rows, start))))


def read_floor(db: str, key=None) -> tuple[float, float]:
    """The least a rebuild must do: read every fact in order and decode it. Wall and CPU
    seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    conn = floor_connection(db, key)
    for (body,) in conn.execute("SELECT body FROM events ORDER BY position"):
        json.loads(body)
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu


def recompute(path: str, year: int) -> dict:
    """`stats YEAR` recomputed from the JSON file alone: read every line, fold each
    participant's facts, compute the figures. The same figure code as the read side, so the
    answer is the same (checked), only without read models."""
    from domain.timeline import replay
    from projections import figures
    from projections.participations import Participation, summarise
    facts = defaultdict(list)
    with open(path, encoding="utf-8") as source:
        for line in source:
            fact = json.loads(line)
            facts[fact["participant"]].append(fact)
    rows = []
    for participant, theirs in facts.items():
        summary = summarise(replay(participant, theirs))
        if summary is not None:
            rows.append(Participation(participant, *summary))
    first, last = f"{year}-01-01", f"{year}-12-31"
    rows = [r for r in rows if r.intake_date <= last and (
        r.end_date is None or r.end_date >= first or (r.last_follow_up or "") >= first)]
    return figures.stats(rows, year)  # the same narrowing as figures.year_filter


def _same(a, b) -> bool:
    """Equal, floats to 1e-9 (a mean summed in another row order differs in the last bit)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def recompute_floor(path: str, year: int, answer: dict) -> float:
    """A cold process recomputing the year from the JSON file; its answer must be ours."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--recompute", path, str(year)],
                         capture_output=True, text=True, check=True).stdout
    elapsed = time.perf_counter() - start
    if not _same(json.loads(out), answer):
        raise SystemExit("the recompute from JSON does not give the answer `stats` gives")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20000)
    parser.add_argument("--year", type=int, default=2008)
    parser.add_argument("--json", help="write the table as JSON to this file")
    parser.add_argument("--keep", help="work in this folder and keep it")
    parser.add_argument("--recompute", nargs=2, metavar=("FILE", "YEAR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.recompute:
        print(json.dumps(recompute(args.recompute[0], int(args.recompute[1]))))
        return

    load = os.getloadavg()
    work = args.keep or tempfile.mkdtemp(prefix="nysjanse-bench-")
    os.makedirs(work, exist_ok=True)
    path, store, floor_db = (os.path.join(work, n) for n in ("history.jsonl", "store.db", "floor.db"))
    for stale in (store, store + "-wal", store + "-shm", floor_db, floor_db + "-wal",
                  floor_db + "-shm", os.path.join(work, "store.views.db")):
        if os.path.exists(stale):
            os.remove(stale)

    facts = history(args.participants)
    with open(path, "w", encoding="utf-8") as out:
        for fact in facts:
            out.write(json.dumps(fact, ensure_ascii=False) + "\n")
    events = len(facts)
    sample = facts[len(facts) // 2]["participant"]
    del facts
    key_file = os.path.join(work, "master.key")
    try:
        from store import keys
    except ImportError:  # a version from before master keys, run to compare
        keys = None
    if keys is not None and not os.path.exists(key_file):
        keys.write_new(key_file)
    env = dict(os.environ, NYSJANSE_DB=store, NYSJANSE_USER="bench", NYSJANSE_KEY_FILE=key_file)
    env.pop("NYSJANSE_VIEWS", None)

    rows = []

    def row(name, seconds, floor=None, rss=None, target=None, per_event=False, cpu=None):
        ratio = seconds / floor if floor else None
        rows.append({"measure": name, "seconds": round(seconds, 4),
                     "floor_seconds": round(floor, 4) if floor else None,
                     "ratio": round(ratio, 2) if ratio else None,
                     "events_per_second": round(events / seconds) if per_event else None,
                     "peak_rss_mb": rss, "target": target,
                     # CPU seconds (user + system) beside the floor's: on a shared, loaded
                     # machine the wall ratio moves with the load, this one much less.
                     "cpu_ratio": round(cpu[0] / cpu[1], 2) if cpu else None})

    seconds, rss, cpu = timed([NYSJANSE, "import", path], env)
    key = store_key(store, key_file)  # the floors are encrypted as the store is
    floor_insert, floor_cpu = insert_floor(path, floor_db, key)
    row("import", seconds, floor_insert, rss, "<= 6x floor, <= 400 MB", per_event=True,
        cpu=(cpu, floor_cpu))
    floor_read, floor_cpu = read_floor(floor_db, key)
    seconds, rss, cpu = timed([NYSJANSE, "rebuild"], env)
    row("rebuild", seconds, floor_read, rss, "<= 4x floor", per_event=True, cpu=(cpu, floor_cpu))
    stats_args = [NYSJANSE, "stats", str(args.year), "--format", "json"]
    first_stats = timed(stats_args, env)[0]  # right after the rebuild: computed, not cached
    bare = median_cold([sys.executable, "-c", "pass"], env)
    row("python -c pass", bare)
    stats = median_cold(stats_args, env)
    answer = json.loads(subprocess.run([NYSJANSE, "stats", str(args.year), "--format", "json"],
                                       env=env, capture_output=True, text=True).stdout)
    from_json = recompute_floor(path, args.year, answer)
    rows.append({"measure": f"stats {args.year} vs recompute from JSON", "seconds": round(stats, 4),
                 "floor_seconds": round(from_json, 4), "ratio": round(stats / from_json, 3),
                 "events_per_second": None, "peak_rss_mb": None,
                 "target": ">= 10x faster (ratio <= 0.1)"})
    rows.append({"measure": "  the first, computed", "seconds": round(first_stats, 4),
                 "floor_seconds": round(from_json, 4), "ratio": round(first_stats / from_json, 3),
                 "events_per_second": None, "peak_rss_mb": None, "target": None})
    for name, cmd in (("status", ["status", "--date", f"{args.year}-12-31"]),
                      ("caseload", ["caseload", "--date", f"{args.year}-06-30"]),
                      ("show", ["show", sample, "--date", f"{args.year}-12-31"])):
        seconds = median_cold([NYSJANSE, *cmd, "--format", "json"], env)
        row(f"{name} (cold)", seconds, bare, target="<= 6x python -c pass" if name == "show" else None)

    print(f"nysjanse bench: {args.participants} participations, {events} events, in {work}")
    print(f"load average before and after: {load[0]:.1f}, {os.getloadavg()[0]:.1f} "
          f"({os.cpu_count()} cores)")
    print(f"{'measure':<34}{'seconds':>9}{'floor':>9}{'ratio':>8}{'cpu ratio':>10}{'events/s':>10}"
          f"{'RSS MB':>8}  target")
    for r in rows:
        print(f"{r['measure']:<34}{r['seconds']:>9.3f}"
              f"{(r['floor_seconds'] or 0):>9.3f}{(r['ratio'] or 0):>8.2f}"
              f"{(r.get('cpu_ratio') or 0):>10.2f}"
              f"{(r['events_per_second'] or 0):>10}{(r['peak_rss_mb'] or 0):>8}  {r['target'] or ''}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"participants": args.participants, "events": events, "rows": rows,
                       "load_average": [load[0], os.getloadavg()[0]]}, out, indent=1)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
