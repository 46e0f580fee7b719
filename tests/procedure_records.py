"""A FHIR bundle of one patient with completed procedures coded in SNOMED CT, for tests screened by both engines."""

from __future__ import annotations


def procedure_bundle(*procedures: dict, gender: str = "female") -> dict:
    entries = [{"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": gender,
                                                        "birthDate": "1960-01-01"}}]
    for n, body in enumerate(procedures):
        entries.append({"fullUrl": f"urn:uuid:x{n}", "resource": {
            "resourceType": "Procedure", "id": f"x{n}", "subject": {"reference": "urn:uuid:p1"}, **body}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def done(code: str, display: str, date: str) -> dict:
    """A procedure completed on ``date`` (09:00 to 11:00)."""
    return {"status": "completed",
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": code, "display": display}]},
            "performedPeriod": {"start": f"{date}T09:00:00Z", "end": f"{date}T11:00:00Z"}}
