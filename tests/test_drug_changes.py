"""A change to a treatment is not its use (screener/parse/changes.py): "a change in antihypertensive medication
within 30 days" read as the drug excluded everyone who took one, stable or not.  The change and its drugs are one
unknown subject: the part is partial and keeps its window.  Lines from LCT and Chia."""

from __future__ import annotations

import pytest

from screener.compile import compile_line
from screener.diagnostics import SourceText
from screener.text.sections import split_criteria


def _reading(text: str, role: str = "Exclusion") -> tuple[str, str]:
    from screener.coverage import line_class

    src = f"{role} Criteria:\n- {text}\n"
    [line] = split_criteria(src).lines
    c = compile_line(line, SourceText(src))
    return c.canonical or "", line_class(c)


@pytest.mark.parametrize("text, want", [
    ("change in dose of opioids/sedatives/benzodiazepines during last 2 weeks before study)",
     '"change in dose of opioids sedatives benzodiazepines" within 2 week'),
    ("Had change of anti-TNF agent or DMARD in the last 6 months", '"change of anti-tnf agent or dmard" within 6 month'),
    ("Had dose increase of anti-TNF agent or DMARD in the last 6 months",
     '"dose increase of anti-tnf agent or dmard" within 6 month'),
    ("initiation of a new anti-depressant or anti-seizure medication within three months of enrolling in study",
     '"initiation of a new anti-depressant or anti-seizure medication" within 3 month'),
    ("No changes in antihypertensive medication during the past 3 months",
     'not ("changes in antihypertensive medication" within 3 month)'),
    ("insulin dose adjustment within 4 weeks", '"insulin dose adjustment" within 4 week'),
])
def test_a_change_is_an_unknown_subject_with_its_window(text, want):
    assert _reading(text) == (want, "partial")


@pytest.mark.parametrize("text", [
    "Initiating or changing to a new antidepressant medication",
    "no change in diabetic medication planned for the duration of the study",
    "Have poorly controlled hypertension at screening; or a change in antihypertensive medication within 30 days",
])
def test_no_reading_says_the_drug_was_taken(text):
    canonical, _cls = _reading(text)
    assert "taking " not in canonical and "received " not in canonical


@pytest.mark.parametrize("text, want", [
    # a rise that is no dose's; the drugs themselves
    ("Patient in sepsis and colistin was administered empirically to increase antibiotic coverage.",
     "taking systemic_antibiotics"),
    ("Use of antidepressants within 3 months", "received antidepressants within 3 month"),
    ("stable dose of metformin for at least 3 months", "metformin dose stable for >= 3 month"),
])
def test_other_drug_readings_stay(text, want):
    assert want in _reading(text)[0]
