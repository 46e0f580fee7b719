"""bench/population.py writes the same population as FHIR NDJSON and as a store; both screen alike."""

from __future__ import annotations

import sys
from pathlib import Path

import screener
from screener.engines import screen_store
from screener.store import load_into_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.population import AS_OF, generate, write_ndjson, write_store  # noqa: E402


def test_the_direct_store_screens_like_the_loaded_ndjson(tmp_path):
    pop = generate(400, seed=11)
    write_ndjson(pop, tmp_path / "ndjson")
    load_into_store([tmp_path / "ndjson"], tmp_path / "loaded")
    write_store(pop, tmp_path / "direct")
    trial = screener.load_trial("NCT06722586")

    def screened(store):
        return [(r.patient_id, r.verdict, [c.status for c in r.criteria])
                for r in screen_store(trial, store, as_of=AS_OF).results()]

    loaded, direct = screened(tmp_path / "loaded"), screened(tmp_path / "direct")
    assert len(loaded) == 400 and loaded == direct
    verdicts = {v for _p, v, _s in loaded}
    assert {"ineligible", "undetermined"} <= verdicts  # shaped like a real population: most cannot be decided


def test_the_generator_is_seeded():
    a, b = generate(50, seed=3), generate(50, seed=3)
    assert all((a[t][k] == b[t][k]).all() or (a[t][k].dtype.kind == "M") for t in a for k in a[t])
