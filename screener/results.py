"""What screening returns: the same pydantic models for the Python API, the CLI and HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

CriterionStatus = Literal["met", "not_met", "unknown", "unsupported", "manual"]
Verdict = Literal["eligible", "ineligible", "undetermined", "error"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """One record (or patient field) a rule read, as reported and as normalized."""

    rule: str  # canonical text of the rule clause that read it
    record: str  # "Observation/abc", "Patient.birthDate", "attestation E5", ...
    kind: Literal["observation", "medication", "condition", "allergy", "procedure", "immunization", "study", "patient",
                  "attestation"]
    about: str | None = None  # analyte, drug or condition-group id
    date: dt.date | None = None
    reported: str | None = None  # "150 10*3/uL", "Positive", "predniSONE 5 MG Oral Tablet x2/d"
    normalized: str | None = None  # "150 10*9/L", "10 mg/d as prednisone"
    reference_range: str | None = None
    reference_default: bool | None = None  # True: our default range, the record gave none
    file: str | None = None
    note: str | None = None


class CriterionResult(_Model):
    id: str
    section: Literal["inclusion", "exclusion"]
    text: str
    status: CriterionStatus
    explanation: str
    evidence: list[Evidence] = []
    rule: str | None = None  # canonical text of the compiled rule
    missing: list[str] = []  # data that would decide an unknown criterion
    grouped_in: str | None = None  # the "at least N of the following" lead-in the verdict counts instead


class RecordError(_Model):
    code: str
    message: str
    file: str | None = None
    record: str | None = None
    field: str | None = None


class PatientResult(_Model):
    patient_id: str
    verdict: Verdict
    criteria: list[CriterionResult] = []
    errors: list[RecordError] = []  # load problems: fatal ones make the verdict "error"
    reasons: list[str] = []  # one line per criterion that decided (or blocked) the verdict
    trial: str = ""
    as_of: dt.date | None = None
