"""Read side benchmark: rebuild speed, stats speed, cold start of a read on current models.

    python bench/read_side.py [STORE.db] [COPIES]     (default bench/out/scaled.db, 100 copies)

100 copies of the sample are ~143,000 notifications (~117,000 facts).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))


def best(f, n=3):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - t)
    return min(times), result


def main(argv):
    db = argv[0] if argv else os.path.join(HERE, "out", "scaled.db")
    copies = argv[1] if len(argv) > 1 else "100"
    os.makedirs(os.path.dirname(os.path.abspath(db)), exist_ok=True)
    if not os.path.exists(db):
        subprocess.run([sys.executable, os.path.join(HERE, "scale_store.py"), db, copies], check=True)
    import projections
    from projections.tables import ensure_schema, open_views
    views = projections.views_path(db)

    def fresh_rebuild():
        v = open_views(views)
        ensure_schema(v, drop=True)
        v.close()
        t = time.perf_counter()
        n = projections.rebuild(db)
        return time.perf_counter() - t, n
    runs = [fresh_rebuild() for _ in range(3)]
    dt, n = min(runs)
    print(f"rebuild into empty read models: {n} events in {dt:.2f} s = {n / dt:,.0f} events/s "
          f"(runs: {', '.join(f'{r[0]:.2f}' for r in runs)})")
    dt, n = best(lambda: projections.rebuild(db), 2)
    print(f"rebuild over full read models (drop included): {dt:.2f} s = {n / dt:,.0f} events/s")

    from projections.tables import connect

    def uncached(f):
        def run():
            conn = connect(views)  # SQLCipher, the default key, as the read side opens it
            with conn:
                conn.execute("DELETE FROM figures")
            conn.close()
            return f()
        return run
    for name, f in [
            ("stats 2008", lambda: projections.stats(db, 2008)),
            ("stats 2008 known at 2009-01-31",
             lambda: projections.stats(db, 2008, known_at="2009-01-31T00:00:00+01:00")),
            ("status 2008-12-31", lambda: projections.status(db, "2008-12-31")),
            ("caseload detail 2008-06-30", lambda: projections.caseload_detail(db, "2008-06-30"))]:
        computed, _ = best(uncached(f), 5)
        cached, _ = best(f, 5)
        print(f"{name}: {computed * 1000:.1f} ms computed, {cached * 1000:.1f} ms cached")

    def naive():  # recompute from the exported JSON in plain Python, the baseline
        from scale_store import scaled_facts, SAMPLE
        from domain.timeline import replay
        from projections.figures import stats as figures_stats
        from projections.participations import Participation, summarise
        lines = [json.loads(line) for line in open(SAMPLE, encoding="utf-8") if line.strip()]
        text = "\n".join(json.dumps(f) for f in scaled_facts(lines, int(copies)))
        t = time.perf_counter()
        by = {}
        for line in text.split("\n"):
            f = json.loads(line)
            if f["recorded_at"] <= "9999":
                by.setdefault(f["participant"], []).append(f)
        rows = []
        for p, facts in by.items():
            s = summarise(replay(p, facts))
            if s:
                rows.append(Participation(p, *s))
        figures_stats(rows, 2008)
        return time.perf_counter() - t
    print(f"stats 2008 recomputed from JSON lines in plain Python: {naive() * 1000:.0f} ms")

    uncached(lambda: None)()
    code = ("import sys, time; t = time.perf_counter(); import projections; "
            f"projections.stats({db!r}, 2008); "
            "print(f'{(time.perf_counter() - t) * 1000:.0f} ms in process, eventsourcing imported: "
            "%s' % ('eventsourcing' in sys.modules))")
    for _ in range(2):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=os.path.join(HERE, "..")).stdout.strip()
        print(f"cold `stats 2008` in a new python: {(time.perf_counter() - t) * 1000:.0f} ms wall ({out})")


if __name__ == "__main__":
    main(sys.argv[1:])
