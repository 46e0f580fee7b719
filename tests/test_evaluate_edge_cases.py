"""Edge cases found in review: each one used to give met/not_met (several made a patient eligible)."""

from __future__ import annotations

import datetime as dt

from screener.api import Trial, compile_criteria
from screener.compile import compile_text
from screener.records.model import Code, ConditionRecord, Medication, Observation, Patient, ReferenceRange
from tests.test_evaluate_rules import AS_OF, d, person, run


def test_unitless_threshold_on_a_measured_lab_is_unknown():
    t = compile_criteria("Inclusion Criteria:\n- Platelet count below 50,000\nExclusion Criteria:\n- Serum creatinine > 150\n")
    p = person(observations=[Observation(id="o1", text="platelets", value=250, unit="10*9/L", date=d(2)),
                             Observation(id="o2", text="creatinine", value=300, unit="umol/L", date=d(2))])
    r = t.screen(p, as_of=AS_OF)
    assert [c.status for c in r.criteria] == ["unknown", "unknown"] and r.verdict == "undetermined"
    assert "no unit" in r.criteria[0].explanation


def test_umbrella_positive_when_any_isotype_is():
    g = Observation(id="g", text="anticardiolipin IgG", value=80, unit="[GPL'U]/mL", date=d(5))
    m = Observation(id="m", text="anticardiolipin IgM", value=3, unit="[MPL'U]/mL", date=d(5))
    assert run("positive anticardiolipin", person(observations=[g, m])).value is True
    assert run("positive anticardiolipin", person(observations=[m, g])).value is True
    low = g.model_copy(update={"value": 5.0})
    assert run("positive anticardiolipin", person(observations=[low, m])).value is False


def test_censored_titre_only_decides_when_it_can():
    above = Observation(id="o1", text="anticardiolipin IgG", value=10, comparator=">", unit="[GPL'U]/mL", date=d(3))
    assert run("positive anticardiolipin", person(observations=[above])).value is None
    below = above.model_copy(update={"comparator": "<"})
    assert run("positive anticardiolipin", person(observations=[below])).value is False


def test_age_range_in_two_units():
    t = compile_criteria("Inclusion Criteria:\n- Age 6 months to 17 years\n")
    assert t.screen(Patient(id="a", birth_date=dt.date(2018, 6, 1)), as_of=AS_OF).criteria[0].status == "met"
    assert t.screen(Patient(id="b", birth_date=dt.date(2026, 8, 1)), as_of=AS_OF).criteria[0].status == "not_met"
    assert t.screen(Patient(id="c", birth_date=dt.date(2008, 1, 1)), as_of=AS_OF).criteria[0].status == "not_met"


def test_unreadable_record_range_is_not_replaced_by_a_default():
    p = person(observations=[Observation(id="a", text="alt", value=100, unit="U/L",
                                         reference_range=ReferenceRange(high=20, unit="U/L (37C)"), date=d(2))])
    out = run("alt > 3 x ULN", p)
    assert out.value is None and "reference range" in out.why
    assert any(x.field == "referenceRange" for x in p.problems)


def test_statuses_that_are_not_exposure():
    unknown = person(medications=[Medication(id="m1", text="hydroxychloroquine", start=d(400), status="unknown",
                                             dose=200, dose_unit="mg", per_day=2)])
    assert run("taking hydroxychloroquine", unknown).value is None
    not_done = person(medications=[Medication(id="m1", text="rituximab", start=d(3), status="not-done",
                                              resource_type="MedicationAdministration", route="intravenous")])
    assert run("received anti_cd20 within 4 week", not_done).value is False
    shouting = person(conditions=[ConditionRecord(id="c1", codes=[Code(system="icd10", code="M32.9")], onset=d(400),
                                                  clinical_status="active", verification_status="Refuted")])
    assert run("sle", shouting).value is False


def test_open_medication_policy_reaches_dose_and_stability():
    t = Trial(compile_text("Inclusion Criteria:\n- age >= 18 years\nExclusion Criteria:\n- glucocorticoids dose as prednisone >= 10 mg/d\n",
                           trial="T", overrides="policy *: medications=open\n"))
    r = t.screen(person(), as_of=AS_OF)
    assert r.criteria[1].status == "unknown" and r.verdict == "undetermined"


def test_window_with_persistence_needs_persistence():
    one = person(observations=[Observation(id="o2", text="platelets", value=50, unit="10*9/L", date=d(1))])
    rule = "platelets >= 30 10*9/L and <= 100 10*9/L within 4 week for >= 2 week"
    assert run(rule, one).value is None
    broken = person(observations=[Observation(id="o1", text="platelets", value=300, unit="10*9/L", date=d(10)),
                                  Observation(id="o2", text="platelets", value=50, unit="10*9/L", date=d(1))])
    assert run(rule, broken).value is False


def test_route_unknown_blocks_stability():
    p = person(medications=[Medication(id="m1", text="hydrocortisone", start=d(200), status="active", dose=20,
                                       dose_unit="mg", per_day=1)])
    assert run("glucocorticoids dose stable for > 4 week", p).value is None


def test_same_day_results_that_disagree_are_unknown_whatever_the_order():
    a = Observation(id="o1", text="platelets", value=80, unit="10*9/L", date=d(1))
    b = Observation(id="o2", text="platelets", value=150, unit="10*9/L", date=d(1))
    assert run("platelets < 100 10*9/L", person(observations=[a, b])).value is None
    assert run("platelets < 100 10*9/L", person(observations=[b, a])).value is None


def test_overlapping_renewal_is_one_prescription():
    p = person(medications=[
        Medication(id="m1", text="predniSONE 5 MG Oral Tablet", start=d(120), end=d(40), status="completed",
                   dose=1, dose_unit="{tbl}", per_day=1),
        Medication(id="m2", text="predniSONE 5 MG Oral Tablet", start=d(43), status="active", dose=1,
                   dose_unit="{tbl}", per_day=1)])
    assert run("glucocorticoids dose stable for > 8 week", p).value is True
    assert run("glucocorticoids dose as prednisone < 10 mg/d", p).value is True


def test_dose_without_unit_is_not_tablets():
    p = person(medications=[Medication(id="m1", text="predniSONE 20 MG Oral Tablet", start=d(30), status="active",
                                       dose=20, per_day=1)])
    out = run("glucocorticoids dose as prednisone >= 10 mg/d", p)
    assert out.value is None and "no unit" in out.why


def test_deceased_date_alone_means_deceased():
    t = compile_criteria("Inclusion Criteria:\n- age >= 18 years\n")
    assert t.screen(person(deceased_date=d(100)), as_of=AS_OF).verdict == "ineligible"


def test_observations_complete_policy():
    from screener.evaluate.policy import DEFAULT_POLICY

    assert run("positive hiv_antibody", person()).value is None
    closed = DEFAULT_POLICY.with_settings({"observations": "complete"})
    assert run("positive hiv_antibody", person(), policy=closed).value is False
