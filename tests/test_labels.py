"""A label before a colon (screener/compile.py): it names what follows, or limits whom the rule is for."""

from __future__ import annotations

import pytest

from tests.lines import line


@pytest.mark.parametrize("text, role, canonical", [
    # LCT/Chia lines that compiled whole although their rule holds only for the cohort or the case the label names
    ("For the T2D study group: Diagnosed with type 2 diabetes.", "inclusion", "icd10_e11"),
    ("Adolescent participants: BMI ≥ 16.0", "inclusion", "bmi >= 16 kg/m2"),
    ("RA cohort: Previous intolerance to MTX", "exclusion", None),
    ("For the realization of skin biopsies: allergy to local anesthetics, cardiac valvulopathy", "exclusion", None),
])
def test_a_label_that_limits_whom_the_rule_is_for_keeps_the_line_partial(text, role, canonical):
    c = line(text, role)
    assert c.status == "partial"
    assert "rule.label_scope" in [d.code for d in c.diagnostics]
    if canonical is not None:
        assert c.canonical == canonical


@pytest.mark.parametrize("text, canonical", [
    # a label that only names what follows
    ("Age: 18-65", "age >= 18 year and <= 65 year"),
    ("Renal function: serum creatinine <= 1.5 x ULN", "creatinine <= 1.5 x ULN"),
    ("Abnormal coagulation profile: INR > 2.5 and/or PTT > 80", "(inr > 2.5) or (aptt > 80 s)"),
])
def test_a_label_that_names_what_follows_is_only_a_label(text, canonical):
    c = line(text, "exclusion")
    assert c.status == "compiled" and c.canonical == canonical
    assert "rule.label_scope" not in [d.code for d in c.diagnostics]


def test_a_label_that_lets_in_what_follows_under_the_exclusions_is_not_read_as_the_exclusion():
    # NCT01000155 (Chia, exclusions): the list after the colon is an exception; read as the line's rule it excluded
    # exactly the patients the text says are eligible
    text = ("Individuals with the following cancer are eligible if diagnosed and adequately treated within the past "
            "5 years: cervical or breast cancer in situ, and basal cell or squamous cell carcinoma of the skin")
    c = line(text, "exclusion")
    assert c.status == "unsupported" and c.rule is None
    assert [d.code for d in c.diagnostics if d.severity == "error"] == ["rule.label_scope"]
    # under the inclusions the same label is the rule's scope, not its opposite
    assert line(text, "inclusion").rule is not None
    assert line("Patients who are excluded: history of stroke", "inclusion").rule is None
    assert line("Patients who are not eligible: history of stroke", "exclusion").rule is not None
