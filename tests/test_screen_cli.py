"""`screener screen` and `screener check` as a coordinator runs them, bad inputs included."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "nct06722586"
PATIENT_FILES = sorted(str(f) for f in FIXTURES.glob("*.json"))
AS_OF = "2026-11-23"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "screener.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def bundle(pid: str, *resources: dict) -> dict:
    entries = [{"resource": {"resourceType": "Patient", "id": pid, "birthDate": "1980-01-01", "gender": "female"}}]
    entries += [{"resource": {**r, "subject": {"reference": f"Patient/{pid}"}}} for r in resources]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def platelets(value, unit="10*9/L", date="2026-11-20", oid="plt") -> dict:
    return {"resourceType": "Observation", "id": oid, "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "777-3"}], "text": "Platelets"},
            "effectiveDateTime": date, "valueQuantity": {"value": value, "unit": unit,
                                                         "system": "http://unitsofmeasure.org", "code": unit}}


def test_screen_fixtures_json_contract(tmp_path):
    out = run("screen", "NCT06722586", str(FIXTURES), "--as-of", AS_OF, "--attest", "E5=no", "--no-progress")
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    assert len(results) == len(PATIENT_FILES)
    for r in results:
        assert set(r) >= {"patient_id", "verdict", "criteria", "errors"}
        assert r["verdict"] in ("eligible", "ineligible", "undetermined", "error")
        for c in r["criteria"]:
            assert set(c) >= {"id", "section", "text", "status", "explanation", "evidence"}
    by_id = {r["patient_id"]: r for r in results}
    assert by_id["nct06722586-baseline"]["verdict"] == "eligible"
    assert "patients screened" in out.stderr  # the summary goes to stderr, results alone to stdout


def test_screen_formats_agree(tmp_path):
    args = ("screen", "NCT06722586", *PATIENT_FILES, "--as-of", AS_OF, "--no-progress")
    as_json = json.loads(run(*args).stdout)
    as_jsonl = [json.loads(line) for line in run(*args, "--format", "jsonl").stdout.splitlines()]
    assert [r["verdict"] for r in as_json] == [r["verdict"] for r in as_jsonl]
    target = tmp_path / "out.csv"
    assert run(*args, "--format", "csv", "--output", str(target)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert {r["patient_id"] for r in rows} == {r["patient_id"] for r in as_json}
    assert len(rows) == sum(len(r["criteria"]) for r in as_json)
    table = run(*args, "--format", "table").stdout
    assert "UNDETERMINED" in table and "nct06722586-baseline" in table


def test_usage_errors_exit_2(tmp_path):
    assert run("screen", "NCT00000000", str(FIXTURES), "--as-of", AS_OF).returncode == 2
    assert run("screen", "NCT06722586", str(FIXTURES), "--as-of", "23/11/2026").returncode == 2
    assert run("screen", "NCT06722586", str(FIXTURES)).returncode == 2  # --as-of is required
    assert run("screen", "NCT06722586", str(FIXTURES), "--as-of", AS_OF, "--attest", "E5").returncode == 2


def test_check_reads_like_a_report():
    out = run("check", "NCT06722586", str(FIXTURES / "baseline.json"), "--as-of", AS_OF)
    assert out.returncode == 0, out.stderr
    assert "VERDICT: UNDETERMINED" in out.stdout and "MANUAL" in out.stdout
    assert "What is missing to decide" in out.stdout and "attestation for E5" in out.stdout
    ok = run("check", "NCT06722586", str(FIXTURES / "baseline.json"), "--as-of", AS_OF, "--attest", "E5=no")
    assert "VERDICT: ELIGIBLE" in ok.stdout


def test_no_criteria_trial_is_undetermined_for_everyone():
    out = run("screen", "NCT05746689", str(FIXTURES / "baseline.json"), "--as-of", AS_OF, "--no-progress")
    (r,) = json.loads(out.stdout)
    assert r["verdict"] == "undetermined"
    assert "gives no inclusion or exclusion criteria" in r["reasons"][0]


# ---- bad input: each named, the rest of the batch screened, one result per patient in ----------


def _write(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


@pytest.fixture()
def batch(tmp_path) -> dict[str, Path]:
    good = json.loads((FIXTURES / "baseline.json").read_text())
    files = {
        "good": _write(tmp_path / "good.json", good),
        "malformed": _write(tmp_path / "malformed.json", '{"resourceType": "Bundle", "entry": [\n  {"resource": '),
        "unknown_unit": _write(tmp_path / "unknown_unit.json", bundle("u1", platelets(60, unit="furlongs"))),
        "non_numeric": _write(tmp_path / "non_numeric.json", bundle("n1", platelets("sixty"))),
        "missing_date": _write(tmp_path / "missing_date.json", bundle("d1", {k: v for k, v in platelets(60).items() if k != "effectiveDateTime"})),
        "duplicate": _write(tmp_path / "duplicate.json", bundle("nct06722586-baseline", platelets(60))),
        "unknown_type": _write(tmp_path / "unknown_type.json", bundle("t1", {"resourceType": "Hovercraft", "id": "h"})),
        "empty": _write(tmp_path / "empty.json", ""),
    }
    return files


def _screen(*paths) -> tuple[subprocess.CompletedProcess, list[dict]]:
    out = run("screen", "NCT06722586", *map(str, paths), "--as-of", AS_OF, "--no-progress", "--attest", "E5=no")
    assert out.returncode == 0, out.stderr
    return out, json.loads(out.stdout)


def test_bad_inputs_one_result_per_patient(batch, tmp_path):
    missing = tmp_path / "not_there.json"
    _out, results = _screen(*batch.values(), missing)
    assert len(results) == len(batch) + 1  # as many patients out as went in, the missing file included
    verdicts = [r["verdict"] for r in results]
    assert verdicts[0] == "eligible"  # the good patient is screened normally


def _result_for(results, file: Path) -> dict:
    hits = [r for r in results if any(file.name in (e.get("file") or "") for e in r["errors"])]
    assert len(hits) == 1, (file, [r["patient_id"] for r in results])
    return hits[0]


@pytest.mark.parametrize("name, verdict, code, field", [
    ("malformed", "error", "file.malformed_json", None),
    ("empty", "error", "file.empty", None),
    ("unknown_unit", "undetermined", "unit.unknown", "unit"),
    ("non_numeric", "undetermined", "record.non_numeric_value", "valueQuantity.value"),
    ("missing_date", "undetermined", "record.missing_date", "effective[x]"),
    ("unknown_type", "undetermined", "record.unknown_resource_type", None),
    ("duplicate", "error", "record.duplicate_id", None),
])
def test_each_bad_input_is_named(batch, name, verdict, code, field):
    _out, results = _screen(batch["good"], batch[name])
    assert len(results) == 2
    assert results[0]["verdict"] == "eligible"
    r = _result_for(results, batch[name])
    assert r["verdict"] == verdict
    err = next(e for e in r["errors"] if e["code"] == code)
    assert batch[name].name in err["file"]
    if field:
        assert err["field"] == field and err["record"]
    if code == "file.malformed_json":
        assert "line 2" in err["message"]


def test_unknown_unit_makes_the_criterion_unknown_with_the_reason(batch):
    _out, results = _screen(batch["unknown_unit"])
    i2 = next(c for c in results[0]["criteria"] if c["id"] == "I2")
    assert i2["status"] == "unknown" and "furlongs" in i2["explanation"]


def test_missing_file_is_an_error_result(tmp_path):
    _out, results = _screen(tmp_path / "nope.json")
    assert [r["verdict"] for r in results] == ["error"]
    assert results[0]["errors"][0]["code"] == "file.not_found"
    assert "nope.json" in results[0]["errors"][0]["file"]
