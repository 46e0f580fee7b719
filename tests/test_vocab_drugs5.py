"""Drug vocabulary, round 5 (issue 5): classes and ingredients whose unknown names alone kept LCT/Chia lines from
compiling whole: the glycoprotein IIb/IIIa inhibitors (WHO ATC B01AC: abciximab, eptifibatide, tirofiban), the
aldosterone antagonists (ATC C03DA: spironolactone, eplerenone; finerenone), the long-acting beta2-agonists ("LABA"),
"class I or III antiarrhythmic drugs"/"class I or III AAD", and single ingredients (brentuximab vedotin, amisulpride,
capsaicin, mebendazole, tandospirone, ganaxolone, resveratrol, salmeterol; "frusemide"). Real corpus lines compile to
the drug they name; records decide the new classes through their RxNorm code (PharmGKB's and CPIC's drug lists) or
their text (brand names); the phrases still left out stay out of the vocabulary."""

from __future__ import annotations

import datetime as dt

import pytest

from screener import ir
from screener.compile import compile_rule
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import RuleEvaluator
from screener.vocab import vocabulary
from tests.lines import line
from tests.medication_records import medication_patient

AS_OF = dt.date(2026, 11, 23)


# ---- real corpus lines -------------------------------------------------------------------------

@pytest.mark.parametrize("text, role, canonical", [
    ("Current treatment with glycoproteins IIb-IIIa inhibitors", "inclusion", "taking gp2b3a_inhibitors"),
    ("Treatment with glycoprotein IIb/IIIa inhibitors", "exclusion", "taking gp2b3a_inhibitors"),
    ("current treatment with an aldosterone antagonist", "exclusion", "taking aldosterone_antagonists"),
    ("LABA treatment within the 2 weeks preceding the study.", "exclusion", "received labas within 2 week"),
    ("Treatment with class I or III antiarrhythmic drugs", "exclusion", "taking antiarrhythmics"),
    ("Previous treatment with brentuximab vedotin.", "exclusion", "received brentuximab_vedotin"),
    ("Amisulpride allergy.", "exclusion", "allergy to amisulpride"),
    ("allergic to capsaicin", "exclusion", "allergy to capsaicin"),
    ("Allergy to mebendazole.", "exclusion", "allergy to mebendazole"),
    ("History of allergic or hypersensitivity to tandospirone", "exclusion", "history of allergy to tandospirone"),
    ("Previous exposure to ganaxolone", "exclusion", "received ganaxolone"),
    ("Current use of resveratrol", "exclusion", "taking resveratrol"),
])
def test_corpus_lines_compile_fully(text, role, canonical):
    c = line(text, role)
    assert c.status == "compiled", c.diagnostics
    assert c.canonical == canonical


@pytest.mark.parametrize("text, role, part", [
    ("History of allergic reaction to abciximab or eptifibatide or any component used in the study (including "
     "contrast media)", "exclusion", "(history of allergy to abciximab) or (history of allergy to eptifibatide)"),
    ("History or presence of clinically significant drug sensitivity or clinically significant allergic reaction to "
     "corticosteroids or salmeterol.", "exclusion", "(allergy to glucocorticoids) or (allergy to salmeterol)"),
    ("Allergy to IV frusemide.", "exclusion", "allergy to furosemide"),
    ("need for treatment with a class I or III AAD for another indication", "exclusion", "taking antiarrhythmics"),
])
def test_corpus_lines_name_the_drug(text, role, part):
    assert part in (line(text, role).canonical or "")


@pytest.mark.parametrize("text, role", [
    # "TCZ" (tocilizumab) is not a synonym: "besides TCZ" would read as having received tocilizumab
    ("Treatment with any other investigational agent besides TCZ within 12 weeks (or 5 half-lives of the "
     "investigational drug, whichever is longer) prior to screening;", "exclusion"),
    # "nucleoside/nucleotide analogues" is wider than the HBV drugs the line means (aciclovir, gemcitabine, ...)
    ("Do not receive nucleotide/nucleoside analogues treatment in the past half year.", "inclusion"),
    # nicotine is left out: most lines name it as a dependence or a tobacco product
    ("No history of adverse reactions to nicotine", "inclusion"),
])
def test_lines_of_left_out_phrases_hold_no_drug_rule(text, role):
    c = line(text, role)
    assert c.rule is None or not any(isinstance(r, (ir.DrugUse, ir.DrugDose)) for r in ir.walk(c.rule)), c.canonical


# ---- the data ----------------------------------------------------------------------------------

def test_new_classes_hold_their_members():
    v = vocabulary()
    members = {cid: set(c.members) for cid, c in v.drug_classes.items()}
    assert members["gp2b3a_inhibitors"] == {"abciximab", "eptifibatide", "tirofiban"}
    assert members["gp2b3a_inhibitors"] <= members["antiplatelets"]
    assert "gp2b3a_inhibitors" in v.drug_classes["antiplatelets"].includes
    assert members["aldosterone_antagonists"] == {"spironolactone", "eplerenone", "finerenone"}
    # the diuretics class is left as it was (finerenone is no diuretic)
    assert "eplerenone" not in members["diuretics"] and "finerenone" not in members["diuretics"]
    assert members["labas"] == {"salmeterol", "formoterol", "arformoterol", "indacaterol", "olodaterol", "vilanterol"}
    assert "salbutamol" not in members["labas"]
    # "class I or III" names the same list: every antiarrhythmics member is class I or class III
    assert members["antiarrhythmics"] == {"amiodarone", "dronedarone", "flecainide", "lidocaine", "mexiletine",
                                          "procainamide", "propafenone", "quinidine", "sotalol"}
    assert "B01AC" in v.drug_classes["gp2b3a_inhibitors"].source
    assert "C03DA" in v.drug_classes["aldosterone_antagonists"].source
    assert "not listed" in v.drug_classes["aldosterone_antagonists"].source
    assert "LABA" in v.drug_classes["labas"].source
    assert "Vaughan-Williams" in v.drug_classes["antiarrhythmics"].source
    for did in ("brentuximab_vedotin", "amisulpride", "capsaicin", "mebendazole", "tandospirone", "ganaxolone",
                "resveratrol"):
        assert did in v.drugs, did


@pytest.mark.parametrize("text, kind, target", [
    ("glycoprotein iib/iiia inhibitors", "drug_class", "gp2b3a_inhibitors"),
    ("gp iib/iiia inhibitors", "drug_class", "gp2b3a_inhibitors"),
    ("reopro", "drug", "abciximab"),
    ("integrilin", "drug", "eptifibatide"),
    ("aggrastat", "drug", "tirofiban"),
    ("mineralocorticoid receptor antagonists", "drug_class", "aldosterone_antagonists"),
    ("inspra", "drug", "eplerenone"),
    ("kerendia", "drug", "finerenone"),
    ("laba", "drug_class", "labas"),
    ("long-acting beta-agonists", "drug_class", "labas"),
    ("serevent", "drug", "salmeterol"),
    ("eformoterol", "drug", "formoterol"),
    ("class i or iii aad", "drug_class", "antiarrhythmics"),
    ("frusemide", "drug", "furosemide"),
    ("adcetris", "drug", "brentuximab_vedotin"),
])
def test_surface_forms(text, kind, target):
    assert any(t.kind == kind and t.id == target for t in vocabulary().lookup(text)), vocabulary().lookup(text)


@pytest.mark.parametrize("code, drug", [("83929", "abciximab"), ("75635", "eptifibatide"), ("298869", "eplerenone"),
                                        ("36117", "salmeterol")])
def test_codes_bind_to_the_ingredients(code, drug):
    assert vocabulary().drug_for_rxnorm(code).id == drug


def test_left_out_phrases_are_not_in_the_vocabulary():
    v = vocabulary()
    for text in ("tcz", "kuvan", "nicotine", "probiotics", "probiotic", "nucleoside analogues", "oral antiseptics",
                 "fish oil", "essential oils", "flavonoid", "anti-secretory drugs", "aad", "iodides", "gemtuzumab"):
        assert not any(t.kind in ("drug", "drug_class") for t in v.lookup(text)), text


# ---- records -----------------------------------------------------------------------------------

@pytest.mark.parametrize("resource", ["MedicationStatement", "MedicationRequest"])
@pytest.mark.parametrize("code, display, rule_text, value", [
    ("75635", "eptifibatide 0.75 MG/ML Injectable Solution", "taking glycoprotein iib/iiia inhibitors", True),
    ("75635", "eptifibatide 0.75 MG/ML Injectable Solution", "taking antiplatelet agents", True),
    ("", "Aggrastat 50 mcg/mL injection", "taking gp iib/iiia inhibitors", True),
    ("", "Aggrastat 50 mcg/mL injection", "taking aldosterone antagonists", False),
    ("298869", "eplerenone 25 MG Oral Tablet", "taking aldosterone antagonists", True),
    ("298869", "eplerenone 25 MG Oral Tablet", "taking diuretics", False),
    ("9997", "spironolactone 25 MG Oral Tablet", "taking mineralocorticoid receptor antagonists", True),
    ("36117", "salmeterol 0.05 MG/ACTUAT Dry Powder Inhaler", "taking laba", True),
    ("435", "albuterol 0.09 MG/ACTUAT Metered Dose Inhaler", "taking laba", False),
    ("", "Adcetris 50 mg powder for solution", "taking brentuximab vedotin", True),
])
def test_records_decide_the_new_entries(tmp_path, resource, code, display, rule_text, value):
    p = medication_patient(tmp_path, code, display, resource)
    out = RuleEvaluator(PatientFacts(p, AS_OF), DEFAULT_POLICY, "E1").eval(compile_rule(rule_text))
    assert out.value is value, (rule_text, out.why)
