"""Issue 5, session 13 round 3: time wordings left by the durations rounds (docs/notes/issue-5-time3.md).

Every input is a real line of the LCT or Chia corpus (the trial is named), with the rendered reading asserted:
- how long one can keep doing something: "unable to sit in a chair without armrests for 2 hours"
  (screener/compile.py _ability_island);
- a window that opens the line and names the event it counts from: "within 2 years of completing initial
  chemotherapy treatment" (_completion_window_island);
- how long an unknown thing lasted, in a window or not: "more than 72 hours of hospitalization in the last 30
  days", "> 8 consecutive weeks of seizure freedom during the 12 weeks prior to screening" (_span_of_island);
- a known drug taken 'for N months or longer' (_drug_or_longer_island);
- 'between (16-24) weeks of gestation' (screener/parse/time3.py bracketed_ranges);
- "during the pervious 3 months", a slip of 'previous' (grammars/lexicon.tsv).
"""

import pytest

from tests.lines import reading

READ = [
    # (trial, role, line, line class, the rendered reading)
    ("NCT03867838", "exclusion", "unable to sit in a chair without armrests for 2 hours", "partial",
     'not ("sit in a chair without armrests" >= 2 hour)'),
    ("NCT01806558_exc", "exclusion", "Are physically unable to sit upright and still for 40 minutes", "partial",
     'not ("sit upright and still" >= 40 min)'),
    ("NCT03929952", "exclusion",
     ("Patient with a contraindication to performing a fMRI scan: ferromagnetic implant in the body, piercing, "
      "claustrophobia, unable to remain in the scanner stationary for 40 minutes"), "partial",
     '(claustrophobia) or (not ("remain in the scanner stationary" >= 40 min))'),
    ("NCT03921658", "inclusion", "Cohort 1 only: within 2 years of completing initial chemotherapy treatment",
     "partial", '"completing initial chemotherapy treatment" within 2 year'),
    ("NCT03865342", "exclusion", "more than 72 hours of hospitalization in the last 30 days", "partial",
     '"hospitalization" > 72 hour within 30 day'),
    ("NCT03865732", "exclusion",
     "> 8 consecutive weeks of seizure freedom during the 12 weeks prior to screening", "partial",
     '"seizure freedom" > 8 week within 12 week'),
    ("NCT03929471", "inclusion", "Minimum of 3 hours of dialysis per session.", "partial",
     '"dialysis per session" >= 3 hour'),
    ("NCT03921034", "exclusion",
     "Have been using opioids on a chronic basis (daily or almost daily opioid use for 3 months or longer)",
     "partial", "taking opioids for >= 3 month"),
    ("NCT03862638", "exclusion", "No headache during the pervious 3 months;", "partial",
     'not ("headache" within 3 month)'),
    ("NCT03861520", "inclusion", "pregnant woman between (16-24) weeks of gestation.", "partial",
     "(sex female) and (gestational_age >= 16 week and <= 24 week)"),
]


@pytest.mark.parametrize("trial,role,text,cls,expected", READ, ids=[f"{c[0]}-{k}" for k, c in enumerate(READ)])
def test_time_reading(trial, role, text, cls, expected):
    assert reading(text, role) == (cls, expected), trial


NOT_READ = [
    # (trial, line, what must not be in the reading)
    # a stop of the drug for 2 weeks or longer, then a plan: no use that lasted
    ("NCT02609698_exc", ("Patients who are anticipated to receive treatment or surgery that may require desisting the "
                         "administration of antiplatelet therapy for 2 weeks or longer during the period of the "
                         "clinical trial"), "for >= 2 week"),
    # a window after other words is counted from another event (the fracture), not from now
    ("NCT03923959", ("Cerebrovascular accident/stroke, active coronary disease/myocardial infarction, or deep vein "
                     "thrombosis/pulmonary emboli within one (1) month of the fracture"), '"the fracture"'),
]


@pytest.mark.parametrize("trial,text,absent", NOT_READ, ids=[c[0] for c in NOT_READ])
def test_left_alone(trial, text, absent):
    read = reading(text, "exclusion")[1] or ""
    assert absent not in read, (trial, read)
