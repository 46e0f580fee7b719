"""FHIR R4 Patient, Observation, Condition, AllergyIntolerance, Procedure, Immunization and ResearchSubject resources
as model records."""

from __future__ import annotations

from typing import Any

from screener.records.adapters import problems as P
from screener.records.adapters.fhir_types import (
    _dict, _list, _str, codes, concept_text, concept_words, first_date, quantity, severity, status_code)
from screener.records.adapters.fields import FieldReader
from screener.records.model import (AllergyRecord, ConditionRecord, ImmunizationRecord, Observation, ProcedureRecord,
                                    ReferenceRange, StudyRecord)

_SEX = {"female": "female", "male": "male", "other": "other", "unknown": "unknown", "f": "female", "m": "male"}


def patient_fields(resource: dict, reader: FieldReader) -> dict[str, Any]:
    """birth_date and sex of a Patient resource (its id is the caller's business)."""
    gender = _str(resource.get("gender"))
    sex = _SEX.get(gender.lower()) if gender else None
    if gender and sex is None:
        reader.report(P.RECORD_BAD_VALUE, f"gender {gender!r} is not female, male, other or unknown", "gender")
    out = {"birth_date": reader.date(resource.get("birthDate"), "birthDate"), "sex": sex}
    if resource.get("deceasedDateTime"):
        out["deceased"], out["deceased_date"] = True, reader.date(resource["deceasedDateTime"], "deceasedDateTime")
    elif isinstance(resource.get("deceasedBoolean"), bool):
        out["deceased"] = resource["deceasedBoolean"]
    return out


def _interpretation(resource: dict) -> list[str]:
    # R4 has a list of CodeableConcepts; STU3 a single one.
    raw = resource.get("interpretation")
    concepts = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
    out: list[str] = []
    for concept in concepts:
        found = [c.code for c in codes(concept)] or [t for t in [concept_text(concept)] if t]
        out.extend(x for x in found if x not in out)
    return out


def _reference_range(resource: dict, reader: FieldReader, field: str) -> ReferenceRange | None:
    ranges = _list(resource.get("referenceRange"))
    if not ranges:
        return None
    rng = _dict(ranges[0])
    low, low_unit, _ = quantity(rng.get("low"), reader, f"{field}.low") if "low" in rng else (None, None, None)
    high, high_unit, _ = quantity(rng.get("high"), reader, f"{field}.high") if "high" in rng else (None, None, None)
    text = _str(rng.get("text"))
    if low is None and high is None and text is None:
        return None
    return ReferenceRange(low=low, high=high, unit=low_unit or high_unit, text=text)


def _value(part: dict, reader: FieldReader, prefix: str) -> dict[str, Any]:
    """The value[x] of an Observation or of one of its components, as model fields."""
    if "valueQuantity" in part:
        value, unit, comparator = quantity(part["valueQuantity"], reader, f"{prefix}valueQuantity")
        return {"value": value, "unit": unit, "comparator": comparator}
    if "valueInteger" in part:
        return {"value": reader.number(part["valueInteger"], f"{prefix}valueInteger")}
    if "valueCodeableConcept" in part:
        return {"value_text": concept_words(part["valueCodeableConcept"])}
    if "valueString" in part:
        return {"value_text": _str(part["valueString"])}
    if isinstance(part.get("valueBoolean"), bool):
        return {"value_text": "true" if part["valueBoolean"] else "false"}
    return {}


def _has_value(part: dict) -> bool:
    return any(k.startswith("value") for k in part)


def observations(resource: dict, rid: str, reader: FieldReader) -> list[Observation]:
    """One Observation, or one per valued component (blood pressure: systolic and diastolic)."""
    date, _ = first_date(resource, reader, "effectiveDateTime", "effectivePeriod.start", "effectiveInstant", "issued")
    if date is None and not any(k.startswith("effective") or k == "issued" for k in resource):
        reader.report(P.RECORD_MISSING_DATE, "no effective date or issued time; the observation is kept undated",
                      "effective[x]")
    common = {"date": date, "status": _str(resource.get("status")), "origin": reader.origin}
    out: list[Observation] = []
    components = [_dict(c) for c in _list(resource.get("component"))]
    if _has_value(resource) or not any(_has_value(c) for c in components):
        out.append(Observation(
            id=rid, codes=codes(resource.get("code")), text=concept_text(resource.get("code")),
            interpretation=_interpretation(resource),
            reference_range=_reference_range(resource, reader, "referenceRange[0]"),
            **_value(resource, reader, ""), **common))
    for n, comp in enumerate(components):
        if not _has_value(comp):
            continue
        prefix = f"component[{n}]."
        out.append(Observation(
            id=f"{rid}#{n}", codes=codes(comp.get("code")), text=concept_text(comp.get("code")),
            interpretation=_interpretation(comp) or _interpretation(resource),
            reference_range=_reference_range(comp, reader, f"{prefix}referenceRange[0]"),
            **_value(comp, reader, prefix), **common))
    return out


def condition(resource: dict, rid: str, reader: FieldReader) -> ConditionRecord:
    # recordedDate is when it was written down, not when it began: it is not used as the onset.
    onset, _ = first_date(resource, reader, "onsetDateTime", "onsetPeriod.start")
    abatement, _ = first_date(resource, reader, "abatementDateTime", "abatementPeriod.end")
    return ConditionRecord(
        id=rid, codes=codes(resource.get("code")), text=concept_text(resource.get("code")),
        onset=onset, abatement=abatement,
        clinical_status=status_code(resource.get("clinicalStatus")),
        verification_status=status_code(resource.get("verificationStatus")),
        severity=severity(resource.get("severity")), origin=reader.origin)


def allergy(resource: dict, rid: str, reader: FieldReader) -> AllergyRecord:
    recorded, _ = first_date(resource, reader, "onsetDateTime", "onsetPeriod.start", "recordedDate")
    return AllergyRecord(
        id=rid, codes=codes(resource.get("code")), text=concept_text(resource.get("code")), recorded=recorded,
        clinical_status=status_code(resource.get("clinicalStatus")),
        verification_status=status_code(resource.get("verificationStatus")), origin=reader.origin)


def procedure(resource: dict, rid: str, reader: FieldReader) -> ProcedureRecord:
    """performedDateTime, or performedPeriod (start, end); a performedString or Age is not a date."""
    performed, _ = first_date(resource, reader, "performedDateTime", "performedPeriod.start")
    end, _ = first_date(resource, reader, "performedPeriod.end")
    return ProcedureRecord(
        id=rid, codes=codes(resource.get("code")), text=concept_text(resource.get("code")),
        performed=performed, performed_end=end, status=_str(resource.get("status")), origin=reader.origin)


def immunization(resource: dict, rid: str, reader: FieldReader) -> ImmunizationRecord:
    """vaccineCode, occurrenceDateTime (an occurrenceString is not a date), status."""
    occurred, _ = first_date(resource, reader, "occurrenceDateTime")
    return ImmunizationRecord(
        id=rid, codes=codes(resource.get("vaccineCode")), text=concept_text(resource.get("vaccineCode")),
        occurred=occurred, status=_str(resource.get("status")), origin=reader.origin)


def research_subject(resource: dict, rid: str, reader: FieldReader, study: dict | None) -> StudyRecord:
    """R4: status (the subject's state), period, study.  R5: status is the resource's publication status
    (draft/active/retired/unknown), and the subject's state is in progress[].subjectState with each
    entry's startDate/endDate: the last entry that has a state gives the status, and the period,
    when absent, runs from the first startDate to the last endDate.  ``study`` is the ResearchStudy
    the record refers to, when the input holds it (title, identifier, phase, studyDesign,
    primaryPurposeType)."""
    start, _ = first_date(resource, reader, "period.start")
    end, _ = first_date(resource, reader, "period.end")
    status = _str(resource.get("status"))
    progress = [_dict(p) for p in _list(resource.get("progress"))]
    states = [(p, codes(p.get("subjectState"))) for p in progress]
    states = [(p, c[0].code) for p, c in states if c]
    if states:
        status = states[-1][1]
        starts = [d for p in progress if (d := reader.date(p.get("startDate"), "progress.startDate"))]
        ends = [d for p in progress if (d := reader.date(p.get("endDate"), "progress.endDate"))]
        start = start or (min(starts) if starts else None)
        end = end or (max(ends) if ends and status in ("off-study", "withdrawn") else None)
    out = StudyRecord(id=rid, status=status, start=start, end=end,
                      study=_str(_dict(resource.get("study")).get("reference")), origin=reader.origin)
    if study:
        out.study_title = _str(study.get("title"))
        out.study_ids = [v for i in _list(study.get("identifier")) if (v := _str(_dict(i).get("value")))]
        concepts = [study.get("phase"), study.get("primaryPurposeType"), *_list(study.get("studyDesign"))]
        out.study_codes = [c for concept in concepts for c in codes(concept)]
    return out
