"""Stage 1: registry eligibility text -> sections -> criterion lines.

The central property: nothing is dropped silently.  Every non-blank source
character lies in a criterion's span, in the bullet marker removed from it,
or in a SplitNote; and every character of a criterion's text maps back to
the same character of the source (``assert_accounted_for``).
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener.text.lines import CriterionLine
from screener.text.registry import RegistryRecord, read_registry_record
from screener.text.sections import SplitResult, split_criteria

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).parent / "fixtures" / "sections"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")

_BREAK = re.compile(r"\r\n|\r|\n")


# --------------------------------------------------------------------------
# The invariant
# --------------------------------------------------------------------------


class _Positions:
    """1-based line and column of a source offset, as the splitter counts them."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def of(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def assert_accounted_for(text: str, result: SplitResult | RegistryRecord,
                         window: tuple[int, int] | None = None) -> None:
    """``window``: only ``text[begin:stop]`` was split."""
    begin, stop = window if window is not None else (0, len(text))
    covered = bytearray(len(text))
    positions = _Positions(text)
    ids = set()
    for ln in result.lines:
        assert ln.id not in ids, f"duplicate id {ln.id}"
        ids.add(ln.id)
        assert ln.parent is None or ln.parent in ids, f"{ln.id}: parent {ln.parent} not seen before it"
        assert 0 <= ln.start < ln.end <= len(text), ln
        assert (ln.line, ln.column) == positions.of(ln.start), ln
        assert len(ln.offsets) == len(ln.text)
        covered[ln.start:ln.end] = b"\x01" * (ln.end - ln.start)
        if ln.structured:
            value = ln.text.partition(": ")[2]
            assert text[ln.start:ln.end] == value
            continue
        _assert_text_maps_back(text, ln)
        if ln.marker_span is not None:
            s, e = ln.marker_span
            assert text[s:e] == ln.marker and e <= ln.start
            covered[s:e] = b"\x01" * (e - s)
    for note in result.notes:
        assert 0 <= note.start <= note.end <= len(text), note
        if note.end > note.start:
            assert (note.line, note.column) == positions.of(note.start), note
        covered[note.start:note.end] = b"\x01" * (note.end - note.start)
    missed = [i for i in range(begin, stop) if not covered[i] and not text[i].isspace()]
    assert not missed, f"dropped silently: {text[missed[0]:missed[0] + 40]!r} at {missed[0]}"


def _assert_text_maps_back(text: str, ln: CriterionLine) -> None:
    assert ln.text == ln.text.strip() and ln.text, ln
    assert ln.offsets[0] == ln.start and ln.offsets[-1] == ln.end - 1, ln
    offsets = ln.offsets
    for i, (ch, at) in enumerate(zip(ln.text, offsets)):
        assert i == 0 or offsets[i - 1] < at or (offsets[i - 1] == at and ln.text[i - 1] == " "), (ln.id, i)
        joins = ch == " " and i + 1 < len(offsets) and offsets[i + 1] == at
        if joins:  # one space standing for a line break: it maps to the next character
            assert text[at] == ln.text[i + 1] and _BREAK.search(text, offsets[i - 1], at), (ln.id, i)
        else:
            assert ch == text[at], (ln.id, i, ch, text[at])
    # every non-blank source character inside the span made it into the text
    source_visible = sum(1 for ch in text[ln.start:ln.end] if not ch.isspace())
    assert source_visible == sum(1 for ch in ln.text if not ch.isspace()), ln


def texts(lines) -> list[str]:
    return [ln.text for ln in lines]


# --------------------------------------------------------------------------
# The seed trials
# --------------------------------------------------------------------------

SEED_INCLUSION = [
    "persistent positive of antiphospholipid antibody (either lupus anticoagulant, anti-cardiolipin "
    "antibody, or anti-b2GP1 antibody, at least two times with 12 weeks apart)",
    "persistent thrombocytopenia (30-100×10\\^9/L, at least for 2 weeks)",
]
SEED_CONCOMITANT = [
    "prednisone or equivalent dose less than 10mg per day is allowed, and dose should be stable for "
    "more than 2 weeks",
    "hydroxychloroquine less than 400mg per day is allowed, and dose should be stable for more than 1 month",
    "anti-platelet and/or anti-coagulant therapy is allowed, and strength should be the stable for 1 week",
    "these following therapies should be discontinued for more than 5 half-lives before the enrollment, "
    "including thrombopoietin or thrombopoietin receptor antagonist, intravenous immunoglobulin, "
    "immunosuppressants, B cell inhibitors (Belimumab or Talitacicept) and B cell depletion therapy "
    "(Rituximab or Obinutuzumab).",
]
SEED_EXCLUSION = [
    "fulling the criteria of other connective tissue disease other than antiphospholipid syndrome",
    "received oral/intravenous antibiotics within 2 weeks before the enrollment.",
    "new onset of thrombosis within 4 weeks before the enrollment.",
    "apparent bleeding tendency.",
    "life or organ threatening manifestations, includes but not limit to catastrophic antiphospholipid "
    "syndrome and thrombotic microangiopathy.",
    "liver and renal dysfunction: ALT or AST more than three times of upper limit of normal range; "
    "eGFR\\<40mL/min/1.73m\\^2",
    "hematocytopenia: WBC\\<3.0×10\\^9/L, Hb\\<100g/L.",
    "uncontrollable hyperlipidemia: low density lipoprotein cholesterol\\>3.1 mmol/L, "
    "triglycerides\\>2.3 mmol/L after lipid lowering therapy.",
    "current active infection",
    "women in pregnancy and postpartum period",
]


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}-*.txt")).read_text(encoding="utf-8")


@needs_seeds
def test_seed_nct06722586_gives_exactly_the_registry_criteria():
    text = _seed("NCT06722586")
    record = read_registry_record(text)
    assert record.nct_id == "NCT06722586"
    assert record.title == ("Sirolimus Monotherapy in the Treatment of Antiphospholipid Antibody "
                            "Related Thrombocytopenia")
    assert record.status == "criteria"

    inclusion = [ln for ln in record.criteria if ln.role == "inclusion"]
    assert [ln.heading for ln in inclusion] == ["Inclusion Criteria"] * 2 + ["Eligible concomitant treatment"] * 4
    assert texts(inclusion) == SEED_INCLUSION + SEED_CONCOMITANT
    assert [ln.id for ln in inclusion] == ["I1", "I2", "I3", "I4", "I5", "I6"]
    assert all(ln.marker == "*" and ln.parent is None for ln in record.criteria)

    exclusion = [ln for ln in record.criteria if ln.role == "exclusion"]
    assert texts(exclusion) == SEED_EXCLUSION
    assert [ln.id for ln in exclusion] == [f"E{i}" for i in range(1, 11)]
    assert {ln.heading for ln in exclusion} == {"Exclusion Criteria"}

    structured = {ln.id: ln for ln in record.structured}
    assert sorted(structured) == ["age_min", "healthy_volunteers", "sex"]
    assert structured["age_min"].text == "Minimum Eligible Age: 18 Years"
    assert structured["sex"].text == "Eligible Sex: ALL"
    assert structured["healthy_volunteers"].text == "Accepts Healthy Volunteers: No"
    assert all(ln.role == "inclusion" and ln.structured for ln in structured.values())
    age = structured["age_min"]
    assert text[age.start:age.end] == "18 Years" and age.source_offset(len("Minimum Eligible Age: ")) == age.start
    assert (record.minimum_age, record.maximum_age, record.sex, record.healthy_volunteers) == \
        ("18 Years", None, "ALL", "No")

    kinds = [(n.kind, n.text) for n in record.notes if n.kind != "page_text"]
    assert kinds == [("header", "Inclusion Criteria"),
                     ("subheading", "Eligible concomitant treatment:"),
                     ("header", "Exclusion Criteria")]
    assert_accounted_for(text, record)


@needs_seeds
def test_seed_eligibility_block_stops_before_the_structured_fields():
    text = _seed("NCT06722586")
    record = read_registry_record(text)
    start, end = record.eligibility
    assert text[start:end].startswith("Inclusion Criteria")
    assert text[start:end].endswith("women in pregnancy and postpartum period")


@needs_seeds
def test_seed_nct05746689_not_provided_is_reported_not_an_empty_success():
    text = _seed("NCT05746689")
    record = read_registry_record(text)
    assert record.nct_id == "NCT05746689"
    assert record.title == "Study of Sirolimus in IgG4-related Disease"
    assert record.status == "not_provided"
    assert record.criteria == ()
    assert [ln.text for ln in record.structured] == ["Eligible Sex: All"]
    kinds = [n.kind for n in record.notes if n.kind != "page_text"]
    assert kinds.count("not_provided") == 2 and kinds.count("read_more") == 2
    assert kinds.count("header") == 2 and kinds.count("no_criteria") == 1
    assert_accounted_for(text, record)


# --------------------------------------------------------------------------
# The peer's section cases (Clinical-Trial-Parser), adapted to our API
# --------------------------------------------------------------------------

# test -> (inclusion texts, exclusion texts, notes that must be present)
PEER_ADAPTED = {
    "TestNormalize": (["i1", "i2"], ["e1", "e2"], [("redundant", "Does not meet inclusion criteria.")]),
    "TestNormalizeWithoutExclusionCriteria": (["i1", "i2"], [], [("redundant", "Does not meet inclusion criteria.")]),
    "TestExtractCriteria": (["i1", "i2"], ["e1", "e2"], [("header", "Inclusion:"), ("header", "Exclusion:")]),
    "TestExtractCriteriaLong": (["i1", "i2"], ["e1", "e2"],
                                [("header", "Inclusion criteria for all:"), ("header", "Subject exclusion criteria:")]),
    "TestExtractCriteriaMultiple": (["i1", "i2", "j1", "j2"], ["e1", "e2", "f1", "f2"], []),
    # a header is a header only at the start of a line: the peer keeps these texts too
    "TestExtractCriteriaMessy": (["i1", "i2 Exclusion Criteria."], ["Inclusion criteria. e1", "e2"],
                                 [("header", "Key Exclusion Criteria")]),
    "TestExtractCriteriaWithoutExclusions": (["i1", "i2"], [], [("redundant", "Does not meet inclusion criteria.")]),
    # the peer keeps "Inclusions: 1." in the text; we report the header as a note and the number as the marker
    "TestExtractCriteriaWithExtraWords": (["one"], ["two"],
                                          [("header", "i) INCLUSION/EXCLUSION CRITERIA:"),
                                           ("header", "Study eligibility: General Inclusions:"),
                                           ("header", "Inclusions:"), ("header", "Exclusions:")]),
    "TestExtractCriteriaWithMissingNewlines": (["one"], ["two"],
                                               [("header", "Study eligibility: General Inclusion Criteria :"),
                                                ("header", "Inclusions:"), ("header", "Key Exclusion Criteria:"),
                                                ("header", "Exclusions:")]),
}


def _peer_cases() -> list[dict]:
    path = CORPUS / "ctparser" / "test_vectors" / "criteria_section_cases.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.corpus
@needs_corpus
def test_all_ten_peer_section_cases_are_covered():
    assert sorted(c["test"] for c in _peer_cases()) == sorted([*PEER_ADAPTED, "TestSplit"])


@pytest.mark.corpus
@needs_corpus
@pytest.mark.parametrize("case", [c for c in _peer_cases() if c["test"] in PEER_ADAPTED], ids=lambda c: c["test"])
def test_peer_section_case(case):
    inclusion, exclusion, notes = PEER_ADAPTED[case["test"]]
    result = split_criteria(case["input"])
    assert texts(result.inclusion) == inclusion
    assert texts(result.exclusion) == exclusion
    got_notes = [(n.kind, n.text) for n in result.notes]
    for note in notes:
        assert note in got_notes
    assert_accounted_for(case["input"], result)
    # agreement with the peer's own expectation, wherever our API can express it
    if case["function"] == "Normalize":
        dropped = next(n for n in result.notes if n.kind == "redundant")
        assert case["input"].replace(dropped.text + "\n", "") == case["expected"]
    else:
        peer_inclusion = "\n".join(case["expected_inclusions"])
        peer_exclusion = "\n".join(case["expected_exclusions"])
        assert all(t in peer_inclusion for t in inclusion)
        assert all(t in peer_exclusion for t in exclusion)


@pytest.mark.corpus
@needs_corpus
def test_peer_split_case_becomes_a_lead_in_with_children():
    case = next(c for c in _peer_cases() if c["test"] == "TestSplit")
    result = split_criteria(case["input"], default_role="inclusion")
    lead, *children = result.lines
    assert (lead.id, lead.marker, lead.text) == ("I1", "6.", "Meet the following criteria:")
    assert [(c.id, c.parent, c.text) for c in children] == [
        ("I1.1", "I1", "cr 1"), ("I1.2", "I1", "cr 2"), ("I1.3", "I1", "cr 3")]
    # the peer flattens each child into its lead-in; the same strings come out of ours
    assert [f"{lead.marker} {lead.text} {c.text}" for c in children] == case["expected"]
    assert_accounted_for(case["input"], result)


# --------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------

HEADERS = [
    ("Inclusion Criteria:", "inclusion", "Inclusion Criteria"),
    ("Inclusion criteria", "inclusion", "Inclusion criteria"),
    ("INCLUSION CRITERIA", "inclusion", "INCLUSION CRITERIA"),
    ("Key Inclusion Criteria:", "inclusion", "Key Inclusion Criteria"),
    ("Inclusion criteria for all:", "inclusion", "Inclusion criteria for all"),
    ("Inclusion Criteria (ESRD group):", "inclusion", "Inclusion Criteria (ESRD group)"),
    ("Inclusion criteria for mothers will be:", "inclusion", "Inclusion criteria for mothers will be"),
    ("Inclusions:", "inclusion", "Inclusions"),
    ("Inclution Criteria:", "inclusion", "Inclution Criteria"),
    ("Donor Inclusion Criteria:", "inclusion", "Donor Inclusion Criteria"),
    ("Cystic Fibrosis Main Study Inclusion Criteria:", "inclusion", "Cystic Fibrosis Main Study Inclusion Criteria"),
    ("Inclusion Criteria*:", "inclusion", "Inclusion Criteria"),
    ("-  INCLUSION CRITERIA:", "inclusion", "INCLUSION CRITERIA"),
    ("**Inclusion Criteria**", "inclusion", "Inclusion Criteria"),
    ("Criteria: Inclusion Criteria:", "inclusion", "Criteria: Inclusion Criteria"),
    ("Exclusion:", "exclusion", "Exclusion"),
    ("Subject exclusion criteria:", "exclusion", "Subject exclusion criteria"),
    ("Main exclusion criteria", "exclusion", "Main exclusion criteria"),
    ("Exclusion Criteria.", "exclusion", "Exclusion Criteria"),
    ("EXCLUSION CRITERIA:", "exclusion", "EXCLUSION CRITERIA"),
    ("Excusion Criteria:", "exclusion", "Excusion Criteria"),
    ("Non-inclusion Criteria:", "exclusion", "Non-inclusion Criteria"),
    ("Sub-study Exclusion Criteria:", "exclusion", "Sub-study Exclusion Criteria"),
    ("Exclusion criteria (non ESRD group) :", "exclusion", "Exclusion criteria (non ESRD group)"),
]


@pytest.mark.parametrize("header,role,heading", HEADERS)
def test_header_spellings_open_their_section(header, role, heading):
    other = "exclusion" if role == "inclusion" else "inclusion"
    text = f"{header}\n- age 18 or over\n"
    result = split_criteria(text, default_role=other)
    (line,) = result.lines
    assert (line.role, line.heading, line.text) == (role, heading, "age 18 or over")
    assert [(n.kind, n.text) for n in result.notes] == [("header", header)]


def test_a_header_names_no_single_role_keeps_the_current_one():
    result = split_criteria("Eligibility Criteria:\nAge 18 or over\n", default_role="exclusion")
    assert [(ln.role, ln.text) for ln in result.lines] == [("exclusion", "Age 18 or over")]
    assert result.notes[0].kind == "header" and "no single role" in result.notes[0].reason


def test_header_with_text_on_the_same_line():
    result = split_criteria("Inclusion Criteria: Renal colic patients\nExclusion Criteria:Parents\n")
    assert [(ln.id, ln.text) for ln in result.lines] == [("I1", "Renal colic patients"), ("E1", "Parents")]


def test_header_glued_to_the_end_of_a_criterion():
    text = "Inclusion Criteria:\n  -  Signed informed consent Exclusion criteria:\n  -  Pregnancy\n"
    result = split_criteria(text)
    assert [(ln.id, ln.text) for ln in result.lines] == [("I1", "Signed informed consent"), ("E1", "Pregnancy")]


def test_header_whose_parenthesis_wraps_onto_the_next_line():
    text = ("Inclusion Criteria(Only patients who fully meet the following criteria are eligible to\n"
            "participate in the trial):\n  1. Age 18 or over\n")
    result = split_criteria(text)
    assert [(ln.id, ln.text) for ln in result.lines] == [("I1", "Age 18 or over")]
    assert result.notes[0].kind == "header" and result.notes[0].text.endswith("trial):")
    assert_accounted_for(text, result)


@pytest.mark.parametrize("line", [
    "i2 Exclusion Criteria.",
    "Inclusion criteria. e1",
    "Exclusion of pregnancy by a urine test",
    "Inclusion in the initial IDEA trial",
    "Exclusionary diet for 2 weeks",
    "Patients who meet inclusion criteria: age 18 or over",
])
def test_look_alikes_stay_criteria(line):
    result = split_criteria(f"Inclusion Criteria:\n{line}\n")
    assert texts(result.lines) == [line]


ROLE_LEAD_INS = [
    ("Patients must meet all of the following criteria:", "inclusion"),
    ("Subjects will be included if:", "inclusion"),
    ("Each of the following criteria must be fulfilled for a subject to be eligible:", "inclusion"),
    ("Subjects will be excluded if:", "exclusion"),
    ("Patients with any of the following characteristics will not be eligible for the present study:", "exclusion"),
    ("None of the following criteria must be fulfilled for a subject to be eligible:", "exclusion"),
    ("We excluded patients with the following criteria:", "exclusion"),
]


@pytest.mark.parametrize("lead_in,role", ROLE_LEAD_INS)
def test_role_lead_in_sentences_open_a_section(lead_in, role):
    result = split_criteria(f"{lead_in}\n- age 18 or over\n")
    assert [(ln.role, ln.text) for ln in result.lines] == [(role, "age 18 or over")]
    assert [(n.kind, n.text) for n in result.notes] == [("lead_in", lead_in)]


@pytest.mark.parametrize("line", [
    "Patients must meet one of the following risk criteria:",  # a disjunction: keep it
    "Type II diabetic patients, 18 years and older, were included if the participants had:",  # has content
])
def test_lead_ins_with_content_are_not_dropped(line):
    result = split_criteria(f"Inclusion Criteria:\n{line}\nSomething else\n")
    assert texts(result.lines) == [line, "Something else"]


def test_redundant_restatement_is_a_note_in_exclusions_only():
    text = "Inclusion:\nDoes not meet inclusion criteria\nExclusion:\nDoes not meet inclusion criteria\n"
    result = split_criteria(text)
    assert [(ln.id, ln.text) for ln in result.lines] == [("I1", "Does not meet inclusion criteria")]
    assert [n.kind for n in result.notes] == ["header", "header", "redundant"]


# --------------------------------------------------------------------------
# Bullets and numbering
# --------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["*", "-", "•", "·", "1.", "1)", "(1)", "a.", "a)", "(a)", "i.", "(i)", "A.", "I."])
def test_bullets_and_numbers_are_removed_from_the_text(marker):
    text = f"Exclusion Criteria:\n  {marker} eGFR\\<40 mL/min\n"
    (line,) = split_criteria(text).lines
    assert (line.marker, line.text) == (marker, "eGFR\\<40 mL/min")
    assert text[line.marker_span[0]:line.marker_span[1]] == marker
    assert line.start == text.index("eGFR") and line.column == 4 + len(marker)


def test_letter_and_roman_lists_follow_their_sequence():
    text = "a. one\nb. two\nc. three\ni. four\nii) five\niii) six\n"
    lines = split_criteria(text, default_role="inclusion").lines
    assert [(ln.marker, ln.text) for ln in lines] == [
        ("a.", "one"), ("b.", "two"), ("c.", "three"), ("i.", "four"), ("ii)", "five"), ("iii)", "six")]


@pytest.mark.parametrize("line", [
    "S. aureus bacteremia on one blood culture",
    "E. coli infection",
    "e.g. a history of stroke",
    "1.5 x ULN or more",
    "2016 classification criteria",
    "> 18 years of age",
    "\\<40 mL/min",
])
def test_things_that_look_like_markers_but_are_text(line):
    (parsed,) = split_criteria(line + "\n", default_role="inclusion").lines
    assert (parsed.marker, parsed.text) == ("", line)


def test_markers_touching_the_text():
    lines = split_criteria("1.Subjects older than 18\n-signing of consent\n•Enrollment\n",
                           default_role="inclusion").lines
    assert [(ln.marker, ln.text) for ln in lines] == [
        ("1.", "Subjects older than 18"), ("-", "signing of consent"), ("•", "Enrollment")]


def test_empty_bullets_are_notes():
    result = split_criteria("Exclusion Criteria:\n-\n  -\n")
    assert result.lines == ()
    assert [n.kind for n in result.notes] == ["header", "empty_bullet", "empty_bullet"]


def test_markdown_escapes_are_kept_raw_and_map_back():
    text = "* WBC\\<3.0×10\\^9/L, Hb\\<100g/L.\n"
    (line,) = split_criteria(text, default_role="exclusion").lines
    assert line.text == "WBC\\<3.0×10\\^9/L, Hb\\<100g/L."
    i = line.text.index("\\^")
    assert text[line.source_offset(i):line.source_offset(i) + 2] == "\\^"


# --------------------------------------------------------------------------
# Continuations, line ends
# --------------------------------------------------------------------------


def test_hanging_continuation_joins_with_one_space_and_maps_back():
    text = "Inclusion Criteria:\n  -  Platelet count below 100 x 10^9/L on two occasions\n     12 weeks apart\n"
    (line,) = split_criteria(text).lines
    assert line.text == "Platelet count below 100 x 10^9/L on two occasions 12 weeks apart"
    join = line.text.index(" 12 weeks")
    assert line.source_offset(join) == text.index("12 weeks") == line.source_offset(join + 1)
    assert line.end == text.index("apart") + len("apart")
    assert_accounted_for(text, split_criteria(text))


def test_continuation_that_lost_its_indentation_is_joined_when_the_sentence_runs_on():
    text = ("Inclusion Criteria:\n- Critically ill cirrhotics with septic shock with norepinephrine\n"
            "of more than 10 ug/min and lactate >4 mmol/L.\n")
    (line,) = split_criteria(text).lines
    assert line.text.endswith("norepinephrine of more than 10 ug/min and lactate >4 mmol/L.")


def test_an_unbulleted_sentence_after_a_finished_bullet_is_its_own_line():
    text = ("Exclusion Criteria:\n  -  Individuals who weigh less than 110 pounds.\n"
            "Some study details are omitted at this time.\n")
    lines = split_criteria(text).lines
    assert [(ln.id, ln.marker, ln.text) for ln in lines] == [
        ("E1", "-", "Individuals who weigh less than 110 pounds."),
        ("E2", "", "Some study details are omitted at this time.")]


def test_unbulleted_lines_are_one_criterion_each():
    text = "Patients with symptomatic CNS metastases \npatients taking warfarin \nprior chemotherapy\n"
    lines = split_criteria(text, default_role="exclusion").lines
    assert texts(lines) == ["Patients with symptomatic CNS metastases", "patients taking warfarin",
                            "prior chemotherapy"]


def test_a_hard_wrapped_paragraph_is_joined():
    text = ("        All morbid obese patients with a body mass index of more than 35 who are scheduled for\n"
            "        laparoscopic sleeve gastrectomy at the study hospital during the study period\n")
    (line,) = split_criteria(text, default_role="inclusion").lines
    assert line.text.count("scheduled for laparoscopic") == 1


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_ends(newline):
    text = newline.join(["Inclusion Criteria:", "- age 18 or over", "- informed consent", ""])
    lines = split_criteria(text).lines
    assert [(ln.text, ln.line, ln.column) for ln in lines] == [
        ("age 18 or over", 2, 3), ("informed consent", 3, 3)]


# --------------------------------------------------------------------------
# Sections, sub-headings, nesting, ids
# --------------------------------------------------------------------------


def test_text_before_any_header_is_inclusion_with_a_note():
    result = split_criteria("Age 18 or over\nExclusion Criteria:\nPregnancy\n")
    assert [(ln.id, ln.role) for ln in result.lines] == [("I1", "inclusion"), ("E1", "exclusion")]
    assumed = [n for n in result.notes if n.kind == "role_assumed"]
    assert len(assumed) == 1 and assumed[0].text == "Age 18 or over"


def test_default_role_is_used_without_a_note():
    result = split_criteria("Pregnancy\nBreastfeeding\n", default_role="exclusion")
    assert [(ln.id, ln.role, ln.heading) for ln in result.lines] == [
        ("E1", "exclusion", ""), ("E2", "exclusion", "")]
    assert result.notes == ()


def test_repeated_sections_continue_the_numbering_and_prefix_is_prepended():
    text = "Inclusion:\ni1\nExclusion:\ne1\nInclusion:\nj1\n"
    result = split_criteria(text, id_prefix="NCT1:")
    assert [ln.id for ln in result.lines] == ["NCT1:I1", "NCT1:E1", "NCT1:I2"]


def test_sub_heading_is_the_heading_of_its_bullets_and_keeps_the_role():
    text = ("Exclusion Criteria:\n* pregnancy\n\nNot allowed before enrollment:\n\n* rituximab\n* belimumab\n"
            "Ongoing infection\n")
    result = split_criteria(text)
    assert [(ln.id, ln.role, ln.heading, ln.text) for ln in result.lines] == [
        ("E1", "exclusion", "Exclusion Criteria", "pregnancy"),
        ("E2", "exclusion", "Not allowed before enrollment", "rituximab"),
        ("E3", "exclusion", "Not allowed before enrollment", "belimumab"),
        # a paragraph after the sub-heading's bullets is back under the section
        ("E4", "exclusion", "Exclusion Criteria", "Ongoing infection"),
    ]
    assert [n.kind for n in result.notes] == ["header", "subheading"]


def test_a_short_line_that_cannot_end_a_sentence_is_a_sub_heading():
    result = split_criteria("Inclusion Criteria:\nPersons with\n  -  stroke\n  -  spinal cord injury\n")
    assert [(ln.heading, ln.text) for ln in result.lines] == [
        ("Persons with", "stroke"), ("Persons with", "spinal cord injury")]


def test_more_indented_bullets_are_children_of_the_lead_in():
    text = ("Inclusion Criteria:\n- Age 18 or over\n- Any one of:\n    - lupus anticoagulant\n"
            "    - anti-cardiolipin antibody\n        - IgG above 40 GPL\n- Consent\n")
    result = split_criteria(text)
    assert [(ln.id, ln.parent, ln.text) for ln in result.lines] == [
        ("I1", None, "Age 18 or over"),
        ("I2", None, "Any one of:"),
        ("I2.1", "I2", "lupus anticoagulant"),
        ("I2.2", "I2", "anti-cardiolipin antibody"),
        ("I2.2.1", "I2.2", "IgG above 40 GPL"),
        ("I3", None, "Consent"),
    ]


def test_a_cohort_label_above_a_header_is_a_context_note():
    text = "For all phases:\nInclusion Criteria:\n  -  An adult\n"
    result = split_criteria(text)
    assert [(n.kind, n.text) for n in result.notes] == [("context", "For all phases:"),
                                                        ("header", "Inclusion Criteria:")]
    assert texts(result.lines) == ["An adult"]


@pytest.mark.parametrize("line,kind", [
    ("Not provided", "not_provided"), ("Read More", "read_more"), ("OR", "connector"),
    ("NA", "none"), ("No exclusion criteria", "none"),
    ("Other protocol-defined inclusion/exclusion criteria may apply.", "boilerplate"),
])
def test_non_criterion_lines_are_notes(line, kind):
    result = split_criteria(f"Exclusion Criteria:\n{line}\n")
    assert result.lines == ()
    assert [(n.kind, n.text) for n in result.notes] == [("header", "Exclusion Criteria:"), (kind, line)]


def test_a_window_keeps_whole_text_positions():
    text = "Title\n\nInclusion Criteria\n* age 18 or over\nMinimum Eligible Age\n"
    start = text.index("Inclusion")
    (line,) = split_criteria(text, start=start, end=text.index("Minimum")).lines
    assert (line.line, line.column, line.start) == (4, 3, text.index("age"))


# --------------------------------------------------------------------------
# Fixtures (synthetic exports in the corpus's layouts), golden
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ctgov_raw", "lct_style", "chia_style"])
def test_fixture_matches_its_reviewed_expectation(name):
    with open(FIXTURES / f"{name}.txt", encoding="utf-8", newline="") as f:
        text = f.read()  # keep "\r\n" as written
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    result = split_criteria(text, default_role=expected["default_role"])
    got = [{"id": ln.id, "role": ln.role, "heading": ln.heading, "parent": ln.parent, "marker": ln.marker,
            "line": ln.line, "column": ln.column, "text": ln.text} for ln in result.lines]
    assert got == expected["lines"]
    assert [{"kind": n.kind, "line": n.line, "column": n.column, "text": n.text} for n in result.notes] == \
        expected["notes"]
    assert_accounted_for(text, result)


# --------------------------------------------------------------------------
# Registry records
# --------------------------------------------------------------------------


def test_plain_eligibility_text_falls_back_to_split_criteria():
    text = "Inclusion criteria:\n  1. Age ≥ 18;\nExclusion criteria:\n  1. Pregnancy\n"
    record = read_registry_record(text)
    assert record.lines == split_criteria(text).lines
    assert (record.status, record.nct_id, record.title) == ("criteria", None, None)


def test_registry_fields_written_label_colon_value():
    text = ("NCT ID: NCT01234567\nBrief Summary\nA study.\nEligibility Criteria\nInclusion Criteria:\n"
            "- Adults\nExclusion Criteria:\n- Pregnancy\nMinimum Eligible Age: 18 Years\n"
            "Maximum Eligible Age: 65 Years\nEligible Sex: FEMALE\nAccepts Healthy Volunteers: Yes\n")
    record = read_registry_record(text)
    assert record.nct_id == "NCT01234567"
    assert texts(record.criteria) == ["Adults", "Pregnancy"]
    assert [(ln.id, ln.text) for ln in record.structured] == [
        ("age_min", "Minimum Eligible Age: 18 Years"), ("age_max", "Maximum Eligible Age: 65 Years"),
        ("sex", "Eligible Sex: FEMALE"), ("healthy_volunteers", "Accepts Healthy Volunteers: Yes")]
    assert_accounted_for(text, record)


def test_registry_page_without_criteria_says_so():
    text = "NCT ID: NCT01234567\nBrief Summary\nA study.\nSponsors\nSomeone\n"
    record = read_registry_record(text)
    assert record.status == "no_criteria" and record.lines == () and record.eligibility is None
    assert any(n.kind == "no_criteria" for n in record.notes)
    assert_accounted_for(text, record)


# --------------------------------------------------------------------------
# Never raises
# --------------------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "Inclusion Criteria:", "Exclusion Criteria", "Key Exclusion Criteria:", "INCLUSION/EXCLUSION CRITERIA:",
    "Inclusion Criteria(Only", "Patients must meet all of the following criteria:", "Not provided", "Read More",
    "OR", "NA", "Minimum Eligible Age", "18 Years", "Eligible Sex", "ALL", "Sponsors", "NCT ID: NCT06722586",
    "*", "-", "•", "1.", "2)", "(3)", "a.", "b.", "i.", "ii)", "S.", "o", "  ", "     ", "\t", "\n", "\r\n", "\r",
    "\n\n", ":", "(", ")", "age", "with", "and", "of", "platelets \\<100×10\\^9/L", "eGFR", "Eligible treatment:",
    "Persons with", "For all phases:", "", "é", "\u2028", "\x85", "\x00",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_split_never_raises_on_any_text(text):
    assert_accounted_for(text, split_criteria(text))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(FRAGMENTS, max_size=40).map(" ".join), st.sampled_from([None, "inclusion", "exclusion"]))
def test_split_accounts_for_everything_in_list_like_text(text, role):
    assert_accounted_for(text, split_criteria(text, default_role=role))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(FRAGMENTS, max_size=40).map("\n".join)))
def test_registry_reader_never_raises(text):
    record = read_registry_record(text)
    assert record.status in ("criteria", "not_provided", "no_criteria")
    assert_accounted_for(text, record)


@settings(max_examples=100, deadline=None)
@given(st.text(), st.integers(-5, 50), st.integers(-5, 50))
def test_any_window_is_safe_and_accounted_for(text, start, end):
    result = split_criteria(text, start=start, end=end)
    stop = max(0, min(end, len(text)))
    begin = max(0, min(start, stop))
    assert all(begin <= ln.start and ln.end <= stop for ln in result.lines)
    assert_accounted_for(text, result, window=(begin, stop))


# --------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _ctparser_trials() -> list[dict]:
    # two CSV parts concatenated: the second "#nct_id" header row is not a trial
    raw = (CORPUS / "ctparser" / "sample_trials" / "clinical_trials.csv").read_text(encoding="utf-8")
    return [row for row in csv.DictReader(io.StringIO(raw)) if not row["#nct_id"].startswith("#")]


@pytest.mark.corpus
@needs_corpus
def test_every_lct_record_splits_and_accounts_for_everything():
    records = _jsonl(CORPUS / "lct" / "lct.brat.jsonl")
    assert len(records) == 1006
    total = 0
    for record in records:
        result = split_criteria(record["txt"], id_prefix=record["nct_id"] + ":")
        assert_accounted_for(record["txt"], result)
        total += len(result.lines)
    assert 8000 < total < 10000  # 8,788 at the time of writing


@pytest.mark.corpus
@needs_corpus
def test_every_chia_document_splits_close_to_the_papers_12409_criteria():
    documents = _jsonl(CORPUS / "chia" / "chia_without_scope.brat.jsonl")
    assert len(documents) == 2000
    total = 0
    for doc in documents:
        role = "inclusion" if doc["section"] == "inc" else "exclusion"
        result = split_criteria(doc["txt"], default_role=role)
        assert_accounted_for(doc["txt"], result)
        assert all(ln.role == role for ln in result.lines) or any(n.kind == "header" for n in result.notes)
        total += len(result.lines)
    # Chia annotates one criterion per non-blank line (12,409).  We report "NA"
    # placeholders, sub-headings and boilerplate as notes and join a few
    # lines that run on: 12,256 at the time of writing.
    assert abs(total - 12409) / 12409 < 0.02


@pytest.mark.corpus
@needs_corpus
def test_the_twenty_ctparser_sample_trials_split():
    trials = _ctparser_trials()
    assert len(trials) == 20
    for trial in trials:
        result = split_criteria(trial["eligibility_criteria"])
        assert_accounted_for(trial["eligibility_criteria"], result)
        assert result.inclusion, trial["#nct_id"]
        if re.search(r"(?i)exclusion criteria", trial["eligibility_criteria"]):
            assert result.exclusion, trial["#nct_id"]
        assert not any(n.kind == "role_assumed" for n in result.notes), trial["#nct_id"]


@pytest.mark.corpus
@needs_corpus
def test_splitting_lct_and_chia_is_fast():
    texts_ = [r["txt"] for r in _jsonl(CORPUS / "lct" / "lct.brat.jsonl")]
    texts_ += [d["txt"] for d in _jsonl(CORPUS / "chia" / "chia_without_scope.brat.jsonl")]
    began = time.perf_counter()
    for text in texts_:
        split_criteria(text)
    elapsed = time.perf_counter() - began
    # about 0.7 s on one core when written; the bound leaves room for slow CI machines
    assert elapsed < 4.0, f"{elapsed:.2f} s"


def test_a_number_after_a_bullet_is_a_marker_too():
    """LCT writes numbered lists inside bulleted ones ("-  2. unstable angina"); the number is
    no part of the criterion (it made the line unsupported), and a decimal is no marker."""
    text = ("Exclusion Criteria:\n  -  1. emergent liver transplantation\n  -  2. unstable angina\n"
            "  - 1.5 mg daily or more of prednisone\n  - (3) allergy to propofol\n")
    result = split_criteria(text)
    assert texts(result.lines) == ["emergent liver transplantation", "unstable angina",
                                   "1.5 mg daily or more of prednisone", "allergy to propofol"]
    assert [ln.marker for ln in result.lines] == ["-  1.", "-  2.", "-", "- (3)"]
    assert_accounted_for(text, result)
