"""The SQL engines against the interpreter: same verdict and same status for every criterion.

Hypothesis draws populations (tests/population_strategies.py) that sit on the
edges of every rule; each is written into a store and screened by DuckDB, and
each patient is screened by the interpreter.  The trials: every bundled trial,
and tests/fixtures/population/kinds.txt, which adds the rule kinds and options
the bundled trials do not use, screened under several policies.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import screener
from screener.engines import screen_store
from screener.evaluate.policy import DEFAULT_POLICY
from screener.records.model import Patient
from screener.store import write_store
from screener.trials import bundled_trials
from tests.population_strategies import AS_OF, population

KINDS = Path(__file__).parent / "fixtures" / "population" / "kinds.txt"
POLICIES = {
    "default": DEFAULT_POLICY,
    "open": DEFAULT_POLICY.with_settings({"conditions": "open", "medications": "open", "lab_lookback_days": "30"}),
    "complete": DEFAULT_POLICY.with_settings({"observations": "complete", "lab_lookback_days": "120"}),
}
CASES = [(t, "default", None) for t in bundled_trials()] + [
    ("NCT06722586", "default", {"E5": False}), ("kinds", "default", None), ("kinds", "open", {"K13": True}),
    ("kinds", "complete", None)]


@cache
def trial(name: str, policy: str):
    return screener.load_trial(KINDS if name == "kinds" else name, policy=POLICIES[policy])


def statuses(result) -> tuple[str, dict[str, str]]:
    return result.verdict, {c.id: c.status for c in result.criteria}


def differences(name: str, policy: str, attest, patients: list[Patient]) -> list:
    t = trial(name, policy)
    fresh = [Patient.model_validate(p.model_dump()) for p in patients]
    with tempfile.TemporaryDirectory() as store:
        write_store(fresh, store)
        by_sql = list(screen_store(t, store, as_of=AS_OF, engine="duckdb", attest=attest).results())
    by_interpreter = [t.screen(p, as_of=AS_OF, attest=attest) for p in fresh]
    assert [r.patient_id for r in by_sql] == [r.patient_id for r in by_interpreter]
    out = []
    for s, i, p in zip(by_sql, by_interpreter, fresh):
        if statuses(s) != statuses(i):
            diff = {c.id: (c.status, s_c.status, c.explanation) for c, s_c in zip(i.criteria, s.criteria)
                    if c.status != s_c.status}
            out.append((p.id, i.verdict, s.verdict, diff, p.model_dump_json(exclude_defaults=True)))
    return out


def test_the_bundled_trials_are_all_covered():
    assert {"NCT06722586", "NCT05746689"} <= set(bundled_trials())


def test_the_kinds_trial_uses_every_rule_kind():
    kinds = set()

    def walk(n):
        kinds.add(n.kind)
        for child in getattr(n, "items", ()) or ():
            walk(child)
        if getattr(n, "item", None) is not None:
            walk(n.item)
    for t in ("kinds", "NCT06722586"):
        for c in trial(t, "default").compiled.criteria:
            if c.rule is not None:
                walk(c.rule)
    assert kinds == {"measure", "between", "result", "drug", "dose", "stable", "condition", "allergy", "procedure", "immunization",
                     "study", "sex",
                     "manual", "all", "any", "not", "at_least"}


@pytest.mark.parametrize("name, policy, attest", CASES, ids=[f"{c[0]}-{c[1]}-{'attest' if c[2] else 'none'}"
                                                             for c in CASES])
@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(patients=population())
def test_duckdb_agrees_with_the_interpreter(name, policy, attest, patients):
    assert differences(name, policy, attest, patients) == []


def test_unit_noise_at_a_limit_decides_alike():
    """100,000 /mm3 is 100.00000000000001 x10^9/L after conversion: both engines read it as the
    limit of 'platelets >= 30 and <= 100 x10^9/L' (found by the differential test above)."""
    import datetime as dt

    from screener.records.model import Observation

    p = Patient(id="p", birth_date=dt.date(1990, 1, 1), sex="female", observations=[
        Observation(id="plt", text="platelets", value=100000.0, unit="/mm3", date=dt.date(2026, 8, 26),
                    status="final")])
    assert differences("NCT06722586", "default", {"E5": False}, [p]) == []
