"""Procedures round 2 (screener/data/procedures.csv, docs/notes/issue-5-procedures2.md): real LCT/Chia
lines -> procedure rules, and FHIR Procedure records coded with the new SNOMED CT codes (not only each
row's first code) deciding them alike in both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.compile import compile_rule
from screener.coverage import line_class
from screener.ir.canonical import render
from screener.vocab import vocabulary
from tests.both_engines import screen_both
from tests.procedure_records import done as _done
from tests.procedure_records import procedure_bundle
from tests.lines import line

AS_OF = dt.date(2026, 9, 1)

NEW = ("blood_transfusion", "cataract_surgery", "cardiac_ablation", "intubation", "gastrectomy", "colectomy",
       "nephrectomy", "prostatectomy", "radical_prostatectomy", "laparotomy", "craniotomy", "sternotomy",
       "myomectomy", "hepatectomy", "amputation")

# real LCT/Chia lines (../shared/corpus), the rule each compiles to and its coverage class
LINES = [
    ("Blood transfusion within 4 weeks prior to Screening", "exclusion", "blood_transfusion within 4 week", "full"),
    ("previous transfusion of blood products", "exclusion", "history of blood_transfusion", "full"),
    ("No previous blood transfusion", "inclusion", "not (history of blood_transfusion)", "full"),
    ("history of gastrectomy,", "inclusion", "history of gastrectomy", "full"),
    ("History of gastrectomy, short bowel syndrome;", "exclusion", "(history of gastrectomy) or (icd10_k90_82)", "full"),
    ("prior caesarean section or myomectomy", "exclusion",
     "(history of cesarean_section) or (history of myomectomy)", "full"),
    # the rule is right, a word is left out ('abdominal', 'open', 'as', 'unilateral or bilateral', ...)
    # (round 4: 'abdominal myomectomy' is a row of its own, the line compiles whole; tests/test_procedures4.py)
    ("Patients who have had a prior abdominal myomectomy", "exclusion", "history of abdominal_myomectomy", "full"),
    ("patients with intra-ocular surgery as cataract surgery within 6 months", "exclusion",
     "cataract_surgery within 6 month", "partial"),
    ("previous intubation or apnea history", "exclusion", "(history of intubation) or (history of icd10_r06_81)",
     "full"),
    ("patients with unilateral or bilateral nephrectomy", "exclusion", "history of nephrectomy", "partial"),
    ("History of previous open-laparotomy.", "exclusion", "history of laparotomy", "partial"),
    ("Prior lung transplant, LVRS, median sternotomy, bullectomy or lobectomy.", "exclusion",
     "(history of lung_transplant) or (history of sternotomy)", "partial"),
    ("Patients with liver cancer resection or partial liver resection were performed within 3 months.", "exclusion",
     "hepatectomy within 3 month", "partial"),  # (the window reached only the resection: rule.window_scope)
    ("patients with lower or upper extremity amputations at any level", "exclusion", "history of amputation",
     "partial"),
    ("Neoadjuvant treatment prior to radiation therapy or radical prostatectomy, provided that the total duration "
     "of exposure does not exceed 10 months.", "inclusion",
     '((history of radiotherapy) or (history of radical_prostatectomy)) and ("provided total exposure" <= 10 month)',
     "partial"),
    # a procedure the trial does is a manual check, as in round 1
    ("Patients undergoing robotic-assisted laparoscopic prostatectomy", "inclusion",
     'manual "scheduled for or undergoing prostatectomy"', "partial"),
    ("Patients undergoing colon resection", "inclusion", 'manual "scheduled for or undergoing colectomy"', "partial"),
    ("Any patients that will be submitted to phacoemulsification surgery in the Hospital de Clinicas of State "
     "University of Campinas (BRAZIL)", "inclusion", 'manual "scheduled for or undergoing cataract surgery"', "partial"),
]


@pytest.mark.parametrize("text, role, canonical, cls", LINES, ids=[t[:60] for t, *_ in LINES])
def test_corpus_lines_compile_to_the_new_procedures(text, role, canonical, cls):
    c = line(text, role)
    assert (c.canonical, line_class(c)) == (canonical, cls)


@pytest.mark.parametrize("text", [
    "History of: craniotomy, cerebral metastases, cerebrovascular accident; current diagnosis of seizure disorder, "
    "schizophrenia, bipolar disorder, dementia, mental retardation",
])
def test_a_procedure_in_a_history_list(text):
    assert render(compile_rule(text, role="exclusion")).startswith("(history of craniotomy) or ")


def test_the_new_rows_are_snomed_code_sets_reached_by_name():
    v = vocabulary()
    for pid in NEW:
        p = v.procedures[pid]
        assert p.codes and all(s == "snomed" and c.isdigit() for s, c in p.codes), pid
        assert len(set(p.codes)) == len(p.codes), pid
        assert any(t.kind == "procedure" and t.id == pid for t in v.lookup(p.name)), pid
    # the common coded forms are on the lists: laparoscopic, robotic, partial and named variants
    # laparoscopic sleeve gastrectomy (round 3: also a gastric_surgery)
    assert set(v.procedures_for_code("snomed", "427074001")) == {"gastrectomy", "gastric_surgery"}
    assert v.procedures_for_code("snomed", "787874000") == ("colectomy",)        # laparoscopic total colectomy
    assert v.procedures_for_code("snomed", "439235001") == ("nephrectomy",)      # laparoscopic radical nephrectomy
    assert set(v.procedures_for_code("snomed", "708919000")) == {"prostatectomy", "radical_prostatectomy"}
    assert v.procedures_for_code("snomed", "90199006") == ("prostatectomy",)     # transurethral: not radical
    assert v.procedures_for_code("snomed", "415089008") == ("cataract_surgery",)  # phaco with lens implant
    assert v.procedures_for_code("snomed", "71493000") == ("blood_transfusion",)  # packed red cells
    assert v.procedures_for_code("snomed", "180207008") == ("blood_transfusion",)  # as Synthea writes it
    assert v.procedures_for_code("snomed", "18286008") == ("cardiac_ablation",)   # as Synthea writes it
    assert v.procedures_for_code("snomed", "232674004") == ("intubation",)       # orotracheal intubation
    # and what is not the procedure is not
    assert v.procedures_for_code("snomed", "232685002") == ()   # insertion of tracheostomy tube
    assert v.procedures_for_code("snomed", "387626007") == ()   # amputation of cervix
    assert v.procedures_for_code("snomed", "27280000") == ()    # liver transplant with recipient hepatectomy


# ---- records: both engines --------------------------------------------------------------

def _bundle(*procedures: dict) -> dict:
    return procedure_bundle(*procedures, gender="male")


# the lines that compile whole, then the rules the partial lines above compiled to (their canonical text:
# a partial line itself is never decided, its left-out words leave it unknown)
CRITERIA = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* Blood transfusion within 4 weeks prior to Screening
* history of cardiac_ablation
* History of gastrectomy, short bowel syndrome;
* prior caesarean section or myomectomy
* history of intubation
* cataract_surgery within 6 month
* history of nephrectomy
* history of laparotomy
* history of sternotomy
* history of amputation
* hepatectomy within 3 month
* history of colectomy
* history of prostatectomy
* history of radical_prostatectomy
* history of craniotomy
"""
IDS = [f"E{i}" for i in range(1, 16)]

# each record coded with a variant code, not the row's first one
VARIANTS = [
    _done("71493000", "Transfusion of packed red blood cells", "2026-08-20"),                      # E1
    _done("233163003", "Radiofrequency ablation operation for arrhythmia", "2019-02-11"),          # E2
    _done("427074001", "Laparoscopic sleeve gastrectomy", "2015-06-01"),                            # E3
    _done("265059000", "Open myomectomy", "2010-03-03"),                                            # E4
    _done("232674004", "Orotracheal intubation", "2021-01-15"),                                     # E5
    _done("415089008", "Phacoemulsification of cataract with intraocular lens implantation", "2026-05-02"),  # E6
    _done("439235001", "Laparoscopic radical nephrectomy", "2018-10-10"),                           # E7
    _done("74770008", "Exploratory laparotomy", "2001-07-07"),                                      # E8
    _done("359672006", "Median sternotomy", "2012-12-12"),                                          # E9
    _done("79733001", "Amputation above-knee", "2016-04-04"),                                       # E10
    _done("71273005", "Partial hepatectomy", "2026-07-01"),                                         # E11
    _done("787874000", "Laparoscopic total colectomy", "2014-01-20"),                               # E12
    _done("708919000", "Laparoscopic radical prostatectomy using robotic assistance", "2017-09-09"),  # E13, E14
    _done("447107001", "Craniotomy and excision of neoplasm of brain", "2008-08-08"),               # E15
]


def test_variant_codes_decide_the_lines_in_both_engines():
    got, result = screen_both(CRITERIA, _bundle(*VARIANTS), AS_OF)
    assert [got[i] for i in IDS] == ["met"] * 15
    ev = {c.id: [(e.kind, e.about, e.record) for e in c.evidence] for c in result.criteria}
    assert ev["E2"] == [("procedure", "cardiac_ablation", "Procedure/x1")]
    assert ev["E3"] == [("procedure", "gastrectomy,gastric_surgery", "Procedure/x2")]   # round 3: two rows


def test_without_the_procedures_the_lines_are_not_met():
    got, _ = screen_both(CRITERIA, _bundle(), AS_OF)
    assert [got[i] for i in IDS] == ["not_met"] * 15


def test_windows_read_the_new_procedures_dates():
    old = [_done("71493000", "Transfusion of packed red blood cells", "2026-06-01"),     # > 4 weeks before
           _done("415089008", "Phacoemulsification of cataract with intraocular lens implantation", "2025-11-30"),
           _done("71273005", "Partial hepatectomy", "2026-05-01")]                      # > 3 months before
    got, _ = screen_both(CRITERIA, _bundle(*old), AS_OF)
    assert (got["E1"], got["E6"], got["E11"]) == ("not_met", "not_met", "not_met")


def test_what_the_lists_leave_out_does_not_count():
    out = [_done("232685002", "Insertion of tracheostomy tube", "2021-01-15"),
           _done("387626007", "Amputation of cervix", "2016-04-04"),
           _done("27280000", "Liver transplant with recipient hepatectomy", "2026-08-01"),
           _done("90199006", "Transurethral prostatectomy", "2020-02-02")]
    got, _ = screen_both(CRITERIA, _bundle(*out), AS_OF)
    assert [got[i] for i in ("E5", "E10", "E11", "E13", "E14")] == ["not_met", "not_met", "not_met", "met", "not_met"]


# ---- round 1 rows: their code lists now hold the common coded forms --------------------

CRITERIA_ROUND1 = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* history of MI, PCI or CABG
* Hysterectomy
* Prior colonoscopy
* Previous cesarean section
* Total hip arthroplasty
* Total knee arthroplasty
* On mechanical ventilation
"""

ROUND1_VARIANTS = [
    _done("414088005", "Emergency coronary artery bypass graft", "2020-05-05"),                      # E1
    _done("236888001", "Laparoscopic total hysterectomy", "2011-11-11"),                             # E2
    _done("444783004", "Screening colonoscopy", "2024-02-02"),                                       # E3
    _done("274130007", "Emergency cesarean section", "1995-09-09"),                                  # E4
    _done("179304004", "Primary uncemented total hip replacement", "2019-03-03"),                   # E5
    _done("179344006", "Primary cemented total knee replacement", "2018-06-06"),                    # E6
    {"status": "in-progress", "performedPeriod": {"start": "2026-08-30"},                            # E7
     "code": {"coding": [{"system": "http://snomed.info/sct", "code": "1258985005",
                          "display": "Invasive mechanical ventilation"}]}},
]


def test_round1_rows_read_their_variant_codes_in_both_engines():
    got, _ = screen_both(CRITERIA_ROUND1, _bundle(*ROUND1_VARIANTS), AS_OF)
    assert [got[f"E{i}"] for i in range(1, 8)] == ["met"] * 7
    got, _ = screen_both(CRITERIA_ROUND1, _bundle(), AS_OF)
    assert [got[f"E{i}"] for i in range(1, 8)] == ["not_met"] * 7


def test_round1_lists_leave_out_what_is_not_the_procedure():
    v = vocabulary()
    assert v.procedures_for_code("snomed", "252427007") == ()   # angiography of a coronary bypass graft
    assert v.procedures_for_code("snomed", "54130005") == ()    # hysteroscopic resection of a septum
    assert v.procedures_for_code("snomed", "764931001") == ()   # revision of one knee component
    # both (round 3: and uterine_surgery)
    assert set(v.procedures_for_code("snomed", "41059002")) == {"hysterectomy", "cesarean_section",
                                                                 "uterine_surgery"}


@pytest.mark.parametrize("text", ["Previous atrial ablation.", "Subject had any previous left atrial ablation."])
def test_a_wording_narrower_than_the_code_set_is_not_read(text):
    # the cardiac_ablation codes cover every cardiac ablation (VT, AV node, flutter); "atrial ablation" is
    # narrower, and read as the whole set it excluded anyone with any prior ablation (session review)
    assert "cardiac_ablation" not in (line(text, "exclusion").canonical or "")
