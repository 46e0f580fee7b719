"""A FHIR bundle of one patient with active diagnoses coded in ICD-10-CM, for tests screened by both engines."""

from __future__ import annotations


def icd10_bundle(*icd10: str, onset: str = "2020-01-01", birth: str = "1970-01-01") -> dict:
    entries = [{"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                        "birthDate": birth}}]
    for n, code in enumerate(icd10):
        entries.append({"fullUrl": f"urn:uuid:c{n}", "resource": {
            "resourceType": "Condition", "id": f"c{n}", "subject": {"reference": "urn:uuid:p1"},
            "clinicalStatus": {"coding": [{"code": "active"}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code}]},
            "onsetDateTime": onset}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def one_condition(system: str, code: str, status: str, onset: str | None, abated: str | None = None,
                  display: str | None = None) -> dict:
    """A bundle of one male patient (born 1960) with one diagnosis: its clinical status, onset and abatement."""
    coding = {"system": system, "code": code, **({"display": display} if display else {})}
    cond = {"resourceType": "Condition", "id": "c1", "subject": {"reference": "urn:uuid:p1"},
            "clinicalStatus": {"coding": [{"code": status}]}, "code": {"coding": [coding]}}
    if onset:
        cond["onsetDateTime"] = onset
    if abated:
        cond["abatementDateTime"] = abated
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "male",
                                                "birthDate": "1960-01-01"}},
        {"fullUrl": "urn:uuid:c1", "resource": cond}]}
