""""Singleton pregnancy": pregnant, and not a multiple gestation (ICD-10-CM O30); before, "singleton" was a
left-out word and the line read as any pregnancy (partial)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.both_engines import screen_both
from tests.condition_records import icd10_bundle
from tests.lines import line

AS_OF = dt.date(2026, 9, 1)


@pytest.mark.parametrize("text, canonical", [
    ("Singleton pregnancy", "(pregnancy) and (not (icd10_o30))"),
    ("Women with singleton gestation", "((sex female) and (pregnancy)) and (not (icd10_o30))"),
    ("singleton pregnant women", "((sex female) and (pregnancy)) and (not (icd10_o30))"),
])
def test_readings(text, canonical):
    c = line(text, "inclusion")
    assert (c.status, c.canonical) == ("compiled", canonical)


CRITERIA = """Inclusion Criteria:

* Singleton pregnancy
"""


def test_a_twin_pregnancy_is_not_singleton_in_both_engines():
    # Z33.1 pregnant state; O30.0 twin pregnancy
    statuses, result = screen_both(CRITERIA, icd10_bundle("Z33.1", onset="2026-05-01", birth="1995-01-01"), AS_OF)
    assert statuses["I1"] == "met" and result.verdict == "eligible"
    statuses, result = screen_both(CRITERIA, icd10_bundle("Z33.1", "O30.003", onset="2026-05-01", birth="1995-01-01"), AS_OF)
    assert statuses["I1"] == "not_met" and result.verdict == "ineligible"


def test_a_skin_cancer_other_than_basal_cell_is_no_exception_in_both_engines():
    # review: "basal cell carcinoma" was all of C44, so "malignancy (except basal cell carcinoma)" let a squamous
    # cell skin cancer (C44.42) through; basal cell carcinoma is the C44.x1 codes
    criteria = "Exclusion Criteria:\n\n* Malignancy (except basal cell carcinoma)\n"
    statuses, result = screen_both(criteria, icd10_bundle("C44.41"), AS_OF)
    assert statuses["E1"] == "not_met" and result.verdict == "eligible"
    statuses, result = screen_both(criteria, icd10_bundle("C44.42"), AS_OF)
    assert statuses["E1"] == "met" and result.verdict == "ineligible"
