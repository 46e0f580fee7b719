"""Analytes, vitals and unit spellings added from the corpora's unmapped subjects, round 2 (issue 5).

Each case is a criterion as LCT/Chia write it: it must compile to the analyte with the right
unit, a LOINC-coded result must decide it, and a result in another dimension is refused (unknown).
"""

from __future__ import annotations

import pytest

from screener.vocab import vocabulary
from tests.test_vocab_analytes_scores import compiled, decide, lab  # the same result and evaluation


# ---- corpus lines compile fully to the new analytes ---------------------------------

@pytest.mark.parametrize("text, canonical", [
    ("Hepatitis B virus DNA <100 IU/mL.", "hbv_viral_load < 100 [IU]/mL"),
    ("HCV RNA > 103 IU/mL at screening", "hcv_viral_load > 103 [IU]/mL"),
    ("C-peptide more than 100 pmol/L", "c_peptide > 100 pmol/L"),  # ("= 1.5 ng/mL" is flagged rule.exact_value)
    ("Weighing at least 50 kg", "weight >= 50 kg"),
    ("Respiratory rate > 25 breaths/minute;", "respiratory_rate > 25 /min"),
])
def test_corpus_line_compiles_fully_to_the_analyte(text, canonical):
    c = compiled(text)
    assert c.status == "compiled", [d.code for d in c.diagnostics]
    assert c.canonical == canonical
    assert not any(d.code == "vocab.unmapped_subject" for d in c.diagnostics)


@pytest.mark.parametrize("text, part", [
    ("HBV DNA < 200 IU/ml during nucleos(t)ide analogue (except Telbivudine) treatment within one month "
     "prior to initiation of peginterferon alfa-2a", "hbv_viral_load < 200 [IU]/mL"),
    ("Severely elevated serum BNP defined as BNP>300pg/ml", "bnp > 300 pg/mL"),
    ("Fasting or postprandial plasma C-peptide more than 100 pmol/L", "c_peptide > 100 pmol/L"),
    ("BMI 18-25 kg/m2; those with BMI up to 28kg/m2 will be included if waist circumference is <96cm.",
     "waist_circumference < 96 cm"),
    ("Body mass index (BMI) = 27 Kg/m2 and/or waist circumference = 102 cm (40 inches) in men and 88 cm "
     "(35 inches) in women, respectively.", "waist_circumference = 102 cm"),
    ("Patients weighing more than 30 kg that would exceed maximum dexamethasone dose", "weight > 30 kg"),
])
def test_corpus_line_reads_the_analyte_where_words_stay_out(text, part):
    """The line stays partial for its other words; the comparison itself names the analyte."""
    c = compiled(text)
    assert part in c.canonical


def test_millimolar_is_mmol_per_litre_never_the_millimetre():
    c = compiled("Fasting glucose < 7,0 mM, HbA1c < 48 mmol/mol 3 months after RYGB")
    assert "fasting_glucose < 7 mmol/L" in c.canonical
    assert compiled("tumour diameter > 20 mm").canonical.endswith("20 mm")  # lower case stays a length


def test_pro_bnp_is_nt_probnp_and_bnp_is_its_own_analyte():
    c = compiled("Type B natriuretic peptide (BNP) >150 pg/ml (or pro-BNP [N-terminal-proBNP] = 600 pg / ml)")
    assert c.canonical == "(bnp > 150 pg/mL) and (nt_probnp = 600 pg/mL)"
    v = vocabulary()
    assert {t.id for t in v.lookup("bnp")} == {"bnp"}
    assert {t.id for t in v.lookup("nt-probnp")} == {"nt_probnp"}


def test_qualitative_viral_dna_result_reads_the_viral_load():
    assert compiled("If HBV DNA is positive, the subject is ineligible.").canonical == "positive hbv_viral_load"


# ---- LOINC-coded results decide them -------------------------------------------------

def test_hbv_dna_in_iu_per_ml():
    assert decide("Hepatitis B virus DNA <100 IU/mL.", lab("42595-9", 20, "[IU]/mL")).value is True
    assert decide("Hepatitis B virus DNA <100 IU/mL.", lab("42595-9", 5400, "IU/mL")).value is False


def test_hcv_rna_in_iu_per_ml():
    assert decide("HCV RNA > 103 IU/mL at screening", lab("11011-4", 250000, "[IU]/mL")).value is True
    assert decide("HCV RNA > 103 IU/mL at screening", lab("11011-4", 15, "[IU]/mL")).value is False


def test_hbv_and_hcv_loads_never_answer_for_each_other():
    assert decide("HCV RNA > 103 IU/mL", lab("42595-9", 250000, "[IU]/mL")).value is None
    assert decide("HBV DNA < 2000 IU/ml", lab("11011-4", 15, "[IU]/mL")).value is None


def test_bnp_by_loinc_and_nt_probnp_does_not_answer_it():
    assert decide("BNP>300pg/ml", lab("30934-4", 450, "pg/mL")).value is True
    assert decide("BNP>300pg/ml", lab("30934-4", 120, "ng/L")).value is False  # ng/L is pg/mL
    assert decide("BNP>300pg/ml", lab("33762-6", 4500, "pg/mL")).value is None  # an NT-proBNP result
    assert decide("pro-BNP = 600 pg/ml", lab("33762-6", 600, "pg/mL")).value is True


def test_c_peptide_mass_and_molar_limits():
    assert decide("C-peptide levels = 1.5 ng/mL", lab("1986-9", 1.5, "ng/mL")).value is True
    # 100 pmol/L x 3020.3 g/mol = 0.30 ng/mL
    assert decide("C-peptide more than 100 pmol/L", lab("1986-9", 0.9, "ng/mL")).value is True
    assert decide("C-peptide more than 100 pmol/L", lab("1986-9", 0.2, "ng/mL")).value is False


def test_waist_circumference_in_cm_or_inches():
    assert decide("waist circumference is <96cm", lab("8280-0", 90, "cm")).value is True
    assert decide("waist circumference is <96cm", lab("8280-0", 40, "[in_i]")).value is False  # 101.6 cm


def test_weighing_reads_body_weight():
    assert decide("Weighing at least 50 kg", lab("29463-7", 62, "kg")).value is True
    assert decide("Patients weighing more than 30 kg", lab("29463-7", 80, "[lb_av]")).value is True  # 36.3 kg
    assert decide("Patients weighing more than 30 kg", lab("29463-7", 55, "[lb_av]")).value is False  # 24.9 kg


def test_breaths_per_minute_decides_respiratory_rate():
    assert decide("Respiratory rate > 25 breaths/minute;", lab("9279-1", 30, "/min")).value is True
    assert decide("Respiratory rate > 25 breaths/minute;", lab("9279-1", 16, "/min")).value is False


def test_fasting_glucose_millimolar_limit_against_mg_per_dl():
    # 7.0 mmol/L x 180.16 g/mol = 126 mg/dL
    assert decide("Fasting glucose < 7,0 mM", lab("1558-6", 110, "mg/dL")).value is True
    assert decide("Fasting glucose < 7,0 mM", lab("1558-6", 140, "mg/dL")).value is False


# ---- numbers in another dimension are refused ------------------------------------------

def test_viral_load_in_copies_is_another_dimension_and_unknown():
    out = decide("HBV DNA < 2000 IU/ml", lab("42595-9", 300, "{copies}/mL"))
    assert out.value is None and out.why


def test_a_duration_on_the_viral_load_is_refused_at_evaluation():
    """'hepatitis b virus DNA > 0.5 year' (NCT corpus line) compiles the years onto the load; no result
    can decide a duration, so the HBV part stays unknown and only the HBsAg part can decide the line."""
    text = "Positive hepatitis b surface antigen or hepatitis b virus DNA > 0.5 year;"
    assert compiled(text).canonical == "(positive hbsag) or (hbv_viral_load > 0.5 year)"
    assert decide("hepatitis b virus DNA > 0.5 year", lab("42595-9", 300, "[IU]/mL")).value is None


def test_bnp_in_a_molar_unit_is_unknown_without_a_molar_mass():
    assert compiled("BNP>300pg/ml").canonical == "bnp > 300 pg/mL"
    out = decide("BNP>300pg/ml", lab("30934-4", 50, "pmol/L"))
    assert out.value is None and out.why
