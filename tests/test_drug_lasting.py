"""How long a drug was taken: "metformin for at least 3 months", "use of a loop diuretic for at least one month"
(ir.DrugUse.lasting: taken without a break that long, up to the screening date or, after "prior", at any time)."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.compile import compile_rule
from screener.ir.canonical import render
from tests.both_engines import screen_both

AS_OF = dt.date(2026, 9, 1)
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


@pytest.mark.parametrize("text, canonical", [
    # LCT lines and their kin
    ("Metformin for at least 3 months", "taking metformin for >= 3 month"),
    ("takes daily opioid for more than one year.", "taking opioids for > 1 year"),
    ("Use of a loop diuretic for at least one month", "taking loop_diuretics for >= 1 month"),  # drugs round 6
    ("Previous treatment with methotrexate for at least 3 months", "received methotrexate for >= 3 month"),
])
def test_readings(text, canonical):
    assert render(compile_rule(text) or _partial(text)) == canonical
    assert compile_rule(canonical) == (compile_rule(text) or _partial(text))  # the canonical reads back


def _partial(text):
    from screener.compile import compile_line
    from screener.text.lines import CriterionLine

    return compile_line(CriterionLine(id="R", role="inclusion", heading="", text=text, start=0, end=len(text),
                                      line=1, column=1)).rule


def test_a_short_course_is_no_rule():
    from screener.compile import compile_line
    from screener.text.lines import CriterionLine

    text = "antibiotics for less than 7 days"
    c = compile_line(CriterionLine(id="R", role="exclusion", heading="", text=text, start=0, end=len(text),
                                   line=1, column=1))
    assert c.status == "unsupported" and any(d.code == "rule.drug_short_course" for d in c.diagnostics)


CRITERIA = """Inclusion Criteria:

* Metformin for at least 3 months

Exclusion Criteria:

* Previous treatment with methotrexate for at least 6 months
"""


def _med(n: int, rxcui: str, name: str, start: str, end: str | None, status: str = "active") -> dict:
    period = {"start": start} | ({"end": end} if end else {})
    return {"fullUrl": f"urn:uuid:m{n}", "resource": {
        "resourceType": "MedicationStatement", "id": f"m{n}", "status": status,
        "subject": {"reference": "urn:uuid:p1"}, "effectivePeriod": period,
        "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": rxcui, "display": name}]}}}


def _bundle(*meds: dict) -> dict:
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                "birthDate": "1960-01-01"}}, *meds]}


def _metformin(n, start, end=None, status="active"):
    return _med(n, "6809", "metformin", start, end, status)


def _methotrexate(n, start, end=None, status="completed"):
    return _med(n, "6851", "methotrexate", start, end, status)


def test_taken_long_enough_up_to_screening_in_both_engines():
    statuses, result = screen_both(CRITERIA, _bundle(_metformin(1, "2026-01-10")), AS_OF)
    assert statuses["I1"] == "met" and result.verdict == "eligible"
    assert any(e.kind == "medication" for e in result.criteria[0].evidence)


def test_refills_that_follow_on_are_one_run_in_both_engines():
    # two prescriptions, the second from the day after the first ended: 5 months without a break
    statuses, _ = screen_both(CRITERIA, _bundle(_metformin(1, "2026-04-01", "2026-06-30", "completed"),
                                                _metformin(2, "2026-07-01")), AS_OF)
    assert statuses["I1"] == "met"


def test_a_break_starts_the_run_again_in_both_engines():
    # a month off metformin in July: in use now, but only since August
    statuses, result = screen_both(CRITERIA, _bundle(_metformin(1, "2026-01-01", "2026-06-30", "completed"),
                                                     _metformin(2, "2026-08-01")), AS_OF)
    assert statuses["I1"] == "not_met" and result.verdict == "ineligible"


def test_started_too_recently_or_stopped_in_both_engines():
    statuses, _ = screen_both(CRITERIA, _bundle(_metformin(1, "2026-07-01")), AS_OF)
    assert statuses["I1"] == "not_met"
    # four months of metformin that ended in the spring: not taken now
    statuses, _ = screen_both(CRITERIA, _bundle(_metformin(1, "2026-01-01", "2026-05-01", "completed")), AS_OF)
    assert statuses["I1"] == "not_met"


def test_no_start_date_is_unknown_in_both_engines():
    med = _metformin(1, "2026-01-10")
    del med["resource"]["effectivePeriod"]
    statuses, _ = screen_both(CRITERIA, _bundle(med), AS_OF)
    assert statuses["I1"] == "unknown"


def test_ever_is_any_run_before_screening_in_both_engines():
    # seven months of methotrexate two years ago: "previous treatment ... for at least 6 months" is met
    long_ago = _methotrexate(1, "2024-01-01", "2024-07-31")
    statuses, result = screen_both(CRITERIA, _bundle(_metformin(2, "2026-01-10"), long_ago), AS_OF)
    assert statuses["E1"] == "met" and result.verdict == "ineligible"
    short = _methotrexate(1, "2024-01-01", "2024-03-31")
    statuses, result = screen_both(CRITERIA, _bundle(_metformin(2, "2026-01-10"), short), AS_OF)
    assert statuses["E1"] == "not_met" and result.verdict == "eligible"
