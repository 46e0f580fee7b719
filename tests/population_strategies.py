"""Hypothesis strategies for populations that put the SQL engines and the interpreter on the edges.

Labs in random units (some that do not convert), values near the thresholds of
the bundled trials, censored values, same-day repeats; dates one day either
side of every window (lookback, persistence, repetition, washouts, onsets);
medications with renewals, dose changes, routes and statuses; diagnoses with
group exceptions and unsure verifications; allergies by code, by name and unplaced; procedures by code and name,
in progress, finished and void; immunizations by CVX code (with and without its leading zero), by name,
dated, undated and void; attestations, deaths and broken
records.  Every patient is own-format ``Patient``, bound by the same code for
both engines.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from screener.records.model import (AllergyRecord, Attestation, Code, ConditionRecord, LoadProblem, Medication, Observation,
                                    ImmunizationRecord, Patient, ProcedureRecord, ReferenceRange, StudyRecord)

AS_OF = dt.date(2026, 11, 23)

# days before AS_OF that sit on an edge: lookback 90, persistence 14, repetition 84, washouts
# (eltrombopag 8 d, romiplostim 18 d, rituximab 110 d), windows 14 and 28 d, stability 7/14 d and 1 month
EDGE_DAYS = [0, 1, 2, 6, 7, 8, 13, 14, 15, 17, 18, 19, 27, 28, 29, 30, 31, 32, 60, 83, 84, 85, 89, 90, 91,
             109, 110, 111, 170, 180, 365]


def days_before() -> st.SearchStrategy[int]:
    return st.one_of(st.sampled_from(EDGE_DAYS), st.integers(-3, 400))


def day() -> st.SearchStrategy[dt.date]:
    return days_before().map(lambda n: AS_OF - dt.timedelta(days=n))


def maybe_day() -> st.SearchStrategy[dt.date | None]:
    return st.one_of(st.none(), day(), day())


# analyte text -> (canonical values near thresholds, [(unit, factor from canonical)])
NUMERIC = {
    "platelets": ([29.9, 30, 30.1, 50, 99.9, 100, 100.1, 140, 160], [("10*9/L", 1), ("10*3/uL", 1), ("/mm3", 1000),
                                                                     ("K/uL", 1), ("Gpt/L", 1)]),
    "wbc": ([2.9, 3.0, 3.1, 4.5, 8.0], [("10*9/L", 1), ("10*3/uL", 1), ("/uL", 1000)]),
    "hemoglobin": ([9.9, 10.0, 10.1, 12.5], [("g/dL", 1), ("g/L", 10), ("mmol/L", 0.6206)]),
    "alt": ([30, 99, 120, 135, 136, 140, 166, 200], [("U/L", 1), ("[IU]/L", 1), ("ukat/L", 1 / 60)]),
    "ast": ([30, 120, 129, 130, 150], [("U/L", 1), ("[IU]/L", 1)]),
    "egfr": ([39.9, 40, 40.1, 90], [("mL/min/{1.73_m2}", 1), ("mL/min", 1)]),
    "ldl cholesterol": ([100, 119.8, 119.9, 120, 150], [("mg/dL", 1), ("mmol/L", 1 / 38.67)]),
    "triglycerides": ([150, 203.6, 203.7, 204, 250], [("mg/dL", 1), ("mmol/L", 1 / 88.57)]),
}
_OBS_STATUS = [None, None, "final", "final", "amended", "preliminary", "entered-in-error", "cancelled"]


@st.composite
def numeric_obs(draw, name: str, i: int) -> Observation:
    values, units = NUMERIC[name]
    canonical = draw(st.one_of(st.sampled_from(values), st.floats(0, 2 * max(values), allow_nan=False)))
    unit, factor = draw(st.sampled_from(units))
    rng = None
    if name in ("alt", "ast") and draw(st.integers(0, 3)) == 0:
        rng = draw(st.sampled_from([ReferenceRange(low=7, high=40, unit="U/L"), ReferenceRange(low=7, high=45),
                                    ReferenceRange(low=7), ReferenceRange(high=40, unit="Gpt/L"),
                                    ReferenceRange(text="see lab")]))
    comparator = draw(st.sampled_from([None] * 8 + ["<", "<=", ">", ">="]))
    return Observation(id=f"{name.replace(' ', '_')}-{i}", text=name, value=round(canonical * factor, 4), unit=unit,
                       comparator=comparator, date=draw(st.one_of(day(), day(), st.none())),
                       status=draw(st.sampled_from(_OBS_STATUS)), reference_range=rng)


_TEXTS = ["Positive", "positive", "NEGATIVE", "Negative", " detected ", "Not detected", "weakly positive",
          "equivocal", "Reactive", "non-reactive", "", "+", "-", "Indeterminate"]
_FLAGS = [[], [], ["POS"], ["NEG"], ["H"], ["N"], ["L"], ["A"], ["pos"], ["ND", "H"]]


@st.composite
def qualitative_obs(draw, i: int) -> Observation:
    kind = draw(st.sampled_from(["la", "la", "acl", "acl_igg", "acl_igm", "b2_igg", "b2_igm"]))
    date = draw(st.one_of(day(), day(), st.none()))
    status = draw(st.sampled_from(_OBS_STATUS))
    if kind in ("la", "acl"):
        text = {"la": "lupus anticoagulant", "acl": "anticardiolipin antibody"}[kind]
        value_text = draw(st.one_of(st.none(), st.sampled_from(_TEXTS)))
        return Observation(id=f"{kind}-{i}", text=text, value_text=value_text, interpretation=draw(st.sampled_from(_FLAGS)),
                           date=date, status=status)
    text, unit = {"acl_igg": ("anticardiolipin igg", "[GPL'U]/mL"), "acl_igm": ("anticardiolipin igm", "[MPL'U]/mL"),
                  "b2_igg": ("anti-b2gp1 igg", "U/mL"), "b2_igm": ("anti-b2gp1 igm", "U/mL")}[kind]
    value = draw(st.sampled_from([10, 20, 39.9, 40, 40.1, 60]))
    rng = draw(st.sampled_from([None, None, ReferenceRange(high=20), ReferenceRange(high=40, unit=unit)]))
    return Observation(id=f"{kind}-{i}", text=text, value=value, unit=unit,
                       comparator=draw(st.sampled_from([None, None, None, ">", "<"])), reference_range=rng,
                       interpretation=draw(st.sampled_from(_FLAGS[:4])), date=date, status=status)


# (name as written, routes to draw from, doses in mg)
MEDS = [
    ("prednisone", ["oral", None], [2.5, 5, 7.5, 10, 15]), ("methylprednisolone", ["oral", "intravenous", None], [4, 8]),
    ("dexamethasone", ["oral"], [0.75, 1.5]), ("hydrocortisone", ["topical", "oral", None], [10, 20]),
    ("hydroxychloroquine", ["oral", None], [200, 400, 600]), ("aspirin", ["oral"], [75, 100]),
    ("clopidogrel", ["oral"], [75]), ("warfarin", ["oral", None], [2.5, 5]), ("enoxaparin", ["subcutaneous", None], [40]),
    ("apixaban", ["oral"], [5]), ("amoxicillin", ["oral", "topical", None], [1500]),
    ("ceftriaxone", ["intravenous", "intramuscular"], [1000]), ("doxycycline", ["oral", None], [200]),
    ("rituximab", ["intravenous", None], [1000]), ("eltrombopag", ["oral"], [50]), ("romiplostim", ["subcutaneous"], [0.25]),
    ("tacrolimus", ["oral", "topical", None], [2]), ("belimumab", ["intravenous"], [700]),
    ("atorvastatin", ["oral"], [20, 40]), ("immune globulin", ["intravenous"], [30000]),
]
_MED_STATUS = ["active", "active", None, "completed", "stopped", "on-hold", "unknown", "entered-in-error",
               "intended", "Active"]
_MED_TYPES = ["MedicationStatement", "MedicationRequest", "MedicationAdministration"]


@st.composite
def medication(draw, i: int) -> list[Medication]:
    name, routes, doses = draw(st.sampled_from(MEDS))
    start = draw(st.one_of(st.integers(0, 400), st.sampled_from(EDGE_DAYS)))
    end = draw(st.one_of(st.none(), st.integers(-30, start), st.sampled_from([d for d in EDGE_DAYS if d <= start] or [0])))
    dose = draw(st.sampled_from(doses))
    how = draw(st.integers(0, 9))
    fields = dict(dose=dose, dose_unit="mg", per_day=draw(st.sampled_from([1, 1, 2, 0.5])))
    if how == 0:
        fields = dict(daily_dose=dose, daily_dose_unit="mg/d")
    elif how == 1:
        fields = dict(dose=dose, dose_unit=None, per_day=1)  # a dose with no unit is unreadable
    elif how == 2:
        fields = dict(dose=None, per_day=None)
    status = draw(st.sampled_from(_MED_STATUS))
    med = Medication(id=f"med-{i}", text=name, route=draw(st.sampled_from(routes)),
                     start=draw(st.sampled_from([AS_OF - dt.timedelta(days=start)] * 9 + [None])),
                     end=None if end is None else AS_OF - dt.timedelta(days=end), status=status,
                     resource_type=draw(st.sampled_from(_MED_TYPES)), **fields)
    out = [med]
    if med.start is not None and draw(st.integers(0, 2)) == 0:  # a renewal, or a dose change, of the same drug
        gap = draw(st.integers(-10, 40))
        same = draw(st.booleans())
        out.append(med.model_copy(update=dict(
            id=f"med-{i}r", start=med.start + dt.timedelta(days=max(gap, -start)),
            end=draw(st.one_of(st.none(), st.just(AS_OF - dt.timedelta(days=draw(st.integers(-10, 20)))))),
            status=draw(st.sampled_from(_MED_STATUS)),
            **({} if same else {"dose": (med.dose or 1) * 2, "daily_dose": None if med.daily_dose is None else med.daily_dose * 2}))))
    return out


CONDITIONS = [("M32.1", "SLE"), ("M35.0", "Sjogren syndrome"), ("D68.61", "Antiphospholipid syndrome"),
              (None, "catastrophic antiphospholipid syndrome"), ("M31.1", "Thrombotic microangiopathy"),
              ("I82.40", "Deep vein thrombosis"), ("I63.9", "Stroke"), ("O09.90", "Pregnancy"),
              ("O90.9", "Postpartum complication"), ("J18.9", "Pneumonia"), ("B20", "HIV disease"),
              ("D68.0", "Von Willebrand disease"), ("M35.9", "Connective tissue disease"), ("E78.5", "Hyperlipidemia")]


@st.composite
def condition(draw, i: int) -> ConditionRecord:
    picks = draw(st.lists(st.sampled_from(CONDITIONS), min_size=1, max_size=2, unique=True))
    codes = [Code(system="icd10", code=c) for c, _t in picks if c]
    return ConditionRecord(
        id=f"cond-{i}", text=picks[0][1], codes=codes, onset=draw(maybe_day()), abatement=draw(maybe_day()),
        clinical_status=draw(st.sampled_from([None, "active", "Active", "recurrence", "relapse", "inactive",
                                              "remission", "resolved"])),
        verification_status=draw(st.sampled_from([None, None, "confirmed", "provisional", "differential",
                                                  "unconfirmed", "refuted", "entered-in-error"])),
        severity=draw(st.sampled_from([None, "mild", "moderate", "severe"])))


# what an allergy record may name: a drug (by RxNorm code or by name), a drug class, an allergen
# (by SNOMED CT code), or a substance the vocabulary cannot place
ALLERGIES = [("rxnorm", "8640", None), (None, None, "Allergy to prednisone"), (None, None, "glucocorticoids"),
             ("snomed", "300916003", None), ("snomed", "91935009", None), (None, None, "Allergy to cats"),
             ("rxnorm", "35302", None)]


@st.composite
def allergy(draw, i: int) -> AllergyRecord:
    system, code, text = draw(st.sampled_from(ALLERGIES))
    return AllergyRecord(
        id=f"alg-{i}", codes=[Code(system=system, code=code)] if code else [], text=text,
        recorded=draw(maybe_day()),
        clinical_status=draw(st.sampled_from([None, "active", "inactive", "resolved"])),
        verification_status=draw(st.sampled_from([None, None, "confirmed", "unconfirmed", "presumed", "refuted",
                                                  "entered-in-error"])))


# what a procedure record may carry: a SNOMED CT code procedures.csv names, a name, or neither
PROCEDURES = [("232717009", None), ("415070008", None), ("40617009", None), ("108290001", None),
              ("703423002", None), (None, "coronary artery bypass grafting"), (None, "an unknown procedure")]


@st.composite
def procedure(draw, i: int) -> ProcedureRecord:
    code, text = draw(st.sampled_from(PROCEDURES))
    start = draw(maybe_day())
    end = draw(st.sampled_from([None, None, 0, 1, 3])) if start is not None else None
    return ProcedureRecord(
        id=f"proc-{i}", codes=[Code(system="http://snomed.info/sct", code=code)] if code else [], text=text,
        performed=start, performed_end=None if end is None else start + dt.timedelta(days=end),
        status=draw(st.sampled_from([None, "completed", "completed", "in-progress", "stopped", "not-done",
                                     "entered-in-error", "preparation", "unknown"])))


# what an immunization record may carry: a CVX code vaccines.csv names (03 is MMR and a live vaccine;
# "3" the same code without its leading zero), a name, or neither
IMMUNIZATIONS = [("140", None), ("03", None), ("3", None), ("19", None), ("133", None), ("998", None),
                 (None, "influenza vaccine"), (None, "an unknown vaccine")]


@st.composite
def immunization(draw, i: int) -> ImmunizationRecord:
    code, text = draw(st.sampled_from(IMMUNIZATIONS))
    return ImmunizationRecord(
        id=f"imm-{i}", codes=[Code(system="http://hl7.org/fhir/sid/cvx", code=code)] if code else [], text=text,
        occurred=draw(maybe_day()),
        status=draw(st.sampled_from([None, "completed", "completed", "not-done", "entered-in-error"])))


# a ResearchSubject: a state that was in the study, one that never was, one not in the value sets (an R5
# publication status); dates on the windows' edges, open or missing; a study testing an intervention or not, or not told
STUDY_STATES = ["on-study", "on-study", "follow-up", "off-study", "withdrawn", "candidate", "screening", "active", None]


@st.composite
def study(draw, i: int) -> StudyRecord:
    from screener.vocab import vocabulary
    status, start = draw(st.sampled_from(STUDY_STATES)), draw(maybe_day())
    end = draw(st.one_of(st.none(), st.integers(0, 120)))
    return StudyRecord(
        id=f"rs-{i}", status=status, start=start,
        end=None if end is None else (start or AS_OF - dt.timedelta(days=60)) + dt.timedelta(days=end),
        enrolled=vocabulary().subject_enrolled(status, start is not None),
        interventional=draw(st.sampled_from([True, False, None])))


@st.composite
def patient(draw, pid: str) -> Patient:
    observations: list[Observation] = []
    for name in NUMERIC:
        for i in range(draw(st.integers(0, 3))):
            observations.append(draw(numeric_obs(name, i)))
    observations += [draw(qualitative_obs(i)) for i in range(draw(st.integers(0, 5)))]
    if observations and draw(st.integers(0, 4)) == 0:  # a same-day repeat of one result
        o = draw(st.sampled_from(observations))
        observations.append(o.model_copy(update={"id": o.id + "-again", "value": draw(st.sampled_from(
            [o.value, None if o.value is None else o.value * 1.5]))}))
    medications = [m for i in range(draw(st.integers(0, 4))) for m in draw(medication(i))]
    conditions = [draw(condition(i)) for i in range(draw(st.integers(0, 3)))]
    allergies = [draw(allergy(i)) for i in range(draw(st.integers(0, 2)))]
    procedures = [draw(procedure(i)) for i in range(draw(st.integers(0, 2)))]
    immunizations = [draw(immunization(i)) for i in range(draw(st.integers(0, 2)))]
    studies = [draw(study(i)) for i in range(draw(st.integers(0, 2)))]
    attestations = [Attestation(criterion=draw(st.sampled_from(["E5", "E5", "I1", "X1"])), holds=draw(st.booleans()))
                    for _ in range(draw(st.integers(0, 2)))]
    age_days = draw(st.one_of(st.sampled_from([18 * 365 + 3, 18 * 365 + 4, 18 * 365 + 5, 18 * 365 + 6]),
                              st.integers(15 * 365, 90 * 365)))
    birth = draw(st.one_of(st.just(AS_OF - dt.timedelta(days=age_days)), st.just(dt.date(2008, 2, 29)),
                           st.just(dt.date(2008, 11, 23)), st.just(dt.date(2008, 11, 24)), st.none()))
    deceased = draw(st.sampled_from([None] * 12 + [True, False]))
    deceased_date = draw(st.sampled_from([None] * 12 + [AS_OF, AS_OF + dt.timedelta(days=1), AS_OF - dt.timedelta(days=400)]))
    problems = []
    if draw(st.integers(0, 19)) == 0:
        problems.append(LoadProblem(code="record.invalid", message="generated: a broken record", fatal=True))
    if draw(st.integers(0, 9)) == 0:
        problems.append(LoadProblem(code="record.bad_date", message="generated: a bad date", field="date"))
    return Patient(id=pid, sex=draw(st.sampled_from(["female", "female", "male", "other", "unknown", None])),
                   birth_date=birth, deceased=deceased, deceased_date=deceased_date, observations=observations,
                   medications=medications, conditions=conditions, allergies=allergies, procedures=procedures,
                   immunizations=immunizations, studies=studies,
                   attestations=attestations,
                   problems=problems)


@st.composite
def population(draw, min_size: int = 1, max_size: int = 25) -> list[Patient]:
    n = draw(st.integers(min_size, max_size))
    return [draw(patient(f"p{i}")) for i in range(n)]
