"""Issue 5: rates and frequencies in free text ("> 2 drinks/d", "5 or more central apneas per hour",
"less than twice a week") read as an unmapped comparison whose unit keeps the rate.

No record decides these (they are self-reports), so the reading is partial: the numbers are kept
with the counted thing as the subject, and the rate is never read as a duration or a plain count.
Every input is a real line of the LCT or Chia corpus (the trial is named).
"""

import pytest

from screener import ir
from screener.coverage import line_class
from screener.units import to_ucum
from tests.lines import line


def _nodes(rule):
    """Every node of a rule tree."""
    yield rule
    for name in ("items", "item"):
        sub = getattr(rule, name, None)
        if isinstance(sub, tuple):
            for s in sub:
                yield from _nodes(s)
        elif sub is not None and hasattr(sub, "kind"):
            yield from _nodes(sub)


def _unmapped(rule):
    return [n for n in _nodes(rule) if isinstance(n, ir.Unmapped)]


def _rate(subject, op, value, unit, sustained=None):
    return ir.Unmapped(subject=subject, test=ir.Measure(analyte=subject, op=op, sustained=sustained,
                                                       value=ir.Quantity(value=value, unit=unit)))


CASES = [
    # (trial, role, line, the unmapped comparison it must hold)
    ("NCT03860584", "exclusion", "Excess alcohol (>2 drinks/d)", _rate("excess alcohol", ">", 2, "{drinks}/d")),
    # (how long the rate has held is its persistence: tests/test_duration_islands.py)
    ("NCT03863509", "inclusion", ">/= 5 cigs/day for last 6 months",
     _rate("cigarettes", ">=", 5, "{cigarettes}/d", ir.Duration(value=6, unit="month"))),
    ("NCT03863366", "exclusion", "Typically drinks > 6 caffeinated drinks per day",
     _rate("caffeinated drinks", ">", 6, "/d")),
    ("NCT03923218", "inclusion", "patients smoked more than 10 cigarettes in a day", _rate("cigarettes", ">", 10, "/d")),
    ("NCT03929549", "exclusion", "Central sleep apnea (CSA) - 5 or more central apneas per hour",
     _rate("central apneas", ">=", 5, "/h")),
    ("NCT03923517", "exclusion",
     "the carer has face-to-face contact with the person with YOD less than twice a week;",
     _rate("face contact with the person with yod", "<", 2, "/wk")),
    ("NCT03860623", "exclusion", "Those who report having ≤3 bowel movements/week or >2/day.",
     _rate("bowel movements", "<=", 3, "/wk")),
    ("NCT03931941", "inclusion",
     "[Note: Subject's CDI diarrhea must be controlled (<3 unformed/loose stools/day) while",
     _rate("unformed loose stools", "<", 3, "/d")),
    ("NCT03923569", "exclusion", "use of benzodiazepines at a dose superior or equal to two intakes per day",
     _rate("intakes", ">=", 2, "/d")),
    ("NCT03861819", "inclusion",
     "No more than 14 drinks per week (if male) or 7 drinks a week (if female) in the last 2 years",
     _rate("drinks", "<=", 14, "{drinks}/wk")),
    ("NCT03869372", "exclusion",
     "current use of the following medications or use of substances which are known to lower the seizure "
     "threshold: amitriptyline (Elavil), nortriptyline (Pamelor), imipramine (Tofranil), doxepin (Sinequan), "
     "clozapine (Clozaril), chlorpromazine (Thorazine), amphetamines or methamphetamine, Ecstasy, Ketamine, "
     "Angel Dust/phencyclidine (PCP), cocaine, or 3 or more alcoholic drinks per day",
     _rate("alcoholic drinks", ">=", 3, "/d")),
    ("NCT03926221", "inclusion",
     "Youth self-reported weekday sleep onset time for the past month later than 10:40 pm for 10- to 13-year- "
     "olds; 11:00pm for 14-16 year olds, and later than 11:20 for 17-18 year olds at least 3 nights per week;",
     _rate("nights", ">=", 3, "/wk")),
    ("NCT02420015_inc", "inclusion", "Currently smoke at least ten cigarettes a day", _rate("cigarettes", ">=", 10, "/d")),
    ("NCT03335904_exc", "exclusion", "apnea hypopnea index > 5 events per hour", _rate("events", ">", 5, "/h")),
    ("NCT00730301_exc", "exclusion", "Clinically significant (> 4 Tablespoons per day) sputum production",
     _rate("tablespoons", ">", 4, "/d")),
    ("NCT02764476_inc", "inclusion",
     "Participants must have at least one symptom per month in the month prior to enrollment",
     _rate("symptom", ">=", 1, "/mo")),
    ("NCT02445339_inc", "inclusion", "Have ≥2 days/week of heavy drinking (>4 drinks/day)",
     _rate("drinks", ">", 4, "{drinks}/d")),
]


@pytest.mark.parametrize("trial,role,text,expected", CASES, ids=[c[0] for c in CASES])
def test_a_rate_is_an_unmapped_comparison_that_keeps_the_rate(trial, role, text, expected):
    c = line(text, role)
    assert line_class(c) == "partial"
    assert any(d.code == "vocab.unmapped_subject" for d in c.diagnostics)
    found = [dataclass_without_span(u) for u in _unmapped(c.rule)]
    assert expected in found, (trial, found)


def dataclass_without_span(node):
    import dataclasses

    return dataclasses.replace(node, span=None)


@pytest.mark.parametrize("text", [
    "Excess alcohol (>2 drinks/d)",
    "Typically drinks > 6 caffeinated drinks per day",
    "<3 unformed/loose stools/day",
    "Clinically significant (> 4 Tablespoons per day) sputum production",
    "Participants must have at least one symptom per month in the month prior to enrollment",
])
def test_a_rate_is_never_a_plain_count_or_a_duration(text):
    # before: "tablespoons per" > 4, "symptom per" >= 1, "unformed loose stools" < 3 (the rate dropped)
    for u in _unmapped(line(text).rule):
        if u.test is not None:
            assert u.test.value.unit is not None and "/" in u.test.value.unit, u
    for n in _nodes(line(text).rule):
        assert not isinstance(n, (ir.Duration,)), n


def test_days_per_week_is_still_a_rate_not_days():
    # LCT NCT03863509: the guarantee the rate refusal kept ("5 days per week" is never "5 days")
    c = line(">/= 5 days per week E-cig use for last 3 months", "inclusion")
    (u,) = _unmapped(c.rule)
    assert u.test.value == ir.Quantity(value=5, unit="d/wk")


@pytest.mark.parametrize("text,code", [("drinks/d", "{drinks}/d"), ("stools/day", "{stools}/d")])
def test_count_per_day_spellings(text, code):
    # unit_spellings.csv rows (LCT NCT03860584 ">2 drinks/d", NCT03931941 "<3 unformed/loose stools/day")
    assert to_ucum(text) == code


# ---- bare counts of a named condition ------------------------------------------------

COUNTS = [
    ("NCT03867201", "inclusion", "History of at least 5 attacks of migraine", ("attacks of migraine", ">=", 5)),
    ("NCT03927664", "exclusion", "More than one etiology for ascites", ("etiology for ascites", ">", 1)),
    ("NCT03930121", "exclusion", "more than one clinically apparent stroke with aphasic symptoms;",
     ("clinically apparent stroke with aphasic symptoms", ">", 1)),
    ("NCT03151603_inc", "inclusion",
     "at least two symptoms of UTI (dysuria, urgency of micturition, frequency, lower abdominal pain)",
     ("symptoms of uti", ">=", 2)),
]


@pytest.mark.parametrize("trial,role,text,expected", COUNTS, ids=[c[0] for c in COUNTS])
def test_a_count_of_a_named_condition_is_an_unmapped_count(trial, role, text, expected):
    subject, op, n = expected
    c = line(text, role)
    assert line_class(c) == "partial"
    assert _rate(subject, op, n, None) in [dataclass_without_span(u) for u in _unmapped(c.rule)], trial


@pytest.mark.parametrize("text", [
    "TBI >= 1200 cGy (fractionated)",  # LCT NCT03865589: a unit, not a count of "cGy"
    "Cyclophosphamide + TBI (> 500 cGy (single) or > 800cGy (fractionated))",
    "GDM diagnosed ≥ 33 gestational weeks",  # LCT NCT03864549: a gestational age, not a count of weeks
    "All patients that older than 18 treated for localized adenocarcinoma of the prostate between 2000 and 2017 "
    "with either radical prostatectomy or radiotherapy",  # LCT NCT03927287: an age
])
def test_a_unit_or_an_age_is_never_a_count(text):
    for u in _unmapped(line(text).rule):
        assert u.test is None or u.test.value.unit is not None, u


def test_a_condition_with_its_window_keeps_the_window():
    # Chia NCT03497598: "= 3 UTIs within the last 12 months" stays the UTI onset window records decide
    rule = line("= 3 UTIs within the last 12 months or = 2 UTIs within the last 6 months;", "inclusion").rule
    conds = [n for n in _nodes(rule) if isinstance(n, ir.Condition)]
    assert len(conds) == 2 and not _unmapped(rule)
