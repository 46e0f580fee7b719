"""Follow-up speed: outcomes per patient (NCT06722586, NCT05746689) and protocol checks (NCT05746689).

    python3 bench/followup_speed.py [--rounds N]

On the hand-built series (tests/fixtures/followup/), bound once; each round
assesses every patient from scratch (a new evaluator per patient).  A protocol
check reads every day from day 1 to the end of week 48 (336 days per drug),
so it is the slow one.  No target is set by an issue; the figures are in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screener.followup.definitions import load_definitions  # noqa: E402
from screener.outcomes import assess_patient  # noqa: E402
from screener.protocol import check_patient  # noqa: E402
from screener.records.bind import bind_patients  # noqa: E402
from screener.records.load import load_paths  # noqa: E402

FIX = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "followup"
BASELINE = dt.date(2025, 3, 3)
RUNS = [
    ("outcomes NCT06722586", "nct06722586", "NCT06722586", "outcomes", dt.date(2025, 10, 1)),
    ("outcomes NCT05746689", "nct05746689_outcomes", "NCT05746689", "outcomes", dt.date(2026, 3, 1)),
    ("protocol NCT05746689", "nct05746689_protocol", "NCT05746689", "protocol", dt.date(2026, 2, 20)),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    for name, folder, trial, kind, cutoff in RUNS:
        t0 = time.perf_counter()
        defs = load_definitions(trial, kind)
        compile_ms = (time.perf_counter() - t0) * 1000
        patients = bind_patients(load_paths([FIX / folder]))
        run = assess_patient if kind == "outcomes" else check_patient
        times = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            for p in patients:
                run(defs, p, BASELINE, cutoff)
            times.append((time.perf_counter() - t0) / len(patients) * 1000)
        print(f"{name}: definitions compiled in {compile_ms:.0f} ms (first in process includes the parser); "
              f"{len(patients)} patients, median {statistics.median(times):.2f} ms per patient "
              f"(min {min(times):.2f}, {args.rounds} rounds)")


if __name__ == "__main__":
    main()
