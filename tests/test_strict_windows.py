"""Strict windows: "less than 6 weeks ago" leaves out the day exactly 6 weeks back, "within 6 weeks" keeps it
(ir.Window.inclusive).  Readings, the canonical round trip, and both engines on the boundary day."""

from __future__ import annotations

import datetime as dt

import pytest

from screener import ir
from screener.compile import compile_line, compile_rule
from screener.ir.canonical import render
from screener.text.sections import split_criteria
from tests.both_engines import screen_both

AS_OF = dt.date(2026, 9, 1)


def _reading(text: str, role: str = "Exclusion") -> tuple[str, list[str]]:
    from screener.diagnostics import SourceText

    src = f"{role} Criteria:\n- {text}\n"
    [line] = split_criteria(src).lines
    c = compile_line(line, SourceText(src))
    return c.canonical or "", [d.code for d in c.diagnostics]


@pytest.mark.parametrize("text, want", [
    # corpus lines (LCT, Chia) whose gold marks the bound exclusive
    ("Patients who received chemotherapy less than 6 weeks ago.", "received chemotherapy within < 6 week"),
    ("Epileptic seizure < 2 years", "onset of icd10_g40 within < 2 year"),
    ("Gestation <15 weeks at first prenatal visit", "onset of pregnancy within < 15 week"),
    ("Peritonitis or recovery from peritonitis for less than one month.", "onset of icd10_k65 within < 1 month"),
    ("Patients who have received topical corticosteroids in less than 3 months",
     "received topical glucocorticoids within < 3 month"),
    ("Use of opioids for prolonged pain pre-operatively (<2 weeks)", "received opioids within < 2 week"),
    # written with the window word
    ("Metformin within less than 6 weeks", "received metformin within < 6 week"),
    # closed: 'within', 'at most', 'or less'
    ("Metformin within the past 6 weeks", "received metformin within 6 week"),
    ("stroke within at most 6 months", "onset of stroke within 6 month"),
    ("Myocardial infarction 6 months ago or less", "onset of myocardial_infarction within 6 month"),
])
def test_readings(text, want):
    assert _reading(text)[0] == want


def test_within_more_than_bounds_nothing():
    canonical, codes = _reading("stroke within more than 6 months")
    assert canonical == "" and "rule.window_cmp" in codes


def test_an_exact_length_is_no_onset_window():
    # "=3 months" (a '≥' or '≤' lost in the registry's text): read as neither bound
    canonical, codes = _reading("Established T2DM (=3months)")
    assert "within" not in canonical and "rule.exact_onset" in codes


@pytest.mark.parametrize("text", [
    "onset of icd10_g40 within < 2 year",
    "received chemotherapy within < 6 week",
    "hemoglobin < 9 g/dL within < 3 month",
    '"major surgery" within < 4 week',
    "onset of stroke within < 6 month",
])
def test_round_trip(text):
    rule = compile_rule(text)
    assert render(rule) == text and compile_rule(render(rule)) == rule
    windows = [getattr(n, a) for n in ir.walk(rule) for a in ("window", "onset") if getattr(n, a, None)]
    assert windows and all(not w.inclusive for w in windows)


# ---- both engines, on the boundary day --------------------------------------------------

CRITERIA = """Exclusion Criteria:
- Type 2 diabetes less than 6 months ago
- Type 2 diabetes within the past 6 months
- Metformin less than 6 weeks ago
- Metformin within the past 6 weeks
"""


def _bundle(onset: str, metformin_end: str) -> dict:
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "male",
                                                "birthDate": "1960-01-01"}},
        {"fullUrl": "urn:uuid:c1", "resource": {
            "resourceType": "Condition", "id": "c1", "subject": {"reference": "urn:uuid:p1"},
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9"}]},
            "onsetDateTime": onset}},
        {"fullUrl": "urn:uuid:m1", "resource": {
            "resourceType": "MedicationStatement", "id": "m1", "status": "completed",
            "subject": {"reference": "urn:uuid:p1"},
            "effectivePeriod": {"start": "2026-01-01", "end": metformin_end},
            "medicationCodeableConcept": {"coding": [{
                "system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "860975",
                "display": "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet"}]}}}]}


@pytest.mark.parametrize("onset, metformin_end, want", [
    # exactly 6 months / 6 weeks before 2026-09-01: in the closed windows only
    ("2026-03-01", "2026-07-21", ["not_met", "met", "not_met", "met"]),
    # a day later: in both
    ("2026-03-02", "2026-07-22", ["met", "met", "met", "met"]),
    # a day earlier: in neither
    ("2026-02-28", "2026-07-20", ["not_met", "not_met", "not_met", "not_met"]),
])
def test_both_engines_on_the_boundary(onset, metformin_end, want):
    got, _ = screen_both(CRITERIA, _bundle(onset, metformin_end), AS_OF)
    assert [got[k] for k in ("E1", "E2", "E3", "E4")] == want


def test_evidence_says_less_than():
    _, result = screen_both(CRITERIA, _bundle("2026-03-02", "2026-07-22"), AS_OF)
    c = result.criteria[2]
    why = " ".join(e.note or "" for e in c.evidence) + " " + c.explanation
    assert c.rule == "received metformin within < 6 week" and "less than" in why, why


# ---- "for more than N": persistence strictly longer than N ------------------------------------

PERSISTENCE = """Inclusion Criteria:
- HbA1c < 7% for more than 3 months
- HbA1c < 7% for at least 3 months
"""


def _hba1c(*dates: str) -> dict:
    entries = [{"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "male",
                                                        "birthDate": "1960-01-01"}}]
    for n, day in enumerate(dates):
        entries.append({"fullUrl": f"urn:uuid:o{n}", "resource": {
            "resourceType": "Observation", "id": f"o{n}", "status": "final", "subject": {"reference": "urn:uuid:p1"},
            "code": {"coding": [{"system": "http://loinc.org", "code": "4548-4"}]}, "effectiveDateTime": day,
            "valueQuantity": {"value": 6.5, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def test_more_than_a_duration_reads_strict():
    assert _reading("Plasma phosphate between 0.7 and 3.0 mmol/L for >3 months")[0] == \
        "phosphate >= 0.7 mmol/L and <= 3 mmol/L for > 3 month"
    assert _reading("HbA1c < 7% for at least 3 months")[0] == "hba1c < 7 % for >= 3 month"
    rule = compile_rule("hba1c < 7 % for > 3 month")
    assert rule.sustained_op == ">" and compile_rule(render(rule)) == rule


@pytest.mark.parametrize("dates, want", [
    # results exactly 3 months apart: at least 3 months, not more
    (("2026-06-01", "2026-09-01"), ["unknown", "met"]),
    # a day more
    (("2026-05-31", "2026-09-01"), ["met", "met"]),
])
def test_both_engines_on_the_persistence_boundary(dates, want):
    got, _ = screen_both(PERSISTENCE, _hba1c(*dates), AS_OF)
    assert [got["I1"], got["I2"]] == want
