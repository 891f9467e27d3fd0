"""Write a scaled-up copy of the sample into a fresh store, fast (bypasses the rules).

    python bench/scale_store.py STORE.db COPIES [SAMPLE.jsonl]

Each copy renames participants, event ids and counsellors with a `.kN` suffix, so the copies
are independent participations with the sample's dates. Lines are interleaved copy by copy,
so the log looks like many caseworkers recording at once. Counsellor events are written as
the write side would, so the notification log has its real mix of fact and non-fact events.
For benchmarks of the read side only: nothing here checks the programme's rules.
"""
from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
# The known-answer sample the tests use (tests/fixtures/README.md).
SAMPLE = os.path.join(HERE, "..", "tests", "fixtures", "sample-events.jsonl")


def scaled_facts(lines: list[dict], copies: int):
    for fact in lines:
        for k in range(copies):
            f = dict(fact)
            suffix = f".k{k}"
            f["participant"] += suffix
            f["id"] += suffix
            if "counsellor" in f:
                f["counsellor"] += suffix
            if f["type"] == "retraction":
                f["event"] += suffix
            yield f


def main(argv: list[str]) -> int:
    from store.application import Programme, counsellor_events, opened_event, recorded_event
    db, copies = argv[0], int(argv[1])
    sample = argv[2] if len(argv) > 2 else SAMPLE
    lines = [json.loads(line) for line in open(sample, encoding="utf-8") if line.strip()]
    if os.path.exists(db):
        os.remove(db)
    app = Programme(db, "bench")
    versions: dict[str, int] = {}
    counsellors: dict[str, int] = {}
    when = datetime.now(timezone.utc)
    events, ids, total = [], [], 0

    def flush():
        nonlocal events, ids, total
        if events:
            app.recorder.insert_events(app.stored(events), event_ids=ids)
            total += len(events)
        events, ids = [], []

    for f in scaled_facts(lines, copies):
        p = f["participant"]
        v = versions.get(p, 0) + 1
        versions[p] = v
        events.append(opened_event(p, f, when) if v == 1 else recorded_event(p, v, f, when))
        ids.append((f["id"], p))
        if f["type"] in ("intake", "counsellor_change"):
            c = f["counsellor"]
            new = counsellor_events(c, counsellors.get(c, 0), p, f["date"], when)
            counsellors[c] = counsellors.get(c, 0) + len(new)
            events.extend(new)
        if len(events) >= 5000:
            flush()
    flush()
    print(f"{db}: {total} events, {app.max_position()} positions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
