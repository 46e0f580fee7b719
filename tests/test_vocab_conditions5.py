"""Round 5 of curated condition wordings (issue 5): qualified diagnoses read as their own ICD-10-CM codes.

Each line below is an LCT or Chia criterion line that compiled partially (the qualifier was left out)
or to a wider or wrong group before its row in condition_synonyms.csv existed; removing the row fails
the test.  The coded records check the code sets themselves: in for a code the wording means, out for
a code of the unqualified diagnosis that the qualifier rules out.
"""

from __future__ import annotations

import pytest

from screener.compile import compile_rule
from screener.vocab import vocabulary
from tests.lines import line as _line
from tests.test_vocab_conditions3 import _groups, decide_from_fhir
from tests.test_vocab_icd10 import _patient, _run  # the same coded record and evaluation


@pytest.mark.parametrize("text,groups", [
    ("Chronic kidney failure,", ["icd10_n18"]),
    ("Patients with acute renal failure", ["icd10_n17"]),
    ("Chronic heart failure NYHA class III or IV", ["chronic_heart_failure"]),
    ("Chronic HBV/HIV infection", ["chronic_hepatitis_b", "hiv"]),
    ("Type II diabetes mellitus;", ["icd10_e11"]),
    ("Type I diabetic patients", ["icd10_e10"]),
    ("Type I or II diabetes mellitus.", ["type_1_or_type_2_diabetes"]),
    ("Presence of type I or type II diabetes mellitus", ["type_1_or_type_2_diabetes"]),
    ("secondary diabetes", ["secondary_diabetes"]),
    ("Diagnosis of primary progressive MS", ["icd10_g35_b"]),
    ("Secondary Glaucoma, Closed angle glaucoma", ["secondary_glaucoma", "icd10_h40_2"]),
    ("acute narrow angle glaucoma", ["icd10_h40_21"]),
    ("Acquired thrombophilia.", ["icd10_d68_6"]),
    ("Congenital immune deficiency", ["congenital_immunodeficiency"]),
    ("Acquired or congenital immunodeficiency;", ["immunodeficiency"]),
    ("history of recurrent miscarriage;", ["recurrent_miscarriage"]),
    ("Fetal anemia", ["icd10_o36_82"]),
    ("Fulminant hepatic failure", ["icd10_k72_0"]),
    ("Cirrhosis, chronic active hepatitis or chronic persistent hepatitis",
     ["cirrhosis", "icd10_k73_2", "icd10_k73_0"]),  # cirrhosis: the cirrhosis codes (issue 5 data fix)
    ("Chronic pain disorders", ["chronic_pain"]),
    ("hypertensive disorders of pregnancy", ["hypertensive_disorders_of_pregnancy"]),
    ("Small bowel malignancy or history of small bowel malignancy", ["icd10_c17", "icd10_c17"]),
    ("Cardiogenic pulmonary edema;", ["icd10_i50_1"]),
    ("Patients with surgical emphysema", ["surgical_emphysema"]),
    ("Lacunar stroke and transient ischemic attacks (TIAs)", ["icd10_i63_81", "icd10_g45"]),
    ("Patients with post-capillary pulmonary hypertension", ["icd10_i27_22"]),
    ("Clinical diagnosis of HFpEF.", ["icd10_i50_3"]),
    ("Type 2 myocardial infarction", ["icd10_i21_a1"]),
    ("Persistent pulmonary hypertension of the newborn", ["icd10_p29_30"]),
    ("stable angina", ["stable_angina"]),
])
def test_corpus_lines_compile_fully_to_the_qualified_group(text, groups):
    c = _line(text)
    assert c.status == "compiled", (text, c.status, [d.code for d in c.diagnostics])
    assert _groups(c.rule) == groups, (text, c.canonical)


@pytest.mark.parametrize("wording,group", [
    # moved out of the hand groups, which held the unqualified diagnosis
    ("chronic kidney disease", "icd10_n18"),
    ("CKD", "icd10_n18"),
    ("end-stage renal disease", "end_stage_renal_disease"),  # the hand group (N18.6), merged beside round 5
    ("ESRD", "end_stage_renal_disease"),
    ("chronic hepatitis B", "chronic_hepatitis_b"),
    ("chronic hepatitis C", "icd10_b18_2"),
    # a title had given the bare wording one 'unspecified' code
    ("chronic renal failure", "icd10_n18"),      # was N18.9 'Chronic kidney disease, unspecified'
    ("chronic hepatitis", "chronic_hepatitis"),  # was K73 without chronic viral hepatitis B18
    ("acute hepatitis", "acute_hepatitis"),      # was B17.9 'Acute viral hepatitis, unspecified'
    ("acute pulmonary embolism", "icd10_i26"),   # was I26.99
    ("acute leukemia", "acute_leukemia"),        # was C95.00
    ("chronic pain syndrome", "chronic_pain"),   # was G89.2 without G89.4 'Chronic pain syndrome'
    ("primary immunodeficiency", "congenital_immunodeficiency"),
])
def test_wordings_read_as_the_qualified_group(wording, group):
    rule = compile_rule(wording, "exclusion")
    assert rule is not None and _groups(rule) == [group], (wording, rule)


def test_the_hand_groups_no_longer_hold_the_qualified_wordings():
    v = vocabulary()
    assert "chronic kidney disease" not in v.condition_groups["renal_dysfunction"].synonyms
    assert "esrd" not in v.condition_groups["renal_dysfunction"].synonyms
    assert "chronic hepatitis b" not in v.condition_groups["hepatitis_b"].synonyms
    assert "chronic hepatitis c" not in v.condition_groups["hepatitis_c"].synonyms


@pytest.mark.parametrize("criterion,code,expected", [
    ("chronic kidney disease", "N18.4", True),
    ("chronic kidney disease", "N17.9", False),     # acute kidney failure: read as CKD before
    ("ESRD", "N18.6", True),
    ("ESRD", "N18.3", False),                       # CKD stage 3
    ("acute renal failure", "N17.0", True),
    ("acute renal failure", "N18.9", False),
    ("chronic heart failure", "I50.22", True),      # chronic systolic
    ("chronic heart failure", "I50.33", True),      # acute on chronic diastolic
    ("chronic heart failure", "I50.21", False),     # acute systolic only
    ("chronic hepatitis B", "B18.1", True),
    ("chronic hepatitis B", "B16.9", False),        # acute hepatitis B
    ("chronic hepatitis C", "B18.2", True),
    ("chronic hepatitis C", "B17.10", False),       # acute hepatitis C
    ("chronic hepatitis", "B18.2", True),           # missed by the old K73 reading
    ("type II diabetes mellitus", "E11.9", True),
    ("type II diabetes mellitus", "E10.9", False),
    ("type 1 or 2 diabetes", "E10.9", True),
    ("type 1 or 2 diabetes", "E11.65", True),
    ("type 1 or 2 diabetes", "E13.9", False),       # other specified diabetes
    ("secondary diabetes", "E09.9", True),          # drug induced
    ("secondary diabetes", "E11.9", False),
    ("recurrent miscarriage", "N96", True),
    ("recurrent miscarriage", "O03.9", False),      # one spontaneous abortion
    ("primary progressive MS", "G35.B0", True),
    ("primary progressive MS", "G35.A", False),     # relapsing-remitting
    ("acquired thrombophilia", "D68.61", True),     # antiphospholipid syndrome
    ("acquired thrombophilia", "D68.51", False),    # factor V Leiden
    ("congenital immunodeficiency", "D83.9", True),  # common variable immunodeficiency
    ("congenital immunodeficiency", "D84.821", False),  # immunodeficiency due to drugs
    ("secondary glaucoma", "H40.41X0", True),       # glaucoma secondary to eye inflammation
    ("secondary glaucoma", "H40.1110", False),      # primary open-angle glaucoma
    ("chronic pain syndrome", "G89.4", True),       # its own code, missed by the old G89.2 reading
    ("fulminant hepatic failure", "K72.00", True),
    ("fulminant hepatic failure", "K72.10", False),  # chronic hepatic failure
    ("hypertensive disorders of pregnancy", "O14.13", True),
    ("hypertensive disorders of pregnancy", "O12.03", False),  # gestational edema without hypertension
    ("fetal anemia", "O36.8220", True),
    ("fetal anemia", "D64.9", False),               # the mother's anemia
    ("stable angina", "I25.118", True),
    ("stable angina", "I20.0", False),              # unstable angina
])
def test_coded_records_decide_the_qualified_wordings(criterion, code, expected):
    assert _run(criterion, _patient(code)).value is expected, (criterion, code)


@pytest.mark.parametrize("line,code,expected", [
    ("Chronic kidney failure,", "N18.5", True),
    ("Chronic kidney failure,", "N17.9", False),
    ("Chronic heart failure NYHA class III or IV", "I50.21", False),  # acute only: not chronic, NYHA aside
    ("Chronic HBV/HIV infection", "B16.9", False),
    ("Chronic HBV/HIV infection", "B18.1", True),
])
def test_fhir_records_decide_corpus_lines(tmp_path, line, code, expected):
    got = decide_from_fhir(tmp_path, line, code, gender="male", birth="1960-05-01", onset="2021-09-01")
    assert got.value is expected, (line, code, got)
