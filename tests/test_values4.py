"""Values and ages a label in a later sentence or a stray word hid: the sentence before a label's, "no age limit",
"or were under 18 yr of age", limits per route or per sex, a child's age (screener/parse/values4.py; issue 5,
session 14, round 4). Real LCT criterion lines with the reading each compiles to; docs/notes/issue-5-values4.md
lists them before and after."""

import pytest

from tests.lines import reading as reading_of


CASES = [
    # NCT03863730; was partial: ("average" >= 24 g) and ("men" >= 5 year)
    ('NCT03863730', 'inclusion',
     'Prior or ongoing harmful alcohol intake defined as an average of ≥24g alcohol/day for women and ≥36g/d for men for ≥ 5 year.',
     'partial', '((sex female) and ("alcohol intake" >= 24 g/d)) or ((sex male) and ("alcohol intake" >= 36 g/d))'),
    # NCT03865589; was partial: "total dose" > 7.2 mg/kg
    ('NCT03865589', 'inclusion',
     'Busulfan (Total dose > 7.2 mg/kg IV or >9.0mg/kg orally) + Cyclophosphamide',
     'partial', '("busulfan total dose intravenous" > 7.2 mg/kg) or ("busulfan total dose oral" > 9 mg/kg)'),
    # NCT03865589; was partial: "total dose" > 7.2 mg/kg
    ('NCT03865589', 'inclusion',
     'Busulfan (Total dose >7.2 mg/kg IV or >9.0 mg/kg orally) + Melphalan',
     'partial', '("busulfan total dose intravenous" > 7.2 mg/kg) or ("busulfan total dose oral" > 9 mg/kg)'),
    # NCT03865589; was partial: "total dose" > 7.2 mg/kg
    ('NCT03865589', 'inclusion',
     'Busulfan (Total dose >7.2 mg/kg IV or >9.0 mg/kg orally) + Thiotepa',
     'partial', '("busulfan total dose intravenous" > 7.2 mg/kg) or ("busulfan total dose oral" > 9 mg/kg)'),
    # NCT03923088; was unsupported: None
    ('NCT03923088', 'inclusion',
     'Children: 6 to 9 years old children. Teeth: tooth requiring dental treatment',
     'partial', 'age >= 6 year and <= 9 year'),
    # NCT03925207; was unsupported: None
    ('NCT03925207', 'exclusion',
     'Patients were excluded if they underwent other concurrent surgical procedures, or were under 18 yr of age.',
     'partial', 'age < 18 year'),
    # NCT03928431; was partial: "vaginal ph" > 4
    ('NCT03928431', 'exclusion',
     'Infants of mothers with pre-eclampsia or complicated pregnancies, mothers <18 years or >40 years of age, genital herpes simplex, genital warts, HIV, Hepatitis B or complications during delivery, infants delivered prior to 37 weeks of gestation. Additional exclusion criteria for mothers in the CS group: Mothers positive to Group B Streptococcus, Group A Streptococcus, bacterial vaginosis, vaginal pH > 4 at the time of birth. Mothers with fecal samples positive for Salmonella, Shigella, Campylobacter or Yersinia.',
     'partial', '(icd10_o14) or (("mothers" < 18 year) or ("mothers" > 40 year)) or (herpes_simplex) or (hiv) or (hepatitis_b) or ("vaginal ph" > 4)'),
    # NCT03927300; was unsupported: None
    ('NCT03927300', 'inclusion',
     'Adult patients (≥ 18 years) with no age limit;',
     'full', 'age >= 18 year'),
    # NCT03924167; was partial: ("parent caregiver who is a member of the focal tribe" >= 1) and ("child" >= 1) and (age >= 12 year and <= 18 year)
    ('NCT03924167', 'inclusion',
     'at least one parent/caregiver who is a member of the focal tribe and at least one child, aged 12-18 living in the household',
     'partial', '("parent caregiver who is a member of the focal tribe" >= 1) and ("child" >= 1) and ("child" >= 12 year and <= 18 year)'),
    # NCT03862417; was partial: "curves" >= 15 deg and <= 45 deg
    ('NCT03862417', 'inclusion',
     'Adults over 50 years old with degenerative scoliosis (n=20) with pain (>2/10). Other inclusion criteria are: (1) curves 15°-45°.',
     'partial', '(age > 50 year) and ("curves" >= 15 deg and <= 45 deg)'),
    # NCT03864770; was unsupported: None
    ('NCT03864770', 'inclusion',
     '≥ 20 y/o patients with NLCs: (1) 4 times/week, last 2 weeks; (2) Occurred in nighttime or resting time of daytime',
     'partial', 'age >= 20 year'),
    # NCT03861819; was partial: ("drinks" <= 14 {drinks}/wk) and ("if female" within 2 year)
    ('NCT03861819', 'inclusion',
     'No more than 14 drinks per week (if male) or 7 drinks a week (if female) in the last 2 years',
     'partial', '((sex male) and ("drinks" <= 14 {drinks}/wk)) or ((sex female) and ("drinks" <= 7 {drinks}/wk))'),
    # NCT03862183; was partial: ("cut-off" >= 1) and (systolic_bp >= 140 mm[Hg]) and (diastolic_bp >= 90 mm[Hg]) and (received antihypertensives for >= 2 week)
    ('NCT03862183', 'inclusion',
     'Diagnosed as hypertension. Diagnostic criteria: 1)The office BP measured at the day of visit and at least one time before that day were above the cut-off values ( ≥140 mmHg SBP and/or ≥90 mmHg DBP); 2)for patients with normal BP at the day of visit, they should have already been given pre-treatment with antihypertensive drugs ≥ 2 weeks.',
     'partial', '(hypertension) and ("cut-off" >= 1) and (systolic_bp >= 140 mm[Hg]) and (diastolic_bp >= 90 mm[Hg]) and (received antihypertensives for >= 2 week)'),
]

# lines that must keep reading as they did (Chia): a sentence before the label holding an exception ("ineligible
# except"), a condition ("if female"), a label of its own; a counted lead-in after it; an "or <=" after a limit
GUARDS = [
    ('NCT01000155_exc', 'exclusion',
     'Individuals with a history of malignancy are ineligible except for the following circumstances. Individuals with a history of malignancy are eligible if they have been disease-free for at least 5 years and are deemed by the investigator to be at low risk for recurrence of that malignancy. Individuals with the following cancer are eligible if diagnosed and adequately treated within the past 5 years: cervical or breast cancer in situ, and basal cell or squamous cell carcinoma of the skin',
     'unsupported', None),
    ('NCT01082549_inc', 'inclusion',
     'Alanine aminotransferase (ALT) and aspartate aminotransferase (AST) ≤2.5 times the upper limit of normal if no liver involvement or ≤5 times the upper limit of normal with liver involvement.',
     'partial', '(alt <= 2.5 x ULN) and (ast <= 2.5 x ULN)'),
    ('NCT01410890_inc', 'inclusion',
     'The patient, if female and of childbearing potential, must have a negative pregnancy test (urine beta-human chorionic gonadotropin) at screening. Note: All female patients of childbearing potential and sexually mature males must agree to use a medically accepted method of contraception throughout the study.',
     'manual', 'manual "The patient, if female and of childbearing potential, must have a negative pregnancy test (urine beta-human chorionic gonadotropin) at screening. Note: All female patients of childbearing potential and sexually mature males must agree to use a medically accepted method of contraception throughout the study."'),
    ('NCT02419378_exc', 'exclusion',
     'Female patients of childbearing potential: Unwilling to agree to use a reliable and acceptable contraceptive method (Pearl index <1) throughout the study period. These methods include: hormone releasing intrauterine device (IUD), hormonal-based contraception, surgical sterilization, abstinence, or double-barrier contraception (condom and occlusive cap [diaphragm or cervical cap combined with spermicide]).',
     'unsupported', None),
    ('NCT02462317_inc', 'inclusion',
     'A spasticity : a Tardieu score upper or equal to 2 on at least one of the following muscle-triceps surae, flexors of fingers, of wrist and of elbow',
     'unsupported', None),
    ('NCT03380429_inc', 'inclusion',
     'Male or female subjects will be included. A female subject is eligible to participate if she is not pregnant, not breastfeeding, and at least one of the following conditions applies: (i) Not a woman of childbearing potential (WOCBP). (ii) A WOCBP who agrees to follow the contraceptive guidance during the treatment period and for at least 5 days] after the last dose of study treatment.',
     'unsupported', None),
]


@pytest.mark.parametrize(("doc", "role", "text", "klass", "reading"), CASES + GUARDS,
                         ids=[c[0] for c in CASES + GUARDS])
def test_reading(doc, role, text, klass, reading):
    assert reading_of(text, role) == (klass, reading)
