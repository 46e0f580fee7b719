"""Screening whole populations: loading and screening, measured apart, per engine and size.

    python3 bench/cohort_speed.py [--sizes 10000,100000,1000000] [--python-up-to 100000]
                                  [--load-up-to 100000] [--work DIR]

For each size N a population is generated (bench/population.py, seed 6) and:
- load: its FHIR NDJSON read, bound and written into a store (`screener load`), up to --load-up-to;
- duckdb: the loaded store screened against NCT06722586 (the SQL run to one row per patient
  with the verdict and every criterion's status);
- python: the interpreter over the same store (full evidence), up to --python-up-to;
- results: the duckdb rows turned into the JSONL results `screener screen` writes.
Each measurement runs in its own process: wall time, patients/s and that process's peak RSS
(VmHWM; DuckDB runs inside it).  The duckdb figure is the query; compiling the
trial and rendering its SQL, once per trial, is reported apart (sql_build_s).  Stores above --load-up-to are written by the
generator directly.  Targets (issue 6): duckdb >= 200,000 patients/s on a loaded 1M store,
peak RSS <= 2 GB, cost linear in N.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TRIAL, AS_OF = "NCT06722586", "2026-11-23"


def _child(args: list[str]) -> dict:
    """Run one measurement in a fresh process; it reports its time and its own peak RSS."""
    out = subprocess.run([sys.executable, __file__, "--measure", *args], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(result.pop("self_rss_kb") / 1024)
    return result


def _measure(kind: str, path: str, n: int) -> dict:
    import screener

    extra: dict = {}
    t0 = time.perf_counter()
    if kind == "load":
        from screener.store import load_into_store

        load_into_store([Path(path) / "ndjson"], Path(path) / "store")
    elif kind == "duckdb":
        from screener.sql import build_query
        from screener.sql.duckdb import run

        trial = screener.load_trial(TRIAL)  # compiling the trial and its SQL happens once per trial, not per patient
        sql = build_query(trial.compiled, dt.date.fromisoformat(AS_OF), policies=trial.policies,
                          default_policy=trial.policy).sql("duckdb", pretty=False)
        extra["sql_build_s"] = round(time.perf_counter() - t0, 3)
        t0 = time.perf_counter()
        assert run(sql, Path(path) / "store").num_rows == n
    elif kind == "results":
        from screener.engines import screen_store

        screening = screen_store(screener.load_trial(TRIAL), Path(path) / "store", as_of=AS_OF, engine="duckdb")
        t0 = time.perf_counter()
        with open(os.devnull, "w") as out:
            for r in screening.results():
                out.write(r.model_dump_json() + "\n")
    elif kind == "python":
        from screener.engines import screen_python_store

        trial = screener.load_trial(TRIAL)
        t0 = time.perf_counter()
        assert sum(1 for _r in screen_python_store(trial, Path(path) / "store", as_of=AS_OF)) == n
    seconds = time.perf_counter() - t0
    return {"kind": kind, "n": n, "seconds": round(seconds, 3), "patients_per_s": round(n / seconds),
            "self_rss_kb": _peak_rss_kb(), **extra}


def _peak_rss_kb() -> int:
    """This process's peak RSS (VmHWM; ru_maxrss would count the parent's memory, kept across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--python-up-to", type=int, default=100_000)
    ap.add_argument("--load-up-to", type=int, default=100_000)
    ap.add_argument("--results-up-to", type=int, default=100_000)
    ap.add_argument("--work", default="/tmp/screener-cohorts")
    ap.add_argument("--measure", nargs=3, metavar=("KIND", "PATH", "N"))
    args = ap.parse_args()
    if args.measure:
        kind, path, n = args.measure
        print(json.dumps(_measure(kind, path, int(n))))
        return
    from bench.population import generate, write_ndjson, write_store

    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        folder = Path(args.work) / str(n)
        folder.mkdir(parents=True, exist_ok=True)
        pop = generate(n)
        records = sum(pop[t]["pid"].size for t in ("observations", "medications", "conditions"))
        if n <= args.load_up_to:
            write_ndjson(pop, folder / "ndjson")
            rows.append(_child(["load", str(folder), str(n)]))
        else:
            write_store(pop, folder / "store")
        del pop
        rows.append(_child(["duckdb", str(folder), str(n)]))
        if n <= args.results_up_to:
            rows.append(_child(["results", str(folder), str(n)]))
        if n <= args.python_up_to:
            rows.append(_child(["python", str(folder), str(n)]))
        for r in rows[-4:]:
            if r["n"] == n:
                r["records"] = records
                build = f"  (+{r['sql_build_s']:.2f} s compiling the trial and its SQL)" if "sql_build_s" in r else ""
                print(f"{r['kind']:8} N={n:>9,}  records={records:>11,}  {r['seconds']:9.2f} s  "
                      f"{r['patients_per_s']:>10,} patients/s  peak RSS {r['peak_rss_mb']:>6,} MB{build}", flush=True)
    out = Path(args.work) / "cohort_speed.json"
    out.write_text(json.dumps(rows, indent=1) + "\n")
    print(f"figures in {out}")


if __name__ == "__main__":
    main()
