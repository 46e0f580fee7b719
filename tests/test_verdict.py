"""Criteria -> verdict: the rules of docs/semantics.md, "Verdict"."""

from __future__ import annotations

import datetime as dt
import json

import screener
from screener.api import compile_criteria
from screener.records.load import load_paths
from screener.records.model import Observation, Patient

AS_OF = dt.date(2026, 11, 23)
TEXT = """Inclusion Criteria:
- platelets < 100 x10^9/L
Exclusion Criteria:
- ALT > 3 x ULN
"""


def _patient(plt=None, alt=None, **kw) -> Patient:
    obs = []
    if plt is not None:
        obs.append(Observation(id="p", text="platelets", value=plt, unit="10*9/L", date=AS_OF))
    if alt is not None:
        obs.append(Observation(id="a", text="alt", value=alt, unit="U/L", date=AS_OF))
    kw.setdefault("sex", "female")
    return Patient(id="x", observations=obs, **kw)


def test_three_verdicts():
    trial = compile_criteria(TEXT, trial="T")
    assert [c.status for c in trial.compiled.criteria] == ["compiled", "compiled"]
    assert trial.screen(_patient(50, 20), as_of=AS_OF).verdict == "eligible"
    assert trial.screen(_patient(150, 20), as_of=AS_OF).verdict == "ineligible"
    assert trial.screen(_patient(50, 500), as_of=AS_OF).verdict == "ineligible"
    undecided = trial.screen(_patient(50), as_of=AS_OF)
    assert undecided.verdict == "undetermined" and undecided.reasons[0].startswith("E1 (exclusion) unknown")
    # an unknown does not hide a decided failure
    assert trial.screen(_patient(150), as_of=AS_OF).verdict == "ineligible"


def test_default_ranges_by_sex_need_the_sex():
    trial = compile_criteria(TEXT, trial="T")
    r = trial.screen(_patient(50, 20, sex="unknown"), as_of=AS_OF)
    assert r.criteria[1].status == "unknown" and "by sex, which is not recorded" in r.criteria[1].explanation


def test_unsupported_and_partial_never_decide():
    text = TEXT + "- must eat oranges daily\n"
    trial = compile_criteria(text, trial="T")
    r = trial.screen(_patient(50, 20), as_of=AS_OF)
    assert r.criteria[-1].status == "unsupported" and r.verdict == "undetermined"
    partial = compile_criteria("Inclusion Criteria:\n- platelets < 100 x10^9/L, frobnicated by the widget\n", trial="P")
    assert partial.compiled.criteria[0].status == "partial"
    res = partial.screen(_patient(50), as_of=AS_OF)
    assert res.criteria[0].status == "unknown"
    assert "only part of the text compiled; that part is met" in res.criteria[0].explanation


def test_deceased_patient_is_not_screened_in(tmp_path):
    trial = compile_criteria(TEXT, trial="T")
    dead = trial.screen(_patient(50, 20, deceased=True, deceased_date=dt.date(2026, 1, 2)), as_of=AS_OF)
    assert dead.verdict == "ineligible" and "died on 2026-01-02" in dead.reasons[0]
    later = trial.screen(_patient(50, 20, deceased=True, deceased_date=dt.date(2027, 1, 2)), as_of=AS_OF)
    assert later.verdict == "eligible"  # screened as of a date before the death
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {
        "resourceType": "Patient", "id": "d", "deceasedDateTime": "2025-03-04T10:00:00Z"}}]}
    (tmp_path / "d.json").write_text(json.dumps(bundle))
    (p,) = load_paths([tmp_path / "d.json"])
    assert p.deceased and p.deceased_date == dt.date(2025, 3, 4)


def test_policy_lines_in_a_rules_file(tmp_path):
    crit = tmp_path / "t.txt"
    crit.write_text("Exclusion Criteria:\n- SLE\n")
    crit.with_suffix(".rules").write_text("policy E1: conditions=open\npolicy E9: conditions=open\n")
    trial = screener.load_trial(str(crit))
    assert trial.compiled.policies == {"E1": {"conditions": "open"}}
    assert any(n.code == "override.unknown_id" for n in trial.compiled.notes)
    r = trial.screen(Patient(id="x"), as_of=AS_OF)
    assert r.criteria[0].status == "unknown" and "not taken as complete" in r.criteria[0].explanation
