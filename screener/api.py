"""The Python API: ``trial = screener.load_trial("NCT06722586"); trial.screen(patient, as_of=date)``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Iterator

from screener.compile import CompiledTrial, compile_text
from screener.evaluate.policy import DEFAULT_POLICY, Policy
from screener.evaluate.verdict import screen_patient
from screener.records.bind import bind_patients, bound_batches
from screener.records.model import Attestation, Patient
from screener.results import PatientResult
from screener.trials import read_trial


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class Trial:
    """A compiled trial, ready to screen patients (compiled once, screened many times)."""

    def __init__(self, compiled: CompiledTrial, policy: Policy = DEFAULT_POLICY):
        self.compiled = compiled
        self.id = compiled.trial
        self.policy = policy
        self.policies = {cid: policy.with_settings(s) for cid, s in compiled.policies.items()}

    def screen(self, patient: Patient | dict, *, as_of: dt.date | str,
               attest: dict[str, bool] | None = None) -> PatientResult:
        """Screen one patient (a ``Patient`` or its own-format JSON as a dict) on ``as_of``.

        ``attest`` answers manual clauses by criterion id (``{"E5": False}``: the
        patient has no other life-threatening manifestation); the record's own
        attestations take precedence.
        """
        if isinstance(patient, dict):
            patient = Patient.model_validate(patient)
        if not patient.bound:
            bind_patients([patient])
        return screen_patient(self.compiled, _attested(patient, attest), _as_date(as_of), self.policies, self.policy)

    def screen_many(self, patients: Iterable[Patient], *, as_of: dt.date | str,
                    attest: dict[str, bool] | None = None, batch: int = 1000) -> Iterator[PatientResult]:
        """Screen a stream of patients, binding them a batch at a time (one unit conversion per pair per batch)."""
        day = _as_date(as_of)
        for chunk in bound_batches(patients, batch):
            for p in chunk:
                yield screen_patient(self.compiled, _attested(p, attest), day, self.policies, self.policy)


def _attested(patient: Patient, attest: dict[str, bool] | None) -> Patient:
    if not attest:
        return patient
    have = {a.criterion for a in patient.attestations}
    extra = [Attestation(criterion=k, holds=v, by="caller") for k, v in attest.items() if k not in have]
    return patient.model_copy(update={"attestations": patient.attestations + extra}) if extra else patient


def load_trial(spec: str | Path, *, policy: Policy = DEFAULT_POLICY) -> Trial:
    """A bundled trial id ("NCT06722586") or a criteria text file, compiled."""
    trial_id, text, overrides = read_trial(str(spec))
    return Trial(compile_text(text, trial=trial_id, overrides=overrides), policy)


def compile_criteria(text: str, *, trial: str = "", policy: Policy = DEFAULT_POLICY) -> Trial:
    """Criteria text given directly (pasted, or from an HTTP request)."""
    return Trial(compile_text(text, trial=trial), policy)
