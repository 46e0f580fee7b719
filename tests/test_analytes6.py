"""Issue 5, session 15, slice analytes6 (docs/notes/issue-5-analytes6.md): labs said normal or abnormal, high or
low, within or outside their reference range, read from real LCT/Chia lines (doc id in each comment); each asserts
the line's class and rendered reading. Then the reading evaluated end to end: met, not met, and unknown when
neither the record nor our data (screener/data/reference_ranges.csv) gives a range."""

import datetime as dt

import pytest

from screener.compile import compile_rule
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import RuleEvaluator
from screener.records.bind import bind_patient
from screener.records.model import Observation, Patient, ReferenceRange
from tests.lines import reading

IN_RANGE = ">= 1 x LLN and <= 1 x ULN"

CASES = [
    # "normal LAB": within its reference range (all were unsupported)
    ("normal blood glucose", "inclusion",  # NCT03922685
     "full", f"glucose {IN_RANGE}"),
    ("Normal serum TSH within 12 months preceding surgery", "inclusion",  # NCT02946918 ('surgery' left out)
     "partial", f"tsh {IN_RANGE} within 12 month"),
    (("All patients who have normal preoperative platelet count, normal prothrombin time, normal partial "
      "thromboplastin time, and normal international normalized ratio;"), "inclusion",  # NCT03867214
     "partial", (f"(platelets {IN_RANGE}) and (prothrombin_time {IN_RANGE}) and "
                 f"((aptt {IN_RANGE}) and (inr {IN_RANGE}))")),
    # "abnormal LAB": outside it, either side
    ("Abnormal APTT;", "exclusion",  # NCT03506009_exc
     "full", "(aptt < 1 x LLN) or (aptt > 1 x ULN)"),
    ("Patients with abnormal TSH concentration", "exclusion",  # NCT01614041_exc
     "full", "(tsh < 1 x LLN) or (tsh > 1 x ULN)"),
    ("Subjects with abnormal estimated glomerular filtration rate (eGFR).", "exclusion",  # NCT03355469_exc
     "full", "(egfr < 1 x LLN) or (egfr > 1 x ULN)"),
    # one lab of the list is not in the vocabulary: the known one is read, the line stays partial
    ("Abnormal thyroid stimulating hormone (TSH) or thyroxine (T4) levels on screening.", "exclusion",  # NCT02431442_exc
     "partial", "(tsh < 1 x LLN) or (tsh > 1 x ULN)"),
    # said after the lab
    ("Serum potassium, magnesium, and calcium levels should be at least within institutional normal limits.",
     "inclusion",  # NCT00989261_inc
     "full", f"(potassium {IN_RANGE}) and (magnesium {IN_RANGE}) and (calcium {IN_RANGE})"),
    ("Serum ALT within normal limits with no history of liver disease", "inclusion",  # NCT03208244_inc
     "partial", f"alt {IN_RANGE}"),
    # the range the text gives in brackets is the one read (was hematocrit >= 35 % and <= 50 %: inside it)
    ("Hematocrit outside the normal range (35-50%)", "exclusion",  # NCT03921983
     "full", "(hematocrit < 35 %) or (hematocrit > 50 %)"),
    ("early follicular- phase serum concentration of FSH within normal limits (1-12 IU/l).", "inclusion",  # NCT03861715
     "partial", "fsh >= 1 [IU]/L and <= 12 [IU]/L"),
    ("Patients suspected to have vitamin B12 deficiency defined as a plasma vitamin B12 below the reference "
     "interval (<200 pmol/L).", "inclusion",  # NCT00279552_inc
     "partial", "vitamin_b12 < 200 pmol/L"),
    # a list after "normal screening laboratories for"
    (("Have normal screening laboratories for white blood cells (WBC), hemoglobin (Hgb), platelets, sodium, "
      "potassium, chloride, bicarbonate, blood urea nitrogen (BUN), creatinine, ALT (liver function), AST (liver "
      "function) and bilirubin"), "inclusion",  # NCT02531971_inc ('liver function' left out)
     "partial", " and ".join(f"({a} {IN_RANGE})" for a in (
         "wbc", "hemoglobin", "platelets", "sodium", "potassium", "chloride", "bicarbonate", "bun", "creatinine",
         "alt", "ast", "bilirubin_total"))),
    # high / low without a number: above the upper limit, below the lower one
    ("Elevated CRP", "inclusion",  # NCT03253796_inc
     "full", "crp > 1 x ULN"),
    ("Elevated blood-cholesterol", "inclusion",  # NCT02796378_inc
     "full", "total_cholesterol > 1 x ULN"),
    ("Fever, elevated white cell count, or other evidence of active infection", "exclusion",  # NCT00730301_exc
     "partial", "(wbc > 1 x ULN) or (active active_infection)"),
    ("BUN or creatine above the normal limits.", "exclusion",  # NCT01064752_exc ('creatine' is no lab we know)
     "partial", '(bun > 1 x ULN) or ("creatine" > 1 x ULN)'),
    # the word the comparison after the lab restates goes (the line was partial for it)
    ("Women with elevated FSH levels greater than 10 mIU/mL.", "exclusion",  # NCT03864068
     "full", "(sex female) and (fsh > 10 m[IU]/mL)"),
    # multiples of the upper limit
    ("aspartate aminotransferase/alanine aminotransferase within 2 times the upper limit of normal range",
     "inclusion",  # NCT02077556_inc
     "full", "(ast <= 2 x ULN) and (alt <= 2 x ULN)"),
    ("Creatinine < 2 × upper normal limits.", "inclusion",  # NCT03004261_inc
     "full", "creatinine < 2 x ULN"),
    ("Bilirubin/ SGOT/SGPT < 5 × upper normal limits.", "inclusion",  # NCT03004261_inc
     "full", "(bilirubin_total < 5 x ULN) and (ast < 5 x ULN) and (alt < 5 x ULN)"),
    # the class word with its labs in brackets: both labs (one was lost, or the line failed)
    ("Serum aminotransferase (AST or ALT) 3x upper limit of normal or higher", "exclusion",  # NCT03561753_exc
     "full", "(ast >= 3 x ULN) or (alt >= 3 x ULN)"),
    ("Transaminases (alanine transaminase, aspartate transaminase) levels >3 × upper limit of normal (ULN) and/or "
     "bilirubin level >2 × ULN.", "exclusion",  # NCT02664558_exc
     "full", "((alt > 3 x ULN) or (ast > 3 x ULN)) or (bilirubin_total > 2 x ULN)"),
    ("Serum or plasma aminotransferases (AST, ALT) less than 3 times the upper limit of normal", "inclusion",
     # NCT03561753_inc
     "partial", "(ast < 3 x ULN) and (alt < 3 x ULN)"),
]


@pytest.mark.parametrize("text,role,cls,rule", CASES)
def test_reading(text, role, cls, rule):
    assert reading(text, role) == (cls, rule)


# lines the passes must leave as they were
UNCHANGED = [
    # glucose tolerance is a test of its own, not the glucose result (NCT03866421)
    ("Normal glucose tolerance", "inclusion", "unsupported", None),
    # an exception: PSA is what the excepted cancer has, not a criterion (NCT03064867_exc)
    (("Less than 2-year disease free from another primary malignancy (other than squamous or basal cell carcinoma "
      "of the skin, \"in-situ\" carcinoma of the cervix or breast, superficial bladder carcinoma, or previously "
      "treated localized prostate cancer with normal prostate specific antigen (PSA) levels)."), "exclusion",
     "partial", '"disease" < 2 year'),
    # an allowance: who may keep their TSH in range with medication (NCT01373684_exc)
    (("Hyper- or hypothyroidism (subjects requiring medication to maintain TSH levels in the normal range are "
      "eligible if all other inclusion/exclusion criteria are met)"), "exclusion", "unsupported", None),
    # the signs a syndrome is named by (NCT03927378)
    (("Severe complications during pregnancy (such as severe preeclampsia, placenta accreta, or HELLP [Hemolysis, "
      "Elevated Liver enzymes and Low Platelets] syndrome);"), "exclusion", "unsupported", None),
    # the multiple says which limit: "3 times upper limit", not the range (NCT03923894)
    ("Aspartate Transaminase(AST), Alanine Transaminase(ALT) > Reference range 3 times upper limit", "exclusion",
     "partial", "(ast > 3 x ULN) or (alt > 3 x ULN)"),
    # a person's judgement stays a person's (NCT02431442_exc)
    (("Elevated ALT or serum creatinine on screening or any clinically significant abnormalities on screening "
      "laboratory tests as determined by the Investigator."), "exclusion", "manual",
     ('manual "Elevated ALT or serum creatinine on screening or any clinically significant abnormalities on '
      'screening laboratory tests as determined by the Investigator."')),
]


@pytest.mark.parametrize("text,role,cls,rule", UNCHANGED)
def test_unchanged(text, role, cls, rule):
    assert reading(text, role) == (cls, rule)


# ---- evaluated end to end ----------------------------------------------------------

AS_OF = dt.date(2026, 11, 23)


def _obs(k: int, text: str, value: float, unit: str, **kw) -> Observation:
    return Observation(id=f"o{k}", text=text, value=value, unit=unit, date=AS_OF - dt.timedelta(days=3), **kw)


def _run(line: str, role: str, observations: list[Observation]):
    rule = compile_rule(line, role)
    patient = Patient(id="p", sex="female", birth_date=dt.date(1980, 5, 17), observations=observations)
    bind_patient(patient)
    return RuleEvaluator(PatientFacts(patient, AS_OF), DEFAULT_POLICY, "X", patient.attestations).eval(rule).value


ABNORMAL_TSH = "Patients with abnormal TSH concentration"  # NCT01614041_exc


def test_abnormal_tsh_by_default_range():
    # no range in the record: ours (0.5-5.0 mIU/L) decides
    assert _run(ABNORMAL_TSH, "exclusion", [_obs(1, "tsh", 8.2, "m[IU]/L")]) is True
    assert _run(ABNORMAL_TSH, "exclusion", [_obs(1, "tsh", 0.2, "m[IU]/L")]) is True
    assert _run(ABNORMAL_TSH, "exclusion", [_obs(1, "tsh", 2.1, "m[IU]/L")]) is False
    # the record's own range comes first
    own = ReferenceRange(low=0.3, high=4.0, unit="m[IU]/L")
    assert _run(ABNORMAL_TSH, "exclusion", [_obs(1, "tsh", 4.5, "m[IU]/L", reference_range=own)]) is True
    assert _run(ABNORMAL_TSH, "exclusion", []) is None  # no result


ELECTROLYTES = "Serum potassium, magnesium, and calcium levels should be at least within institutional normal limits."


def test_normal_labs_unknown_without_any_range():
    k, ca = _obs(1, "potassium", 4.1, "mmol/L"), _obs(2, "calcium", 9.5, "mg/dL")
    # magnesium: no range in the record and none in our data
    assert _run(ELECTROLYTES, "inclusion", [k, ca, _obs(3, "magnesium", 2.0, "mg/dL")]) is None
    mg_range = ReferenceRange(low=1.7, high=2.2, unit="mg/dL")
    assert _run(ELECTROLYTES, "inclusion", [k, ca, _obs(3, "magnesium", 2.0, "mg/dL", reference_range=mg_range)]) \
        is True
    assert _run(ELECTROLYTES, "inclusion", [k, ca, _obs(3, "magnesium", 1.2, "mg/dL", reference_range=mg_range)]) \
        is False
    # potassium out of our default range (3.5-5.0 mmol/L)
    assert _run(ELECTROLYTES, "inclusion", [_obs(1, "potassium", 5.9, "mmol/L"), ca,
                                            _obs(3, "magnesium", 2.0, "mg/dL", reference_range=mg_range)]) is False


def test_elevated_crp_has_only_an_upper_limit():
    # our CRP range has no lower limit: "elevated" needs none
    assert _run("Elevated CRP", "inclusion", [_obs(1, "crp", 25, "mg/L")]) is True  # NCT03253796_inc
    assert _run("Elevated CRP", "inclusion", [_obs(1, "crp", 3, "mg/L")]) is False
