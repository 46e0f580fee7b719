"""Bind loaded records to the vocabulary and normalize their quantities.

Adapters leave codes, text and units as reported.  Binding names the analyte,
drug or condition groups each record is about, and converts every value into
its analyte's canonical unit with one conversion per distinct (analyte, unit)
pair across the whole batch (``screener.units.linear_map`` is worked out once
per pair; values are then plain arithmetic).  A value whose unit cannot be
converted keeps ``normalized_value=None`` and a ``problem``: the evaluator
reports it as unknown with that reason, it never guesses.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable, Iterator

from screener.records.adapters.routes import route_from_text
from screener.records.model import (
    Code, ConditionRecord, LoadProblem, Medication, Observation, Patient, ReferenceRange,
)
from screener.units import UnitConversionError, linear_map
from screener.vocab import vocabulary

_SYSTEMS = {
    "http://loinc.org": "loinc",
    "http://snomed.info/sct": "snomed",
    "http://hl7.org/fhir/sid/icd-10": "icd10",
    "http://hl7.org/fhir/sid/icd-10-cm": "icd10",
    "http://www.nlm.nih.gov/research/umls/rxnorm": "rxnorm",
    "http://www.cms.gov/Medicare/Coding/ICD10": "icd10pcs",
    "http://hl7.org/fhir/sid/cvx": "cvx",
}


def system_key(system: str | None) -> str:
    """"http://loinc.org" -> "loinc"; short names pass through in lower case."""
    if not system:
        return ""
    return _SYSTEMS.get(system.strip(), system.strip().lower().replace("-", "").replace("sct", "snomed")
                        if "/" not in system else system.strip())


# ---- what a record is about ----------------------------------------------------

_CUT = re.compile(r"\s*(?:\[|\(|\bin\b|\bby\b|,)", re.I)
_WORD = re.compile(r"[a-z0-9µβ'\-]+")


def _lookup(text: str | None, kind: str, word_runs: bool = True) -> str | None:
    """The id a text names: the whole text, the text before a LOINC-style qualifier, or
    (with ``word_runs``) its longest known run of words."""
    if not text:
        return None
    v = vocabulary()
    for candidate in (text, _CUT.split(text, 1)[0]):
        for term in v.lookup(candidate):
            if term.kind == kind:
                return term.id
    if not word_runs:
        return None
    words = _WORD.findall(text.lower())
    for n in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            for term in v.lookup(" ".join(words[i:i + n])):
                if term.kind == kind:
                    return term.id
    return None


def _codes(codes: Iterable[Code], system: str) -> list[str]:
    return [c.code.strip() for c in codes if system_key(c.system) == system and c.code]


def analyte_of(obs: Observation) -> str | None:
    """By LOINC; by name only when the result carries no LOINC code.

    A LOINC code we do not know is a different test, not a hint: "Platelet mean
    volume" (32623-1) must not become a platelet count because its name starts
    with "platelet".  Names must match whole (or before a LOINC-style qualifier).
    """
    v = vocabulary()
    loinc = _codes(obs.codes, "loinc")
    for code in loinc:
        a = v.analyte_for_loinc(code)
        if a is not None:
            return a.id
    if loinc:
        return None
    texts = [obs.text, *(c.display for c in obs.codes)]
    return next((a for a in (_lookup(t, "analyte", word_runs=False) for t in texts) if a), None)


def drug_of(med: Medication) -> tuple[str | None, str | None]:
    """(drug id, route) from RxNorm codes, else from the names."""
    v = vocabulary()
    for code in _codes(med.codes, "rxnorm"):
        d = v.drug_for_rxnorm(code)
        if d is not None:
            product = v.rxnorm_products.get(code)
            return d.id, product.route if product else None
    texts = [med.text, *(c.display for c in med.codes)]
    for t in texts:
        did = _lookup(t, "drug")
        if did:
            return did, route_from_text(t)
    return None, None


def groups_of(codes: Iterable[Code], text: str | None) -> list[str]:
    """The condition groups a diagnosis's own codes (or, failing codes, its text) place it in."""
    v = vocabulary()
    out: set[str] = set()
    for c in codes:
        key = system_key(c.system)
        if key in ("icd10", "snomed") and c.code:
            out |= v.condition_groups_for_code(key, c.code.strip())
    if not out:
        for t in [text, *(c.display for c in codes)]:
            gid = _lookup(t, "condition")
            if gid:
                out.add(gid)
                break
    return sorted(out)


def _named_by(codes: Iterable[Code], text: str | None, systems: tuple[str, ...], for_code, kind: str) -> list[str]:
    """The vocabulary ids a record's own codes name (``for_code(system, code)``); failing any code we know,
    the one its text names."""
    out: list[str] = []
    for c in codes:
        key = system_key(c.system)
        if key in systems and c.code:
            out += [x for x in for_code(key, c.code.strip()) if x not in out]
    if out:
        return out
    for t in [text, *(c.display for c in codes)]:
        found = _lookup(t, kind, word_runs=False)
        if found:
            return [found]
    return []


def vaccines_of(codes: Iterable[Code], text: str | None) -> list[str]:
    """The vaccines (and groups) a record's own CVX codes name; failing any code we know, its text
    (which names one vaccine, never a group: "live vaccine" is no product)."""
    return _named_by(codes, text, ("cvx",), vocabulary().vaccines_for_code, "vaccine")


def procedures_of(codes: Iterable[Code], text: str | None) -> list[str]:
    """The procedures a record's own SNOMED CT codes name; failing any code we know, its text."""
    return _named_by(codes, text, ("snomed", "icd10pcs"), vocabulary().procedures_for_code, "procedure")


# "Allergy to penicillin", "Penicillin allergy", "Allergic to peanuts": the agent in a record's text
_ALLERGY_WORDS = re.compile(r"^(?:(?:known|drug|food)\s+)?(?:allergy|allergic|hypersensitivity|intolerance)"
                            r"(?:\s+(?:to|of))?\s+|\s+(?:allergy|allergies|hypersensitivity|intolerance)$", re.I)


def agents_of(codes: Iterable[Code], text: str | None) -> list[str]:
    """The drugs, drug classes or allergens an allergy record names: by RxNorm or SNOMED CT
    code, failing codes by name ("Allergy to peanuts", "penicillin")."""
    v = vocabulary()
    out: list[str] = []
    for c in codes:
        key = system_key(c.system)
        hit = v.drug_for_rxnorm(c.code.strip()) if key == "rxnorm" else (
            v.allergen_for_snomed(c.code.strip()) if key == "snomed" else None)
        if hit is not None and hit.id not in out:
            out.append(hit.id)
    if out:
        return out
    for t in [text, *(c.display for c in codes)]:
        name = _ALLERGY_WORDS.sub("", t.strip()) if t else None
        for kind in ("allergen", "drug", "drug_class"):
            aid = _lookup(name, kind, word_runs=False)
            if aid:
                return [aid]
    return []


# ---- quantities ----------------------------------------------------------------

_STRENGTH = re.compile(r"(\d+(?:\.\d+)?)\s*(MG|MCG|UG|G)\b(?!\s*/)", re.I)
_COUNT_UNITS = {"1", "{tbl}", "{tablet}", "tablet", "tablets", "tab", "{capsule}", "capsule", "capsules",
                "{puff}", "{dose}", "dose"}


def _strength_mg(med: Medication) -> float | None:
    """A single-ingredient product's strength in mg from its name ("predniSONE 5 MG Oral Tablet")."""
    for text in [med.text, *(c.display for c in med.codes)]:
        hits = _STRENGTH.findall(text or "")
        if len(hits) == 1:
            value, unit = float(hits[0][0]), hits[0][1].lower()
            return value * {"mg": 1.0, "g": 1000.0, "mcg": 0.001, "ug": 0.001}[unit]
    return None


def _daily_mg(med: Medication) -> tuple[float | None, str | None]:
    """The daily dose in mg, or why there is none."""
    if med.daily_dose is not None:
        value, unit = med.daily_dose, (med.daily_dose_unit or "mg/d")
        try:
            return float(linear_map(unit, "mg/d").apply(value)), None
        except UnitConversionError as err:
            return None, f"daily dose unit {unit!r}: {err.message}"
    if med.dose is None or med.per_day is None:
        return None, "no dose and frequency recorded"
    unit = (med.dose_unit or "").strip()
    if not unit:
        return None, f"dose {med.dose:g} has no unit"
    if unit.lower() in _COUNT_UNITS:
        strength = _strength_mg(med)
        if strength is None:
            return None, f"dose is {med.dose:g} {unit or 'unit(s)'} and the product name gives no single strength in mg"
        return med.dose * strength * med.per_day, None
    try:
        return float(linear_map(unit, "mg").apply(med.dose)) * med.per_day, None
    except UnitConversionError as err:
        return None, f"dose unit {unit!r}: {err.message}"


def _normalize_observations(observations: list[Observation], problems: dict[int, list[LoadProblem]],
                            owner: dict[int, Patient]) -> None:
    """One unit conversion per distinct (analyte, unit), applied to every value that shares it."""
    v = vocabulary()
    by_pair: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for obs in observations:
        analyte = v.analytes.get(obs.analyte or "")
        if analyte is None or analyte.canonical_unit is None:
            continue
        if obs.value is not None:
            by_pair[(analyte.id, obs.unit or "")].append(obs)
        rng = obs.reference_range
        if rng is not None and (rng.low is not None or rng.high is not None):
            by_pair[(analyte.id, rng.unit or obs.unit or "")]  # the pair is worked out below with the values
    maps: dict[tuple[str, str], object] = {}
    for (aid, unit) in by_pair:
        target = v.analytes[aid].canonical_unit
        try:
            maps[(aid, unit)] = linear_map(unit or "1", target, aid)
        except UnitConversionError as err:
            maps[(aid, unit)] = err
    for (aid, unit), group in by_pair.items():
        m = maps[(aid, unit)]
        target = v.analytes[aid].canonical_unit
        for obs in group:
            if isinstance(m, UnitConversionError):
                obs.problem = f"[{m.code}] {obs.value:g} {unit or '(no unit)'} for {aid}: {m.message}"
                problems[id(owner[id(obs)])].append(LoadProblem(
                    code=m.code, message=obs.problem, file=obs.origin.file,
                    record=obs.origin.resource or obs.id, field="unit"))
                continue
            obs.normalized_value = float(m.apply(obs.value))
            obs.normalized_unit = target
    for obs in observations:  # reference ranges, through the same maps
        rng, analyte = obs.reference_range, v.analytes.get(obs.analyte or "")
        if rng is None or analyte is None or analyte.canonical_unit is None:
            continue
        m = maps.get((analyte.id, rng.unit or obs.unit or ""))
        if m is None or isinstance(m, UnitConversionError):
            # the record has a range we cannot read: say so, so no default range stands in for it
            why = m.message if isinstance(m, UnitConversionError) else "no unit to read it in"
            obs.range_problem = f"reference range in {rng.unit or obs.unit or '(no unit)'}: {why}"
            problems[id(owner[id(obs)])].append(LoadProblem(
                code=m.code if isinstance(m, UnitConversionError) else "unit.unknown", message=obs.range_problem,
                file=obs.origin.file, record=obs.origin.resource or obs.id, field="referenceRange"))
            continue
        obs.normalized_range = ReferenceRange(
            low=None if rng.low is None else float(m.apply(rng.low)),
            high=None if rng.high is None else float(m.apply(rng.high)),
            unit=analyte.canonical_unit, text=rng.text)


def bind_patients(patients: list[Patient]) -> list[Patient]:
    """Resolve every record and normalize every quantity, in place; returns the same list."""
    all_obs: list[Observation] = []
    owner: dict[int, Patient] = {}
    problems: dict[int, list[LoadProblem]] = defaultdict(list)
    for p in patients:
        if p.bound:
            continue
        for obs in p.observations:
            obs.analyte = obs.analyte or analyte_of(obs)
            all_obs.append(obs)
            owner[id(obs)] = p
        for med in p.medications:
            if med.drug is None:
                med.drug, route = drug_of(med)
                med.route = med.route or route
            med.normalized_daily_dose, med.problem = _daily_mg(med)
        for cond in p.conditions:
            cond.groups = cond.groups or groups_of(cond.codes, cond.text)
        for alg in p.allergies:
            alg.agents = alg.agents or agents_of(alg.codes, alg.text)
        for proc in p.procedures:
            proc.procedures = proc.procedures or procedures_of(proc.codes, proc.text)
        p.conditions.extend(established_conditions(p))
        for imm in p.immunizations:
            imm.vaccines = imm.vaccines or vaccines_of(imm.codes, imm.text)
        for st in p.studies:
            st.enrolled = vocabulary().subject_enrolled(st.status, st.start is not None)
            if st.interventional is None:
                st.interventional = vocabulary().study_interventional(st.study_codes)
    _normalize_observations(all_obs, problems, owner)
    for p in patients:
        if not p.bound:
            p.problems.extend(problems.get(id(p), []))
            p.bound = True
    return patients


# a procedure that did not happen, or is not yet done, establishes nothing (screener.evaluate.facts)
_NOT_DONE = frozenset({"entered-in-error", "not-done", "preparation", "in-progress", "on-hold", "stopped", "unknown"})


def established_conditions(p: Patient) -> list[ConditionRecord]:
    """The diagnoses the patient's procedures establish (condition_procedures.csv): a kidney transplant
    done is kidney transplant status (Z94.0) from that day, coded or not. Each names its procedure record."""
    v = vocabulary()
    have = {c.id for c in p.conditions}
    out: list[ConditionRecord] = []
    for proc in p.procedures:
        if (proc.status or "completed").lower() in _NOT_DONE:
            continue
        groups = sorted({g for c in proc.codes if c.code and system_key(c.system) == "snomed"
                         for g in v.conditions_established_by("snomed", c.code)})
        cid = f"{proc.id}#established"
        if groups and cid not in have:
            out.append(ConditionRecord(
                id=cid, codes=proc.codes, onset=proc.performed, clinical_status="active",
                verification_status="confirmed", origin=proc.origin, groups=groups,
                text=f"{' and '.join(groups)} (established by procedure {proc.text or proc.codes[0].display or proc.id}"
                     f"{', ' + str(proc.performed) if proc.performed else ''})"))
    return out


def bound_batches(patients: Iterable[Patient], batch: int = 1000) -> Iterator[list[Patient]]:
    """A stream of patients, bound ``batch`` at a time (one unit conversion per pair per batch)."""
    chunk: list[Patient] = []
    for p in patients:
        chunk.append(p)
        if len(chunk) >= batch:
            yield bind_patients(chunk)
            chunk = []
    if chunk:
        yield bind_patients(chunk)


def bind_patient(patient: Patient) -> Patient:
    return bind_patients([patient])[0]
