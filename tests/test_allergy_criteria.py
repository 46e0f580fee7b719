"""Allergy criteria as registries write them (issue 5): real LCT/Chia lines -> rules.

- An allergy to the trial's own product ("allergy to study drugs", "any of the excipients") is in no
  record: that part is a manual check naming it (screener/parse/allergies.py).
- More wordings of an allergy ("hypersensitivity for", "allergic history to", "allergy against").
- A severity before an allergy is left out (an Allergy rule has none): the line is partial and says so.
- Allergens of screener/data/allergens.csv decide FHIR AllergyIntolerance records by their SNOMED CT
  codes, in both engines.
"""

from __future__ import annotations

import datetime as dt

import pytest

from screener import ir
from screener.parse.allergies import PRODUCT_REASON
from tests.both_engines import screen_both
from tests.lines import line

AS_OF = dt.date(2026, 11, 23)


def _manual(text: str) -> str:
    return f'manual "{PRODUCT_REASON}{text}"'


# ---- the trial's own product: a manual check ----------------------------------------------------

@pytest.mark.parametrize("text, reason", [
    ("allergy to study drugs", "allergy to study drugs"),
    ("history of hypersensitivity to test drugs", "history of hypersensitivity to test drugs"),
    ("Allergies to study drugs.", "Allergies to study drugs"),
    ("Known allergy to tested drugs", "allergy to tested drugs"),
    ("Allergy to the product under study", "Allergy to the product under study"),
    ("Patients allergic to any medication given in either arm", "allergic to any medication given in either arm"),
    ("Known hypersensitivity to vaginal progesterone or its excipients",
     "hypersensitivity to vaginal progesterone or its excipients"),
    ("Hypersensitivity to the active substance or to any of the excipients.",
     "Hypersensitivity to the active substance or to any of the excipients"),
    ("Known or suspected allergy to trial product(s) or related products",
     "Known or suspected allergy to trial product(s) or related products"),
    ("allergy to any of the drugs used in this study", "allergy to any of the drugs used in this study"),
    ("Hypersensitivity or allergy to one of the study drugs", "Hypersensitivity or allergy to one of the study drugs"),
    ("Hypersensitivity to apomorphine or one of the excipients",  # apomorphine: not a drug of ours
     "Hypersensitivity to apomorphine or one of the excipients"),
    ("Allergic to studied drugs or metal materials.", "Allergic to studied drugs or metal materials"),
    # an inclusion: the check says "no" as the line does
    ("no previously demonstrated clinically significant allergy or hypersensitivity to any of the excipients of the "
     "investigational medication administered in this trial",
     "no previously demonstrated clinically significant allergy or hypersensitivity to any of the excipients of the "
     "investigational medication administered in this trial"),
    # what the allergy word goes on to is part of the same check, never a diagnosis of its own
    ("Hypersensitivity to the active substance or to any of the excipients or to E. coli derived proteins",
     "Hypersensitivity to the active substance or to any of the excipients or to E. coli derived proteins"),
])
def test_an_allergy_to_the_trial_product_is_a_manual_check(text, reason):
    c = line(text)
    assert c.status == "compiled", c.diagnostics
    assert c.canonical == _manual(reason)
    assert any(d.code == "rule.manual" for d in c.diagnostics)


@pytest.mark.parametrize("text, canonical", [
    # the drug named beside its excipients is read; the excipients are the manual part
    ("Hypersensitivity to semaglutide or to any of the excipients",
     f"(allergy to semaglutide) or ({_manual('any of the excipients')})"),
    ("Hypersensitivity to Sandostatin or any component of the formulation.",
     f"(allergy to octreotide) or ({_manual('any component of the formulation')})"),
    ("Known hypersensitivity to clopidogrel or ticagrelor or any of its components",
     f"((allergy to clopidogrel) or (allergy to ticagrelor)) or ({_manual('any of its components')})"),
    ("Patients allergic to metronidazole, or to any of the components of commercial formulations thereof (Flagyl®).",
     "(allergy to metronidazole) or "
     f"({_manual('any of the components of commercial formulations thereof')})"),
])
def test_a_named_drug_is_read_beside_the_manual_part(text, canonical):
    c = line(text)
    assert c.canonical == canonical
    # never "taking metronidazole": a drug named in an allergy is not a drug taken
    assert not any(isinstance(r, ir.DrugUse) for r in ir.walk(c.rule))


@pytest.mark.parametrize("text, status, canonical, left_out", [
    # the product's agents are named: they are the allergy's (the unknown ones are left out; neomycin is a drug
    # since drug round 4, PEG is still unknown)
    ("Allergy to used drugs (PEG, neomycin, metronidazole)", "partial",
     "(allergy to neomycin) or (allergy to metronidazole)", "PEG"),
    ("Allergy to the vaccine compounds, as egg, neomycin and gelatin.", "compiled",
     "(allergy to egg) or (allergy to neomycin) or (allergy to gelatin)", None),
])
def test_agents_a_product_phrase_names_are_read(text, status, canonical, left_out):
    c = line(text)
    assert c.status == status and c.canonical == canonical
    if left_out:
        assert any(d.code == "lex.ignored_words" and left_out in d.message for d in c.diagnostics)


def test_an_allergy_to_other_substances_is_never_a_diagnosis():
    # "any other substance in Exacyl (tranexamic acid)": not a venous thrombosis of the patient's
    c = line("known allergies for tranexamic acid or any other substance in Exacyl deep vein thrombosis")
    assert c.rule is None or not any(isinstance(r, ir.Condition) for r in ir.walk(c.rule))
    c = line("Known allergy for Acipimox, beta agonist, or other substances in the tablets")
    assert c.canonical == _manual("allergy for Acipimox, beta agonist, or other substances in the tablets")


def test_product_phrases_outside_an_allergy_read_as_before():
    # "study drug" is still a judgement word (a line of only it is manual), "excipients" an unknown word
    c = line("Unable to swallow study drug")
    assert c.rule is None or "trial's own" not in (c.canonical or "")
    c = line("Use of investigational medications within 30 days before study entry")
    assert c.canonical == 'received an investigational product within 30 day'  # a study rule (tests/test_studies.py)


def test_no_manual_check_where_a_number_is_left():
    # a line with a number is never a manual check as a whole: the number part stays to be read
    c = line("Use of Belviq XR within 6 months before Screening or hypersensitivity to Belviq XR or any of the excipients")
    assert c.canonical == ('("belviq xr" within 6 month) or '
                           f'({_manual("hypersensitivity to Belviq XR or any of the excipients")})')
    assert c.status == "partial"


# ---- wordings, severities, allergens --------------------------------------------------------------

@pytest.mark.parametrize("text, canonical", [
    ("Hypersensitivity for propofol, soya, eggs or peanuts",
     "(allergy to propofol) or (allergy to soy) or (allergy to egg) or (allergy to peanut)"),
    ("Hypersensitivity on Colchicine", "allergy to colchicine"),
    ("allergic history to dexmedetomidine", "allergy to dexmedetomidine"),
    ("Known allergy or hypersensitive reaction to dexmedetomidine", "allergy to dexmedetomidine"),
    ("Allergy against to penicillin or cephalosporins", "(allergy to penicillins) or (allergy to cephalosporins)"),
    ("Allergy to gelatin", "allergy to gelatin"),
    ("Gelatin allergy", "allergy to gelatin"),
    ("Patient has an allergy to nickel.", "allergy to nickel"),
    ("allergy to artemisinin drugs", "allergy to artemisinins"),  # drug class ATC P01BE
])
def test_wordings_and_allergens_compile_whole(text, canonical):
    c = line(text)
    assert c.status == "compiled", c.diagnostics
    assert c.canonical == canonical


@pytest.mark.parametrize("text, canonical", [
    # an allergy rule has no severity: "severe" is left out and the line says so
    ("History of severe allergy to Iodine contrast agents", "history of allergy to iodinated_contrast_media"),
    ("History of severe milk protein allergy.", "history of allergy to dairy"),
    ("Severe allergies to bees/spiders/insects", "allergy to bee_venom"),
])
def test_a_severity_before_an_allergy_is_left_out(text, canonical):
    c = line(text)
    assert c.status == "partial" and c.canonical == canonical
    assert any(d.code == "lex.ignored_words" and "severe" in d.message.lower() for d in c.diagnostics)
    assert not any(isinstance(r, ir.Condition) for r in ir.walk(c.rule))


def test_sesame_oil():
    c = line("allergic to sesame oil")
    assert c.status == "compiled" and c.canonical == "allergy to sesame"


# ---- records decide them, in both engines ----------------------------------------------------------

CRITERIA = """Exclusion Criteria

* Allergy to gelatin
* Patient has an allergy to nickel.
* allergic to sesame oil
* allergic to milk
* Hypersensitivity for soya, eggs or peanuts
* latex allergy
* Severe allergies to bees/spiders/insects
* allergy to study drugs
* History of severe milk protein allergy.
* Hypersensitivity to bisoprolol or to any of the excipients.
"""


def _bundle(*codes: tuple[str, str], status: str = "active") -> dict:
    entries = [{"resource": {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1980-01-01"}}]
    for k, (code, display) in enumerate(codes):
        entries.append({"resource": {
            "resourceType": "AllergyIntolerance", "id": f"a{k}", "patient": {"reference": "Patient/p1"},
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                                           "code": status}]},
            "verificationStatus": {"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                "code": "confirmed"}]},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": code, "display": display}]},
            "recordedDate": "2019-04-09"}})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def test_new_allergens_decide_records_in_both_engines():
    got, result = screen_both(CRITERIA, _bundle(("373531009", "Gelatin (substance)"),
                                                ("33396006", "Nickel (substance)"),
                                                ("260167008", "Sesame seed (substance)")), AS_OF)
    assert [got[f"E{i}"] for i in (1, 2, 3)] == ["met", "met", "met"]
    assert got["E8"] == "manual"
    # an allergy beside the product check: no bisoprolol record leaves the excipients to a person
    assert got["E10"] == "manual"


def test_synthea_substance_codes_decide_records_in_both_engines():
    # the codes current Synthea writes (substances, not the older findings)
    got, _ = screen_both(CRITERIA, _bundle(("3718001", "Cow's milk (substance)"),
                                           ("102263004", "Eggs (edible) (substance)"),
                                           ("111088007", "Latex (substance)")), AS_OF)
    assert [got[f"E{i}"] for i in (1, 2, 3, 4, 5, 6)] == ["not_met", "not_met", "not_met", "met", "met", "met"]
    got, _ = screen_both(CRITERIA, _bundle(("256355007", "Glycine max (substance)")), AS_OF)
    assert (got["E5"], got["E4"]) == ("met", "not_met")
    # resolved: no longer an allergy now
    got, _ = screen_both(CRITERIA, _bundle(("3718001", "Cow's milk (substance)"), status="resolved"), AS_OF)
    assert got["E4"] == "not_met"


def test_a_severity_left_out_leaves_a_record_to_a_person():
    # "severe allergies to bees/spiders/insects": a bee venom record may or may not be severe; a partial
    # criterion is unknown (docs/semantics.md) and its explanation says what the allergy part gave
    got, result = screen_both(CRITERIA, _bundle(("288328004", "Bee venom (substance)"),
                                                ("3718001", "Cow's milk (substance)")), AS_OF)
    assert (got["E7"], got["E9"], got["E4"]) == ("unknown", "unknown", "met")
    [e7] = [c for c in result.criteria if c.id == "E7"]
    assert [(e.kind, e.record) for e in e7.evidence] == [("allergy", "AllergyIntolerance/a0")]


# every SNOMED CT code added to allergens.csv decides a record (rule-language lines, as tests/test_allergies.py)
@pytest.mark.parametrize("rule, code", [
    ("allergy to gelatin", "373531009"), ("allergy to nickel", "33396006"), ("allergy to sesame", "260167008"),
    ("allergy to peanut", "762952008"), ("allergy to tree nut", "442571000124108"), ("allergy to fish", "735971005"),
    ("allergy to shellfish", "735029006"), ("allergy to wheat", "412071004"), ("allergy to egg", "102263004"),
    ("allergy to soy", "256355007"), ("allergy to dairy", "3718001"), ("allergy to latex", "111088007"),
    ("allergy to bee venom", "288328004"), ("allergy to animal dander", "264287008"),
])
def test_each_new_code_decides(rule, code):
    from screener.compile import compile_rule
    from screener.evaluate.facts import PatientFacts
    from screener.evaluate.policy import DEFAULT_POLICY
    from screener.evaluate.rules import RuleEvaluator
    from screener.records.bind import bind_patient
    from screener.records.model import AllergyRecord, Code, Patient

    rec = AllergyRecord(id="a0", text=None, codes=[Code(system="snomed", code=code)], clinical_status="active",
                        verification_status=None, recorded=None)
    p = bind_patient(Patient(id="p", allergies=[rec]))
    assert RuleEvaluator(PatientFacts(p, AS_OF), DEFAULT_POLICY, "E1").eval(compile_rule(rule)).value is True


def test_an_artemisinin_allergy_record_decides_the_class():
    from screener.compile import compile_rule
    from screener.evaluate.facts import PatientFacts
    from screener.evaluate.policy import DEFAULT_POLICY
    from screener.evaluate.rules import RuleEvaluator
    from screener.records.bind import bind_patient
    from screener.records.model import AllergyRecord, Patient

    rule = compile_rule("allergy to artemisinin drugs")
    # a record of the class, or of one of its drugs (artesunate, artemether), is an allergy to the class
    for text, agent in (("Allergy to artemisinin", "artemisinins"), ("Artesunate allergy", "artesunate"),
                        ("artemether", "artemether")):
        rec = AllergyRecord(id="a0", text=text, codes=[], clinical_status="active", verification_status=None,
                            recorded=None)
        p = bind_patient(Patient(id="p", allergies=[rec]))
        assert p.allergies[0].agents == [agent]
        assert RuleEvaluator(PatientFacts(p, AS_OF), DEFAULT_POLICY, "E1").eval(rule).value is True


def test_the_allergy_beside_a_product_check_decides_in_both_engines():
    bundle = _bundle(("", "Bisoprolol"))
    bundle["entry"][1]["resource"]["code"] = {"text": "Bisoprolol"}  # a record by name only
    got, _ = screen_both(CRITERIA, bundle, AS_OF)
    assert got["E10"] == "met"
