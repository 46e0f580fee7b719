"""The study rule kind (docs/rule-language.md, "Other studies"): corpus lines -> rules, FHIR ResearchSubject
(+ ResearchStudy) resources -> records, both engines deciding them alike (met / not_met / unknown)."""

from __future__ import annotations

import datetime as dt
import tempfile

import pytest

from screener import ir
from screener.compile import compile_line, compile_rule
from screener.coverage import line_class
from screener.evaluate.policy import DEFAULT_POLICY, Policy
from screener.ir.canonical import render
from screener.records.adapters.fhir import read_json
from screener.records.bind import bind_patients
from screener.store import read_patients, write_store
from screener.text.sections import split_criteria
from screener.vocab import vocabulary
from tests.both_engines import screen_both  # both engines, which must agree

AS_OF = dt.date(2026, 11, 1)
PHASE = "http://terminology.hl7.org/CodeSystem/research-study-phase"
DESIGN = "http://hl7.org/fhir/study-design"


def _line(text: str, role: str = "exclusion"):
    return compile_line(split_criteria(text, default_role=role).lines[0])


def _studies(text: str, role: str = "exclusion") -> list[str]:
    rule = _line(text, role).rule
    return [render(n) for n in ir.walk(rule) if isinstance(n, ir.Study)] if rule is not None else []


# real LCT/Chia lines (../shared/corpus) that compile whole, and their rule
FULL = [
    ("Participation in another clinical trial within the past 30 days.", "in a clinical study within 30 day"),
    ("Participation in any other clinical study within the last 3 months.", "in a clinical study within 3 month"),
    ("Those who participated in other clinical trials within 3 months before screening",
     "in a clinical study within 3 month"),
    ("Participated in any other research study within 60 days prior to screening", "in a clinical study within 60 day"),
    ("Inclusion in another study in the last 2 months.", "in a clinical study within 2 month"),
    ("Participating in the other clinical trial within 30 days;", "in a clinical study within 30 day"),
    ("Has used an investigational drug within the previous 30 days", "received an investigational product within 30 day"),
    ("Use of an investigational agent within 30 days.", "received an investigational product within 30 day"),
    ("Receipt of any investigational medicinal product within 30 days before randomization",
     "received an investigational product within 30 day"),
    ("Treatment with an investigational drug within 3 months prior to Day 1",
     "received an investigational product within 3 month"),
    ("Subjects participating another interventional clinical trial within 30 days prior to screening.",
     "received an investigational product within 30 day"),
    ("Participation in another investigational drug study in the prior 4 weeks",
     "received an investigational product within 4 week"),
    ("Participation in drug or devices investigative clinical trials in the last 30 days;",
     "received an investigational product within 30 day"),
    ("Concurrent participation in another clinical trial", "currently in a clinical study"),
    ("Patient is currently enrolled in another clinical trial", "currently in a clinical study"),
    ("Patient already included in another study", "currently in a clinical study"),
    ("Subject is currently involved in another investigational study.", "currently receiving an investigational product"),
    ("Subjects receiving any other investigational agents.", "currently receiving an investigational product"),
    # (these two were manual: ResearchSubject records now hold them; tests/test_manual_cues.py)
    ("Involved in another interventional study", "currently receiving an investigational product"),
    ("taking part in other clinical trials;", "currently in a clinical study"),
    ("current participation in another clinical trial or participation in another clinical trial within the last 4 weeks",
     "(currently in a clinical study) or (in a clinical study within 4 week)"),
    ("Is currently participating or has participated in a study with an investigational agent or using an "
     "investigational device within 4 weeks of the first dose of study medication",
     "(currently receiving an investigational product) or (received an investigational product within 4 week)"),
]


@pytest.mark.parametrize("text,want", FULL)
def test_corpus_lines_compile_whole(text, want):
    c = _line(text)
    assert line_class(c) == "full", c.diagnostics
    assert render(c.rule) == want


# real lines still partial (index words left out, as for drugs), but the study is read
PARTIAL = [
    ("Participation in another clinical trial within 30 days of the screening visit", ["in a clinical study within 30 day"]),
    ("Treatment with any investigational drug within 30 days of entry to this protocol",
     ["received an investigational product within 30 day"]),
    ("Received an investigational or non-registered medicinal product within 30 days prior to informed consent.",
     ["received an investigational product within 30 day"]),
    # the second half is a plan ("anticipated participation ... during this study"): not read
    ("Participation in another clinical trial within previous 30 days and/or anticipated participation in another "
     "trial during this study.", ["in a clinical study within 30 day"]),
]


@pytest.mark.parametrize("text,want", PARTIAL)
def test_corpus_lines_read_the_study(text, want):
    assert _studies(text) == want


# real lines where no other study the patient was in is said: no study rule
NOT_READ = [
    # this trial, a plan, a wish, consent
    "Previous enrolment in this study or treatment with an investigational drug or device under another study "
    "protocol in the past 30 days.",
    "Agrees not to participate in another clinical study/trial during the study period or to participate in an "
    "investigational drug study for at least one month after last study drug administration",
    "Patient must give written informed consent before participating in any study-specific procedure, randomization, "
    "or receiving investigational product.",
    "Persons referred to in Articles L1121-5 to L1121-8 of the French Public health Code: pregnant woman, parturient, "
    "nursing mother, person deprived of liberty by judicial or administrative decision, person subject to a legal "
    "protection measure, can not Be included in clinical trials.",
    # the trial's own product
    "Allergic to or intolerant of investigational medications",
    # money earned in trials, not participation
    "Patients having earned more than 4500€ in indemnities for participation in clinical trials during the previous "
    "12 months, including this study.",
    # a window widened by half-lives no record tells: left partial, never narrowed to 30 days
    "Exposure to any other investigational drug within 30 days or fewer than 5 half-lives prior to screening",
    "Use of an investigational drug within 30 days of randomization, or within 5 half-lives of the investigational "
    "drug (the longer period will apply)",
    # observational studies allowed
    "Participation in other interventional clinical trials, including those with other investigational agents not "
    "included in this trial, within 30 days of the start of this trial and throughout the duration of this trial. "
    "Non-interventional trials are allowed.",
    # when is not said; a kind of study no record tells
    "Participation in another clinical trial",
    "Subjects that are participating in a study with medicines or other medical devices.",
    "Current participation in a clinical trial or in any study that may add significant burden or affect study outcomes",
]


@pytest.mark.parametrize("text", NOT_READ)
def test_lines_that_name_no_other_study_read_none(text):
    assert _studies(text) == []


@pytest.mark.parametrize("text", [w for _t, w in FULL if " or " not in w])
def test_round_trip(text):
    rule = compile_rule(text, role="exclusion")
    assert rule is not None and render(rule) == text


# ---- data ---------------------------------------------------------------------------

STATES = {"candidate": False, "eligible": False, "ineligible": False, "not-registered": False,
          "pending-on-study": False, "potential-candidate": False, "screening": False, "on-study": True,
          "on-study-intervention": True, "on-study-observation": True, "follow-up": True, "off-study": True}


@pytest.mark.parametrize("state,enrolled", sorted(STATES.items()))
def test_each_subject_state(state, enrolled):
    assert vocabulary().subject_enrolled(state, True) is enrolled


def test_withdrawn_counts_only_with_a_start():
    v = vocabulary()
    assert v.subject_enrolled("withdrawn", True) is True and v.subject_enrolled("withdrawn", False) is False
    assert v.subject_enrolled("active", True) is None  # an R5 publication status says nothing


@pytest.mark.parametrize("code,want", [
    ("early-phase-1", True), ("phase-1", True), ("phase-1-phase-2", True), ("phase-2", True),
    ("phase-2-phase-3", True), ("phase-3", True), ("phase-4", True), ("SEVCO:01001", True), ("SEVCO:01002", False),
    ("n-a", None)])
def test_each_study_kind(code, want):
    from screener.records.model import Code
    assert vocabulary().study_interventional([Code(system=PHASE, code=code)]) is want


# ---- records ------------------------------------------------------------------------

def _subject(k, status="on-study", start=None, end=None, study="s1", r5=False):
    r = {"resourceType": "ResearchSubject", "id": f"rs{k}", "study": {"reference": f"ResearchStudy/{study}"}}
    if r5:
        r["status"] = "active"
        r["subject"] = {"reference": "Patient/p1"}
        r["progress"] = [{"subjectState": {"coding": [{"code": status}]}, **({"startDate": start} if start else {}),
                          **({"endDate": end} if end else {})}]
    else:
        r["status"] = status
        r["individual"] = {"reference": "Patient/p1"}
        period = {**({"start": start} if start else {}), **({"end": end} if end else {})}
        if period:
            r["period"] = period
    return r


def _study(sid="s1", phase=None, design=None, title="Study of drug X"):
    r = {"resourceType": "ResearchStudy", "id": sid, "status": "active", "title": title,
         "identifier": [{"value": "NCT00000001"}]}
    if phase:
        r["phase"] = {"coding": [{"system": PHASE, "code": phase}]}
    if design:
        r["studyDesign"] = [{"coding": [{"system": DESIGN, "code": design}]}]
    return r


def _bundle(*resources):
    return {"resourceType": "Bundle", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "birthDate": "1970-01-01", "gender": "female"}},
        *({"resource": r} for r in resources)]}


def test_fhir_reads_r4_and_r5_subjects_and_their_study():
    [p] = bind_patients(read_json(_bundle(
        _study(phase="phase-2"), _subject(0, start="2026-10-01"),
        _subject(1, "off-study", "2025-01-01", "2025-06-01", study="zz", r5=True)), "b.json"))
    a, b = p.studies
    assert (a.status, a.start, a.end, a.study_title, a.study_ids, a.enrolled, a.interventional) == (
        "on-study", dt.date(2026, 10, 1), None, "Study of drug X", ["NCT00000001"], True, True)
    assert (b.status, b.start, b.end, b.enrolled, b.interventional) == (
        "off-study", dt.date(2025, 1, 1), dt.date(2025, 6, 1), True, None)
    assert a.origin.resource == "ResearchSubject/rs0"


def test_the_store_keeps_studies():
    patients = bind_patients(read_json(_bundle(_study(design="SEVCO:01002"), _subject(0, start="2026-10-01")), "b.json"))
    with tempfile.TemporaryDirectory() as store:
        write_store(patients, store)
        [(_pid, back)] = list(read_patients(store))
    [s] = back.studies
    assert (s.status, s.start, s.enrolled, s.interventional, s.study_title) == (
        "on-study", dt.date(2026, 10, 1), True, False, "Study of drug X")


# ---- both engines -------------------------------------------------------------------

CRITERIA = """Exclusion Criteria:
- Participation in another clinical trial within the past 30 days.
- Has used an investigational drug within the previous 30 days
- Concurrent participation in another clinical trial
"""
COMPLETE = Policy(studies="complete")


def _screen(*resources, policy=COMPLETE):
    got, result = screen_both(CRITERIA, _bundle(*resources), AS_OF, policy=policy)
    return [got["E1"], got["E2"], got["E3"]], result


CASES = [
    # (resources, [trial within 30 days, investigational within 30 days, currently in a study])
    ((_study(phase="phase-2"), _subject(0, start="2026-10-20")), ["met", "met", "met"]),
    # a study of unknown kind: in a study, but whether it was investigational is not told
    ((_subject(0, start="2026-10-20", study="zz"),), ["met", "unknown", "met"]),
    # an observational study: no investigational product
    ((_study(design="SEVCO:01002"), _subject(0, start="2026-10-20")), ["met", "not_met", "met"]),
    # over long before the window
    ((_study(phase="phase-3"), _subject(0, "off-study", "2025-01-01", "2025-06-01")), ["not_met", "not_met", "not_met"]),
    # started before the window and still on: overlaps it
    ((_study(phase="phase-3"), _subject(0, start="2024-01-01")), ["met", "met", "met"]),
    # ended inside the window: in it, but not now
    ((_study(phase="phase-3"), _subject(0, "off-study", "2026-01-01", "2026-10-15")), ["met", "met", "not_met"]),
    # left on a date not recorded, having started before the window
    ((_study(phase="phase-3"), _subject(0, "off-study", "2026-01-01")), ["unknown", "unknown", "unknown"]),
    # a candidate, screened, never in the study: no participation record (complete history: not met)
    ((_study(phase="phase-3"), _subject(0, "candidate", "2026-10-20")), ["not_met", "not_met", "not_met"]),
    # withdrawn before it started
    ((_study(phase="phase-3"), _subject(0, "withdrawn")), ["not_met", "not_met", "not_met"]),
    # starts after as_of
    ((_study(phase="phase-3"), _subject(0, start="2026-12-01")), ["not_met", "not_met", "not_met"]),
    # an R5 record (progress), on study now
    ((_study(phase="phase-1"), _subject(0, "on-study-intervention", "2026-10-25", r5=True)), ["met", "met", "met"]),
    # a status the record does not tell (an R5 publication status and no progress): unknown
    (({"resourceType": "ResearchSubject", "id": "rs9", "status": "active", "subject": {"reference": "Patient/p1"},
       "study": {"reference": "ResearchStudy/s1"}, "period": {"start": "2026-10-20"}}, _study(phase="phase-2")),
     ["unknown", "unknown", "unknown"]),
    # no start date
    ((_study(phase="phase-3"), _subject(0)), ["unknown", "unknown", "unknown"]),
    # two records: an old one and an unknown-kind one in the window
    ((_study(phase="phase-3"), _subject(0, "off-study", "2020-01-01", "2020-02-01"),
      _subject(1, start="2026-10-28", study="zz")), ["met", "unknown", "met"]),
]


@pytest.mark.parametrize("resources,want", CASES)
def test_both_engines_decide(resources, want):
    got, _result = _screen(*resources)
    assert got == want


def test_no_record_is_unknown_by_default_and_not_met_when_complete():
    assert DEFAULT_POLICY.studies == "open"
    assert _screen(policy=DEFAULT_POLICY)[0] == ["unknown", "unknown", "unknown"]
    assert _screen(policy=COMPLETE)[0] == ["not_met", "not_met", "not_met"]
    # open: a candidate record is no participation record either
    assert _screen(_study(phase="phase-3"), _subject(0, "candidate", "2026-10-20"), policy=DEFAULT_POLICY)[0] == [
        "unknown", "unknown", "unknown"]


def test_evidence_names_the_research_subject():
    _got, result = _screen(_study(phase="phase-2"), _subject(0, start="2026-10-20"))
    [ev] = result.criteria[0].evidence
    assert (ev.kind, ev.record, ev.about, ev.date) == ("study", "ResearchSubject/rs0", "Study of drug X",
                                                       dt.date(2026, 10, 20))


def test_an_expectancy_is_no_expectation():
    # "expect" is a plan word; "life expectancy" before a study is not ("expected participation" is)
    text = '("life expectancy" within 1 hour) and (currently in a clinical study)'
    assert render(compile_rule(text)) == text


def test_a_study_now_by_its_verb_alone_before_a_windowed_one_is_not_read_alone():
    # session-12 review: "included in another trial" read as current participation, while the window after
    # "or" is likely both items'; the line is partial, the windowed item still read
    from screener.compile import compile_text

    (c,) = compile_text(
        "Exclusion Criteria:\n- Patients included in another trial or having been given investigational drugs "
        "within 12 weeks prior to screening").criteria
    assert c.status == "partial"
    assert c.canonical == "received an investigational product within 12 week"


@pytest.mark.parametrize("text", [
    # a cue word in another bracket of a canonical text is not this study's (hypothesis found these)
    '(allergy to penicillin) and (in a clinical study within 1 hour)',
    '(manual "willing to comply") and (in a clinical study within 1 hour)',
])
def test_a_cue_word_in_another_bracket_leaves_the_study_read(text):
    assert "(in a clinical study within 1 hour)" in render(compile_rule(text, "exclusion"))
