"""Issue 5, session 13 round 3 (docs/notes/issue-5-counts3.md): counts and class lists with no unit, read
from real LCT lines; each asserts the line's rendered reading."""

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
    # a count and its window on one unknown subject
    ("At least 2 heavy drinking episodes in past 2 weeks at recruitment",
     "partial", '"heavy drinking episodes" >= 2 within 2 week'),
    ("Recurring symptomatic monomorphic ventricular tachycardia that requires ICD intervention (e.g. shock or "
     "anti-tachycardia stimulation). At least 3 episodes within the 3 months prior to inclusion or",
     "partial", '"episodes" >= 3 within 3 month'),
]


@pytest.mark.parametrize("text,cls,reading", CASES)
def test_reading(text, cls, reading):
    assert _read(text) == (cls, reading)


# left as they were: a word left out between the counted thing and the window, a condition's count
KEPT = [
    ("Failure of at least 2 adequate antidepressant medication trials within the past 2 years",
     "partial", "received antidepressants within 2 year"),
]


@pytest.mark.parametrize("text,cls,reading", KEPT)
def test_kept(text, cls, reading):
    assert _read(text) == (cls, reading)
