"""Procedures round 4 (screener/data/procedures.csv, docs/notes/issue-5-procedures4.md): real LCT/Chia lines
that were partial or unsupported only because a procedure wording was unknown -> procedure rules, and FHIR
Procedure records coded with the rows' codes (not only each row's first code) deciding them alike in both
engines; codes the lists leave out do not count."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.coverage import line_class
from screener.vocab import vocabulary
from tests.both_engines import screen_both
from tests.lines import line
from tests.procedure_records import done as _done
from tests.procedure_records import procedure_bundle

AS_OF = dt.date(2026, 9, 1)

NEW = ("bilateral_oophorectomy", "hip_revision", "ventral_hernia_repair",
       "heart_assist_device_implantation", "carpal_tunnel_release", "mitral_valve_repair", "abdominal_myomectomy",
       "lumbar_spine_surgery")

# real LCT/Chia lines (../shared/corpus), the rule each compiles to and its coverage class: all were
# unsupported or partial before this round
LINES = [
    # (session 11: the pacemaker status, Z95.0 or the implantation's record through condition_procedures.csv; a
    # procedure row of its own passed a patient recorded with Z95.0 alone)
    ("Previous pacemaker implantation.", "exclusion", "history of pacemaker", "full"),
    ("Bilateral oophorectomy", "exclusion", "history of bilateral_oophorectomy", "full"),
    ("revision hip arthroplasty", "exclusion", "history of hip_revision", "full"),
    ("ventral hernia repair", "exclusion", "history of ventral_hernia_repair", "full"),
    ("Ventricular Assist Device Surgery", "exclusion", "history of heart_assist_device_implantation", "full"),
    ("Previous carpal tunnel decompressive surgery", "exclusion", "history of carpal_tunnel_release", "full"),
    ("history of mitral valvuloplasty;", "exclusion", "history of mitral_valve_repair", "full"),
    ("Patients who have had a prior abdominal myomectomy", "exclusion", "history of abdominal_myomectomy", "full"),
    ("Patients with previous lumbar surgery.", "exclusion", "history of lumbar_spine_surgery", "full"),
    ("Lumbar spinal surgery within the preceding six months", "exclusion", "lumbar_spine_surgery within 6 month",
     "full"),
    # new synonyms of round-2/3 rows
    ("Previous coronary artery bypass graft surgery within the previous 6 months", "exclusion", "cabg within 6 month",
     "full"),
    ("history of gastric resection surgery", "exclusion", "history of gastrectomy", "full"),
    # the rule is right, words are left out ('with mesh')
    ("ventral hernia repair with mesh", "exclusion", "history of ventral_hernia_repair", "partial"),
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
    # a narrower row shares its codes with the wider rows that already held them
    assert set(v.procedures_for_code("snomed", "116144002")) == {"hysterectomy", "uterine_surgery", "oophorectomy",
                                                                   "bilateral_oophorectomy"}   # TAH-BSO
    # a bilateral oophorectomy is an oophorectomy ("history of oophorectomy" counts it)
    assert set(v.procedures_for_code("snomed", "29827000")) == {"oophorectomy", "bilateral_oophorectomy"}
    assert set(v.procedures_for_code("snomed", "64253000")) == {"cardiac_surgery", "heart_assist_device_implantation"}
    assert set(v.procedures_for_code("snomed", "50172003")) == {"spinal_surgery", "lumbar_spine_surgery"}
    assert set(v.procedures_for_code("snomed", "265059000")) == {"myomectomy", "uterine_surgery",
                                                                   "abdominal_myomectomy"}
    # and what the words do not say is not on the lists
    assert v.procedures_for_code("snomed", "83152002") == ("oophorectomy",)        # oophorectomy, side not said
    assert v.procedures_for_code("snomed", "44558001") == ()                       # inguinal hernia repair
    assert v.procedures_for_code("snomed", "53059001") == ("cardiac_surgery", "heart_valve_replacement")  # MVR (round 5)
    assert "abdominal_myomectomy" not in v.procedures_for_code("snomed", "236901008")   # endoscopic myomectomy
    assert "lumbar_spine_surgery" not in v.procedures_for_code("snomed", "448944002")   # thoracolumbar fusion
    assert v.procedures_for_code("snomed", "233185009") == ()                      # pacemaker reprogramming
    assert v.procedures_for_code("snomed", "47534009") == ()                       # median nerve decompression


# ---- records: both engines --------------------------------------------------------------

# the corpus lines above that compile whole
CRITERIA = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* Previous pacemaker implantation.
* Bilateral oophorectomy
* revision hip arthroplasty
* ventral hernia repair
* Ventricular Assist Device Surgery
* Previous carpal tunnel decompressive surgery
* history of mitral valvuloplasty;
* Patients who have had a prior abdominal myomectomy
* Patients with previous lumbar surgery.
* Lumbar spinal surgery within the preceding six months
* Previous coronary artery bypass graft surgery within the previous 6 months
* history of gastric resection surgery
"""
IDS = [f"E{i}" for i in range(1, 13)]

# each record coded with a variant code, not the row's first one (E9 and E10 share the lumbar fusion)
VARIANTS = [
    _done("54974006", "Insertion of permanent pacemaker with transvenous electrodes, ventricular", "2019-02-02"),  # E1
    _done("29827000", "Excision of bilateral fallopian tubes and ovaries", "2011-03-03"),                   # E2
    _done("112727005", "Revision of hip replacement", "2020-04-04"),                                         # E3
    _done("737067005", "Repair of ventral hernia using graft", "2018-05-05"),                                # E4
    _done("64253000", "Implantation of heart assist system", "2022-06-06"),                                  # E5
    _done("359901001", "Neuroplasty and transposition of median nerve at carpal tunnel", "2015-07-07"),      # E6
    _done("74406002", "Open heart valvuloplasty of mitral valve without replacement", "2016-08-08"),         # E7
    _done("265059000", "Open myomectomy", "2012-09-09"),                                                     # E8
    _done("34238000", "Lumbar and lumbosacral fusion by posterior technique", "2026-05-01"),                # E9, E10
    _done("232720001", "Coronary artery bypass grafts x 2", "2026-06-01"),                                   # E11
    _done("49209004", "Subtotal gastrectomy", "2010-10-10"),                                                 # E12
]


def test_variant_codes_decide_the_lines_in_both_engines():
    got, result = screen_both(CRITERIA, procedure_bundle(*VARIANTS), AS_OF)
    assert [got[i] for i in IDS] == ["met"] * 12
    ev = {c.id: [(e.kind, e.about, e.record) for e in c.evidence] for c in result.criteria}
    assert ev["E3"] == [("procedure", "hip_revision", "Procedure/x2")]
    assert ev["E6"] == [("procedure", "carpal_tunnel_release", "Procedure/x5")]


def test_without_the_procedures_the_lines_are_not_met():
    got, _ = screen_both(CRITERIA, procedure_bundle(), AS_OF)
    assert [got[i] for i in IDS] == ["not_met"] * 12


def test_windows_read_the_new_procedures_dates():
    old = [_done("50172003", "Lumbar spinal fusion", "2025-12-01"),                    # > 6 months before
           _done("232717009", "Coronary artery bypass grafting", "2025-01-01")]
    got, _ = screen_both(CRITERIA, procedure_bundle(*old), AS_OF)
    assert (got["E9"], got["E10"], got["E11"]) == ("met", "not_met", "not_met")


def test_what_the_lists_leave_out_does_not_count():
    out = [_done("233185009", "Reprogramming of cardiac pacemaker", "2019-02-02"),
           _done("83152002", "Oophorectomy", "2011-03-03"),
           _done("44558001", "Repair of inguinal hernia", "2018-05-05"),
           _done("47534009", "Decompression of median nerve", "2015-07-07"),
           _done("53059001", "Replacement of mitral valve", "2016-08-08"),
           _done("236901008", "Endoscopic myomectomy", "2012-09-09"),
           _done("448944002", "Fusion of thoracolumbar region of spine by posterior approach", "2026-05-01")]
    got, _ = screen_both(CRITERIA, procedure_bundle(*out), AS_OF)
    assert [got[i] for i in ("E1", "E2", "E4", "E6", "E7", "E8", "E9", "E10")] == ["not_met"] * 8
