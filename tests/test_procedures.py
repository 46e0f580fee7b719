"""The procedure rule kind (docs/rule-language.md, "Procedures"): corpus lines -> rules, FHIR
Procedure resources -> records, both engines deciding them alike (met / not_met / unknown)."""

from __future__ import annotations

import datetime as dt

import pytest

from screener import ir
from screener.compile import compile_rule
from screener.evaluate.policy import DEFAULT_POLICY
from screener.ir.canonical import render
from screener.records.adapters.fhir import read_json
from screener.records.bind import bind_patients
from screener.vocab import vocabulary
from tests.both_engines import screen_both  # both engines, which must agree

AS_OF = dt.date(2026, 9, 1)

# real LCT/Chia lines (../shared/corpus) and the rule each compiles to
LINES = [
    ("History of bariatric surgery", "exclusion", "history of bariatric_surgery"),
    ("Previously had bariatric surgery", "exclusion", "history of bariatric_surgery"),
    ("history of MI, PCI or CABG", "exclusion",
     "(history of myocardial_infarction) or ((history of pci) or (history of cabg))"),
    ("Prior Radiotherapy", "exclusion", "history of radiotherapy"),
    ("History of pelvic irradiation", "exclusion", None),  # the site is left out: partial
    ("Cholecystectomy", "exclusion", "history of cholecystectomy"),
    ("Hysterectomy", "exclusion", "history of hysterectomy"),
    ("radiotherapy within 4 weeks before enrollment", "exclusion", "radiotherapy within 4 week"),
    ("PCI or CABG within the last 6 months", "exclusion", "(pci within 6 month) or (cabg within 6 month)"),
    ("On mechanical ventilation", "exclusion", "current mechanical_ventilation"),
    ("Have undergone bilateral mastectomy", "exclusion", None),  # 'bilateral' is narrower than the code
    # an inclusion that is only a procedure names the trial's own
    ("Total knee arthroplasty", "inclusion", 'manual "scheduled for or undergoing total knee replacement"'),
    ("Total hip arthroplasty", "inclusion", 'manual "scheduled for or undergoing total hip replacement"'),
    ("Total hip arthroplasty", "exclusion", "history of hip_replacement"),
    ("Receiving mechanical ventilation", "inclusion", "current mechanical_ventilation"),
    # a procedure still to come is the trial's own: no record holds it, a person confirms it
    ("Scheduled for total hip replacement surgery", "inclusion", None),  # partial: the cue is left out
    ("Patients undergoing elective CABG or PCI", "inclusion", None),
    # a procedure done for a diagnosis names the diagnosis; before a comparison it is a subject
    ("elective total knee arthroplasty for degenerative osteoarthritis", "exclusion", None),
    ("need mechanical ventilation for more than 2 days", "exclusion", '"need mechanical ventilation" > 2 day'),
    ("Radiotherapy within 4 weeks prior to Day 1", "exclusion", "radiotherapy within 4 week"),
    ("History of chemotherapy or radiotherapy", "exclusion", "(received chemotherapy) or (history of radiotherapy)"),
    ("Prior colonoscopy", "exclusion", "history of colonoscopy"),
    ("Previous oophorectomy", "exclusion", "history of oophorectomy"),
    ("History of appendectomy", "exclusion", "history of appendectomy"),
    ("Previous cesarean section", "exclusion", "history of cesarean_section"),
    ("History of tubal ligation", "exclusion", "history of tubal_ligation"),
    ("prior vasectomy", "exclusion", "history of vasectomy"),
    ("Electrical cardioversion within 3 months", "exclusion", "cardioversion within 3 month"),
]


@pytest.mark.parametrize("text, role, expected", LINES, ids=[t for t, _r, _e in LINES])
def test_corpus_lines_compile_to_procedure_rules(text, role, expected):
    rule = compile_rule(text, role=role)
    assert (render(rule) if rule is not None else None) == expected


@pytest.mark.parametrize("rule", [
    ir.Procedure(procedure="cabg"), ir.Procedure(procedure="radiotherapy", status="current"),
    ir.Procedure(procedure="pci", window=ir.Window(within=ir.Duration(value=6, unit="month"))),
])
def test_canonical_text_round_trips(rule):
    assert compile_rule(render(rule), role="exclusion") == rule


def test_every_procedure_has_a_verified_code_and_is_reached_by_its_name():
    v = vocabulary()
    for p in v.procedures.values():
        assert p.codes and all(system in ("snomed", "icd10pcs") for system, _c in p.codes), p.id  # ICD-10-PCS: ECT (round 5)
        assert p.source
        assert any(t.kind == "procedure" and t.id == p.id for t in v.lookup(p.name)), p.id


# ---- records ---------------------------------------------------------------------------

def _bundle(*procedures: dict) -> dict:
    entries = [{"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                        "birthDate": "1970-01-01"}}]
    for n, body in enumerate(procedures):
        entries.append({"fullUrl": f"urn:uuid:x{n}", "resource": {
            "resourceType": "Procedure", "id": f"x{n}", "subject": {"reference": "urn:uuid:p1"}, **body}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def _sct(code: str, display: str) -> dict:
    return {"coding": [{"system": "http://snomed.info/sct", "code": code, "display": display}], "text": display}


# Synthea writes each Procedure with status 'completed' and a performedPeriod (../shared/corpus/synthea)
CABG_2024 = {"status": "completed", "code": _sct("232717009", "Coronary artery bypass grafting"),
             "performedPeriod": {"start": "2024-03-02T10:00:00Z", "end": "2024-03-02T14:00:00Z"}}
PCI_RECENT = {"status": "completed", "code": _sct("415070008", "Percutaneous coronary intervention"),
              "performedPeriod": {"start": "2026-07-20T10:00:00Z", "end": "2026-07-20T11:00:00Z"}}


def test_the_fhir_adapter_reads_procedures_and_binds_them_by_code():
    [p] = bind_patients(read_json(_bundle(CABG_2024, {**PCI_RECENT, "status": "entered-in-error"}), "b.json"))
    assert [(r.procedures, r.performed, r.performed_end, r.status) for r in p.procedures] == [
        # a code binds to every row that lists it (round 3: the categories cardiac surgery, coronary revascularization)
        (["cabg", "cardiac_surgery", "coronary_revascularization"], dt.date(2024, 3, 2), dt.date(2024, 3, 2),
         "completed"),
        (["pci", "coronary_revascularization"], dt.date(2026, 7, 20), dt.date(2026, 7, 20), "entered-in-error")]


def test_synthea_procedures_bind():
    """Every code the Synthea bundles carry that procedures.csv names binds to it."""
    import glob
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "synthea" / "bundles"
    files = sorted(glob.glob(str(root / "*.json")))
    if not files:
        pytest.skip("no Synthea corpus")
    seen = set()
    for f in files:
        for p in bind_patients(read_json(json.loads(Path(f).read_text()), f)):
            seen |= {i for r in p.procedures for i in r.procedures}
    assert {"colonoscopy", "cardioversion", "cabg", "pci", "cesarean_section", "vasectomy", "tubal_ligation",
            "radiotherapy"} <= seen


CRITERIA = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* history of MI, PCI or CABG
* PCI or CABG within the last 6 months
* On mechanical ventilation
* Hysterectomy
"""


def _both(bundle: dict, policy: str = "default"):
    pol = DEFAULT_POLICY if policy == "default" else DEFAULT_POLICY.with_settings({"conditions": "open"})
    return screen_both(CRITERIA, bundle, AS_OF, pol)


def test_procedures_decide_criteria_in_both_engines():
    got, result = _both(_bundle(CABG_2024))
    assert [got[k] for k in ("E1", "E2", "E3", "E4")] == ["met", "not_met", "not_met", "not_met"]
    ev = [e for c in result.criteria if c.id == "E1" for e in c.evidence]
    assert [(e.kind, e.about, e.record) for e in ev] == [
        ("procedure", "cabg,cardiac_surgery,coronary_revascularization", "Procedure/x0")]   # every row the code is in


def test_a_recent_procedure_is_in_the_window():
    got, _ = _both(_bundle(CABG_2024, PCI_RECENT))
    assert (got["E1"], got["E2"]) == ("met", "met")


def test_void_statuses_do_not_count_and_no_record_follows_the_conditions_policy():
    void = _bundle({**PCI_RECENT, "status": "not-done"}, {**CABG_2024, "status": "entered-in-error"})
    got, _ = _both(void)
    assert (got["E2"], got["E4"]) == ("not_met", "not_met")
    got, _ = _both(void, policy="open")
    assert (got["E2"], got["E4"]) == ("unknown", "unknown")


def test_in_progress_and_undated_records():
    vent = {"status": "in-progress", "code": _sct("40617009", "Artificial respiration"),
            "performedPeriod": {"start": "2026-08-30"}}
    undated = {"status": "completed", "code": _sct("415070008", "Percutaneous coronary intervention")}
    hyst = {"status": "completed", "code": _sct("236886002", "Hysterectomy"), "performedDateTime": "2001-05-01"}
    got, _ = _both(_bundle(vent, undated, hyst))
    assert [got[k] for k in ("E1", "E2", "E3", "E4")] == ["met", "unknown", "met", "met"]
    ended = {**vent, "status": "completed", "performedPeriod": {"start": "2026-08-01", "end": "2026-08-10"}}
    got, _ = _both(_bundle(ended))
    assert got["E3"] == "not_met"
    later = {**hyst, "performedDateTime": "2026-12-01"}  # after the screening date: not yet happened
    got, _ = _both(_bundle(later))
    assert got["E4"] == "not_met"


@pytest.mark.parametrize("text, canonical", [
    ("Scheduled for total hip replacement surgery", 'manual "scheduled for or undergoing total hip replacement"'),
    ("Patients undergoing elective CABG or PCI",
     '(manual "scheduled for or undergoing coronary artery bypass grafting") or '
     '(manual "scheduled for or undergoing percutaneous coronary intervention")'),
    ("American Society of Anesthesiologists (ASA) 1-3 patients undergoing primary total hip arthroplasty",
     '(asa_class >= 1 and <= 3) and (manual "scheduled for or undergoing total hip replacement")'),
    ("Pregnant women in third trimester planned to undergo elective cesarean section",
     '(pregnancy) and (manual "scheduled for or undergoing cesarean section")'),
])
def test_a_procedure_still_to_come_is_a_manual_check(text, canonical):
    from tests.lines import line

    c = line(text, "inclusion")
    assert c.canonical == canonical
    assert any(d.code == "rule.manual" for d in c.diagnostics)
    # the cue words are left out: the line is partial, never a checklist item alone
    from screener.coverage import line_class
    assert line_class(c) == "partial"


@pytest.mark.parametrize("text, role, canonical", [
    # an 'and' between a procedure and a drug or diagnosis is a list's: each excludes
    ("Chemotherapy and radiotherapy", "exclusion", "(taking chemotherapy) or (history of radiotherapy)"),
    ("History of MI and CABG", "exclusion", "(history of myocardial_infarction) or (history of cabg)"),
])
def test_and_between_a_procedure_and_another_kind(text, role, canonical):
    assert render(compile_rule(text, role=role)) == canonical


@pytest.mark.parametrize("text", ["Can have had prior Cesarean delivery", "May have had prior CABG"])
def test_a_permission_is_no_requirement(text):
    from tests.lines import line

    c = line(text, "inclusion")
    assert c.status == "partial"  # it never decides alone (before: 'history of ...', required)
