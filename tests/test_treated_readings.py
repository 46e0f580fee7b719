"""A diagnosis with its treatment ("type 2 diabetes on metformin for at least 3 months"), a stable dose written
before the drug ("on a stable dose of insulin for 3 months"), "receipt of", and a connective at the end of a line.
The lines are LCT/Chia criteria; before, each was unsupported or partial."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.compile import compile_rule, compile_text
from screener.ir.canonical import render
from tests.both_engines import screen_both

AS_OF = dt.date(2026, 9, 1)


@pytest.mark.parametrize("text, canonical", [
    # the diagnosis and its drug now, both
    ("Type 2 diabetes mellitus on metformin therapy for at least 3 months",
     "(icd10_e11) and (taking metformin for >= 3 month)"),
    ("Patients with chronic obstructive pulmonary disease who are on systemic corticosteroids.",
     "(copd) and (taking systemic glucocorticoids)"),
    ("Chronic pain condition that was being treated with opioids.", "(chronic_pain) and (taking opioids)"),
    ("Eye disease treated with topical steroids.", "(eye_disease) and (taking topical glucocorticoids)"),
    ("Type 2 diabetes mellitus on stable dose of metformin for at least 3 months",
     "(icd10_e11) and (metformin dose stable for >= 3 month)"),
    # a stable dose written before the drug
    ("on a stable dose of insulin for 3 months prior to screening", "insulins dose stable for >= 3 month"),
    ("Patients on a stable dose of levothyroxine for at least 6 weeks", "levothyroxine dose stable for >= 6 week"),
    ("on stable metformin for 3 months", "metformin dose stable for >= 3 month"),
    ("on a stable dose of insulin or oral diabetic medication for 3 months prior to screening, and",
     "(insulins dose stable for >= 3 month) or (antidiabetics dose stable for >= 3 month)"),
    # "receipt of": a use now, or in the window
    ("Receipt of antibiotics within 30 days", "received systemic_antibiotics within 30 day"),
])
def test_readings(text, canonical):
    rule = compile_rule(text, "inclusion")
    assert render(rule) == canonical
    assert compile_rule(canonical, "inclusion") == rule  # the canonical text reads back to the same rule


@pytest.mark.parametrize("text, kept", [
    # 'on' after a diagnosis opens its treatment only before a drug
    ("Has clinically apparent ascites on physical examination", "icd10_r18"),
    ("Subjects with hypertension on pharmacological treatment", "hypertension"),
    ("Cancer with current treatment", "malignancy"),
])
def test_a_verb_after_a_diagnosis_with_no_drug_is_left_out(text, kept):
    trial = compile_text("Inclusion Criteria:\n- " + text)
    (c,) = trial.criteria
    assert c.status == "partial" and c.canonical == kept


@pytest.mark.parametrize("section, line, status", [
    # the connective the section puts between its lines anyway is dropped
    ("Inclusion", "Age ≥18 years old; AND", "compiled"),
    ("Exclusion", "Weight > 130 kg OR", "compiled"),
    # the other one joins the line to the next: read alone it is partial
    ("Inclusion", "Weight > 130 kg OR", "partial"),
    ("Exclusion", "Weight > 130 kg and", "partial"),
])
def test_a_connective_at_the_end_of_a_line(section, line, status):
    (c,) = compile_text(f"{section} Criteria:\n- {line}").criteria
    assert c.status == status
    assert c.canonical in ("age >= 18 year", "weight > 130 kg")


CRITERIA = """Inclusion Criteria:

* Type 2 diabetes mellitus on metformin therapy for at least 3 months
"""


def _bundle(diabetes: bool, metformin_since: str | None) -> dict:
    entries = [{"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "male",
                                                        "birthDate": "1960-01-01"}}]
    if diabetes:
        entries.append({"fullUrl": "urn:uuid:c1", "resource": {
            "resourceType": "Condition", "id": "c1", "subject": {"reference": "urn:uuid:p1"},
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "E11.9"}]},
            "onsetDateTime": "2018-01-01"}})
    if metformin_since:
        entries.append({"fullUrl": "urn:uuid:m1", "resource": {
            "resourceType": "MedicationStatement", "id": "m1", "status": "active",
            "subject": {"reference": "urn:uuid:p1"}, "effectivePeriod": {"start": metformin_since},
            "medicationCodeableConcept": {"coding": [{
                "system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "860975",
                "display": "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet"}]}}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


@pytest.mark.parametrize("diabetes, since, expected", [
    (True, "2025-06-01", "met"),       # diabetic, on metformin for 15 months
    (True, "2026-08-01", "not_met"),   # on it for one month only
    (True, None, "not_met"),           # diabetic, not on it
    (False, "2025-06-01", "not_met"),  # on metformin with no diagnosis of type 2 diabetes
])
def test_the_diagnosis_and_its_treatment_in_both_engines(diabetes, since, expected):
    statuses, _ = screen_both(CRITERIA, _bundle(diabetes, since), AS_OF)
    assert statuses["I1"] == expected


@pytest.mark.parametrize("text, canonical", [
    # a comparator and a duration after a drug, no "for" or "within": under it, in that time; over it, that long
    ("Patients who received chemotherapy less than 6 weeks ago.", "received chemotherapy within < 6 week"),
    ("Patients who have received topical corticosteroids in less than 3 months",
     "received topical glucocorticoids within < 3 month"),
    ("Receipt of antibiotics in ≤30 days", "received systemic_antibiotics within 30 day"),
    ("Patients with hypertension and taking antihypertensive drugs more than 1 year",
     "(hypertension) and (taking antihypertensives for > 1 year)"),
])
def test_a_drug_then_a_comparator_and_a_duration(text, canonical):
    assert render(compile_rule(text, "exclusion")) == canonical


def test_a_drug_time_the_words_leave_open_is_not_read():
    # taken that long, or stopped that long before: the words do not say
    (c,) = compile_text("Exclusion Criteria:\n- chronic opioid therapy >3 months before scheduled surgery").criteria
    assert c.status == "unsupported" and "rule.drug_timing" in {d.code for d in c.diagnostics}
    # a short course is no window (it was read "within 14 day")
    (c,) = compile_text("Exclusion Criteria:\n- Use of oral steroids for no greater than 14 days given for a non-MS "
                        "condition is not exclusionary.").criteria
    assert c.status == "unsupported" and c.canonical is None


def test_a_comparison_of_another_noun_is_not_the_drugs():
    (c,) = compile_text("Inclusion Criteria:\n- HBsAg negative at baseline treated with chemotherapy and/or "
                        "immunosuppressive therapy life expectancy of more than 3 months").criteria
    assert "for > 3 month" not in (c.canonical or "")


def _eye_drops_bundle(route: tuple[str, str]) -> dict:
    code, display = route
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                "birthDate": "1970-01-01"}},
        {"fullUrl": "urn:uuid:c1", "resource": {
            "resourceType": "Condition", "id": "c1", "subject": {"reference": "urn:uuid:p1"},
            "clinicalStatus": {"coding": [{"code": "active"}]}, "onsetDateTime": "2025-01-01",
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "H20.9"}]}}},
        {"fullUrl": "urn:uuid:m1", "resource": {
            "resourceType": "MedicationStatement", "id": "m1", "status": "active",
            "subject": {"reference": "urn:uuid:p1"}, "effectivePeriod": {"start": "2026-07-01"},
            "medicationCodeableConcept": {"text": "prednisolone acetate 1% ophthalmic suspension"},
            "dosage": [{"route": {"coding": [{"system": "http://snomed.info/sct", "code": code,
                                              "display": display}]}}]}}]}


@pytest.mark.parametrize("route, expected", [
    # review of this session's readings: eye drops did not count as "topical" steroids
    (("54485002", "Ophthalmic route"), "met"),
    (("6064005", "Topical route"), "met"),
    (("26643006", "Oral route"), "not_met"),
])
def test_topical_takes_in_eye_drops_in_both_engines(route, expected):
    statuses, _ = screen_both("Exclusion Criteria:\n\n* Eye disease treated with topical steroids.\n",
                              _eye_drops_bundle(route), AS_OF)
    assert statuses["E1"] == expected
