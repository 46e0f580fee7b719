"""Condition groups generated from ICD-10-CM: they load, never take a hand-written form, and bind real wordings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from screener.compile import compile_rule
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import RuleEvaluator
from screener.parse.lexer import tokenize
from screener.parse.lexicon import key_of, keyword_table, phrase_table
from screener.records.bind import bind_patient, groups_of
from screener.records.model import Code, ConditionRecord, Patient
from screener.text.normalize import normalize
from screener.vocab import Vocabulary, vocabulary
from screener.vocab.loader import read_rows, split


def test_generated_groups_load_after_the_hand_written_ones():
    v = vocabulary()
    hand = Vocabulary(generated=False)
    generated = [g for g in v.condition_groups.values() if g.generated]
    assert len(generated) > 1000
    assert set(hand.condition_groups) < set(v.condition_groups)
    assert all(not v.condition_groups[g].generated for g in hand.condition_groups)
    assert all(g.source.startswith("ICD-10-CM FY2026") and "simple_icd_10_cm" in g.source for g in generated)
    assert all(g.icd10_prefixes for g in generated)


def test_no_generated_form_shadows_or_shares_a_key_with_a_hand_form():
    v = vocabulary()
    assert v.shadowed() == ()
    owners: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
    for t in v.terms():
        owners[key_of(t.text)].add((t.kind, t.id))
    assert {k: o for k, o in owners.items() if len(o) > 1} == {}


def test_a_hand_form_wins_over_a_generated_group(tmp_path):
    """A generated row that repeats a hand-written form loses that form, and shadowed() says so."""
    from screener.resources import data_dir

    for f in data_dir().glob("*.csv"):
        if f.name != "condition_groups_icd10.csv":
            (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "condition_groups_icd10.csv").write_text(
        "id,name,synonyms,icd10_prefixes,snomed,includes,source\n"
        "icd10_i50_9,heart failure,unspecified heart failure,I50.9,,,test row\n", encoding="utf-8")
    v = Vocabulary(tmp_path)
    assert [t.id for t in v.lookup("heart failure")] == ["heart_failure"]
    assert [t.id for t in v.lookup("unspecified heart failure")] == ["icd10_i50_9"]
    assert [(a.text, a.id, b.id) for a, b in v.shadowed()] == [("heart failure", "icd10_i50_9", "heart_failure")]


def test_no_generated_form_is_a_keyword_or_a_bare_common_word():
    v = vocabulary()
    keywords = keyword_table()
    generated = {g for g, x in v.condition_groups.items() if x.generated}
    forms = {t.text for t in v.terms() if t.kind == "condition" and t.id in generated}
    assert not [f for f in forms if key_of(f) in keywords]
    for word in ("active", "history", "positive", "stable", "age", "within", "normal", "disease", "disorder",
                 "syndrome", "infection", "injury", "other", "pain", "illness", "fit", "iris", "pin", "falling"):
        assert word not in forms, word


@pytest.mark.parametrize("text,group,prefixes", [
    ("Heart disease", "heart_disease", {"I20", "I50", "I11"}),
    ("Cardiopulmonary arrest", "icd10_i46", {"I46"}),
    ("Secondary hypertension", "icd10_i15", {"I15"}),
    ("Patients with baseline dementia", "dementia", {"F01", "F02", "F03", "G30"}),
    ("active urinary tract infection", "icd10_n39_0", {"N39.0"}),
    ("drug abuse", "substance_abuse", {"F11", "F19"}),
    ("eating disorders", "icd10_f50", {"F50"}),
    ("On hemodialysis", "hemodialysis", {"Z99.2"}),
    ("epilepsy", "icd10_g40", {"G40"}),
    ("COPD", "copd", {"J44"}),
    ("asthma", "icd10_j45", {"J45"}),
    ("psychiatric disorder", "psychiatric_disorder",
     {"F0", "F10", "F11", "F12", "F13", "F14", "F15", "F16", "F18", "F19", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"}),
    ("Type 1 diabetes", "icd10_e10", {"E10"}),
    ("History of breast cancer", "icd10_c50", {"C50"}),
    ("Crohn's disease", "icd10_k50", {"K50"}),
    ("Parkinson's disease", "icd10_g20", {"G20"}),
    ("coronary artery disease", "icd10_i20_i25", {"I20", "I25"}),
    ("chronic obstructive pulmonary disease", "copd", {"J44"}),
])
def test_corpus_wordings_bind_to_coded_groups(text, group, prefixes):
    conditions = [t.value for t in tokenize(normalize(text).text) if t.type == "CONDITION"]
    assert conditions == [group]
    g = vocabulary().condition_groups[group]
    assert prefixes <= set(g.icd10_prefixes)


def test_hand_groups_keep_their_wordings():
    for text, group in [("HIV", "hiv"), ("hepatitis B", "hepatitis_b"), ("heart failure", "heart_failure"),
                        ("stroke", "stroke"), ("myocardial infarction", "myocardial_infarction"),
                        ("malignancy", "malignancy"), ("pregnant", "pregnancy"), ("breast-feeding", "breastfeeding"),
                        ("renal disease", "renal_dysfunction"), ("liver disease", "liver_dysfunction")]:
        assert [t.value for t in tokenize(normalize(text).text) if t.type == "CONDITION"] == [group], text


def test_record_codes_place_a_diagnosis_in_generated_and_hand_groups():
    # I50.9 (heart failure, unspecified): the hand group, and the heart-disease union, but not asthma
    groups = set(groups_of([Code(system="http://hl7.org/fhir/sid/icd-10-cm", code="I50.9")], None))
    assert {"heart_failure", "heart_disease", "cardiovascular_disease"} <= groups
    assert "icd10_j45" not in groups
    assert "icd10_j45" in groups_of([Code(system="icd-10", code="J45.909")], None)
    assert "icd10_e10" not in groups_of([Code(system="icd-10", code="E11.9")], None)


def test_code_index_agrees_with_prefix_matching():
    v = vocabulary()
    for code in ("I50.9", "M32.14", "C50.912", "F10.20", "E11.65", "Z99.2", "U07.1", "J45"):
        norm = code.replace(".", "")
        expected = {g.id for g in v.condition_groups.values()
                    if any(norm.startswith(p.replace(".", "")) for p in g.icd10_prefixes)}
        assert v.condition_groups_for_code("icd10", code) == expected, code


def _run(rule_text: str, patient: Patient):
    rule = compile_rule(rule_text, "inclusion")
    assert rule is not None, rule_text
    bind_patient(patient)
    return RuleEvaluator(PatientFacts(patient, dt.date(2024, 6, 1)), DEFAULT_POLICY, "X", patient.attestations).eval(rule)


def _patient(code: str, system: str = "icd10") -> Patient:
    rec = ConditionRecord(id="c1", text=None, codes=[Code(system=system, code=code)],
                          onset=dt.date(2023, 1, 1), clinical_status="active")
    return Patient(id="p", sex="female", birth_date=dt.date(1980, 5, 17), conditions=[rec])


def test_criteria_on_generated_groups_evaluate_against_coded_records():
    assert _run("asthma", _patient("J45.909")).value is True
    assert _run("asthma", _patient("J44.9")).value is False
    assert _run("COPD", _patient("J44.9")).value is True
    assert _run("heart disease", _patient("I25.10")).value is True
    assert _run("epilepsy", _patient("G40.909")).value is True
    assert _run("type 1 diabetes", _patient("E11.9")).value is False


def test_curated_wordings_reach_the_generated_file():
    """condition_synonyms.csv is an input of the generator: every wording must be in the committed output."""
    v = vocabulary()
    for row in read_rows("condition_synonyms.csv"):
        assert row["source"], row
        entry = phrase_table().get(key_of(row["text"]))  # "covid 19" and "covid-19" are one key
        assert entry and entry.tokens[0][0] == "CONDITION", f"{row['text']!r}: run python3 tools/gen_icd10_conditions.py"
        g = v.condition_groups[entry.tokens[0][1]]
        assert g.generated, row["text"]
        for spec in split(row["codes"]):
            first = spec.split("-")[0]
            assert any(first.startswith(p) or p.startswith(first) for p in g.icd10_prefixes), (row["text"], spec)


def test_phrase_table_stays_cheap():
    table = phrase_table()
    assert max(len(k) for k in table) <= 10


@pytest.mark.parametrize("text,kind,ident,member", [
    ("Prior chemotherapy", "DRUG_CLASS", "chemotherapy", "carboplatin"),
    ("use of opioids", "DRUG_CLASS", "opioids", "oxycodone"),
    ("benzodiazepines", "DRUG_CLASS", "benzodiazepines", "lorazepam"),
    ("on insulin", "DRUG_CLASS", "insulins", "insulin_glargine"),
    ("beta-blockers", "DRUG_CLASS", "beta_blockers", "metoprolol"),
    ("ACE inhibitors", "DRUG_CLASS", "ace_inhibitors", "lisinopril"),
    ("NSAIDs", "DRUG_CLASS", "nsaids", "ibuprofen"),
    ("hormonal contraception", "DRUG_CLASS", "hormonal_contraceptives", "levonorgestrel"),
    ("antidepressants", "DRUG_CLASS", "antidepressants", "sertraline"),  # through ssris
    ("antihypertensive medications", "DRUG_CLASS", "antihypertensives", "amlodipine"),
    ("biologic therapy", "DRUG_CLASS", "biologics", "adalimumab"),
    ("Glucophage", "DRUG", "metformin", "metformin"),
])
def test_common_drug_wordings_bind(text, kind, ident, member):
    toks = [(t.type, t.value) for t in tokenize(normalize(text).text) if t.type in ("DRUG", "DRUG_CLASS")]
    assert toks == [(kind, ident)]
    v = vocabulary()
    members = v.drug_classes[ident].members if kind == "DRUG_CLASS" else (ident,)
    assert member in members


# Published drug tables a reader can open to check an RxNorm ingredient code (file and column named).
CHECKABLE_RXNORM_LISTS = ("cpicpgx/cpic-data db/drug.sql, rxnormId column", "drugs.tsv, 'RxNorm Identifiers' column")


def _code_vouched_for(rxnorm: tuple[str, ...], source: str | None) -> bool:
    """No code at all, or a code whose source names a checkable table (never one given from memory)."""
    if not rxnorm:
        return source is None
    return source is not None and "from memory" not in source and any(t in source for t in CHECKABLE_RXNORM_LISTS)


def test_new_drugs_carry_no_unverified_codes():
    """Ingredient codes are only given where a source vouches for them: metformin, oxycodone and sertraline carry
    the codes CPIC's drug table lists; the other appended rows have none."""
    v = vocabulary()
    for did in ("metformin", "lisinopril", "oxycodone", "sertraline", "insulin_glargine", "ibuprofen"):
        assert _code_vouched_for(v.drugs[did].rxnorm, v.drugs[did].rxnorm_source), did
    assert {d: v.drugs[d].rxnorm for d in ("metformin", "oxycodone", "sertraline")} == {
        "metformin": ("6809",), "oxycodone": ("7804",), "sertraline": ("36437",)}


@pytest.mark.parametrize("rxnorm, source", [
    (("6809",), None),
    (("6809",), "RxNorm ingredient (IN) code, from memory; not checked against RxNav here"),
    (("6809",), "a drug list"),
    ((), "RxNorm ingredient (IN) code as CPIC's drug table lists it (cpicpgx/cpic-data db/drug.sql, rxnormId column)"),
])
def test_a_code_without_a_checkable_source_is_not_vouched_for(rxnorm, source):
    assert not _code_vouched_for(rxnorm, source)


# Lines as LCT and Chia write them (issue 5); each binds through a curated row of
# condition_synonyms.csv or a hand group's synonyms, so removing the row fails here.
@pytest.mark.parametrize("line,group,prefixes", [
    ("History of claustrophobia", "claustrophobia", {"F40.240"}),
    ("Subject has the history of liver failure", "liver_failure", {"K72", "K70.4", "K71.1", "K91.82"}),
    ("History of chronic liver failure", "icd10_k72_1", {"K72.1"}),
    ("Patients with congenital heart defects.", "congenital_heart_disease", {"Q20", "Q24", "Q26"}),
    ("small bowel obstruction", "bowel_obstruction", {"K56.6", "K91.3"}),
    ("History of Guillain-Barré syndrome", "icd10_g61_0", {"G61.0"}),
    ("Coeliac disease", "icd10_k90_0", {"K90.0"}),
    ("H. pylori infection", "icd10_b96_81", {"B96.81"}),
    ("Patients with cognitive dysfunction.", "cognitive_impairment", {"G30", "G31.84"}),
    ("Hepatitis B infection", "hepatitis_b", {"B16", "B18.1"}),
])
def test_curated_corpus_lines_compile_to_their_group(line, group, prefixes):
    rule = compile_rule(line, "exclusion")
    assert rule is not None and rule.kind == "condition", line
    assert rule.group == group
    assert prefixes <= set(vocabulary().condition_groups[group].icd10_prefixes)


def test_curated_groups_decide_coded_records():
    assert _run("Claustrophobia", _patient("F40.240")).value is True
    assert _run("Claustrophobia", _patient("F40.241")).value is False  # acrophobia
    assert _run("Liver failure", _patient("K70.40")).value is True  # alcoholic hepatic failure
    assert _run("Liver failure", _patient("K70.30")).value is False  # alcoholic cirrhosis alone
    assert _run("mitral stenosis", _patient("I34.2")).value is True
    assert _run("mitral stenosis", _patient("I34.0")).value is False  # mitral insufficiency
    assert _run("bowel obstruction", _patient("K56.0")).value is False  # paralytic ileus
