"""Issue 5: lines about facts no patient record holds (residence, language, legal status,
insurance, phone and internet, other studies, staff) compile to a manual rule, and the cue
words that make them manual do not take a computable part or a number away from a line."""

from pathlib import Path

import pytest

from screener import ir
from screener.coverage import line_class
from screener.parse.lexer import tokenize
from screener.resources import grammars_dir
from screener.text.normalize import normalize
from tests.lines import line as _c

_BLOCK_HEADING = "# ---- facts no record holds"


def _attestation_cues() -> list[str]:
    """The phrases of the lexicon block of facts no record holds."""
    lines = (Path(grammars_dir()) / "lexicon.tsv").read_text(encoding="utf-8").splitlines()
    start = next(i for i, raw in enumerate(lines) if raw.startswith(_BLOCK_HEADING))
    cues = []
    for raw in lines[start + 1:]:
        if raw.startswith("#") or not raw.strip():
            break
        phrase, _, spec = raw.partition("\t")
        assert spec == "JUDGE", raw
        cues.append(phrase)
    return cues


# real LCT and Chia lines that compiled to nothing before these cues
@pytest.mark.parametrize("text", [
    "Must have a permanent residence in Sweden.",
    "Residing in Bernalillo County, New Mexico",
    "reside within the United States but outside of Florida",
    "Lives outside NYC and/or cannot give a NYC ZIP code.",
    "Has a fixed address",
    "Native speakers of English",
    "Non-English speaking.",
    "fluent in German language",
    "insufficient knowledge of the German language",
    "Language barrier",
    "Person deprived of liberty or legal protection measure",
    "Prisoners",
    "Patients that are incarcerated",
    "Patient under guardianship, Under curatorship or court of justice,",
    "Affiliation to a social security scheme",
    "patients without health insurance,",
    "Must have a working cell phone with unlimited texting",
    "do not have access to the internet",
    "Have a personal email address",
    "Child or parent/LAR is an immediate relative of study staff or an employee who is supervised by study staff.",
    "Meet the physical standards for military personnel",
    "Night or rotating shift workers",
    "Non-consenting",
])
def test_a_fact_no_record_holds_is_manual(text):
    c = _c(text)
    assert c.status == "compiled" and isinstance(c.rule, ir.Manual), (c.status, c.canonical)
    assert line_class(c) == "manual"
    assert c.rule.reason == " ".join(text.split())
    assert any(d.code == "rule.manual" for d in c.diagnostics)


@pytest.mark.parametrize("text", [
    # a number a rule could use: never manual, whatever the cue
    "Those who participated in other clinical trials within 3 months before screening",
    "Resident of 566 rural sectors (clusters) in Gaibandha district",
    "English-speaking, adult (21+) hemodialysis patients who receive dialysis at the one of the two outpatient "
    "dialysis centers",
    "Women who reside within the larger catchment area of the selected 3 health facilities",
    "Participation in another clinical trial during the present clinical trial or within the last three months",
])
def test_a_cue_with_a_number_is_never_manual(text):
    assert line_class(_c(text)) != "manual"


@pytest.mark.parametrize("text, computable", [
    ("Age less than 18 years old or under guardianship or kept in detention",
     ir.Measure(analyte="age", op="<", value=ir.Quantity(value=18, unit="a"))),
    # the "not" negates the skipped words, never the diagnosis after the comma
    ("do not speak English, deafness", ir.Condition(group="hearing_loss")),
    # 'prisoners or': the connective after a skipped cue joins it to the condition, which still compiles
    ("vulnerable populations (prisoners or pregnant women)", ir.Condition(group="pregnancy")),
])
def test_a_cue_beside_a_computable_part_keeps_that_part(text, computable):
    c = _c(text)
    assert line_class(c) == "partial" and not isinstance(c.rule, ir.Manual)
    assert computable in list(ir.walk(c.rule)), c.canonical
    assert not any(isinstance(r, ir.Not) for r in ir.walk(c.rule)), c.canonical


def test_every_attestation_cue_lexes_as_one_judge_token():
    """A vocabulary term with the same wording would win the tie and silently undo the cue."""
    cues = _attestation_cues()
    assert len(cues) > 100
    for phrase in cues:
        tokens = tokenize(normalize(phrase).text)
        assert [t.type for t in tokens] == ["JUDGE"], (phrase, tokens)


def test_no_attestation_cue_names_a_record_fact():
    """Never a clinical word; and words that are clinical in some lines only come as phrases:
    'incarcerated hernia', 'geographic atrophy', 'low altitude residence', 'affiliated facilities'."""
    clinical = {"surgery", "allergy", "pregnant", "pregnancy", "smoker", "diagnosed", "diagnosis", "history",
                "disease", "family", "relative", "enrollment", "homeless", "employment", "unemployed"}
    only_in_phrases = {"incarcerated", "geographic", "residence", "affiliated", "vulnerable", "language"}
    for phrase in _attestation_cues():
        words = phrase.lower().split()
        assert not clinical & set(words), phrase
        assert words[0] not in only_in_phrases or len(words) > 1, phrase
