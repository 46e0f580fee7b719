"""Issue 5, session 14 round 4: time wordings left by the earlier time rounds (docs/notes/issue-5-time4.md).

Every input is a real line of the LCT or Chia corpus (the trial is named), with the rendered reading asserted:
'in the first <n> hours [of <start>]' is the time from that start to an unknown event, not a window back from
today (screener/islands.py _first_hours_island); '<cmp> <n> <unit> from <unknown event>' is how long ago the event was,
and the 'or ≤ 2 weeks from B' after such a limit is read the same (_from_event_island); a label that ends with a
window ("Taking medications ... within the past 2 months: A, B, C") gives it to each drug of its list
(screener/parse/time4.py, hooked in screener/compile.py); '<n> months post-<procedure>' is the time since it, as
"amputation at least 3 months ago" is read (_post_procedure_island).  The guards are real lines that must stay as they are: a
condition ("if within the first 4.5h"), the people themselves ("STEMI patients during the first 12 hours of
symptom onset"), a known condition ending the words ("Urinary obstruction not lifted ...").
"""

import pytest

from tests.lines import reading

READ = [
    # (trial, role, line, line class, the rendered reading)
    ("NCT03860428", "exclusion", "Any intraventricular hemorrhage (IVH) in the first 48 hours or IVH grade 3-4",
     "partial", '("time to intraventricular hemorrhage ivh" <= 48 hour) or ("ivh grade" >= 3 and <= 4)'),
    ("NCT03869593", "exclusion", "Intra-abdominal infection collected undrained in the first 24 hours of management",
     "partial", '"time from management to intra-abdominal infection collected undrained" <= 24 hour'),
    ("NCT03866499", "exclusion", "≤ 4 weeks from major surgery or ≤ 2 weeks from minor surgery.", "partial",
     '("major surgery" <= 4 week) or ("minor surgery" <= 2 week)'),
    ("NCT03862079", "exclusion", "Patients who are greater than 2 days from time of neutrophil engraftment post AHCT",
     "partial", '"time of neutrophil engraftment post ahct" > 2 day'),
    ("NCT03861806", "exclusion",
     ("Taking medications or substances that are known to affect PAS-induced plasticity within the past 2 months: "
      "selective serotonin reuptake inhibitors, dopamine, dopamine agonists, haloperidol, lithium, "
      "acetylcholinesterase inhibitors, beta-blockers, nimodipine, levetiracetam, ethosuximide, benzodiazepines, "
      "baclofen, nicotine"), "partial",
     " or ".join(f"(received {d} within 2 month)" for d in (
         "ssris", "dopamine_agonists", "haloperidol", "lithium", "cholinesterase_inhibitors", "beta_blockers",
         "nimodipine", "levetiracetam", "benzodiazepines", "baclofen"))),
    ("NCT03927404", "inclusion", "4.At least 3 months post-amputation per physician discretion", "partial",
     '"amputation" >= 3 month'),
]


@pytest.mark.parametrize("trial,role,text,cls,expected", READ, ids=[f"{c[0]}-{k}" for k, c in enumerate(READ)])
def test_time_reading(trial, role, text, cls, expected):
    assert reading(text, role) == (cls, expected), trial


LEFT = [
    # (trial, role, line, the rendered reading or None: as on main)
    ("NCT03923439", "inclusion", ("Successful recanalization (TICI 2b-3) by thrombectomy alone or in combination "
                                  "with IV thrombolysis (if within the first 4.5h)."), None),
    ("NCT02831166_inc", "inclusion", ("ST-segment elevation acute myocardial infarction patients during the first 12 "
                                      "hours of sympton onset;"), None),
    ("NCT03869593", "exclusion", "Urinary obstruction not lifted within the first 24 hours of management",
     'not ("lifted" within 24 hour)'),
    # a label's window over conditions would be their onset; symptoms present during it are no onset (the window
    # is not read; the count is, docs/notes/issue-5-counts4.md)
    ("NCT03924921", "inclusion", ("present at least one of the following symptoms during the preceding two weeks: "
                                  "sleep problems, fatigue, pain, anxiety or symptoms of depression;"),
     "at least 1 of ((anxiety_disorder), (depression))"),
    # a known condition alone after 'from': not an unknown event (left as on main)
    ("NCT01579604_exc", "exclusion", "Greater than 12 months from spinal cord injury", None),
]


@pytest.mark.parametrize("trial,role,text,expected", LEFT, ids=[c[0] for c in LEFT])
def test_left_alone(trial, role, text, expected):
    assert reading(text, role)[1] == expected, trial
