"""Issue 5, session 14 round 4 (docs/notes/issue-5-scales4.md): named scores, classes and axes with no unit,
read from real LCT/Chia lines; each asserts the line's class and rendered reading."""

import pytest

from screener.compile import compile_line
from screener.coverage import line_class
from screener.ir.canonical import render
from screener.text.sections import CriterionLine


def _read(text: str, role: str = "inclusion") -> tuple[str, str | None]:
    line = CriterionLine(id="R", role=role, heading="", text=text, start=0, end=len(text), line=1, column=1)
    c = compile_line(line)
    return line_class(c), (render(c.rule) if c.rule is not None else None)


CASES = [
    # DSM-IV axes: an unknown subject's value (LCT NCT03920319, NCT03926221, NCT03860597; Chia)
    ("History of any Axis I psychiatric diagnosis other than nicotine dependence", "inclusion",
     "partial", '"axis" = 1'),
    ("suicide risk; bipolar disorder or schizophrenia or another current Axis I disorder if there is a significant "
     "risk of harm and/or decompensation if treatment of that comorbid condition is delayed as a function of "
     "participating in any stage of this study;", "inclusion", "partial", '"axis" = 1'),
    ("DSM-IV Axis I or II Diagnosis for for healthy subjects", "inclusion", "partial", '"axis" >= 1 and <= 2'),
    ("Clinically significant current Axis II (DSM-IV-TR) diagnosis", "exclusion", "partial", '"axis" = 2'),
    ("Current Axis I primary psychiatric diagnosis other than major depressive disorder.", "exclusion",
     "partial", '"axis" = 1'),
    # a score's name with its acronym in parentheses; "and/or" between the parts read is an "or" (NCT03868774)
    ("A Hamilton scale score (HDS-17) of ≥ 18 and/or a sub-scale (HDSS) score of ≥ 9 within 24-48 hours before "
     "the first treatment", "inclusion", "partial",
     '("hamilton scale score hds-17" >= 18) or ("sub scale hdss score" >= 9)'),
    ("PCOS patients with polycystic ovarian morphology: at least 25 follicles (2-9 mm) throughout the whole ovary "
     "and/or increased ovarian volume (>10ml) (it is sufficient that 1 ovary fits these criteria)", "inclusion",
     "partial", '("follicles" >= 25) or ("increased ovarian volume" > 10 mL)'),
    # a risk restated as a percentage (NCT03865602)
    ("deemed as high-risk for 30-day readmission (i.e., ≥ 20%) or 30-day mortality (i.e., ≥ 10%) using "
     "risk-scoring models", "inclusion", "partial",
     '("risk for 30-day readmission" >= 20 %) or ("risk for 30-day mortality" >= 10 %)'),
    # a footnote mark after "5 or greater" (NCT03927846)
    ("at least moderate in average pain severity, defined as a weekly average pain severity score of 5 or greater "
     "24;", "inclusion", "partial", '"weekly average pain severity score" >= 5'),
    # the score that defines a negated state (NCT03928626)
    ("Reports entirely no interest in reducing the amount of drinking (Alcohol Contemplation Ladder score of 9 or "
     "10).", "exclusion", "partial",
     '("alcohol contemplation ladder score" = 9) or ("alcohol contemplation ladder score" = 10)'),
    # the class of a classification named after it (NCT03863275)
    ("Boys and girls from 7 to 12 years old with class II skeletal classification attending a consultation in the "
     "dental clinic of the UNICIEO foundation, to be fitted with myofunctional apparatus type Sn1", "inclusion",
     "partial", '(age >= 7 year and <= 12 year) and ("skeletal class" = 2)'),
]

# what must not be read: an axis next to a diagnosis read (it qualifies it) or in an instrument's name
KEPT = [
    ("Have an Axis I diagnosis of Schizophrenia, Schizoaffective Disorder, Schizophreniform Disorder or Bipolar I "
     "Disorder as diagnosed by the Structured Clinical Interview for DSM-IV Axis I Disorders (SCID-I), and pertinent "
     "subsequent for ruling out exclusionary diagnoses.", "exclusion", "partial",
     # (ends6: the list's last items are read too, the axis still left out)
     "(icd10_f20) or (icd10_f25) or ((icd10_f20_81) or (icd10_f31))"),
    ("Subjects with a concurrent Axis II Cluster A Personality Disorder", "exclusion", "partial", "active icd10_f60"),
    ("Patients with severe psychiatric disorders (Axis I) such as schizophrenia, dementia, ADHD, obsessive-compulsive "
     "disorder, current alcohol, drugs or drug addiction.", "exclusion", "partial",
     "(severe psychiatric_disorder) or (severe icd10_f20) or (severe dementia) or (severe icd10_f90) or "
     "(severe icd10_f42) or (severe icd10_f10) or (severe substance_abuse)"),
    ("history of psychosis or other Axis I disorder that is primary;", "exclusion", "partial",
     "history of icd10_f20_f29"),
    ("Lifetime personal history of diagnosis of major depressive disorder according to the DSM-V (American "
     "Psychiatric Association, 2013) using the Structured Clinical Interview for DSM-V Axis I Disorders, Research "
     "Version, Non-patient Edition (SCID-5-RV for DSM-V; First et al., 2015)", "exclusion", "unsupported", None),
]


@pytest.mark.parametrize("text,role,cls,reading", CASES + KEPT)
def test_reading(text, role, cls, reading):
    assert _read(text, role) == (cls, reading)
