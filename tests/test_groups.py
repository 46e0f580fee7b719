"""Nested lists whose lead-in counts its items ("Meets one of the following:"): screener.groups."""

from __future__ import annotations

import datetime as dt

import pytest

import screener
from screener.compile import compile_text
from screener.groups import lead_in_count
from tests.both_engines import screen_both

AS_OF = dt.date(2026, 9, 1)


@pytest.mark.parametrize("text, n", [
    # LCT lead-ins
    ("Meets one of the following:", 1),
    ("Liver transplantation candidates with one or more of the following:", 1),
    ("For patients in the emergency center only, two or more of the following SIRS criteria:", 2),
    ("Histologically confirmed breast cancer patients, fulfilling any of the following:", 1),
    ("Patients whose clinical presentation meets at least one of the following criteria:", 1),
    ("At least one of the following criteria:", 1),
    ("Subject must have a diagnosis of LOPD based on documentation of one of the following:", 1),
    ("Participant is within one of the target populations:", 1),
    ("≥2 of 6 CAPS typical signs/symptoms:", 2),
    ("Present with one or more secondary symptomatic musculoskeletal manifestations, defined as either", 1),
    ("The subject must meet all of the following inclusion criteria to participate in this study.", None),
    ("Use of the following within the time period specified below:", None),
    ("Prior history of:", None),
])
def test_the_count_of_a_lead_in(text, n):
    assert lead_in_count(text) == n


TRIAL = """Inclusion Criteria:

  -  Age 18 years or older
  -  Meets one of the following:

       -  Hemoglobin < 10 g/dL
       -  Platelets < 100 x10^9/L

Exclusion Criteria:

  -  Two or more of the following:

       -  Hemoglobin < 7 g/dL
       -  Platelets < 20 x10^9/L
       -  Pregnancy
"""


def test_the_lead_in_is_the_group_and_its_items_count_through_it():
    by_id = {c.id: c for c in compile_text(TRIAL).criteria}
    assert by_id["I2"].canonical == "at least 1 of ((hemoglobin < 10 g/dL), (platelets < 100 10*9/L))"
    assert by_id["I2"].status == "compiled"  # the lead-in said nothing but its count
    assert "rule.group" in [d.code for d in by_id["I2"].diagnostics]
    assert [by_id[i].grouped_in for i in ("I1", "I2", "I2.1", "I2.2", "E1", "E1.1")] == [
        None, None, "I2", "I2", None, "E1"]
    assert by_id["E1"].canonical.startswith("at least 2 of (")


def _obs(n: int, code: str, value: float, unit: str) -> dict:
    return {"fullUrl": f"urn:uuid:o{n}", "resource": {
        "resourceType": "Observation", "id": f"o{n}", "status": "final", "subject": {"reference": "urn:uuid:p1"},
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "effectiveDateTime": "2026-08-25T10:00:00Z",
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}}


def _patient(hb: float, plt: float) -> dict:
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "male",
                                                "birthDate": "1970-01-01"}},
        _obs(1, "718-7", hb, "g/dL"), _obs(2, "777-3", plt, "10*3/uL")]}


def test_one_item_met_is_enough_in_both_engines():
    # anaemic, normal platelets: item I2.2 is not met, and before the group that made him ineligible
    statuses, result = screen_both(TRIAL, _patient(hb=9, plt=250), AS_OF)
    assert (statuses["I2.1"], statuses["I2.2"], statuses["I2"]) == ("met", "not_met", "met")
    # E1: one of three exclusion items (Hb < 7: no; platelets < 20: no; pregnancy: not recorded)
    assert statuses["E1"] == "not_met"
    assert result.verdict == "eligible"


def test_no_item_met_is_ineligible_in_both_engines():
    statuses, result = screen_both(TRIAL, _patient(hb=13, plt=250), AS_OF)
    assert statuses["I2"] == "not_met" and result.verdict == "ineligible"
    assert any(r.startswith("I2 ") for r in result.reasons)
    assert not any(r.startswith("I2.") for r in result.reasons)  # the items count through the group


def test_an_exclusion_needs_its_count():
    # one exclusion item met (Hb < 7) out of the two the lead-in asks for: not excluded
    statuses, result = screen_both(TRIAL, _patient(hb=6.5, plt=250), AS_OF)
    assert statuses["E1.1"] == "met" and statuses["E1"] == "not_met"
    assert result.verdict == "eligible"


def test_an_item_that_did_not_compile_whole_is_a_persons_to_decide():
    text = TRIAL.replace("Platelets < 100 x10^9/L", "Platelets < 100 x10^9/L in the opinion of the investigator")
    trial = screener.compile_criteria(text, trial="T")
    i2 = next(c for c in trial.compiled.criteria if c.id == "I2")
    assert "did not compile whole" in i2.canonical
    # Hb 9 meets the first item: the group is met without the second
    statuses, _ = screen_both(text, _patient(hb=9, plt=250), AS_OF)
    assert statuses["I2"] == "met"
    statuses, result = screen_both(text, _patient(hb=13, plt=250), AS_OF)
    assert statuses["I2"] in ("unknown", "manual") and result.verdict == "undetermined"


def test_a_lead_in_with_words_of_its_own_that_failed_stays_partial():
    text = TRIAL.replace("Meets one of the following:", "Zorblax frobnication with one of the following:")
    by_id = {c.id: c for c in compile_text(text).criteria}
    assert by_id["I2"].status == "partial" and by_id["I2.1"].grouped_in == "I2"


def test_a_lead_in_of_only_its_count_is_the_group_even_if_the_count_compiled():
    # review: the count of "Patients whose clinical presentation meets at least one of the following criteria:"
    # was also read as a comparison of its own, which kept the group partial
    text = TRIAL.replace("Meets one of the following:",
                         "Patients whose clinical presentation meets at least one of the following criteria:")
    i2 = next(c for c in compile_text(text).criteria if c.id == "I2")
    assert i2.status == "compiled"
    assert i2.canonical == "at least 1 of ((hemoglobin < 10 g/dL), (platelets < 100 10*9/L))"


def test_an_exclusion_needing_one_item_is_not_grouped_under_a_lead_in_that_never_decides():
    # review: a pregnant patient came out undetermined instead of ineligible when the exclusion items of
    # "Patients will not be included if they have any of the following zorblax criteria:" were grouped under it
    text = TRIAL.replace("Two or more of the following:", "Any of the following zorblax criteria:")
    by_id = {c.id: c for c in compile_text(text).criteria}
    assert by_id["E1.1"].grouped_in is None and by_id["E1.3"].grouped_in is None


def test_the_group_is_found_at_its_lead_in():
    # the count's span is the lead-in's, so evidence and the bench's count point at "Meets one of the following:"
    trial = compile_text(TRIAL)
    i2 = next(c for c in trial.criteria if c.id == "I2")
    assert i2.rule.span is not None
    assert TRIAL[i2.rule.span.start:i2.rule.span.end] == "Meets one of the following:"


def test_a_group_of_items_that_all_failed_is_partial_not_a_persons_check():
    from screener.coverage import line_class

    text = (TRIAL.replace("Hemoglobin < 10 g/dL", "Zorblax frobnication below 10")
            .replace("Platelets < 100 x10^9/L", "Platelets < 100 x10^9/L in the opinion of the investigator"))
    i2 = next(c for c in compile_text(text).criteria if c.id == "I2")
    assert i2.canonical.startswith("at least 1 of (")
    # both items are a person's to decide because they failed, not because the text asks a person
    assert line_class(i2) == "partial"
    # a group of lines that ask a person is a person's check
    text = (TRIAL.replace("Hemoglobin < 10 g/dL", "Willing to give informed consent")
            .replace("Platelets < 100 x10^9/L", "Able to comply with the study visits"))
    i2 = next(c for c in compile_text(text).criteria if c.id == "I2")
    assert line_class(i2) == "manual"
