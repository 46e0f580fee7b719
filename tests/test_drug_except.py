"""A drug rule's own exception: "steroids other than prednisone", "antidiabetic drugs other than metformin"
(ir.DrugUse.excluding: the excepted drugs' records do not count)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.both_engines import screen_both
from tests.lines import line

AS_OF = dt.date(2026, 9, 1)
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


@pytest.mark.parametrize("text, canonical, status", [
    # LCT/Chia lines
    ("Steroids other than methylprednisolone or prednisone",
     "taking glucocorticoids except methylprednisolone or prednisone", "compiled"),
    ("Use of antidiabetic drugs other than metformin within 3 months prior to screening.",
     "received antidiabetics except metformin within 3 month", "compiled"),
    # the exception narrows the class, not the drugs listed before it
    ("Patients taking warfarin, cilostazol or any other type of anti-platelet agents except aspirin and clopidogrel",
     "(taking warfarin) or (taking cilostazol) or (taking antiplatelets except aspirin or clopidogrel)", "partial"),
])
def test_readings(text, canonical, status):
    c = line(text, "exclusion")
    assert (c.canonical, c.status) == (canonical, status)


def test_an_exception_in_parentheses_after_unknown_words_is_still_left_out():
    c = line("pain medication (except paracetamol) within 24 hours", "exclusion")
    # never read as taking it ("pain medication" is now the analgesics class, so the bracket is that class's exception:
    # "received analgesics except acetaminophen within 24 hour", history6)
    assert "received acetaminophen" not in (c.canonical or "") and "taking acetaminophen" not in (c.canonical or "")


CRITERIA = """Exclusion Criteria:

* Steroids other than prednisone
"""


def _bundle(rxcui: str, name: str) -> dict:
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "male",
                                                "birthDate": "1960-01-01"}},
        {"fullUrl": "urn:uuid:m1", "resource": {
            "resourceType": "MedicationStatement", "id": "m1", "status": "active",
            "subject": {"reference": "urn:uuid:p1"}, "effectivePeriod": {"start": "2026-06-01"},
            "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": rxcui, "display": name}]}}}]}


def test_the_excepted_drug_does_not_count_in_both_engines():
    statuses, result = screen_both(CRITERIA, _bundle("8640", "prednisone"), AS_OF)
    assert statuses["E1"] == "not_met" and result.verdict == "eligible"
    statuses, result = screen_both(CRITERIA, _bundle("3264", "dexamethasone"), AS_OF)
    assert statuses["E1"] == "met" and result.verdict == "ineligible"
