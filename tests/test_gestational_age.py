"""Gestational age: read from obstetric criteria, and a value that advances with time.

A gestational age observed D days before the screening date is D days (D/7 weeks) larger on it
(screener/data/analyte_advancing.csv); both engines carry it, and a carried value past 45 weeks
(the pregnancy observed has ended) is unknown, never met.  Inputs are real LCT/Chia lines.
"""

from __future__ import annotations

import datetime as dt

import pytest

import screener
from screener.compile import compile_rule
from screener.coverage import line_class
from screener.ir.canonical import render
from screener.records.adapters.fhir import read_json
from screener.records.bind import bind_patients
from screener.vocab import vocabulary
from tests.both_engines import screen_both  # both engines, which must agree
from tests.lines import line

AS_OF = dt.date(2026, 9, 1)

# real LCT/Chia criterion lines (../shared/corpus) and the rule each compiles to
LINES = [
    ("Gestational age < 32 weeks", "inclusion", "gestational_age < 32 week"),
    ("Gestational age < 36 weeks.", "inclusion", "gestational_age < 36 week"),
    ("gestational age 35 to 39 weeks", "inclusion", "gestational_age >= 35 week and <= 39 week"),
    ("Pregnant women who are with gestational age more than 24 weeks ;", "exclusion",
     "(pregnancy) and (gestational_age > 24 week)"),
    ("Pregnant gestational age >= 28 weeks", "inclusion", "(pregnancy) and (gestational_age >= 28 week)"),
    ("Greater than 37 weeks gestation,", "inclusion", "gestational_age > 37 week"),
    ("Greater than 34 weeks gestation", "inclusion", "gestational_age > 34 week"),
    ("< 37 weeks gestation", "exclusion", "gestational_age < 37 week"),
    ("No more than 20 wk of gestation", "inclusion", "gestational_age <= 20 week"),
    ("8-22 weeks gestation", "inclusion", "gestational_age >= 8 week and <= 22 week"),
    ("37 weeks gestation or greater", "inclusion", "gestational_age >= 37 week"),
    ("full-term (≥ 37 weeks of gestation)", "inclusion", None),
    ("Gestational age less than 37 completed weeks", "exclusion", "gestational_age < 37 week"),
    ("Estimated gestational age greater than 20 weeks", "inclusion", "gestational_age > 20 week"),
    ("Pregnant women between 34-42 weeks gestation", "inclusion",
     "(pregnancy) and (gestational_age >= 34 week and <= 42 week)"),
    ("Pregnancy between 36 and 42 weeks of gestation.", "inclusion",
     "(pregnancy) and (gestational_age >= 36 week and <= 42 week)"),
    ("Birthweight ≥ 1500 g and/or gestation age ≥ 32 weeks", "exclusion",
     "(birth_weight >= 1500 g) or (gestational_age >= 32 week)"),
    ("Has confirmed gestational age of 24-28 weeks at the Screening Visit", "inclusion", None),
    ("Singleton pregnancy at gestational age 36 weeks or more", "inclusion", None),
]


@pytest.mark.parametrize("text, role, expected", LINES, ids=[t for t, _r, _e in LINES])
def test_corpus_lines_read_the_gestational_age(text, role, expected):
    c = line(text, role)
    assert c.rule is not None and "gestational_age" in render(c.rule), render(c.rule) if c.rule else c.diagnostics
    if expected is not None:
        assert render(c.rule) == expected
        assert line_class(c) == "full"


# the weeks of a birth, a delivery or a loss are not the pregnancy now: no gestational age is read
NOT_NOW = [
    ("preterm delivery (<37 weeks of gestation)", "exclusion"),
    ("Pregnant women with pre-eclampsia or with preterm birth (less than 37 weeks of gestational age) "
     "will be also excluded", "exclusion"),
    ("Infant is ≤ 750 grams at birth and/or < 27 weeks gestation at birth by best OB estimate", "inclusion"),
    ("preterm neonates born at 26 to 34 weeks of gestational age", "inclusion"),
    ("Newborn infants <28 weeks and >34 weeks gestation, those with life threatening illness", "exclusion"),
]


@pytest.mark.parametrize("text, role", NOT_NOW, ids=[t for t, _r in NOT_NOW])
def test_weeks_of_a_birth_are_not_a_gestational_age(text, role):
    c = line(text, role)
    assert c.rule is None or "gestational_age" not in render(c.rule)
    assert line_class(c) != "full"  # the gestation words are left out


def test_a_bare_number_is_weeks():
    # analyte_bare_units.csv: "gestational age > 32" is 32 weeks
    assert render(compile_rule("gestational age > 32")) == "gestational_age > 32 week"
    assert render(line("Gestational age range 26-34. be between weeks", "inclusion").rule) == \
        "gestational_age >= 26 week and <= 34 week"


# ---- records --------------------------------------------------------------------------

def _ga(n: int, code: str, value: float, unit: str, date: str) -> dict:
    return {"fullUrl": f"urn:uuid:o{n}", "resource": {
        "resourceType": "Observation", "id": f"o{n}", "status": "final", "subject": {"reference": "urn:uuid:p1"},
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "effectiveDateTime": f"{date}T10:00:00Z",
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}}


def _bundle(*observations: dict, born: str = "1995-04-01") -> dict:
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                "birthDate": born}}, *observations]}


@pytest.mark.parametrize("code", ["11884-4", "11885-1", "11886-9"])
def test_each_loinc_code_binds(code):
    [p] = bind_patients(read_json(_bundle(_ga(0, code, 30, "wk", "2026-08-11")), "b.json"))
    assert [(o.analyte, o.normalized_value, o.normalized_unit) for o in p.observations] == [
        ("gestational_age", 30.0, "wk")]


def test_days_are_weeks():
    [p] = bind_patients(read_json(_bundle(_ga(0, "11884-4", 210, "d", "2026-08-11")), "b.json"))
    assert [(o.analyte, o.normalized_value) for o in p.observations] == [("gestational_age", 30.0)]


CRITERIA = """Inclusion Criteria

* Gestational age < 32 weeks
* Greater than 31 weeks gestation
* Pregnant women between 34-42 weeks gestation

Exclusion Criteria

* < 37 weeks gestation
"""


def _both(bundle: dict):
    return screen_both(CRITERIA, bundle, AS_OF)


def test_the_criteria_compile_whole():
    trial = screener.compile_criteria(CRITERIA, trial="T")
    assert [render(c.rule) for c in trial.compiled.criteria] == [
        "gestational_age < 32 week", "gestational_age > 31 week",
        "(pregnancy) and (gestational_age >= 34 week and <= 42 week)", "gestational_age < 37 week"]


def test_a_value_observed_three_weeks_ago_is_three_weeks_larger():
    # 30 weeks on 2026-08-11 is 33 weeks on 2026-09-01: no longer < 32, now > 31
    got, result = _both(_bundle(_ga(0, "11884-4", 30, "wk", "2026-08-11")))
    assert (got["I1"], got["I2"], got["E1"]) == ("not_met", "met", "met")
    [ev] = [e for c in result.criteria if c.id == "I1" for e in c.evidence]
    assert (ev.record, ev.date, ev.normalized) == ("Observation/o0", dt.date(2026, 8, 11), "30 wk")
    assert "33 wk on 2026-09-01" in ev.note
    # the same value observed on the screening date decides the other way
    got, _ = _both(_bundle(_ga(0, "11884-4", 30, "wk", "2026-09-01")))
    assert (got["I1"], got["I2"], got["E1"]) == ("met", "not_met", "met")


def test_days_carry_as_fractions_of_a_week():
    # 31 weeks 10 days ago: 32.43 weeks on as_of
    got, _ = _both(_bundle(_ga(0, "11885-1", 31, "wk", "2026-08-22")))
    assert (got["I1"], got["I2"]) == ("not_met", "met")


def test_a_pregnancy_carried_past_45_weeks_is_over():
    # 40 weeks eight weeks ago (within the 90-day lab lookback) would be 48 weeks: unknown, never met
    got, result = _both(_bundle(_ga(0, "11884-4", 40, "wk", "2026-07-07")))
    assert (got["I1"], got["I2"], got["E1"]) == ("unknown", "unknown", "unknown")
    i2 = next(c for c in result.criteria if c.id == "I2")
    assert "past 45 wk" in i2.explanation


def test_no_observation_is_unknown():
    got, _ = _both(_bundle())
    assert (got["I1"], got["I2"], got["E1"]) == ("unknown", "unknown", "unknown")


def test_an_old_observation_is_stale_as_any_lab():
    got, _ = _both(_bundle(_ga(0, "11884-4", 8, "wk", "2026-04-01")))
    assert (got["I1"], got["I2"], got["E1"]) == ("unknown", "unknown", "unknown")


def test_the_data_marks_gestational_age_as_advancing():
    a = vocabulary().analytes["gestational_age"]
    assert (a.canonical_unit, a.bare_unit, a.advances, a.advances_until) == ("wk", "wk", True, 45.0)


def test_a_newborns_own_gestational_age_at_birth_does_not_advance():
    """Neonatal trials ("Gestational age < 32 weeks" in infants): the newborn's record holds its
    gestational age at birth, which three weeks later is still 30 weeks, not 33 (both engines)."""
    got, result = _both(_bundle(_ga(0, "11884-4", 30, "wk", "2026-08-11"), born="2026-08-10"))
    assert (got["I1"], got["I2"]) == ("met", "not_met")
    [ev] = [e for c in result.criteria if c.id == "I1" for e in c.evidence]
    assert "before the patient's first birthday" in ev.note
