"""One patient with one medication record (FHIR MedicationStatement or MedicationRequest), loaded and bound."""

from __future__ import annotations

import json

from screener.records.bind import bind_patient
from screener.records.load import load_paths

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def medication_patient(tmp_path, code: str, display: str, resource: str = "MedicationStatement"):
    """``code`` empty: a record named by its text alone (no RxNorm code)."""
    concept = {"coding": [{"system": RXNORM, "code": code, "display": display}]} if code else {"text": display}
    med = {"resourceType": resource, "id": "m1", "status": "active", "subject": {"reference": "urn:uuid:p1"},
           "medicationCodeableConcept": concept}
    if resource == "MedicationStatement":
        med["effectivePeriod"] = {"start": "2026-10-01"}
    else:
        med["intent"] = "order"
        med["authoredOn"] = "2026-10-01"
    entries = [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                 "birthDate": "1960-01-01"}},
        {"resource": med},
    ]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}), encoding="utf-8")
    return bind_patient(load_paths([path])[0])
