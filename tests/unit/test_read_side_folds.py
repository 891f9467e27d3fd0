"""The read side's shortcuts equal the long way round."""
from __future__ import annotations

import random

from domain.facts import utc_key
from domain.timeline import replay
from projections import facts as fact_rows
from projections import participations as snaps

from tests.conftest import sample_facts


def test_fast_utc_is_utc_key():
    rng = random.Random(7)
    offsets = ["+01:00", "+02:00", "-05:00", "+00:00", "+05:30", "-09:30", "Z", "+14:00", "-12:00"]
    stamps = ["2008-12-31T23:59:59-01:00", "2009-01-01T00:00:00+01:00",
              "2008-02-29T00:30:00+01:00", "2008-03-01T00:00:00+01:00",
              "2009-01-31T00:00:00.250000+01:00"]
    for _ in range(20000):
        y, m = rng.randrange(1999, 2031), rng.randrange(1, 13)
        d = rng.randrange(1, 29)
        stamps.append(f"{y:04d}-{m:02d}-{d:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:"
                      f"{rng.randrange(60):02d}{rng.choice(offsets)}")
    for stamp in stamps:
        assert fact_rows.utc(stamp) == utc_key(stamp), stamp


def test_incremental_summary_is_the_full_summary():
    by: dict[str, list] = {}
    for f in sample_facts():
        by.setdefault(f["participant"], []).append(f)
    checked = 0
    for participant, facts in by.items():
        t = replay(participant, [])
        summary = snaps.summarise(t)
        for i, f in enumerate(facts):
            t, last = snaps.add(t, facts[:i + 1], f)
            if last and summary is not None:
                summary = snaps.summarise_after(summary, t, f)
                checked += 1
            else:
                summary = snaps.summarise(t)
            assert summary == snaps.summarise(replay(participant, facts[:i + 1])), (participant, f)
    assert checked > 800
