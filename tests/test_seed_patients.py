"""NCT06722586 seed patients: FHIR R4 Bundles screened end to end (load, bind, evaluate, verdict).

The fixtures are written by tests/build_nct06722586_fixtures.py: an eligible baseline and
one-change variants.  ``nct06722586.expected.json`` (beside the folder) gives each file's verdict and the criteria whose status
differs from the baseline; every other criterion must keep the baseline's status.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import screener
from screener.records.load import load_paths

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "nct06722586"
EXPECTED_FILE = HERE / "fixtures" / "nct06722586.expected.json"
EXPECTED = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
AS_OF = EXPECTED["as_of"]
ATTEST = EXPECTED["attest"]
BASELINE = EXPECTED["baseline"]

CASES = [("baseline", BASELINE["file"], BASELINE["verdict"], {}, BASELINE["problems"])] + [
    (name, v["file"], v["verdict"], v["differs"], v["problems"]) for name, v in EXPECTED["variants"].items()]


@pytest.fixture(scope="module")
def trial():
    return screener.load_trial(EXPECTED["trial"])


def _load(file: str):
    patients = load_paths([FIXTURES / file])
    assert len(patients) == 1, [p.id for p in patients]
    return patients[0]


def _screen(trial, name: str, attest=ATTEST):
    file = BASELINE["file"] if name == "baseline" else EXPECTED["variants"][name]["file"]
    patient = _load(file)
    return patient, trial.screen(patient, as_of=AS_OF, attest=attest)


def _criterion(result, cid: str):
    return next(c for c in result.criteria if c.id == cid)


def test_fixtures_are_what_the_generator_writes():
    from tests.build_nct06722586_fixtures import build

    files = build()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in [*FIXTURES.glob("*.json"), EXPECTED_FILE]}
    assert sorted(on_disk) == sorted(files), "run python3 tests/build_nct06722586_fixtures.py"
    stale = [name for name, text in files.items() if on_disk[name] != text]
    assert not stale, f"out of date (run python3 tests/build_nct06722586_fixtures.py): {stale}"
    assert len(EXPECTED["variants"]) >= 32


def test_baseline_statuses_cover_every_criterion(trial):
    assert [c.id for c in trial.compiled.criteria] == list(BASELINE["criteria"])


@pytest.mark.parametrize("name, file, verdict, differs, problems", CASES, ids=[c[0] for c in CASES])
def test_seed_patient(trial, name, file, verdict, differs, problems):
    patient = _load(file)
    result = trial.screen(patient, as_of=AS_OF, attest=ATTEST)
    want = {**BASELINE["criteria"], **differs}
    got = {c.id: c.status for c in result.criteria}
    explain = {c.id: c.explanation for c in result.criteria if got[c.id] != want.get(c.id)}
    assert got == want, explain
    assert result.verdict == verdict, result.reasons
    assert sorted({p.code for p in patient.problems}) == sorted(problems), [p.message for p in patient.problems]


def test_baseline_without_attestation_waits_for_a_person(trial):
    _patient, result = _screen(trial, "baseline", attest=None)
    assert result.verdict == "undetermined"
    e5 = _criterion(result, "E5")
    assert e5.status == "manual"
    assert "attestation" in e5.explanation and any("E5" in m for m in e5.missing)
    others = {c.id: c.status for c in result.criteria if c.id != "E5"}
    assert others == {k: v for k, v in BASELINE["criteria"].items() if k != "E5"}


def test_evidence_against_the_records_own_range(trial):
    _patient, result = _screen(trial, "alt_3_5x_record_range")
    e6 = _criterion(result, "E6")
    [ev] = [e for e in e6.evidence if e.record == "Observation/alt"]
    assert (ev.kind, ev.about, ev.reported, ev.normalized) == ("observation", "alt", "115.5 U/L", "115.5 U/L")
    assert ev.reference_default is False and "7-33" in ev.reference_range and "from the record" in ev.reference_range
    assert ev.file and ev.file.endswith("alt_3_5x_record_range.json")
    assert "99 U/L" in e6.explanation  # 3 x the record's ULN 33, not 3 x our default 45


def test_evidence_flags_a_default_range(trial):
    _patient, result = _screen(trial, "alt_3_5x_default_range")
    [ev] = [e for e in _criterion(result, "E6").evidence if e.record == "Observation/alt"]
    assert ev.reference_default is True and "default" in ev.reference_range and "45" in ev.reference_range


@pytest.mark.parametrize("name, cid, record, reported, normalized", [
    ("hb_low_gl", "E7", "Observation/hb", "91 g/L", "9.1 g/dL"),
    ("plt_low", "I2", "Observation/plt-4", "22 K/uL", "22 10*9/L"),
    ("plt_high", "I2", "Observation/plt-4", "152 10*9/L", "152 10*9/L"),
    ("wbc_censored_low", "E7", "Observation/wbc", "<1 10*3/uL", "<1 10*9/L"),
    ("ldl_high_statin", "E8", "Observation/ldl", "150 mg/dL", "150 mg/dL"),
    ("methylprednisolone_8", "I3", "MedicationStatement/methylprednisolone", None, "8 mg/d"),
])
def test_evidence_shows_reported_and_normalized(trial, name, cid, record, reported, normalized):
    _patient, result = _screen(trial, name)
    found = [e for e in _criterion(result, cid).evidence if e.record == record]
    assert found, [e.record for e in _criterion(result, cid).evidence]
    assert all(e.normalized == normalized for e in found)
    if reported is not None:
        assert all(e.reported == reported for e in found)


def test_dose_equivalence_is_shown(trial):
    _patient, result = _screen(trial, "methylprednisolone_8")
    notes = [e.note or "" for e in _criterion(result, "I3").evidence]
    assert any("x 1.25 = 10 mg/d prednisone" in n for n in notes), notes


def test_unknown_unit_says_why(trial):
    patient, result = _screen(trial, "wbc_unknown_unit")
    e7 = _criterion(result, "E7")
    assert "Gpt/L" in e7.explanation
    [ev] = [e for e in e7.evidence if e.record == "Observation/wbc"]
    assert ev.reported == "5.8 Gpt/L" and ev.normalized is None and "unit.unknown" in ev.note
    [problem] = patient.problems
    assert problem.record == "Observation/wbc" and problem.field == "unit" and not problem.fatal


def test_half_life_window_is_explained(trial):
    _patient, result = _screen(trial, "eltrombopag_2d")
    i6 = _criterion(result, "I6")
    assert "5 half-lives of 35 h" in i6.explanation
    assert [e.record for e in i6.evidence] == ["MedicationStatement/eltrombopag"]
