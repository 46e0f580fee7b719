"""Issue 5, session 15, sexes6 (docs/notes/issue-5-sexes6.md): the patient's sex named with "sex"/"gender", and
rules that hold for one sex only ("If female, ...", "Women of childbearing potential ...", "... (for females)"),
read from real LCT/Chia lines; each asserts the line's class and rendered reading (tests/lines.reading).

Childbearing potential and contraception are in no record: they are a manual part beside the sex, so none of
these lines is full unless it names neither."""

import datetime as dt

import pytest

from screener.compile import compile_line
from screener.evaluate.facts import PatientFacts
from screener.evaluate.policy import DEFAULT_POLICY
from screener.evaluate.rules import RuleEvaluator
from screener.records.bind import bind_patient
from screener.records.model import Patient
from screener.text.lines import CriterionLine
from tests.lines import reading

# "female sex", "Male sex", "male sex (at birth)", "Female gender", "Biological female": the sex (were unsupported)
NAMED = [
    # chia NCT01084993_inc
    ('inclusion', 'Female gender',
     'full', 'sex female'),
    # chia NCT02557386_inc
    ('inclusion', 'Male sex',
     'full', 'sex male'),
    # lct NCT03860246
    ('inclusion', 'female sex',
     'full', 'sex female'),
    # lct NCT03863210
    ('inclusion', 'female sex',
     'full', 'sex female'),
    # lct NCT03865459
    ('inclusion', 'female gender',
     'full', 'sex female'),
    # lct NCT03922126
    ('exclusion', 'Female sex (at birth)',
     'full', 'sex female'),
    # lct NCT03922126
    ('inclusion', 'male sex (at birth)',
     'full', 'sex male'),
    # lct NCT03929263
    ('inclusion', 'Biological female',
     'full', 'sex female'),
]

# a rule for one sex: an inclusion holds for the other sex, an exclusion excludes that sex only; childbearing
# potential is a person's check beside the sex; a rest that compiles nothing but speaks of contraception is that
# person's check (the line as written)
SCOPED = [
    # chia NCT00994786_inc
    ('inclusion', 'All female subjects of childbearing potential (WOCBP), including those who are practicing a medically acceptable method of birth control, must have a negative serum pregnancy test within 72 hours prior to the start of study medication.',
     'partial', '(not (sex female)) or (manual "not of childbearing potential (WOCBP)") or (negative pregnancy_test within 72 hour)'),
    # chia NCT00994786_inc
    ('inclusion', 'All women of childbearing potential (WOCBP) must be practicing a medically acceptable method of birth control',
     'partial', '(not (sex female)) or (manual "All women of childbearing potential (WOCBP) must be practicing a medically acceptable method of birth control")'),
    # lct NCT03925727
    ('exclusion', 'Be a woman of childbearing potential who is not using an acceptable means of birth control;',
     'partial', '(sex female) and (manual "Be a woman of childbearing potential who is not using an acceptable means of birth control;")'),
    # chia NCT00061308_exc
    ('exclusion', 'Women of child-bearing potential that do not practice adequate contraception.',
     'partial', '(sex female) and (manual "Women of child-bearing potential that do not practice adequate contraception.")'),
    # chia NCT00094861_inc
    ('inclusion', 'Females of childbearing potential: negative serum or urine pregnancy test',
     'partial', '(not (sex female)) or (manual "Females of childbearing potential: negative serum or urine pregnancy test")'),
    # chia NCT00728156_exc
    ('exclusion', 'Women of child-bearing potential',
     'partial', '(sex female) and (manual "Women of child-bearing potential")'),
    # chia NCT00806936_exc
    ('exclusion', 'Females of childbearing potential who are pregnant, breast-feeding or intend to become pregnant or are not using adequate contraceptive methods',
     'partial', '(sex female) and (manual "of childbearing potential") and (pregnancy)'),
    # chia NCT00989261_inc
    ('inclusion', 'Females of childbearing potential must have a negative pregnancy test (urine β-hCG).',
     'partial', '(not (sex female)) or (manual "not of childbearing potential") or (negative hcg)'),
    # chia NCT01000155_inc
    ('inclusion', 'Women of child-bearing potential (WCBP) must have a negative serum pregnancy test 72 hours or less prior to starting treatment',
     'partial', '(not (sex female)) or (manual "not of child-bearing potential (WCBP)") or (pregnancy_test <= 72 hour)'),
    # chia NCT01118871_inc
    ('inclusion', 'female subjects of childbearing potential must have a negative pregnancy test.',
     'partial', '(not (sex female)) or (manual "not of childbearing potential") or (negative pregnancy_test)'),
    # chia NCT01518946_inc
    ('inclusion', 'Females of child-bearing potential (FOCP) must have a negative serum beta human chorionic gonadotropin (HCG) pregnancy test.',
     'partial', '(not (sex female)) or (manual "Females of child-bearing potential (FOCP) must have a negative serum beta human chorionic gonadotropin (HCG) pregnancy test.")'),
    # chia NCT01701219_inc
    ('inclusion', 'If female of childbearing potential must be willing to practice sexual abstinence or dual methods of contraception during treatment and for at least 30 days after the last dose of study drug.',
     'partial', '(not (sex female)) or (manual "If female of childbearing potential must be willing to practice sexual abstinence or dual methods of contraception during treatment and for at least 30 days after the last dose of study drug.")'),
    # chia NCT01888965_exc
    ('exclusion', 'Women of child-bearing potential, who are biologically able to conceive, not employing two forms of highly effective contraception or who are pregnant.',
     'partial', '(sex female) and (manual "Women of child-bearing potential, who are biologically able to conceive, not employing two forms of highly effective contraception or who are pregnant.")'),
    # chia NCT01888965_inc
    ('inclusion', 'Women of childbearing potential must have a negative serum pregnancy test within 14 days prior to initiation of treatment and must not be lactating.',
     'partial', '(not (sex female)) or (manual "not of childbearing potential") or ((negative pregnancy_test within 14 day) and (not (breastfeeding)))'),
    # chia NCT01907230_exc
    ('exclusion', 'Women of child-bearing potential (WOCBP) who are unwilling or unable to use an acceptable method of contraception to avoid pregnancy throughout the study and for up to 4 weeks after the last dose of study drug.',
     'partial', '(sex female) and (manual "Women of child-bearing potential (WOCBP) who are unwilling or unable to use an acceptable method of contraception to avoid pregnancy throughout the study and for up to 4 weeks after the last dose of study drug.")'),
    # chia NCT02137369_exc
    ('exclusion', 'For women, pregnancy, lactation, or unwillingness to comply with birth control requirements.',
     'partial', '(sex female) and ((pregnancy) or (breastfeeding))'),
    # chia NCT02219880_inc
    ('inclusion', 'Not using medically approved contraception (including abstinence) if female and of childbearing age',
     'partial', '(not (sex female)) or (manual "Not using medically approved contraception (including abstinence) if female and of childbearing age")'),
    # chia NCT02371200_inc
    ('inclusion', 'If female and of childbearing potential, has a negative pregnancy test.',
     'partial', '(not (sex female)) or (manual "not of childbearing potential") or (negative pregnancy_test)'),
    # chia NCT02384850_inc
    ('inclusion', 'Women of child-bearing potential must have a negative pregnancy test',
     'partial', '(not (sex female)) or (manual "not of child-bearing potential") or (negative pregnancy_test)'),
    # chia NCT02406885_inc
    ('inclusion', 'Women of childbearing potential (WOCBP) must have a negative serum or urine pregnancy test (minimum sensitivity 25 IU/L or equivalent units of HCG) within 24 hours prior to the start of study drug',
     'partial', '(not (sex female)) or (manual "Women of childbearing potential (WOCBP) must have a negative serum or urine pregnancy test (minimum sensitivity 25 IU/L or equivalent units of HCG) within 24 hours prior to the start of study drug")'),
    # chia NCT02489045_inc
    ('inclusion', 'If a female of child-bearing potential, must have a negative pregnancy test.',
     'partial', '(not (sex female)) or (manual "not of child-bearing potential") or (negative pregnancy_test)'),
    # chia NCT02510404_inc
    ('inclusion', 'Negative pregnancy test (if female of childbearing potential)',
     'partial', '(not (sex female)) or (manual "not of childbearing potential") or (negative pregnancy_test)'),
    # chia NCT02536976_exc
    ('exclusion', 'Women of childbearing potential (WOCP) who are not using at least one method of contraception.',
     'partial', '(sex female) and (manual "Women of childbearing potential (WOCP) who are not using at least one method of contraception.")'),
    # chia NCT02596555_exc
    ('exclusion', 'Women of childbearing potential who do not practice a medically accepted highly effective contraception during the trial and one month beyond',
     'partial', '(sex female) and (manual "Women of childbearing potential who do not practice a medically accepted highly effective contraception during the trial and one month beyond")'),
    # chia NCT02621489_exc
    ('exclusion', 'Females of child bearing potential who are pregnant, breast-feeding or intend to become pregnant.',
     'partial', '(sex female) and (manual "of child bearing potential") and ((pregnancy) or (breastfeeding))'),
    # chia NCT02624908_exc
    ('exclusion', 'Female of child-bearing potential who is pregnant, breast-feeding or intends to become pregnant or is not using adequate contraceptive methods as required by law or local practice.',
     'partial', '(sex female) and (manual "of child-bearing potential") and (pregnancy)'),
    # chia NCT02652572_inc
    ('inclusion', 'Female patients of childbearing potential must have a negative pregnancy test at screening and must agree to use hormonal contraceptive, intrauterine device, diaphragm with spermicide, condom with spermicide, or abstinence throughout until 2 weeks after the last administration of study drug',
     'partial', '(not (sex female)) or (manual "Female patients of childbearing potential must have a negative pregnancy test at screening and must agree to use hormonal contraceptive, intrauterine device, diaphragm with spermicide, condom with spermicide, or abstinence throughout until 2 weeks after the last administration of study drug")'),
    # chia NCT02656394_inc
    ('inclusion', 'If a woman of childbearing potential, have a negative urine pregnancy test at Visit 1 and be using an adequate method of birth control throughout the study period.',
     'partial', '(not (sex female)) or (manual "If a woman of childbearing potential, have a negative urine pregnancy test at Visit 1 and be using an adequate method of birth control throughout the study period.")'),
    # chia NCT02687724_inc
    ('inclusion', 'Female subjects of child bearing potential must be willing to ensure that they or their partner use effective contraception during the study and for 6 months thereafter OR',
     'partial', '(not (sex female)) or (manual "Female subjects of child bearing potential must be willing to ensure that they or their partner use effective contraception during the study and for 6 months thereafter OR")'),
    # chia NCT02715466_inc
    ('inclusion', 'Women of child bearing potential must test negative on standard pregnancy test (urine or serum)',
     'partial', '(not (sex female)) or (manual "Women of child bearing potential must test negative on standard pregnancy test (urine or serum)")'),
    # chia NCT02749617_exc
    ('exclusion', 'Women of Childbearing potential without proper contraceptive measures, pregnancy or breast feeding',
     'partial', '(sex female) and (manual "of Childbearing potential") and ((pregnancy) or (breastfeeding))'),
    # chia NCT02787863_inc
    ('inclusion', 'For women of childbearing age is a negative result of a pregnancy test before vaccination.',
     'partial', '(not (sex female)) or (manual "not of childbearing age") or (negative pregnancy_test)'),
    # chia NCT02788045_inc
    ('inclusion', 'Female participants of childbearing potential must have a negative serum pregnancy test (beta human chorionic gonadotropin [beta hCG]) at the Screening visit, and a negative urine pregnancy test pre-dose on Day 1',
     'partial', '(not (sex female)) or (manual "not of childbearing potential") or ((negative hcg) and (negative pregnancy_test))'),
    # chia NCT02874092_exc
    ('exclusion', 'Females of child bearing potential not using acceptable method of birth control prior to or during study',
     'partial', '(sex female) and (manual "Females of child bearing potential not using acceptable method of birth control prior to or during study")'),
    # chia NCT02886962_exc
    ('exclusion', 'Women of child bearing potential, unless they are using an effective method of birth control',
     'partial', '(sex female) and (manual "Women of child bearing potential, unless they are using an effective method of birth control")'),
    # chia NCT02900443_exc
    ('exclusion', 'If female of childbearing potential: known pregnancy, or unwilling to practice anticontraceptive measures.',
     'partial', '(sex female) and (manual "of childbearing potential") and (pregnancy)'),
    # chia NCT02902120_inc
    ('inclusion', 'Women of childbearing age will be required to have a negative pregnancy test at enrollment and use birth control throughout the duration of treatment.',
     'partial', '(not (sex female)) or (manual "Women of childbearing age will be required to have a negative pregnancy test at enrollment and use birth control throughout the duration of treatment.")'),
    # chia NCT03062358_inc
    ('inclusion', 'Female participants of childbearing potential must have a negative urine or serum pregnancy test within 72 hours prior to receiving the first dose of study therapy',
     'partial', '(not (sex female)) or (manual "not of childbearing potential") or (negative pregnancy_test within 72 hour)'),
    # chia NCT03064867_inc
    ('inclusion', 'For women of childbearing potential: agreement to remain abstinent (refrain from heterosexual intercourse) or use a contraceptive method with a failure rate of < 1% per year during the treatment period and for at least 30 days after the last dose of venetoclax or 18 months after the last dose of rituximab, whichever is longer.',
     'partial', '(not (sex female)) or (manual "For women of childbearing potential: agreement to remain abstinent (refrain from heterosexual intercourse) or use a contraceptive method with a failure rate of < 1% per year during the treatment period and for at least 30 days after the last dose of venetoclax or 18 months after the last dose of rituximab, whichever is longer.")'),
    # chia NCT03117608_inc
    ('inclusion', 'Women of childbearing age had to use a proven method to prevent pregnancy, before the surgical treatment.',
     'partial', '(not (sex female)) or (manual "Women of childbearing age had to use a proven method to prevent pregnancy, before the surgical treatment.")'),
    # chia NCT03120533_inc
    ('inclusion', 'Existence of a contraceptive method for women of child-bearing age',
     'partial', '(not (sex female)) or (manual "Existence of a contraceptive method for women of child-bearing age")'),
    # chia NCT03120533_inc
    ('inclusion', 'Existence of a contraceptive method for women of reproductive age',
     'partial', '(not (sex female)) or (manual "Existence of a contraceptive method for women of reproductive age")'),
    # chia NCT03216967_exc
    ('exclusion', 'Women of child bearing potential unless they are using a birth control method',
     'partial', '(sex female) and (manual "Women of child bearing potential unless they are using a birth control method")'),
    # chia NCT03260881_exc
    ('exclusion', 'Females of childbearing potential who are not using adequate contraceptive methods (as required by local law or practice)',
     'partial', '(sex female) and (manual "Females of childbearing potential who are not using adequate contraceptive methods (as required by local law or practice)")'),
    # chia NCT03355157_inc
    ('inclusion', 'For female patients: The patients need to be either A) of non-childbearing potential (documented postmenopausal or post hysterectomy) B) childbearing potential with negative serum or urinary pregnancy test (in this case patients need to use highly effective non-hormonal contraceptive methods).',
     'partial', '(not (sex female)) or (manual "For female patients: The patients need to be either A) of non-childbearing potential (documented postmenopausal or post hysterectomy) B) childbearing potential with negative serum or urinary pregnancy test (in this case patients need to use highly effective non-hormonal contraceptive methods).")'),
    # chia NCT03373669_inc
    ('inclusion', 'Not pregnant for female subjects.',
     'full', 'not ((sex female) and (pregnancy))'),
    # chia NCT03561753_inc
    ('inclusion', 'For women of childbearing potential, a negative pregnancy test is required during screening',
     'partial', '(not (sex female)) or (manual "not of childbearing potential") or (negative pregnancy_test)'),
    # chia NCT03589105_inc
    ('inclusion', 'For women of childbearing potential: agreement to use an acceptable birth control method during the treatment period and for at least 12 months after the last dose of ocrelizumab',
     'partial', '(not (sex female)) or (manual "For women of childbearing potential: agreement to use an acceptable birth control method during the treatment period and for at least 12 months after the last dose of ocrelizumab")'),
    # lct NCT03861559
    ('exclusion', 'Women of childbearing potential who are not using an acceptable form of birth control',
     'partial', '(sex female) and (manual "Women of childbearing potential who are not using an acceptable form of birth control")'),
    # lct NCT03868436
    ('exclusion', 'Women of child bearing potential who are pregnant or peri partum, including labour',
     'partial', '(sex female) and (manual "Women of child bearing potential who are pregnant or peri partum, including labour")'),
    # lct NCT03921411
    ('inclusion', 'Women of childbearing potential must agree to be strictly abstinent or to use an effective and approved method of contraception throughout the study and for 12 weeks after the last study drug injection.',
     'partial', '(not (sex female)) or (manual "Women of childbearing potential must agree to be strictly abstinent or to use an effective and approved method of contraception throughout the study and for 12 weeks after the last study drug injection.")'),
    # lct NCT03926130
    ('inclusion', 'If female, subject must meet the contraception recommendations',
     'partial', '(not (sex female)) or (manual "If female, subject must meet the contraception recommendations")'),
    # lct NCT03926611
    ('exclusion', 'Women of child-bearing potential not using highly effective methods of contraception',
     'partial', '(sex female) and (manual "Women of child-bearing potential not using highly effective methods of contraception")'),
    # lct NCT03929432
    ('exclusion', 'Positive pregnancy test (for females)',
     'full', '(sex female) and (positive pregnancy_test)'),
]

# "Postmenopausal women", "Males with female partners of childbearing potential must ...": a person's check (the line
# as written) for that sex
WHOLE = [
    # chia NCT01711801_inc
    ('inclusion', 'Male subjects (whether surgically sterilized or not) with female partners of child-bearing potential must use two forms of contraception, one of which must be a barrier method, for the duration of the study and for 77 days after the last dose',
     'partial', '(not (sex male)) or (manual "Male subjects (whether surgically sterilized or not) with female partners of child-bearing potential must use two forms of contraception, one of which must be a barrier method, for the duration of the study and for 77 days after the last dose")'),
    # chia NCT02209545_exc
    ('exclusion', 'Post-menopausal women',
     'partial', '(sex female) and (manual "Post-menopausal women")'),
    # chia NCT02821819_inc
    ('inclusion', 'Premenopausal women',
     'partial', '(sex female) and (manual "Premenopausal women")'),
    # chia NCT03472846_inc
    ('inclusion', 'Postmenopausal women',
     'partial', '(sex female) and (manual "Postmenopausal women")'),
    # chia NCT03495609_inc
    ('inclusion', 'premenopausal women',
     'partial', '(sex female) and (manual "premenopausal women")'),
    # lct NCT03868033
    ('inclusion', 'Postmenopausal women',
     'partial', '(sex female) and (manual "Postmenopausal women")'),
    # lct NCT03921736
    ('inclusion', 'Treatment-naive postmenopausal women',
     'partial', '(sex female) and (manual "Treatment-naive postmenopausal women")'),
]

# a sex written after an age or an ASA class: the sex too (was left out, or read as the value's sex)
AFTER_VALUES = [
    # chia NCT02369211_inc
    ('inclusion', '=18 years old males',
     'partial', '(sex male) and (age = 18 year)'),
    # chia NCT02432404_inc
    ('inclusion', '=18-40 year old women',
     'full', '(sex female) and (age >= 18 year and <= 40 year)'),
    # chia NCT02825290_inc
    ('inclusion', '20-40 years old women',
     'full', '(sex female) and (age >= 20 year and <= 40 year)'),
    # chia NCT02862912_inc
    ('inclusion', 'ASA I and II women',
     'full', '(sex female) and ((asa_class = 1) or (asa_class = 2))'),
    # chia NCT03305575_inc
    ('inclusion', 'ASA classification II or III females',
     'full', '(sex female) and ((asa_class = 2) or (asa_class = 3))'),
    # lct NCT03860064
    ('inclusion', '18-35-year-old women',
     'full', '(sex female) and (age >= 18 year and <= 35 year)'),
    # lct NCT03865745
    ('inclusion', 'Age of 40~75 men and women',
     'full', '(sex all) and (age >= 40 year and <= 75 year)'),
]

# left as they were: "transgender male" is no sex at birth; a rest with another population in it, an exclusion
# written as "must not be", a whole line of consent (manual)
GUARDS = [
    # lct NCT03864913
    ('inclusion', 'Transgender male',
     'unsupported', None),
    # lct NCT03864913
    ('exclusion', 'Transgender males who have received testosterone therapy in the past',
     'unsupported', None),
    # chia NCT01735955_exc
    ('exclusion', 'Women of child-bearing potential, defined as all women physiologically capable of becoming pregnant, unless they are using highly effective methods of contraception during the study and for 30 days after the final dose of nilotinib.',
     'partial', '(sex female) and (pregnancy)'),
    # chia NCT02121145_inc
    ('inclusion', 'Females of childbearing potential must agree to use an efficacious hormonal or barrier method of birth control during the study. Abstinence is acceptable.',
     'manual', 'manual "Females of childbearing potential must agree to use an efficacious hormonal or barrier method of birth control during the study. Abstinence is acceptable."'),
    # chia NCT02386800_exc
    ('exclusion', 'Women of child-bearing potential, defined as all women physiologically capable of becoming pregnant, unless they are using highly effective methods of contraception throughout the study duration inclusive of the 30-day safety follow up.',
     'partial', '(sex female) and (pregnancy)'),
    # chia NCT02965027_exc
    ('exclusion', 'Women of childbearing potential must not be pregnant, planning to become pregnant during the study period, or nursing.',
     'partial', 'breastfeeding'),
    # chia NCT02973035_exc
    ('exclusion', 'Female of child-bearing potential who do not use adequate contraception and women who are pregnant or breast-feeding',
     'unsupported', None),
]


@pytest.mark.parametrize("role,text,cls,canonical", NAMED + SCOPED + WHOLE + AFTER_VALUES + GUARDS)
def test_reading(role, text, cls, canonical):
    assert reading(text, role) == (cls, canonical)


AS_OF = dt.date(2026, 11, 23)


def _verdict(text: str, role: str, sex: str, observations=()):
    c = compile_line(CriterionLine(id="X", role=role, heading="", text=text, start=0, end=len(text), line=1,
                                   column=1))
    patient = Patient(id="p", sex=sex, birth_date=dt.date(1990, 1, 1), observations=list(observations))
    bind_patient(patient)
    out = RuleEvaluator(PatientFacts(patient, AS_OF), DEFAULT_POLICY, "X", patient.attestations).eval(c.rule)
    return out.value, bool(out.manual)


def test_other_sex_decided():
    # chia NCT02384850_inc: a man meets it; a woman with no test needs a person (childbearing potential)
    text = "Women of child-bearing potential must have a negative pregnancy test"
    assert _verdict(text, "inclusion", "male") == (True, False)
    assert _verdict(text, "inclusion", "female")[0] is None
    # chia NCT03373669_inc: a man meets it, a woman with no pregnancy on record too
    assert _verdict("Not pregnant for female subjects.", "inclusion", "male")[0] is True
    assert _verdict("Not pregnant for female subjects.", "inclusion", "female")[0] is True
    # lct NCT03926611 (exclusion): a man is not excluded; a woman needs a person's word
    text = "Women of child-bearing potential not using highly effective methods of contraception"
    assert _verdict(text, "exclusion", "male")[0] is False
    assert _verdict(text, "exclusion", "female")[0] is None
    # lct NCT03929432 (exclusion): only a woman with a positive test is excluded
    assert _verdict("Positive pregnancy test (for females)", "exclusion", "male")[0] is False
    # lct NCT03922126: the sex itself
    assert _verdict("male sex (at birth)", "inclusion", "male")[0] is True
    assert _verdict("male sex (at birth)", "inclusion", "female")[0] is False
