"""Readings a random-sample audit of fully compiled LCT/Chia lines found wrong (session 11), and the small
quantity readings of the same session.  Each line here was full and wrong, or unsupported, before."""

from __future__ import annotations

import datetime as dt

import pytest

from screener.compile import compile_rule
from screener.ir.canonical import render
from tests.both_engines import screen_both
from tests.condition_records import icd10_bundle
from tests.lines import line

AS_OF = dt.date(2026, 9, 1)


def _left_out(c) -> str:
    return " ".join(d.message for d in c.diagnostics if d.code == "lex.ignored_words")


@pytest.mark.parametrize("text, word", [
    # a prostate cancer trial excluded every patient: "previous prostate cancer therapy" read "history of C61"
    ("previous prostate cancer therapy", "therapy"),
    ("Patients with previous treatment of prostate cancer", "treatment"),
    ("Prior treatment for wet AMD", "treatment"),
    ("Known active cancer receiving treatment", "treatment"),
    ("Any diabetic macular edema treatment in the past 4 months", "treatment"),
])
def test_a_treatment_of_a_diagnosis_is_not_the_diagnosis(text, word):
    c = line(text, "exclusion")
    assert c.status == "partial" and f"'{word}'" in _left_out(c)


@pytest.mark.parametrize("text, canonical", [
    # a diagnosis that is a treatment itself, and a treatment word after a drug, say nothing more
    ("Patient on hemodialysis treatment for at least 1 month", "active hemodialysis for >= 1 month"),
    ("statin therapy", "taking statins"),
])
def test_a_treatment_word_after_a_treatment_is_filler(text, canonical):
    c = line(text, "exclusion")
    assert c.status == "compiled" and c.canonical == canonical


@pytest.mark.parametrize("text", [
    # a CPAP trial for sleep apnea excluded sleep apnea (G47 holds it); a hepatitis B liver failure trial
    # excluded liver failure
    "Presence of other sleep disorders",
    "Other active liver diseases;",
    "Diagnosis of any other neurologic disease",
    "Treatment with other antidiabetics",
])
def test_other_before_the_first_thing_named_leaves_the_line_partial(text):
    c = line(text, "exclusion")
    assert c.status == "partial" and "'other'" in _left_out(c).lower()


@pytest.mark.parametrize("text, canonical", [
    ("asthma or other lung disease", "(icd10_j45) or (lung_disease)"),
    ("Alcohol and other drug abuse", "(alcohol_abuse) or (substance_abuse)"),
])
def test_other_after_an_item_is_other_than_that_item(text, canonical):
    c = line(text, "exclusion")
    assert c.status == "compiled" and c.canonical == canonical


@pytest.mark.parametrize("text, canonical", [
    ("Uncontrolled diabetes mellitus",
     '(diabetes) and (manual "whether the diabetes mellitus is uncontrolled (a person judges it; no record says)")'),
    ("Active and uncontrolled malignancy",
     '(active malignancy) and (manual "whether the malignancy is uncontrolled (a person judges it; no record says)")'),
    # "active or uncontrolled" is active (an uncontrolled one is active)
    ("active or uncontrolled infection", "active active_infection"),
    # values in parentheses still define it
    ("uncontrolled diabetes (HbA1c > 10%)", "hba1c > 10 %"),
])
def test_uncontrolled_is_a_qualifier_a_person_checks(text, canonical):
    assert line(text, "exclusion").canonical == canonical


CRITERIA = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* Uncontrolled diabetes mellitus
"""


def test_a_controlled_diabetic_is_not_excluded_by_a_record_alone():
    # before, "uncontrolled" was "active": every diabetic with an active record was excluded
    statuses, result = screen_both(CRITERIA, icd10_bundle("E11.9"), AS_OF)
    assert statuses["E1"] == "manual" and result.verdict == "undetermined"
    statuses, result = screen_both(CRITERIA, icd10_bundle(), AS_OF)
    assert statuses["E1"] == "not_met" and result.verdict == "eligible"


def test_that_is_before_a_definition_leaves_the_line_partial():
    # "History of heart failure, that is NYHA class III-IV" read as heart failure OR NYHA III-IV
    c = line("History of heart failure, that is New York heart association (NYHA) Class III-IV", "exclusion")
    assert c.status == "partial" and "'that is'" in _left_out(c)


def test_a_diagnosis_named_twice_keeps_its_window_to_the_last():
    c = line("Subject has active tuberculosis or has had tuberculosis in the past three (3) years.", "exclusion")
    assert c.status == "partial" and "rule.window_scope" in [d.code for d in c.diagnostics]
    # two wordings of one group share the window, as a list does
    c = line("History of DVT or pulmonary embolism within 6 months;", "exclusion")
    assert c.status == "compiled" and c.canonical == "onset of venous_thrombosis within 6 month"


@pytest.mark.parametrize("text, canonical", [
    # a score out of its scale's top (analyte_scales.csv): "/30" says what the scale does
    ("MMSE score between 4 and 26 / 30", "mmse >= 4 and <= 26"),
    ("MoCA score of 26/30 or more", "moca >= 26"),
    ("Younger than age of 13 years", "age < 13 year"),
    ("resting heart rate 45-100 beats per minute", "heart_rate >= 45 /min and <= 100 /min"),
    ("respiratory rate > 20 breaths per minute", "respiratory_rate > 20 /min"),
    # "degree celsius" was a plane angle (deg) and a subject "celsius"
    ("temperature >39 degree celsius", "body_temperature > 39 Cel"),
    # registry fields pasted into the criteria: the colon was read as a label, and the rule had no subject
    ("Minimum Age: 18 Years, Maximum Age: 99 Years", "(age >= 18 year) and (age <= 99 year)"),
])
def test_quantities_read_whole(text, canonical):
    c = line(text, "inclusion")
    assert c.status == "compiled" and c.canonical == canonical


def test_a_top_that_is_not_the_scales_is_no_rating():
    assert line("MMSE < 24/28", "inclusion").status == "unsupported"


def test_an_exclusive_limit_in_parentheses_is_not_dropped():
    # "(exclusive)" was dropped as a gloss, so 90 kg itself was in the range
    c = line("Subjects weighing between 50kg (inclusive) and 90kg (exclusive)", "inclusion")
    assert c.status == "partial" and "'exclusive'" in _left_out(c)
    assert line("age 18-65 years (inclusive)", "inclusion").status == "compiled"


@pytest.mark.parametrize("text, canonical", [
    # procedures round 4's note: "underwent" / "undergone" were left out (partial)
    ("Patients who underwent hysterectomy", "history of hysterectomy"),
    ("have previously undergone hysterectomy", "history of hysterectomy"),
    ("Patients who underwent chemotherapy", "received chemotherapy"),
])
def test_underwent_is_done(text, canonical):
    c = line(text, "exclusion")
    assert c.status == "compiled" and c.canonical == canonical


def test_underwent_before_an_unknown_thing_stays_a_word():
    c = line("who underwent imaging examination evidencing grade II or III knee osteoarthritis according to the "
             "Kellgren and Lawrence classification", "inclusion")
    assert c.canonical == "((kl_grade = 2) or (kl_grade = 3)) and (icd10_m17)"
    assert "underwent" in _left_out(c)


@pytest.mark.parametrize("text, canonical", [
    # drugs round 6's note: read as "never on it for a run that long", a course last month passed a washout
    ("Not taking antibiotics and antimicrobial drugs for at least three months",
     "not ((received systemic_antibiotics within 3 month) or (received antimicrobials within 3 month))"),
    ("No use of metformin for at least 3 months", "not (received metformin within 3 month)"),
    # the canonical text reads back as written
    ("not (taking metformin for >= 3 month)", "not (taking metformin for >= 3 month)"),
])
def test_not_taking_a_drug_for_n_is_a_washout(text, canonical):
    c = line(text, "inclusion")
    assert c.status == "compiled" and c.canonical == canonical


def test_no_before_a_result_and_a_diagnosis_is_neither():
    # second audit: the "no" reached only the positive test
    c = line("no positive pregnancy test or breast feeding at screening", "inclusion")
    assert c.canonical == "not ((positive pregnancy_test) or (breastfeeding))"


@pytest.mark.parametrize("text, inside, outside", [
    # second audit: the title-derived readings were A64 and P07.3 alone
    ("sexually transmitted diseases", "A54.00", "B20"),     # gonorrhea counts; HIV is not in the block
    ("Prematurity", "P07.25", "P05.00"),                    # extreme immaturity counts; light for dates does not
])
def test_a_word_reads_every_code_it_names(text, inside, outside):
    from screener.vocab import vocabulary

    group = line(text, "exclusion").rule.group
    v = vocabulary()
    assert group in v.condition_groups_for_code("icd10", inside)
    assert group not in v.condition_groups_for_code("icd10", outside)


def test_a_label_that_ends_in_such_as_gives_examples_of_what_it_names():
    # second audit: "sickle-cell disease" without pulmonary hypertension excluded
    c = line("Causes of PH other than that of heart failure, such as: chronic thromboembolic PH, sickle-cell disease, "
             "or sarcoidosis", "exclusion")
    assert c.status == "partial" and "rule.label_scope" in [d.code for d in c.diagnostics]


@pytest.mark.parametrize("text, canonical, status", [
    # drugs round 6's note: the drugs of an allergy list were read as taken
    ("Asthma and allergy to aspirin, ibuprofen or any other nonsteroidal antiinflammatory drug;",
     "(icd10_j45) and ((allergy to aspirin) or (allergy to ibuprofen) or (allergy to nsaids))", "compiled"),
    ("The patient has a known hypersensitivity or contraindication to any of the following medications: Heparin, "
     "Aspirin, Clopidogrel, Cilostazol",
     "(allergy to heparin) or (allergy to aspirin) or (allergy to clopidogrel) or (allergy to cilostazol)", "partial"),
])
def test_the_drugs_of_an_allergy_list_are_never_taken(text, canonical, status):
    c = line(text, "exclusion")
    assert (c.canonical, c.status) == (canonical, status)


def test_a_lead_in_read_alone_is_partial():
    # second audit: "Cardiovascular disease:" compiled as an inclusion of its own
    c = line("Cardiovascular disease:", "inclusion")
    assert c.status == "partial" and "rule.lead_in" in [d.code for d in c.diagnostics]
    assert line("Age: >= 18 years", "inclusion").status == "compiled"  # a label with its rule after it


def test_an_oral_contraceptive_is_taken_by_mouth():
    # audit 1: "Oral contraceptive" read as every hormonal contraceptive (implant, ring, patch, injection)
    from screener.vocab import vocabulary

    assert line("Oral contraceptive", "exclusion").canonical == "taking oral_contraceptives"
    assert line("hormonal contraceptives", "exclusion").canonical == "taking hormonal_contraceptives"
    oc = vocabulary().drug_classes["oral_contraceptives"]
    assert tuple(oc.systemic_routes) == ("oral",)
    assert "levonorgestrel" in oc.members and "etonogestrel" not in oc.members  # (an implant, a ring)


def test_viral_or_bacterial_infection_names_no_code_set():
    # second audit: read as the "unspecified" codes B34.8-B34.9 and A49.8-A49.9, a patient with pneumonia passed
    c = line("Current viral or bacterial infection.", "exclusion")
    assert c.status == "partial" and "viral or bacterial" in _left_out(c)


def test_a_negating_heading_leaves_its_items_partial():
    # third audit: "cardiovascular disease," under "should report the absence of:" required the disease
    from screener.compile import compile_text

    t = compile_text("Inclusion Criteria:\n- should report the absence of:\n  - anemia,\n  - cardiovascular disease,")
    items = [c for c in t.criteria if c.text.startswith(("anemia", "cardiovascular"))]
    assert items and all(c.status == "partial" and "rule.label_scope" in [d.code for d in c.diagnostics]
                         for c in items)


@pytest.mark.parametrize("text, canonical", [
    # third audit: the "+" was dropped, so ASA 4 and 5 passed an exclusion of "ASA 3+"
    ("ASA 3+", "asa_class >= 3"),
    ("ASA III+", "asa_class >= 3"),
    ("ASA class 2+ or higher", "asa_class >= 2"),
])
def test_a_place_of_a_score_or_more(text, canonical):
    c = line(text, "exclusion")
    assert c.status == "compiled" and c.canonical == canonical


def test_two_words_in_parentheses_after_a_limit_stay():
    # third audit: "(South Asian)" was dropped, so BMI > 27.5 held for everyone
    c = line("Body mass index > 30Kg/m2 or > 27.5 Kg/m2 (South Asian),", "inclusion")
    assert c.status == "partial" and "South Asian" in _left_out(c)


@pytest.mark.parametrize("heading, partial", [
    # the rules under these hold for some participants only, and were read for everyone
    ("Exclusion Criteria (ESRD group)", True),
    ("For the T2D groups", True),
    ("Inclusion criteria for mothers will be", True),
    ("In category 1, the following are exclusionary", True),  # audit 4
    # the section's own heading, or one that says it holds for all
    ("Exclusion Criteria", False),
    ("Key Exclusion Criteria", False),
    ("For all participants", False),
    ("Exclusion Criteria (both groups)", False),
])
def test_a_heading_that_says_whom_the_lines_are_for(heading, partial):
    from screener.compile import compile_line
    from screener.text.lines import CriterionLine

    c = compile_line(CriterionLine(id="E1", role="exclusion", heading=heading, text="pregnant or breastfeeding",
                                   start=0, end=25, line=1, column=1))
    assert (c.status == "partial") == partial


def test_items_under_a_scoping_lead_in_are_partial():
    from screener.compile import compile_text

    t = compile_text("Inclusion Criteria:\n- For AD patients:\n  - MMSE < 24\n- Meets one of the following:\n"
                     "  - diabetes\n  - hypertension\n- For all participants:\n  - Age > 18 years")
    by = {c.text: c for c in t.criteria}
    assert by["MMSE < 24"].status == "partial"
    assert by["Age > 18 years"].status == "compiled"
    assert by["Meets one of the following:"].canonical == "at least 1 of ((diabetes), (hypertension))"


# ---- audit 4 (seed 14, docs/notes/issue-5-audits.md) ----------------------------------------------------------


def test_rules_before_the_last_colon_leave_the_line_partial():
    # the items before "... any of the following medications:" were dropped, and the line was full
    from screener.compile import compile_text

    (c,) = compile_text("Exclusion Criteria:\n- Contra-indications to muscle relaxants: 1) Concurrent use of centrally "
                        "acting opioids; 2) Renal impairment; 3) Use of any of the following medications: fluvoxamine, "
                        "amiodarone").criteria
    assert c.status == "partial" and "rule.label_rules" in {d.code for d in c.diagnostics}
    # a label that only names what its rules are about stays a label
    (c,) = compile_text("Exclusion Criteria:\n- liver and renal dysfunction: ALT > 3 x ULN; eGFR < 40").criteria
    assert c.status == "compiled"


@pytest.mark.parametrize("role, canonical", [
    # within a limit in an inclusion: each enzyme (read as "or", ALT at 6 x ULN passed with a normal AST)
    ("inclusion", "(ast <= 2.5 x ULN) and (alt <= 2.5 x ULN)"),
    ("exclusion", "(ast <= 2.5 x ULN) or (alt <= 2.5 x ULN)"),
])
def test_and_or_before_an_upper_limit_in_an_inclusion_is_each(role, canonical):
    text = "Serum aspartate transaminase (AST) and/or alanine transaminase (ALT) ≤2.5 × ULN"
    assert render(compile_rule(text, role)) == canonical
    assert render(compile_rule("AST and/or ALT > 3 x ULN", "exclusion")) == "(ast > 3 x ULN) or (alt > 3 x ULN)"


def test_a_capital_d_after_a_number_is_dioptres_not_days():
    # "Myopia > 6D" excluded any short-sighted patient diagnosed more than 6 days ago
    from screener.compile import compile_text

    (c,) = compile_text("Exclusion Criteria:\n- Myopia > 6D;").criteria
    # (ends6: the diagnosis is read, partial, with the dioptres reported as left out; no window)
    assert c.status == "partial" and c.canonical == "icd10_h52_1"
    assert any("> 6D" in d.message for d in c.diagnostics if d.code == "lex.ignored_words")
    assert render(compile_rule("antibiotics within 7 d", "exclusion")) == "received systemic_antibiotics within 7 day"


@pytest.mark.parametrize("text, canonical, status", [
    # "bleeding" is an item of its own, not "bleeding diathesis" again
    ("Active bleeding, bleeding diathesis.", "active bleeding_disorder", "partial"),
    ("A history of severe bleeding or bleeding disorders", "history of severe bleeding_disorder", "partial"),
    # the list words that make other diagnoses with the head still do
    ("intramural or subserosal leiomyomas,", "icd10_d25", "compiled"),
    ("liver and kidney disease", "(liver_dysfunction) or (renal_dysfunction)", "compiled"),
])
def test_a_word_that_repeats_the_next_items_first_word_is_its_own_item(text, canonical, status):
    from screener.compile import compile_text

    (c,) = compile_text("Exclusion Criteria:\n- " + text).criteria
    assert (c.canonical, c.status) == (canonical, status)


@pytest.mark.parametrize("text, canonical, status", [
    # "history" after the item it ends is "history of" it (it was left out and the item read as present)
    ("cancer history", "history of malignancy", "compiled"),
    ("Organ transplant history,", "history of organ_transplant", "compiled"),
    ("previous intubation or apnea history", "(history of intubation) or (history of icd10_r06_81)", "compiled"),
    # a family history, and "by history" (how a thing is known), are not
    ("cancer history in first-degree relatives", "malignancy", "partial"),
])
def test_history_after_a_diagnosis(text, canonical, status):
    from screener.compile import compile_text

    (c,) = compile_text("Exclusion Criteria:\n- " + text).criteria
    assert (c.canonical, c.status) == (canonical, status)


@pytest.mark.parametrize("text, canonical", [
    # "defined as" values define the diagnosis, as "anaemia (Hb < 9 g/dL)" says; read as "or" before, the diagnosis
    # alone excluded anyone with the code
    ("Anaemia, defined as Hb <9g/dl", "hemoglobin < 9 g/dL"),
    ("Impaired renal function, defined as eGFR < 30 ml/min/1.73 m²;", "egfr < 30 mL/min/{1.73_m2}"),
    ("Obesity defined as BMI>30", "bmi > 30 kg/m2"),
    ("had uncontrolled diabetes (defined as HbA1C>7%)", "hba1c > 7 %"),
])
def test_defined_as_values(text, canonical):
    from screener.compile import compile_text

    (c,) = compile_text("Exclusion Criteria:\n- " + text).criteria
    assert (c.canonical, c.status) == (canonical, "compiled")


def test_defined_as_with_more_than_values_is_left_as_it_was():
    from screener.compile import compile_text

    (c,) = compile_text("Exclusion Criteria:\n- Resistant hypertension, defined as BP > 140/90, despite the use of "
                        "three or more anti-hypertensive drugs").criteria
    assert c.status == "partial"


# ---- audit 5 (seed 15, docs/notes/issue-5-audits.md) ----------------------------------------------------------


def test_an_exclusion_list_written_as_requirements_leaves_its_no_lines_partial():
    from screener.compile import compile_text
    from screener.coverage import line_class

    # NCT03861208 (LCT): a healthy-children trial whose exclusions are all "no X": read literally, every child
    # without a food allergy was excluded
    t = compile_text("Inclusion Criteria:\n- healthy children\nExclusion Criteria:\n- no food allergies\n"
                     "- no medications that affect behavior/learning/appetite\n")
    [e1] = [c for c in t.criteria if c.id == "E1"]
    assert line_class(e1) == "partial" and "rule.requirement_list" in [d.code for d in e1.diagnostics]
    # one "No X" among ordinary exclusions is read as written
    t = compile_text("Exclusion Criteria:\n- Pregnancy\n- Asthma\n- No food allergies\n")
    assert [line_class(c) for c in t.criteria] == ["full", "full", "full"]


@pytest.mark.parametrize("role, canonical", [
    # NCT02295202 (Chia): two exclusions, not one patient with both
    ("exclusion", "(mild icd10_g47_33) or (bmi > 40 kg/m2)"),
    ("inclusion", "(mild icd10_g47_33) and (bmi > 40 kg/m2)"),
])
def test_and_before_patients_with_starts_a_new_item(role, canonical):
    assert line("Mild OSA and patients with BMI over 40 kg/m2.", role).canonical == canonical


def test_pregnancy_within_a_window_is_pregnant_in_it():
    # NCT01846507 (Chia): read as an onset in the window, a woman who delivered last month was not excluded
    assert line("Pregnancy within the past 6 months and/or breast-feeding", "exclusion").canonical == \
        "(pregnancy within 6 month) or (breastfeeding)"
    from tests.condition_records import one_condition

    delivered = one_condition("http://hl7.org/fhir/sid/icd-10-cm", "Z34.90", "resolved", "2025-11-01", "2026-08-01")
    got, _ = screen_both("Exclusion Criteria:\n- Pregnancy within the past 6 months\n", delivered, AS_OF)
    assert got["E1"] == "met"
    long_ago = one_condition("http://hl7.org/fhir/sid/icd-10-cm", "Z34.90", "resolved", "2024-01-01", "2024-09-01")
    got, _ = screen_both("Exclusion Criteria:\n- Pregnancy within the past 6 months\n", long_ago, AS_OF)
    assert got["E1"] == "not_met"


@pytest.mark.parametrize("text, inside, outside", [
    # K81 excludes cholecystitis with gallstones, the commonest acute cholecystitis
    ("acute cholecystitis within two months", "K80.00", "K80.10"),
    ("acute cholecystitis within two months", "K81.0", "K81.1"),
    # E61.1 excludes iron deficiency anaemia, which is iron deficiency too
    ("Confirmed presence of iron deficiency", "D50.9", "D51.0"),
    # doubtful in audit 5: ischaemic and peripartum cardiomyopathy are cardiomyopathies
    ("Cardiomyopathy", "I25.5", "I25.10"),
    ("Cardiomyopathy", "O90.3", "I50.9"),
])
def test_audit5_code_sets(text, inside, outside):
    from screener.vocab import vocabulary

    rule = line(text, "exclusion").rule
    v = vocabulary()
    assert rule.group in v.condition_groups_for_code("icd10", inside)
    assert rule.group not in v.condition_groups_for_code("icd10", outside)


@pytest.mark.parametrize("text, canonical", [
    # NCT00679341 (Chia): the 'and' that ends a list of semicolons is one more of them
    ("Doxorubicin > 500 mg/m^2; epirubicin > 900 mg/m^2; mitoxantrone > 120mg/m^2 and idarubicin > 90 mg/m^2.",
     "(doxorubicin dose > 500 mg/m2) or (epirubicin dose > 900 mg/m2) or (mitoxantrone dose > 120 mg/m2) or "
     "(idarubicin dose > 90 mg/m2)"),
    # an 'and' inside one item of the list still joins its two subjects
    ("estimated glomerular filtration rate <=30 mL/min; aspartate aminotransferase and alanine aminotransferase "
     "levels >=3 times the upper limit of normal",
     "(egfr <= 30 mL/min) or ((ast >= 3 x ULN) or (alt >= 3 x ULN))"),
])
def test_the_last_and_of_a_semicolon_list(text, canonical):
    assert line(text, "exclusion").canonical == canonical


@pytest.mark.parametrize("text", [
    # a citation, and words that name nothing alone, are no subject for a number (bench 'wrong' list, session 13)
    "The current standard diagnostic criteria for KD (Circulation 2001 103 335-336 doi: 10.1161/01.CIR 103.2.335) are:",
    "Oral steroids unless patients present a low stable dose (e.g. 10 mg or less of prednisone per day or "
    "physiological doses",
])
def test_no_subject_from_a_citation_or_a_word_that_names_nothing(text):
    c = line(text, "exclusion")
    assert '"doi' not in (c.canonical or "") and '"e g"' not in (c.canonical or "")


@pytest.mark.parametrize("text", [
    # LCT/Chia lines whose unit converts but is a slip: read as written they decide nothing real (no haemoglobin
    # is under 10 mg/dL, so the exclusion let every anaemic patient through)
    "Severe anemia (Hb <10 mg/dL).",
    "Platelet count < 75,000/ml",
    "Serum albumin < 2.0mg/dL",
    "Renal function: serum creatinine is 44-133 mmol/L;",
])
def test_a_limit_far_outside_its_range_is_a_unit_slip_and_partial(text):
    from screener.coverage import line_class

    c = line(text, "exclusion")
    assert line_class(c) == "partial" and "vocab.implausible_limit" in [d.code for d in c.diagnostics]


@pytest.mark.parametrize("text", ["hemoglobin < 9 g/dL", "ferritin > 1000 ng/mL", "PSA > 200 ng/mL",
                                  "platelets < 50,000/mm3", "creatinine > 150 umol/L", "triglycerides > 1000 mg/dL"])
def test_real_limits_far_from_normal_stay_full(text):
    from screener.coverage import line_class

    assert line_class(line(text, "exclusion")) == "full"
