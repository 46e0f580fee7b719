"""The immunization rule kind (docs/rule-language.md, "Immunizations"): corpus lines -> rules, FHIR
Immunization resources -> records, both engines deciding them alike (met / not_met / unknown)."""

from __future__ import annotations

import datetime as dt
import glob
import json
import tempfile
from pathlib import Path

import pytest

from screener import ir
from screener.compile import compile_line, compile_rule
from screener.evaluate.policy import DEFAULT_POLICY
from screener.ir.canonical import render
from screener.records.adapters.fhir import read_json
from screener.records.bind import bind_patients
from screener.store import read_patients, write_store
from screener.text.sections import split_criteria
from screener.vocab import vocabulary
from tests.both_engines import screen_both  # both engines, which must agree

AS_OF = dt.date(2026, 9, 1)

# real LCT/Chia lines (../shared/corpus) and the rule each compiles to (None: no immunization is read)
LINES = [
    ("Those who received influenza vaccination within 3 months before the screening", "exclusion",
     "influenza_vaccine within 3 month"),
    ("have received influenza vaccination within the past 6 months", "exclusion", "influenza_vaccine within 6 month"),
    ("Patients who have received the PPSV23 vaccine in the last 5 years", "exclusion", "ppsv23_vaccine within 5 year"),
    ("History of PCV-13 vaccination", "exclusion", "history of pcv13_vaccine"),
    ("Previous history of receiving the rabies vaccine.", "exclusion", "history of rabies_vaccine"),
    # partial (words left out), but the immunization is read
    ("Patients who have received a live vaccine within 30 days prior to the first dose of trial treatment.",
     "exclusion", "live_vaccines within 30 day"),
    ("Subjects who have received live or live attenuated vaccines within 6 weeks prior to the first dose of study "
     "drug (or the zoster vaccine)", "exclusion", "live_vaccines within 6 week"),
    ("Receipt of live-virus vaccines within 28 days prior to the initiation of study treatment or need for "
     "live-virus vaccines at any time during study treatment.", "exclusion", "live_vaccines within 28 day"),
    ("Patients in recent receipt of live vaccinations within 4 weeks prior to enrolment", "exclusion",
     "live_vaccines within 4 week"),
    ("Primary groups: Vaccination against typhoid fever within 5 years before dosing.", "exclusion",
     "typhoid_vaccine within 5 year"),
    ("Vaccinated against meningococcal infections within 3 years prior to, or at the time of, initiating study "
     "drug to reduce the risk of meningococcal infection", "inclusion", "meningococcal_vaccine within 3 year"),
    ("History of previous Hepatitis B vaccination(s)", "exclusion", "history of hepatitis_b_vaccine"),
    ("Previous receipt of meningococcal B vaccine (Bexsero)", "exclusion", "history of meningococcal_b_vaccine"),
    ("Vaccination against pneumococcal infection in anamnesis;", "exclusion", "history of pneumococcal_vaccine"),
    ("Has received any licensed or other investigational influenza vaccine within 3 months prior to enrollment in "
     "this study or expected receipt of any influenza vaccination before the end of the study", "exclusion",
     "influenza_vaccine within 3 month"),
]


def _immunizations(text: str, role: str) -> list[str]:
    """The immunization rules of the line as compiled, whole or in part."""
    rule = compile_line(split_criteria(text, default_role=role).lines[0]).rule
    return [render(n) for n in ir.walk(rule) if isinstance(n, ir.Immunization)] if rule is not None else []


@pytest.mark.parametrize("text, role, expected", LINES, ids=[t[:60] for t, _r, _e in LINES])
def test_corpus_lines_compile_to_immunization_rules(text, role, expected):
    assert _immunizations(text, role) == [expected]


# where the vaccine is not one given to the patient: wished for, reacted to, a point in time, excepted,
# allowed, or an interval the trial counts; no immunization rule is read there (real corpus lines)
NOT_GIVEN = [
    ("Willing to receive three doses of an FDA-approved Hepatitis B vaccine", "inclusion"),
    ("are allergic to influenza vaccination", "exclusion"),
    ("Anaphylactic reaction to a previous dose of influenza vaccine or to any of its components", "exclusion"),
    ("Guillain-Barré syndrome within eight weeks of a previous influenza vaccine", "exclusion"),
    ("Anticipated receipt of any vaccine other than DTaP, IPV, HBV, PCV13, or Hib during the first 60 hours after "
     "randomization", "exclusion"),
    ("influenza vaccination, which may be received at least 2 weeks before study vaccines.", "exclusion"),
    ("the last vaccination intervals = 14 days and the last attenuated live vaccine intervals = 28 days", "inclusion"),
    ("Persons with a history of severe allergic reaction after previous vaccinations or hypersensitivity to any "
     "seasonal influenza vaccine component", "exclusion"),
]


@pytest.mark.parametrize("text, role", NOT_GIVEN, ids=[t[:60] for t, _r in NOT_GIVEN])
def test_a_vaccine_not_given_to_the_patient_is_no_immunization_rule(text, role):
    assert _immunizations(text, role) == []


@pytest.mark.parametrize("rule", [
    ir.Immunization(vaccine="bcg_vaccine"), ir.Immunization(vaccine="live_vaccines"),
    ir.Immunization(vaccine="influenza_vaccine", window=ir.Window(within=ir.Duration(value=3, unit="month"))),
])
def test_canonical_text_round_trips(rule):
    assert compile_rule(render(rule), role="exclusion") == rule


# ---- the data: every row is reached by a wording and by a CVX code ----------------------------

# (row, a CVX code a record carries for it, a wording of it)
ROWS = [
    ("influenza_vaccine", "140", "influenza vaccination"), ("hepatitis_b_vaccine", "08", "hepatitis B vaccine"),
    ("live_vaccines", "21", "live vaccines"), ("covid19_vaccine", "208", "COVID-19 vaccine"),
    ("bcg_vaccine", "19", "BCG vaccination"), ("hpv_vaccine", "62", "HPV vaccination"),
    ("pneumococcal_vaccine", "33", "pneumococcal vaccination"), ("ppsv23_vaccine", "33", "PPSV23 vaccine"),
    ("pcv13_vaccine", "133", "PCV13"), ("zoster_vaccine", "121", "shingles vaccine"),
    ("mmr_vaccine", "03", "MMR vaccine"), ("tetanus_vaccine", "113", "tetanus vaccination"),
    ("tdap_vaccine", "115", "Tdap"), ("meningococcal_vaccine", "114", "meningococcal vaccination"),
    ("meningococcal_b_vaccine", "162", "meningococcal B vaccine"), ("typhoid_vaccine", "101", "typhoid vaccine"),
    ("rabies_vaccine", "18", "rabies vaccine"), ("hepatitis_a_vaccine", "52", "hepatitis A vaccination"),
    ("varicella_vaccine", "21", "varicella vaccine"), ("yellow_fever_vaccine", "37", "yellow fever vaccination"),
    ("smallpox_vaccine", "75", "smallpox vaccine"), ("rotavirus_vaccine", "119", "rotavirus vaccine"),
]


def test_the_rows_are_all_tested():
    assert {r for r, _c, _w in ROWS} == set(vocabulary().vaccines)


@pytest.mark.parametrize("vid, code, wording", ROWS, ids=[r[0] for r in ROWS])
def test_each_row_is_read_from_its_wording_and_its_code(vid, code, wording):
    assert render(compile_rule(f"History of {wording}", role="exclusion")) == f"history of {vid}"
    assert render(compile_rule(f"{wording} within 4 weeks", role="exclusion")) == f"{vid} within 4 week"
    assert vid in vocabulary().vaccines_for_code("cvx", code)


def test_every_row_has_cvx_codes_and_a_source():
    for v in vocabulary().vaccines.values():
        assert v.codes and all(system == "cvx" for system, _c in v.codes) and v.source, v.id


def test_the_live_vaccine_group_holds_live_vaccines_only():
    v = vocabulary()
    live = {c for _s, c in v.vaccines["live_vaccines"].codes}
    # MMR, MMRV, varicella, live zoster, LAIV, yellow fever, BCG, oral typhoid, rotavirus, OPV
    assert {"03", "94", "21", "121", "111", "149", "37", "19", "25", "119", "116", "02"} <= live
    # inactivated influenza, recombinant zoster, conjugates, toxoids, hepatitis B, HPV, COVID-19 mRNA
    assert not {"140", "141", "150", "187", "133", "33", "115", "08", "62", "208"} & live
    assert v.vaccines_for_code("cvx", "3") == v.vaccines_for_code("cvx", "03") == ("live_vaccines", "mmr_vaccine")


def test_vaccine_wordings_do_not_take_a_diagnosis():
    """'hepatitis B vaccine' is no hepatitis B; bare 'BCG' (a bladder cancer treatment) and 'MMR'
    (mismatch repair) are no vaccines."""
    assert render(compile_rule("History of hepatitis B", role="exclusion")) != "history of hepatitis_b_vaccine"
    v = vocabulary()
    assert not [t for t in v.lookup("bcg") + v.lookup("mmr") if t.kind == "vaccine"]


# ---- records ---------------------------------------------------------------------------

def _bundle(*immunizations: dict) -> dict:
    entries = [{"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1", "gender": "female",
                                                        "birthDate": "1970-01-01"}}]
    for n, body in enumerate(immunizations):
        entries.append({"fullUrl": f"urn:uuid:x{n}", "resource": {
            "resourceType": "Immunization", "id": f"x{n}", "patient": {"reference": "urn:uuid:p1"}, **body}})
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def _imm(code: str, display: str, when: str | None, status: str = "completed") -> dict:
    # as Synthea writes them (../shared/corpus/synthea): CVX vaccineCode, occurrenceDateTime, status
    body = {"status": status, "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": code,
                                                          "display": display}], "text": display}}
    return {**body, "occurrenceDateTime": when} if when else body


FLU_JULY = _imm("140", "Influenza, seasonal, injectable, preservative free", "2026-07-01T10:00:00Z")
PPSV23_2019 = _imm("33", "pneumococcal polysaccharide vaccine, 23 valent", "2019-03-04")
MMR_RECENT = _imm("03", "MMR", "2026-08-20")
BCG_UNDATED = _imm("19", "BCG", None)


def test_the_fhir_adapter_reads_immunizations_and_binds_them_by_code():
    odd = {**_imm("3", "MMR", None), "occurrenceString": "as a child"}  # a CVX code without its leading zero
    [p] = bind_patients(read_json(_bundle(FLU_JULY, {**PPSV23_2019, "status": "entered-in-error"}, odd), "b.json"))
    assert [(r.vaccines, r.occurred, r.status) for r in p.immunizations] == [
        (["influenza_vaccine"], dt.date(2026, 7, 1), "completed"),
        (["pneumococcal_vaccine", "ppsv23_vaccine"], dt.date(2019, 3, 4), "entered-in-error"),
        (["live_vaccines", "mmr_vaccine"], None, "completed")]
    assert not p.problems


def test_a_record_without_a_known_code_binds_by_name():
    [p] = bind_patients(read_json(_bundle({"status": "completed", "vaccineCode": {"text": "Influenza vaccine"},
                                           "occurrenceDateTime": "2026-01-01"}), "b.json"))
    assert p.immunizations[0].vaccines == ["influenza_vaccine"]


def test_the_store_keeps_immunizations():
    patients = bind_patients(read_json(_bundle(FLU_JULY, MMR_RECENT, _imm("998", "no vaccine administered", None)),
                                       "b.json"))
    with tempfile.TemporaryDirectory() as store:
        write_store(patients, store)
        [(_pid, back)] = list(read_patients(store))
    assert [(r.vaccines, r.occurred, r.status, r.origin.resource) for r in back.immunizations] == [
        (["influenza_vaccine"], dt.date(2026, 7, 1), "completed", "Immunization/x0"),
        (["live_vaccines", "mmr_vaccine"], dt.date(2026, 8, 20), "completed", "Immunization/x1")]


def test_synthea_immunizations_bind():
    """The CVX codes the Synthea bundles carry bind to their rows (IPV and Hib are in no row)."""
    root = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "synthea" / "bundles"
    files = sorted(glob.glob(str(root / "*.json")))
    if not files:
        pytest.skip("no Synthea corpus")
    seen, unplaced = set(), set()
    for f in files:
        for p in bind_patients(read_json(json.loads(Path(f).read_text()), f)):
            seen |= {v for r in p.immunizations for v in r.vaccines}
            unplaced |= {r.codes[0].code for r in p.immunizations if not r.vaccines}
    assert {"influenza_vaccine", "tetanus_vaccine", "tdap_vaccine", "live_vaccines", "mmr_vaccine", "varicella_vaccine",
            "zoster_vaccine", "pneumococcal_vaccine", "pcv13_vaccine", "ppsv23_vaccine", "hepatitis_a_vaccine",
            "hepatitis_b_vaccine", "hpv_vaccine", "meningococcal_vaccine", "rotavirus_vaccine"} <= seen
    assert unplaced == {"10", "49"}


# ---- both engines --------------------------------------------------------------------------

CRITERIA = """Inclusion Criteria

* age 18 years or older

Exclusion Criteria

* Those who received influenza vaccination within 3 months before the screening
* Patients who have received the PPSV23 vaccine in the last 5 years
* History of PCV-13 vaccination
* Previous history of receiving the rabies vaccine.
* live_vaccines within 30 day
* history of bcg_vaccine
"""


def _both(bundle: dict, policy: str = "complete"):
    # the default takes immunizations as open (no record: unknown); "complete" is a trial's choice
    pol = DEFAULT_POLICY if policy == "open" else DEFAULT_POLICY.with_settings({"immunizations": "complete"})
    got, result = screen_both(CRITERIA, bundle, AS_OF, pol)
    return [got[f"E{k}"] for k in range(1, 7)], result


def test_immunizations_decide_criteria_in_both_engines():
    got, result = _both(_bundle(FLU_JULY, PPSV23_2019))
    assert got == ["met", "not_met", "not_met", "not_met", "not_met", "not_met"]
    ev = [e for c in result.criteria if c.id == "E1" for e in c.evidence]
    assert [(e.kind, e.about, e.record, e.date) for e in ev] == [
        ("immunization", "influenza_vaccine", "Immunization/x0", dt.date(2026, 7, 1))]
    ev = [e for c in result.criteria if c.id == "E2" for e in c.evidence]
    assert [(e.kind, e.record) for e in ev] == [("immunization", "Immunization/x1")]  # named, though too old


def test_a_group_is_met_by_any_member_and_windows_read_the_date():
    got, _ = _both(_bundle(MMR_RECENT, BCG_UNDATED, _imm("133", "Pneumococcal conjugate PCV 13", "2010-01-01")))
    # the MMR of 11 days ago is a live vaccine; the undated BCG was given (ever) but when is unknown
    assert got == ["not_met", "not_met", "met", "not_met", "met", "met"]
    got, _ = _both(_bundle(BCG_UNDATED))
    assert got[4:] == ["unknown", "met"]
    got, _ = _both(_bundle(_imm("149", "influenza, live, intranasal, quadrivalent", "2026-08-25")))
    assert got[0] == got[4] == "met"  # LAIV is an influenza vaccine and a live one


def test_void_statuses_and_later_dates_do_not_count_and_no_record_follows_the_policy():
    void = _bundle({**FLU_JULY, "status": "not-done"}, {**MMR_RECENT, "status": "entered-in-error"},
                   _imm("19", "BCG", "2026-12-01"))  # given after the screening date
    got, _ = _both(void)
    assert got == ["not_met"] * 6
    got, _ = _both(void, policy="open")
    assert got == ["unknown"] * 6
    got, _ = _both(_bundle(FLU_JULY), policy="open")
    assert got[0] == "met" and got[1:] == ["unknown"] * 5


def test_by_default_no_immunization_record_is_unknown():
    # many vaccines are given where the record does not see (a pharmacy, a school, abroad): an exclusion
    # "received influenza vaccination within 3 months" must not let a patient through on no record
    assert DEFAULT_POLICY.immunizations == "open"
    got, result = _both(_bundle(), policy="open")
    assert got == ["unknown"] * 6 and result.verdict == "undetermined"
