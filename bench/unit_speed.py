"""Benchmark: normalising 1,000,000 lab values costs one pint call per distinct (analyte, unit).

    python3 bench/unit_speed.py [N]

Values are spread over a handful of (analyte, unit) pairs, as a large extract
of patient records would be; every value is brought to its analyte's
canonical unit with ``to_canonical``. The figure printed is the count of pint
conversions actually made (screener.units.PINT_CALLS), next to the number of
distinct pairs. Deterministic: a fixed seed, no clock reading in the library
(the benchmark itself times with perf_counter).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from screener.units import PINT_CALLS, convert, linear_map, to_canonical, ureg
from screener.units.registry import ucum_scale

PAIRS = [
    ("creatinine", "mg/dL"), ("creatinine", "umol/L"), ("glucose", "mmol/L"), ("glucose", "mg/dL"),
    ("platelets", "10*3/uL"), ("platelets", "/mm3"), ("hemoglobin", "g/L"), ("hba1c", "mmol/mol"),
    ("alt", "IU/L"), ("total_cholesterol", "mmol/L"), ("body_temperature", "[degF]"), ("weight", "[lb_av]"),
]


def main(n: int = 1_000_000) -> None:
    rng = np.random.default_rng(20240501)
    pick = rng.integers(0, len(PAIRS), size=n)
    analytes = np.array([a for a, _ in PAIRS])[pick]
    units = np.array([u for _, u in PAIRS])[pick]
    values = rng.uniform(0.5, 200.0, size=n)

    linear_map.cache_clear()
    before = PINT_CALLS.pint_calls
    start = time.perf_counter()
    out = to_canonical(values, units, analytes)
    elapsed = time.perf_counter() - start
    calls = PINT_CALLS.pint_calls - before

    # the per-value alternative (one pint conversion per value), timed on a small sample only
    sample = 2_000
    src, dst = ucum_scale("/mm3")[1], ucum_scale("10*9/L")[1]
    t0 = time.perf_counter()
    for v in values[:sample]:
        ureg.Quantity(float(v), src).to(dst)
    naive = (time.perf_counter() - t0) / sample
    assert np.isfinite(out).all()
    assert convert(1.0, "mg/dL", "umol/L", "creatinine") > 88

    print(f"values converted      : {n:,}")
    print(f"distinct (analyte, unit) pairs: {len(PAIRS)}")
    print(f"pint conversions made : {calls}")
    print(f"elapsed               : {elapsed:.3f} s")
    print(f"throughput            : {n / elapsed:,.0f} values/s")
    print(f"one pint .to() per value instead (sample of {sample}): {1 / naive:,.0f} values/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
