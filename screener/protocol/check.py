"""One patient against a trial's protocol: expected vs recorded daily doses, and monitoring.

Every day from the baseline (day 1) to the end of the protocol or of the data
is checked for each dosing schedule; consecutive days that agree are one run.
Medication records are complete history here as in screening: no record on a
day a dose was due is ``not_taken``.  Each monitoring timepoint is in range,
out of range, missed (its window closed with no result), not yet due, or
unknown with the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from screener import ir
from screener.evaluate.rules import _med_evidence, _obs_evidence
from screener.followup.definitions import Definition, FollowupDefinitions
from screener.followup.doses import change_days, daily_dose
from screener.followup.evaluate import FollowupEvaluator, label
from screener.followup.timeline import after, data_end, window_of
from screener.ir import followup as fu
from screener.protocol.results import DEVIATIONS, DoseRun, DrugCheck, MonitorCheck, PatientProtocol
from screener.protocol.schedule import expected
from screener.records.bind import bind_patients, bound_batches
from screener.records.model import Patient
from screener.results import RecordError
from screener.vocab import vocabulary

_VOID = {"entered-in-error", "not-taken", "not-done", "cancelled", "draft", "intended"}


def _ingredients(drug: str) -> frozenset[str]:
    v = vocabulary()
    cls = v.drug_classes.get(drug)
    return frozenset(cls.members) if cls else frozenset([drug])


def first_dose(defs: FollowupDefinitions, patient: Patient) -> dt.date | None:
    """The earliest start of any record of a scheduled drug: day 1 when no baseline is given."""
    drugs = frozenset().union(*(_ingredients(d.rule.drug) for d in defs.of("dose") if d.compiled))
    starts = [m.start for m in patient.medications
              if m.drug in drugs and m.start and (m.status or "").lower() not in _VOID]
    return min(starts) if starts else None


def _status(exp: float | None, rec: float | None) -> str:
    if exp is None or rec is None:
        return "unknown"
    if abs(rec - exp) <= 1e-6:
        return "as_expected"
    if rec <= 1e-9:
        return "not_taken"
    return "higher" if rec > exp else "lower"


def _drug_check(ev: FollowupEvaluator, d: Definition, last: dt.date, weight: float | None) -> DrugCheck:
    base = dict(name=d.name, label=d.label, rule=d.canonical)
    if not d.compiled:
        return DrugCheck(drug="", status="unsupported", how=f"the definition did not compile: {d.error()}", **base)
    sched: fu.DoseSchedule = d.rule
    exp = expected(sched, ev.baseline, weight)
    # expected and recorded doses change only where a segment or a record starts or stops: read those days
    bounds = {ev.baseline} | set(change_days(ev, sched.drug, ev.baseline, last))
    bounds |= {d for s in exp.segments for d in (s.start, s.end and s.end + dt.timedelta(days=1)) if d}
    days = sorted(d for d in bounds if ev.baseline <= d <= last)
    runs: list[DoseRun] = []
    for k, day in enumerate(days):
        until = days[k + 1] - dt.timedelta(days=1) if k + 1 < len(days) else last
        e = exp.on(day) if exp.segments else None
        r = daily_dose(ev, sched.drug, None, day)
        status = _status(e, r.mg)
        note = None if status != "unknown" else (exp.how if e is None else r.why)
        n, n_to = (day - ev.baseline).days + 1, (until - ev.baseline).days + 1
        prev = runs[-1] if runs else None
        if prev and (prev.expected_mg_per_day, prev.recorded_mg_per_day, prev.status, prev.note) == (e, r.mg, status, note):
            runs[-1] = prev.model_copy(update={"end": until, "day_to": n_to})
        else:
            runs.append(DoseRun(start=day, end=until, day_from=n, day_to=n_to, expected_mg_per_day=e,
                                recorded_mg_per_day=r.mg, status=status, note=note))
    deviations = [r for r in runs if r.status in DEVIATIONS]
    status = "deviations" if deviations else ("unknown" if any(r.status == "unknown" for r in runs) else "followed")
    records = [m for m, _ok in ev._exposures(sched.drug, ())]
    return DrugCheck(drug=sched.drug, status=status, how=exp.how, runs=runs, deviations=deviations,
                     evidence=[_med_evidence(d.canonical, m) for m in records], **base)


def _analytes(rule) -> set[str]:
    out = {rule.analyte} if isinstance(rule, (ir.Measure, ir.Between)) else set()
    for child in getattr(rule, "items", ()) or ((rule.item,) if isinstance(rule, ir.Not) else ()):
        out |= _analytes(child)
    return out


def _monitor(ev: FollowupEvaluator, d: Definition, tp: fu.Timepoint) -> MonitorCheck:
    w = window_of(ev.baseline, tp)
    base = dict(name=d.name, label=d.label, timepoint=label(tp), target=w.target, window_start=w.start,
                window_end=w.end, rule=d.canonical)
    if not d.compiled:
        return MonitorCheck(status="unsupported", explanation=f"the definition did not compile: {d.error()}", **base)
    if ev.not_due(tp):
        return MonitorCheck(status="not_yet_due", explanation=ev.not_due(tp), **base)
    analytes = _analytes(d.rule)
    if not any(w.holds(o.date) for a in analytes for o in ev.f.observations(a)):
        names = ", ".join(sorted(analytes))
        if w.end > ev.cutoff:
            return MonitorCheck(status="not_yet_due", explanation=f"no {names} result yet; the window stays open "
                                f"until {w.end}, after the data ends on {ev.cutoff}", **base)
        return MonitorCheck(status="missed", explanation=f"no {names} result between {w.start} and {w.end}", **base)
    out = ev.outcome(d, tp)
    status = {True: "in_range", False: "out_of_range", None: "unknown"}[out.value]
    return MonitorCheck(status=status, explanation=out.why, evidence=out.evidence, **base)


def check_patient(defs: FollowupDefinitions, patient: Patient, baseline: dt.date | None = None,
                  cutoff: dt.date | None = None) -> PatientProtocol:
    """``baseline``: day 1 (default: the first dose); ``cutoff``: the data's end (default: the record's last date)."""
    if not patient.bound:
        bind_patients([patient])
    errors = [RecordError(code=p.code, message=p.message, file=p.file, record=p.record, field=p.field)
              for p in patient.problems]
    base = dict(patient_id=patient.id, trial=defs.trial, errors=errors)
    if patient.broken:
        return PatientProtocol(verdict="error", reasons=[p.message for p in patient.problems if p.fatal], **base)
    how = "given"
    if baseline is None:
        baseline, how = first_dose(defs, patient), "first dose"
        if baseline is None:
            return PatientProtocol(verdict="undetermined", reasons=[
                "no baseline date was given and the record has no dose of a scheduled drug to start from"], **base)
    data_until = cutoff or data_end(patient) or baseline
    last = data_until if defs.end is None else min(data_until, after(baseline, defs.end) - dt.timedelta(days=1))
    if last < baseline:
        return PatientProtocol(baseline=baseline, baseline_from=how, cutoff=last, verdict="undetermined", reasons=[
            f"the data ends on {last}, before day 1 ({baseline}): nothing to check"], **base)
    ev = FollowupEvaluator(patient, defs, baseline, data_until)
    weight_obs = ev._baseline_results("weight")
    weight, _c, _why = ev._value(weight_obs)
    drugs = [_drug_check(ev, d, last, weight) for d in defs.of("dose")]
    monitoring = [_monitor(ev, d, tp) for d in defs.of("monitor") for tp in d.timepoints]
    verdict, reasons = _verdict(drugs, monitoring)
    return PatientProtocol(baseline=baseline, baseline_from=how, cutoff=last, weight_kg=weight,
                           weight_evidence=[_obs_evidence("weight at baseline", o) for o in weight_obs],
                           verdict=verdict, reasons=reasons, drugs=drugs, monitoring=monitoring, **base)


def _mg(x: float | None) -> str:
    return "?" if x is None else f"{x:g} mg/d"


def _verdict(drugs: list[DrugCheck], monitoring: list[MonitorCheck]) -> tuple[str, list[str]]:
    against, open_ = [], []
    for c in drugs:
        for r in c.deviations:
            against.append(f"{c.label}: {r.status.replace('_', ' ')} on days {r.day_from}-{r.day_to} "
                           f"({r.start}..{r.end}): {_mg(r.recorded_mg_per_day)} recorded, "
                           f"{_mg(r.expected_mg_per_day)} expected")
        if c.status == "unsupported":
            open_.append(f"{c.label}: {c.how}")
        for r in c.runs:
            if r.status == "unknown":
                open_.append(f"{c.label}: unknown on days {r.day_from}-{r.day_to} ({r.start}..{r.end}): {r.note}")
    for m in monitoring:
        if m.status in ("out_of_range", "missed"):
            against.append(f"{m.label} at {m.timepoint}: {m.status.replace('_', ' ')}: {m.explanation}")
        elif m.status in ("unknown", "unsupported"):
            open_.append(f"{m.label} at {m.timepoint}: {m.status}: {m.explanation}")
    if against:
        return "deviations", against + open_
    if open_:
        return "undetermined", open_
    if not drugs and not monitoring:
        return "undetermined", ["the definitions give no dosing schedule and no monitoring"]
    return "followed", ["every dose as scheduled and every monitoring result in range, up to the end checked"]


def check_patients(defs: FollowupDefinitions, patients: Iterable[Patient], baseline: dt.date | None = None,
                   cutoff: dt.date | None = None, batch: int = 1000) -> Iterator[PatientProtocol]:
    for chunk in bound_batches(patients, batch):
        yield from (check_patient(defs, q, baseline, cutoff) for q in chunk)
