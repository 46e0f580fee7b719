"""What ``screener outcomes`` returns: per patient, per timepoint, each outcome with its evidence."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from screener.results import Evidence, RecordError

# met / not_met / unknown for an outcome; measured / unknown for a measure; unsupported: did not compile
OutcomeStatus = Literal["met", "not_met", "unknown", "measured", "unsupported"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OutcomeResult(_Model):
    name: str
    label: str
    kind: Literal["outcome", "measure"]
    status: OutcomeStatus
    value: float | None = None  # a measure's number
    unit: str | None = None
    explanation: str
    rule: str | None = None  # canonical text of the definition
    evidence: list[Evidence] = []
    missing: list[str] = []  # data that would decide an unknown


class TimepointResult(_Model):
    timepoint: str  # "2 week"
    target: dt.date
    window_start: dt.date
    window_end: dt.date
    due: bool  # False: the window opens after the data ends
    outcomes: list[OutcomeResult] = []


class PatientOutcomes(_Model):
    patient_id: str
    trial: str
    baseline: dt.date
    cutoff: dt.date | None = None  # the data's end: --as-of, else the last date in the record
    status: Literal["assessed", "error"]
    timepoints: list[TimepointResult] = []
    errors: list[RecordError] = []
    reasons: list[str] = []
