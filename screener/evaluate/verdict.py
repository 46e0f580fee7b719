"""Criteria -> statuses -> the patient's verdict (docs/semantics.md, "Verdict").

A patient is eligible only when every inclusion is met and every exclusion is
not met; ineligible as soon as one inclusion is not met or one exclusion is
met; anything else (unknown, manual, unsupported) leaves them undetermined.
"""

from __future__ import annotations

import datetime as dt

from screener.compile import CompiledCriterion, CompiledTrial
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import Policy
from screener.evaluate.rules import RuleEvaluator
from screener.records.model import Patient
from screener.results import CriterionResult, PatientResult, RecordError

_STATUS = {True: "met", False: "not_met", None: "unknown"}


def evaluate_criterion(c: CompiledCriterion, facts: PatientFacts, policy: Policy,
                       evaluator: RuleEvaluator | None = None) -> CriterionResult:
    base = dict(id=c.id, section=c.section, text=c.text, rule=c.canonical, grouped_in=c.grouped_in)
    if c.status == "unsupported" or c.rule is None:
        why = "; ".join(d.message for d in c.diagnostics if d.severity == "error")[:300]
        return CriterionResult(status="unsupported", evidence=[], missing=[],
                                               explanation=f"the text did not compile: {why or 'no rule'}", **base)
    evaluator = evaluator or RuleEvaluator(facts, policy, c.id, facts.patient.attestations)
    evaluator.policy, evaluator.cid = policy, c.id
    out = evaluator.eval(c.rule)
    status = _STATUS[out.value]
    if status == "unknown" and out.manual:
        status = "manual"
    explanation = out.why
    if c.status == "partial":
        # the left-out words could change the meaning either way, so the part never decides alone
        status = "unknown"
        explanation = (f"only part of the text compiled; that part is "
                       f"{_STATUS[out.value].replace('_', ' ')}: {out.why}")
    return CriterionResult(status=status, explanation=explanation, evidence=out.evidence,
                                           missing=out.missing if status in ("unknown", "manual") else [], **base)


def verdict_of(results: list[CriterionResult]) -> tuple[str, list[str]]:
    # an item of an "at least N of the following" list counts through its group (screener.groups)
    results = [r for r in results if r.grouped_in is None]
    against = [r for r in results if (r.section == "inclusion" and r.status == "not_met")
               or (r.section == "exclusion" and r.status == "met")]
    if against:
        return "ineligible", [f"{r.id} ({r.section}) {r.status.replace('_', ' ')}: {r.explanation}" for r in against]
    pending = [r for r in results if r.status != ("met" if r.section == "inclusion" else "not_met")]
    if pending:
        return "undetermined", [f"{r.id} ({r.section}) {r.status}: {r.explanation}" for r in pending]
    return "eligible", [f"all {sum(r.section == 'inclusion' for r in results)} inclusion criteria met, "
                        f"no exclusion criterion met"]


def screen_patient(trial: CompiledTrial, patient: Patient, as_of: dt.date,
                   policies: dict[str, Policy], default_policy: Policy) -> PatientResult:
    """One bound patient against one compiled trial. Never raises for bad data in the record."""
    errors = [RecordError(code=p.code, message=p.message, file=p.file, record=p.record, field=p.field)
              for p in patient.problems]
    if patient.broken:
        return PatientResult(patient_id=patient.id, verdict="error", errors=errors, trial=trial.trial, as_of=as_of,
                             reasons=[p.message for p in patient.problems if p.fatal])
    facts = PatientFacts(patient, as_of)
    evaluator = RuleEvaluator(facts, default_policy, "", patient.attestations)
    results = [evaluate_criterion(c, facts, policies.get(c.id, default_policy), evaluator) for c in trial.criteria]
    verdict, reasons = verdict_of(results)
    dead = patient.deceased if patient.deceased is not None else patient.deceased_date is not None
    if dead and (patient.deceased_date is None or patient.deceased_date <= as_of):
        # not a criterion of any trial, but no one screens a patient who has died
        when = f" on {patient.deceased_date}" if patient.deceased_date else ""
        verdict, reasons = "ineligible", [f"the record says the patient died{when}"] + (
            reasons if verdict == "ineligible" else [])
    if any(n.code == "section.no_criteria" for n in trial.notes) and verdict != "ineligible":
        verdict, reasons = "undetermined", ["the trial record gives no inclusion or exclusion criteria, "
                                            "so no one can be found eligible from it"] + reasons
    return PatientResult(patient_id=patient.id, verdict=verdict, criteria=results, errors=errors,
                         reasons=reasons, trial=trial.trial, as_of=as_of)
