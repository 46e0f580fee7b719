"""Issue 5 (session 13, round 2): numbers with no unit on things no record holds: counts of a named thing written
in words, classes/stages/grades written as lists or ranges of Roman numerals, the number of a named class system.

Each reading is an unmapped comparison (the line is partial, the numbers kept).  Every input is a real line of
the LCT or Chia corpus (the trial is named); docs/notes/issue-5-counts2.md.
"""

import pytest

from screener.coverage import line_class
from screener.ir.canonical import render
from tests.lines import line

READS = [
    # (trial, role, line, its rendered reading)
    ("NCT03868865", "inclusion",
     "curative malignancy (breast cancer of TNM (T: primary tumor, N: regional nodes, M: metastasis) staging I-III)",
     '"staging" >= 1 and <= 3'),
    ("NCT03928444", "inclusion", "Glogau photoaging score II and III.", '"glogau photoaging score" >= 2 and <= 3'),
    ("NCT03868852", "inclusion", "Postoperative pathological stage was group II-IV.",
     '"postoperative pathological stage group" >= 2 and <= 4'),
    ("NCT03862118", "inclusion", "Patient with Fitzpatrick skin types III-IV", '"fitzpatrick skin types" >= 3 and <= 4'),
    ("NCT02284737", "exclusion", "WHO group II, III, IV, V PH", '"group" >= 2 and <= 5'),
    ("NCT03922334", "inclusion", "Established patient at the Northwestern Medicine Prentice Ambulatory Care clinical "
     "site (at least one antenatal clinical visit).", '"antenatal clinical visit" >= 1'),
    ("NCT03926377", "exclusion", "Patients with one or more major risk factors for osteoporosis",
     '"major risk factors for osteoporosis" >= 1'),
    ("NCT03863249", "inclusion", "Presence of 20 natural teeth, including at least three molar teeth.",
     '("natural teeth" >= 20) and ("molar teeth" >= 3)'),  # (the presence of 20: docs/notes/issue-5-counts3.md)
    ("NCT00236340", "exclusion", "Multiple pregnancy (more than 3 fetuses)", '"fetuses" > 3'),
    ("NCT03869307", "inclusion", "recurrent joint dislocations or joint instability without a reported history of "
     "trauma defined as either a) minimum three atraumatic dislocations in same shoulder, b) minimum two atraumatic "
     "dislocations in two different joints (minimum one in the shoulder) occurring at different times, or c) medical "
     "confirmation of joint instability in minimum two joints (minimum one in the shoulder) not related to trauma.",
     '("atraumatic dislocations in same shoulder" >= 3) and ("different joints" >= 1) and ("joints" >= 1)'),
    ("NCT03864172", "inclusion", "Tanner stage 2 based on breast development for girls, and pubic hair in boys. "
     "Girls will have to be premenarcheal", '"tanner stage" = 2'),
    ("NCT03928561", "exclusion", "Severe asthma (> GINA 2)", '"gina" > 2'),
    ("NCT03927391", "inclusion", "a score on the comprehensive G8 assessment with cut-off ≤14 points and",
     '"comprehensive g8 assessment cut off" <= 14'),
    ("NCT03931772", "inclusion", "Desire to quit smoking (specifically, report a motivation of ≥ 5 out of 10 to quit "
     "smoking on a 10-point Likert-type scale)", '"report motivation" >= 5'),
    ("NCT02287259", "inclusion", "major depressive episode in type2 bipolar disorder or bipolar disorder NOS.(MADRS "
     "more than 20 point)", '"madrs" > 20'),
    ("NCT03059069", "inclusion", "10 = Beck Depression Inventory (BDI) <30 points", '"inventory bdi" < 30'),
    ("NCT03865199", "exclusion", "Exclusion criteria will include non-English speaking, no working telephone, and "
     "less than 5th grade education level.", '"grade education" < 5'),
    ("NCT03863639", "exclusion", "Patients with less than a 7th grade education or unable to read and thus unable "
     "complete the neuropsychological testing", '"grade education" < 7'),
    ("NCT03929952", "inclusion", "Patient with chronic low back pain for more than six months with a visual analogue "
     "pain scale greater than 5 impacting activities of daily living, hobbies and work",
     '(icd10_m54_5 for > 6 month) and ("visual analogue pain scale" > 5)'),
]


@pytest.mark.parametrize("trial,role,text,reading", READS, ids=[f"{c[0]}:{c[2][:40]}" for c in READS])
def test_reads(trial, role, text, reading):
    c = line(text, role)
    assert c.rule is not None and render(c.rule) == reading
    assert line_class(c) == "partial"  # an unmapped subject: no record decides it


NOT_READ = [
    # (trial, role, line, what its reading must not hold): a numeral that names a kind, a count cut short
    ("NCT03249311", "exclusion", "Diabetes Type I and II", '"type"'),
    ("NCT01214096", "exclusion", "Mobitz Type II or III° atrial ventricular block，severe ventricular arrhythmia "
     "(polymorphic and frequent premature ventricular beats, frequent non-sustained ventricular tachycardia);",
     '"mobitz type"'),
    ("NCT01742117", "inclusion", "Platelet count <80,000 or >700,000 cells/mm3, or white blood cell count <3,000 "
     "cells/mm3 if persistent (at least 2 abnormal values) within 7 days prior to index procedure.", '"abnormal" >='),
    ("NCT02396420", "inclusion", "Patient meets ONE of the following criteria: baseline PSA < 4.0ng/mL (no prostate "
     "biopsy required) OR baseline PSA >/= 4 ng/mL AND a negative prostate biopsy (minimum 12 core biopsy) within "
     "the prior 12 months", '"core biopsy" >='),
    ("NCT00679341", "exclusion", "History of other malignancy within the last 5 years, except for appropriately "
     "treated carcinoma in situ of the cervix, non-melanoma skin carcinoma, Stage I uterine cancer, or other cancers "
     "with a similar outcome as those previously mentioned.", '"stage"'),
    ("NCT03064867", "exclusion", "Prior treatment toxicities have not resolved to < Grade 2 according to NCI CTCAE "
     "Version 4.0 (except clinically insignificant toxicities such as alopecia).", '"grade"'),
    ("NCT03926520", "inclusion", "Cohen-Mansfield Agitation Inventory Short Version (CMAI) score of ≥4 on at least "
     "one item, a score of 3 on at least two items, or a score of 2 on at least three items.", '"item'),
    ("NCT03927690", "inclusion", "The ETDRS letter score in the study eye must be between 24 and 70 letters "
     "(approximate Snellen equivalent of 20/40-20/320). The non-study eye (fellow eye) should be ≥34 letters or "
     "better (approximate Snellen equivalent of 20/200) at screening", '"letters"'),
    ("NCT03934008", "inclusion", "Have at least one child ≤6 years of age", '"child" >= 1'),
    ("NCT03865706", "inclusion", "With sepsis as defined by the Sepsis-3 (2016) consensus as a known or suspected "
     "infection with a SOFA score of ≥2 points above baseline", '>= 2'),
    ("NCT03926377", "exclusion", "Patients requiring an anti-osteoporotic baseline treatment (T-score ⩽ -3DS on at "
     "least 1 site or FRAX score above the therapeutic intervention threshold)", '"t score"'),
    ("NCT02225548", "inclusion", "Subject demonstrating an IIEF-5 drug-free baseline score that is = 10 but = 16, and "
     "an IIEF-5 tadalafil-alone baseline score that is = 18", '"score" = 10'),
    ("NCT02109081", "exclusion", "preoperative diagnosis of delirium or dementia; 2) MMSE score of = 20 out of 30 on "
     "preoperative testing (more than mild cognitive impairment) or delirium on preoperative CAM testing; 3) language "
     "barriers that would preclude testing; 4) preoperative steroid use within 3 days of surgery; or 5) anticipation "
     "of postoperative intubation.", 'mmse = 20'),
    ("NCT02567214", "inclusion", "Borg dyspnea score > 3 during the 3-min constant rate shuttle walking test at V3",
     '"score" > 3'),
]


@pytest.mark.parametrize("trial,role,text,absent", NOT_READ, ids=[f"{c[0]}:{c[2][:40]}" for c in NOT_READ])
def test_not_read(trial, role, text, absent):
    c = line(text, role)
    assert c.rule is None or absent not in render(c.rule)
