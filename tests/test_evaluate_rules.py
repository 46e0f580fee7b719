"""Each rule kind on small own-format records: the semantics of docs/semantics.md, one case at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.compile import compile_rule
from screener.evaluate.calendar import add_months, age_years, duration_start
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import RuleEvaluator
from screener.ir import Duration
from screener.records.bind import bind_patient
from screener.records.model import (
    Attestation, Code, ConditionRecord, Medication, Observation, Patient, ReferenceRange,
)

AS_OF = dt.date(2026, 11, 23)


def d(days_before: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days_before)


def obs(analyte_text: str, value=None, unit=None, days=1, **kw) -> Observation:
    obs.n += 1
    return Observation(id=f"o{obs.n}", text=analyte_text, value=value, unit=unit, date=d(days), **kw)


obs.n = 0


def med(name: str, start: int, end: int | None = None, dose=None, unit="mg", per_day=1.0, **kw) -> Medication:
    med.n += 1
    return Medication(id=f"m{med.n}", text=name, start=d(start), end=None if end is None else d(end),
                      dose=dose, dose_unit=unit, per_day=per_day, status=kw.pop("status", "active" if end is None else "completed"), **kw)


med.n = 0


def run(rule_text: str, patient: Patient, policy=DEFAULT_POLICY, cid="X", as_of=AS_OF):
    rule = compile_rule(rule_text, "inclusion")
    assert rule is not None, rule_text
    bind_patient(patient)
    return RuleEvaluator(PatientFacts(patient, as_of), policy, cid, patient.attestations).eval(rule)


def person(**kw) -> Patient:
    kw.setdefault("sex", "female")
    kw.setdefault("birth_date", dt.date(1980, 5, 17))
    return Patient(id="p", **kw)


# ---- calendar -------------------------------------------------------------------


def test_calendar_months_clamp_and_ages():
    assert add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 3, 31), -1) == dt.date(2024, 2, 29)
    assert duration_start(AS_OF, Duration(value=2, unit="week")) == dt.date(2026, 11, 9)
    assert age_years(dt.date(2008, 11, 23), AS_OF) == 18
    assert age_years(dt.date(2008, 11, 24), AS_OF) == 17
    assert age_years(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_years(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


# ---- labs ----------------------------------------------------------------------


def test_latest_result_decides_in_canonical_units():
    p = person(observations=[obs("platelets", 250, "10*3/uL", days=40), obs("platelets", 80000, "/mm3", days=3)])
    out = run("platelets < 100 10*9/L", p)
    assert out.value is True
    assert out.evidence[0].reported == "80000 /mm3" and out.evidence[0].normalized == "80 10*9/L"


def test_stale_and_missing_labs_are_unknown():
    assert run("platelets < 100 10*9/L", person()).value is None
    out = run("platelets < 100 10*9/L", person(observations=[obs("platelets", 50, "10*9/L", days=120)]))
    assert out.value is None and "older than 90 days" in out.why
    ok = run("platelets < 100 10*9/L", person(observations=[obs("platelets", 50, "10*9/L", days=120)]),
             policy=DEFAULT_POLICY.with_settings({"lab_lookback_days": "365"}))
    assert ok.value is True


def test_unknown_unit_is_unknown_with_reason_not_older_value():
    p = person(observations=[obs("platelets", 50, "10*9/L", days=20), obs("platelets", 50, "bananas", days=2)])
    out = run("platelets < 100 10*9/L", p)
    assert out.value is None and "bananas" in out.why
    assert p.problems and p.problems[0].field == "unit"


def test_cross_dimension_egfr_refused():
    out = run("egfr < 40 mL/min/{1.73_m2}", person(observations=[obs("egfr", 30, "mL/min")]))
    assert out.value is None and "body surface" in out.why


def test_mass_to_molar_through_molar_mass():
    # LDL 3.1 mmol/L is about 120 mg/dL (cholesterol 386.65 g/mol)
    assert run("ldl_cholesterol > 3.1 mmol/L", person(observations=[obs("ldl", 130, "mg/dL")])).value is True
    assert run("ldl_cholesterol > 3.1 mmol/L", person(observations=[obs("ldl", 110, "mg/dL")])).value is False


def test_record_reference_range_then_default():
    own = obs("alt", 120, "U/L", reference_range=ReferenceRange(low=7, high=35, unit="U/L"))
    out = run("alt > 3 x ULN", person(observations=[own]))
    assert out.value is True and out.evidence[0].reference_default is False
    bare = run("alt > 3 x ULN", person(observations=[obs("alt", 120, "U/L")]))
    assert bare.evidence[0].reference_default is True  # our default range, and the evidence says so


def test_censored_result():
    assert run("alt > 3 x ULN", person(observations=[obs("alt", 20, "U/L", comparator="<")])).value is False
    assert run("platelets < 100 10*9/L", person(observations=[obs("platelets", 50, "10*9/L", comparator=">")])).value is None


def test_persistence():
    def plt(*pairs):
        return person(observations=[obs("platelets", v, "10*9/L", days=k) for k, v in pairs])
    rule = "platelets >= 30 10*9/L and <= 100 10*9/L for >= 2 week"
    assert run(rule, plt((30, 60), (16, 70), (2, 55))).value is True
    broken = run(rule, plt((30, 60), (8, 150), (2, 55)))
    assert broken.value is False and "not persistent" in broken.why
    assert run(rule, plt((2, 55))).value is None  # one result cannot show two weeks
    assert run(rule, plt((30, 160), (2, 55))).value is False  # a failing result within the period
    assert run(rule, plt((30, 60), (2, 150))).value is False  # the latest fails


def test_window_any_result():
    rule = "platelets < 50 10*9/L within 4 week"
    assert run(rule, person(observations=[obs("platelets", 40, "10*9/L", days=20), obs("platelets", 90, "10*9/L")])).value is True
    assert run(rule, person(observations=[obs("platelets", 40, "10*9/L", days=40)])).value is None


# ---- qualitative ---------------------------------------------------------------


def test_repetition_twelve_weeks_apart():
    rule = "positive lupus_anticoagulant >= 2 times 12 week apart"
    two = [obs("lupus anticoagulant", value_text="Positive", days=200), obs("lupus anticoagulant", value_text="positive", days=100)]
    assert run(rule, person(observations=two)).value is True
    close = [obs("lupus anticoagulant", value_text="Positive", days=100), obs("lupus anticoagulant", value_text="Positive", days=44)]
    assert run(rule, person(observations=close)).value is False  # 56 days apart
    assert run(rule, person()).value is None
    exact = [obs("lupus anticoagulant", value_text="Positive", days=84), obs("lupus anticoagulant", value_text="Positive", days=0)]
    assert run(rule, person(observations=exact)).value is True  # 84 days is 12 weeks


def test_umbrella_antibody_reads_isotype_titres():
    rule = "positive anticardiolipin >= 2 times 12 week apart"
    titres = [obs("anticardiolipin igg", 55, "[GPL'U]/mL", days=150), obs("anticardiolipin igg", 60, "[GPL'U]/mL", days=30)]
    out = run(rule, person(observations=titres))
    assert out.value is True and "cut-off" in out.evidence[0].note
    low = [obs("anticardiolipin igg", 15, "[GPL'U]/mL", days=150), obs("anticardiolipin igg", 12, "[GPL'U]/mL", days=30)]
    assert run(rule, person(observations=low)).value is False
    # anti-b2GP1 has no fixed cut-off: only the record's range can say positive
    b2 = [obs("anti-b2gp1 igg", 30, "U/mL", days=150), obs("anti-b2gp1 igg", 30, "U/mL", days=30)]
    assert run("positive anti_b2gp1 >= 2 times 12 week apart", person(observations=b2)).value is None
    ranged = [obs("anti-b2gp1 igg", 30, "U/mL", days=k, reference_range=ReferenceRange(high=20)) for k in (150, 30)]
    assert run("positive anti_b2gp1 >= 2 times 12 week apart", person(observations=ranged)).value is True


# ---- drugs ---------------------------------------------------------------------


def test_prednisone_equivalent_dose():
    rule = "glucocorticoids dose as prednisone < 10 mg/d"
    assert run(rule, person(medications=[med("prednisone", 100, dose=5)])).value is True
    assert run(rule, person(medications=[med("prednisone", 100, dose=15)])).value is False
    assert run(rule, person(medications=[med("methylprednisolone", 100, dose=8)])).value is False  # = 10 mg
    assert run(rule, person(medications=[med("methylprednisolone", 100, dose=4)])).value is True
    assert run(rule, person(medications=[med("prednisone", 100, dose=5), med("prednisolone", 50, dose=5)])).value is False
    tabs = person(medications=[med("predniSONE 5 MG Oral Tablet", 100, dose=1, unit="{tbl}", per_day=2)])
    assert run(rule, tabs).value is False  # two 5 mg tablets a day
    assert run(rule, person(medications=[med("prednisone", 100)])).value is None  # dose not recorded
    assert run(rule, person()).value is True  # nothing taken: 0 mg/d


def test_topical_steroid_is_not_systemic():
    p = person(medications=[med("hydrocortisone", 100, dose=20, route="topical")])
    assert run("taking glucocorticoids", p).value is False


def test_dose_stability():
    rule = "glucocorticoids dose stable for > 2 week"
    assert run(rule, person(medications=[med("prednisone", 100, dose=5)])).value is True
    changed = person(medications=[med("prednisone", 100, end=6, dose=5), med("prednisone", 5, dose=7.5)])
    out = run(rule, changed)
    assert out.value is False and str(d(5)) in out.why
    renewed = person(medications=[med("prednisone", 100, end=31, dose=5), med("prednisone", 30, dose=5)])
    assert run(rule, renewed).value is True  # a renewal at the same dose is not a change
    switched = person(medications=[med("prednisone", 100, end=31, dose=10), med("methylprednisolone", 30, dose=8)])
    assert run(rule, switched).value is True  # same prednisone-equivalent dose


def test_window_and_route():
    rule = "received oral/intravenous systemic_antibiotics within 2 week"
    assert run(rule, person(medications=[med("amoxicillin", 20, end=10, route="oral")])).value is True
    assert run(rule, person(medications=[med("amoxicillin", 30, end=20, route="oral")])).value is False
    assert run(rule, person(medications=[med("mupirocin", 5, end=2, route="topical")])).value is False
    unknown_end = person(medications=[med("amoxicillin", 30, status="stopped", route="oral")])
    assert run(rule, unknown_end).value is None


def test_half_life_washout():
    rule = "received anti_cd20 within 5 half-lives"
    assert run(rule, person(medications=[med("rituximab", 70, end=60, route="intravenous")])).value is True
    assert run(rule, person(medications=[med("rituximab", 300, end=200, route="intravenous")])).value is False
    elt = "received tpo_receptor_agonists within 5 half-lives"
    assert run(elt, person(medications=[med("eltrombopag", 100, end=2, route="oral")])).value is True
    assert run(elt, person(medications=[med("eltrombopag", 200, end=90, route="oral")])).value is False


def test_open_medication_policy():
    open_meds = DEFAULT_POLICY.with_settings({"medications": "open"})
    assert run("taking hydroxychloroquine", person()).value is False
    assert run("taking hydroxychloroquine", person(), policy=open_meds).value is None


def test_future_records_do_not_exist():
    p = person(medications=[Medication(id="f", text="rituximab", start=AS_OF + dt.timedelta(days=3), status="active")])
    assert run("received anti_cd20 within 5 half-lives", p).value is False


# ---- conditions ----------------------------------------------------------------


def cond(text=None, code=None, system="icd10", onset=100, **kw) -> ConditionRecord:
    codes = [Code(system=system, code=code)] if code else []
    return ConditionRecord(id=f"c{code or text}", text=text, codes=codes, onset=d(onset), **kw)


def test_condition_groups_and_except():
    rule = "connective_tissue_disease except antiphospholipid_syndrome"
    assert run(rule, person(conditions=[cond(code="M32.1", clinical_status="active")])).value is True
    assert run(rule, person(conditions=[cond(code="D68.61", clinical_status="active")])).value is False
    assert run(rule, person()).value is False
    assert run(rule, person(), policy=DEFAULT_POLICY.with_settings({"conditions": "open"})).value is None
    assert run(rule, person(conditions=[cond(code="M32.1", verification_status="refuted")])).value is False
    assert run(rule, person(conditions=[cond(code="M32.1", verification_status="provisional")])).value is None


def test_resolved_pregnancy_and_onset_window():
    old = cond("pregnancy", onset=900, clinical_status="resolved", abatement=d(700))
    assert run("pregnancy", person(conditions=[old])).value is False
    assert run("pregnancy", person(conditions=[cond("pregnancy", onset=60, clinical_status="active")])).value is True
    rule = "onset of thrombosis within 4 week"
    assert run(rule, person(conditions=[cond("deep vein thrombosis", onset=14)])).value is True
    assert run(rule, person(conditions=[cond("deep vein thrombosis", onset=180)])).value is False
    assert run("history of thrombosis", person(conditions=[cond("deep vein thrombosis", onset=3000,
                                                                 clinical_status="resolved")])).value is True


def test_condition_lasting_at_least_a_duration():
    # "thrombosis for more than 1 month": present, with onset more than a month before as_of
    cutoff = duration_start(AS_OF, Duration(value=1, unit="month"))
    on_cutoff = (AS_OF - cutoff).days
    rule = "thrombosis for > 1 month"
    assert run(rule, person(conditions=[cond("deep vein thrombosis", onset=on_cutoff + 1)])).value is True
    assert run(rule, person(conditions=[cond("deep vein thrombosis", onset=on_cutoff)])).value is False
    assert run("thrombosis for >= 1 month", person(conditions=[cond("deep vein thrombosis", onset=on_cutoff)])).value is True
    resolved = cond("deep vein thrombosis", onset=400, clinical_status="resolved", abatement=d(10))
    assert run(rule, person(conditions=[resolved])).value is False
    undated = ConditionRecord(id="c-undated", text="deep vein thrombosis")
    out = run(rule, person(conditions=[undated]))
    assert out.value is None and "onset date not recorded" in out.why
    assert run(rule, person()).value is False
    # "for less than 2 years" is an onset within 2 years
    assert compile_rule("thrombosis for < 2 year") == compile_rule("onset of thrombosis within < 2 year")


def test_condition_severity():
    # "moderate to severe asthma": only a diagnosis recorded at one of those severities counts
    rule = "moderate to severe asthma"
    assert compile_rule(rule) == compile_rule("moderate or severe asthma")
    assert run(rule, person(conditions=[cond("asthma", severity="severe")])).value is True
    assert run(rule, person(conditions=[cond("asthma", severity="mild")])).value is False
    out = run(rule, person(conditions=[cond("asthma")]))
    assert out.value is None and "severity not recorded" in out.why
    assert run(rule, person()).value is False
    # one mild and one severe diagnosis: the severe one decides
    both = [cond("asthma", severity="mild"), dataclass_copy(cond("asthma", severity="severe"), id="c2")]
    assert run(rule, person(conditions=both)).value is True
    # a resolved diagnosis does not count, whatever its severity
    gone = cond("asthma", severity="severe", clinical_status="resolved", abatement=d(10))
    assert run("severe asthma", person(conditions=[gone])).value is False


def dataclass_copy(c: ConditionRecord, **kw) -> ConditionRecord:
    return c.model_copy(update=kw)


# ---- person, manual, connectives ------------------------------------------------


def test_age_sex_manual_and_kleene():
    teen = person(birth_date=dt.date(2009, 1, 1))
    assert run("age >= 18 year", teen).value is False
    assert run("age >= 18 year", person(birth_date=None)).value is None
    assert run("sex female", person(sex="male")).value is False
    assert run("sex female", person(sex="unknown")).value is None
    out = run('(alt > 100 U/L) or (manual "other")', person(observations=[obs("alt", 20, "U/L")]))
    assert out.value is None and out.manual
    att = person(observations=[obs("alt", 20, "U/L")], attestations=[Attestation(criterion="X", holds=False)])
    assert run('(alt > 100 U/L) or (manual "other")', att).value is False
    # false wins an and, even next to unknown
    assert run("(alt > 100 U/L) and (egfr < 40 mL/min/{1.73_m2})", person(observations=[obs("alt", 20, "U/L")])).value is False


@pytest.mark.parametrize("text", ["taking glucocorticoids", "alt > 3 x ULN", "sle", "age >= 18 year"])
def test_every_leaf_names_a_reason(text):
    out = run(text, person())
    assert out.why


def test_explanations_say_whether_it_held():
    out = run("alt > 3 x ULN", person(observations=[obs("alt", 22, "U/L", reference_range=ReferenceRange(high=40))]))
    assert out.value is False and "22 U/L is not > 3 x ULN (120 U/L)" in out.why
    cens = run("platelets >= 30 10*9/L and <= 100 10*9/L", person(observations=[obs("platelets", 50, "10*9/L", comparator="<")]))
    assert cens.value is None and "<50 10*9/L cannot tell whether it is in [" in cens.why


def test_undecided_or_explains_the_branch_that_said_no():
    rule = "(positive lupus_anticoagulant >= 2 times 12 week apart) or (positive anticardiolipin >= 2 times 12 week apart)"
    close = [obs("lupus anticoagulant", value_text="Positive", days=100), obs("lupus anticoagulant", value_text="Positive", days=44)]
    out = run(rule, person(observations=close))
    assert out.value is None
    assert "lupus_anticoagulant positive 1 time(s)" in out.why and "no anticardiolipin result" in out.why
    assert len(out.evidence) == 2  # both positives shown, though only one counts


def test_censored_comparison_agrees_with_every_value_it_allows():
    from itertools import product

    from screener.evaluate.rules import _TESTS, _compare

    grid = [x / 100 for x in range(-100, 500)]
    for v, b, c, op in product([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], ["<", "<=", ">", ">="], ["<", "<=", ">", ">=", "="]):
        outcomes = {_TESTS[op](x, b) for x in grid if _TESTS[c](x, v)}
        want = outcomes.pop() if len(outcomes) == 1 else None
        assert _compare(v, c, op, b) is want, (c, v, op, b)
