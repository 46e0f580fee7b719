"""Issue 5, session 13 round 2: windows and durations (docs/notes/issue-5-durations2.md).

Every input is a real line of the LCT or Chia corpus (the trial is named), with the rendered reading asserted:
- a list before '<n> <time unit> before' is read for every item, or not at all (screener/compile.py _ago_list);
- "Recent X (for the last 6 weeks)": the window of what 'recent' qualifies (_recent_island);
- a duration named as such: "minimum disease duration of 5 years" (_named_duration_island);
- 'older than N months' after a dated thing (a biopsy, a diagnosis, an ulcer) is how long ago it was, not the
  patient's age (screener/parse/ago.py aged_things);
- '<6 months post-partum': the time since the condition began (ago.post_conditions, _post_island);
- a window after a verb of use at the line's start ("Receive initial nutrition care one day before ...").
"""

import pytest

from tests.lines import reading

READ = [
    # (trial, role, line, line class, the rendered reading)
    ("NCT03925818", "exclusion",
     "Use of anti-secretory drugs, antibiotics or probiotics 4 weeks preceding the enrollment.", "partial",
     '("anti-secretory drugs" within 4 week) or (received systemic_antibiotics within 4 week) or '
     '("probiotics" within 4 week)'),
    ("NCT01483118_exc", "exclusion",
     ("Hormonal treatment involving estrogen or progesterone 3 months prior to or during the study period, with "
      "the exception of medroxyprogesterone acetate for withdrawal bleeding."), "partial",
     '("hormonal treatment involving estrogen" within 3 month) or ("progesterone" within 3 month)'),
    ("NCT03863730", "exclusion", "Recent infectious gastroenteritis (for the last 6 weeks)", "partial",
     "onset of icd10_a09 within 6 week"),
    ("NCT03869281", "inclusion", "minimum disease duration of 5 years", "partial",
     '"disease duration" >= 5 year'),
    ("NCT03868709", "inclusion", "The expected duration of surgery is 2 hours or longer;", "partial",
     '"expected duration of surgery" >= 2 hour'),
    ("NCT03863730", "inclusion", "Liver biopsy older that 6 months with liver stiffness ≥10 kPa", "partial",
     '("liver biopsy" > 6 month) and ("liver stiffness" >= 10 kPa)'),
    ("NCT02631512_exc", "exclusion", "Ulcers older than 1 year.", "partial", '"ulcers" > 1 year'),
    ("NCT03475589_exc", "exclusion",
     ("A history of active hemorragge, ulcer, intestinal perforation, intestinal obstruction, or major surgery no "
      "older than 30 days;"), "partial",
     '(history of bowel_obstruction) or ("major surgery" within 30 day)'),
    ("NCT03923517", "exclusion",
     ("the person with YOD the carer is caring for has a different dementia cause other than FTD or AD or the "
      "diagnosis is older than 12 months;"), "partial", '"diagnosis" > 12 month'),
    ("NCT02432404_exc", "exclusion", "Women who are less than 6 weeks postpartum", "full",
     "(sex female) and (onset of postpartum within < 6 week)"),
    ("NCT03867981", "exclusion",
     ("Currently pregnant, <6 months post-partum, nursing, or planning to become pregnant within the next 12 "
      "months."), "partial",
     '(active pregnancy) or (onset of postpartum within < 6 month) or (breastfeeding) or '
     '("planning pregnant" within 12 month)'),
    ("NCT03928548", "inclusion", "Receive initial nutrition care one day before study enrollment day", "partial",
     '"initial nutrition care" within 1 day'),
]


@pytest.mark.parametrize("trial,role,text,cls,expected", READ, ids=[f"{c[0]}-{k}" for k, c in enumerate(READ)])
def test_window_or_duration_reading(trial, role, text, cls, expected):
    assert reading(text, role) == (cls, expected), trial


NOT_READ = [
    # (trial, line, what must not be in the reading)
    # 'older than' after a person stays an age
    ("NCT03867526", "Patients of both genders older than 6 months and younger than 80 years", '"'),
    # 'blood' was left out by the lexer: "products" alone is no item, so the list is not read
    ("NCT02015494_exc", ("Receipt of blood or blood products 8 weeks prior to vaccination or planned "
                         "administration during the three week study period following vaccination"), "within 8 "),
]


@pytest.mark.parametrize("trial,text,absent", NOT_READ, ids=[c[0] for c in NOT_READ])
def test_left_alone(trial, text, absent):
    read = reading(text, "exclusion")[1] or ""
    assert absent not in read, (trial, read)
