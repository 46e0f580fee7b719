"""The pre-check page in headless Chromium (Debian's, driven by Playwright): a clinician fills
a patient who fails one exclusion of NCT06722586 and sees the verdict and the failing criterion.

Debian's ``chromium`` must be installed (``.ci/run`` installs it); without it this test fails,
it does not skip.  ``SCREENER_SCREENSHOT=docs/precheck-page.png`` also writes the screenshot
that docs/http.md shows.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.live_server import running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AS_OF = "2026-11-23"

# The seed fixture baseline.json (eligible), entered by hand, with haemoglobin 9.1 g/dL: only E7 fails.
LABS = [
    ("lupus_anticoagulant", "positive", None, "2026-03-03"),
    ("lupus_anticoagulant", "positive", None, "2026-07-07"),
    ("platelets", 64, "10*3/uL", "2026-10-12"),
    ("platelets", 58, "10*3/uL", "2026-10-26"),
    ("platelets", 71, "10*3/uL", "2026-11-09"),
    ("platelets", 66, "10*3/uL", "2026-11-16"),
    ("wbc", 5.8, "10*3/uL", "2026-11-16"),
    ("hemoglobin", 9.1, "g/dL", "2026-11-16"),
    ("alt", 22, "U/L", "2026-11-16"),
    ("ast", 24, "U/L", "2026-11-16"),
    ("egfr", 96, "mL/min/{1.73_m2}", "2026-11-16"),
    ("ldl_cholesterol", 2.4, "mmol/L", "2026-10-24"),
    ("triglycerides", 1.3, "mmol/L", "2026-10-24"),
]


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).is_file(), (f"Debian's chromium is not at {CHROMIUM}: apt-get install chromium "
                                      "(.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url():
    with running_server() as base:
        yield base


def add_lab(page, analyte, value, unit, date):
    page.click("#add-lab")
    row = page.locator("#labs .lab-row").last
    row.locator(".lab-test").select_option(analyte)
    if unit is None:
        row.locator(".lab-qual").select_option(value)
    else:
        row.locator(".lab-value").fill(str(value))
        row.locator(".lab-unit").select_option(unit)
    row.locator(".lab-date").fill(date)


def fill_patient(page):
    page.select_option("#trial-select", "NCT06722586")
    page.wait_for_selector('.question[data-criterion="E5"]')
    page.fill("#as-of", AS_OF)
    page.fill("#patient-id", "bedside-1")
    page.fill("#age", "40")
    page.select_option("#sex", "female")
    for lab in LABS:
        add_lab(page, *lab)
    page.click("#add-med")
    med = page.locator("#meds .med-row").last
    med.locator(".med-drug").select_option("prednisone")
    med.locator(".med-dose").fill("5")
    med.locator(".med-per-day").fill("1")
    med.locator(".med-route").select_option("oral")
    med.locator(".med-start").fill("2026-04-07")
    page.click("#add-cond")
    cond = page.locator("#conds .cond-row").last
    cond.locator(".cond-group").select_option("antiphospholipid_syndrome")
    cond.locator(".cond-onset").fill("2025-01-10")
    # E5 has a manual clause: the clinician answers it ("no other life-threatening manifestation")
    page.locator('.question[data-criterion="E5"] input[value="no"]').check()


def test_a_patient_failing_one_exclusion(browser, base_url, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base_url}/")
    fill_patient(page)
    page.click("#submit")
    result = page.wait_for_selector("#result .result")
    assert result.get_attribute("data-verdict") == "ineligible"
    assert page.inner_text("#verdict-label") == "✗ Ineligible"

    rows = {r.get_attribute("data-criterion"): r for r in page.query_selector_all("#result tr[data-criterion]")}
    assert len(rows) == 18
    e7 = rows["E7"]
    assert e7.get_attribute("data-status") == "met"
    assert e7.query_selector(".status").inner_text() == "✓ met"
    assert e7.query_selector(".effect").inner_text() == "FAILS"
    assert "Hb\\<100g/L" in e7.query_selector(".text").inner_text()
    assert "9.1 g/dL" in e7.query_selector(".evidence").inner_text()
    fails = [cid for cid, r in rows.items() if r.query_selector(".effect").inner_text() != "passes"]
    assert fails == ["E7"]  # every other criterion is decided in the patient's favour
    reasons = page.inner_text("#result .reasons")
    assert reasons.startswith("E7 (exclusion) met")
    assert "Nothing: every criterion is decided" in page.inner_text("#result")

    shot = tmp_path / "precheck-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("SCREENER_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["SCREENER_SCREENSHOT"])
    page.close()


def test_missing_data_is_listed_and_statuses_are_words(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base_url}/")
    page.select_option("#trial-select", "NCT06722586")
    page.wait_for_selector('.question[data-criterion="E5"]')
    page.fill("#as-of", AS_OF)
    page.fill("#birth-date", "1990-02-01")
    page.click("#submit")
    result = page.wait_for_selector("#result .result")
    assert result.get_attribute("data-verdict") == "undetermined"
    statuses = {r.get_attribute("data-criterion"): r.query_selector(".status").inner_text()
                for r in page.query_selector_all("#result tr[data-criterion]")}
    assert statuses["age_min"] == "✓ met" and statuses["I2"] == "? unknown"
    assert statuses["E5"] == "✎ manual (needs attestation)"
    missing = page.inner_text("#result .missing")
    assert "I2:" in missing and "E5:" in missing  # what would decide them, per criterion
    page.close()


def test_a_dropped_fhir_bundle_and_a_problem(browser, base_url):
    fixture = Path(__file__).parent / "fixtures" / "nct06722586" / "hb_low_gl.json"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base_url}/")
    page.select_option("#trial-select", "NCT06722586")
    page.wait_for_selector('.question[data-criterion="E5"]')
    page.fill("#as-of", AS_OF)
    page.set_input_files("#fhir-file", str(fixture))
    page.wait_for_function("document.querySelector('#fhir-status').textContent.startsWith('Using')")
    page.click("#submit")
    result = page.wait_for_selector("#result .result")
    assert result.get_attribute("data-verdict") == "ineligible"
    assert page.query_selector('#result tr[data-criterion="E7"] .effect').inner_text() == "FAILS"
    page.fill("#as-of", "")  # no screening date: the server says so, the page shows it
    page.click("#submit")
    problem = page.wait_for_selector("#result .problem")
    assert "as_of" in problem.inner_text()
    page.close()


def test_usable_on_a_tablet(browser, base_url):
    page = browser.new_page(viewport={"width": 768, "height": 1024}, has_touch=True, is_mobile=True)
    page.goto(f"{base_url}/")
    page.click("#add-lab")
    page.click("#add-med")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the form is {overflow}px wider than a tablet screen"
    small = page.evaluate("""Array.from(document.querySelectorAll('#precheck button, #precheck select, #precheck input:not([type=file]):not([type=radio])'))
        .filter(el => el.offsetParent !== null && el.getBoundingClientRect().height < 44).map(el => el.id || el.className)""")
    assert small == [], f"touch targets under 44 px: {small}"
    page.close()
