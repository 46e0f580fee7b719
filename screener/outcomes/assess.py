"""A patient's outcomes at every timepoint of the trial's definitions.

Every outcome and measure appears at each of its timepoints, whatever the
record holds: decided, unknown with the data that would decide it, or
unsupported when its definition did not compile.  A record that cannot be
read gives status ``error`` with its problems; it never stops a batch.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from screener.followup.definitions import FollowupDefinitions
from screener.followup.evaluate import FollowupEvaluator, label
from screener.followup.timeline import data_end, window_of
from screener.outcomes.results import OutcomeResult, PatientOutcomes, TimepointResult
from screener.records.bind import bind_patients, bound_batches
from screener.records.model import Patient
from screener.results import RecordError

_STATUS = {True: "met", False: "not_met", None: "unknown"}


def _errors(patient: Patient) -> list[RecordError]:
    return [RecordError(code=p.code, message=p.message, file=p.file, record=p.record, field=p.field)
            for p in patient.problems]


def assess_patient(defs: FollowupDefinitions, patient: Patient, baseline: dt.date,
                   cutoff: dt.date | None = None) -> PatientOutcomes:
    """``cutoff``: the day the data ends (records after it do not exist); default: the record's last date."""
    if not patient.bound:
        bind_patients([patient])
    base = dict(patient_id=patient.id, trial=defs.trial, baseline=baseline, errors=_errors(patient))
    if patient.broken:
        return PatientOutcomes(status="error", reasons=[p.message for p in patient.problems if p.fatal], **base)
    end = cutoff or data_end(patient) or baseline
    ev = FollowupEvaluator(patient, defs, baseline, end)
    offsets = []
    for d in defs.of("outcome", "measure"):
        offsets += [t for t in d.timepoints if t not in offsets]
    timepoints = []
    for tp in sorted(offsets, key=lambda t: window_of(baseline, t).target):
        w = window_of(baseline, tp)
        results = [_one(ev, d, tp) for d in defs.of("outcome", "measure") if tp in d.timepoints]
        timepoints.append(TimepointResult(timepoint=label(tp), target=w.target, window_start=w.start,
                                          window_end=w.end, due=ev.not_due(tp) is None, outcomes=results))
    return PatientOutcomes(status="assessed", cutoff=end, timepoints=timepoints, **base)


def _one(ev: FollowupEvaluator, d, tp) -> OutcomeResult:
    base = dict(name=d.name, label=d.label, kind=d.keyword, rule=d.canonical)
    if not d.compiled:
        return OutcomeResult(status="unsupported", explanation=f"the definition did not compile: {d.error()}", **base)
    if d.keyword == "measure":
        m = ev.measure(d, tp)
        return OutcomeResult(status="measured" if m.value is not None else "unknown", value=m.value, unit=m.unit,
                             explanation=m.why, evidence=m.evidence, missing=m.missing if m.value is None else [],
                             **base)
    out = ev.outcome(d, tp)
    return OutcomeResult(status=_STATUS[out.value], explanation=out.why, evidence=out.evidence,
                         missing=out.missing if out.value is None else [], **base)


def assess_patients(defs: FollowupDefinitions, patients: Iterable[Patient], baseline: dt.date,
                    cutoff: dt.date | None = None, batch: int = 1000) -> Iterator[PatientOutcomes]:
    """A stream of patients, bound a batch at a time (one unit conversion per pair per batch)."""
    for chunk in bound_batches(patients, batch):
        yield from (assess_patient(defs, q, baseline, cutoff) for q in chunk)
