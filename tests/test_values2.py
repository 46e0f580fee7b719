"""Limits per sex, radiation doses on TBI, units in words or written loosely, and a range "within the range of"
(screener/parse/sexes.py, screener/parse/values.py; issue 5, session 13, round 2). Real LCT and Chia criterion
lines, each with the reading it compiles to; docs/notes/issue-5-values2.md lists them before and after."""

import pytest

from tests.lines import reading as reading_of

CASES = [
    # NCT03865589; was unsupported: None
    ('NCT03865589', 'inclusion',
     'TBI >= 1200 cGy (fractionated)',
     'partial', '"tbi" >= 1200 cGy'),
    # NCT03865589; was unsupported: None
    ('NCT03865589', 'inclusion',
     'Cyclophosphamide + TBI (> 500 cGy (single) or > 800cGy (fractionated))',
     'partial', '("tbi" > 500 cGy) or ("tbi" > 800 cGy)'),
    # NCT03865589; was unsupported: None
    ('NCT03865589', 'inclusion',
     'Cyclophosphamide + Etoposide + TBI (> 500 cGy (single) or > 800 cGy (fractionated))',
     'partial', '("tbi" > 500 cGy) or ("tbi" > 800 cGy)'),
    # NCT03865589; was unsupported: None
    ('NCT03865589', 'inclusion',
     'Cyclophosphamide + Thiotepa + TBI (> 500 cGy (single) or > 800 cGy (fractionated))',
     'partial', '("tbi" > 500 cGy) or ("tbi" > 800 cGy)'),
    # NCT03866733; was partial: bmi < 30 kg.m2
    ('NCT03866733', 'inclusion',
     'body mass index <30kg.m2.',
     'full', 'bmi < 30 kg/m2'),
    # NCT03867942; was partial: ("female" >= 50 kg) and (bmi >= 18 kg/m2 and <= 27 kg/m2)
    ('NCT03867942', 'inclusion',
     'Body weight: 55kg or higher(female: 50kg or higher) and BMI 18~27kg/m2',
     'full', '(((sex male) and (weight >= 55 kg)) or ((sex female) and (weight >= 50 kg))) and (bmi >= 18 kg/m2 and <= 27 kg/m2)'),
    # NCT03922906; was unsupported: None
    ('NCT03922906', 'inclusion',
     'Subjects with BodyMass Index (BMI) within the range of 18.5-35 inclusive',
     'partial', 'bmi >= 18.5 kg/m2 and <= 35 kg/m2'),
    # NCT03928379; was unsupported: None
    ('NCT03928379', 'exclusion',
     'Have an estimated glomerular filtration rate <45 milliliters per minute per 1.73 meters squared of body surface area (mL/min/1.73 m²)',
     'full', 'egfr < 45 mL/min/{1.73_m2}'),
    # NCT03863639; was partial: platelets < 100000
    ('NCT03863639', 'inclusion',
     'Thrombocytopenia (<100,000 platelets/microL)',
     'full', 'platelets < 100000 /uL'),
    # NCT03866421; was partial: "daily alcohol intake" > 20 g
    ('NCT03866421', 'exclusion',
     'Daily alcohol intake above 20 g and 30 g for women and men respectively OR',
     'partial', '((sex female) and ("daily alcohol intake" > 20 g)) or ((sex male) and ("daily alcohol intake" > 30 g))'),
    # NCT03863405; was partial: creatinine >= 1.5
    ('NCT03863405', 'exclusion',
     'Patients with impaired kidney functions (serum creatinine concentrations ≥1.5 and ≥1.4 mg/dL in males and females respectively).',
     'partial', '((sex male) and (creatinine >= 1.5 mg/dL)) or ((sex female) and (creatinine >= 1.4 mg/dL))'),
    # NCT03860584; was unsupported: None
    ('NCT03860584', 'inclusion',
     'Waist C >89/102 cm; F/M',
     'partial', '((sex female) and ("waist c" > 89 cm)) or ((sex male) and ("waist c" > 102 cm))'),
    # NCT03860584; was unsupported: None
    ('NCT03860584', 'inclusion',
     'Serum HDL-C: <50/40 mg/dl; F/M',
     'full', '((sex female) and (hdl_cholesterol < 50 mg/dL)) or ((sex male) and (hdl_cholesterol < 40 mg/dL))'),
    # NCT03260881_inc; was partial: (bmi = 27 kg/m2) and (waist_circumference = 102 cm)
    ('NCT03260881_inc', 'inclusion',
     'Body mass index (BMI) = 27 Kg/m2 and/or waist circumference = 102 cm (40 inches) in men and 88 cm (35 inches) in women, respectively.',
     'partial', '(bmi = 27 kg/m2) or (((sex male) and (waist_circumference = 102 cm)) or ((sex female) and (waist_circumference = 88 cm)))'),
    # NCT02858180_exc; was partial: "i e" < 30 mL/min
    ('NCT02858180_exc', 'exclusion',
     'Severe renal impairment creatinine clearance (CrCl), i.e. < 30 mL/min.',
     'partial', 'creatinine_clearance < 30 mL/min'),
]

# lines that must keep reading as they did: a dose in gray on anything but TBI is no limit ("pelvis" is not what
# has the dose); a limit per sex after a label the parse cannot read whole keeps its old reading
GUARDS = [
    ('NCT01757717_inc', 'inclusion',
     'If the total prior radiation dose to the cord or pelvis exceeds 100 Gy BED equivalent, the patient will be potentially eligible, where a total of 100 BED Gy equivalent is determined by the biological equivalent dose (BED) calculation; BED = nd(1 + d/α/β), where n = number of fractions and d = dose per fraction; α/β is the constant for spinal cord late effect and equals 2. [Rades 2005, Nieder 2005, Sahgal 2012]',
     'unsupported', None),
]


@pytest.mark.parametrize(("doc", "role", "text", "klass", "reading"), CASES + GUARDS,
                         ids=[c[0] for c in CASES + GUARDS])
def test_reading(doc, role, text, klass, reading):
    assert reading_of(text, role) == (klass, reading)
