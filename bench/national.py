"""National scale: what a store of N participations costs, against raw floors in the same run.

    python bench/national.py --participants 20000 [--json out.json] [--keep DIR]

Generates a valid multi-year history (bench/history.py), then measures on this machine:

- `nysjanse import` of the file (a cold process), beside the raw insert floor: Python's sqlite3
  inserting the same JSON lines with executemany in one transaction into an indexed table;
- `nysjanse rebuild` of every read model, beside the raw read floor: SELECT + json.loads of
  that table;
- cold `stats`, `status`, `caseload` and `show` processes (median of 5), beside a bare
  `python -c pass`; and `stats` beside recomputing the year's counts from the JSON file in
  plain Python (a minimal recompute: any full one is slower, so the ratio is conservative);
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


def timed(args: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and peak RSS (MB) of one cold process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed: {stderr.strip()[-500:]}")
    return elapsed, usage.ru_maxrss // 1024


def median_cold(args: list[str], env: dict, runs: int = 5) -> float:
    return statistics.median(timed(args, env)[0] for _ in range(runs))


def insert_floor(path: str, db: str) -> float:
    start = time.perf_counter()
    with open(path, encoding="utf-8") as source:
        rows = [(json.loads(line)["participant"], line) for line in source]
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE events (position INTEGER PRIMARY KEY, participant TEXT, body TEXT)")
    conn.execute("CREATE INDEX events_participant ON events (participant)")
    with conn:
        conn.executemany("INSERT INTO events (participant, body) VALUES (?, ?)", rows)
    conn.close()
    return time.perf_counter() - start


def read_floor(db: str) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    for (body,) in conn.execute("SELECT body FROM events ORDER BY position"):
        json.loads(body)
    conn.close()
    return time.perf_counter() - start


def recompute_floor(path: str, year: int) -> float:
    """The year's head counts straight from the JSON file: the least a recompute must do."""
    start = time.perf_counter()
    first, last = f"{year}-01-01", f"{year}-12-31"
    intake, end, retracted, ids = {}, {}, set(), {}
    with open(path, encoding="utf-8") as source:
        facts = [json.loads(line) for line in source]
    for f in facts:
        if f["type"] == "retraction":
            retracted.add(f["event"])
    for f in facts:
        if f["id"] in retracted:
            continue
        if f["type"] == "intake":
            intake[f["participant"]] = f
        elif f["type"] in ("exit", "transfer_to_nav"):
            end[f["participant"]] = f
    counts = defaultdict(int)
    for p, i in intake.items():
        e = end.get(p)
        if i["date"] <= last and (e is None or e["date"] >= first):
            counts["participants"] += 1
            counts[i["gender"]] += 1
            counts[i["country"]] += 1
            if e is not None and e["date"] <= last:
                counts["exits"] += 1
                counts[e["type"] + e.get("kind", "")] += 1
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20000)
    parser.add_argument("--year", type=int, default=2008)
    parser.add_argument("--json", help="write the table as JSON to this file")
    parser.add_argument("--keep", help="work in this folder and keep it")
    args = parser.parse_args()

    work = args.keep or tempfile.mkdtemp(prefix="nysjanse-bench-")
    os.makedirs(work, exist_ok=True)
    path, store, floor_db = (os.path.join(work, n) for n in ("history.jsonl", "store.db", "floor.db"))
    for stale in (store, store + "-wal", store + "-shm", floor_db, os.path.join(work, "store.views.db")):
        if os.path.exists(stale):
            os.remove(stale)

    facts = history(args.participants)
    with open(path, "w", encoding="utf-8") as out:
        for fact in facts:
            out.write(json.dumps(fact, ensure_ascii=False) + "\n")
    events = len(facts)
    sample = facts[len(facts) // 2]["participant"]
    del facts
    env = dict(os.environ, NYSJANSE_DB=store, NYSJANSE_USER="bench")
    env.pop("NYSJANSE_VIEWS", None)

    rows = []

    def row(name, seconds, floor=None, rss=None, target=None, per_event=False):
        ratio = seconds / floor if floor else None
        rows.append({"measure": name, "seconds": round(seconds, 4),
                     "floor_seconds": round(floor, 4) if floor else None,
                     "ratio": round(ratio, 2) if ratio else None,
                     "events_per_second": round(events / seconds) if per_event else None,
                     "peak_rss_mb": rss, "target": target})

    floor_insert = insert_floor(path, floor_db)
    seconds, rss = timed([NYSJANSE, "import", path], env)
    row("import", seconds, floor_insert, rss, "<= 6x floor, <= 400 MB", per_event=True)
    floor_read = read_floor(floor_db)
    seconds, rss = timed([NYSJANSE, "rebuild"], env)
    row("rebuild", seconds, floor_read, rss, "<= 4x floor", per_event=True)
    bare = median_cold([sys.executable, "-c", "pass"], env)
    row("python -c pass", bare)
    stats = median_cold([NYSJANSE, "stats", str(args.year), "--format", "json"], env)
    recompute = recompute_floor(path, args.year)
    rows.append({"measure": f"stats {args.year} vs recompute from JSON", "seconds": round(stats, 4),
                 "floor_seconds": round(recompute, 4), "ratio": round(stats / recompute, 3),
                 "events_per_second": None, "peak_rss_mb": None,
                 "target": ">= 10x faster (ratio <= 0.1)"})
    for name, cmd in (("status", ["status", "--date", f"{args.year}-12-31"]),
                      ("caseload", ["caseload", "--date", f"{args.year}-06-30"]),
                      ("show", ["show", sample, "--date", f"{args.year}-12-31"])):
        seconds = median_cold([NYSJANSE, *cmd, "--format", "json"], env)
        row(f"{name} (cold)", seconds, bare, target="<= 6x python -c pass" if name == "show" else None)

    print(f"nysjanse bench: {args.participants} participations, {events} events, in {work}")
    print(f"{'measure':<34}{'seconds':>9}{'floor':>9}{'ratio':>8}{'events/s':>10}{'RSS MB':>8}  target")
    for r in rows:
        print(f"{r['measure']:<34}{r['seconds']:>9.3f}"
              f"{(r['floor_seconds'] or 0):>9.3f}{(r['ratio'] or 0):>8.2f}"
              f"{(r['events_per_second'] or 0):>10}{(r['peak_rss_mb'] or 0):>8}  {r['target'] or ''}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"participants": args.participants, "events": events, "rows": rows}, out,
                      indent=1)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
