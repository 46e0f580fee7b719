"""Qualifiers of a diagnosis no record holds ("significant", "recent", "chronic", "untreated" ...): the diagnosis
with a person's check beside it (criteria.lark QUALIFIER, to_ir ToIR._qualified)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.both_engines import screen_both
from tests.condition_records import icd10_bundle
from tests.lines import line

AS_OF = dt.date(2026, 9, 1)


@pytest.mark.parametrize("text, canonical", [
    # corpus lines whose qualifier was a left-out word: partial, so they never decided anything
    ("Significant depression", '(depression) and (manual "whether the depression is significant (a person judges it; '
                               'no record says)")'),
    ("recent MI(Myocardial Infarction)", '(myocardial_infarction) and (manual "whether the myocardial infarction is '
                                         'recent (a person judges it; no record says)")'),
    ("Clinically significant cardiac disease.", '(heart_disease) and (manual "whether the heart disease is clinically '
                                                'significant (a person judges it; no record says)")'),
    # a window says "recent" already
    ("recent stroke within 3 months", "onset of stroke within 3 month"),
    # values in parentheses define the qualified diagnosis
    ("significant anemia (hemoglobin < 8 g/dL)", "hemoglobin < 8 g/dL"),
])
def test_a_qualified_diagnosis(text, canonical):
    c = line(text, "exclusion")
    assert c.canonical == canonical and c.status == "compiled"
    # a line that is not full says why (issue 5: no line without a diagnostic)
    assert ("rule.qualifier" in [d.code for d in c.diagnostics]) == ("manual" in canonical)


@pytest.mark.parametrize("text, left_out", [
    # no diagnosis after it, or inside a list: a word left out, as before
    ("chronic use of opioids", "chronic"),
    ("Current or recent infection", "recent"),
])
def test_a_qualifier_with_no_diagnosis_after_it_is_a_word(text, left_out):
    c = line(text, "exclusion")
    assert c.status == "partial"
    assert any(left_out in d.message for d in c.diagnostics if d.code == "lex.ignored_words")


CRITERIA = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* Significant depression
"""


def test_no_record_of_the_diagnosis_decides_in_both_engines():
    # before, the left-out "significant" made the line partial: undetermined for everyone
    statuses, result = screen_both(CRITERIA, icd10_bundle(), AS_OF)
    assert statuses["E1"] == "not_met" and result.verdict == "eligible"


def test_a_recorded_diagnosis_leaves_the_qualifier_to_a_person():
    statuses, result = screen_both(CRITERIA, icd10_bundle("F32.9"), AS_OF)
    assert statuses["E1"] == "manual" and result.verdict == "undetermined"


def test_a_psychiatric_disorder_is_not_nicotine_dependence():
    # second review: "neurological or psychiatric disorder" excluded every smoker coded F17 (the whole F chapter)
    from screener.vocab import vocabulary
    v = vocabulary()
    assert "psychiatric_disorder" not in v.condition_groups_for_code("icd10", "F17.210")
    assert "psychiatric_disorder" in v.condition_groups_for_code("icd10", "F32.9")
    assert "psychiatric_disorder" in v.condition_groups_for_code("icd10", "F10.20")  # other substance use stays


def test_clinically_significant_before_a_list_of_diagnoses_is_not_filler():
    # review 3: "Clinically significant cardiovascular, lung, renal, hepatic or endocrine disease" read as any of them
    c = line("Clinically significant cardiovascular, lung, renal, hepatic or endocrine disease,", "exclusion")
    assert c.status == "partial"
    # a person's check of an allergy to the trial's product stays one
    c = line("No previously demonstrated clinically significant allergy or hypersensitivity to any of the excipients of "
             "the investigational medication administered in this trial", "inclusion")
    assert c.canonical.startswith("manual ")
