"""Round 13 of curated condition wordings (issue 5): diagnoses that kept a corpus line from compiling whole.

Each corpus line below was `unsupported` or `partial` before its row in condition_synonyms.csv (or its synonym in
condition_groups.csv) existed, and now compiles whole (or, for the partial ones, reads the diagnosis as its own
group).  Every wording of the round is checked to read as its group, and coded records check the code sets (in for
a code the wording means, out for a neighbouring code it does not).

'X pathology' and 'X troubles' are calques of French 'pathologie X' / 'troubles X' (a disease of X): they take the
code set of 'X disease' / 'X disorder'.  'Longstanding persistent atrial fibrillation' (I48.11) and the bilateral
age-related cataracts (the H25 codes titled 'bilateral') are ICD-10-CM codes for the qualified diagnosis.
"""

from __future__ import annotations

import pytest

from screener.compile import compile_rule
from screener.coverage import line_class
from screener.ir.canonical import render
from screener.vocab import vocabulary
from tests.lines import line as _line
from tests.test_vocab_conditions3 import _groups
from tests.test_vocab_icd10 import _patient, _run  # the same coded record and evaluation


@pytest.mark.parametrize("text,role,reading", [
    ('Bilateral age-related cataract', 'inclusion', 'bilateral_age_related_cataract'),
    ('Long-standing persistent or permanent atrial fibrillation.', 'exclusion',
     'long_standing_persistent_or_permanent_atrial_fibrillation'),
    ('Evidence of severe cerebrovascular pathology', 'exclusion', 'severe icd10_i60_i69'),
    ('History of neurological troubles, dysphasia, autistic spectrum disorder, intellectual disabilities', 'exclusion',
     '(history of neurological_disease) or (history of icd10_r47_02) or (history of icd10_f84_0) or '
     '(history of icd10_f70_f79)'),
    ('neurologic trouble', 'exclusion', 'neurological_disease'),
    ('Psychiatric troubles', 'exclusion', 'psychiatric_disorder'),
    ('Patients with positive HIV status', 'exclusion', 'hiv'),
    ('Active hepatobiliary disease', 'exclusion', 'active hepatobiliary_disease'),
    ('chronic renal failure on dialysis', 'exclusion', 'end_stage_renal_disease'),
    ('Renal or hepatic disorders known', 'exclusion', '(renal_dysfunction) or (liver_dysfunction)'),
    ('History of renal, hepatic or psychiatric disorders', 'exclusion',
     '(history of renal_dysfunction) or (history of liver_dysfunction) or (history of psychiatric_disorder)'),
    ('diagnosed with psychological diseases', 'exclusion', 'psychiatric_disorder'),
    ('Severe respiratory and circulatory system diseases.', 'exclusion',
     '(severe respiratory_disease) or (severe cardiovascular_disease)'),
    ('No history of GI pathology', 'inclusion', 'not (history of gastrointestinal_disease)'),
    ('Cardiovascular, kidney or hepatic diseases;', 'exclusion',
     '(cardiovascular_disease) or (renal_dysfunction) or (liver_dysfunction)'),
])
def test_corpus_lines_compile_fully(text, role, reading):
    c = _line(text, role)
    assert line_class(c) == "full", (text, c.status, [d.code for d in c.diagnostics])
    assert render(c.rule) == reading, (text, c.canonical)


@pytest.mark.parametrize("text,role,reading", [
    # partial lines (a qualifier or other words left out) that now read the diagnosis as its own code set
    ('Existing diagnoses of psychiatric or neurologic pathology', 'exclusion',
     '(psychiatric_disorder) or (neurological_disease)'),
    ('Have suffered neurological pathology in the last 6 months', 'exclusion',
     'onset of neurological_disease within 6 month'),
    ('Present a medical diagnosis of musculoskeletal pathology', 'inclusion', 'musculoskeletal_disease'),
    ('Patients with poorly controlled major psychiatric pathology.', 'exclusion',
     '(psychiatric_disorder) and (manual "whether the psychiatric disorder is poorly controlled major (a person '
     'judges it; no record says)")'),
    ('Chronic gastrointestinal system disorders', 'exclusion',
     '(gastrointestinal_disease) and (manual "whether the gastrointestinal disease is chronic (a person judges it; '
     'no record says)")'),
    ('Clinically significant hepatic or renal disorder.', 'exclusion', '(liver_dysfunction) or (renal_dysfunction)'),
    ('ongoing episode of bipolar disease or psychotic disorder', 'exclusion',
     '(active icd10_f31) or (active icd10_f20_f29)'),
    ('Infectious pathologies evoluting and requiring antibiotherapy.', 'exclusion',
     '(active_infection) and (taking systemic_antibiotics)'),
    ('Children with congenital pathologies (with malformations in the oro-facial sphere)', 'exclusion',
     'congenital_abnormalities'),
    ('Ocular condition that may predispose the eye to complications', 'exclusion', 'eye_disease'),
])
def test_partial_corpus_lines_read_the_diagnosis(text, role, reading):
    c = _line(text, role)
    assert render(c.rule) == reading, (text, c.canonical)


@pytest.mark.parametrize("text,group", [
    ('patient with a stroke / Disabling Neurological Pathology, Chronic Immunological Pathology / Systemic Disease.',
     'neurological_disease'),
    ('Cardio-vascular pathologies, evoluting and uncontrolled, (severe HTA), cardiac deficiency, severe angor, severe '
     'arrhythmia.', 'cardiovascular_disease'),
    ('Pronounced congenital defects or serious chronic diseases in the acute stage, including any clinically '
     'important exacerbation of chronic diseases of the liver, kidney, cardiovascular, nervous system, mental diseases '
     'or metabolic disorders, confirmed by the history or objective examination (pulmonary: cystic fibrosis, lung '
     'abscess, empyema, active tuberculosis; extra-pulmonary: congestive heart failure, malabsorption, chronic renal '
     'and hepatic failure, cirrhosis, malignancy, immunodeficiency, cirrhosis of the liver);', 'liver_dysfunction'),
])
def test_partial_corpus_lines_gain_the_diagnosis(text, group):
    c = _line(text, "exclusion")
    assert group in _groups(c.rule), (text, c.canonical)


@pytest.mark.parametrize("wording,group", [
    ("longstanding persistent atrial fibrillation", "icd10_i48_11"),
    ("long-standing persistent atrial fibrillation", "icd10_i48_11"),
    ("long-standing persistent or permanent atrial fibrillation",
     "long_standing_persistent_or_permanent_atrial_fibrillation"),
    ("bilateral age-related cataract", "bilateral_age_related_cataract"),
    ("psychiatric pathology", "psychiatric_disorder"),
    ("psychiatric troubles", "psychiatric_disorder"),
    ("psychiatric trouble", "psychiatric_disorder"),
    ("neurological pathology", "neurological_disease"),
    ("neurologic pathology", "neurological_disease"),
    ("neurological troubles", "neurological_disease"),
    ("neurologic trouble", "neurological_disease"),
    ("cerebrovascular pathology", "icd10_i60_i69"),
    ("musculoskeletal pathology", "musculoskeletal_disease"),
    ("cardiovascular pathology", "cardiovascular_disease"),
    ("cardiovascular pathologies", "cardiovascular_disease"),
    ("cardio-vascular pathologies", "cardiovascular_disease"),
    ("positive hiv status", "hiv"),
    ("hepatobiliary disease", "hepatobiliary_disease"),
    ("hepatobiliary diseases", "hepatobiliary_disease"),
    ("chronic renal failure on dialysis", "end_stage_renal_disease"),
    ("chronic kidney disease requiring chronic dialysis", "end_stage_renal_disease"),
    ("hepatic disorder", "liver_dysfunction"),
    ("hepatic disorders", "liver_dysfunction"),
    ("hepatic diseases", "liver_dysfunction"),
    ("diseases of the liver", "liver_dysfunction"),
    ("disease of the liver", "liver_dysfunction"),
    ("disease of liver", "liver_dysfunction"),
    ("diseases of liver", "liver_dysfunction"),
    ("renal disorders", "renal_dysfunction"),
    ("psychological disease", "psychiatric_disorder"),
    ("psychological diseases", "psychiatric_disorder"),
    ("gastrointestinal system disorder", "gastrointestinal_disease"),
    ("gastrointestinal system disorders", "gastrointestinal_disease"),
    ("gi condition", "gastrointestinal_disease"),
    ("gi conditions", "gastrointestinal_disease"),
    ("gi pathology", "gastrointestinal_disease"),
    ("circulatory system disease", "cardiovascular_disease"),
    ("circulatory system diseases", "cardiovascular_disease"),
    ("cardiovascular illness", "cardiovascular_disease"),
    ("respiratory system disease", "respiratory_disease"),
    ("respiratory system diseases", "respiratory_disease"),
    ("bipolar disease", "icd10_f31"),
    ("immunodeficiency condition", "immunodeficiency"),
    ("immunodeficiency conditions", "immunodeficiency"),
    ("congenital abnormality", "congenital_abnormalities"),
    ("congenital pathologies", "congenital_abnormalities"),
    ("depressive illness", "depression"),
    ("eye conditions", "eye_disease"),
    ("ocular condition", "eye_disease"),
    ("ocular pathology", "eye_disease"),
    ("mitochondrial disease", "icd10_e88_4"),
    ("mitochondrial diseases", "icd10_e88_4"),
    ("seizure condition", "icd10_g40"),
    ("malignant illness", "malignancy"),
    ("infectious pathologies", "active_infection"),
])
def test_round13_wordings_read_as_their_group(wording, group):
    rule = compile_rule(wording, "exclusion")
    assert rule is not None and _groups(rule) == [group], (wording, rule)


@pytest.mark.parametrize("group,name", [
    # the ICD-10-CM title is the new group's name
    ("icd10_i48_11", "longstanding persistent atrial fibrillation"),
    ("bilateral_age_related_cataract", "bilateral age-related cataract"),
])
def test_new_groups_take_their_title_as_name(group, name):
    assert vocabulary().condition_groups[group].name == name


@pytest.mark.parametrize("criterion,code,expected", [
    ("long-standing persistent atrial fibrillation", "I48.11", True),
    ("long-standing persistent atrial fibrillation", "I48.19", False),   # other persistent atrial fibrillation
    ("long-standing persistent atrial fibrillation", "I48.21", False),   # permanent atrial fibrillation
    ("long-standing persistent or permanent atrial fibrillation", "I48.11", True),
    ("long-standing persistent or permanent atrial fibrillation", "I48.21", True),
    ("long-standing persistent or permanent atrial fibrillation", "I48.0", False),   # paroxysmal
    ("long-standing persistent or permanent atrial fibrillation", "I48.19", False),
    ("bilateral age-related cataract", "H25.13", True),      # age-related nuclear cataract, bilateral
    ("bilateral age-related cataract", "H25.813", True),     # combined forms, bilateral
    ("bilateral age-related cataract", "H25.043", True),     # posterior subcapsular polar, bilateral
    ("bilateral age-related cataract", "H25.11", False),     # age-related nuclear cataract, right eye
    ("bilateral age-related cataract", "H25.9", False),      # unspecified age-related cataract
    ("bilateral age-related cataract", "H26.9", False),      # unspecified cataract
    ("psychiatric pathology", "F32.9", True),                # major depressive disorder, single episode
    ("psychiatric troubles", "F41.1", True),                 # generalized anxiety disorder
    ("psychiatric troubles", "F17.210", False),              # nicotine dependence, cigarettes
    ("neurologic trouble", "G40.909", True),                 # epilepsy
    ("neurological pathology", "G35", True),                 # multiple sclerosis
    ("neurological pathology", "I63.9", False),              # cerebral infarction (circulatory chapter)
    ("cerebrovascular pathology", "I63.9", True),
    ("cerebrovascular pathology", "I21.9", False),           # acute myocardial infarction
    ("musculoskeletal pathology", "M17.11", True),           # primary osteoarthritis, right knee
    ("musculoskeletal pathology", "S82.101A", False),        # fracture of tibia (an injury code)
    ("cardio-vascular pathologies", "I10", True),
    ("cardio-vascular pathologies", "J45.909", False),
    ("positive hiv status", "B20", True),
    ("positive hiv status", "Z21", True),                    # asymptomatic HIV infection status
    ("positive hiv status", "Z11.4", False),                 # screening for HIV
    ("hepatobiliary disease", "K74.60", True),               # cirrhosis of liver
    ("hepatobiliary disease", "K80.20", True),               # gallbladder calculus without cholecystitis
    ("hepatobiliary disease", "K83.01", True),               # primary sclerosing cholangitis
    ("hepatobiliary disease", "K86.1", False),               # other chronic pancreatitis
    ("hepatobiliary disease", "K85.90", False),              # acute pancreatitis
    ("chronic renal failure on dialysis", "N18.6", True),    # end stage renal disease
    ("chronic renal failure on dialysis", "N18.4", False),   # chronic kidney disease, stage 4
    ("hepatic disorders", "K76.0", True),                    # fatty liver
    ("diseases of the liver", "K80.20", False),              # gallstones are not a liver disease
    ("renal disorders", "N18.3", True),
    ("psychological diseases", "F41.1", True),
    ("gi pathology", "K50.90", True),                        # Crohn's disease
    ("gi pathology", "K76.0", False),                        # liver, not the gastrointestinal set
    ("circulatory system diseases", "I50.9", True),
    ("respiratory system diseases", "J44.9", True),
    ("respiratory system diseases", "I50.9", False),
    ("bipolar disease", "F31.9", True),
    ("bipolar disease", "F33.1", False),                     # recurrent major depression
    ("mitochondrial disease", "E88.40", True),               # mitochondrial metabolism disorder, unspecified
    ("mitochondrial disease", "E88.1", False),               # lipodystrophy
])
def test_coded_records_decide_the_round13_wordings(criterion, code, expected):
    assert _run(criterion, _patient(code)).value is expected, (criterion, code)


def test_case_codes_are_icd10cm_codes():
    icd = pytest.importorskip("simple_icd_10_cm")
    codes = {"I48.11", "I48.19", "I48.21", "I48.0", "H25.13", "H25.813", "H25.043", "H25.11", "H25.9", "H26.9",
             "F32.9", "F41.1", "F17.210", "G40.909", "G35", "I63.9", "I21.9", "M17.11", "S82.101A", "I10",
             "J45.909", "B20", "Z21", "Z11.4", "K74.60", "K80.20", "K83.01", "K86.1", "K85.90",
             "N18.6", "N18.4", "K76.0", "N18.3", "K50.90", "I50.9", "J44.9", "F31.9", "F33.1", "E88.40", "E88.1"}
    assert [c for c in sorted(codes) if not icd.is_valid_item(c)] == []


@pytest.mark.parametrize("text,reading", [
    # corpus lines: "systemic" is also a route; the lexicon hid "systemic lupus erythematosus" behind route +
    # "lupus erythematosus", and the grammar takes no route before a condition, so "systemic" was left out
    ("Patients with myasthenia gravis or systemic lupus erythematosus", "(icd10_g70_0) or (sle)"),
    ("Women with systemic lupus erythematosus (SLE)", "(sex female) and (sle)"),
    ("Subjects who have systemic infection", "active_infection"),
    # a route before a drug is still the route ("oral steroids" is oral glucocorticoids)
    ("Use of oral steroids", "taking oral glucocorticoids"),
])
def test_a_condition_whose_name_starts_with_a_route_word(text, reading):
    c = _line(text)
    assert (line_class(c), render(c.rule)) == ("full", reading)
