"""Procedures round 3 (screener/data/procedures.csv, docs/notes/issue-5-procedures3.md): real LCT/Chia lines
that were partial or unsupported only because a procedure wording was unknown -> procedure rules, and FHIR
Procedure records coded with the rows' codes (not only each row's first code) deciding them alike in both
engines."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.coverage import line_class
from screener.vocab import vocabulary
from tests.both_engines import screen_both
from tests.procedure_records import done as _done
from tests.procedure_records import procedure_bundle
from tests.lines import line

AS_OF = dt.date(2026, 9, 1)

NEW = ("uterine_surgery", "gastric_surgery", "cardiac_surgery", "coronary_revascularization", "lung_surgery",
       "pneumonectomy", "knee_surgery", "spinal_surgery", "vitrectomy", "lumbar_puncture", "ercp", "corneal_transplant")

# real LCT/Chia lines (../shared/corpus), the rule each compiles to and its coverage class: all were
# unsupported or partial before this round
LINES = [
    ("Previous uterine surgery.", "exclusion", "history of uterine_surgery", "full"),
    ("No history of uterine surgery.", "inclusion", "not (history of uterine_surgery)", "full"),
    ("History of gastric surgery", "exclusion", "history of gastric_surgery", "full"),
    ("Previous gastric resection", "exclusion", "history of gastrectomy", "full"),
    ("Prior cardiac surgery", "exclusion", "history of cardiac_surgery", "full"),
    ("had a cardiac surgery in the past three months", "exclusion", "cardiac_surgery within 3 month", "full"),
    # (the window reached only the procedure, not the diagnosis before it: partial, rule.window_scope)
    ("Myocardial infarction or myocardial revascularization within the last 3 months of screening;", "exclusion",
     "coronary_revascularization within 3 month", "partial"),
    ("Stroke or coronary revascularization in the past 6 months.", "exclusion",
     "coronary_revascularization within 6 month", "partial"),
    ("Any lung surgery within the past two years.", "exclusion", "lung_surgery within 2 year", "full"),
    ("Pneumonectomy", "exclusion", "history of pneumonectomy", "full"),
    ("The subject has a history of knee surgery.", "exclusion", "history of knee_surgery", "full"),
    ("Patients with a history of spinal surgery", "exclusion", "history of spinal_surgery", "full"),
    ("Patients with history of vitrectomy.", "exclusion", "history of vitrectomy", "full"),
    ("Lumbar puncture within the previous two weeks", "exclusion", "lumbar_puncture within 2 week", "full"),
    ("Prior ERCP.", "exclusion", "history of ercp", "full"),
    ("History of penetrating keratoplasty.", "exclusion", "history of corneal_transplant", "full"),
    # the rule is right, words are left out ('in the study eye', 'laser treatment')
    ("Previous pars plana vitrectomy in the study eye", "exclusion", "history of vitrectomy", "partial"),
]


@pytest.mark.parametrize("text, role, canonical, cls", LINES, ids=[t[:60] for t, *_ in LINES])
def test_corpus_lines_compile_to_the_new_procedures(text, role, canonical, cls):
    c = line(text, role)
    assert (c.canonical, line_class(c)) == (canonical, cls)


@pytest.mark.parametrize("text", ["Major surgery within 4 weeks", "Any surgery during last 6 month"])
def test_generic_surgery_stays_unmapped(text):
    # "surgery" and "major surgery" name no code set (the brief): they stay out of the vocabulary
    assert not any(t.kind == "procedure" for t in vocabulary().lookup("major surgery"))
    assert not any(t.kind == "procedure" for t in vocabulary().lookup("surgery"))
    assert line_class(line(text, "exclusion")) != "full"


def test_the_new_rows_are_snomed_code_sets_reached_by_name():
    v = vocabulary()
    for pid in NEW:
        p = v.procedures[pid]
        assert p.codes and all(s == "snomed" and c.isdigit() for s, c in p.codes), pid
        assert len(set(p.codes)) == len(p.codes), pid
        assert any(t.kind == "procedure" and t.id == pid for t in v.lookup(p.name)), pid
    # a category holds the common coded forms of its members
    assert set(v.procedures_for_code("snomed", "236886002")) == {"hysterectomy", "uterine_surgery"}
    assert set(v.procedures_for_code("snomed", "11466000")) == {"cesarean_section", "uterine_surgery"}
    assert set(v.procedures_for_code("snomed", "430715008")) == {"bariatric_surgery", "gastric_surgery"}
    assert set(v.procedures_for_code("snomed", "232717009")) == {"cabg", "cardiac_surgery",
                                                                   "coronary_revascularization"}
    assert v.procedures_for_code("snomed", "26212005") == ("cardiac_surgery", "heart_valve_replacement")  # AVR (round 5)
    assert set(v.procedures_for_code("snomed", "11101003")) == {"pci", "coronary_revascularization"}  # PTCA
    assert set(v.procedures_for_code("snomed", "49795001")) == {"lung_surgery", "pneumonectomy"}
    assert set(v.procedures_for_code("snomed", "609588000")) == {"knee_replacement", "knee_surgery"}
    # and what is not the procedure is not
    assert v.procedures_for_code("snomed", "232834008") == ()   # balloon aortic valvotomy: a catheter procedure
    assert v.procedures_for_code("snomed", "54956002") == ()    # gastrostomy
    assert v.procedures_for_code("snomed", "176820000") == ()   # curettage of uterus
    assert v.procedures_for_code("snomed", "88039007") == ()    # transplant of lung: a condition group of its own


# ---- records: both engines --------------------------------------------------------------

# the corpus lines above that compile whole
CRITERIA = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* Previous uterine surgery.
* History of gastric surgery
* Previous gastric resection
* Prior cardiac surgery
* had a cardiac surgery in the past three months
* Myocardial revascularization within the last 3 months of screening;
* Any lung surgery within the past two years.
* Pneumonectomy
* The subject has a history of knee surgery.
* Patients with a history of spinal surgery
* Patients with history of vitrectomy.
* Lumbar puncture within the previous two weeks
* Prior ERCP.
* History of penetrating keratoplasty.
* history of PCI
"""
IDS = [f"E{i}" for i in range(1, 16)]

# each record coded with a variant code, not the row's first one (E4 and E5 share the valve replacement)
VARIANTS = [
    _done("265056007", "Vaginal hysterectomy", "2010-03-03"),                                       # E1
    _done("314128006", "Laparoscopic Nissen fundoplication using abdominal approach", "2015-06-01"),  # E2
    _done("49209004", "Subtotal gastrectomy", "2012-02-02"),                                        # E3
    _done("26212005", "Replacement of aortic valve", "2026-07-15"),                                 # E4, E5
    _done("429639007", "Percutaneous transluminal balloon angioplasty with insertion of stent into coronary "
                       "artery", "2026-08-01"),                                                     # E6, E15
    _done("359623004", "Total lobectomy of lung", "2025-01-10"),                                    # E7
    _done("49795001", "Total pneumonectomy", "2005-05-05"),                                         # E8
    _done("309431009", "Arthroscopy of knee", "2018-10-10"),                                        # E9
    _done("50172003", "Lumbar spinal fusion", "2001-07-07"),                                        # E10
    _done("87021001", "Mechanical vitrectomy by pars plana approach", "2016-04-04"),                # E11
    _done("277762005", "Lumbar puncture", "2026-08-25"),                                            # E12
    _done("386718000", "Endoscopic retrograde cholangiopancreatography", "2014-01-20"),             # E13
    _done("42101009", "Penetrating keratoplasty", "2008-08-08"),                                    # E14
]


def test_variant_codes_decide_the_lines_in_both_engines():
    got, result = screen_both(CRITERIA, procedure_bundle(*VARIANTS), AS_OF)
    assert [got[i] for i in IDS] == ["met"] * 15
    ev = {c.id: [(e.kind, e.about, e.record) for e in c.evidence] for c in result.criteria}
    assert ev["E4"] == [("procedure", "cardiac_surgery,heart_valve_replacement", "Procedure/x3")]  # round 5 row
    assert ev["E13"] == [("procedure", "ercp", "Procedure/x11")]


def test_without_the_procedures_the_lines_are_not_met():
    got, _ = screen_both(CRITERIA, procedure_bundle(), AS_OF)
    assert [got[i] for i in IDS] == ["not_met"] * 15


def test_windows_read_the_new_procedures_dates():
    old = [_done("26212005", "Replacement of aortic valve", "2026-04-01"),                      # > 3 months before
           _done("41339005", "Coronary angioplasty", "2026-05-01"),
           _done("173171007", "Lobectomy of lung", "2024-06-01"),                               # > 2 years before
           _done("277762005", "Lumbar puncture", "2026-08-10")]                                 # > 2 weeks before
    got, _ = screen_both(CRITERIA, procedure_bundle(*old), AS_OF)
    assert (got["E4"], got["E5"], got["E6"], got["E7"], got["E12"]) == ("met", "not_met", "not_met", "not_met",
                                                                        "not_met")
    assert got["E15"] == "met"   # "history of PCI" has no window


def test_what_the_lists_leave_out_does_not_count():
    out = [_done("232834008", "Balloon aortic valvotomy", "2026-08-01"),
           _done("54956002", "Gastrostomy", "2015-06-01"),
           _done("176820000", "Curettage of uterus", "2010-03-03"),
           _done("88039007", "Transplant of lung", "2025-01-10")]
    got, _ = screen_both(CRITERIA, procedure_bundle(*out), AS_OF)
    assert [got[i] for i in ("E1", "E2", "E4", "E5", "E7", "E8")] == ["not_met"] * 6
