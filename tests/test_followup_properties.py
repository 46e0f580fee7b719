"""Properties of follow-up results on random series: nothing dropped, nothing contradictory, never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from screener.followup.definitions import load_definitions
from screener.outcomes import assess_patient
from screener.protocol import check_patient
from screener.records.model import Medication, Observation, Patient

B = dt.date(2025, 3, 3)
OUTCOMES = load_definitions("NCT06722586", "outcomes")
PROTOCOL = load_definitions("NCT05746689", "protocol")
_days = st.integers(-60, 400)


@st.composite
def platelet_series(draw) -> list[Observation]:
    out = []
    for i in range(draw(st.integers(0, 8))):
        unit = draw(st.sampled_from(["10*9/L", "10*3/uL", "/mm3", "Gpt/L", None]))
        value = draw(st.integers(5, 250)) * (1000 if unit == "/mm3" else 1)
        out.append(Observation(id=f"plt{i}", text="platelet count", value=value, unit=unit,
                               comparator=draw(st.sampled_from([None, None, None, "<", ">"])),
                               date=B + dt.timedelta(days=draw(_days))))
    return out


@st.composite
def medications(draw) -> list[Medication]:
    out = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(st.none() | _days)
        end = draw(st.none() | st.integers(0, 200))
        out.append(Medication(
            id=f"m{i}", text=draw(st.sampled_from(["prednisone 5 MG Oral Tablet", "sirolimus 1 mg", "methylprednisolone"])),
            dose=draw(st.none() | st.sampled_from([1.0, 2.0, 5.0, 10.0, 50.0, 60.0])), dose_unit="mg", per_day=1,
            start=None if start is None else B + dt.timedelta(days=start),
            end=None if start is None or end is None else B + dt.timedelta(days=start + end),
            status=draw(st.sampled_from([None, "active", "completed", "stopped", "entered-in-error"]))))
    return out


@st.composite
def patients(draw) -> Patient:
    obs = draw(platelet_series())
    if draw(st.booleans()):
        obs.append(Observation(id="w", text="body weight", value=draw(st.integers(35, 120)), unit="kg",
                               date=B - dt.timedelta(days=draw(st.integers(0, 40)))))
    for i in range(draw(st.integers(0, 3))):
        obs.append(Observation(id=f"t{i}", text="sirolimus trough", value=draw(st.integers(1, 30)) / 2,
                               unit=draw(st.sampled_from(["ng/mL", "ug/L", "mmol/L"])),
                               date=B + dt.timedelta(days=draw(st.integers(0, 345)))))
    return Patient(id="p", observations=obs, medications=draw(medications()))


_cutoffs = st.none() | st.integers(-10, 420).map(lambda n: B + dt.timedelta(days=n))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=patients(), cutoff=_cutoffs)
def test_outcomes_are_complete_and_consistent(p, cutoff):
    r = assess_patient(OUTCOMES, p, B, cutoff)
    assert r.status == "assessed"
    for tp in r.timepoints:
        got = {o.name: o for o in tp.outcomes}
        expected = {d.name for d in OUTCOMES.definitions if any(t.offset.value == float(tp.timepoint.split()[0])
                                                                 and t.offset.unit == tp.timepoint.split()[1]
                                                                 for t in d.timepoints)}
        assert set(got) == expected  # every definition at each of its timepoints
        cr, pr, overall = (got[n].status for n in ("complete_response", "partial_response", "overall_response"))
        assert not (cr == "met" and pr == "met")
        if "met" in (cr, pr):
            assert overall == "met"
        if overall == "not_met":
            assert cr == pr == "not_met"
        if "dropout" in got and got["dropout"].status == "met":
            assert cr == pr == overall == "unknown"
        for o in tp.outcomes:
            assert o.explanation
            if o.status == "unknown":
                assert o.missing, (o.name, o.explanation)
            if not tp.due:
                assert o.status == "unknown" and "not yet due" in o.explanation


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=patients(), cutoff=_cutoffs, given_baseline=st.booleans())
def test_protocol_runs_cover_every_day_once(p, cutoff, given_baseline):
    r = check_patient(PROTOCOL, p, B if given_baseline else None, cutoff)
    assert r.verdict in ("followed", "deviations", "undetermined") and r.reasons
    if r.baseline is None:
        return
    if r.cutoff < r.baseline:  # the data ends before day 1
        assert r.verdict == "undetermined" and not r.drugs
        return
    for c in r.drugs:
        days = [x.start + dt.timedelta(days=k) for x in c.runs for k in range(x.day_to - x.day_from + 1)]
        assert days == [r.baseline + dt.timedelta(days=k) for k in range((r.cutoff - r.baseline).days + 1)]
        assert all(x.end == x.start + dt.timedelta(days=x.day_to - x.day_from) for x in c.runs)
        assert c.deviations == [x for x in c.runs if x.status in ("higher", "lower", "not_taken")]
    if r.verdict == "followed":
        assert all(x.status == "as_expected" for c in r.drugs for x in c.runs)
        assert all(m.status in ("in_range", "not_yet_due") for m in r.monitoring)
