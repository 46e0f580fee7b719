"""The store, the engine choice, the CLI, and the hybrid fallback for rules SQL cannot express."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import screener
from screener import engines
from screener.engines import screen, screen_store
from screener.records.load import load_paths
from screener.sql import build_query
from screener.sql.context import NotExpressible
from screener.store import load_into_store, read_meta, read_patients

FIXTURES = Path(__file__).parent / "fixtures" / "nct06722586"
AS_OF = "2026-11-23"


@pytest.fixture(scope="module")
def trial():
    return screener.load_trial("NCT06722586")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    load_into_store([FIXTURES], folder)
    return folder


def _view(results):
    return [(r.patient_id, r.verdict, [(c.id, c.status) for c in r.criteria]) for r in results]


def test_every_patient_is_stored_once_with_its_problems(store):
    from screener.records.bind import bind_patients

    meta = read_meta(store)
    patients = bind_patients(load_paths([FIXTURES]))  # binding adds the unit problems
    assert meta["patients"] == len(patients) == 56
    assert [p.id for _pid, p in read_patients(store)] == [p.id for p in patients]
    assert meta["rows"]["problems"] == sum(len(p.problems) for p in patients)


def test_stored_records_screen_like_the_files(trial, store):
    from_files = [trial.screen(p, as_of=AS_OF, attest={"E5": False}) for p in load_paths([FIXTURES])]
    from_store = list(engines.screen_python_store(trial, store, as_of=AS_OF, attest={"E5": False}))
    assert _view(from_store) == _view(from_files)
    # the store keeps what evidence shows: reported and normalized values
    ev = [e for r in from_store if r.patient_id.endswith("hb-low-gl") for c in r.criteria if c.id == "E7"
          for e in c.evidence if e.record == "Observation/hb"]
    assert ev and ev[0].reported == "91 g/L" and ev[0].normalized == "9.1 g/dL"


def test_duckdb_gives_the_interpreters_contract(trial, store):
    sql = list(screen_store(trial, store, as_of=AS_OF, attest={"E5": False}).results())
    python = [trial.screen(p, as_of=AS_OF, attest={"E5": False}) for p in load_paths([FIXTURES])]
    assert _view(sql) == _view(python)
    decided = next(r for r in sql if r.verdict == "ineligible")
    assert decided.reasons and all(c.explanation and c.rule for c in decided.criteria)
    assert "duckdb" in decided.criteria[0].explanation


def test_a_rule_sql_cannot_express_goes_to_the_interpreter(trial, store, monkeypatch):
    from screener.sql import drugs

    def refuse(ctx, node, name):
        raise NotExpressible("pretend: no SQL for stable doses")
    monkeypatch.setattr(drugs, "dose_stable", refuse)
    monkeypatch.setattr(trial, "_sql_queries", {}, raising=False)
    screening = screen_store(trial, store, as_of=AS_OF, attest={"E5": False})
    modes = {c.criterion.id: c.mode for c in screening.query.columns}
    assert modes["I3"] == modes["I4"] == modes["I5"] == "interpreter" and modes["I1"] == "sql"
    assert not screening.query.verdict_in_sql
    python = [trial.screen(p, as_of=AS_OF, attest={"E5": False}) for p in load_paths([FIXTURES])]
    hybrid = list(screening.results())
    assert _view(hybrid) == _view(python)
    i3 = next(c for r in hybrid for c in r.criteria if c.id == "I3" and c.evidence)
    assert i3.evidence  # the interpreter's criteria keep their evidence


def test_an_unknown_rule_kind_is_not_expressible(trial):
    @dataclass(frozen=True)
    class Frobnicate:
        kind: str = "frobnicate"

    c = trial.compiled.criteria[0]
    odd = trial.compiled.model_copy(update={"criteria": [c.model_copy(update={"rule": Frobnicate()})]})
    query = build_query(odd, dt.date(2026, 11, 23))
    [column] = query.columns
    assert column.mode == "interpreter" and "frobnicate" in column.why


def test_auto_picks_the_interpreter_for_a_few_files_and_duckdb_above(trial, monkeypatch):
    seen = []
    real = engines.screen_store
    monkeypatch.setattr(engines, "screen_store", lambda *a, **k: seen.append(k["engine"]) or real(*a, **k))
    small = list(screen(trial, [str(FIXTURES)], as_of=AS_OF))
    assert seen == [] and any(c.evidence for r in small for c in r.criteria)
    big = list(screen(trial, [str(FIXTURES)], as_of=AS_OF, auto_above=10))
    assert seen == ["duckdb"] and _view(big) == _view(small)


def run(*args):
    return subprocess.run([sys.executable, "-m", "screener.cli", *args], capture_output=True, text=True, timeout=300)


def test_cli_load_then_screen_with_each_engine(tmp_path):
    out = run("load", str(FIXTURES), "--store", str(tmp_path / "pop"))
    assert out.returncode == 0, out.stderr
    assert "56 patients loaded" in out.stderr
    by = {}
    for engine in ("python", "duckdb"):
        out = run("screen", "NCT06722586", str(tmp_path / "pop"), "--as-of", AS_OF, "--attest", "E5=no",
                  "--format", "jsonl", "--no-progress", "--engine", engine)
        assert out.returncode == 0, out.stderr
        by[engine] = [(r["patient_id"], r["verdict"], [c["status"] for c in r["criteria"]])
                      for r in map(json.loads, out.stdout.splitlines())]
    assert by["python"] == by["duckdb"] and len(by["duckdb"]) == 56


def test_cli_refuses_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    out = run("load", str(FIXTURES), "--store", str(tmp_path))
    assert out.returncode == 2 and "not empty" in out.stderr
