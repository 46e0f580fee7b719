"""Numbers in criteria and the units results are in (issue 5; "units are physics").

A number written alone is in the analyte's one customary unit where the vocabulary names one
(analyte_bare_units.csv: "BMI > 40" is kg/m2); elsewhere it stays bare. A limit in a unit no
result converts to ("eGFR < 30 mL/min", "weight < 10 %", "Hb < 10") keeps its rule, but the
line is partial with ``vocab.unit_mismatch``: no record can decide that part.
"""

from __future__ import annotations

import pytest

from screener.units import UnitConversionError, analyte_threshold, convert
from screener.vocab import vocabulary
from tests.lines import line
from tests.test_vocab_analytes_scores import decide, lab


@pytest.mark.parametrize("text, canonical", [
    # corpus lines (LCT, Chia) whose bare number was unknown for every patient
    ("BMI over 40*", "bmi > 40 kg/m2"),
    ("Systolic/diastolic blood pressure < 140/90", "(systolic_bp < 140 mm[Hg]) and (diastolic_bp < 90 mm[Hg])"),
    ("Karnofsky Performance Status 70-100;", "karnofsky >= 70 % and <= 100 %"),
    ("Patients with eGFR < 45", "egfr < 45 mL/min/{1.73_m2}"),
    ("Heart rate <50 at time of screening", "heart_rate < 50 /min"),
    ("P/F ratio between 100-300", "pf_ratio >= 100 mm[Hg] and <= 300 mm[Hg]"),
    ("Abnormal coagulation profile: INR > 2.5 and/or PTT > 80", "(inr > 2.5) or (aptt > 80 s)"),
])
def test_a_bare_number_takes_the_analytes_one_unit(text, canonical):
    c = line(text, "inclusion")
    assert c.canonical == canonical
    assert not any(d.code == "vocab.unit_mismatch" for d in c.diagnostics)


def test_bare_bmi_and_blood_pressure_now_decide():
    assert decide("BMI over 40", lab("39156-5", 42.3, "kg/m2")).value is True
    assert decide("BMI over 40", lab("39156-5", 31.0, "kg/m2")).value is False
    assert decide("systolic blood pressure >= 140", lab("8480-6", 151, "mm[Hg]")).value is True


@pytest.mark.parametrize("text, limit", [
    ("estimated glomerular filtration rate < 35 mL/min", "35 mL/min"),  # a rate per 1.73 m2 needs the BSA
    ("Weight loss 15% or more past 6 months", "15 %"),
    ("Hemoglobin less than 7.0 gms even if receiving erythropoietin.", "7 (no unit)"),
    ("Platelet count < 100,000", "100000 (no unit)"),  # per uL or per L? the text does not say
    ("Tricuspid annular plane systolic excursion (TAPSE) <16 mm", "16 mm"),
])
def test_a_limit_no_result_converts_to_is_flagged(text, limit):
    c = line(text, "inclusion")
    assert c.status == "partial" and c.rule is not None
    flags = [d for d in c.diagnostics if d.code == "vocab.unit_mismatch"]
    assert flags and limit in flags[0].message


def test_a_flagged_limit_is_unknown_at_evaluation_with_the_reason():
    out = decide("eGFR < 30 mL/min", lab("33914-3", 20, "mL/min/{1.73_m2}"))
    assert out.value is None and "1.73" in out.why


def test_every_bare_unit_converts_to_the_canonical_unit():
    v = vocabulary()
    bare = {a.id: a.bare_unit for a in v.analytes.values() if a.bare_unit}
    assert {"bmi", "systolic_bp", "egfr"} <= set(bare)
    for aid, unit in bare.items():
        assert convert(1.0, unit, v.analytes[aid].canonical_unit, aid) > 0, aid
    # analytes whose bare number is ambiguous have none: platelets (per uL or 10^9/L), hemoglobin
    # (g/dL or g/L), HbA1c (% or mmol/mol), temperature (Cel or [degF])
    assert not ({"platelets", "hemoglobin", "hba1c", "body_temperature"} & set(bare))


def test_the_threshold_check_is_the_engines_own():
    assert analyte_threshold("bmi", 40.0, "kg/m2") == 40.0
    with pytest.raises(UnitConversionError) as err:
        analyte_threshold("weight", 10.0, "%")
    assert err.value.code == "unit.dimension_mismatch"


@pytest.mark.parametrize("text", [
    # LCT/Chia lines where a '>=' was lost in the registry's encoding: 'age = 18' read literally
    # made every adult but the 18-year-olds ineligible
    "Age = 18 years", "Adult patients (= 18 years)", "Left ventricular ejection fraction (LVEF) = 45%",
    "BMI = 35 kg/m2",
])
def test_an_exact_value_of_a_measurement_is_flagged(text):
    c = line(text, "inclusion")
    assert c.status == "partial"
    assert any(d.code == "rule.exact_value" for d in c.diagnostics)


@pytest.mark.parametrize("text", ["ECOG = 1", "ASA class = 2", "NYHA class III"])
def test_a_place_on_a_scale_is_no_exact_measurement(text):
    assert line(text, "inclusion").status == "compiled"


def test_a_negated_diagnosis_with_a_definition_is_flagged():
    """'Non-obese (BMI < 30)' read 'not (bmi < 30)': the values defined the negation, not obesity."""
    c = line("Non-obese (BMI < 30)", "inclusion")
    assert c.status == "partial"
    assert any(d.code == "rule.negated_definition" for d in c.diagnostics)


@pytest.mark.parametrize("text, canonical", [
    # counts of consumption are units of their own (UCUM annotations): before, '5 cigarettes per day'
    # failed at 'day', or was read as 5 days
    ("smoke at least 5 cigarettes per day", '"smoke" >= 5 {cigarettes}/d'),
    ("Alcohol consumption (> 2 drinks per day)", '"alcohol consumption" > 2 {drinks}/d'),
    ("Drinking more than 2 alcoholic drinks per day", '"drinking" > 2 {drinks}/d'),
    # a count after a diagnosis is how much of it: the diagnosis is the (unmapped) subject
    ("A smoking history of >10 pack years", '"smoker" > 10 {pack-years}'),
    ("Smokers (Less than 20 cigars/day)", '"smoker" < 20 {cigars}/d'),
])
def test_counts_of_consumption(text, canonical):
    assert line(text, "exclusion").canonical == canonical


@pytest.mark.parametrize("text, canonical", [
    # rates are one quantity with a compound unit (screener/parse/quantities.py); before, these LCT lines
    # were unsupported: "10 hours" read as a duration and the comparison failed at "per week"
    ("Exercise intensely (more than 10 hours per week)", '"exercise intensely" > 10 h/wk'),
    ("Fish meal intake more than 2 times a week", '"fish meal intake" > 2 {times}/wk'),
    ("heavy resistance training more than 2 times weekly", '"heavy resistance training" > 2 {times}/wk'),
    ("Regular participation in physical activity (>4 hours per week)",
     '"regular participation in physical activity" > 4 h/wk'),
])
def test_rates_are_one_quantity(text, canonical):
    c = line(text, "inclusion")
    assert c.canonical == canonical
    assert c.status == "partial"  # no record holds these rates: the subject is unmapped


@pytest.mark.parametrize("text", [
    "days per day",  # no number
    "within 3 months per protocol",  # not a number's period
    "received 2 weeks of antibiotics",  # a duration, nothing per period
])
def test_what_is_not_a_rate(text):
    from screener.parse.lexer import tokenize
    assert not any(t.type == "UNIT" and "/" in t.value for t in tokenize(text))


def test_a_rate_is_not_a_window():
    # "3 times per week" next to a real window keeps the window's duration a duration
    from screener.parse.lexer import tokenize
    toks = [(t.type, t.value) for t in tokenize("dialysis 3 times per week within 6 months")]
    assert ("UNIT", "{times}/wk") in toks and ("TIMEUNIT", "month") in toks


def test_a_word_after_a_dropped_word_is_no_unit():
    # LCT: the island "BMI >= 20" was refused because "adequate" was taken for 20's unit; a word the
    # lexer dropped ("with") stands between, so it is none
    c = line("Body mass index ≥20 with adequate abdominal or other subcutaneous adipose tissue accessible "
             "for lipoaspiration.", "inclusion")
    assert c.canonical == "bmi >= 20 kg/m2" and c.status == "partial"


def test_a_duration_said_again_in_another_unit_is_one_duration():
    from screener.parse.lexer import tokenize
    # LCT: "within 3 months (90 days)"; the restatement left in made the line partial
    c = line("Active GI bleeding within 3 months (90 days) prior to randomization.", "exclusion")
    assert c.canonical == "onset of gastrointestinal_bleeding within 3 month" and c.status == "compiled"
    # a different duration in the parenthesis is no restatement: it stays
    assert [t.type for t in tokenize("within 6 months (30 days)")][-4:] == ["LPAR", "NUMBER", "TIMEUNIT", "RPAR"]


@pytest.mark.parametrize("text, canonical", [
    # LCT NCT03861611: a limit on a duration said again in hours is read in both units, either met (as a
    # lab's limit said again in another unit is, parse/multiples.py restated_limits)
    ("Pain duration <2 weeks (336 hours).", '("pain duration" < 2 week) or ("pain duration" < 336 hour)'),
    # Chia NCT01959425
    ("Life expectancy less than 360 days (12 months)",
     '("life expectancy" < 360 day) or ("life expectancy" < 12 month)'),
    # before "prior"/"ago" the grammar has no second limit: the restatement goes, as above
    ("Diagnosed with Myasthenia Gravis at least 6 months (180 days) prior to the date of the Screening Visit.",
     "history of icd10_g70_0 >= 6 month ago"),
])
def test_a_restated_limit_on_a_duration_is_read_in_both_units(text, canonical):
    assert line(text, "inclusion").canonical == canonical


def test_a_restated_duration_at_the_start_of_a_line_is_no_lexer_error():
    # nothing before the duration: no comparator to read it again with (it once raised IndexError)
    c = line("6 months (180 days) of treatment with metformin", "inclusion")
    assert not any(d.message.startswith("internal lexer error") for d in c.diagnostics)


@pytest.mark.parametrize("text, canonical", [
    # LCT: the first "and" joined a clause; read as a range's second limit, the line did not parse
    ("Patient with paroxysmal atrial fibrillation who is scheduled for ablation procedure and ≥20 and ≤80 years "
     "of age", "(icd10_i48_0) and (age >= 20 year and <= 80 year)"),
    ("HbA1c >= 7% and <= 10%", "hba1c >= 7 % and <= 10 %"),
    ("creatinine >120 umol/l for men and >105 umol/l for women",
     "((sex male) and (creatinine > 120 umol/L)) or ((sex female) and (creatinine > 105 umol/L))"),
])
def test_and_before_a_comparator(text, canonical):
    assert line(text, "exclusion").canonical == canonical


@pytest.mark.parametrize("text, canonical", [
    # "for the past/last N" says how long it has lasted; it was read as a window ("onset of diabetes
    # within 2 year", one result in 3 months)
    ("diabetes for the past 2 years", "diabetes for >= 2 year"),
    ("Smoking for the last 6 months", "smoker for >= 6 month"),
    ("HbA1c < 7% for the last 3 months", "hba1c < 7 % for >= 3 month"),
    # "in the last" stays a window
    ("diabetes diagnosed in the last 2 years", "onset of diabetes within 2 year"),
])
def test_for_the_past_is_a_duration(text, canonical):
    assert line(text, "inclusion").canonical == canonical


@pytest.mark.parametrize("text, unit", [
    # LCT lines whose unit was a left-out word (unit_spellings.csv; the lexer's word units)
    ("ametropia below 3 diopters", "[diop]"),
    ("pure-tone thresholds 70 dB HL or greater", "dB{HL}"),
    ("> 1 serving/day in women", "{servings}/d"),
    ("Plasma creatinin over 200 mikrog/l", "ug/L"),
])
def test_units_written_in_words(text, unit):
    assert unit in (line(text, "exclusion").canonical or "")


def test_an_age_range_without_its_between():
    # LCT: "18 and 65 years old for healthy volunteers" was unsupported
    c = line("18 and 65 years old for healthy volunteers;", "inclusion")
    assert c.canonical == "age >= 18 year and <= 65 year" and c.status == "partial"  # ("for healthy volunteers")
    assert line("Between 18 and 65 years old", "inclusion").canonical == "age >= 18 year and <= 65 year"
