"""Missing data never makes anyone eligible (hypothesis)."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import screener
from screener import ir
from screener.records.model import Patient
from screener.vocab import vocabulary
from tests.patient_strategies import AS_OF, near_eligible_patients, seed_trial_patients


@cache
def _trial():
    return screener.load_trial("NCT06722586")


def _analytes(rule) -> set[str]:
    """Every lab analyte a rule reads."""
    if isinstance(rule, (ir.Measure, ir.Between, ir.Result)):
        return {rule.analyte} - {"age"}
    if isinstance(rule, ir.Not):
        return _analytes(rule.item)
    if isinstance(rule, (ir.All, ir.Any, ir.AtLeast)):
        return set().union(*(_analytes(i) for i in rule.items)) if rule.items else set()
    return set()


def _needed_for(rule, want: bool) -> set[str]:
    """Analytes without which ``rule`` cannot come out ``want``, read off the rule's structure.

    "A and B" is true only if both are: it needs what either needs.  "A or B"
    is true if either is: it needs only what both need.  (So "LA or aCL
    positive" needs neither alone, and "(LDL high) and taking a statin" needs
    no lab to be false.)
    """
    if isinstance(rule, (ir.Measure, ir.Between, ir.Result)):
        return {rule.analyte} - {"age"}
    if isinstance(rule, ir.Not):
        return _needed_for(rule.item, not want)
    if isinstance(rule, (ir.All, ir.Any)) and rule.items:
        conj = isinstance(rule, ir.All) == want  # an "and" made true, or an "or" made false
        parts = [_needed_for(i, want) for i in rule.items]
        return set().union(*parts) if conj else set.intersection(*parts)
    return set()


def _all_analytes() -> list[str]:
    return sorted(set().union(*(_analytes(c.rule) for c in _trial().compiled.criteria if c.rule is not None)))


def _needed() -> list[str]:
    """Analytes some criterion needs for the patient to be eligible."""
    out: set[str] = set()
    for c in _trial().compiled.criteria:
        if c.rule is not None:
            out |= _needed_for(c.rule, c.section == "inclusion")
    return sorted(out)


def _without(patient: Patient, analyte: str) -> Patient:
    """A fresh copy with every result of ``analyte`` (and its isotypes) removed."""
    fresh = Patient.model_validate(patient.model_dump(exclude={"bound"}))
    from screener.records.bind import bind_patient

    bind_patient(fresh)
    gone = {analyte, *(m for m, _c, _u in vocabulary().analyte_members(analyte))}
    fresh.observations = [o for o in fresh.observations if o.analyte not in gone]
    return fresh


def test_the_trial_needs_the_labs_we_think():
    assert _needed() == ["alt", "ast", "egfr", "hemoglobin", "platelets", "wbc"]
    assert {"lupus_anticoagulant", "anticardiolipin", "ldl_cholesterol"} <= set(_all_analytes())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_eligible_patients(), st.data())
def test_removing_a_needed_analyte_never_gives_eligible(patient, data):
    before = _trial().screen(Patient.model_validate(patient.model_dump()), as_of=AS_OF)
    assume(before.verdict == "eligible")  # built eligible; the property is about taking data away
    analyte = data.draw(st.sampled_from(_needed()))
    after = _trial().screen(_without(patient, analyte), as_of=AS_OF)
    assert after.verdict != "eligible", (analyte, [(c.id, c.status) for c in after.criteria])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(near_eligible_patients(), seed_trial_patients()), st.data())
def test_less_data_never_decides_differently(patient, data):
    """Removing any analyte (needed or not) only turns decided criteria into unknown ones."""
    before = _trial().screen(Patient.model_validate(patient.model_dump()), as_of=AS_OF)
    analyte = data.draw(st.sampled_from(_all_analytes()))
    after = _trial().screen(_without(patient, analyte), as_of=AS_OF)
    for b, a in zip(before.criteria, after.criteria):
        if a.status in ("met", "not_met"):
            assert a.status == b.status, (analyte, b.id, b.status, a.status)
    if after.verdict == "eligible":
        assert before.verdict == "eligible"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed_trial_patients())
def test_removing_every_lab_never_gives_eligible(patient):
    bare = Patient.model_validate(patient.model_dump(exclude={"observations", "bound"}))
    assert _trial().screen(bare, as_of=AS_OF).verdict != "eligible"
