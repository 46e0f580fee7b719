"""Patients from a request body, through the same adapters as files (docs/records.md).

The record a caller sends is read as reported: fields that binding computes (normalized
values, conversion problems) are cleared, so units are always converted here, never taken
on trust.  A single-patient request that cannot be read is the caller's error (422, with the
load problems); in a batch the same patient is an ``error`` line and the others go on.
"""

from __future__ import annotations

from typing import Any, Iterator

from screener.http.problems import Problem
from screener.records.adapters import fhir, own
from screener.records.adapters.own import as_reported
from screener.records.adapters import problems as P
from screener.records.load import FirstSeen, is_fhir
from screener.records.model import Patient

REQUEST = "request"  # the "file" a request's records come from, in evidence and problems


def _read_fhir(document: Any, file: str) -> list[Patient]:
    try:
        return fhir.read_json(document, file)
    except Exception as err:  # a reader bug must not become a 500: the input is reported instead
        return [P.file_placeholder(file, P.FILE_UNREADABLE, f"could not be read ({type(err).__name__}: {err})")]


def one_patient(patient: Patient | None, document: dict[str, Any] | None) -> Patient:
    """The one patient of a /v1/screen request, or a Problem saying why there is none."""
    if patient is not None:
        found = own.fill_origin(as_reported(patient), REQUEST)
    else:
        if not isinstance(document.get("resourceType"), str):
            raise Problem("fhir.malformed", "'fhir' must be a FHIR R4 resource (a Bundle or a Patient): it has no "
                          "resourceType")
        if document["resourceType"] == "Bundle" and not isinstance(document.get("entry", []), list):
            raise Problem("fhir.malformed", "the Bundle's 'entry' must be a list of entries")
        patients = _read_fhir(document, REQUEST)
        if len(patients) != 1:
            raise Problem("patient.count", f"the FHIR document holds {len(patients)} patients "
                          f"({', '.join(p.id for p in patients[:10])}); /v1/screen takes one (use /v1/screen/batch)")
        found = patients[0]
    if found.broken:
        raise Problem("patient.unreadable", "; ".join(p.message for p in found.problems if p.fatal)[:1000],
                      errors=[{"code": p.code, "message": p.message, "record": p.record, "field": p.field}
                              for p in found.problems if p.fatal])
    return found


def _item_patients(item: Any, n: int) -> list[Patient]:
    file = f"{REQUEST}.patients[{n}]"
    if is_fhir(item):
        return _read_fhir(item, file)
    patient = own.record(item, file)
    return [patient if patient.broken else as_reported(patient)]


def batch_patients(items: list[Any]) -> Iterator[Patient]:
    """Each patient of a batch once, in order; duplicates and unreadable items as error placeholders."""
    first_seen = FirstSeen()
    for n, item in enumerate(items):
        for patient in _item_patients(item, n):
            yield first_seen.check(patient)
