"""Drug vocabulary, batch 1 (issue 5): anaesthetics, analgesics, antibiotics, antifungals, contrast media and
the classes criteria name. Real LCT/Chia lines compile to the drug, class or allergy rule they mean; coded
FHIR records bind to the ingredients through their RxNorm codes; no new surface form swallows a lab or a
word that means something else."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import pytest

from screener import ir
from screener.compile import compile_rule
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import RuleEvaluator
from screener.records.bind import bind_patient
from screener.records.load import load_paths
from screener.vocab import vocabulary
from tests.lines import line

AS_OF = dt.date(2026, 11, 23)
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"



# ---- real corpus lines -------------------------------------------------------------------------

@pytest.mark.parametrize("text, canonical", [
    ("Patients allergic to bupivacaine", "allergy to bupivacaine"),
    ("Allergy to local anesthetics", "allergy to local_anesthetics"),
    ("Known local anesthetics and opioid allergy", "(allergy to local_anesthetics) or (allergy to opioids)"),
    ("Allergy to ropivacaine, bupivacaine, or other local anesthetic agents",
     "(allergy to ropivacaine) or (allergy to bupivacaine) or (allergy to local_anesthetics)"),
    ("Allergies to propofol", "allergy to propofol"),
    ("Known allergy or hypersensitivity reaction to dexmedetomidine", "allergy to dexmedetomidine"),
    ("Allergy/hypersensitivity to acetaminophen", "allergy to acetaminophen"),
    ("Allergy to TXA", "allergy to tranexamic_acid"),
    ("Patient allergic to a penicillin or a carbapenem", "(allergy to penicillins) or (allergy to carbapenems)"),
    ("Beta-lactam allergy", "allergy to beta_lactams"),
    ("Allergy to acetazolamide and other sulfonamides.", "(allergy to acetazolamide) or (allergy to sulfonamides)"),
    ("Patients with any allergy to iodinated contrast", "allergy to iodinated_contrast_media"),
    ("Known hypersensitivity to rifampin or rifabutin.", "(allergy to rifampin) or (allergy to rifabutin)"),
    ("Current use of gabapentin or pregabalin", "(taking gabapentin) or (taking pregabalin)"),
    ("Ongoing treatment with analgesics", "taking analgesics"),
    ("Antifungals: itraconazole, ketoconazole, voriconazole",
     "(taking itraconazole) or (taking ketoconazole) or (taking voriconazole)"),
    ("Monoamine oxidase inhibitors (MAOi)", "taking maois"),
])
def test_corpus_lines_compile_fully(text, canonical):
    c = line(text)
    assert c.status == "compiled", c.diagnostics
    assert c.canonical == canonical


@pytest.mark.parametrize("text, canonical", [
    ("Paracetamol ingestion in the previous 48 hours", "received acetaminophen within 48 hour"),
    ("Use of monoamine oxidase inhibitors 21 days prior to study", "received maois within 21 day"),
    # "opioid pain medications" stays opioids, not the wider analgesics
    ("Patients who have taken opioid pain medications in the past 3 months prior to surgical procedure",
     "received opioids within 3 month"),
    # an adverse reaction is an intolerance (allergy kind), not taking the drug
    ("Taking a tetracycline within 6 months or history of adverse reaction to minocycline or another tetracycline.",
     "(received tetracyclines within 6 month) or ((history of allergy to minocycline) or "
     "(history of allergy to tetracyclines))"),
])
def test_corpus_lines_read_the_drug_they_name(text, canonical):
    assert line(text).canonical == canonical


def test_an_allergy_to_a_new_drug_is_never_taking_it():
    for text in ("Allergy to tranexamic acid;", "patients allergic to granisetron.", "Tobramycin allergy"):
        rule = line(text).rule
        assert any(isinstance(r, ir.Allergy) for r in ir.walk(rule)), text
        assert not any(isinstance(r, ir.DrugUse) for r in ir.walk(rule)), text


@pytest.mark.parametrize("text", [
    # a lesion that enhances with gadolinium is imaging, not a drug taken
    ("Any new or definitely enlarging T2/FLAIR lesion or new gadolinium-enhancing lesion within the past three "
     "years (at least two scans separated by at least three years must be reviewed) on brain or spine MRI scan."),
    "Inability to undergo MRI with gadolinium administration",
    # "with or without use of fibrate" sets no condition on fibrates
    "Triglycerides > 500 mg/dl with or without use of fibrate;",
    # "contrast" alone is not a drug
    ("Using a nephrotoxic agent in the past 48 hours or exposure to a contrast agent in the past 7 days prior to "
     "cardiac catheterization."),
])
def test_words_that_are_not_drugs_stay_out_of_drug_rules(text):
    c = line(text)
    assert c.rule is None or not any(isinstance(r, (ir.DrugUse, ir.Allergy)) for r in ir.walk(c.rule)), c.canonical


# ---- the data ----------------------------------------------------------------------------------

def test_classes_hold_their_members():
    v = vocabulary()
    members = {cid: set(c.members) for cid, c in v.drug_classes.items()}
    assert {"bupivacaine", "ropivacaine", "prilocaine", "procaine"} <= members["local_anesthetics"]
    assert {"propofol", "sevoflurane", "bupivacaine"} <= members["anesthetics"]
    assert {"amoxicillin", "ampicillin", "cefazolin", "ceftriaxone", "meropenem"} <= members["beta_lactams"]
    assert {"acetaminophen", "morphine", "ibuprofen"} <= members["analgesics"]
    assert {"ketoconazole", "clarithromycin", "ritonavir"} <= members["strong_cyp3a_inhibitors"]
    assert {"rifampin", "carbamazepine", "phenytoin"} <= members["strong_cyp3a_inducers"]
    assert {"sulfamethoxazole_trimethoprim", "sulfasalazine"} <= members["sulfonamides"]
    assert {"iohexol", "iodixanol"} == members["iodinated_contrast_media"]
    assert "acetaminophen" not in members["opioids"]


@pytest.mark.parametrize("code, drug", [
    ("1815", "bupivacaine"), ("8782", "propofol"), ("161", "acetaminophen"), ("35780", "ropivacaine"),
    ("48937", "dexmedetomidine"), ("9384", "rifampin"), ("6135", "ketoconazole"), ("5956", "iohexol"),
    ("313782", "acetaminophen"),  # the Synthea corpus's clinical drug code, through rxnorm_products.csv
])
def test_rxnorm_codes_bind_to_the_ingredient(code, drug):
    assert vocabulary().drug_for_rxnorm(code).id == drug


def test_every_new_code_names_the_list_it_was_checked_in():
    for d in vocabulary().drugs.values():
        if d.rxnorm and "from memory" not in (d.rxnorm_source or ""):
            assert "cpic-data db/drug.sql" in d.rxnorm_source or "PharmGKB" in d.rxnorm_source, d.id


def test_no_drug_surface_form_is_shared_or_shadows_a_lab():
    v = vocabulary()
    kinds = defaultdict(set)
    for t in v.terms():
        kinds[t.text].add((t.kind, t.id))
    shared = {text: ids for text, ids in kinds.items()
              if len(ids) > 1 and any(k in ("drug", "drug_class") for k, _ in ids)}
    assert shared == {}
    for text in ("contrast", "gadolinium", "iron", "vitamin d", "magnesium", "testosterone", "platinum"):
        assert not any(t.kind in ("drug", "drug_class") for t in v.lookup(text)), text


# ---- records -----------------------------------------------------------------------------------

def _bundle(tmp_path):
    subject = {"reference": "urn:uuid:p1"}
    active = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                          "code": "active"}]}

    def allergy(rid, code, display):
        return {"resourceType": "AllergyIntolerance", "id": rid, "patient": subject, "clinicalStatus": active,
                "code": {"coding": [{"system": RXNORM, "code": code, "display": display}]},
                "recordedDate": "2020-05-01"}

    entries = [
        {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                 "birthDate": "1980-01-01"}},
        {"resource": {"resourceType": "MedicationStatement", "id": "m1", "status": "active", "subject": subject,
                      "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": "8782",
                                                                 "display": "propofol"}]},
                      "effectivePeriod": {"start": "2026-11-20"}}},
        {"resource": allergy("a1", "161", "acetaminophen")},
        {"resource": allergy("a2", "1815", "bupivacaine")},
    ]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}), encoding="utf-8")
    return bind_patient(load_paths([path])[0])


@pytest.mark.parametrize("rule_text, value", [
    ("taking propofol", True),
    ("taking sedatives", True),  # propofol is one
    ("taking dexmedetomidine", False),
    ("allergy to acetaminophen", True),
    ("allergy to analgesics", True),  # a record of acetaminophen is an allergy within the class
    ("allergy to local anesthetics", True),  # through bupivacaine
    ("allergy to penicillin", False),
])
def test_coded_fhir_records_bind_to_the_drugs(tmp_path, rule_text, value):
    p = _bundle(tmp_path)
    assert [m.drug for m in p.medications] == ["propofol"]
    assert sorted(a for rec in p.allergies for a in rec.agents) == ["acetaminophen", "bupivacaine"]
    out = RuleEvaluator(PatientFacts(p, AS_OF), DEFAULT_POLICY, "E1").eval(compile_rule(rule_text))
    assert out.value is value, (rule_text, out.why)
