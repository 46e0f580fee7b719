"""The input adapters: each FHIR resource kind, the own JSON/JSONL format, the long CSV, and the Synthea corpus."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

import pytest

from screener.records.adapters.fhir_medication import per_day
from screener.records.adapters.fields import parse_date
from screener.records.bind import bind_patients
from screener.records.load import iter_patients, load_paths
from screener.vocab import vocabulary

FIX = Path(__file__).parent / "fixtures" / "records"
D = dt.date


def by_id(records):
    return {r.id: r for r in records}


def one(path):
    patients = load_paths([path])
    assert len(patients) == 1, [p.id for p in patients]
    return patients[0]


# ---- dates and timing ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2020", D(2020, 1, 1)),
    ("2020-05", D(2020, 5, 1)),
    ("2020-05-06", D(2020, 5, 6)),
    ("2020-05-06T23:59:59+14:00", D(2020, 5, 6)),  # the date as written, the zone is not applied
    ("2020-05-06T00:10:00.123-11:00", D(2020, 5, 6)),
    ("2020-05-06T08:00:00Z", D(2020, 5, 6)),
    ("2020-05-06 08:00", D(2020, 5, 6)),
])
def test_fhir_dates_read_as_calendar_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2020-13", "2021-02-29", "05/06/2020", "20200506", "yesterday", ""])
def test_unreadable_dates_raise(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize("timing, expected", [
    ({"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}}, 2),
    ({"repeat": {"frequency": 1, "period": 1, "periodUnit": "wk"}}, 1 / 7),
    ({"repeat": {"frequency": 1, "period": 8, "periodUnit": "h"}}, 3),
    ({"repeat": {"period": 6, "periodUnit": "h"}}, 4),  # frequency defaults to 1
    ({"repeat": {"frequency": 1, "period": 1, "periodUnit": "mo"}}, 1 / 30.4375),
    ({"repeat": {"when": ["MORN", "EVE"]}}, 2),
    ({"code": {"coding": [{"code": "BID"}]}}, 2),
    ({"code": {"coding": [{"code": "TID"}]}}, 3),
    ({"code": {"coding": [{"code": "QD"}]}}, 1),
    ({"code": {"text": "q.i.d."}}, 4),
    ({"code": {"coding": [{"code": "Q6H"}]}}, 4),
    ({"repeat": {"frequency": 2}}, None),  # twice per what?
    ({}, None),
    (None, None),
])
def test_timing_to_per_day(timing, expected):
    got = per_day(timing)
    assert got == pytest.approx(expected) if expected is not None else got is None


# ---- FHIR bundle ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def basic():
    return one(FIX / "fhir" / "bundle_basic.json")


def test_fhir_patient(basic):
    assert (basic.id, basic.sex, basic.birth_date) == ("p1", "female", D(1970, 6, 15))
    assert basic.problems == []  # Encounter and an entry without resource are skipped quietly
    assert basic.origin.resource == "Patient/p1" and basic.origin.entry == 0


def test_fhir_observation_quantity_range_interpretation(basic):
    hgb = by_id(basic.observations)["hgb"]
    assert [(c.system, c.code) for c in hgb.codes] == [("http://loinc.org", "718-7")]
    assert hgb.codes[0].display == "Hemoglobin [Mass/volume] in Blood"
    assert hgb.text == "Hemoglobin"
    assert (hgb.value, hgb.unit, hgb.comparator) == (9.1, "g/dL", None)  # UCUM code, not the unit text "g/dl"
    assert hgb.interpretation == ["L"]
    rr = hgb.reference_range
    assert (rr.low, rr.high, rr.unit, rr.text) == (12, 16, "g/dL", "12-16 g/dL")
    assert hgb.date == D(2023, 4, 5) and hgb.status == "final"
    assert hgb.origin.entry == 1 and hgb.origin.resource == "Observation/hgb"
    assert hgb.origin.file.endswith("bundle_basic.json")


def test_fhir_comparator_unit_text_and_period_start(basic):
    crp = by_id(basic.observations)["crp"]
    assert (crp.value, crp.comparator, crp.unit) == (0.5, "<", "milligram per liter")
    assert crp.date == D(2023, 3, 1)  # effectivePeriod.start "2023-03"
    assert crp.text is None


def test_fhir_qualitative_values(basic):
    obs = by_id(basic.observations)
    assert obs["covid"].value_text == "Detected" and obs["covid"].value is None
    assert obs["covid"].interpretation == ["POS"]
    assert obs["covid"].date == D(2022, 1, 1)  # from issued "2022"
    assert obs["note"].value_text == "Positive"


def test_fhir_components_become_observations(basic):
    obs = by_id(basic.observations)
    assert "bp" not in obs  # the panel itself has no value
    sys, dia = obs["bp#0"], obs["bp#1"]
    assert (sys.codes[0].code, sys.value, sys.unit, sys.interpretation) == ("8480-6", 150, "mm[Hg]", ["H"])
    assert (dia.codes[0].code, dia.value, dia.unit) == ("8462-4", 85, "mm[Hg]")
    assert sys.date == dia.date == D(2023, 4, 5)
    assert sys.origin.resource == "Observation/bp"


def test_fhir_conditions(basic):
    cond = by_id(basic.conditions)
    sle = cond["sle"]
    assert sle.onset == D(2015, 7, 1)  # onsetPeriod.start, never recordedDate
    assert (sle.clinical_status, sle.verification_status) == ("active", "confirmed")
    assert sle.text == "Lupus nephritis" and sle.codes[0].code == "M32.14"
    dvt = cond["dvt"]
    assert (dvt.onset, dvt.abatement, dvt.clinical_status) == (D(2019, 1, 10), D(2019, 6, 30), "resolved")
    assert dvt.verification_status is None


def test_fhir_medication_request_with_reference(basic):
    rx = by_id(basic.medications)["rx1"]
    assert [c.code for c in rx.codes] == ["312617"]  # from the referenced Medication
    assert (rx.dose, rx.dose_unit, rx.per_day, rx.route) == (2, "tablet", 2, "oral")
    assert (rx.start, rx.end) == (D(2023, 1, 3), D(2023, 7, 3))  # dispenseRequest.validityPeriod
    assert (rx.status, rx.resource_type) == ("active", "MedicationRequest")


def test_fhir_medication_statements(basic):
    meds = by_id(basic.medications)
    hcq = meds["ms1"]
    assert (hcq.text, hcq.dose, hcq.dose_unit, hcq.per_day, hcq.route) == ("Plaquenil 200 mg", 200, "mg", 2, "oral")
    assert (hcq.start, hcq.end, hcq.resource_type) == (D(2016, 2, 1), D(2023, 12, 31), "MedicationStatement")
    mtx = meds["ms2"]
    assert mtx.per_day == pytest.approx(1 / 7) and (mtx.start, mtx.end) == (D(2020, 5, 1), None)
    assert mtx.codes == [] and mtx.text == "methotrexate"


def test_fhir_medication_administration(basic):
    ma = by_id(basic.medications)["ma1"]
    assert (ma.dose, ma.dose_unit, ma.route, ma.per_day) == (1000, "mg", "intravenous", None)
    assert ma.start == ma.end == D(2022, 11, 20)
    assert ma.resource_type == "MedicationAdministration"


def test_searchset_with_two_patients_and_contained_medication():
    a, b = load_paths([FIX / "fhir" / "searchset_two_patients.json"])
    assert (a.id, a.sex, a.birth_date) == ("a", "male", D(1980, 1, 1))
    assert (b.id, b.sex, b.birth_date) == ("b", "other", None)
    assert [o.id for o in a.observations] == ["plt-a"]  # absolute URL reference
    assert [o.id for o in b.observations] == ["plt-b"]  # Patient/b/_history/3
    (rx,) = b.medications
    assert rx.codes[0].code == "11289" and rx.per_day == 2 and rx.dose == 2.5
    assert a.problems == b.problems == []  # OperationOutcome is skipped quietly


def test_single_resource_file():
    p = one(FIX / "fhir" / "single_patient.json")
    assert (p.id, p.sex, p.birth_date, p.problems) == ("solo", "unknown", D(2001, 2, 3), [])


def test_bulk_ndjson_links_across_files():
    patients = load_paths([FIX / "fhir" / "bulk"])
    assert [p.id for p in patients] == ["n1", "n2", "n3"]
    n1, n2, n3 = patients
    assert all(not p.problems for p in patients)
    assert n2.birth_date == D(1990, 12, 1)
    assert n3.origin.line == 4  # a blank line still counts
    assert sorted(o.id for o in n2.observations) == ["o1", "o3"]
    (rx,) = n1.medications
    assert rx.codes[0].code == "1364430" and rx.text == "Eliquis"  # Medication from another file
    assert rx.per_day == 2 and rx.origin.line == 1 and rx.origin.file.endswith("MedicationRequest.ndjson")


def test_ndjson_patients_come_out_where_the_first_ndjson_file_is():
    paths = [FIX / "own" / "patients.jsonl", FIX / "fhir" / "bulk" / "Observation.ndjson",
             FIX / "csv" / "long.csv", FIX / "fhir" / "bulk" / "Patient.ndjson"]
    ids = [p.id for p in iter_patients(paths)]
    assert ids == ["jl-1", "jl-2", "n1", "n2", "n3", "c1", "c2"]  # Patient resources set the order


# ---- own JSON and CSV ------------------------------------------------------------------------

def test_own_json_list():
    a, b = load_paths([FIX / "own" / "patients.json"])
    assert (a.id, a.sex, a.birth_date) == ("own-1", "female", D(1965, 3, 4))
    assert a.observations[0].value == 80 and a.medications[0].per_day == 2
    assert a.attestations[0].criterion == "E5" and a.attestations[0].holds is False
    assert a.origin.entry == 0 and b.origin.entry == 1 and a.origin.file.endswith("patients.json")
    assert a.observations[0].origin.file.endswith("patients.json")
    assert not a.problems and not b.problems


def test_own_jsonl():
    a, b = load_paths([FIX / "own" / "patients.jsonl"])
    assert (a.id, a.origin.line, b.id, b.origin.line) == ("jl-1", 1, "jl-2", 3)
    assert a.observations[0].origin.line == 1


def test_long_csv():
    c1, c2 = load_paths([FIX / "csv" / "long.csv"])
    assert (c1.id, c1.sex, c1.birth_date) == ("c1", "female", D(1972, 11, 30))
    assert (c2.sex, c2.birth_date) == ("male", D(1950, 1, 1))
    assert not c1.problems and not c2.problems
    plt, ana = c1.observations
    assert (plt.codes[0].system, plt.codes[0].code, plt.value, plt.unit) == ("loinc", "777-3", 95, "10*3/uL")
    assert (plt.reference_range.low, plt.reference_range.high) == (150, 400)
    assert plt.origin.line == 3 and plt.date == D(2024, 2, 10) and plt.status == "final"
    assert (ana.text, ana.value_text, ana.date) == ("ANA, IFA", "positive", D(2023, 12, 1))
    (crp,) = c2.observations
    assert (crp.value, crp.comparator, crp.date) == (0.3, "<", D(2024, 2, 11))
    pred, warf = c1.medications
    assert (pred.dose, pred.dose_unit, pred.per_day, pred.route) == (10, "mg", 1, "oral")
    assert (pred.start, pred.end) == (D(2024, 1, 1), D(2024, 3, 1))
    assert (warf.route, warf.dose_unit) == ("oral", "tablet")  # "PO"
    (htn,) = c2.conditions
    assert (htn.text, htn.onset, htn.clinical_status) == ("Hypertension, essential", D(2010, 5, 1), "active")


def test_fixtures_bind():
    patients = bind_patients(load_paths([FIX / "fhir", FIX / "own", FIX / "csv"]))
    assert len({p.id for p in patients}) == len(patients) == 13
    assert not any(p.broken for p in patients)
    obs = {(p.id, o.id): o for p in patients for o in p.observations}
    assert obs[("p1", "hgb")].analyte == "hemoglobin" and obs[("p1", "hgb")].normalized_value == pytest.approx(9.1)
    assert obs[("n2", "o3")].normalized_value == pytest.approx(12.5)  # 125 g/L
    assert obs[("p1", "bp#0")].analyte == "systolic_bp"
    assert obs[("own-1", "plt")].analyte == "platelets" and obs[("own-1", "plt")].normalized_value == pytest.approx(80)
    assert obs[("c1", "long.csv#3")].analyte == "platelets"
    meds = {(p.id, m.id): m for p in patients for m in p.medications}
    assert meds[("p1", "rx1")].drug == "prednisone" and meds[("p1", "rx1")].normalized_daily_dose == pytest.approx(20)
    assert meds[("c1", "long.csv#5")].normalized_daily_dose == pytest.approx(10)
    assert meds[("n1", "r1")].drug == "apixaban"


# ---- Synthea -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def synthea():
    from tests.conftest import corpus_path

    folder = corpus_path("synthea", "bundles")
    started = time.perf_counter()
    patients = load_paths([folder])
    loaded = time.perf_counter() - started
    bind_patients(patients)
    return patients, loaded


@pytest.mark.corpus
def test_synthea_bundles_load_without_fatal_problems(synthea):
    patients, seconds = synthea
    assert len(patients) == 40 and len({p.id for p in patients}) == 40
    assert [p.id for p in patients if p.broken] == []
    assert Counter(p.sex for p in patients) == {"male": 21, "female": 19}
    assert seconds < 20  # about 0.5 s here; a regression by an order of magnitude shows
    codes = Counter(pr.code for p in patients for pr in p.problems)
    assert set(codes) <= {"unit.dimension_mismatch"}  # from binding (eGFR in plain mL/min...), not from loading


@pytest.mark.corpus
def test_synthea_counts_match_source(synthea):
    patients, _ = synthea
    meds = [m for p in patients for m in p.medications]
    assert len(meds) == 243 and all(m.resource_type == "MedicationRequest" for m in meds)
    assert Counter(m.status for m in meds) == {"stopped": 143, "active": 100}
    assert sum(len(p.conditions) for p in patients) == 353
    obs = [o for p in patients for o in p.observations]
    by_loinc = Counter(c.code for o in obs for c in o.codes[:1])
    assert by_loinc["55284-4"] == 0  # blood pressure panels became their components
    assert by_loinc["8480-6"] == by_loinc["8462-4"] == 361
    assert by_loinc["4548-4"] == 152 and by_loinc["38483-4"] == 216 and by_loinc["33914-3"] == 202
    assert all(o.date is not None for o in obs)


@pytest.mark.corpus
@pytest.mark.parametrize("loinc, analyte", [("777-3", "platelets"), ("718-7", "hemoglobin"), ("4548-4", "hba1c"),
                                            ("38483-4", "creatinine"), ("1742-6", "alt"), ("6690-2", "wbc")])
def test_synthea_labs_bind_with_normalized_units(synthea, loinc, analyte):
    patients, _ = synthea
    obs = [o for p in patients for o in p.observations if o.codes and o.codes[0].code == loinc]
    assert obs
    canonical = vocabulary().analytes[analyte].canonical_unit
    for o in obs:
        assert o.analyte == analyte
        assert o.normalized_unit == canonical and o.normalized_value is not None, o


@pytest.mark.corpus
def test_synthea_egfr_units_are_kept_apart(synthea):
    patients, _ = synthea
    egfr = [o for p in patients for o in p.observations if o.codes and o.codes[0].code == "33914-3"]
    normalized = [o for o in egfr if o.normalized_value is not None]
    assert len(normalized) == 145 and {o.unit for o in normalized} == {"mL/min/{1.73_m2}"}
    assert all(o.problem for o in egfr if o.unit == "mL/min")  # never guessed


@pytest.mark.corpus
def test_synthea_medication_requests_bind_where_known(synthea):
    patients, _ = synthea
    meds = [m for p in patients for m in p.medications]
    drugs = Counter(m.drug for m in meds if m.drug)
    assert drugs["simvastatin"] >= 40 and drugs["warfarin"] == 4 and drugs["clopidogrel"] == 4
    assert sum(1 for m in meds if m.per_day is not None) >= 60  # 67 carry structured timing
    simva = [m for m in meds if m.drug == "simvastatin" and m.per_day]
    # Synthea writes doseQuantity {"value": 1} with no unit: one tablet, most likely, but a unit is never
    # guessed, so the daily dose stays unknown with the reason
    assert simva and all(m.normalized_daily_dose is None and m.problem == "dose 1 has no unit"
                         for m in simva if m.dose_unit is None)
    with_unit = [m.model_copy(update={"dose_unit": "{tbl}", "normalized_daily_dose": None}) for m in simva if "10 MG" in m.text]
    from screener.records.bind import _daily_mg

    assert with_unit and all(_daily_mg(m)[0] == pytest.approx(10) for m in with_unit)


@pytest.mark.corpus
def test_synthea_untrimmed_bundle_with_claims_loads():
    from tests.conftest import corpus_path

    (patient,) = load_paths([corpus_path("synthea", "original_untrimmed")])
    assert patient.problems == [] and patient.observations and patient.medications


def test_own_json_computed_fields_are_recomputed_on_load(tmp_path):
    """A file claiming its values are already normalized is converted again, never trusted."""
    import json

    rec = {"id": "p1", "bound": True, "observations": [
        {"id": "hb", "text": "hemoglobin", "value": 91, "unit": "g/L", "date": "2026-11-01",
         "analyte": "hemoglobin", "normalized_value": 14.0, "normalized_unit": "g/dL"}]}
    f = tmp_path / "p.json"
    f.write_text(json.dumps(rec))
    (p,) = load_paths([f])
    assert not p.bound and p.observations[0].normalized_value is None
    (b,) = bind_patients([p])
    assert b.observations[0].normalized_value == pytest.approx(9.1)


# ---- condition severity (FHIR Condition.severity; the CSV severity column) -------------

@pytest.mark.parametrize("concept, expected", [
    ({"coding": [{"system": "http://snomed.info/sct", "code": "24484000", "display": "Severe"}]}, "severe"),
    ({"coding": [{"system": "http://snomed.info/sct", "code": "6736007"}]}, "moderate"),
    ({"text": "Mild"}, "mild"),
    ({"text": "mild to moderate"}, None),  # two severities: not recorded, never guessed
    ({"coding": [{"system": "http://snomed.info/sct", "code": "399166001", "display": "Fatal"}]}, None),
    (None, None),
])
def test_fhir_condition_severity(concept, expected):
    from screener.records.adapters.fhir_types import severity
    assert severity(concept) == expected


def test_csv_condition_severity(tmp_path):
    path = tmp_path / "records.csv"
    path.write_text("patient_id,kind,code_system,code,text,date,severity\n"
                    "p1,patient,,,,,\n"
                    "p1,condition,icd10,J45.50,Severe persistent asthma,2020-01-01,severe\n"
                    "p1,condition,icd10,J30.9,Allergic rhinitis,2020-01-01,very bad\n", encoding="utf-8")
    p = one(path)
    asthma, rhinitis = p.conditions
    assert (asthma.severity, rhinitis.severity) == ("severe", None)
    assert [x.code for x in p.problems] == ["record.bad_value"] and "very bad" in p.problems[0].message
