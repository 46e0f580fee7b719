"""The vocabulary interface other stages depend on."""

from __future__ import annotations

import pytest

from screener.vocab import Analyte, ConditionGroup, Drug, DrugClass, Term, vocabulary

REQUIRED_IDS = {
    "analyte": ["alt", "ast", "egfr", "platelets", "wbc", "hemoglobin", "ldl_cholesterol", "triglycerides",
                "lupus_anticoagulant", "anticardiolipin_igg", "anticardiolipin_igm", "anticardiolipin",
                "anti_b2gp1_igg", "anti_b2gp1_igm", "anti_b2gp1", "creatinine", "hba1c", "inr", "aptt", "bmi",
                "weight", "height", "systolic_bp", "diastolic_bp", "heart_rate", "pregnancy_test", "igg4",
                "sirolimus_trough", "ecog", "karnofsky", "nyha_class", "tsh", "urine_protein_24h", "glucose"],
    "drug": ["prednisone", "hydroxychloroquine", "sirolimus", "rituximab", "obinutuzumab", "belimumab",
             "telitacicept", "eltrombopag", "romiplostim", "avatrombopag"],
    "drug_class": ["glucocorticoids", "systemic_antibiotics", "antiplatelets", "anticoagulants",
                   "tpo_receptor_agonists", "ivig", "immunosuppressants", "b_cell_inhibitors", "anti_cd20",
                   "antivirals", "lipid_lowering"],
    "condition": ["connective_tissue_disease", "antiphospholipid_syndrome", "catastrophic_aps", "thrombosis",
                  "venous_thrombosis", "arterial_thrombosis", "bleeding_disorder", "thrombotic_microangiopathy",
                  "active_infection", "pregnancy", "postpartum", "hyperlipidemia", "liver_dysfunction",
                  "renal_dysfunction", "sle", "sjogren", "rheumatoid_arthritis", "systemic_sclerosis",
                  "myositis", "mctd"],
}


def _table(kind):
    v = vocabulary()
    return {"analyte": v.analytes, "drug": v.drugs, "drug_class": v.drug_classes,
            "condition": v.condition_groups}[kind]


def test_vocabulary_is_cached():
    assert vocabulary() is vocabulary()


@pytest.mark.parametrize("kind", sorted(REQUIRED_IDS))
def test_required_ids_exist(kind):
    missing = [i for i in REQUIRED_IDS[kind] if i not in _table(kind)]
    assert missing == []


def test_age_is_not_an_analyte():
    assert "age" not in vocabulary().analytes


def test_record_types():
    v = vocabulary()
    assert isinstance(v.analytes["alt"], Analyte)
    assert isinstance(v.drugs["prednisone"], Drug)
    assert isinstance(v.drug_classes["glucocorticoids"], DrugClass)
    assert isinstance(v.condition_groups["thrombosis"], ConditionGroup)
    assert all(isinstance(t, Term) for t in v.terms())


def test_records_are_frozen():
    with pytest.raises(Exception):
        vocabulary().analytes["alt"].name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "text,kind,id_",
    [
        ("alanine aminotransferase", "analyte", "alt"), ("sgpt", "analyte", "alt"), ("alt", "analyte", "alt"),
        ("egfr", "analyte", "egfr"), ("estimated glomerular filtration rate", "analyte", "egfr"),
        ("platelet count", "analyte", "platelets"), ("platelets", "analyte", "platelets"),
        ("plt", "analyte", "platelets"), ("white blood cell count", "analyte", "wbc"), ("wbc", "analyte", "wbc"),
        ("hb", "analyte", "hemoglobin"), ("hgb", "analyte", "hemoglobin"), ("haemoglobin", "analyte", "hemoglobin"),
        ("low density lipoprotein cholesterol", "analyte", "ldl_cholesterol"), ("ldl-c", "analyte", "ldl_cholesterol"),
        ("anti-b2gp1 antibody", "analyte", "anti_b2gp1"), ("anti-β2-glycoprotein i", "analyte", "anti_b2gp1"),
        ("anti-cardiolipin antibody", "analyte", "anticardiolipin"),
        ("lupus anticoagulant", "analyte", "lupus_anticoagulant"),
        ("talitacicept", "drug", "telitacicept"), ("telitacicept", "drug", "telitacicept"),
        ("thrombopoietin receptor agonist", "drug_class", "tpo_receptor_agonists"),
        ("thrombopoietin receptor antagonist", "drug_class", "tpo_receptor_agonists"),
        ("thrombopoietin", "drug_class", "tpo_receptor_agonists"),
        ("intravenous immunoglobulin", "drug_class", "ivig"),
        ("b cell depletion therapy", "drug_class", "anti_cd20"),
        ("bleeding tendency", "condition", "bleeding_disorder"), ("infection", "condition", "active_infection"),
        ("plaquenil", "drug", "hydroxychloroquine"), ("glucocorticoids", "drug_class", "glucocorticoids"),
    ],
)
def test_surface_forms(text, kind, id_):
    assert Term(text=text, kind=kind, id=id_) in vocabulary().lookup(text)


def test_la_is_left_out_as_ambiguous():
    assert vocabulary().lookup("la") == ()


def test_every_id_is_its_own_term_and_terms_are_lower_case():
    v = vocabulary()
    texts = {(t.text, t.kind, t.id) for t in v.terms()}
    for kind in REQUIRED_IDS:
        for key in _table(kind):
            assert (key, kind, key) in texts
    assert all(t.text == t.text.lower() for t in v.terms())


def test_no_surface_form_names_two_things():
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for t in vocabulary().terms():
        if t.text in seen and seen[t.text] != (t.kind, t.id):
            clashes.append((t.text, seen[t.text], (t.kind, t.id)))
        seen.setdefault(t.text, (t.kind, t.id))
    assert clashes == []


def test_reference_range_by_sex_and_default_flag():
    v = vocabulary()
    male, female = v.reference_range("hemoglobin", "male"), v.reference_range("hemoglobin", "female")
    assert male is not None and female is not None and male.low > female.low
    assert male.default and male.unit == "g/dL" and male.source
    common = v.reference_range("platelets", None)
    assert common is not None and v.reference_range("platelets", "female") == common
    assert v.reference_range("lupus_anticoagulant", None) is None


def test_glucocorticoid_equivalence():
    gc = vocabulary().drug_classes["glucocorticoids"]
    assert gc.reference_drug == "prednisone"
    assert gc.equivalence["methylprednisolone"] == pytest.approx(1.25)
    assert gc.equivalence["dexamethasone"] == pytest.approx(6.67)
    assert gc.equivalence["hydrocortisone"] == pytest.approx(0.25)
    assert gc.equivalence["prednisolone"] == gc.equivalence["prednisone"] == 1.0
    assert set(gc.equivalence) <= set(gc.members)
    assert "oral" in gc.systemic_routes and "topical" not in gc.systemic_routes


def test_class_membership_follows_includes():
    v = vocabulary()
    assert {"rituximab", "obinutuzumab"} <= set(v.drug_classes["anti_cd20"].members)
    assert {"belimumab", "telitacicept", "rituximab"} <= set(v.drug_classes["b_cell_inhibitors"].members)
    assert {"eltrombopag", "romiplostim", "avatrombopag"} <= set(v.drug_classes["tpo_receptor_agonists"].members)
    assert "apixaban" in v.drug_classes["anticoagulants"].members
    assert "sirolimus" in v.drug_classes["immunosuppressants"].members
    assert "atorvastatin" in v.drug_classes["lipid_lowering"].members


def test_condition_groups_expand_and_match_codes():
    v = vocabulary()
    ctd = v.expand_condition("connective_tissue_disease")
    assert {"sle", "sjogren", "rheumatoid_arthritis", "systemic_sclerosis", "myositis", "mctd",
            "antiphospholipid_syndrome", "catastrophic_aps"} <= ctd
    assert {"venous_thrombosis", "arterial_thrombosis"} <= v.expand_condition("thrombosis")
    hand = {g for g in v.condition_groups_for_code("icd10", "M32.14") if not v.condition_groups[g].generated}
    assert hand == {"sle", "lupus_nephritis"}  # generated groups (autoimmune disease) may match too
    assert "antiphospholipid_syndrome" in v.condition_groups_for_code("icd10", "D68.61")
    assert "bleeding_disorder" not in v.condition_groups_for_code("icd10", "D68.61")
    assert v.condition_groups_for_code("snomed", "72892002") == {"pregnancy"}
    assert "connective_tissue_disease" in v.groups_containing("sle")


def test_lookup_by_code():
    v = vocabulary()
    assert v.analyte_for_loinc("38483-4").id == "creatinine"
    assert v.analyte_for_loinc("2160-0").id == "creatinine"
    assert v.analyte_for_loinc("0000-0") is None
    assert v.drug_for_rxnorm("8640").id == "prednisone"


def test_lab_defined_conditions_name_known_analytes():
    from screener.vocab import vocabulary

    v = vocabulary()
    table = v.lab_defined_conditions()
    assert table["thrombocytopenia"] == "platelets"
    assert table["neutropenia"] == "anc"
    assert all(a in v.analytes for a in table.values())
