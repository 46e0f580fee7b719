"""Issue 5, session 14 round 6 (docs/notes/issue-5-recall6.md): counted days, rates of sessions and the length of
each, read from real LCT/Chia lines; each asserts the line's class and rendered reading."""

import pytest

from tests.lines import reading


def _read(text: str, role: str = "inclusion") -> tuple[str, str | None]:
    return reading(text, role)


CASES = [
    # counted days: a number of days with a symptom, in the unit the text says; the migraine days are the
    # days of which, not more headache days (was ("headache" >= 15) and ("headache" >= 8))
    ("≥ 15 headache days of which ≥ 8 headache days meet criteria as migraine days during the baseline period",
     "partial", '("headache" >= 15 day) and ("migraine" >= 8 day)'),
    # N x a bout of a given length per week: a rate of those bouts, the length kept in the subject (was unsupported)
    ("Physically active (> 3 x 30 min moderate exercise per week)",
     "partial", '"30 min moderate exercise" > 3 {times}/wk'),
    ("Inactive (< 3 x 30 min moderate exercise per week)",
     "partial", '"30 min moderate exercise" < 3 {times}/wk'),
    # the week misspelt after "twice a" (was unsupported)
    ("the carer has face-to-face contact with the person with YOD at least twice a weak;",
     "partial", '"face contact with the person with yod" >= 2 /wk'),
    # a rate of sessions, then the length of each with its own comparator (the length was dropped)
    ("Sedentary (exercises less than three times a week for thirty minutes or less).",
     "partial", '("exercises" < 3 {times}/wk) and ("exercises" <= 30 min)'),
    ("Participation in structured exercise (>2 times per week for 30 minutes or longer)",
     "partial", ('("participation in structured exercise" > 2 {times}/wk) and '
                 '("participation in structured exercise" >= 30 min)')),
    # a comparator said after the number or its unit stays with the rate (was a duration: "last" >= 4 hour)
    (("Frequent HAs that started within 3months after a head injury. The HAs either 1) must last 4 or more hours a "
     "day and reach a moderate to severe intensity at any point during the headache, or 2) may be of any severity "
     "or duration if the participant takes a triptan or ergotamine. HAs meeting these criteria must have been "
     "present on average at least 8 days per 4-week period, starting within 30 days after head injury and "
     "occurring by self-report for at least 3 months prior to the Initial Screening Visit. The 4-week HA "
     "frequency/severity criteria must be confirmed during the Preliminary Screening Period."),
     None, '("last" >= 4 h/d)'),
]


@pytest.mark.parametrize("text,cls,reading", CASES)
def test_reading(text, cls, reading):
    got_cls, got = _read(text)
    if cls is None:  # a long line: the reading holds this comparison
        assert got is not None and reading in got
    else:
        assert (got_cls, got) == (cls, reading)


# lines the passes must leave alone
UNCHANGED = [
    # "weak" as a word, not a week
    ("Moderate/Weak CYP3A inducers such as efavirenz and oxcarbazepine", "unsupported", None),
]


@pytest.mark.parametrize("text,cls,reading", UNCHANGED)
def test_unchanged(text, cls, reading):
    assert _read(text) == (cls, reading)
