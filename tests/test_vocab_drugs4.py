"""Drug vocabulary, round 4 (issue 5): classes and ingredients the LCT/Chia lines name that were unknown words,
left-out phrases or unmapped subjects: the interleukin-1 inhibitors (anakinra, canakinumab, rilonacept, "anti-IL-1"),
thrombolytics ("thrombolytic therapy", "fibrinolytics", tenecteplase), "psychoactive medications",
"anticonvulsive medication", "P2Y12 receptor antagonist", neomycin, quinine, niacin, bosentan, St. John's wort,
folic acid, melatonin, ... Real corpus lines compile to the drug they name; records decide the new classes through
their RxNorm code (quinine, CPIC's drug table) or their text (brand names); the drugs still left out stay out of the
lines that would read them wrongly."""

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
    ("Participant has prior exposure to anti-interleukin-1 (anti-IL-1) treatment within 3 months or 5 half-lives, "
     "whichever is longer, prior to baseline.", "exclusion",
     "received il1_inhibitors within 3 month or 5 half-lives whichever is longer"),
    ("Being treated with IL-1 inhibitor, other biological agents and immunosuppressants", "exclusion",
     "(taking il1_inhibitors) or (taking biologics) or (taking immunosuppressants)"),
    ("Thrombolytic therapy within 24 hours before randomization", "exclusion",
     "received thrombolytics within 24 hour"),
    ("Fibrinolytics within 24 hours", "exclusion", "received thrombolytics within 24 hour"),
    ("Known allergic reactions to tenecteplase, clopidogrel, enoxaparin and aspirin", "exclusion",
     "(allergy to tenecteplase) or (allergy to clopidogrel) or (allergy to enoxaparin) or (allergy to aspirin)"),
    ("On treatment with a P2Y12 receptor antagonist (ticlopidine, clopidogrel, prasugrel, ticagrelor) in the prior "
     "10 days", "exclusion", "received p2y12_inhibitors within 10 day"),
    ("Treatment with psychoactive drugs", "exclusion", "taking psychotropics"),
    ("Allergy to the vaccine compounds, as egg, neomycin and gelatin.", "exclusion",
     "(allergy to egg) or (allergy to neomycin) or (allergy to gelatin)"),
    ("Drug allergies to quinine sulfate or rosiglitazone", "exclusion",
     "(allergy to quinine) or (allergy to rosiglitazone)"),
    ("Niacin", "exclusion", "taking niacin"),
    ("Lidocaine or Niacin/Niaspan allergy", "exclusion", "(allergy to lidocaine) or (allergy to niacin)"),
    ("Bosentan", "exclusion", "taking bosentan"),
    ("St. John's wort", "exclusion", "taking st_johns_wort"),
    ("treatment with folic acid", "inclusion", "taking folic_acid"),
    ("Are not currently taking melatonin.", "inclusion", "not (taking melatonin)"),
    ("Patients with a known allergy to ketamine or etomidate.", "exclusion",
     "(allergy to ketamine) or (allergy to etomidate)"),
    ("History of allergy or hypersensitivity to Sugammadex and/or atropine or Neostigmine", "exclusion",
     "(history of allergy to sugammadex) or (history of allergy to atropine) or (history of allergy to neostigmine)"),
    ("Known allergy/ hypersensitivity reaction to Brimonidine", "exclusion", "allergy to brimonidine"),
])
def test_corpus_lines_compile_fully(text, role, canonical):
    c = line(text, role)
    assert c.status == "compiled", c.diagnostics
    assert c.canonical == canonical


@pytest.mark.parametrize("text, role, canonical", [
    ("allergy to fosfomycin and/or trometamol", "exclusion", "allergy to fosfomycin"),
    ("Known allergies to midodrine hydrochloride;", "exclusion", "allergy to midodrine"),
    ("Hypersensitivity or allergic reaction to regadenoson or adenosine", "exclusion", "allergy to regadenoson"),
    ("Use of a fibrinolytic agent, surgical thrombectomy, interventional (catheter-directed) thrombus aspiration or "
     "lysis, or use of a cava filter to treat the index episode of PE", "exclusion", "taking thrombolytics"),
    ("Babies who have received phenobarbitone or any other anticonvulsive medication before hospitalization",
     "exclusion", "(received phenobarbital) or (received antiepileptics)"),
    ("Long term use of aspirin or P2Y12 receptor antagonist within 1month", "exclusion",
     "(received aspirin within 1 month) or (received p2y12_inhibitors within 1 month)"),
    ("Treatment with rifaximin or neomycin in the previous 7 days.", "exclusion",
     "(received rifaximin within 7 day) or (received neomycin within 7 day)"),
    ("Allergy to used drugs (PEG, neomycin, metronidazole)", "exclusion",
     "(allergy to neomycin) or (allergy to metronidazole)"),
    ("Use of Ginkgo biloba or St. John's Wort within 14 days before first dose of study drug", "exclusion",
     "received st_johns_wort within 14 day"),
    ("Regular usage of folic acid supplements or compounds containing folic acid in the past 3 months;", "exclusion",
     "received folic_acid within 3 month"),
    ("Patients who are on cyclosporine, bosentan, or potassium sparing diuretic.", "exclusion",
     "(taking cyclosporine) or (taking bosentan)"),
])
def test_corpus_lines_read_the_drug_they_name(text, role, canonical):
    assert line(text, role).canonical == canonical


@pytest.mark.parametrize("text, role, part", [
    ("Have a history of taking drugs that can influence uric acid metabolic including gout suppressant, diuretic, "
     "small-dose aspirin (75~300mg/d) or large-dose aspirin (＞3g/d), anti-tuberculosis drugs, immunosuppressor, "
     "nicotinic acid and anti-tumor drugs such as cyclophosphamide and so on.", "exclusion", "(taking niacin)"),
    ("Ongoing therapy with any of the following: Systemic corticosteroids. Short course less than or equal to 21 days "
     "of corticosteroids is allowed; Systemic chemotherapeutic agents; Nephrotoxic systemic agents, including "
     "aminoglycosides, amphotericin B, cidofovir, cisplatin, foscarnet, pentamidine; Immunomodulatory treatments "
     "including Interleukin-2; Investigational agents", "exclusion",
     "(taking amphotericin_b) or (taking cidofovir)"),
    ("Acute or severe medical illness, i.e., delirium, metastatic cancer, decompensated cardiac, liver or kidney "
     "failure, major surgery, stroke or myocardial infarction during the three months prior to entry; or use of drugs "
     "known to cause depression, e.g., reserpine, alpha-methyl-dopa, steroids, sympathomimetics withdrawal;",
     "exclusion", "(taking reserpine)"),
    ("The participant has received transcranial magnetic stimulation within 6 months.The participant has received "
     "selegiline, pethidine, tramadol, reserpine or methyldopa within 90 days.", "exclusion", "(taking reserpine)"),
    ("contraindications from manufacturer for medications including currently taking haloperidol, artane, Phenergan "
     "(Promethazine), chlorpromazine, erythromycin, Azithromycin, clarithromycin, Ketoconazole, fluconazole, "
     "mefloquine (as prophylaxis), lumefantrine (in Coartem), quinine, Septrin", "exclusion", "(taking quinine)"),
    ("Contra-indications to muscle relaxants: 1) Concurrent use of centrally acting opioids; 2) Renal impairment; "
     "3) Liver abnormality including cirrhosis or elevated enzymes 4) Use of any of the following medications: "
     "fluvoxamine, fluoroquinolones, amiodarone, mexiletine, propafenone, verapamil, cimetidine, famotidine, "
     "acyclovir, ticlopidine, oral contraceptive pills", "exclusion", "(taking mexiletine)"),
    ("Concomitant treatment by leflunomide, cidofovir, sirolimus, Millepertuis (Hypericum Perforatum)", "exclusion",
     "(taking st_johns_wort)"),
    ("Cyclosporine; St. John's Wort; Efavirenz; Phenytoin; Carbamazepine; Bosentan; HIV protease inhibitors; "
     "modafinil; ketoconazole; or rifampin use within 7 days of enrollment", "exclusion",
     "(taking st_johns_wort) or (taking efavirenz) or (taking phenytoin) or (taking carbamazepine) or "
     "(taking bosentan)"),
    ("A documented history of severe Symptomatic Orthostatic Hypotension (SOH) that, in the judgment of the treating "
     "physician, has required treatment with midodrine HCl , and has been at a stable dose for at least 3 months.",
     "inclusion", "(taking midodrine)"),
    ("History of allergies to enalapril, folic acid or other components of the compound drug;", "exclusion",
     "(history of allergy to folic_acid)"),
])
def test_corpus_lines_name_the_drug_among_others(text, role, part):
    assert part in (line(text, role).canonical or "")


@pytest.mark.parametrize("text, role", [
    # progesterone is left out: the receptor and the lab value would read as a progesterone dose
    ("histologically confirmed triple negative breast cancer (ER (Estrogen Receptors) < 1%, PgR (Progesterone "
     "Receptors) < 1%, HER2/neu negative (IHC 0, 1+ or 2+ FISH negative).", "inclusion"),
    ("Congenital adrenal hyperplasia (17-OH-progesterone> 2.5 ng / mL)", "exclusion"),
    # irinotecan, iloprost (Ventavis) are left out: these lines would read as taking them
    ("Patients taking substrates, inhibitors, or inducers of cytochrome P450, family 3, subfamily A, polypeptide 4 "
     "(CYP3A4) should be encouraged to switch to alternative drugs whenever possible, given the potential for "
     "drug-drug interactions with irinotecan", "inclusion"),
    ("The treating physician has chosen Ventavis as a suitable long-term treatment for the patient", "inclusion"),
    # "cART" (combination antiretroviral therapy) is not a synonym: a shopping cart is no drug
    ("Patient feels relief when using a shopping cart of bicycle", "inclusion"),
])
def test_lines_of_left_out_drugs_hold_no_drug_rule(text, role):
    c = line(text, role)
    assert c.rule is None or not any(isinstance(r, (ir.DrugUse, ir.DrugDose)) for r in ir.walk(c.rule)), c.canonical


@pytest.mark.parametrize("text, role, canonical", [
    # colistin, temozolomide, antiretrovirals left out: these lines would lose the reading they have
    ("Patient in sepsis and colistin was administered empirically to increase antibiotic coverage.", "inclusion",
     "(sepsis) and (taking systemic_antibiotics)"),
    ("Patients evaluated for residual or recurrent gliomas after initial tumor surgery, external beam radiation and / "
     "or chemotherapy with temozolamide.", "inclusion", "taking chemotherapy"),
    ("HIV infected participants who are on anti-retroviral drugs", "exclusion", "hiv"),
    ("Any condition that prevents participation in the study, including pregnancy and other contraindications for "
     "Ventavis treatment (as listed in the current Ventavis Summary of Product Characteristics and patient package "
     "insert)", "exclusion", '(pregnancy) or (manual "other condition")'),
])
def test_left_out_drugs_keep_other_readings(text, role, canonical):
    assert line(text, role).canonical == canonical


# ---- the data ----------------------------------------------------------------------------------

def test_new_classes_hold_their_members():
    v = vocabulary()
    members = {cid: set(c.members) for cid, c in v.drug_classes.items()}
    assert members["il1_inhibitors"] == {"anakinra", "canakinumab", "rilonacept"}
    assert members["il1_inhibitors"] <= members["biologics"]
    assert "il1_inhibitors" in v.drug_classes["biologics"].includes
    assert members["thrombolytics"] == {"alteplase", "tenecteplase", "reteplase", "streptokinase", "urokinase"}
    assert "fosfomycin" in members["systemic_antibiotics"]
    assert "mexiletine" in members["antiarrhythmics"]
    assert "etomidate" in members["general_anesthetics"]
    assert "cidofovir" in members["antivirals"]
    # St. John's wort is a strong CYP3A inducer in some tables and a moderate one in others: not listed
    assert "st_johns_wort" not in members["strong_cyp3a_inducers"]
    # each class's source says what it covers
    assert "anakinra" in v.drug_classes["il1_inhibitors"].source
    assert "B01AD" in v.drug_classes["thrombolytics"].source and "not listed" in v.drug_classes["thrombolytics"].source
    assert "not listed" in v.drug_classes["biologics"].source
    for did in ("neomycin", "quinine", "bosentan", "regadenoson", "niacin", "amphotericin_b", "midodrine",
                "reserpine", "brimonidine", "neostigmine", "st_johns_wort", "melatonin", "folic_acid"):
        assert did in v.drugs, did


@pytest.mark.parametrize("text, kind, target", [
    ("il-1 inhibitors", "drug_class", "il1_inhibitors"),
    ("anti-interleukin-1", "drug_class", "il1_inhibitors"),
    ("kineret", "drug", "anakinra"),
    ("ilaris", "drug", "canakinumab"),
    ("arcalyst", "drug", "rilonacept"),
    ("fibrinolytics", "drug_class", "thrombolytics"),
    ("thrombolytic therapy", "drug_class", "thrombolytics"),
    ("rt-pa", "drug", "alteplase"),
    ("tnkase", "drug", "tenecteplase"),
    ("psychoactive medications", "drug_class", "psychotropics"),
    ("anticonvulsive medication", "drug_class", "antiepileptics"),
    ("antidepressive agents", "drug_class", "antidepressants"),
    ("p2y12 receptor antagonist", "drug_class", "p2y12_inhibitors"),
    ("nicotinic acid", "drug", "niacin"),
    ("hypericum perforatum", "drug", "st_johns_wort"),
    ("amphotericin", "drug", "amphotericin_b"),
    ("quinine sulfate", "drug", "quinine"),
])
def test_surface_forms(text, kind, target):
    assert any(t.kind == kind and t.id == target for t in vocabulary().lookup(text)), vocabulary().lookup(text)


def test_quinine_code_binds_to_the_ingredient():
    assert vocabulary().drug_for_rxnorm("9071").id == "quinine"


def test_left_out_drugs_are_not_in_the_vocabulary():
    v = vocabulary()
    for did in ("progesterone", "colistin", "temozolomide", "treprostinil", "iloprost", "irinotecan", "protamine",
                "chlorhexidine", "abiraterone", "adefovir", "busulfan", "venetoclax", "gentamicin", "dapsone",
                "bevacizumab", "trastuzumab"):
        assert did not in v.drugs, did
    assert "antiretrovirals" not in v.drug_classes
    for text in ("cart", "hormone therapy", "hormonal therapy", "ventavis", "temozolamide"):
        assert not any(t.kind in ("drug", "drug_class") for t in v.lookup(text)), text


# ---- records -----------------------------------------------------------------------------------

_patient = medication_patient


@pytest.mark.parametrize("resource", ["MedicationStatement", "MedicationRequest"])
@pytest.mark.parametrize("code, display, rule_text, value", [
    ("", "Kineret 100 mg/0.67 mL solution for injection", "taking il-1 inhibitors", True),
    ("", "Kineret 100 mg/0.67 mL solution for injection", "taking biologics", True),
    ("", "Ilaris 150 mg powder for solution for injection", "taking il-1 inhibitors", True),
    ("", "Activase 100 mg injection", "taking thrombolytics", True),
    ("", "Activase 100 mg injection", "taking anticoagulants", False),
    ("9071", "quinine sulfate 324 MG Oral Capsule", "taking quinine", True),
    ("9071", "quinine sulfate 324 MG Oral Capsule", "taking il-1 inhibitors", False),
    ("36437", "sertraline", "taking psychoactive medications", True),
])
def test_records_decide_the_new_classes(tmp_path, resource, code, display, rule_text, value):
    p = _patient(tmp_path, code, display, resource)
    out = RuleEvaluator(PatientFacts(p, AS_OF), DEFAULT_POLICY, "E1").eval(compile_rule(rule_text))
    assert out.value is value, (rule_text, out.why)
