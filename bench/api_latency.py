"""Latency of POST /v1/screen over loopback (issue 7 target: p99 <= 20 ms).

    python3 bench/api_latency.py [--requests N] [--warmup N] [--fixture NAME]

Starts ``screener serve`` on a free loopback port, warms it up, then sends N sequential
requests, each one patient (a seed fixture FHIR bundle) against NCT06722586, and reports
the client-measured p50 / p90 / p99 / max in milliseconds.  Every request is checked for
status 200 and the expected verdict, so a fast wrong answer does not count.  The server
stops at the end; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.live_server import running_server  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "nct06722586"


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    k = max(0, min(len(sorted_ms) - 1, round(p / 100 * len(sorted_ms) + 0.5) - 1))
    return sorted_ms[k]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--fixture", default="baseline", help="a bundle in tests/fixtures/nct06722586")
    args = ap.parse_args()
    bundle = json.loads((FIXTURES / f"{args.fixture}.json").read_text())
    expected = json.loads((FIXTURES.parent / "nct06722586.expected.json").read_text())
    want = expected["baseline"]["verdict"] if args.fixture == "baseline" else expected["variants"][args.fixture]["verdict"]
    body = json.dumps({"trial": "NCT06722586", "as_of": expected["as_of"], "attest": expected["attest"],
                       "fhir": bundle}).encode()
    with running_server() as base, httpx.Client(base_url=base, trust_env=False, timeout=10,
                                                headers={"content-type": "application/json"}) as client:
        def once() -> float:
            t0 = time.perf_counter()
            r = client.post("/v1/screen", content=body)
            ms = (time.perf_counter() - t0) * 1000
            if r.status_code != 200 or r.json()["verdict"] != want:
                raise SystemExit(f"unexpected answer: {r.status_code} {r.text[:300]}")
            return ms

        for _ in range(args.warmup):
            once()
        t0 = time.perf_counter()
        times = sorted(once() for _ in range(args.requests))
        wall = time.perf_counter() - t0
    print(f"POST /v1/screen, NCT06722586, fixture {args.fixture}.json ({len(body) / 1024:.1f} KiB body, "
          f"{len(bundle['entry'])} resources), {args.requests} sequential requests after {args.warmup} warm-up")
    print(f"p50 {percentile(times, 50):.2f} ms  p90 {percentile(times, 90):.2f} ms  "
          f"p99 {percentile(times, 99):.2f} ms  max {times[-1]:.2f} ms  mean {statistics.fmean(times):.2f} ms  "
          f"({args.requests / wall:.0f} requests/s)")
    print("target p99 <= 20 ms:", "met" if percentile(times, 99) <= 20 else "NOT met")


if __name__ == "__main__":
    main()
