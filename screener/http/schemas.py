"""Request and response bodies of the JSON API.

Results are ``screener.results.PatientResult`` and patients are ``screener.records.model.Patient``
(the own record format), the same models the CLI and the Python API use.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from screener.compile import CompiledCriterion
from screener.diagnostics import Diagnostic
from screener.records.model import Patient


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field ("asof") is an error, not ignored


class TrialChoice(_Request):
    """Which criteria to screen against: a bundled trial, or criteria text given here."""

    trial: str | None = Field(None, description="A bundled trial id (see GET /v1/trials).",
                              examples=["NCT06722586"])
    criteria: str | None = Field(None, description="Registry-style criteria text (Inclusion Criteria / "
                                 "Exclusion Criteria sections), compiled for this request.")
    lab_lookback_days: int | None = Field(None, ge=0, le=36_500, description="How old the latest lab result "
                                          "may be (default 90).")

    @model_validator(mode="after")
    def _one_trial(self):
        if (self.trial is None) == (self.criteria is None):
            raise ValueError("give either 'trial' (a bundled trial id) or 'criteria' (criteria text), not "
                             + ("both" if self.trial is not None else "neither"))
        return self


class ScreenRequest(TrialChoice):
    """One patient, as the own record format (``patient``) or as a FHIR R4 Bundle (``fhir``)."""

    patient: Patient | None = Field(None, description="The patient in the own record format "
                                    "(docs/records.md).")
    fhir: dict[str, Any] | None = Field(None, description="The patient as a FHIR R4 Bundle (or a single "
                                        "Patient resource).")
    as_of: dt.date = Field(description="The screening date. Required: nothing in screener reads the clock.")
    attest: dict[str, bool] = Field({}, description="Answers to manual clauses by criterion id: "
                                    "{\"E5\": false} says the manual clause of E5 does not hold.")

    @model_validator(mode="after")
    def _one_patient(self):
        if (self.patient is None) == (self.fhir is None):
            raise ValueError("give either 'patient' (own record format) or 'fhir' (a FHIR R4 Bundle), not "
                             + ("both" if self.patient is not None else "neither"))
        return self


class BatchRequest(TrialChoice):
    patients: list[Any] = Field(description="Each item an own-format patient record or a FHIR R4 Bundle "
                                "(which may hold several patients). An item that cannot be read gives an "
                                "'error' line; the others are still screened.")
    as_of: dt.date = Field(description="The screening date.")
    attest: dict[str, bool] = Field({}, description="Answers to manual clauses, for every patient.")


class CompileRequest(_Request):
    criteria: str = Field(min_length=1, description="Registry-style criteria text.")
    trial: str = Field("", description="A label for the trial in the result.")


class TrialSummary(BaseModel):
    id: str
    title: str


class Question(BaseModel):
    """A manual clause: what a person must attest for the criterion to be decided."""

    criterion: str
    section: str
    text: str
    asks: list[str]


class CompileResponse(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    trial: str
    counts: dict[str, int]
    criteria: list[CompiledCriterion]
    notes: list[Diagnostic] = []
    policies: dict[str, dict[str, str]] = {}
    questions: list[Question] = Field([], description="Manual clauses, to be answered through 'attest'.")
