"""Scores, round 3 (issue 5): LCT/Chia lines whose gold comparisons were missed.

Each case is a criterion as LCT or Chia writes it. It must compile to the score with the right
comparison; where the score has a LOINC code a coded result decides it, and a score with none
is left unknown (no record can carry it).
"""

from __future__ import annotations

import datetime as dt

import pytest

from screener.compile import compile_rule
from tests.lines import line
from tests.observation_records import decide as _decide
from tests.observation_records import lab



def compiled(text: str):
    return line(text, "inclusion")


def decide(rule_text: str, *observations, sex: str = "male"):
    return _decide(rule_text, *observations, sex=sex, birth=dt.date(1950, 5, 17))


def _no_unmapped(c) -> bool:
    return not any(d.code == "vocab.unmapped_subject" for d in c.diagnostics)


# ---- new scores: corpus lines compile to them --------------------------------------------

@pytest.mark.parametrize("text, canonical", [
    # Clinical Dementia Rating (global)
    ("CDR global score of 0.5 or 1", "(cdr_global = 0.5) or (cdr_global = 1)"),                # LCT NCT03860792
    ("Patients with moderate to severe dementia (CDR 2-3).",
     "(dementia) and (cdr_global >= 2 and <= 3)"),                                            # LCT NCT03864965
    ("Clinical Dementia Rating (CDR) test inferior or equal to 1", "cdr_global <= 1"),          # Chia NCT00500500
    # Hoehn and Yahr
    ("Greater than Stage 3 on the Hoehn & Yahr Classification of Disability", "hoehn_yahr > 3"),  # LCT NCT03867877
    ("Hoehn and Yahr stage = 3", "hoehn_yahr = 3"),                                             # Chia NCT03011476
    ("Hoehn and Yahr Scale score of 1 - 3", "hoehn_yahr >= 1 and <= 3"),                        # Chia NCT02225548
    ("diagnosis of idiopathic Parkinson's Disease, mild to moderate (Hoehn and Yahr score less than or equal to 3)",
     "(icd10_g20) and (hoehn_yahr <= 3)"),                                                    # LCT NCT03864393
    # Gross Motor Function Classification System
    ("the participant is Gross Motor Function Classification System Level 4 or 5",
     "(gmfcs = 4) or (gmfcs = 5)"),                                                           # LCT NCT03862625
    ("Disease severity level: Gross Motor Function Classification System (GMFCS) levels I, II and III.",
     "(gmfcs = 1) or (gmfcs = 2) or (gmfcs = 3)"),                                            # Chia NCT02167022
    # Kellgren-Lawrence
    ("Kellgren-Lawrence grade I-III", "kl_grade >= 1 and <= 3"),                               # Chia NCT03484091
    ("Being radiographically K-L grade 2-3", "kl_grade >= 2 and <= 3"),                        # LCT NCT03920020
    ("Established Osteoarthritis (Kellgren-Lawrence > 3)", "(icd10_m15_m19) and (kl_grade > 3)"),  # Chia NCT02920177
    ("who underwent imaging examination evidencing grade II or III knee osteoarthritis according to the "
     "Kellgren and Lawrence classification", "((kl_grade = 2) or (kl_grade = 3)) and (icd10_m17)"),  # LCT NCT03928054
    # Gleason score
    ("Gleason score 7, or", "gleason_score = 7"),                                               # LCT NCT03927924
    ("Gleason 6-7 cancer", "(gleason_score >= 6 and <= 7) and (malignancy)"),                  # LCT NCT03861676
    # Expanded Disability Status Scale
    ("Expanded Disability Status Scale (EDSS) between 0 and 6.5 ;", "edss >= 0 and <= 6.5"),  # LCT NCT03928990
    ("EDSS score 0.0 to 5.0 (inclusive) at Screening", "edss >= 0 and <= 5"),                  # Chia NCT02419378
    # Richmond Agitation-Sedation Scale, named after its values
    ("a score > 1 or < -1 on the Richmond Agitation and Sedation Scale (RASS)",
     "(rass > 1) or (rass < -1)"),                                                            # LCT NCT03922113
    # a misspelling of thrombocytes
    ("Trombocytes <40 × 109/L", "platelets < 40 10*9/L"),                                      # LCT NCT03864744
])
def test_corpus_line_compiles_to_the_score(text, canonical):
    c = compiled(text)
    assert c.canonical == canonical, [d.code for d in c.diagnostics]
    assert _no_unmapped(c)


def test_a_change_in_a_score_is_no_place_on_it():
    # Chia NCT03073603: the change is not the level; the subject stays unmapped (it keeps its numbers)
    c = compiled("prospectively with an EDSS change of at least 1.0 points over the last two years, or")
    assert "edss >=" not in c.canonical and "edss change" in c.canonical


def test_cdr_sum_of_boxes_is_never_the_global_cdr():
    assert compiled("CDR-SB > 2").canonical == "cdr_sb > 2"
    assert compiled("CDR sum of boxes of 0.5 to 4").canonical == "cdr_sb >= 0.5 and <= 4"


# ---- ASA and NYHA lines that failed before ------------------------------------------------

@pytest.mark.parametrize("text, canonical", [
    ("Anesthesia classification (ASA): I-III.", "asa_class >= 1 and <= 3"),                    # LCT NCT03922009
    ("ASA ( American Society of Anesthesiologists) I- ASA II patients", "asa_class >= 1 and <= 2"),  # LCT NCT03920046
    ("ASA physiological status I-III", "asa_class >= 1 and <= 3"),                             # LCT NCT03921567
    ("Healthy (American Society of Anaesthesiologists (ASA) category I or II)",
     "(asa_class = 1) or (asa_class = 2)"),                                                   # LCT NCT03921190
    ("with ASA physical status classification system I, II, III",
     "(asa_class = 1) or (asa_class = 2) or (asa_class = 3)"),                               # LCT NCT03929874
    ("American Society of Anesthesiologists physical status classification system (ASA) </= 2",
     "asa_class <= 2"),                                                                       # LCT NCT03869996
    ("physical status American Society of Anesthesiologist (ASA) I or II",
     "(asa_class = 1) or (asa_class = 2)"),                                                   # LCT NCT03869047
    ("ASA physical state >II", "asa_class > 2"),                                               # Chia NCT02951520
    ("American Society of Anesthesiologists Physical Status (ASA PS) score of I or II.",
     "(asa_class = 1) or (asa_class = 2)"),                                                   # Chia NCT02851888
    ("American Society of Anesthesiology (ASA) physical status class 1-3", "asa_class >= 1 and <= 3"),  # Chia NCT02760459
    ("American Society Anesthesiologists (ASA) physical status I-III", "asa_class >= 1 and <= 3"),  # Chia NCT02707874
    ("American Society of Anesthesiologist physical status 1-3", "asa_class >= 1 and <= 3"),   # Chia NCT03280017
    ("World Health Organization (WHO)/New York Heart Association (NYHA) functional class II-IV symptomatology",
     "nyha_class >= 2 and <= 4"),                                                             # LCT NCT03926793
    ("New York Heart Association (NYHA) Class II or higher congestive heart failure.",
     "(nyha_class >= 2) and (heart_failure)"),                                                # Chia NCT02431559
    ("Functional Class II and III by the New York Heart Association (NYHA)",
     "(nyha_class = 2) or (nyha_class = 3)"),                                                 # Chia NCT02600000
])
def test_asa_and_nyha_lines_compile_to_the_class(text, canonical):
    c = compiled(text)
    assert c.canonical == canonical, [d.code for d in c.diagnostics]
    assert _no_unmapped(c)
    # every word is read ('Healthy', 'physical status' before the name, 'WHO/' and 'symptomatology' excepted)
    left_out = [d.message for d in c.diagnostics if d.code == "lex.ignored_words"]
    assert not left_out or text.startswith(("Healthy", "physical status", "World Health")), left_out


def test_the_scale_name_said_again_in_its_list():
    # Chia NCT03225469: "... New York Heart Association grade III or grade IV congestive heart failure"
    c = compiled("Serious status of illness, such as severe renal failure whose creatinine clearance<30 ml/min, "
                 "New York Heart Association grade III or grade IV congestive heart failure")
    assert "((nyha_class = 3) or (nyha_class = 4)) and (heart_failure)" in c.canonical
    assert compiled("NYHA class III or class IV heart failure").canonical == \
        "((nyha_class = 3) or (nyha_class = 4)) and (heart_failure)"
    # a grade of something else after a scale's list stays that grade
    assert '"grade" = 2' in compiled("ECOG 0-1 or grade 2 neuropathy").canonical


def test_nyha_gloss_inside_a_diagnosis():
    # LCT NCT03869073: the class in parentheses qualifies the heart failure
    c = compiled("Underlying severe congestive heart failure (New York Heart Association (NYHA) IV), severe COPD "
                 "(need for chronic oxygen or mechanical ventilation)")
    assert "(heart_failure) and (nyha_class = 4)" in c.canonical


def test_comparator_before_the_scale_is_in_the_comparisons_span():
    # LCT NCT03929419 "heart failure greater than NYHA 2": the gold marks "greater than"
    text = "heart failure greater than NYHA 2"
    rule = compile_rule(text, "inclusion")
    nyha = [i for i in rule.items if getattr(i, "analyte", None) == "nyha_class"]
    assert [text[i.span.start:i.span.end] for i in nyha] == ["greater than NYHA 2"]


def test_a_scale_span_is_still_no_limit():
    # the span of a scale after its values stays words ("on a 0-42 scale"), a scale's own name does not
    assert "nihss >= 0" not in (compiled("NIHSS score on a 0-42 scale").canonical or "")
    assert compiled("MMSE score (range 0-30) > 20").canonical == "mmse > 20"


def test_aspirin_stays_aspirin():
    assert compiled("allergy to ASA (aspirin)").canonical == "allergy to aspirin"
    assert "asa_class" not in (compiled("Taking ASA 81 mg daily").canonical or "")


# ---- records ---------------------------------------------------------------------------------

def test_gleason_score_by_loinc():
    assert decide("Gleason score 7", lab("35266-6", 7, None)).value is True
    assert decide("Gleason score 7", lab("35266-6", 8, "{score}")).value is False
    assert decide("Gleason 6-7", lab("35266-6", 6, None)).value is True


def test_trombocytes_are_platelets():
    assert decide("Trombocytes <40 × 109/L", lab("777-3", 25, "10*3/uL")).value is True
    assert decide("Trombocytes <40 × 109/L", lab("777-3", 180, "10*3/uL")).value is False


@pytest.mark.parametrize("text", [
    "CDR global score of 0.5 or 1",
    "Hoehn and Yahr stage = 3",
    "Kellgren-Lawrence grade I-III",
    "the participant is Gross Motor Function Classification System Level 4 or 5",
])
def test_scores_with_no_loinc_code_are_left_unknown(text):
    # no record carries these scores: a Gleason result (or any other) never answers them
    out = decide(text, lab("35266-6", 3, None), lab("72106-8", 1, "{score}"))
    assert out.value is None
