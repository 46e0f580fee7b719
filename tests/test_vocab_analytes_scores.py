"""Analytes and scores added from the corpora's unmapped subjects (issue 5).

Each case is a criterion as LCT/Chia write it: it must compile fully to the analyte,
and a LOINC-coded result must decide it (or leave it unknown, with a reason).
"""

from __future__ import annotations


import pytest

from screener.vocab import vocabulary
from tests.lines import line
from tests.observation_records import decide, lab



def compiled(text: str):
    return line(text, "inclusion")




# ---- corpus lines compile fully to the new analytes ---------------------------------

@pytest.mark.parametrize("text, canonical", [
    ("MMSE < 15", "mmse < 15"),
    ("Mini-Mental State Examination (MMSE) ≥20", "mmse >= 20"),
    ("MoCa score <20", "moca < 20"),
    ("PHQ-9 score >4", "phq9 > 4"),
    ("GAD-7 score ≥ 10", "gad7 >= 10"),
    ("AUDIT score of < 5 or > 26", "(audit_score < 5) or (audit_score > 26)"),
    ("NRS score <2 or >5", "(pain_nrs < 2) or (pain_nrs > 5)"),
    ("Follicle stimulating hormone > 20 IU/L", "fsh > 20 [IU]/L"),
    ("PSA > 10 ng/mL", "psa > 10 ng/mL"),
    ("free PSA > 1 ng/mL", "free_psa > 1 ng/mL"),
    ("Alpha fetoprotein > 50 ng/ml", "afp > 50 ng/mL"),
    ("lactate >4 mmol/L", "lactate > 4 mmol/L"),
    ("plasma HIV RNA < 400 copies/mL at screening", "hiv_viral_load < 400 {copies}/mL"),
    ("Transferrin saturation (TSAT) ≥20%", "transferrin_saturation >= 20 %"),
    ("AHI ≥ 15 events/hour", "ahi >= 15 {events}/h"),
    ("Birthweight <1500 g", "birth_weight < 1500 g"),
    ("mean arterial pressure (MAP) < 60 mm Hg", "mean_arterial_pressure < 60 mm[Hg]"),
])
def test_corpus_line_compiles_fully_to_the_analyte(text, canonical):
    c = compiled(text)
    assert c.status == "compiled", [d.code for d in c.diagnostics]
    assert c.canonical == canonical
    assert not any(d.code == "vocab.unmapped_subject" for d in c.diagnostics)


def test_fev1_and_the_ratio_are_two_analytes():
    c = compiled("FEV1 < 40% of predicted value, FEV1/FVC < 70%")
    assert c.canonical == "(fev1_pct_predicted < 40 %) and (fev1_fvc < 70 %)"
    assert not any(d.code == "vocab.unmapped_subject" for d in c.diagnostics)


def test_longer_phrases_keep_their_own_analytes():
    """New short synonyms must not take text from longer known terms."""
    assert compiled("lactate dehydrogenase > 250 U/L").canonical == "ldh > 250 U/L"
    assert compiled("PaO2/FiO2 ratio < 300").canonical == "pf_ratio < 300 mm[Hg]"  # its bare unit
    assert compiled("weight > 50 kg").canonical == "weight > 50 kg"
    v = vocabulary()
    assert {t.id for t in v.lookup("free testosterone")} == {"free_testosterone"}
    assert {t.id for t in v.lookup("free psa")} == {"free_psa"}


# ---- LOINC-coded results decide them -------------------------------------------------

def test_mmse_by_loinc_including_synthea_unit_spelling():
    assert decide("MMSE < 15", lab("72106-8", 12, "{score}")).value is True
    assert decide("MMSE < 15", lab("72106-8", 24, "(score)")).value is False  # Synthea writes "(score)"


def test_phq9_and_gad7_scores():
    assert decide("PHQ-9 score >4", lab("44261-6", 9, "{score}")).value is True
    assert decide("PHQ-9 score >4", lab("44261-6", 3, "{score}")).value is False
    assert decide("GAD-7 score ≥ 10", lab("70274-6", 10, None)).value is True


def test_pain_nrs_either_side():
    assert decide("NRS score <2 or >5", lab("72514-3", 7, "{score}")).value is True
    assert decide("NRS score <2 or >5", lab("72514-3", 3, "{score}")).value is False


def test_fsh_mIU_per_mL_equals_IU_per_L():
    assert decide("Follicle stimulating hormone > 20 IU/L", lab("15067-2", 35, "mIU/mL")).value is True
    assert decide("Follicle stimulating hormone > 20 IU/L", lab("15067-2", 12, "mIU/mL")).value is False


def test_testosterone_molar_result_against_a_mass_limit():
    # 10 nmol/L x 288.42 g/mol = 288 ng/dL
    assert decide("testosterone < 300 ng/dL", lab("14913-8", 10, "nmol/L"), sex="male").value is True
    assert decide("testosterone < 300 ng/dL", lab("2986-8", 450, "ng/dL"), sex="male").value is False


def test_lactate_in_mg_per_dL_converts():
    # 45 mg/dL / 90.08 g/mol = 5.0 mmol/L
    out = decide("lactate >4 mmol/L", lab("2524-7", 45, "mg/dL"))
    assert out.value is True and out.evidence[0].normalized.endswith("mmol/L")


def test_total_psa_never_answers_for_free_psa():
    assert decide("PSA > 10 ng/mL", lab("2857-1", 12.5, "ng/mL"), sex="male").value is True
    assert decide("free PSA > 1 ng/mL", lab("2857-1", 12.5, "ng/mL"), sex="male").value is None
    assert decide("free PSA > 1 ng/mL", lab("10886-0", 1.4, "ng/mL"), sex="male").value is True


def test_hiv_viral_load_copies():
    assert decide("HIV RNA < 400 copies/mL", lab("20447-9", 50, "copies/mL")).value is True
    assert decide("HIV RNA < 400 copies/mL", lab("20447-9", 12000, "{copies}/mL")).value is False


def test_fev1_fvc_ratio_written_as_percent_or_fraction():
    assert decide("FEV1/FVC < 70%", lab("19926-5", 62, "%")).value is True
    assert decide("FEV1/FVC < 0.7", lab("19926-5", 75, "%")).value is False


def test_fev1_in_litres_is_another_dimension_and_unknown():
    assert decide("FEV1 >= 50%", lab("20152-5", 45, "%")).value is False
    out = decide("FEV1 > 0.8 L", lab("20152-5", 45, "%"))
    assert out.value is None and out.why


def test_ahi_bare_number_is_per_hour():
    assert decide("AHI > 15", lab("69990-0", 22, "{events}/h")).value is True
    assert decide("AHI ≥ 15 events/hour", lab("69990-0", 8, "/h")).value is False


def test_birth_weight_and_mean_arterial_pressure():
    assert decide("Birthweight <1500 g", lab("8339-4", 1.2, "kg")).value is True
    assert decide("mean arterial pressure < 60 mm Hg", lab("8478-0", 72, "mm[Hg]")).value is False


def test_missing_score_is_unknown_never_met():
    out = decide("MMSE < 15", lab("72172-0", 12, "{score}"))  # a MoCA result does not answer an MMSE rule
    assert out.value is None
