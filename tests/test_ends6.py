"""Issue 5, session 15, slice ends6 (docs/notes/issue-5-ends6.md): known diagnoses in lines the parser rejects
around them, read from real LCT/Chia lines; each asserts the line's class and rendered reading."""

import pytest

from tests.lines import line, reading

CASES = [
    # a diagnosis with how it was diagnosed: a record of the diagnosis is the check; the criteria are left out
    # (reported), so the line is partial (all were unsupported)
    ("Parkinson disease diagnosed by United Kingdom Parkinson's disease Society Brain Bank Criteria",  # NCT03011476
     "inclusion", "partial", "icd10_g20"),
    ("Subjects with a definite diagnosis of sarcoidosis according to international ATS and WASOG guideline",
     "inclusion", "partial", "icd10_d86"),  # NCT03926832
    ("PCOS diagnosis based on 2003 Rotterdam criteria", "inclusion", "partial", "icd10_e28_2"),  # NCT03352869
    ("T2DM as defined by American Diabetes Association (ADA) criteria", "inclusion", "partial", "icd10_e11"),  # NCT03260881
    ("Diagnosis of COPD confirmed by clinical examination and a pulmonary function test",  # NCT03863717
     "inclusion", "partial", "copd"),
    # a diagnosis with what it requires, or what goes with it: the diagnosis, the rest reported
    ("Renal disease that needs dialysis", "exclusion", "partial", "renal_dysfunction"),  # NCT02926989
    ("Patients with end-stage liver disease who require liver transplantation",  # NCT03865966
     "inclusion", "partial", "icd10_k72_1"),
    # (with history6 the drug required is read too, "requiring" reported)
    ("Heart failure requiring loop diuretics", "exclusion", "partial",  # NCT03208465
     "(heart_failure) and (taking loop_diuretics)"),
    ("Has known portal hypertension with ascites", "exclusion", "partial", "icd10_k76_6"),  # NCT03862807
    ("Parkinson's disease with hallucinations", "exclusion", "partial", "icd10_g20"),  # NCT02940912
    ("Refractory celiac disease type 2", "exclusion", "partial", "icd10_k90_0"),  # NCT03866538
    # "X in patients with Y": the patients have Y, whatever X asks of them (X reported)
    ("Positive stool gluten testing in patients with refractory celiac disease",  # NCT03866538
     "exclusion", "partial", "icd10_k90_0"),
    ("Sleep apnea or morbid obesity with possible sleep apnea",  # NCT03084588
     "exclusion", "partial", "(icd10_g47_3) or (morbid_obesity)"),
    # what the grammar reads before the diagnosis stays with it (severity, status, history, qualifier)
    ("Patients with severe renal impairment or CT imaging difficulty using contrast media",  # NCT03920917
     "exclusion", "partial", "severe renal_dysfunction"),
    ("Current substance abuse disorder (i.e., drugs, alcohol).", "exclusion", "partial",  # NCT03924531
     "active substance_abuse"),
    # (since windows5 the window is read too, and the line is whole)
    ("History of alcohol or drug dependence in the past year", "exclusion", "full",  # NCT02360631
     "(onset of icd10_f10_2 within 1 year) or (history of substance_abuse within 1 year)"),
    ("Active uncontrolled infection requiring antibiotics.", "exclusion", "partial",  # NCT00061308
     '((active active_infection) and (manual "whether the active infection is uncontrolled (a person judges it; '
     'no record says)")) and (taking systemic_antibiotics)'),
    # a drug before the diagnosis it treats: the diagnosis and the drug now, whole (were unsupported)
    ("insulin-treated diabetes mellitus", "inclusion", "full", "(diabetes) and (taking insulins)"),  # NCT03864497
    ("Insulin Dependent Diabetic Patients", "inclusion", "full", "(diabetes) and (taking insulins)"),  # NCT03921593
    ("Insulin requiring diabetes", "exclusion", "full", "(diabetes) and (taking insulins)"),  # NCT03208465
    ("Insulin treated diabetes", "exclusion", "full", "(diabetes) and (taking insulins)"),  # NCT03336801
    # "under (general) anaesthesia" after a procedure still to come: no comparator; the procedure is the trial's
    # own, a person's check (were unsupported)
    ("Planned surgery under regional anesthesia", "exclusion", "manual",  # NCT02573909
     'manual "Planned surgery under regional anesthesia"'),
    ("planned eye surgery under sedation", "inclusion", "manual", 'manual "planned eye surgery under sedation"'),  # NCT02566863
    ("Patients undergoing total knee arthroplasty under spinal anaesthesia", "inclusion", "partial",  # NCT03461679
     'manual "scheduled for or undergoing total knee replacement"'),
    ("Scheduled for laparoscopic sleeve gastrectomy under general anesthesia", "inclusion", "partial",  # NCT03921970
     'manual "scheduled for or undergoing gastrectomy"'),
    # not read: the diagnosis is not the patient's, or is part of another name, or the line negates or plans it
    ("Desiring pregnancy in the next year", "exclusion", "unsupported", None),  # NCT02905890
    ("had a lung cancer screening test within the last year", "exclusion", "unsupported", None),  # NCT03862001
    ("Liver transplantation candidates with one or more of the following:", "inclusion", "unsupported", None),  # NCT03864497
    ("Negative for hepatitis B, C and human immunodeficiency viruses (HIV).", "inclusion", "unsupported", None),  # NCT03862664
    ("No HBV booster vaccine given since primary HBV immunization", "inclusion", "unsupported", None),  # NCT03867643
    ("Diabetic gastroparesis", "exclusion", "unsupported", None),  # NCT02473809
    ("Expected postoperative astigmatism ≤ 0.75D", "inclusion", "unsupported", None),  # NCT03921762
    ("acute myocardial infarction after operation", "exclusion", "unsupported", None),  # NCT03860545
    # (since lists6 the examples are read as an open list, and the line is whole)
    ("Current skin condition (e.g., eczema or psoriasis)", "exclusion", "full",  # NCT03924622
     "(active skin_disease) or (active icd10_l20_l30) or (active icd10_l40)"),
    ("Caesarean section performed under general anesthesia following failure of locoregional anesthesia.",
     "exclusion", "unsupported", None),  # NCT03928795 (a past procedure's "under": left as it was)
]


@pytest.mark.parametrize("text,role,cls,canonical", CASES)
def test_reading(text, role, cls, canonical):
    assert reading(text, role) == (cls, canonical)


@pytest.mark.parametrize("text,role,left_out", [
    ("Parkinson disease diagnosed by United Kingdom Parkinson's disease Society Brain Bank Criteria", "inclusion",
     "United Kingdom Parkinson's disease Society Brain Bank Criteria"),
    ("Renal disease that needs dialysis", "exclusion", "needs dialysis"),
    ("Refractory celiac disease type 2", "exclusion", "Refractory"),
    ("Positive stool gluten testing in patients with refractory celiac disease", "exclusion",
     "Positive stool gluten testing"),
    ("Patients with end-stage liver disease who require liver transplantation", "inclusion",
     "require liver transplantation"),
])
def test_words_around_reported(text, role, left_out):
    """The words around the diagnosis that were not read are reported (lex.ignored_words), never dropped."""
    said = [d.message for d in line(text, role).diagnostics if d.code == "lex.ignored_words"]
    assert any(left_out in m for m in said), said
