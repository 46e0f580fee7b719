"""The patient record the evaluator reads, whatever format it came from.

Adapters fill the *reported* fields (codes, text, value, unit, dates) exactly
as the source wrote them; ``screener.records.bind`` then fills the *bound*
fields (analyte, drug, condition groups, normalized value and unit), so the
evidence can always show both.  Dates are calendar dates: eligibility windows
are counted in days, and a time of day never moves a record across a window
edge in a way a reader could not check by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Comparator = Literal["<", "<=", ">", ">="]
SexValue = Literal["female", "male", "other", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Code(_Model):
    """A coded concept. ``system`` is short ("loinc", "snomed", "icd10", "rxnorm") or the FHIR URI."""

    system: str
    code: str
    display: str | None = None


class Origin(_Model):
    """Where a record came from, for evidence and error messages."""

    file: str | None = None
    line: int | None = None  # 1-based line (NDJSON, JSONL, CSV)
    entry: int | None = None  # 0-based index in a Bundle's ``entry`` or a JSON list
    resource: str | None = None  # "Observation/abc"


class ReferenceRange(_Model):
    low: float | None = None
    high: float | None = None
    unit: str | None = None  # None: the observation's own unit
    text: str | None = None


class Observation(_Model):
    id: str
    codes: list[Code] = []
    text: str | None = None
    value: float | None = None
    comparator: Comparator | None = None  # FHIR Quantity.comparator: "<0.5" is value 0.5, comparator "<"
    unit: str | None = None  # as reported (UCUM code or free text)
    value_text: str | None = None  # a qualitative result: "positive", "negative", "detected", ...
    interpretation: list[str] = []  # HL7 v2-0078 style codes: "H", "L", "POS", "NEG", ...
    reference_range: ReferenceRange | None = None
    date: dt.date | None = None
    status: str | None = None  # FHIR Observation.status; "entered-in-error" and "cancelled" are ignored
    origin: Origin = Origin()
    # bound by screener.records.bind
    analyte: str | None = None
    normalized_value: float | None = None
    normalized_unit: str | None = None
    normalized_range: ReferenceRange | None = None
    problem: str | None = None  # why the value could not be normalized (kept, never guessed)
    range_problem: str | None = None  # why the record's own reference range could not be normalized


class Medication(_Model):
    """One exposure: a statement, request or administration, with the dose as prescribed."""

    id: str
    codes: list[Code] = []
    text: str | None = None
    dose: float | None = None  # per administration
    dose_unit: str | None = None
    per_day: float | None = None  # administrations per day (frequency / period)
    daily_dose: float | None = None  # when the source states the daily dose directly
    daily_dose_unit: str | None = None
    route: str | None = None  # "oral", "intravenous", "subcutaneous", "topical", ...
    start: dt.date | None = None
    end: dt.date | None = None
    status: str | None = None  # active, completed, stopped, on-hold, entered-in-error, intended, not-taken, ...
    resource_type: str | None = None  # MedicationStatement, MedicationRequest, MedicationAdministration
    origin: Origin = Origin()
    # bound
    drug: str | None = None
    normalized_daily_dose: float | None = None  # mg/d of this drug
    problem: str | None = None


class ConditionRecord(_Model):
    id: str
    codes: list[Code] = []
    text: str | None = None
    onset: dt.date | None = None
    abatement: dt.date | None = None
    clinical_status: str | None = None  # active, recurrence, relapse, inactive, remission, resolved
    verification_status: str | None = None  # confirmed, provisional, refuted, entered-in-error, ...
    severity: str | None = None  # mild, moderate, severe (FHIR Condition.severity); None: not recorded
    origin: Origin = Origin()
    # bound
    groups: list[str] = []


class AllergyRecord(_Model):
    """A recorded allergy or intolerance (FHIR AllergyIntolerance) to a substance."""

    id: str
    codes: list[Code] = []
    text: str | None = None
    recorded: dt.date | None = None  # onset, else the date it was recorded
    clinical_status: str | None = None  # active, inactive, resolved
    verification_status: str | None = None  # unconfirmed, presumed, confirmed, refuted, entered-in-error
    origin: Origin = Origin()
    # bound: the drug, drug class or allergen ids the record names (empty: none we know)
    agents: list[str] = []


class ProcedureRecord(_Model):
    """A procedure performed on the patient (FHIR Procedure): a date, or a period for one that lasts."""

    id: str
    codes: list[Code] = []
    text: str | None = None
    performed: dt.date | None = None  # performedDateTime, else performedPeriod.start
    performed_end: dt.date | None = None  # performedPeriod.end; None: a single date, or still going on
    status: str | None = None  # FHIR Procedure.status; entered-in-error, not-done, preparation do not count
    origin: Origin = Origin()
    # bound: the procedure ids of the vocabulary the record's codes (failing codes, its text) name
    procedures: list[str] = []


class ImmunizationRecord(_Model):
    """A vaccine given to the patient (FHIR Immunization), coded in CVX."""

    id: str
    codes: list[Code] = []
    text: str | None = None
    occurred: dt.date | None = None  # occurrenceDateTime; None: not recorded (occurrenceString is no date)
    status: str | None = None  # FHIR Immunization.status; not-done and entered-in-error do not count
    origin: Origin = Origin()
    # bound: the vaccine ids (and groups: "live_vaccines") of the vocabulary the record's codes (failing codes, its text) name
    vaccines: list[str] = []


class StudyRecord(_Model):
    """The patient as a subject of a research study (FHIR ResearchSubject), with what the input tells of
    the study (its ResearchStudy, when the input holds it)."""

    id: str
    status: str | None = None  # R4 ResearchSubject.status; R5: the subjectState of the last progress entry
    start: dt.date | None = None  # period.start (R5: else the first progress startDate)
    end: dt.date | None = None  # period.end (R5: else the last progress endDate); None: open or not recorded
    study: str | None = None  # the study reference as written ("ResearchStudy/abc")
    study_title: str | None = None
    study_ids: list[str] = []  # the ResearchStudy's identifier values (an NCT number, a sponsor's code)
    study_codes: list[Code] = []  # the ResearchStudy's phase, studyDesign and primaryPurposeType codings
    origin: Origin = Origin()
    # bound (screener/data/research_subject_states.csv, research_study_kinds.csv):
    enrolled: bool | None = None  # the status says the patient was in the study (None: status unknown)
    interventional: bool | None = None  # the study tests an intervention (None: the input does not tell)


class Attestation(_Model):
    """A person's answer to the part of a criterion no record can decide (a ``manual`` rule).

    ``holds`` answers the manual clause as written: for E5 "other life or organ
    threatening manifestations", ``holds=False`` says the patient has none.
    """

    criterion: str
    holds: bool
    by: str | None = None
    date: dt.date | None = None
    note: str | None = None


class LoadProblem(_Model):
    """Something wrong in a record. ``fatal`` problems make the patient's verdict ``error``."""

    code: str  # stable: listed in docs/records.md
    message: str
    file: str | None = None
    record: str | None = None  # resource id, line or entry
    field: str | None = None
    fatal: bool = False


class Patient(_Model):
    id: str
    birth_date: dt.date | None = None
    sex: SexValue | None = None
    deceased: bool | None = None  # FHIR deceasedBoolean, or True when a date is given
    deceased_date: dt.date | None = None
    observations: list[Observation] = []
    medications: list[Medication] = []
    conditions: list[ConditionRecord] = []
    allergies: list[AllergyRecord] = []
    procedures: list[ProcedureRecord] = []
    immunizations: list[ImmunizationRecord] = []
    studies: list[StudyRecord] = []
    attestations: list[Attestation] = []
    origin: Origin = Origin()
    problems: list[LoadProblem] = Field(default_factory=list)
    bound: bool = False  # set once screener.records.bind has run

    @property
    def broken(self) -> bool:
        return any(p.fatal for p in self.problems)
