"""One FHIR bundle screened by both engines (interpreter and DuckDB), which must agree."""

from __future__ import annotations

import datetime as dt
import tempfile

import screener
from screener.engines import screen_store
from screener.records.adapters.fhir import read_json
from screener.records.bind import bind_patients
from screener.store import write_store


def screen_both(criteria: str, bundle: dict, as_of: dt.date, policy=None):
    """(criterion id -> status, the interpreter's result) for the bundle's one patient."""
    trial = screener.compile_criteria(criteria, trial="T", **({"policy": policy} if policy is not None else {}))
    patients = bind_patients(read_json(bundle, "b.json"))
    by_interpreter = [trial.screen(p, as_of=as_of) for p in patients]
    with tempfile.TemporaryDirectory() as store:
        write_store(patients, store)
        by_sql = list(screen_store(trial, store, as_of=as_of, engine="duckdb").results())
    got = [{c.id: c.status for c in r.criteria} for r in by_interpreter]
    assert got == [{c.id: c.status for c in r.criteria} for r in by_sql]
    assert [r.verdict for r in by_interpreter] == [r.verdict for r in by_sql]
    return got[0], by_interpreter[0]
