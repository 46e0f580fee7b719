"""A synthetic population for screening at scale: N patients, a fixed seed, FHIR NDJSON or a store.

    python3 bench/population.py 100000 --ndjson OUT_DIR      # FHIR Bulk Data, for `screener load`
    python3 bench/population.py 1000000 --store STORE_DIR    # the store directly (Parquet)

The distributions are made up but shaped like a health system's records seen by
NCT06722586: ages 0-95, most patients with a blood count and a metabolic panel,
lab units as laboratories write them (10*3/uL and 10*9/L, g/dL and g/L, mg/dL and
mmol/L, some ukat/L), a few per cent with thrombocytopenia, antiphospholipid tests,
glucocorticoids, anticoagulants, statins, antibiotics, and the diagnoses the trial
excludes.  The same seed gives the same population in both forms.

``--store`` skips FHIR: it binds each distinct code once with screener.records.bind
(analyte, drug, condition groups) and converts each distinct (analyte, unit) pair
with one ``linear_map`` applied to the whole column, as loading does.
tests/test_population_bench.py checks that both forms screen alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

AS_OF = dt.date(2026, 11, 23)
_EPOCH = np.datetime64(AS_OF.isoformat(), "D")
UCUM, LOINC = "http://unitsofmeasure.org", "http://loinc.org"
ICD10, RXNORM, SNOMED = "http://hl7.org/fhir/sid/icd-10-cm", "http://www.nlm.nih.gov/research/umls/rxnorm", "http://snomed.info/sct"


@dataclass(frozen=True)
class Lab:
    loinc: str | None
    display: str
    share: float  # of patients with any result
    mean: float  # typical value in the first unit
    sd: float
    units: tuple[tuple[str, float, float], ...]  # (unit, factor from the first unit, share)
    ref: tuple[float, float] | None = None  # a reference range the lab prints (first unit)


LABS = [
    Lab("777-3", "Platelets [#/volume] in Blood by Automated count", 0.65, 250, 60,
        (("10*3/uL", 1, 0.6), ("10*9/L", 1, 0.3), ("K/uL", 1, 0.1))),
    Lab("6690-2", "Leukocytes [#/volume] in Blood by Automated count", 0.65, 7, 2,
        (("10*3/uL", 1, 0.7), ("10*9/L", 1, 0.3))),
    Lab("718-7", "Hemoglobin [Mass/volume] in Blood", 0.65, 13.5, 1.6, (("g/dL", 1, 0.75), ("g/L", 10, 0.25))),
    Lab("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", 0.45, 25, 12,
        (("U/L", 1, 0.9), ("ukat/L", 1 / 60, 0.1)), ref=(7, 45)),
    Lab("1920-8", "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma", 0.45, 24, 10,
        (("U/L", 1, 1.0),), ref=(8, 43)),
    Lab("33914-3", "Glomerular filtration rate/1.73 sq M.predicted", 0.45, 85, 22, (("mL/min/{1.73_m2}", 1, 1.0),)),
    Lab("18262-6", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay", 0.3, 110, 35,
        (("mg/dL", 1, 0.8), ("mmol/L", 1 / 38.67, 0.2))),
    Lab("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", 0.3, 140, 60,
        (("mg/dL", 1, 0.8), ("mmol/L", 1 / 88.57, 0.2))),
]

# (name, rxnorm code or None, route word, SNOMED route, dose mg, per day, share of patients, share still active)
MEDS = [
    ("predniSONE 5 MG Oral Tablet", "312617", "oral", "26643006", 5.0, 1, 0.03, 0.5),
    ("methylprednisolone", "6902", "oral", "26643006", 4.0, 2, 0.005, 0.5),
    ("hydroxychloroquine", "5521", "oral", "26643006", 200.0, 2, 0.01, 0.8),
    ("Aspirin 81 MG Oral Tablet", "243670", "oral", "26643006", 81.0, 1, 0.08, 0.8),
    ("Warfarin Sodium 5 MG Oral Tablet", "855332", "oral", "26643006", 5.0, 1, 0.015, 0.7),
    ("apixaban", "1364430", "oral", "26643006", 5.0, 2, 0.02, 0.8),
    ("Atorvastatin 80 MG Oral Tablet", "259255", "oral", "26643006", 80.0, 1, 0.15, 0.85),
    ("Amoxicillin 500 MG Oral Tablet", "308192", "oral", "26643006", 500.0, 3, 0.06, 0.1),
    ("ceftriaxone", "2193", "intravenous", "47625008", 1000.0, 1, 0.01, 0.1),
    ("rituximab", "121191", "intravenous", "47625008", 1000.0, 1, 0.002, 0.2),
    ("eltrombopag", None, "oral", "26643006", 50.0, 1, 0.001, 0.6),
]

# (ICD-10-CM, display, share, women only, share resolved)
CONDITIONS = [
    ("M32.10", "Systemic lupus erythematosus, organ involvement unspecified", 0.005, False, 0.0),
    ("D68.61", "Antiphospholipid syndrome", 0.003, False, 0.0),
    ("I82.409", "Acute embolism and thrombosis of unspecified deep veins of lower extremity", 0.02, False, 0.6),
    ("O09.90", "Supervision of high risk pregnancy, unspecified", 0.03, True, 0.7),
    ("J18.9", "Pneumonia, unspecified organism", 0.03, False, 0.8),
    ("D68.0", "Von Willebrand disease", 0.002, False, 0.0),
    ("E78.5", "Hyperlipidemia, unspecified", 0.12, False, 0.0),
    ("M31.1", "Thrombotic microangiopathy", 0.0005, False, 0.3),
]
APL = [("Lupus anticoagulant", None), ("Cardiolipin IgG Ab [Units/volume] in Serum", "3181-5")]


def _days(a: np.ndarray) -> np.ndarray:
    """Days before AS_OF -> datetime64[D]."""
    return _EPOCH - a.astype("timedelta64[D]")


def generate(n: int, seed: int = 6) -> dict[str, dict[str, np.ndarray]]:
    """Reported records as columns: patients, observations, medications, conditions."""
    rng = np.random.default_rng(seed)
    age_days = rng.integers(0, 95 * 365, n)
    female = rng.random(n) < 0.51
    dead = rng.random(n) < 0.005
    patients = {"pid": np.arange(n), "birth": _days(age_days), "female": female,
                "deceased": np.where(dead, _days(rng.integers(0, 2000, n)), np.datetime64("NaT"))}
    obs: dict[str, list] = {k: [] for k in ("pid", "lab", "days", "value", "unit", "text")}
    low_plt = rng.random(n) < 0.03  # persistent thrombocytopenia
    for li, lab in enumerate(LABS):
        has = np.flatnonzero(rng.random(n) < lab.share)
        counts = 1 + rng.poisson(0.8, has.size)
        pid = np.repeat(has, counts)
        days = rng.integers(0, 400, pid.size)
        value = np.maximum(rng.normal(lab.mean, lab.sd, pid.size), lab.mean * 0.05)
        if li == 0:  # platelets: the thrombocytopenic few have 30-100, tested every week or two
            sick = low_plt[pid]
            value[sick] = rng.uniform(30, 100, sick.sum())
            days[sick] = rng.integers(0, 45, sick.sum())
        if li == 3:  # a few hepatitides
            value[rng.random(pid.size) < 0.02] *= 6
        choice = rng.choice(len(lab.units), pid.size, p=[u[2] for u in lab.units])
        factor = np.array([u[1] for u in lab.units])[choice]
        obs["pid"].append(pid)
        obs["lab"].append(np.full(pid.size, li))
        obs["days"].append(days)
        obs["value"].append(np.round(value * factor, 3))
        obs["unit"].append(choice)
        obs["text"].append(np.full(pid.size, -1))
    tested = np.flatnonzero(rng.random(n) < 0.03)  # antiphospholipid work-up: tests 12+ weeks apart
    for ai, _apl in enumerate(APL):
        pid = np.repeat(tested, 2)
        days = np.where(np.arange(pid.size) % 2 == 0, rng.integers(100, 300, pid.size), rng.integers(0, 90, pid.size))
        positive = rng.random(pid.size) < (0.4 if ai == 0 else 0.3)
        obs["pid"].append(pid)
        obs["lab"].append(np.full(pid.size, len(LABS) + ai))
        obs["days"].append(days)
        obs["value"].append(np.where(positive, rng.uniform(41, 90, pid.size), rng.uniform(2, 20, pid.size)).round(1))
        obs["unit"].append(np.zeros(pid.size, dtype=int))
        obs["text"].append(positive.astype(int))
    obs = {k: np.concatenate(v) for k, v in obs.items()}
    order = np.lexsort((obs["days"], obs["pid"]))
    obs = {k: v[order] for k, v in obs.items()}
    meds: dict[str, list] = {k: [] for k in ("pid", "med", "start", "end")}
    for mi, m in enumerate(MEDS):
        pid = np.flatnonzero(rng.random(n) < m[6])
        start = rng.integers(0, 900, pid.size)
        active = rng.random(pid.size) < m[7]
        end = np.where(active, -1, np.maximum(start - rng.integers(5, 120, pid.size), 0))
        meds["pid"].append(pid)
        meds["med"].append(np.full(pid.size, mi))
        meds["start"].append(start)
        meds["end"].append(end)
    meds = {k: np.concatenate(v) for k, v in meds.items()}
    conds: dict[str, list] = {k: [] for k in ("pid", "cond", "onset", "resolved")}
    for ci, c in enumerate(CONDITIONS):
        pid = np.flatnonzero((rng.random(n) < c[2]) & (female if c[3] else True))
        conds["pid"].append(pid)
        conds["cond"].append(np.full(pid.size, ci))
        conds["onset"].append(rng.integers(0, 3000, pid.size))
        conds["resolved"].append(rng.random(pid.size) < c[4])
    conds = {k: np.concatenate(v) for k, v in conds.items()}
    return {"patients": patients, "observations": obs, "medications": meds, "conditions": conds}


def _date(d) -> str:
    return str(d)[:10]


def _unit(li: int, ui: int) -> str:
    return LABS[li].units[ui][0] if li < len(LABS) else "[GPL'U]/mL"


# ---- FHIR Bulk Data --------------------------------------------------------------------

def write_ndjson(pop: dict, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    p = pop["patients"]
    with open(folder / "Patient.ndjson", "w", encoding="utf-8") as f:
        for i in range(p["pid"].size):
            r = {"resourceType": "Patient", "id": f"gen{i}", "gender": "female" if p["female"][i] else "male",
                 "birthDate": _date(p["birth"][i])}
            if not np.isnat(p["deceased"][i]):
                r["deceasedDateTime"] = _date(p["deceased"][i])
            f.write(json.dumps(r) + "\n")
    o = pop["observations"]
    with open(folder / "Observation.ndjson", "w", encoding="utf-8") as f:
        for k in range(o["pid"].size):
            li, pid = int(o["lab"][k]), int(o["pid"][k])
            if li < len(LABS):
                lab = LABS[li]
                code = {"coding": [{"system": LOINC, "code": lab.loinc, "display": lab.display}], "text": lab.display}
            else:
                text, loinc = APL[li - len(LABS)]
                code = {"coding": [{"system": LOINC, "code": loinc, "display": text}] if loinc else [], "text": text}
            r = {"resourceType": "Observation", "id": f"o{k}", "status": "final", "code": code,
                 "subject": {"reference": f"Patient/gen{pid}"}, "effectiveDateTime": _date(_days(o["days"][k:k + 1])[0])}
            if li == len(LABS):  # lupus anticoagulant: a qualitative result
                r["valueCodeableConcept"] = {"text": "Positive" if o["text"][k] else "Negative"}
            else:
                unit = _unit(li, int(o["unit"][k]))
                r["valueQuantity"] = {"value": float(o["value"][k]), "unit": unit, "system": UCUM, "code": unit}
                ref = LABS[li].ref if li < len(LABS) else (0.0, 40.0)
                if ref is not None:
                    factor = LABS[li].units[int(o["unit"][k])][1] if li < len(LABS) else 1
                    r["referenceRange"] = [{"low": {"value": round(ref[0] * factor, 3), "unit": unit, "system": UCUM, "code": unit},
                                            "high": {"value": round(ref[1] * factor, 3), "unit": unit, "system": UCUM, "code": unit}}]
            f.write(json.dumps(r) + "\n")
    m = pop["medications"]
    with open(folder / "MedicationStatement.ndjson", "w", encoding="utf-8") as f:
        for k in range(m["pid"].size):
            name, rx, _route, snomed, dose, per_day, _s, _a = MEDS[int(m["med"][k])]
            concept = {"text": name, "coding": [{"system": RXNORM, "code": rx, "display": name}] if rx else []}
            period = {"start": _date(_days(m["start"][k:k + 1])[0])}
            if m["end"][k] >= 0:
                period["end"] = _date(_days(m["end"][k:k + 1])[0])
            r = {"resourceType": "MedicationStatement", "id": f"m{k}", "status": "active" if m["end"][k] < 0 else "completed",
                 "medicationCodeableConcept": concept, "subject": {"reference": f"Patient/gen{int(m['pid'][k])}"},
                 "effectivePeriod": period,
                 "dosage": [{"route": {"coding": [{"system": SNOMED, "code": snomed}]},
                             "doseAndRate": [{"doseQuantity": {"value": dose, "unit": "mg", "system": UCUM, "code": "mg"}}],
                             "timing": {"repeat": {"frequency": per_day, "period": 1, "periodUnit": "d"}}}]}
            f.write(json.dumps(r) + "\n")
    c = pop["conditions"]
    with open(folder / "Condition.ndjson", "w", encoding="utf-8") as f:
        for k in range(c["pid"].size):
            code, text, *_ = CONDITIONS[int(c["cond"][k])]
            r = {"resourceType": "Condition", "id": f"c{k}", "subject": {"reference": f"Patient/gen{int(c['pid'][k])}"},
                 "code": {"coding": [{"system": ICD10, "code": code, "display": text}], "text": text},
                 "clinicalStatus": {"coding": [{"code": "resolved" if c["resolved"][k] else "active"}]},
                 "onsetDateTime": _date(_days(c["onset"][k:k + 1])[0])}
            f.write(json.dumps(r) + "\n")


# ---- the store, directly ------------------------------------------------------------------

def write_store(pop: dict, folder: Path) -> dict:
    """The store `screener load` would write from write_ndjson's files (bound the same way, per distinct code)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from screener.records.bind import _daily_mg, analyte_of, drug_of, groups_of
    from screener.records.model import Code, Medication, Observation
    from screener.store.schema import SCHEMAS, TABLES
    from screener.store.write import _SORT_BY, META, STORE_VERSION, reference_fingerprint
    from screener.units import UnitConversionError, linear_map
    from screener.vocab import vocabulary

    folder.mkdir(parents=True, exist_ok=True)
    for t in TABLES:
        (folder / t).mkdir(exist_ok=True)
    v = vocabulary()
    p, o, m, c = pop["patients"], pop["observations"], pop["medications"], pop["conditions"]
    n = p["pid"].size

    def write(table: str, cols: dict) -> None:
        size = len(next(iter(cols.values())))
        full = {name: cols.get(name, pa.nulls(size, SCHEMAS[table].field(name).type)) for name in SCHEMAS[table].names}
        data = pa.table(full, schema=SCHEMAS[table])
        if table in _SORT_BY:  # as screener.store.write sorts its parts
            data = data.sort_by([(k, "ascending") for k in _SORT_BY[table]])
        pq.write_table(data, folder / table / "part-00000.parquet", row_group_size=65_536)

    dead = ~np.isnat(p["deceased"])
    write("patients", {"pid": p["pid"], "patient_id": pa.array([f"gen{i}" for i in range(n)]),
                       "birth_date": pa.array(p["birth"], pa.date32()), "sex": np.where(p["female"], "female", "male"),
                       "deceased": pa.array(np.where(dead, True, None), pa.bool_()),
                       "deceased_date": pa.array(p["deceased"], pa.date32()), "broken": np.zeros(n, bool)})
    # observations: bind each lab once, convert each (analyte, unit) pair once for the whole column
    li, ui = o["lab"], o["unit"]
    analytes, norm = [], np.full(li.size, np.nan)
    ref_low, ref_high = np.full(li.size, np.nan), np.full(li.size, np.nan)
    for k in range(len(LABS) + len(APL)):
        if k < len(LABS):
            obs = Observation(id="x", codes=[Code(system=LOINC, code=LABS[k].loinc, display=LABS[k].display)], text=LABS[k].display)
        else:
            text, loinc = APL[k - len(LABS)]
            obs = Observation(id="x", codes=[Code(system=LOINC, code=loinc, display=text)] if loinc else [], text=text)
        analytes.append(analyte_of(obs))
        canonical = v.analytes[analytes[-1]].canonical_unit
        for u in range(len(LABS[k].units) if k < len(LABS) else 1):
            sel = (li == k) & (ui == u)
            if canonical is None or not sel.any():
                continue
            unit = _unit(k, u)
            try:
                lm = linear_map(unit, canonical, analytes[-1])
            except UnitConversionError:
                continue
            norm[sel] = np.asarray(lm.apply(o["value"][sel]), dtype=float)
            ref = LABS[k].ref if k < len(LABS) else (0.0, 40.0)
            if ref is not None:
                factor = LABS[k].units[u][1] if k < len(LABS) else 1
                ref_low[sel] = float(lm.apply(round(ref[0] * factor, 3)))
                ref_high[sel] = float(lm.apply(round(ref[1] * factor, 3)))
    is_la = li == len(LABS)
    seq = _seq(o["pid"])
    write("observations", {
        "pid": o["pid"], "seq": seq, "record": pa.array([f"Observation/o{k}" for k in range(li.size)]),
        "analyte": np.array(analytes, dtype=object)[li], "obs_date": pa.array(_days(o["days"]), pa.date32()),
        "status": np.full(li.size, "final", dtype=object),
        "value": pa.array(np.where(is_la, np.nan, o["value"]), from_pandas=True),
        "unit": pa.array([None if la else _unit(a, b) for la, a, b in zip(is_la, li, ui)]),
        "value_text": pa.array(np.where(is_la, np.where(o["text"] == 1, "Positive", "Negative"), None)),
        "text_key": pa.array(np.where(is_la, np.where(o["text"] == 1, "positive", "negative"), None)),
        "flags": pa.array([[] for _ in range(li.size)], pa.list_(pa.string())),
        "norm_value": pa.array(np.where(is_la, np.nan, norm), from_pandas=True),
        "norm_unit": pa.array(np.where(is_la | np.isnan(norm), None,
                                       np.array([v.analytes[a].canonical_unit or "" for a in analytes], dtype=object)[li])),
        "ref_low": pa.array(ref_low, from_pandas=True), "ref_high": pa.array(ref_high, from_pandas=True)})
    # medications: drug and daily dose per product, once
    names = [drug_of(Medication(id="x", text=mm[0], codes=[Code(system=RXNORM, code=mm[1], display=mm[0])] if mm[1] else []))[0]
             for mm in MEDS]
    daily = [_daily_mg(Medication(id="x", text=mm[0], dose=mm[4], dose_unit="mg", per_day=mm[5]))[0] for mm in MEDS]
    mi = m["med"]
    open_ = m["end"] < 0
    write("medications", {
        "pid": m["pid"], "seq": _seq(m["pid"]), "record": pa.array([f"MedicationStatement/m{k}" for k in range(mi.size)]),
        "drug": np.array(names, dtype=object)[mi], "text": np.array([mm[0] for mm in MEDS], dtype=object)[mi],
        "route": np.array([mm[2] for mm in MEDS], dtype=object)[mi],
        "start_date": pa.array(_days(m["start"]), pa.date32()),
        "end_date": pa.array(np.where(open_, np.datetime64("NaT"), _days(np.maximum(m["end"], 0))), pa.date32()),
        "status": np.where(open_, "active", "completed"), "resource_type": np.full(mi.size, "MedicationStatement", dtype=object),
        "dose": np.array([mm[4] for mm in MEDS])[mi], "dose_unit": np.full(mi.size, "mg", dtype=object),
        "per_day": np.array([float(mm[5]) for mm in MEDS])[mi], "norm_daily_dose": np.array(daily, dtype=float)[mi]})
    groups = [groups_of([Code(system=ICD10, code=cc[0], display=cc[1])], cc[1]) for cc in CONDITIONS]
    ci = c["cond"]
    write("conditions", {
        "pid": c["pid"], "seq": _seq(c["pid"]), "record": pa.array([f"Condition/c{k}" for k in range(ci.size)]),
        "groups": pa.array([groups[k] for k in ci], pa.list_(pa.string())),
        "text": np.array([cc[1] for cc in CONDITIONS], dtype=object)[ci],
        "onset_date": pa.array(_days(c["onset"]), pa.date32()),
        "clinical_status": np.where(c["resolved"], "resolved", "active")})
    write("allergies", {"pid": np.zeros(0, dtype=np.int64)})
    write("procedures", {"pid": np.zeros(0, dtype=np.int64)})
    write("immunizations", {"pid": np.zeros(0, dtype=np.int64)})
    write("studies", {"pid": np.zeros(0, dtype=np.int64)})
    write("attestations", {"pid": np.zeros(0, dtype=np.int64)})
    write("problems", {"pid": np.zeros(0, dtype=np.int64)})
    meta = {"version": STORE_VERSION, "patients": int(n),
            "rows": {"patients": int(n), "observations": int(li.size), "medications": int(mi.size),
                     "conditions": int(ci.size), "allergies": 0, "procedures": 0, "immunizations": 0, "studies": 0, "attestations": 0,
                     "problems": 0},
            "not_stored": {}, "reference_data": reference_fingerprint(), "inputs": ["bench/population.py"]}
    (folder / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def _seq(pid: np.ndarray) -> np.ndarray:
    """Each row's position among its patient's rows (rows are grouped by patient)."""
    order = np.argsort(pid, kind="stable")
    out = np.empty(pid.size, dtype=np.int64)
    sorted_pid = pid[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_pid)) + 1]
    run = np.arange(pid.size) - np.repeat(starts, np.diff(np.r_[starts, pid.size]))
    out[order] = run
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--ndjson", type=Path)
    ap.add_argument("--store", type=Path)
    args = ap.parse_args()
    t0 = time.perf_counter()
    pop = generate(args.n, args.seed)
    print(f"generated {args.n} patients, {pop['observations']['pid'].size} observations, "
          f"{pop['medications']['pid'].size} medications, {pop['conditions']['pid'].size} conditions "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if args.ndjson:
        write_ndjson(pop, args.ndjson)
    if args.store:
        write_store(pop, args.store)
    print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
