"""Write the NCT06722586 seed patients: one eligible baseline FHIR R4 Bundle and its one-change variants.

Run ``python3 tests/build_nct06722586_fixtures.py`` to (re)write ``tests/fixtures/nct06722586/``;
``tests/test_seed_patients.py`` checks that the committed files are what this script writes.

The screening date is AS_OF.  The baseline is a woman of 40 with lupus anticoagulant positive
twice 18 weeks apart, platelets 58-71 x10^9/L over five weeks, normal liver, kidney, blood
counts and lipids, and prednisone 5 mg/d for seven months; with E5's manual clause attested
("no other life or organ threatening manifestation") she is eligible.  Each variant changes
one thing (a lab series, a medicine, a diagnosis, the birth date or sex) and says which
criteria that moves; ``nct06722586.expected.json`` holds those expectations, worked out by hand from the
criteria text and docs/semantics.md, not copied from the engine's output.

Units vary on purpose: platelets in 10*3/uL, 10*9/L and the US spelling "K/uL", hemoglobin in
g/dL and g/L, lipids in mmol/L (baseline) and mg/dL, creatinine in umol/L.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

AS_OF = dt.date(2026, 11, 23)
TRIAL = "NCT06722586"
ATTEST = {"E5": False}
OUT = Path(__file__).resolve().parent / "fixtures" / "nct06722586"
# beside the folder, not in it: the folder holds patient files only, so it can be screened as a folder
EXPECTED_FILE = OUT.parent / "nct06722586.expected.json"

UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def day(days_before: int) -> str:
    """The date ``days_before`` days before AS_OF, as FHIR writes it."""
    return (AS_OF - dt.timedelta(days=days_before)).isoformat()


def lab_time(days_before: int) -> str:
    """A lab draw time on that day (the engine reads the calendar date as written)."""
    return f"{day(days_before)}T08:30:00+01:00"


# ---- resources ------------------------------------------------------------------------------

# analyte key -> (LOINC code or None, code.text)
LAB_CODES = {
    "lupus_anticoagulant": (None, "Lupus anticoagulant [Presence] in Platelet poor plasma"),
    "acl_igg": ("3181-5", "Cardiolipin IgG Ab [Units/volume] in Serum by Immunoassay"),
    "b2gp1_igg": ("44448-9", "Beta 2 glycoprotein 1 IgG Ab [Units/volume] in Serum or Plasma by Immunoassay"),
    "platelets": ("777-3", "Platelets [#/volume] in Blood by Automated count"),
    "wbc": ("6690-2", "Leukocytes [#/volume] in Blood by Automated count"),
    "hemoglobin": ("718-7", "Hemoglobin [Mass/volume] in Blood"),
    "alt": ("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma"),
    "ast": ("1920-8", "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma"),
    "creatinine": ("14682-9", "Creatinine [Moles/volume] in Serum or Plasma"),
    "egfr": ("62238-1", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma "
                        "by Creatinine-based formula (CKD-EPI)"),
    "ldl_mmol": ("22748-8", "Cholesterol in LDL [Moles/volume] in Serum or Plasma"),
    "ldl_mg": ("18262-6", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay"),
    "tg_mmol": ("14927-8", "Triglyceride [Moles/volume] in Serum or Plasma"),
    "tg_mg": ("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma"),
}

# unit as written in a fixture -> (UCUM code or None for a non-UCUM unit, display)
UNITS = {
    "10*3/uL": ("10*3/uL", "10^3/uL"),
    "10*9/L": ("10*9/L", "10^9/L"),
    "K/uL": (None, "K/uL"),  # US lab shorthand, written as text only (no UCUM system)
    "Gpt/L": (None, "Gpt/L"),  # German "Gigapartikel pro Liter": a unit the engine does not know
    "g/dL": ("g/dL", "g/dL"),
    "g/L": ("g/L", "g/L"),
    "U/L": ("U/L", "U/L"),
    "umol/L": ("umol/L", "\u00b5mol/L"),
    "mL/min/{1.73_m2}": ("mL/min/{1.73_m2}", "mL/min/1.73m2"),
    "mmol/L": ("mmol/L", "mmol/L"),
    "mg/dL": ("mg/dL", "mg/dL"),
    "[GPL'U]/mL": ("[GPL'U]/mL", "GPL U/mL"),
    "[arb'U]/mL": ("[arb'U]/mL", "U/mL"),
}


def quantity(value: float, unit: str, comparator: str | None = None) -> dict:
    code, display = UNITS[unit]
    q: dict = {"value": value}
    if comparator:
        q["comparator"] = comparator
    q["unit"] = display
    if code is not None:
        q |= {"system": UCUM, "code": code}
    return q


def lab(rid: str, key: str, days_before: int, value: float | str, unit: str | None = None, *,
        comparator: str | None = None, ref: tuple[float | None, float | None] | None = None,
        flag: str | None = None) -> dict:
    """An Observation: a number with a unit, or a qualitative answer ("Positive") when ``unit`` is None."""
    loinc, text = LAB_CODES[key]
    code: dict = {"text": text}
    if loinc:
        code = {"coding": [{"system": LOINC, "code": loinc, "display": text}], "text": text}
    obs: dict = {
        "resourceType": "Observation", "id": rid, "status": "final",
        "category": [{"coding": [{"system": OBS_CATEGORY, "code": "laboratory", "display": "Laboratory"}]}],
        "code": code, "effectiveDateTime": lab_time(days_before),
    }
    if unit is None:
        obs["valueCodeableConcept"] = {"text": str(value)}
    else:
        obs["valueQuantity"] = quantity(float(value), unit, comparator)
    if flag:
        obs["interpretation"] = [{"coding": [{"system": INTERPRETATION, "code": flag}]}]
    if ref is not None:
        low, high = ref
        rng: dict = {}
        if low is not None:
            rng["low"] = quantity(low, unit)
        if high is not None:
            rng["high"] = quantity(high, unit)
        obs["referenceRange"] = [rng]
    return obs


def condition(rid: str, system: str, code: str, display: str, onset_days_before: int, *,
              status: str = "active", abated_days_before: int | None = None) -> dict:
    cond: dict = {
        "resourceType": "Condition", "id": rid,
        "clinicalStatus": {"coding": [{"system": CLINICAL, "code": status}]},
        "verificationStatus": {"coding": [{"system": VERIFICATION, "code": "confirmed"}]},
        "code": {"coding": [{"system": system, "code": code, "display": display}], "text": display},
        "onsetDateTime": day(onset_days_before),
    }
    if abated_days_before is not None:
        cond["abatementDateTime"] = day(abated_days_before)
    return cond


ROUTES = {"oral": ("26643006", "Oral route"), "intravenous": ("47625008", "Intravenous route"),
          "topical": ("6064005", "Topical route")}


def med(rid: str, text: str, *, rxnorm: str | None, dose: float | None, unit: str | None,
        per_day: int = 1, start: int, end: int | None = None, route: str = "oral",
        status: str | None = None) -> dict:
    """A MedicationStatement: ``dose`` ``unit`` ``per_day`` times a day from ``start`` days before AS_OF
    (until ``end`` days before, or ongoing)."""
    concept: dict = {"text": text}
    if rxnorm:
        concept = {"coding": [{"system": RXNORM, "code": rxnorm, "display": text}], "text": text}
    sct, route_display = ROUTES[route]
    dosage: dict = {"timing": {"repeat": {"frequency": per_day, "period": 1, "periodUnit": "d"}},
                    "route": {"coding": [{"system": SNOMED, "code": sct, "display": route_display}]}}
    if dose is not None:
        q = {"value": dose, "unit": unit, "system": UCUM, "code": {"tablet": "{tbl}"}.get(unit, unit)}
        dosage["doseAndRate"] = [{"doseQuantity": q}]
    period = {"start": day(start)} | ({"end": day(end)} if end is not None else {})
    return {"resourceType": "MedicationStatement", "id": rid,
            "status": status or ("active" if end is None else "completed"),
            "medicationCodeableConcept": concept, "effectivePeriod": period, "dosage": [dosage]}


def administration(rid: str, text: str, *, rxnorm: str, dose: float, unit: str, on: int, route: str) -> dict:
    sct, route_display = ROUTES[route]
    return {"resourceType": "MedicationAdministration", "id": rid, "status": "completed",
            "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": rxnorm, "display": text}],
                                          "text": text},
            "effectiveDateTime": f"{day(on)}T10:00:00+01:00",
            "dosage": {"route": {"coding": [{"system": SNOMED, "code": sct, "display": route_display}]},
                       "dose": {"value": dose, "unit": unit, "system": UCUM, "code": unit}}}


# ---- medicines used below -------------------------------------------------------------------

def prednisone(rid: str, tablets: float, start: int, end: int | None = None) -> dict:
    return med(rid, "predniSONE 5 MG Oral Tablet", rxnorm="312617", dose=tablets, unit="tablet",
               start=start, end=end)


def methylprednisolone(rid: str, mg: float) -> dict:
    return med(rid, "methylPREDNISolone 4 MG Oral Tablet", rxnorm="6902", dose=mg, unit="mg", start=230)


def hydroxychloroquine(rid: str, tablets_per_day: int, start: int) -> dict:
    return med(rid, "Hydroxychloroquine Sulfate 200 MG Oral Tablet", rxnorm="5521", dose=1, unit="tablet",
               per_day=tablets_per_day, start=start)


def warfarin(rid: str, tablets: float, start: int, end: int | None = None) -> dict:
    return med(rid, "Warfarin Sodium 5 MG Oral Tablet", rxnorm="855332", dose=tablets, unit="tablet",
               start=start, end=end)


ATORVASTATIN = med("atorvastatin", "Atorvastatin 20 MG Oral Tablet", rxnorm="83367", dose=20, unit="mg",
                   start=400)


def amoxicillin(start: int, end: int) -> dict:
    return med("amoxicillin", "Amoxicillin 500 MG Oral Tablet", rxnorm="308192", dose=1, unit="tablet",
               per_day=3, start=start, end=end)


def eltrombopag(end: int) -> dict:
    # no RxNorm code in our data for eltrombopag: the record names it by text only
    return med("eltrombopag", "Eltrombopag 50 MG Oral Tablet", rxnorm=None, dose=50, unit="mg",
               start=180, end=end)


# ---- the baseline ---------------------------------------------------------------------------

PLATELETS = [(42, 64), (28, 58), (14, 71), (7, 66)]  # (days before AS_OF, 10^9/L): five weeks, all in 30-100


def platelets(values: list[tuple[int, float]], unit: str = "10*3/uL") -> list[dict]:
    return [lab(f"plt-{n}", "platelets", d, v, unit, ref=(150, 450)) for n, (d, v) in enumerate(values, 1)]


def lupus_anticoagulant(days_before: list[int]) -> list[dict]:
    return [lab(f"la-{n}", "lupus_anticoagulant", d, "Positive", flag="POS") for n, d in enumerate(days_before, 1)]


@dataclass
class Record:
    """One patient: a Patient resource and its records, keyed by resource id (kept in order)."""

    birth_date: str
    gender: str
    resources: dict[str, dict] = field(default_factory=dict)

    def put(self, *resources: dict) -> "Record":
        for r in resources:
            self.resources[r["id"]] = r
        return self

    def drop(self, *prefixes: str) -> "Record":
        for rid in [rid for rid in self.resources if rid.startswith(prefixes)]:
            del self.resources[rid]
        return self

    def bundle(self, name: str) -> dict:
        pid = f"nct06722586-{name.replace('_', '-')}"
        entries = [{"fullUrl": _url(pid, "Patient", pid),
                    "resource": {"resourceType": "Patient", "id": pid, "gender": self.gender,
                                 "birthDate": self.birth_date}}]
        for rid, r in self.resources.items():
            r = copy.deepcopy(r)
            r = {"resourceType": r.pop("resourceType"), "id": r.pop("id"),
                 "subject": {"reference": f"Patient/{pid}"}, **r}
            entries.append({"fullUrl": _url(pid, r["resourceType"], rid), "resource": r})
        return {"resourceType": "Bundle", "id": pid, "type": "collection", "entry": entries}


def _url(pid: str, rtype: str, rid: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{pid}/{rtype}/{rid}')}"


def baseline() -> Record:
    r = Record(birth_date="1986-05-14", gender="female")
    r.put(*lupus_anticoagulant([265, 139]))  # 18 weeks apart
    r.put(*platelets(PLATELETS))
    r.put(lab("wbc", "wbc", 7, 5.8, "10*3/uL", ref=(4.0, 10.0)),
          lab("hb", "hemoglobin", 7, 13.2, "g/dL", ref=(12.0, 15.5)),
          lab("alt", "alt", 7, 22, "U/L", ref=(7, 40)),
          lab("ast", "ast", 7, 24, "U/L", ref=(8, 40)),
          lab("creatinine", "creatinine", 7, 68, "umol/L", ref=(45, 90)),
          lab("egfr", "egfr", 7, 96, "mL/min/{1.73_m2}"),
          lab("ldl", "ldl_mmol", 30, 2.4, "mmol/L"),
          lab("tg", "tg_mmol", 30, 1.3, "mmol/L"))
    r.put(prednisone("prednisone", 1, start=230))  # 5 mg/d since April
    return r


BASELINE_STATUS = {
    "I1": "met", "I2": "met", "I3": "not_met", "I4": "not_met", "I5": "not_met", "I6": "not_met",
    "E1": "not_met", "E2": "not_met", "E3": "not_met", "E4": "not_met", "E5": "not_met", "E6": "not_met",
    "E7": "not_met", "E8": "not_met", "E9": "not_met", "E10": "not_met", "age_min": "met", "sex": "met",
}


# ---- the variants: one change each ----------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    name: str
    change: str
    apply: Callable[[Record], object]
    verdict: str
    differs: dict[str, str]  # criterion -> status, where it differs from the baseline
    problems: tuple[str, ...] = ()  # codes of the load/bind problems the record should raise


def _set(**fields) -> Callable[[Record], None]:
    def apply(r: Record) -> None:
        for k, v in fields.items():
            setattr(r, k, v)
    return apply


def _replace_platelets(values: list[tuple[int, float]], unit: str = "10*3/uL") -> Callable[[Record], None]:
    return lambda r: r.drop("plt-").put(*platelets(values, unit))


def _latest_platelets(value: float, unit: str, comparator: str | None = None) -> Callable[[Record], None]:
    return lambda r: r.put(lab("plt-4", "platelets", 7, value, unit, comparator=comparator))


V = Variant
VARIANTS: list[Variant] = [
    # I2 platelets 30-100 x10^9/L for >= 2 weeks
    V("plt_high", "platelets 128-160 x10^9/L (in 10*9/L)",
      _replace_platelets([(42, 128), (28, 141), (14, 160), (7, 152)], "10*9/L"), "ineligible", {"I2": "not_met"}),
    V("plt_low", "latest platelets 22 K/uL (unit as text, no UCUM code)",
      _latest_platelets(22, "K/uL"), "ineligible", {"I2": "not_met"}),
    V("plt_not_persistent", "latest platelets in range, the one a week before (inside the 2 weeks) 112",
      _replace_platelets([(42, 64), (28, 58), (14, 112), (7, 66)]), "ineligible", {"I2": "not_met"}),
    V("plt_one_result", "a single platelet result (66, a week ago): persistence cannot be shown",
      _replace_platelets([(7, 66)]), "undetermined", {"I2": "unknown"}),
    V("plt_censored_undecided", "latest platelets '<50' 10^3/uL: could be below 30 or not",
      _latest_platelets(50, "10*3/uL", "<"), "undetermined", {"I2": "unknown"}),
    V("no_platelets", "no platelet results at all",
      lambda r: r.drop("plt-"), "undetermined", {"I2": "unknown"}),
    # I1 antiphospholipid antibodies positive twice, 12 weeks apart
    V("apl_one_result", "one lupus anticoagulant result only (no other aPL tests)",
      lambda r: r.drop("la-").put(*lupus_anticoagulant([139])), "undetermined", {"I1": "unknown"}),
    V("apl_too_close", "two positive lupus anticoagulant results 8 weeks apart",
      lambda r: r.drop("la-").put(*lupus_anticoagulant([195, 139])), "undetermined", {"I1": "unknown"}),
    V("apl_acl_igg_titre", "aCL IgG 62 and 58 GPL U/mL (cut-off 40) 18 weeks apart instead of lupus anticoagulant",
      lambda r: r.drop("la-").put(lab("acl-1", "acl_igg", 265, 62, "[GPL'U]/mL"),
                                  lab("acl-2", "acl_igg", 139, 58, "[GPL'U]/mL")),
      "eligible", {}),
    V("apl_b2gp1_record_range", "anti-b2GP1 IgG 38 and 45 U/mL over the record's range (<20) instead of LA",
      lambda r: r.drop("la-").put(lab("b2gp1-1", "b2gp1_igg", 265, 38, "[arb'U]/mL", ref=(None, 20)),
                                  lab("b2gp1-2", "b2gp1_igg", 139, 45, "[arb'U]/mL", ref=(None, 20))),
      "eligible", {}),
    # E6 ALT/AST > 3 x ULN, eGFR < 40
    V("alt_3_5x_record_range", "ALT 115.5 U/L = 3.5 x the record's ULN 33 (under 3 x our default ULN 45)",
      lambda r: r.put(lab("alt", "alt", 7, 115.5, "U/L", ref=(7, 33))), "ineligible", {"E6": "met"}),
    V("alt_3_5x_default_range", "ALT 157.5 U/L with no reference range: 3.5 x our default female ULN 45",
      lambda r: r.put(lab("alt", "alt", 7, 157.5, "U/L")), "ineligible", {"E6": "met"}),
    V("alt_record_range_higher", "ALT 150 U/L, record's ULN 56: 2.7 x ULN (over 3 x our default ULN)",
      lambda r: r.put(lab("alt", "alt", 7, 150, "U/L", ref=(10, 56))), "eligible", {}),
    V("alt_censored", "ALT '<5' U/L: censored, still decides",
      lambda r: r.put(lab("alt", "alt", 7, 5, "U/L", comparator="<", ref=(7, 40))), "eligible", {}),
    V("ast_high", "AST 150 U/L, record's ULN 40",
      lambda r: r.put(lab("ast", "ast", 7, 150, "U/L", ref=(8, 40))), "ineligible", {"E6": "met"}),
    V("egfr_35", "eGFR 35 mL/min/1.73m2",
      lambda r: r.put(lab("egfr", "egfr", 7, 35, "mL/min/{1.73_m2}")), "ineligible", {"E6": "met"}),
    V("egfr_stale", "the only eGFR is 120 days old (over the 90-day look-back)",
      lambda r: r.put(lab("egfr", "egfr", 120, 96, "mL/min/{1.73_m2}")), "undetermined", {"E6": "unknown"}),
    V("egfr_missing_creatinine_high", "no eGFR; creatinine 220 umol/L only (eGFR is not derived)",
      lambda r: r.drop("egfr").put(lab("creatinine", "creatinine", 7, 220, "umol/L", ref=(45, 90))),
      "undetermined", {"E6": "unknown"}),
    # E7 WBC < 3.0 x10^9/L, Hb < 100 g/L
    V("wbc_low", "WBC 2.4 10^3/uL",
      lambda r: r.put(lab("wbc", "wbc", 7, 2.4, "10*3/uL", ref=(4.0, 10.0))), "ineligible", {"E7": "met"}),
    V("wbc_censored_low", "WBC '<1.0' 10^3/uL: censored, still decides",
      lambda r: r.put(lab("wbc", "wbc", 7, 1.0, "10*3/uL", comparator="<")), "ineligible", {"E7": "met"}),
    V("wbc_unknown_unit", "WBC 5.8 'Gpt/L' (a unit the engine does not know)",
      lambda r: r.put(lab("wbc", "wbc", 7, 5.8, "Gpt/L")), "undetermined", {"E7": "unknown"},
      problems=("unit.unknown",)),
    V("hb_low_gdl", "Hb 9.1 g/dL",
      lambda r: r.put(lab("hb", "hemoglobin", 7, 9.1, "g/dL", ref=(12.0, 15.5))), "ineligible", {"E7": "met"}),
    V("hb_low_gl", "Hb 91 g/L",
      lambda r: r.put(lab("hb", "hemoglobin", 7, 91, "g/L", ref=(120, 155))), "ineligible", {"E7": "met"}),
    # E8 LDL > 3.1 mmol/L or TG > 2.3 mmol/L on lipid-lowering therapy
    V("ldl_high_statin", "LDL 150 mg/dL (3.9 mmol/L) while on atorvastatin",
      lambda r: r.put(lab("ldl", "ldl_mg", 30, 150, "mg/dL"), ATORVASTATIN), "ineligible", {"E8": "met"}),
    V("tg_high_statin", "triglycerides 250 mg/dL (2.8 mmol/L) while on atorvastatin",
      lambda r: r.put(lab("tg", "tg_mg", 30, 250, "mg/dL"), ATORVASTATIN), "ineligible", {"E8": "met"}),
    V("ldl_high_no_statin", "LDL 150 mg/dL, no lipid-lowering therapy",
      lambda r: r.put(lab("ldl", "ldl_mg", 30, 150, "mg/dL")), "eligible", {}),
    V("statin_only", "atorvastatin 20 mg/d with normal lipids",
      lambda r: r.put(ATORVASTATIN), "eligible", {}),
    # I3 glucocorticoids: < 10 mg/d prednisone-equivalent, stable > 2 weeks
    V("prednisone_15", "prednisone 15 mg/d (3 x 5 mg tablets)",
      lambda r: r.put(prednisone("prednisone", 3, start=230)), "ineligible", {"I3": "met"}),
    V("methylprednisolone_8", "methylprednisolone 8 mg/d (= 10 mg prednisone) instead of prednisone",
      lambda r: r.drop("prednisone").put(methylprednisolone("methylprednisolone", 8)), "ineligible", {"I3": "met"}),
    V("methylprednisolone_4", "methylprednisolone 4 mg/d (= 5 mg prednisone) instead of prednisone",
      lambda r: r.drop("prednisone").put(methylprednisolone("methylprednisolone", 4)), "eligible", {}),
    V("prednisone_changed_5d", "prednisone 10 mg/d until 6 days ago, 5 mg/d for the last 5 days",
      lambda r: r.drop("prednisone").put(prednisone("prednisone-1", 2, start=230, end=6),
                                         prednisone("prednisone-2", 1, start=5)),
      "ineligible", {"I3": "met"}),
    # I4 hydroxychloroquine < 400 mg/d, stable > 1 month
    V("hcq_600", "hydroxychloroquine 600 mg/d for ten months",
      lambda r: r.put(hydroxychloroquine("hcq", 3, start=300)), "ineligible", {"I4": "met"}),
    V("hcq_200_stable", "hydroxychloroquine 200 mg/d for ten months",
      lambda r: r.put(hydroxychloroquine("hcq", 1, start=300)), "eligible", {}),
    V("hcq_200_started_2w", "hydroxychloroquine 200 mg/d started 14 days ago",
      lambda r: r.put(hydroxychloroquine("hcq", 1, start=14)), "ineligible", {"I4": "met"}),
    # I5 antiplatelets / anticoagulants stable for >= 1 week
    V("warfarin_stable", "warfarin 5 mg/d for nine months",
      lambda r: r.put(warfarin("warfarin", 1, start=270)), "eligible", {}),
    V("warfarin_changed_3d", "warfarin 5 mg/d, raised to 7.5 mg/d 3 days ago",
      lambda r: r.put(warfarin("warfarin-1", 1, start=270, end=4), warfarin("warfarin-2", 1.5, start=3)),
      "ineligible", {"I5": "met"}),
    # I6 TPO-RAs, IVIG, immunosuppressants, B-cell therapies stopped > 5 half-lives ago
    V("rituximab_2m", "rituximab 1000 mg IV twice, the last 61 days ago (5 half-lives = 110 days)",
      lambda r: r.put(med("rituximab", "Rituximab 1000 MG in 100 mL IV infusion", rxnorm="121191", dose=1000,
                          unit="mg", start=75, end=61, route="intravenous")), "ineligible", {"I6": "met"}),
    V("eltrombopag_2d", "eltrombopag 50 mg/d stopped 2 days ago (5 half-lives = 7.3 days)",
      lambda r: r.put(eltrombopag(end=2)), "ineligible", {"I6": "met"}),
    V("eltrombopag_3m", "eltrombopag 50 mg/d stopped 95 days ago",
      lambda r: r.put(eltrombopag(end=95)), "eligible", {}),
    # E2 oral/intravenous antibiotics within 2 weeks
    V("abx_oral_10d", "amoxicillin 500 mg tid, the last dose 10 days ago",
      lambda r: r.put(amoxicillin(start=17, end=10)), "ineligible", {"E2": "met"}),
    V("abx_oral_20d", "amoxicillin 500 mg tid, the last dose 20 days ago",
      lambda r: r.put(amoxicillin(start=27, end=20)), "eligible", {}),
    V("abx_topical", "topical metronidazole gel in use now (not systemic)",
      lambda r: r.put(med("metronidazole", "Metronidazole 7.5 MG/ML Topical Gel", rxnorm="6922", dose=None,
                          unit=None, per_day=2, start=7, route="topical")), "eligible", {}),
    V("abx_iv_administration_7d", "one ceftriaxone 1 g IV administration 7 days ago (MedicationAdministration)",
      lambda r: r.put(administration("ceftriaxone", "ceftriaxone 1000 MG Injection", rxnorm="2193", dose=1000,
                                     unit="mg", on=7, route="intravenous")), "ineligible", {"E2": "met"}),
    # E3 thrombosis onset within 4 weeks
    V("thrombosis_2w", "deep vein thrombosis with onset 14 days ago",
      lambda r: r.put(condition("dvt", ICD10, "I82.401", "Acute embolism and thrombosis of unspecified deep "
                                "veins of right lower extremity", 14)), "ineligible", {"E3": "met"}),
    V("thrombosis_6m", "deep vein thrombosis with onset 6 months ago, resolved",
      lambda r: r.put(condition("dvt", ICD10, "I82.401", "Acute embolism and thrombosis of unspecified deep "
                                "veins of right lower extremity", 186, status="resolved",
                                abated_days_before=95)), "eligible", {}),
    # E1 connective tissue disease other than APS; E4 bleeding; E5 TMA; E9 infection
    V("sle", "systemic lupus erythematosus (ICD-10 M32.9)",
      lambda r: r.put(condition("sle", ICD10, "M32.9", "Systemic lupus erythematosus, unspecified", 900)),
      "ineligible", {"E1": "met"}),
    V("aps_only", "antiphospholipid syndrome (ICD-10 D68.61), the excepted disease",
      lambda r: r.put(condition("aps", ICD10, "D68.61", "Antiphospholipid syndrome", 300)), "eligible", {}),
    V("bleeding_disorder", "von Willebrand disease (ICD-10 D68.00)",
      lambda r: r.put(condition("vwd", ICD10, "D68.00", "Von Willebrand disease, unspecified", 3000)),
      "ineligible", {"E4": "met"}),
    V("tma", "thrombotic microangiopathy (ICD-10 M31.10), active",
      lambda r: r.put(condition("tma", ICD10, "M31.10", "Thrombotic microangiopathy, unspecified", 20)),
      "ineligible", {"E5": "met"}),
    V("infection_active", "pneumonia (ICD-10 J18.9), active since 5 days",
      lambda r: r.put(condition("pneumonia", ICD10, "J18.9", "Pneumonia, unspecified organism", 5)),
      "ineligible", {"E9": "met"}),
    V("infection_resolved", "pneumonia 3 months ago, resolved",
      lambda r: r.put(condition("pneumonia", ICD10, "J18.9", "Pneumonia, unspecified organism", 100,
                                status="resolved", abated_days_before=80)), "eligible", {}),
    # E10 pregnancy / postpartum
    V("pregnancy", "pregnancy (SNOMED 72892002), active",
      lambda r: r.put(condition("pregnancy", SNOMED, "72892002", "Normal pregnancy", 56)),
      "ineligible", {"E10": "met"}),
    V("pregnancy_old", "a pregnancy that ended in 2019 (resolved)",
      lambda r: r.put(condition("pregnancy", SNOMED, "72892002", "Normal pregnancy", 2870, status="resolved",
                                abated_days_before=2610)), "eligible", {}),
    # age and sex
    V("age_17", "born 2009-03-02 (17 on the screening date)",
      _set(birth_date="2009-03-02"), "ineligible", {"age_min": "not_met"}),
    V("male", "male (the trial takes all sexes)",
      _set(gender="male"), "eligible", {}),
]


# ---- writing --------------------------------------------------------------------------------

def render(doc: dict) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def build() -> dict[str, str]:
    """File name -> text, for every fixture, and for the expectations under ``EXPECTED_FILE.name``."""
    files = {"baseline.json": render(baseline().bundle("baseline"))}
    expected: dict = {"trial": TRIAL, "as_of": AS_OF.isoformat(), "attest": ATTEST,
                      "baseline": {"file": "baseline.json", "verdict": "eligible", "criteria": BASELINE_STATUS,
                                   "problems": []},
                      "variants": {}}
    for v in VARIANTS:
        assert set(v.differs) <= set(BASELINE_STATUS), v.name
        assert all(BASELINE_STATUS[k] != s for k, s in v.differs.items()), f"{v.name}: not a difference"
        r = baseline()
        v.apply(r)
        files[f"{v.name}.json"] = render(r.bundle(v.name))
        expected["variants"][v.name] = {"file": f"{v.name}.json", "change": v.change, "verdict": v.verdict,
                                        "differs": v.differs, "problems": list(v.problems)}
    files[EXPECTED_FILE.name] = render(expected)
    return files


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    files = build()
    for old in OUT.glob("*.json"):
        if old.name not in files:
            old.unlink()
    for name, text in files.items():
        (EXPECTED_FILE if name == EXPECTED_FILE.name else OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {OUT}")


if __name__ == "__main__":
    main()
