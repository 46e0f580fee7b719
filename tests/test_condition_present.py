"""A state in a window: "active substance abuse within the past 6 months", "history of malignancy within 5 years"
are present at some time in the window, whenever they began (ir.Condition.present; the states are
screener/data/condition_states.csv).  An event ("MI within 6 months") stays its onset in the window."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.compile import compile_rule
from screener.ir.canonical import render
from screener.vocab import vocabulary
from tests.both_engines import screen_both
from tests.condition_records import one_condition

AS_OF = dt.date(2026, 9, 1)


@pytest.mark.parametrize("text, canonical, present", [
    # the audits' lines: read as the onset in the window, a dependence that began years ago and goes on was missed
    ("Drug or alcohol dependence within 1 year", "drug_or_alcohol_abuse within 1 year", True),
    ("Subjects with a history of drug or alcohol abuse within the past 6 months",
     "history of drug_or_alcohol_abuse within 6 month", True),
    ("history of malignancy within 5 years", "history of malignancy within 5 year", True),
    # an event, and anything said to be new or an onset, is its onset
    ("myocardial infarction within 6 months", "onset of myocardial_infarction within 6 month", False),
    ("new onset depression within 3 months", "onset of depression within 3 month", False),
])
def test_readings(text, canonical, present):
    rule = compile_rule(text, "exclusion")
    assert render(rule) == canonical
    assert (rule.present is not None) == present and (rule.onset is not None) == (not present)
    assert compile_rule(canonical, "exclusion") == rule  # the canonical text reads back to the same rule


def test_every_state_names_a_group_and_says_why():
    from screener.vocab.loader import read_rows

    groups = vocabulary().condition_groups
    rows = read_rows("condition_states.csv")
    assert rows and all(r["group_id"] in groups and r["source"] for r in rows)
    assert len({r["group_id"] for r in rows}) == len(rows)
    states = [g for g in groups.values() if g.state]
    assert {"substance_abuse", "alcohol_abuse", "malignancy"} <= {g.id for g in states}
    assert "myocardial_infarction" in groups and not groups["myocardial_infarction"].state


CRITERIA = """Inclusion Criteria:

* age 18 years or older

Exclusion Criteria:

* Active substance abuse within the past 6 months
"""


def _bundle(onset: str | None, status: str, abated: str | None = None) -> dict:
    return one_condition("http://hl7.org/fhir/sid/icd-10-cm", "F11.20", status, onset, abated)


@pytest.mark.parametrize("onset, status, abated, expected", [
    # began years ago and goes on: present in the window (missed when read as the onset)
    ("2015-01-01", "active", None, "met"),
    # began in the window
    ("2026-06-01", "active", None, "met"),
    # ended in the window: it was present in it
    ("2015-01-01", "resolved", "2026-05-01", "met"),
    # ended before the window began
    ("2015-01-01", "resolved", "2025-01-01", "not_met"),
    # in remission, when it ended not recorded: unknown
    ("2015-01-01", "remission", None, "unknown"),
    # no onset recorded, still active: present
    (None, "active", None, "met"),
])
def test_a_state_present_in_the_window_in_both_engines(onset, status, abated, expected):
    statuses, result = screen_both(CRITERIA, _bundle(onset, status, abated), AS_OF)
    assert statuses["E1"] == expected
    assert result.verdict == {"met": "ineligible", "not_met": "eligible", "unknown": "undetermined"}[expected]


def test_a_non_smoker_for_a_year_smoked_at_no_time_in_it():
    # second audit: "not (smoker for >= 1 year)" let anyone pass who quit days ago
    rule = compile_rule("Non-smoker for one year or more", "inclusion")
    assert render(rule) == "not (smoker within 1 year)"
