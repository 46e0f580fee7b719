"""Ages and score values as LCT/Chia criteria write them (issue 5, session 13): each line is a real corpus line
whose reading was short (an age limit or a scale value left out), wrong, or the age of someone else."""

from __future__ import annotations

import pytest

from screener.ir.canonical import render
from tests.lines import line


@pytest.mark.parametrize("text, role, canonical", [
    # both sides of an age ("or over 60" was left out)
    ("Patients under 40 or over 60 years of age who require spinal anesthesia for orthopedic surgery,", "inclusion",
     "(age < 40 year) or (age > 60 year)"),
    ("Age less than 15 or greater than 25 and not participating in the day care center", "exclusion",
     "(age < 15 year) or (age > 25 year)"),
    ("Uncorrected hypokalemia or hyperkalemia (potassium <3.5 mmol/l or >5.5 mmol/l).", "exclusion",
     "(potassium < 3.5 mmol/L) or (potassium > 5.5 mmol/L)"),
    # a comparator restated in brackets
    ("The patient is at least 18 years old (≥) and under 90 years old (<).", "inclusion",
     "age >= 18 year and < 90 year"),
    ("The patient is at least 18 years old (≥).", "inclusion", "age >= 18 year"),
    # "no older than" is "at most"
    ("Patients 11 to no older than 17 years of age", "inclusion", "age >= 11 year and <= 17 year"),
    ("Subject is at least 18 and not older than 75years old.", "inclusion", "(age >= 18 year) and (age <= 75 year)"),
    ("cases of infertility, older than 20 years of age and not older than 40 years.", "inclusion",
     "(infertility) and (age > 20 year) and (age <= 40 year)"),
    # a comparator before a range
    ("Age: > 8 - 40 years (we selected this range due to lack of data in younger population and the difficulty in "
     "getting patient reported outcomes in younger patients)", "inclusion", "age > 8 year and <= 40 year"),
    # "an" for "and"
    ("age between 50 an 65 years", "inclusion", "age >= 50 year and <= 65 year"),
    # a scale's value after "of"
    ("Normal cognition defined as a Clinical Dementia Rating of 0 and a Mini-Mental State Examination score of 27 or "
     "higher.", "inclusion", "(cdr_global = 0) and (mmse >= 27)"),
    # someone else's age: an unknown subject, not the patient's age
    ("Have at least one child ≤6 years of age", "inclusion", '"child" <= 6 year'),
    ("mother ≥15 years of age", "inclusion", '"mother" >= 15 year'),
])
def test_reading(text, role, canonical):
    c = line(text, role)
    assert c.rule is not None and render(c.rule) == canonical


@pytest.mark.parametrize("text, role, canonical", [
    # not an age: how recent a surgery is (read as before: no change here)
    ("A history of active hemorragge, ulcer, intestinal perforation, intestinal obstruction, or major surgery no "
     "older than 30 days;", "exclusion", "(history of bowel_obstruction) or (not (age > 30 day))"),
    # "or = 45%": a lost sign, no second limit of NYHA class
    ("Presentation of moderate to severe depressive symptoms (Montgomery-Asberg Rating Scale: MADRS = 18 at time of "
     "study entry or = 24 at any time during study)", "inclusion", '"madrs" = 18'),
])
def test_left_as_it_was(text, role, canonical):
    c = line(text, role)
    assert c.rule is not None and render(c.rule) == canonical


def test_someone_elses_age_is_partial():
    c = line("Have at least one child ≤6 years of age", "inclusion")
    assert c.status == "partial" and any(d.code == "vocab.unmapped_subject" for d in c.diagnostics)
