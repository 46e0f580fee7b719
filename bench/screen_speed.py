"""Screening speed for NCT06722586 (issue 4 target: <= 1 ms per patient in process, once compiled).

    python3 bench/screen_speed.py [--rounds N]

Measures, apart:
- loading: FHIR bundles read into records (patients/s, resources/s, MB/s), then
  bound to the vocabulary with units normalized;
- screening: bound patients evaluated against the compiled trial, per patient
  (the Synthea corpus: real-sized records, ~150 observations each; and the
  hand-built fixtures: small records shaped like a referral).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import screener  # noqa: E402
from screener.records.bind import bind_patients  # noqa: E402
from screener.records.load import load_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SYNTHEA = ROOT.parent / "shared" / "corpus" / "synthea" / "bundles"
FIXTURES = ROOT / "tests" / "fixtures" / "nct06722586"
AS_OF = "2026-11-23"


def _load(folder: Path):
    files = sorted(folder.glob("*.json"))
    size = sum(f.stat().st_size for f in files)
    t0 = time.perf_counter()
    patients = load_paths(files)
    t1 = time.perf_counter()
    bind_patients(patients)
    t2 = time.perf_counter()
    resources = sum(len(p.observations) + len(p.medications) + len(p.conditions) + 1 for p in patients)
    return patients, size, resources, t1 - t0, t2 - t1


def _per_patient(trial, patients, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for p in patients:
            trial.screen(p, as_of=AS_OF)
        times.append((time.perf_counter() - t0) / len(patients))
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    t0 = time.perf_counter()
    trial = screener.load_trial("NCT06722586")
    print(f"compile NCT06722586: {1000 * (time.perf_counter() - t0):.0f} ms (once)")
    for name, folder in (("synthea", SYNTHEA), ("fixtures", FIXTURES)):
        if not folder.is_dir():
            print(f"{name}: {folder} not found, skipped")
            continue
        patients, size, resources, t_load, t_bind = _load(folder)
        print(f"{name}: {len(patients)} patients, {resources} records, {size / 1e6:.1f} MB")
        print(f"  load  {len(patients) / t_load:8.0f} patients/s  {resources / t_load:9.0f} records/s  "
              f"{size / 1e6 / t_load:6.1f} MB/s")
        print(f"  bind  {resources / t_bind:9.0f} records/s (units normalized, codes resolved)")
        trial.screen(patients[0], as_of=AS_OF)  # warm caches once
        times = _per_patient(trial, patients, args.rounds)
        print(f"  screen per patient: median {1e3 * statistics.median(times):.3f} ms, "
              f"best {1e3 * min(times):.3f} ms, worst {1e3 * max(times):.3f} ms over {args.rounds} rounds")


if __name__ == "__main__":
    main()
