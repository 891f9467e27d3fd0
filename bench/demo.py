"""How long the demo generator takes (it was a timed test; speed lives here, not in tests/).

    python bench/demo.py [--runs 5]

Prints the best and the median of a few runs of `demo.generate` with fresh seeds. The figure to
keep an eye on: it ran well under 2 s on the project's 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    from demo import generate
    times = []
    for seed in range(11, 11 + runs):
        started = time.perf_counter()
        facts = generate(seed)
        times.append(time.perf_counter() - started)
    print(f"demo.generate: {len(facts):,} facts; best {min(times):.2f} s, "
          f"median {statistics.median(times):.2f} s over {runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
