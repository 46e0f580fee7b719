"""Compile speed over LCT + Chia criterion lines (issue 2 target: >= 5,000 lines/s on one core).

    python3 bench/compile_speed.py            # lines/s, and status counts
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus_lines import chia, lct  # noqa: E402
from screener.compile import compile_line  # noqa: E402
from screener.parse.parser import grammar  # noqa: E402
from screener.parse.lexicon import phrase_table  # noqa: E402


def main() -> None:
    lines = list(lct()) + list(chia())
    grammar(), phrase_table()  # built once per process; not part of the per-line cost
    for _, src, line in lines[:200]:  # warm the unit cache the way a long run would
        compile_line(line, src)
    statuses: Counter[str] = Counter()
    t0, c0 = time.perf_counter(), time.process_time()
    for _, src, line in lines:
        statuses[compile_line(line, src).status] += 1
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = len(lines)
    # CPU seconds too: on a shared machine the wall clock also counts the time other processes held the core
    print(f"lines={n} seconds={elapsed:.2f} lines_per_second={n / elapsed:.0f} "
          f"cpu_seconds={cpu:.2f} lines_per_cpu_second={n / cpu:.0f}")
    print(" ".join(f"{k}={v} ({v / n:.1%})" for k, v in sorted(statuses.items())))


if __name__ == "__main__":
    main()
