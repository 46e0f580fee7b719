"""`screener outcomes` and `screener protocol` as a trial coordinator runs them, bad inputs included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FIX = Path(__file__).parent / "fixtures" / "followup"


def run(*args):
    return subprocess.run([sys.executable, "-m", "screener.cli", *args], capture_output=True, text=True, timeout=300)


def test_outcomes_json_every_patient_every_timepoint():
    out = run("outcomes", "NCT06722586", str(FIX / "nct06722586"), "--baseline", "2025-03-03", "--as-of", "2025-10-01")
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    assert sorted(r["patient_id"] for r in results) == sorted(p.stem for p in (FIX / "nct06722586").glob("*.json"))
    for r in results:
        assert r["status"] == "assessed" and r["baseline"] == "2025-03-03" and r["cutoff"] == "2025-10-01"
        assert [t["timepoint"] for t in r["timepoints"]] == ["2 week", "1 month", "3 month", "6 month"]
        # 10 definitions: 9 at every timepoint, the dropout at 6 months only
        assert [len(t["outcomes"]) for t in r["timepoints"]] == [9, 9, 9, 10]
    cr = next(r for r in results if r["patient_id"] == "cr_path")
    three = {o["name"]: o for o in cr["timepoints"][2]["outcomes"]}
    assert three["complete_response"]["status"] == "met"
    assert three["complete_response"]["evidence"][0]["record"] == "Observation/cr_path_k-plt0"
    assert "7 patients, outcomes of NCT06722586: assessed 7" in out.stderr


def test_outcomes_table_and_jsonl():
    args = ("outcomes", "NCT05746689", str(FIX / "nct05746689_outcomes"), "--baseline", "2025-03-03",
            "--as-of", "2026-03-01")
    table = run(*args, "--format", "table")
    assert table.returncode == 0, table.stderr
    assert "relapse after response" in table.stdout and "-50 mm" in table.stdout
    # the counts under the table: the trial's rates at a glance (unknowns are in no denominator)
    assert "12 week disease response: met 4, not met 1, unknown 1" in table.stdout
    assert "48 week relapse after response: met 2, not met 4" in table.stdout
    lines = run(*args, "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 6 and all(json.loads(x)["trial"] == "NCT05746689" for x in lines)


def test_protocol_json_and_table():
    args = ("protocol", "NCT05746689", str(FIX / "nct05746689_protocol"), "--baseline", "2025-03-03",
            "--as-of", "2026-02-20")
    out = run(*args)
    assert out.returncode == 0, out.stderr
    verdicts = {r["patient_id"]: r["verdict"] for r in json.loads(out.stdout)}
    assert verdicts == {"cap_followed": "followed", "no_cap_followed": "followed", "taper_skipped": "deviations",
                        "taper_held": "deviations", "troughs_out": "deviations", "no_weight_siro_high": "deviations"}
    table = " ".join(run(*args, "--format", "table").stdout.split())  # cells wrap; compare words
    for words in ("FOLLOWED", "DEVIATIONS", "days 29-42: lower,", "48 week: missed", "unknown on 336 day(s):"):
        assert words in table, words


def test_protocol_without_baseline_starts_at_the_first_dose():
    out = run("protocol", "NCT05746689", str(FIX / "nct05746689_protocol" / "cap_followed.json"), "--as-of",
              "2026-02-20")
    r = json.loads(out.stdout)[0]
    assert (r["baseline"], r["baseline_from"], r["verdict"]) == ("2025-03-03", "first dose", "followed")


def test_a_broken_record_is_an_error_and_the_batch_goes_on(tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    out = run("outcomes", "NCT06722586", str(tmp_path / "bad.json"), str(FIX / "nct06722586" / "cr_path.json"),
              "--baseline", "2025-03-03")
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    assert [r["status"] for r in results] == ["error", "assessed"]
    assert results[0]["errors"][0]["code"] == "file.malformed_json"


def test_usage_errors_exit_2(tmp_path):
    assert run("outcomes", "NCT06722586", str(FIX / "nct06722586")).returncode == 2  # --baseline is required
    bad_date = run("outcomes", "NCT06722586", str(FIX / "nct06722586"), "--baseline", "03/03/2025")
    assert bad_date.returncode == 2 and "--baseline must be a date" in bad_date.stderr
    missing = run("protocol", "NCT06722586", str(FIX / "nct06722586"))  # this trial bundles no protocol
    assert missing.returncode == 2 and "no protocol definitions" in missing.stderr
    broken = tmp_path / "mine.outcomes"
    broken.write_text("timepoints: 2 week within 3 day\noutcome x: platelets > 2 x baseline please\n")
    out = run("outcomes", str(broken), str(FIX / "nct06722586" / "cr_path.json"), "--baseline", "2025-03-03")
    assert out.returncode == 0 and "warning:" in out.stderr and "lex.ignored_words" in out.stderr
    assert json.loads(out.stdout)[0]["timepoints"][0]["outcomes"][0]["status"] == "unsupported"


def test_screening_nct05746689_stays_undetermined_for_responders():
    out = run("screen", "NCT05746689", str(FIX / "nct05746689_outcomes"), "--as-of", "2025-03-03", "--no-progress")
    results = json.loads(out.stdout)
    assert {r["verdict"] for r in results} == {"undetermined"}
    assert all("gives no inclusion or exclusion criteria" in r["reasons"][0] for r in results)
