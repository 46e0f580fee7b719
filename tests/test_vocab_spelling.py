"""British spellings of vocabulary forms (spelling_variants.csv): same rules as the US spelling, never a clash."""

from __future__ import annotations

import pytest

from screener import ir
from screener.resources import data_dir
from screener.vocab import Vocabulary, vocabulary
from screener.vocab.spelling import Speller, SpellingRule, load_spelling_rules
from tests.lines import line as _compiled


def _shape(text: str):
    """What a line compiles to: status, rule (rule equality ignores source spans) and diagnostic codes."""
    c = _compiled(text)
    return c.status, c.rule, sorted(d.code for d in c.diagnostics)


def _groups(text: str) -> set[str]:
    c = _compiled(text)
    return {n.group for n in ir.walk(c.rule) if isinstance(n, ir.Condition)} if c.rule is not None else set()


@pytest.mark.parametrize("uk,us", [
    ("Hypercalcaemia", "Hypercalcemia"),
    ("Leukaemia", "Leukemia"),
    ("Anaemia", "Anemia"),
    ("History of oesophageal varices", "History of esophageal varices"),
    ("Gastro-oesophageal reflux disease", "Gastroesophageal reflux disease"),
    ("Ischaemic heart disease", "Ischemic heart disease"),
    ("Coeliac disease", "Celiac disease"),
    ("Known haemophilia", "Known hemophilia"),
    ("Hypokalaemia or hypomagnesaemia", "Hypokalemia or hypomagnesemia"),
    ("Haemolytic uraemic syndrome", "Hemolytic uremic syndrome"),
])
def test_british_line_names_the_same_conditions(uk, us):
    groups = _groups(us)
    assert groups, f"{us!r} should name a condition"
    assert _groups(uk) == groups
    assert _shape(uk) == _shape(us)


@pytest.mark.parametrize("uk,us", [
    ("Severe anaemia (haemoglobin < 8 g/dL)", "Severe anemia (hemoglobin < 8 g/dL)"),
    ("Anaemia with haemoglobin < 10 g/dL", "Anemia with hemoglobin < 10 g/dL"),
    ("Haematocrit > 55%", "Hematocrit > 55%"),
])
def test_british_line_compiles_like_the_us_line(uk, us):
    assert _shape(uk) == _shape(us)


def test_lab_defined_condition_keeps_its_lab():
    """"anaemia" is the lab-defined "anemia" (hemoglobin), not a new name."""
    assert [(t.kind, t.id) for t in vocabulary().lookup("anaemia")] == [("condition", "anemia")]


@pytest.mark.parametrize("word,expected", [
    ("anemia", "anaemia"),
    ("hypercalcemia", "hypercalcaemia"),
    ("anemias", "anaemias"),
    ("esophageal varices", "oesophageal varices"),
    ("gastroesophageal reflux", "gastro-oesophageal reflux"),
    ("hemorrhagic stroke", "haemorrhagic stroke"),
    ("posthemorrhagic anemia", "posthaemorrhagic anaemia"),
    ("methemoglobinemia", "methaemoglobinaemia"),
    ("brain tumors", "brain tumours"),
    ("sleep apnea", "sleep apnoea"),
    ("preterm labor", "preterm labour"),
    ("paresthesia", "paraesthesia"),
    # untouched: not a US part, or a part in the wrong place
    ("hemianopia", None),
    ("chemotherapy", None),
    ("systemic lupus", None),
    ("laboratory abnormality", None),
    ("hydrops fetalis", None),
    ("semialdehyde", None),
    ("anaemia", None),
    ("oesophageal", None),
])
def test_speller(word, expected):
    assert Speller(load_spelling_rules()).british(word) == expected


def test_brand_names_keep_their_spelling():
    v = vocabulary()
    assert [t.id for t in v.lookup("hemady")] == ["dexamethasone"]
    assert v.lookup("haemady") == ()


def test_every_form_with_a_us_part_has_its_british_form_unless_reported():
    """The generator wrote the British forms of the generated groups; the runtime those of the rest (ids aside)."""
    v = vocabulary()
    speller = Speller(load_spelling_rules())
    added, skipped = v.british_spellings()
    left_out = {(s.term.text, s.term.id) for s in skipped}
    by_text = {(t.text, t.id) for t in v.terms()}
    missing = []
    for t in v.terms():
        uk = speller.british(t.text)
        if uk and t.text != t.id and (uk, t.id) not in by_text and (uk, t.id) not in left_out and not v.lookup(uk) \
                and not (t.kind == "drug" and t.text in v.drugs[t.id].brands):
            missing.append((t.text, uk))
    assert missing == []
    assert added and all(t in v.terms() for t in added)


def _folder(tmp_path, groups_extra: str = "", rules_extra: str = ""):
    for f in data_dir().glob("*.csv"):
        text = f.read_text(encoding="utf-8")
        if f.name == "condition_groups.csv":
            text += groups_extra
        if f.name == "spelling_variants.csv":
            text += rules_extra
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_variant_held_by_another_entry_is_skipped(tmp_path):
    """A hand group that owns "anaemia" keeps it; the lab-defined anemia does not get it as a variant."""
    folder = _folder(tmp_path, groups_extra="test_pale,pallor,anaemia,D64.9,,,test row\n")
    v = Vocabulary(folder)
    assert [(t.kind, t.id) for t in v.lookup("anaemia")] == [("condition", "test_pale")]
    _, skipped = v.british_spellings()
    assert [(s.term.text, s.term.id, s.reason) for s in skipped] == [
        ("anaemia", "anemia", "held by condition:test_pale")]


def test_a_variant_that_is_a_grammar_keyword_is_skipped(tmp_path):
    folder = _folder(tmp_path, groups_extra="test_activ,activ,,Z99.9,,,test row\n",
                     rules_extra='activ,active,word,"test rule"\n')
    v = Vocabulary(folder)
    _, skipped = v.british_spellings()
    assert [(s.term.text, s.term.id, s.reason) for s in skipped] == [("active", "test_activ", "a grammar keyword")]
    assert v.lookup("active") == ()


def test_two_entries_meeting_on_one_variant_lose_it(tmp_path):
    folder = _folder(tmp_path, groups_extra="test_a,colr thing,,Z99.8,,,test row\ntest_b,colr-thing,,Z99.9,,,test row\n",
                     rules_extra='colr,colour,word,"test rule"\n')
    v = Vocabulary(folder)
    assert v.lookup("colour thing") == () and v.lookup("colour-thing") == ()
    _, skipped = v.british_spellings()
    assert [(s.term.text, s.term.id) for s in skipped] == [("colour thing", "test_a"), ("colour-thing", "test_b")]
    assert all(s.reason.startswith("the variant of several entries") for s in skipped)


def test_variants_are_deterministic():
    a, b = Vocabulary(), Vocabulary()
    assert a.terms() == b.terms() and a.british_spellings() == b.british_spellings()


@pytest.mark.parametrize("row", [
    'emia,aemia,middle,"bad position"',
    'Emia,aemia,end,"upper case"',
    'emia,emia,end,"no change"',
    'emia,aemia,end,',
    'emia,aemia,end,"listed twice"',
])
def test_broken_rules_fail_loudly(tmp_path, row):
    (tmp_path / "spelling_variants.csv").write_text("us,uk,position,source\n" + row + "\n", encoding="utf-8")
    if "twice" in row:
        (tmp_path / "spelling_variants.csv").write_text(
            "us,uk,position,source\n" + row + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_spelling_rules(tmp_path)


def test_rules_have_sources_and_a_british_side():
    rules = load_spelling_rules()
    assert len(rules) > 30
    assert all(isinstance(r, SpellingRule) and r.source and r.us != r.uk for r in rules)


# ---- round-3 curated wordings (condition_synonyms.csv), taken from LCT/Chia lines that did not compile

@pytest.mark.parametrize("text,prefixes", [
    ("History of STEMI", {"I21.0", "I21.3", "I22.9"}),
    ("non-ST-elevation myocardial infarction", {"I21.4", "I22.2"}),
    ("Polycystic ovary syndrome (PCOS)", {"E28.2"}),
    ("Uterine fibroids", {"D25"}),
    ("Documented left atrial thrombus", {"I51.3", "I23.6"}),
    ("Haematological malignancy", {"C81", "C96"}),
    ("Renal stones", {"N20.0"}),
])
def test_curated_wording_names_its_codes(text, prefixes):
    v = vocabulary()
    groups = _groups(text)
    assert len(groups) == 1
    assert prefixes <= set(v.condition_groups[groups.pop()].icd10_prefixes)


def test_stemi_and_nstemi_do_not_share_a_code():
    v = vocabulary()
    (stemi,), (nstemi,) = _groups("STEMI"), _groups("NSTEMI")
    codes = {g: set(v.condition_groups[g].icd10_prefixes) for g in (stemi, nstemi)}
    assert codes[stemi] and codes[nstemi] and not codes[stemi] & codes[nstemi]
    assert nstemi in v.condition_groups_for_code("icd10", "I21.4")
    assert stemi not in v.condition_groups_for_code("icd10", "I21.4")
    assert stemi in v.condition_groups_for_code("icd10", "I21.09")
