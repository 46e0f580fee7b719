"""Issue 5 data fix 3: general wordings taken from an 'unspecified'/'NOS' entry that kept only the residual codes
of their category (audit 4: 'rheumatic heart disease' -> I09.8, I09.9; 'strabismus' -> H50.2, .6, .8, .9;
'myopathy' -> G72 without periodic paralysis and inflammatory myopathies), and audit 4's doubtful items
('chronic atrial fibrillation', 'blood thinners').

Each case is a corpus line (LCT/Chia) or, where the line says more than the wording, the wording alone, evaluated
against a one-diagnosis ICD-10-CM record: "in" for a code the words mean and the old data missed, "out" for a
neighbour the words do not name.
"""

from __future__ import annotations

import datetime as dt

import pytest

from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import RuleEvaluator
from screener.ir.canonical import render
from screener.records.bind import bind_patient
from screener.vocab import vocabulary
from tests.both_engines import screen_both
from tests.condition_records import icd10_bundle
from tests.lines import line as _line
from tests.test_vocab_icd10 import _patient  # the same coded record


def _run(text: str, patient):
    """The line's rule (whole or partial: a partial line keeps the rule of the words it read) on the record."""
    c = _line(text, "exclusion")
    assert c.rule is not None, text
    bind_patient(patient)
    return RuleEvaluator(PatientFacts(patient, dt.date(2024, 6, 1)), DEFAULT_POLICY, "X", patient.attestations).eval(c.rule)


CASES = [
    # rheumatic heart disease = I01, I02.0, I05-I09 (was I09.8, I09.9)
    ("Rheumatic Heart Disease", "I05.0", True),                        # rheumatic mitral stenosis
    ("Rheumatic Heart Disease", "I06.1", True),                        # rheumatic aortic insufficiency
    ("Rheumatic Heart Disease", "I08.0", True),                        # mitral and aortic
    ("Rheumatic Heart Disease", "I09.1", True),                        # rheumatic endocarditis
    ("Rheumatic Heart Disease", "I01.9", True),                        # acute rheumatic heart disease
    ("Rheumatic Heart Disease", "I00", False),                         # rheumatic fever without heart involvement
    ("Rheumatic Heart Disease", "I34.0", False),                       # nonrheumatic mitral insufficiency
    ("Infective endocarditis and rheumatic heart disease;", "I05.2", True),
    ("Congenital or rheumatic heart diseases", "I07.1", True),         # rheumatic tricuspid insufficiency
    # strabismus = H49 paralytic + H50 (was H50.2, H50.6, H50.8, H50.9)
    ("Amblyopia, strabismus", "H50.00", True),                         # esotropia
    ("Amblyopia, strabismus", "H50.10", True),                         # exotropia
    ("Amblyopia, strabismus", "H50.30", True),                         # intermittent heterotropia
    ("Amblyopia, strabismus", "H49.20", True),                         # sixth nerve palsy
    ("Amblyopia, strabismus", "H51.11", False),                        # convergence insufficiency
    # myopathy = G71, G72, G73.7, M33, M36.0 (was G72.0-G72.2, G72.81, G72.9)
    ("pre-existing myopathy or polyneuropathy", "G71.00", True),       # muscular dystrophy
    ("pre-existing myopathy or polyneuropathy", "G71.11", True),       # myotonic dystrophy
    ("pre-existing myopathy or polyneuropathy", "G72.3", True),        # periodic paralysis
    ("pre-existing myopathy or polyneuropathy", "G72.41", True),       # inclusion body myositis
    ("pre-existing myopathy or polyneuropathy", "M33.20", True),       # polymyositis
    ("pre-existing myopathy or polyneuropathy", "G70.00", False),      # myasthenia gravis
    ("History of atrial fibrillation or muscle disease (myopathy)", "G71.3", True),  # mitochondrial myopathy
    # retinal detachment = H33.0, H33.2, H33.4, H33.8; tractional = H33.4 (was H33.0, H33.2 for both)
    ("tractional retinal detachment", "H33.40", True),
    ("tractional retinal detachment", "H33.20", False),                # serous detachment
    ("retinal detachment", "H33.41", True),
    ("retinal detachment", "H33.8", True),
    ("retinal detachment", "H33.301", False),                          # retinal break without detachment
    ("History of rhegmatogenous retinal detachment, retinal tear(s), or traction retinal detachments in the study "
     "eye", "H33.20", False),                                          # serous: not named
    # chest pain = R07.1, R07.2, R07.8, R07.9 (no precordial pain before)
    ("Primary symptom of chest pain", "R07.2", True),
    ("Primary symptom of chest pain", "R07.0", False),                 # pain in throat
    # visual loss = H54 (was the 'unqualified'/'unspecified visual loss' codes only)
    ("Evidence of another diagnosis that can explain serous SRF or visual loss;", "H54.0X33", True),   # blindness
    ("Evidence of another diagnosis that can explain serous SRF or visual loss;", "H54.10", True),
    ("Evidence of another diagnosis that can explain serous SRF or visual loss;", "H52.13", False),    # myopia
    # proctitis with ulcerative proctitis
    ("Patient included in an interventional study assessing treatment for active proctitis or distal "
     "proctosigmoiditis.", "K51.20", True),
    ("Patient included in an interventional study assessing treatment for active proctitis or distal "
     "proctosigmoiditis.", "K62.5", False),                            # rectal hemorrhage
    # primary osteoarthritis with hip and knee
    ("Total knee arthroplasty for primary osteoarthritis performed by Dr. Rick Wright.", "M17.11", True),
    ("Total knee arthroplasty for primary osteoarthritis performed by Dr. Rick Wright.", "M17.31", False),  # post-traumatic
    # B-cell lymphoma with DLBCL, follicular (was C85.1, C85.2)
    ("treatment-naive patients with B-cell lymphoma", "C83.30", True),
    ("treatment-naive patients with B-cell lymphoma", "C82.00", True),
    ("treatment-naive patients with B-cell lymphoma", "C84.40", False),  # peripheral T-cell lymphoma
    # acute viral hepatitis with hepatitis A/B (was B17.8, B17.9)
    ("acute viral hepatitis", "B16.9", True),
    ("acute viral hepatitis", "B18.1", False),                         # chronic hepatitis B
    # mycobacterial infection with tuberculosis; nontuberculous = A31 with DMAC
    ("mycobacterial infection", "A15.0", True),
    ("nontuberculous mycobacterial infection", "A31.2", True),
    ("nontuberculous mycobacterial infection", "A15.0", False),
    # chronic atrial fibrillation = I48.1 + I48.2 (was I48.2)
    ("Chronic atrial fibrillation", "I48.11", True),                   # longstanding persistent
    ("Chronic atrial fibrillation", "I48.19", True),                   # incl. 'Chronic persistent atrial fibrillation'
    ("Chronic atrial fibrillation", "I48.21", True),                   # permanent
    ("Chronic atrial fibrillation", "I48.0", False),                   # paroxysmal
    # the generator's residual-category rule on wordings no hand row corrects
    ("pulmonary heart disease", "I27.0", True),                        # primary pulmonary hypertension (I27)
    ("disease of pancreas", "K86.0", True),                            # alcohol-induced chronic pancreatitis (K86)
    ("nontraumatic intracranial hemorrhage", "I60.9", True),
    ("nontraumatic intracranial hemorrhage", "I69.20", False),         # sequelae
    ("Subject with hereditary degenerative retinal disorders such as retinitis pigmentosa", "H35.00", True),
    ("congenital malformation of limb", "Q74.0", True),                # Q74 'Other congenital malformations of limb(s)'
    # unused rule-5 rows made whole by hand
    ("acute rheumatic heart disease", "I01.1", True),                  # acute rheumatic endocarditis
    ("acute rheumatic heart disease", "I05.0", False),                 # chronic: rheumatic mitral stenosis
    ("bundle branch block", "I44.7", True),                            # left bundle-branch block
    ("bundle branch block", "I45.2", True),                            # bifascicular block
    ("bundle branch block", "I44.0", False),                           # first degree AV block
]


@pytest.mark.parametrize("criterion,code,expected", CASES)
def test_fixed_wordings_decide_coded_records(criterion, code, expected):
    assert _run(criterion, _patient(code)).value is expected, (criterion, code)


def test_both_engines_exclude_longstanding_rheumatic_valve_disease():
    criteria = "Exclusion Criteria:\n- Rheumatic Heart Disease\n- Amblyopia, strabismus\n"
    statuses, result = screen_both(criteria, icd10_bundle("I05.0"), dt.date(2026, 9, 1))
    assert statuses["E1"] == "met" and result.verdict == "ineligible"
    statuses, result = screen_both(criteria, icd10_bundle("H50.00"), dt.date(2026, 9, 1))
    assert statuses["E2"] == "met" and result.verdict == "ineligible"
    statuses, result = screen_both(criteria, icd10_bundle("I34.0"), dt.date(2026, 9, 1))
    assert result.verdict == "eligible"


@pytest.mark.parametrize("text,group", [
    ("rheumatic heart disease", "rheumatic_heart_disease"), ("rheumatic heart diseases", "rheumatic_heart_disease"),
    ("myopathy", "myopathy"), ("myopathies", "myopathy"), ("retinal detachment", "retinal_detachment"),
    ("retinal detachments", "retinal_detachment"), ("tractional retinal detachment", "icd10_h33_4"),
    ("traction retinal detachments", "icd10_h33_4"), ("chest pain", "chest_pain"), ("visual loss", "icd10_h54"),
    ("proctitis", "proctitis"), ("primary osteoarthritis", "primary_osteoarthritis"),
    ("b-cell lymphoma", "b_cell_lymphoma"), ("acute viral hepatitis", "acute_viral_hepatitis"),
    ("mycobacterial infection", "mycobacterial_infection"),
    ("nontuberculous mycobacterial infection", "icd10_a31"),
    ("chronic atrial fibrillation", "chronic_atrial_fibrillation"), ("strabismus", "icd10_h49_h50"),
    ("acute rheumatic heart disease", "acute_rheumatic_heart_disease"), ("bundle-branch block", "bundle_branch_block"),
])
def test_wordings_name_their_group(text, group):
    assert {t.id for t in vocabulary().terms() if t.text == text} == {group}


def test_blood_thinners_are_anticoagulants_and_antiplatelets():
    # "blood thinners" in patient-facing usage are both kinds (MedlinePlus 'Blood Thinners'; JAMA patient page)
    assert render(_line("Current use of blood thinners, lovastatin, ketoconazole, itraconazole, fexofenadine and "
                        "triazolam.", "exclusion").rule).startswith("(taking antithrombotics) or (taking lovastatin)")
    assert {t.id for t in vocabulary().terms() if t.text in ("blood thinners", "blood thinner")} == {"antithrombotics"}
    assert set(vocabulary().drug_classes["antithrombotics"].includes) == {"anticoagulants", "antiplatelets"}


# ---- the generator's rule and the codes the cases use

icd = pytest.importorskip("simple_icd_10_cm")
gen = pytest.importorskip("tools.gen_icd10_conditions")


@pytest.mark.parametrize("code,form,owner,codes", [
    ("H50.9", "strabismus", "H50.9", ("H49", "H50")),           # H50 'Other strabismus' + H49 'Paralytic strabismus'
    ("K86.9", "disease of pancreas", "K86", ("K86",)),          # K86 'Other diseases of pancreas'
    ("I62.9", "nontraumatic intracranial hemorrhage", "I62", ("I62",)),   # not I69.2 'Sequelae of ...'
    ("I27.9", "pulmonary heart disease", "I27", ("I27",)),
    ("N13.30", "hydronephrosis", "N13.30", ("N13.0", "N13.1", "N13.2", "N13.3")),  # no residual category: as before
])
def test_widen_unspecified_takes_a_residual_category_whole(code, form, owner, codes):
    assert gen.widen_unspecified(icd, code, form, gen.clean_forms) == (owner, codes)


def test_residual_titles():
    from screener.parse.lexicon import key_of
    assert gen._residual_of("Other and unspecified myopathies", key_of("myopathy"))
    assert gen._residual_of("Other strabismus", key_of("strabismus"))
    assert not gen._residual_of("Other strabismus", key_of("vertical strabismus"))
    assert not gen._residual_of("Blindness and low vision", key_of("visual loss"))


def test_case_codes_are_icd10cm_codes():
    for _, code, _ in CASES:
        assert icd.is_valid_item(code), code
