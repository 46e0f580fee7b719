"""What ``screener protocol`` returns: expected against recorded doses per day, and monitoring."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from screener.results import Evidence, RecordError

# as_expected; higher / lower than the schedule; not_taken (nothing recorded while a dose was due);
# unknown: the expected or the recorded dose cannot be worked out
DoseStatus = Literal["as_expected", "higher", "lower", "not_taken", "unknown"]
MonitorStatus = Literal["in_range", "out_of_range", "missed", "not_yet_due", "unknown", "unsupported"]
DEVIATIONS = ("higher", "lower", "not_taken")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DoseRun(_Model):
    """Consecutive days with the same expected and recorded daily dose (days count from 1 at baseline)."""

    start: dt.date
    end: dt.date
    day_from: int
    day_to: int
    expected_mg_per_day: float | None
    recorded_mg_per_day: float | None
    status: DoseStatus
    note: str | None = None  # why unknown


class DrugCheck(_Model):
    name: str
    label: str
    drug: str
    rule: str | None  # canonical text of the schedule
    status: Literal["followed", "deviations", "unknown", "unsupported"]
    how: str  # how the expected first dose was worked out (or why it could not be)
    runs: list[DoseRun] = []
    deviations: list[DoseRun] = []
    evidence: list[Evidence] = []


class MonitorCheck(_Model):
    name: str
    label: str
    timepoint: str
    target: dt.date
    window_start: dt.date
    window_end: dt.date
    status: MonitorStatus
    explanation: str
    rule: str | None = None
    evidence: list[Evidence] = []


class PatientProtocol(_Model):
    patient_id: str
    trial: str
    baseline: dt.date | None = None
    baseline_from: Literal["given", "first dose", "none"] = "none"
    cutoff: dt.date | None = None  # checked up to here: the end of the protocol or of the data
    weight_kg: float | None = None
    weight_evidence: list[Evidence] = []
    verdict: Literal["followed", "deviations", "undetermined", "error"]
    reasons: list[str] = []
    drugs: list[DrugCheck] = []
    monitoring: list[MonitorCheck] = []
    errors: list[RecordError] = []
