"""Issue 5, session 14 round 4 (docs/notes/issue-5-counts4.md): counts and frequencies with no unit, read from
real LCT/Chia lines; each asserts the line's class and rendered reading."""

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
    # a frequency written with an adverb: a rate of what the words before say, never a count or a duration
    ("Regular online brain training or regular player of non-fluency verbal games, defined as doing these "
     "procedures at a frequency of twice weekly or greater during the year prior to screening.",
     "partial", '"doing these procedures" >= 2 /wk'),
    ("current regular user of e-cigarettes (use at least once daily for the past 30 days) with nicotine strength "
     "> 6mg/ml", "partial", '("use" >= 1 /d) and ("nicotine strength" > 6 mg/mL)'),
    # a second limit of the same rate in another unit
    ("Those who report having ≤3 bowel movements/week or >2/day.",
     "partial", '("bowel movements" <= 3 /wk) or ("bowel movements" > 2 /d)'),
    # a count said to exist, its relative clause kept in the subject
    ("According to RECIST1.1 criteria, there is at least 1 measurable lesion that has not been previously "
     "irradiated.", "partial", '"measurable lesion that has not been previously irradiated" >= 1'),
    # a counted label that also names a window (the window was not read before either)
    ("present at least one of the following symptoms during the preceding two weeks: sleep problems, fatigue, "
     "pain, anxiety or symptoms of depression;", "partial", "at least 1 of ((anxiety_disorder), (depression))"),
    # a bare "one of the following:" label
    ("PAH associated with one of the following connective tissue diseases (CTDs): limited scleroderma, mixed "
     "connective tissue disease or overlap syndrome, or systemic lupus erythematosus",
     "partial", "at least 1 of ((systemic_sclerosis), (mctd), (sle))"),
    ("score ≥grade 1 for Central Nervous Disorders according to the Common Toxicity Criteria Adverse Event (CTCAE) "
     "criteria, of one of the following: Fatigue, Concentration impairment, cognitive disturbance, amnesia, "
     "depressed level of consciousness, memory impairment, hypersomnia.",
     "partial", "at least 1 of ((icd10_r41_1_r41_3), (icd10_g47_1))"),
    # a count after "i.e." in a parenthesis, and how long the therapy has lasted
    ("Patients received the standard therapy (i.e. one or more conventional DMARDs) for at least three months.",
     "partial", '"conventional dmards" >= 1 for >= 3 month'),
    # a count in words that is the whole line
    ("Four video-recordings of TURBs.", "partial", '"video-recordings of turbs" >= 4'),
    ("two parents in the home", "partial", '"parents in the home" >= 2'),
    # a count between a minimum and a maximum (the Class V after it left to its own comparison)
    ("Subjects with a minimum of 1 and a maximum of 12 primary anterior teeth with early carious lesions Class V "
     "of ICDAS score 1-2.", "partial",
     '("primary anterior teeth with early carious lesions" >= 1 and <= 12) and '
     '("primary anterior teeth early carious lesions class" = 5) and ("icdas score" >= 1 and <= 2)'),
]

WITH_ROLE = [
    # a count after the "or" of a list ("or more than" is one comparator to the lexer)
    ("The following lesions will be excluded based on their increased risk of upstaging; lesions (other than "
     "fibroadenomas, phyllodes and papillomas) that are associated with a palpable mass, ADH (atypical ductal "
     "hyperplasia) with high-risk features (ADH with zonal necrosis, significant cytological atypia or more than 2 "
     "foci), LCIS (lobular carcinoma in situ) with high-risk features (associated with ADH, pleomorphic LCIS, zonal "
     "necrosis and > 4 foci) or discordant with imaging, papilloma with atypia, and spindle cell lesion (especially "
     "if there is atypia).", "exclusion", '("foci" > 2) or ("foci" > 4)'),
    ("Not providing four video recordings of TURB procedures", "exclusion",
     'not ("video recordings of turb procedures" >= 4)'),
]

# what must keep its reading (or stay unread)
GUARDS = [
    # a single item after "one of the following:": the list's own reading stands
    ("Indication for one of the following surgical interventions: hemiarthroplasty, total hip replacement, "
     "sliding plate and screw fixation, or intramedullary fixation",
     "partial", 'manual "scheduled for or undergoing total hip replacement"'),
    # capital OR/AND in the list: a structure the commas do not carry
    ("Patient meets ONE of the following criteria: baseline PSA < 4.0ng/mL (no prostate biopsy required) OR "
     "baseline PSA >/= 4 ng/mL AND a negative prostate biopsy (minimum 12 core biopsy) within the prior 12 months",
     "partial", '(psa < 4 ng/mL) and (psa >= 4 ng/mL) and ("core biopsy" within 12 month)'),
    # a permission, in the singular: no count
    ("One previous line of chemotherapy for advanced/metastatic disease is allowed in addition to endocrine "
     "therapy.", "unsupported", None),
    # a bare frequency says neither "at least" nor "exactly": the "4 times/week" is not read (the age in the
    # label is, docs/notes/issue-5-values4.md)
    ("≥ 20 y/o patients with NLCs: (1) 4 times/week, last 2 weeks; (2) Occurred in nighttime or resting time of "
     "daytime", "partial", "age >= 20 year"),
    # the counted noun left out by the lexer: no subject to pin the count on
    ("Previous antihypertensive treatment with more than one drug.", "unsupported", None),
    # a count with its own comparison after the counted thing
    ("Have at least one child ≤6 years of age", "partial", '"child" <= 6 year'),
]


@pytest.mark.parametrize("text,cls,reading", CASES + GUARDS)
def test_reading(text, cls, reading):
    assert _read(text) == (cls, reading)


@pytest.mark.parametrize("text,role,reading", WITH_ROLE)
def test_with_role(text, role, reading):
    assert _read(text, role) == ("partial", reading)
