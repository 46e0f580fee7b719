"""When a diagnosis began: "at least 6 months after stroke", "MI more than 3 months ago", "a 2-year history of
X" (ir.Condition with status history and ``lasting``: its onset that long ago, resolved or not)."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.compile import compile_rule
from tests.both_engines import screen_both
from tests.condition_records import one_condition

AS_OF = dt.date(2026, 9, 1)


@pytest.mark.parametrize("text, canonical", [
    # LCT lines
    ("At least 6 months after stroke,", "history of stroke >= 6 month ago"),
    ("At least 6 months post-stroke", "history of stroke >= 6 month ago"),
    ("greater than 6 months post-stroke", "history of stroke > 6 month ago"),
    ("at least 6 months post-onset of stroke;", "history of stroke >= 6 month ago"),
    ("Has a 2-year history of seasonal allergic rhinitis", "history of seasonal_allergic_rhinitis >= 2 year ago"),
    ("Diagnosed with type 2 diabetes at least 12 weeks prior to inclusion", "history of icd10_e11 >= 12 week ago"),
    ("Known history of Type 2 diabetes mellitus for >3 months", "history of icd10_e11 > 3 month ago"),
    ("History of stroke more than 6 months ago", "history of stroke > 6 month ago"),
    # within: an onset window, as before
    ("myocardial infarction less than 6 months ago", "onset of myocardial_infarction within < 6 month"),
])
def test_readings(text, canonical):
    from screener.ir.canonical import render

    assert render(compile_rule(text)) == canonical
    assert compile_rule(canonical) == compile_rule(text)  # the canonical text reads back to the same rule


@pytest.mark.parametrize("text, canonical", [
    # how long it has lasted, not when it began: present that long
    ("Chronic pain for at least 3 months prior to inclusion", "chronic_pain for >= 3 month"),
    ("Diabetes for at least 2 years", "diabetes for >= 2 year"),
])
def test_for_a_duration_is_still_present_that_long(text, canonical):
    from screener.ir.canonical import render

    assert render(compile_rule(text)) == canonical


def test_post_is_after_only_between_a_duration_and_a_diagnosis():
    from screener.parse.lexer import tokenize

    assert "AFTER" in [t.type for t in tokenize("6 months post-stroke")]
    assert "AFTER" not in [t.type for t in tokenize("post-bronchodilator FEV1 < 70%")]
    assert "AFTER" not in [t.type for t in tokenize("post-exposure prophylaxis within 30 days")]


CRITERIA = """Inclusion Criteria:

* At least 6 months post-stroke
"""


def _bundle(onset: str | None, status: str, abated: str | None = None) -> dict:
    return one_condition("http://snomed.info/sct", "230690007", status, onset, abated, display="Stroke")


def test_a_stroke_long_enough_ago_counts_even_resolved_in_both_engines():
    # a stroke is recorded resolved within weeks: "6 months post-stroke" is when it happened, not whether it lasts
    statuses, result = screen_both(CRITERIA, _bundle("2025-10-01", "resolved", "2025-11-01"), AS_OF)
    assert statuses["I1"] == "met" and result.verdict == "eligible"


def test_a_recent_stroke_does_not_count_in_both_engines():
    statuses, result = screen_both(CRITERIA, _bundle("2026-06-01", "active"), AS_OF)
    assert statuses["I1"] == "not_met" and result.verdict == "ineligible"


def test_an_undated_stroke_is_unknown_in_both_engines():
    statuses, result = screen_both(CRITERIA, _bundle(None, "resolved"), AS_OF)
    assert statuses["I1"] == "unknown" and result.verdict == "undetermined"
    assert "onset date not recorded" in result.criteria[0].explanation


def test_post_before_a_procedure_and_a_diagnosis_leaves_the_procedure_out():
    # "post-cardiac surgery mediastinitis": the diagnosis (the procedure words left out: partial), not unsupported
    from tests.lines import line

    c = line("post-cardiac surgery mediastinitis", "exclusion")
    assert c.status == "partial" and c.canonical == "icd10_j98_51"
