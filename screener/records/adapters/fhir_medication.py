"""FHIR R4 MedicationStatement, MedicationRequest and MedicationAdministration as Medication records."""

from __future__ import annotations

from typing import Any, Callable

from screener.ir.nodes import UCUM_DAYS
from screener.records.adapters import problems as P
from screener.records.adapters.fhir_types import (
    _dict, _list, _str, codes, concept_text, first_date, quantity, reference)
from screener.records.adapters.fields import FieldReader
from screener.records.adapters.routes import route_from
from screener.records.model import Medication

# Days in one FHIR UnitsOfTime; a month and a year are the UCUM mean ones.

# HL7 GTS abbreviations (Timing.code), as administrations per day.
_TIMING_CODES = {
    "QD": 1, "OD": 1, "DAILY": 1, "AM": 1, "PM": 1, "QAM": 1, "QPM": 1, "BED": 1, "QHS": 1, "HS": 1,
    "BID": 2, "TID": 3, "QID": 4, "QOD": 0.5, "Q1H": 24, "Q2H": 12, "Q3H": 8, "Q4H": 6, "Q6H": 4, "Q8H": 3,
    "Q12H": 2, "Q24H": 1, "WK": 1 / 7, "MO": 1 / 30.4375,
}

Resolver = Callable[[str], "dict | None"]


def per_day(timing: Any) -> float | None:
    """Administrations per day from Timing.repeat (frequency per period) or Timing.code ("BID")."""
    timing = _dict(timing)
    rep = _dict(timing.get("repeat"))
    period, unit = rep.get("period"), rep.get("periodUnit")
    if isinstance(period, (int, float)) and not isinstance(period, bool) and period > 0 and unit in UCUM_DAYS:
        frequency = rep.get("frequency", 1)
        if isinstance(frequency, int) and not isinstance(frequency, bool) and frequency > 0:
            return frequency / (period * UCUM_DAYS[unit])
    times = _list(rep.get("when")) or _list(rep.get("timeOfDay"))
    if times and "frequency" not in rep and "period" not in rep:
        return float(len(times))  # "MORN", "EVE": one administration at each
    concept = _dict(timing.get("code"))
    for word in [c.code for c in codes(concept)] + [concept_text(concept) or ""]:
        key = word.upper().replace(".", "").replace(" ", "")
        if key in _TIMING_CODES:
            return float(_TIMING_CODES[key])
    return None


def _dosage(resource: dict, rtype: str) -> tuple[dict, str]:
    if rtype == "MedicationAdministration":
        return _dict(resource.get("dosage")), "dosage"
    name = "dosageInstruction" if rtype == "MedicationRequest" else "dosage"
    found = _list(resource.get(name))
    return (_dict(found[0]) if found else {}), f"{name}[0]"


def _dose(dosage: dict, rtype: str, reader: FieldReader, field: str) -> tuple[float | None, str | None]:
    if rtype == "MedicationAdministration":
        if "dose" not in dosage:
            return None, None
        value, unit, _ = quantity(dosage["dose"], reader, f"{field}.dose")
        return value, unit
    rates = _list(dosage.get("doseAndRate"))
    first = _dict(rates[0]) if rates else {}
    if "doseQuantity" in first:
        value, unit, _ = quantity(first["doseQuantity"], reader, f"{field}.doseAndRate[0].doseQuantity")
        return value, unit
    if "doseQuantity" in dosage:  # STU3 wrote it on the Dosage itself
        value, unit, _ = quantity(dosage["doseQuantity"], reader, f"{field}.doseQuantity")
        return value, unit
    return None, None


def _what(resource: dict, resolve: Resolver, reader: FieldReader) -> tuple[list, str | None]:
    """(codes, text) of the medicine: the resource's own concept, or the Medication it references."""
    if "medicationCodeableConcept" in resource:
        concept = resource["medicationCodeableConcept"]
        return codes(concept), concept_text(concept)
    ref_obj = _dict(resource.get("medicationReference"))
    ref = reference(ref_obj)
    medication = resolve(ref) if ref else None
    if medication is not None:
        concept = medication.get("code")
        return codes(concept), concept_text(concept)
    reader.report(P.RECORD_UNRESOLVED_REFERENCE,
                  f"medication {ref!r} is not in the input; the medication is kept without codes" if ref else
                  "no medicationCodeableConcept or medicationReference; the medication is kept without codes",
                  "medicationReference")
    return [], _str(ref_obj.get("display"))


def _dates(resource: dict, rtype: str, reader: FieldReader, dosage: dict):
    if rtype == "MedicationRequest":
        validity = _dict(_dict(resource.get("dispenseRequest")).get("validityPeriod"))
        bounds = _dict(_dict(_dict(dosage.get("timing")).get("repeat")).get("boundsPeriod"))
        start = (reader.date(validity.get("start"), "dispenseRequest.validityPeriod.start")
                 or reader.date(resource.get("authoredOn"), "authoredOn")
                 or reader.date(bounds.get("start"), "dosageInstruction[0].timing.repeat.boundsPeriod.start"))
        end = (reader.date(validity.get("end"), "dispenseRequest.validityPeriod.end")
               or reader.date(bounds.get("end"), "dosageInstruction[0].timing.repeat.boundsPeriod.end"))
        return start, end
    start, field = first_date(resource, reader, "effectiveDateTime", "effectivePeriod.start")
    end = reader.date(_dict(resource.get("effectivePeriod")).get("end"), "effectivePeriod.end")
    if field == "effectiveDateTime" and rtype == "MedicationAdministration":
        end = start  # one administration: exposure on that day only
    if start is None and rtype == "MedicationStatement":
        start = reader.date(resource.get("dateAsserted"), "dateAsserted")
    return start, end


def medication(resource: dict, rid: str, reader: FieldReader, resolve: Resolver) -> Medication:
    rtype = resource["resourceType"]
    med_codes, text = _what(resource, resolve, reader)
    dosage, field = _dosage(resource, rtype)
    dose, dose_unit = _dose(dosage, rtype, reader, field)
    route_concept = _dict(dosage.get("route"))
    start, end = _dates(resource, rtype, reader, dosage)
    return Medication(
        id=rid, codes=med_codes, text=text, dose=dose, dose_unit=dose_unit,
        per_day=None if rtype == "MedicationAdministration" else per_day(dosage.get("timing")),
        route=route_from(codes(route_concept), concept_text(route_concept)),
        start=start, end=end, status=_str(resource.get("status")), resource_type=rtype, origin=reader.origin)
