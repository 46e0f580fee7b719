"""A procedure that establishes a diagnosis (screener/data/condition_procedures.csv): a kidney transplant recorded
only as a FHIR Procedure is kidney transplant status, as a Z94.0 diagnosis would be."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.records.adapters.fhir import read_json
from screener.records.bind import bind_patients
from tests.both_engines import screen_both

AS_OF = dt.date(2026, 9, 1)

CRITERIA = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* History of kidney transplant
* Kidney transplant within 6 months
"""


def _bundle(*procedures: tuple[str, str, str]) -> dict:
    entries = [{"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                        "birthDate": "1970-01-01"}}]
    for n, (code, status, date) in enumerate(procedures):
        entries.append({"fullUrl": f"urn:uuid:x{n}", "resource": {
            "resourceType": "Procedure", "id": f"x{n}", "status": status, "subject": {"reference": "urn:uuid:p1"},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": code,
                                 "display": "Transplant of kidney"}]},
            "performedDateTime": f"{date}T10:00:00Z"}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def test_the_procedure_is_the_diagnosis_from_its_day_in_both_engines():
    statuses, result = screen_both(CRITERIA, _bundle(("70536003", "completed", "2015-05-05")), AS_OF)
    assert (statuses["E1"], statuses["E2"]) == ("met", "not_met")  # long ago: not within 6 months
    assert result.verdict == "ineligible"
    [e] = [e for c in result.criteria if c.id == "E1" for e in c.evidence]
    # the evidence names the procedure record it came from
    assert e.kind == "condition" and "x0" in e.record and "established by procedure" in (e.reported or "")


def test_a_recent_one_is_within_the_window():
    statuses, _ = screen_both(CRITERIA, _bundle(("175902000", "completed", "2026-06-01")), AS_OF)
    assert statuses["E2"] == "met"


@pytest.mark.parametrize("code, status", [
    ("70536003", "not-done"),          # did not happen
    ("70536003", "entered-in-error"),
    ("313030004", "completed"),        # the donor's operation (Donor renal transplantation) is not the recipient's
])
def test_what_establishes_nothing(code, status):
    [p] = bind_patients(read_json(_bundle((code, status, "2015-05-05")), "b.json"))
    assert not any("kidney_transplant" in c.groups for c in p.conditions)
