"""Values a window or a bare number hid: a GCS value with a window counted from admission, a window in brackets
before a lab's limit, "patients <18", "* 109/L", "Zero to two", two counts with their windows joined by ", or at
least" (screener/parse/recall5.py, screener/text/normalize.py; issue 5, session 14, round 5). Real LCT/Chia
criterion lines with the reading each compiles to; docs/notes/issue-5-recall5.md lists them before and after."""

import pytest

from tests.lines import reading as reading_of


CASES = [
    # NCT03868124 (lct); was unsupported: None
    ('NCT03868124', 'inclusion',
     'Zero to two preoperative ocular hypotensive medications',
     'partial', '"preoperative ocular hypotensive" >= 0 and <= 2'),
    # NCT03924024 (lct); was partial: "after admission" within 24 hour
    ('NCT03924024', 'inclusion',
     'Glasgow coma scale of 15 within 24 hours after admission or extubation',
     'partial', 'gcs = 15'),
    # NCT03924713 (lct); was partial: ("either" > 3) and ("ed visits" within 12 month) and ("ambulatory care-sensitive hospitalization" within 12 month)
    ('NCT03924713', 'inclusion',
     'Either have had more than 3 ED visits in the prior 12 months, or at least 1 ambulatory care-sensitive hospitalization in the prior 12 months',
     'partial', '("ed visits" > 3 within 12 month) or ("ambulatory care sensitive hospitalization" >= 1 within 12 month)'),
    # NCT03868852 (lct); was partial: (blood_transfusion within 14 day) and (hemoglobin > 90 g/L) and (anc > 1.5) and (platelets > 80)
    ('NCT03868852', 'inclusion',
     'Blood routine examination standards should be met: (no blood transfusion within 14 days) A. HB > 90 g/L; B. ANC > 1.5 * 109/L; C. PLT > 80 * 109 /L',
     'partial', '(blood_transfusion within 14 day) and (hemoglobin > 90 g/L) and (anc > 1.5 10*9/L) and (platelets > 80 10*9/L)'),
    # NCT03868020 (lct); was partial: "glomerular filtrate rate" within 30 day
    ('NCT03868020', 'exclusion',
     'Severe renal dysfunction (glomerular filtrate rate [within 30 days] less than 30)',
     'full', 'egfr < 30 mL/min/{1.73_m2} within 30 day'),
    # NCT03864718 (lct); was unsupported: None
    ('NCT03864718', 'exclusion',
     'patients <18',
     'full', 'age < 18 year'),
    # NCT02226887_exc (chia); was unsupported: None
    ('NCT02226887_exc', 'exclusion',
     'Patients under 18',
     'full', 'age < 18 year'),
]

# lines of the same shapes that must keep their reading
GUARDS = [
    # NCT03861286 (lct); unchanged
    ('NCT03861286', 'exclusion',
     'Patients with a baseline platelet count of <100x109/L',
     'full', 'platelets < 100 10*9/L'),
    # NCT03863652 (lct); unchanged
    ('NCT03863652', 'inclusion',
     'Patients ≥18 years old requiring PCI',
     'partial', '(age >= 18 year) and (manual "scheduled for or undergoing percutaneous coronary intervention")'),
    # NCT03921918 (lct); unchanged
    ('NCT03921918', 'inclusion',
     'Subject ≥ 18 years old',
     'full', 'age >= 18 year'),
    # NCT03921489 (lct); unchanged
    ('NCT03921489', 'exclusion',
     'Patient <18 years of age',
     'full', 'age < 18 year'),
    # NCT00094861_inc (chia); unchanged
    ('NCT00094861_inc', 'inclusion',
     'Platelet count greater than or equal to 100 x 10^9/L',
     'full', 'platelets >= 100 10*9/L'),
]



@pytest.mark.parametrize(("doc", "role", "text", "klass", "reading"), CASES + GUARDS,
                         ids=[c[0] for c in CASES + GUARDS])
def test_reading(doc, role, text, klass, reading):
    assert reading_of(text, role) == (klass, reading)
