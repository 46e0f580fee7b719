"""Issue 5, session 15, windows5 (docs/notes/issue-5-windows5.md): windows and times said with no number, read from
real LCT/Chia lines; each asserts the line's class and rendered reading.

"in the past year" is the window "within the past 1 year" reads (one year before the screening date); "for at
least a year" is one year; "in the past", "at any time", "ever" are the whole history; "at the day of inclusion" is
the index date.  Vague times ("several years", "recently") and windows ahead ("intend to conceive within a year")
get no number."""

import pytest

from tests.lines import reading

CASES = [
    # ---- "the past year": within 1 year, as "within the past 1 year" (each was unsupported) ----
    # NCT03869814
    ("Any history of blood product transfusion within prior month.", "exclusion",
     "full", "blood_transfusion within 1 month"),
    # NCT03929198
    ("No diagnosis of mild cognitive impairment or dementia in the past year", "inclusion",
     "full", "not ((onset of icd10_g31_84 within 1 year) or (onset of dementia within 1 year))"),
    ("Non-smoker in the past year", "inclusion", "full", "not (smoker within 1 year)"),
    # NCT01518946_exc
    ("History of alcohol abuse or other substance abuse within the last year.", "exclusion",
     "full", "(history of alcohol_abuse within 1 year) or (history of substance_abuse within 1 year)"),
    # NCT02360631_exc
    ("History of alcohol or drug dependence in the past year", "exclusion",
     "full", "(onset of icd10_f10_2 within 1 year) or (history of substance_abuse within 1 year)"),
    # NCT02390973_exc
    ("taken of corticosteroid in the last month", "exclusion", "full", "received glucocorticoids within 1 month"),
    # NCT02406885_exc
    ("History of cancer (within the last year)", "exclusion", "full", "history of malignancy within 1 year"),
    # NCT02904785_exc
    ("Use of statins and quinolones in the previous year;", "exclusion",
     "full", "(received statins within 1 year) or (received fluoroquinolones within 1 year)"),
    # NCT03228017_exc
    ("Active smoking (within the past year)", "exclusion", "full", "active smoker within 1 year"),
    # NCT03255044_exc
    ("Treatment with statins during the past month prior to study.", "exclusion",
     "full", "received statins within 1 month"),
    # NCT01098383_exc (was partial: the first two drugs, read as taken now)
    ("Use of psychostimulants, anti-depressants, neuroleptics or anti-convulsive agents within the past month.",
     "exclusion", "full", "(received psychostimulants within 1 month) or (received antidepressants within 1 month) "
     "or (received antipsychotics within 1 month) or (received antiepileptics within 1 month)"),
    # NCT03923361: "(past year)" after the diagnosis
    ("Substance use disorder (past year)", "exclusion", "full", "substance_abuse within 1 year"),
    # the rest of the line stays partial, its words reported
    # NCT03867019 ('Whiplash or' left out)
    ("History of Whiplash or Traumatic Brain Injury (TBI) in the last year.", "exclusion",
     "partial", "onset of traumatic_brain_injury within 1 year"),
    # NCT03867760
    ("a history of seizure condition within the last year", "exclusion", "full", "onset of icd10_g40 within 1 year"),
    # NCT02360631_exc ('requiring treatment' left out)
    ("Major depressive disorder in the last year requiring treatment", "exclusion",
     "partial", "depression within 1 year"),
    # NCT02370069_exc
    ("immunization with PPV23 within the last year", "exclusion", "partial", "ppsv23_vaccine within 1 year"),
    # NCT02483715_exc (bismuth salts: not in the vocabulary)
    ("receiving bismuth salts, PPIs, or antibiotics in the previous month.", "exclusion",
     "partial", "(received proton_pump_inhibitors within 1 month) or (received systemic_antibiotics within 1 month)"),
    # NCT03364036_inc
    ("Two or more relapses in the previous year, whether on DMD treatment or not.", "inclusion",
     "partial", '"relapses" >= 2 within 1 year'),
    # NCT03869307: an unmapped subject in the window
    ("Shoulder surgery within the past year", "exclusion", "partial", '"shoulder surgery" within 1 year'),
    # NCT03860454 (was hemodialysis alone)
    ("Patients that have had a blood transfusion within the last month and patients having haemodialysis will be "
     "excluded.", "exclusion", "partial", "(blood_transfusion within 1 month) or (hemodialysis)"),
    # NCT02371200_exc
    ("Has not had a GTC seizure within the last year AND is not expected to have a reduction of anti-epileptic drugs "
     "during their hospital admission.", "exclusion",
     "partial", "(not (onset of seizures within 1 year)) and (not (taking antiepileptics))"),
    # ---- "in the month prior to", "within a month prior to": the window before the index date ----
    # NCT03862027
    ("Variation in ICP of > 2 cm H2O in the hour prior to intervention.", "exclusion",
     "partial", '"variation icp" > 2 cm[H2O] within 1 hour'),
    # NCT02968602_exc (the window is the last item's, as with "in the 1 month prior to")
    ("Treatment with bupropion, varenicline, or nicotine replacement products in the month prior to study inclusion",
     "exclusion", "partial",
     '((taking bupropion) or (taking varenicline)) or ("nicotine replacement products" within 1 month)'),
    # NCT02429583_exc
    ("Received any vaccine within a month prior to study vaccine", "exclusion", "partial", '"vaccine" within 1 month'),
    # ---- "for at least a year": one year ----
    # NCT02680054_inc
    ("Diagnosis of Type 1 diabetes (for at least a year)", "inclusion", "full", "icd10_e10 for >= 1 year"),
    # NCT03929380
    ("Males, with at least a year of experience in heavylift exercises, age between 20 and 35 years.", "inclusion",
     "partial", '("experience in heavylift exercises" >= 1 year) and (age >= 20 year and <= 35 year)'),
    # ---- "at the day of inclusion": at inclusion ----
    # NCT03029078_exc
    ("ongoing antibiotic treatment at the day of inclusion", "exclusion", "full", "taking systemic_antibiotics"),
    # NCT01890759_inc (was partial: 'day' left out)
    ("Male and female subjects aged 9 to 17 months on the day of inclusion", "inclusion",
     "full", "(sex all) and (age >= 9 month and <= 17 month)"),
    # NCT02937779_exc ('treatment ongoing' left out)
    ("HBV treatment ongoing at the day of inclusion", "exclusion", "partial", "hepatitis_b"),
    # ---- "in the past", "at any time": the whole history ----
    # NCT02068365_exc
    ("received interferon or peginterferon treatment in the past.", "exclusion", "full", "received interferons"),
    # NCT03344042_exc
    ("spine surgery in past", "exclusion", "full", "history of spinal_surgery"),
    # NCT03922269 ('consent' left out; was hiv, its 'time' left out)
    ("HIV infection diagnosis at any time before study consent", "inclusion", "partial", "history of hiv"),
]


@pytest.mark.parametrize("text,role,cls,expected", CASES)
def test_reading(text, role, cls, expected):
    assert reading(text, role) == (cls, expected)


# lines the passes must leave alone
UNCHANGED = [
    # NCT03472508_exc: a window ahead ("intend to conceive within a year") gets no number
    ("Women who are pregnant and/or lactating; or women who intend to conceive within a year;", "exclusion",
     "partial", "(sex female) and ((pregnancy) or (breastfeeding))"),
    # NCT03864094: vague, no number (the diagnosis alone is read since ends6, the length reported)
    ("Diabetes for several years", "exclusion", "partial", "diabetes"),
    # NCT03928561: a number is said
    ("Cat desensibilisation within the 6 previous months.", "exclusion",
     "partial", '"cat desensibilisation" within 6 month'),
    # NCT03869307: a judgement with no number stays a person's (the window alone would read a fragment of it)
    ("Pregnancy or childbirth within the past year or planning to get pregnant during the study period", "exclusion",
     "manual", 'manual "Pregnancy or childbirth within the past year or planning to get pregnant during the study '
     'period"'),
    # NCT03493919_exc: "at any time during the study" is ahead, not the history
    ("Administration of long-acting immune-modifying drugs at any time during the study period", "exclusion",
     "manual", 'manual "Administration of long-acting immune-modifying drugs at any time during the study period"'),
    # NCT02567214_inc: a rate, not a window
    ("Smoking history > 10 packs/year", "inclusion", "partial", '"packs" > 10 /a'),
    # NCT03863860: "last dose" is no window
    ("Ability to be randomized ≤8 weeks after last dose of platinum", "inclusion",
     "partial", '"randomized" <= 8 week'),
    # NCT03862001: the window is the screening test's, not lung cancer's
    ("had a lung cancer screening test within the last year", "exclusion", "unsupported", None),
    # NCT02986659_inc: the window is the treatment's, under its "no" (was read "active" within 1 year)
    ("Cancer, with no active treatment in the last year", "inclusion", "partial", "malignancy"),
    # NCT02595190_inc: the window is the drug use's, under "no" (was read "sleeping pills" within 1 month)
    ("No pain(including dysmenorrhea) or drug use (e.g., antipyretics,sleeping pills) within the last month",
     "inclusion", "unsupported", None),
]


@pytest.mark.parametrize("text,role,cls,expected", UNCHANGED)
def test_unchanged(text, role, cls, expected):
    assert reading(text, role) == (cls, expected)
