"""Hypothesis strategies for patient records aimed at NCT06722586: values near thresholds,
units varied, dates near window edges.  Drawn records start from an eligible
shape, so "eligible" is common and the properties have something to break."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from screener.records.model import Attestation, Code, ConditionRecord, Medication, Observation, Patient, ReferenceRange

AS_OF = dt.date(2026, 11, 23)


def _day(days_before: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days_before)


# (analyte text, canonical value range, [(unit, factor from canonical)])
_NUMERIC = {
    "platelets": ((20, 140), [("10*9/L", 1.0), ("10*3/uL", 1.0), ("/mm3", 1000.0)]),
    "alt": ((5, 150), [("U/L", 1.0), ("U/L", 1.0)]),
    "ast": ((5, 150), [("U/L", 1.0)]),
    "egfr": ((25, 120), [("mL/min/{1.73_m2}", 1.0)]),
    "wbc": ((1.5, 11), [("10*9/L", 1.0), ("10*3/uL", 1.0)]),
    "hemoglobin": ((7, 16), [("g/dL", 1.0), ("g/L", 10.0)]),
    "ldl cholesterol": ((60, 200), [("mg/dL", 1.0), ("mmol/L", 1 / 38.67)]),
    "triglycerides": ((50, 300), [("mg/dL", 1.0), ("mmol/L", 1 / 88.57)]),
}


@st.composite
def numeric_obs(draw, name: str, n_max: int = 3) -> list[Observation]:
    (lo, hi), units = _NUMERIC[name]
    out = []
    for i in range(draw(st.integers(1, n_max))):
        value = draw(st.floats(lo, hi, allow_nan=False).map(lambda v: round(v, 1)))
        unit, factor = draw(st.sampled_from(units))
        rng = None
        if name in ("alt", "ast") and draw(st.booleans()):
            rng = ReferenceRange(low=7, high=draw(st.sampled_from([35, 40, 45])), unit="U/L")
        out.append(Observation(id=f"{name.replace(' ', '_')}-{i}", text=name, value=round(value * factor, 4),
                               unit=unit, date=_day(draw(st.integers(0, 40))), reference_range=rng))
    return out


@st.composite
def apl_obs(draw) -> list[Observation]:
    out = []
    for i in range(draw(st.integers(1, 3))):
        text = draw(st.sampled_from(["Positive", "Negative", "positive"]))
        out.append(Observation(id=f"la-{i}", text="lupus anticoagulant", value_text=text,
                               date=_day(draw(st.integers(0, 300)))))
    return out


_MEDS = [
    ("prednisone", "oral", (2.5, 20)), ("methylprednisolone", "oral", (2, 16)),
    ("hydroxychloroquine", "oral", (200, 600)), ("aspirin", "oral", (75, 100)),
    ("amoxicillin", "oral", (1500, 3000)), ("rituximab", "intravenous", (500, 1000)),
    ("eltrombopag", "oral", (25, 75)), ("atorvastatin", "oral", (10, 40)),
]


@st.composite
def medications(draw) -> list[Medication]:
    out = []
    for i, (name, route, (lo, hi)) in enumerate(draw(st.lists(st.sampled_from(_MEDS), max_size=3, unique=True))):
        start = draw(st.integers(0, 400))
        end = draw(st.one_of(st.none(), st.integers(0, start)))
        out.append(Medication(id=f"med-{i}", text=name, route=route, dose=draw(st.floats(lo, hi).map(round)),
                              dose_unit="mg", per_day=1, start=_day(start), end=None if end is None else _day(end),
                              status="active" if end is None else "completed"))
    return out


_CONDITIONS = [("M32.1", "SLE"), ("D68.61", "Antiphospholipid syndrome"), ("I82.40", "Deep vein thrombosis"),
               ("O09.90", "Pregnancy"), ("J18.9", "Pneumonia"), ("D68.0", "Von Willebrand disease")]


@st.composite
def conditions(draw) -> list[ConditionRecord]:
    out = []
    for i, (code, text) in enumerate(draw(st.lists(st.sampled_from(_CONDITIONS), max_size=2, unique=True))):
        out.append(ConditionRecord(id=f"cond-{i}", text=text, codes=[Code(system="icd10", code=code)],
                                   onset=_day(draw(st.integers(0, 2000))),
                                   clinical_status=draw(st.sampled_from(["active", "resolved", None]))))
    return out


@st.composite
def seed_trial_patients(draw) -> Patient:
    obs: list[Observation] = draw(apl_obs())
    for name in _NUMERIC:
        if draw(st.integers(0, 9)) > 0:  # mostly present
            obs += draw(numeric_obs(name))
    return Patient(
        id="gen", sex=draw(st.sampled_from(["female", "male", "unknown"])),
        birth_date=_day(draw(st.integers(15 * 365, 80 * 365))),
        observations=obs, medications=draw(medications()), conditions=draw(conditions()),
        attestations=[Attestation(criterion="E5", holds=False)] if draw(st.booleans()) else [],
    )


@st.composite
def near_eligible_patients(draw) -> Patient:
    """Eligible by construction for NCT06722586 (with E5 attested), units and dates drawn."""
    first = draw(st.integers(90, 400))
    obs = [Observation(id="la-0", text="lupus anticoagulant", value_text="Positive", date=_day(first)),
           Observation(id="la-1", text="lupus anticoagulant", value_text=draw(st.sampled_from(["Positive", "positive", "POSITIVE"])),
                       date=_day(draw(st.integers(0, first - 84))))]
    unit, factor = draw(st.sampled_from(_NUMERIC["platelets"][1]))
    for i, days in enumerate(sorted(set(draw(st.lists(st.integers(0, 60), min_size=2, max_size=4))), reverse=True)):
        obs.append(Observation(id=f"plt-{i}", text="platelets", value=draw(st.integers(31, 99)) * factor, unit=unit,
                               date=_day(days)))
    if (obs[-1].date - obs[2].date).days < 14:
        obs[2] = obs[2].model_copy(update={"date": obs[-1].date - dt.timedelta(days=draw(st.integers(14, 30)))})
    fine = {"alt": (10, 40), "ast": (10, 40), "egfr": (45, 120), "wbc": (3.5, 10), "hemoglobin": (11, 15),
            "ldl cholesterol": (60, 115), "triglycerides": (60, 180)}
    for name, (lo, hi) in fine.items():
        unit, factor = draw(st.sampled_from(_NUMERIC[name][1]))
        obs.append(Observation(id=f"{name.replace(' ', '_')}-0", text=name, unit=unit, date=_day(draw(st.integers(0, 60))),
                               value=round(draw(st.floats(lo, hi)) * factor, 4),
                               reference_range=ReferenceRange(low=7, high=40, unit="U/L") if name in ("alt", "ast") else None))
    meds = []
    if draw(st.booleans()):
        meds.append(Medication(id="pred", text="prednisone", dose=draw(st.sampled_from([2.5, 5, 7.5])), dose_unit="mg",
                               per_day=1, route="oral", start=_day(draw(st.integers(30, 400))), status="active"))
    return Patient(id="near", sex=draw(st.sampled_from(["female", "male"])),
                   birth_date=_day(draw(st.integers(19 * 365, 80 * 365))), observations=obs, medications=meds,
                   attestations=[Attestation(criterion="E5", holds=False)])
