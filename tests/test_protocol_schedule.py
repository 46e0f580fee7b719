"""Dosing schedules -> expected daily doses (screener/protocol/schedule.py), and limits across units."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.api import compile_criteria
from screener.followup.compile import compile_followup
from screener.protocol.schedule import expected

B = dt.date(2025, 1, 1)
PRED = ("prednisone 0.8 mg/kg/d maximum 60 mg/d rounded to 5 mg/d, then taper 5 mg/d every 14 day to 30 mg/d, "
        "then taper 2.5 mg/d every 2 week to 0 mg/d")


def _schedule(text):
    return compile_followup(text, "schedule").node


def _on(e, n):
    return e.on(B + dt.timedelta(days=n))


@pytest.mark.parametrize("kg,first", [
    (80, 60),     # 64 -> 65 -> capped at 60
    (75, 60),     # 60 exactly
    (73, 60),     # 58.4 rounds up to 60
    (65.625, 55), # 52.5: halves round up
    (62, 50),     # 49.6
    (40, 30),     # 32 -> 30: the first taper has nothing to do
])
def test_first_dose_per_kg_rounded_then_capped(kg, first):
    assert _on(expected(_schedule(PRED), B, kg), 0) == first


def test_taper_steps_and_stop():
    e = expected(_schedule(PRED), B, 62)  # 50 mg/d
    # 50 for days 1-14, 45 from day 15 (n = 14), ... 30 from day 57, then 2.5 mg every 14 days
    assert [_on(e, n) for n in (0, 13, 14, 28, 42, 56, 70, 84)] == [50, 50, 45, 40, 35, 30, 27.5, 25]
    assert _on(e, 56 + 12 * 14 - 1) == 2.5 and _on(e, 56 + 12 * 14) == 0 and _on(e, 1000) == 0


def test_a_start_below_the_first_floor_goes_straight_to_the_second_taper():
    e = expected(_schedule(PRED), B, 40)  # 30 mg/d
    assert [_on(e, n) for n in (0, 13, 14)] == [30, 30, 27.5]


def test_fixed_steps():
    e = expected(_schedule("sirolimus 2 mg/d for 3 day, then 1 mg/d"), B, None)
    assert [_on(e, n) for n in (0, 2, 3, 400)] == [2, 2, 1, 1]
    assert e.how == "2 mg/d"


def test_per_kg_without_weight_has_no_schedule():
    e = expected(_schedule(PRED), B, None)
    assert e.segments == () and "no body weight at baseline" in e.how and _on(e, 0) is None


def test_a_limit_in_ug_l_holds_for_a_result_in_ng_ml_on_it():
    """15 ug/L converts to 14.999999999999998 ng/mL; float noise must not put 15 ng/mL above it."""
    trial = compile_criteria("Inclusion Criteria:\n- sirolimus trough <= 15 ug/L\n- sirolimus trough >= 4 ug/L\n",
                             trial="T")
    patient = {"id": "p", "observations": [
        {"id": "t", "text": "sirolimus trough", "value": 15, "unit": "ng/mL", "date": "2025-01-01"}]}
    assert [c.status for c in trial.screen(patient, as_of="2025-01-02").criteria] == ["met", "met"]
