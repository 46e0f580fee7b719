"""Issue 5: durations and windows on subjects the vocabulary does not know (docs/notes/issue-5-durations.md).

Three island readings (screener/compile.py) for lines that do not compile whole:
- a window written with no 'within' ("Lower limb surgery two years prior to enrollment"): the unknown
  words right before the number are an unmapped subject in that window;
- how long an unknown subject has lasted ("Weight stable (±5kg) for at least 6 months"): an unmapped
  comparison with the duration, as "stable remission for 3 months or more" is read;
- an island's comparison followed by "for (the last) N months" (">/= 5 cigs/day for last 6 months"): the
  duration is the comparison's persistence.
No record decides any of them: the line is partial, with its numbers kept.  Every input is a real line of
the LCT or Chia corpus (the trial is named); the refusals are lines where the window or the duration is
not the unknown words' (a plan, a period that starts, a word the lexer left out).
"""

import pytest

from screener.coverage import line_class
from screener.ir.canonical import render
from tests.lines import line

READ = [
    # (trial, role, line, the rendered reading)
    # windows with no 'within'
    ("NCT03863197", "exclusion", "Lower limb surgery two years prior to enrollment",
     '"lower limb surgery" within 2 year'),
    ("NCT03925818", "exclusion",
     "Use of anti-secretory drugs, antibiotics or probiotics 4 weeks preceding the enrollment.",
     '("anti-secretory drugs" within 4 week) or (received systemic_antibiotics within 4 week) or '
     '("probiotics" within 4 week)'),  # every item of the list (docs/notes/issue-5-durations2.md)
    ("NCT03867994", "exclusion",
     ("Using medication with antioxidant properties e.g., beta-carotene, vitamin E, vitamin C, selenium, "
      "theophylline or N-acetyl cysteine 7 days prior to CC."),
     '("beta-carotene" within 7 day) or ("vitamin e" within 7 day) or ("vitamin c" within 7 day) or '
     '("selenium" within 7 day) or (received theophylline within 7 day) or ("n-acetyl cysteine" within 7 day)'),
    ("NCT03223909_exc", "exclusion", "Ocular surgical procedures 3 months before the protocol inclusion",
     '"ocular surgical procedures" within 3 month'),
    # how long an unknown subject has lasted
    ("NCT03864107", "inclusion", "Weight stable (±5kg) for at least 6 months", '"weight stable" >= 6 month'),
    ("NCT03922685", "inclusion", "weight-stable during past 6 months", '"weight-stable" >= 6 month'),
    ("NCT03925142", "inclusion", "Body weight stable for 3 months prior (±3 kg)",
     '"body weight stable" >= 3 month'),
    ("NCT03925142", "inclusion", "Medication use stable for 6 months prior", '"medication use stable" >= 6 month'),
    ("NCT03925142", "exclusion", "Body weight stable for <3 months prior (±3 kg)",
     '"body weight stable" < 3 month'),  # before: weight < 3 month (a weight in months)
    ("NCT02365870_inc", "inclusion", "On stable anti-parkinsonian therapy for 2 weeks before enrollment",
     '"stable anti-parkinsonian therapy" >= 2 week'),
    ("NCT03925142", "inclusion", "Stable physical activity regimen 3 months prior",
     '"stable physical activity regimen" >= 3 month'),
    ("NCT03926806", "inclusion", "Constant body weight and dietary habits for the last 3 months",
     '"constant body weight and dietary habits" >= 3 month'),
    ("NCT02902120_inc", "inclusion", "Have stable renal function for one month (30 days) prior to enrollment",
     '"stable renal function" >= 1 month'),
    # how long an island's comparison has held
    ("NCT03863509", "inclusion", ">/= 5 cigs/day for last 6 months",
     '"cigarettes" >= 5 {cigarettes}/d for >= 6 month'),
    ("NCT03863509", "exclusion", "</= 2 days per month cigarette use for last 6 months",
     '"cigarette use" <= 2 d/mo for >= 6 month'),
    ("NCT03863509", "inclusion", ">/= 5 days per week E-cig use for last 3 months",
     '"e-cig use" >= 5 d/wk for >= 3 month'),
]


@pytest.mark.parametrize("trial,role,text,expected", READ, ids=[f"{c[0]}-{k}" for k, c in enumerate(READ)])
def test_an_unknown_subject_keeps_its_window_or_duration(trial, role, text, expected):
    c = line(text, role)
    assert line_class(c) == "partial"
    assert any(d.code == "vocab.unmapped_subject" for d in c.diagnostics)
    assert render(c.rule) == expected, (trial, render(c.rule))


NOT_READ = [
    # (trial, line, the number that must not become a window or a duration of the words before it)
    # a plan or a wish, not what lasted
    ("NCT02735577_inc", ("Willing to be hospitalized on a research unit for 24 hours, longer if detoxification "
                         "is needed."), "24"),
    # the number starts a period ("from 48 h prior to entry ... until discharge", "starting one month before")
    ("NCT03926962", ("Ability and willingness to abstain from alcohol, methylxanthine-containing beverages or food "
                     '(coffee, tea, cola, chocolate, "powerdrinks"), grapefruit (juice) from 48 h prior to entry in '
                     "the clinical research center until discharge"), "48"),
    ("NCT03861585", "Free from drug treatment until 24 hours before the experiment session", "24"),
    ("NCT02370069_exc", ("administration of a vaccine during the period starting one month before the dose of "
                         "vaccine and ending one month after"), "1"),
    # the lexer left a word of the subject out ('blood'): "products" alone is not what was received
    ("NCT02015494_exc", ("Receipt of blood or blood products 8 weeks prior to vaccination or planned "
                         "administration during the three week study period following vaccination"), "8"),
]


@pytest.mark.parametrize("trial,text,number", NOT_READ, ids=[c[0] for c in NOT_READ])
def test_a_window_or_duration_that_is_not_the_words_before_it_is_left_out(trial, text, number):
    c = line(text, "exclusion")
    reading = render(c.rule) if c.rule is not None else ""
    assert f"within {number} " not in reading and f">= {number} " not in reading, (trial, reading)
