"""Hand-built follow-up series (tests/build_followup_fixtures.py) against both seed trials' definitions.

The expected categories below were worked out by hand from each series (the builder's comments
say why) and from the definitions in rules/*.outcomes and rules/*.protocol, read with
docs/outcomes.md.  They are not the engine's output copied back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from screener.followup.definitions import load_definitions
from screener.outcomes import assess_patient
from screener.protocol import check_patient
from screener.records.bind import bind_patients
from screener.records.load import load_paths
from tests import build_followup_fixtures as builder

FIX = Path(__file__).parent / "fixtures" / "followup"
BASELINE = builder.BASELINE
M, N, U = "met", "not_met", "unknown"


def _patients(folder: str) -> dict:
    return {p.id: p for p in bind_patients(load_paths([FIX / folder]))}


def _statuses(result) -> dict[tuple[str, str], object]:
    """(timepoint, outcome) -> status, or the number for a measure."""
    return {(tp.timepoint, o.name): (o.value if o.status == "measured" else o.status)
            for tp in result.timepoints for o in tp.outcomes}


def test_fixtures_are_what_the_builder_writes():
    files = builder.build()
    assert sorted(p.relative_to(FIX).as_posix() for p in FIX.rglob("*.json")) == sorted(files)
    for rel, text in files.items():
        assert (FIX / rel).read_text(encoding="utf-8") == text, rel


# ---- NCT06722586 ---------------------------------------------------------------------------------

CUTOFF_06 = dt.date(2025, 10, 1)  # after the 6-month window (2025-08-20..2025-09-17) has closed
# (complete, partial, overall) response per timepoint
RESPONSE = {
    "cr_path": {"2 week": (N, N, N), "1 month": (N, M, M), "3 month": (M, N, M), "6 month": (M, N, M)},
    "pr_path": {"2 week": (N, N, N), "1 month": (N, M, M), "3 month": (N, M, M), "6 month": (N, M, M)},
    "no_response": {"2 week": (N, N, N), "1 month": (N, N, N), "3 month": (N, N, N), "6 month": (N, N, N)},
    "no_baseline": {"2 week": (N, U, U), "1 month": (U, U, U), "3 month": (M, N, M), "6 month": (U, U, U)},
    "dropout": {"2 week": (N, N, N), "1 month": (N, N, N), "3 month": (U, U, U), "6 month": (U, U, U)},
    "edges": {"2 week": (U, U, U), "1 month": (M, N, M), "3 month": (N, M, M), "6 month": (U, U, U)},
    "steroids_apl": {"2 week": (N, N, N), "1 month": (M, N, M), "3 month": (U, U, U), "6 month": (U, U, U)},
}
# no platelet count in the 6-month window, which has closed by the cut-off
DROPOUT = {"cr_path": N, "pr_path": N, "no_response": N, "no_baseline": M, "dropout": M, "edges": M,
           "steroids_apl": M}


@pytest.fixture(scope="module")
def outcomes_06():
    defs = load_definitions("NCT06722586", "outcomes")
    return {pid: assess_patient(defs, p, BASELINE, CUTOFF_06) for pid, p in _patients("nct06722586").items()}


@pytest.mark.parametrize("pid", sorted(RESPONSE))
def test_nct06722586_platelet_response_per_timepoint(outcomes_06, pid):
    got = _statuses(outcomes_06[pid])
    for tp, (cr, pr, overall) in RESPONSE[pid].items():
        assert (got[(tp, "complete_response")], got[(tp, "partial_response")], got[(tp, "overall_response")]) \
            == (cr, pr, overall), (pid, tp)
    assert got[("6 month", "dropout")] == DROPOUT[pid]
    assert ("2 week", "dropout") not in got  # the dropout is defined at 6 months only


def test_nct06722586_timepoints_are_calendar_dates(outcomes_06):
    r = outcomes_06["cr_path"]
    assert [(t.timepoint, t.target) for t in r.timepoints] == [
        ("2 week", dt.date(2025, 3, 17)), ("1 month", dt.date(2025, 4, 3)), ("3 month", dt.date(2025, 6, 3)),
        ("6 month", dt.date(2025, 9, 3))]
    three = r.timepoints[2]
    assert (three.window_start, three.window_end) == (dt.date(2025, 5, 20), dt.date(2025, 6, 17))


def test_nct06722586_evidence_names_the_records_and_the_baseline(outcomes_06):
    tp = {t.timepoint: t for t in outcomes_06["cr_path"].timepoints}
    partial = next(o for o in tp["1 month"].outcomes if o.name == "partial_response")
    records = {e.record for e in partial.evidence}
    assert {"Observation/cr_path-plt0", "Observation/cr_path-plt2"} <= records
    assert any(e.note == "baseline" and e.reported == "40 10*9/L" for e in partial.evidence)
    assert "2 x baseline 40" in partial.explanation
    complete = next(o for o in tp["3 month"].outcomes if o.name == "complete_response")
    # reported in 10*3/uL, compared in 10*9/L
    assert complete.evidence[0].reported == "120 10*3/uL" and complete.evidence[0].normalized == "120 10*9/L"
    assert complete.rule == "platelets > 100 10*9/L"


def test_nct06722586_window_edges_and_ties(outcomes_06):
    tp = {t.timepoint: t for t in outcomes_06["edges"].timepoints}
    cr2 = next(o for o in tp["2 week"].outcomes if o.name == "complete_response")
    assert "no platelets result at 2 week (2025-03-14..2025-03-20)" in cr2.explanation
    assert cr2.missing == ["a platelets result between 2025-03-14 and 2025-03-20"]
    cr1 = next(o for o in tp["1 month"].outcomes if o.name == "complete_response")
    assert "on 2025-04-01" in cr1.explanation  # two days before the target wins over two days after


def test_nct06722586_unknown_baseline_leaves_partial_response_open(outcomes_06):
    tp = {t.timepoint: t for t in outcomes_06["no_baseline"].timepoints}
    pr = next(o for o in tp["2 week"].outcomes if o.name == "partial_response")
    assert pr.status == U and "no usable baseline platelets" in pr.explanation
    assert pr.missing == ["a baseline platelets result"]


def test_nct06722586_doses_and_titres(outcomes_06):
    got = _statuses(outcomes_06["steroids_apl"])
    # prednisone 10 mg/d, then methylprednisolone 4 mg/d = 5 mg/d prednisone from day 31
    assert [got[(tp, "glucocorticoid_dose_change")] for tp in ("2 week", "1 month", "3 month", "6 month")] \
        == [0, -5, -5, -5]
    assert got[("3 month", "acl_igg_change")] == -35
    assert got[("2 week", "acl_igg_change")] == U
    assert got[("3 month", "lupus_anticoagulant_negative")] == M
    assert got[("2 week", "lupus_anticoagulant_negative")] == U
    assert _statuses(outcomes_06["cr_path"])[("3 month", "glucocorticoid_dose_change")] == 0  # none taken


def test_dropout_needs_the_window_to_have_closed():
    defs = load_definitions("NCT06722586", "outcomes")
    p = _patients("nct06722586")["dropout"]
    open_window = _statuses(assess_patient(defs, p, BASELINE, dt.date(2025, 9, 10)))
    assert open_window[("6 month", "dropout")] == U
    no_cutoff = assess_patient(defs, p, BASELINE)  # the data ends with the last record (1 month)
    assert no_cutoff.cutoff == dt.date(2025, 4, 3)
    six = no_cutoff.timepoints[-1]
    assert not six.due and all(o.status == U and "not yet due" in o.explanation for o in six.outcomes)


# ---- NCT05746689 outcomes ------------------------------------------------------------------------

CUTOFF_05 = dt.date(2026, 3, 1)  # after the 48-week window (2026-01-19..2026-02-16)
IGG4 = {  # disease response at 12 w, remission at 48 w, relapse at 48 w, PGA change at 48 w
    "remission": (M, M, N, -50),
    "relapse_index": (M, N, M, U),
    "relapse_treatment": (M, N, M, U),
    "no_response": (N, N, N, U),
    "response_by_two": (M, N, N, U),
    "no_baseline": (U, M, N, U),
}


@pytest.mark.parametrize("pid", sorted(IGG4))
def test_nct05746689_response_remission_relapse(pid):
    defs = load_definitions("NCT05746689", "outcomes")
    got = _statuses(assess_patient(defs, _patients("nct05746689_outcomes")[pid], BASELINE, CUTOFF_05))
    assert (got[("12 week", "disease_response")], got[("48 week", "remission")], got[("48 week", "relapse")],
            got[("48 week", "pga_change")]) == IGG4[pid]
    assert set(got) == {("12 week", "disease_response"), ("48 week", "remission"), ("48 week", "relapse"),
                        ("48 week", "pga_change")}


def test_nct05746689_relapse_says_which_event():
    defs = load_definitions("NCT05746689", "outcomes")
    pts = _patients("nct05746689_outcomes")
    by_index = assess_patient(defs, pts["relapse_index"], BASELINE, CUTOFF_05).timepoints[-1]
    relapse = next(o for o in by_index.outcomes if o.name == "relapse")
    assert "igg4_rd_ri 4 at 12 week (2025-05-26), 6 on 2025-09-29: rise 2" in relapse.explanation
    by_drug = assess_patient(defs, pts["relapse_treatment"], BASELINE, CUTOFF_05).timepoints[-1]
    relapse = next(o for o in by_drug.outcomes if o.name == "relapse")
    assert "the daily dose of glucocorticoids went up on 2025-12-08 (0 -> 20 mg/d)" in relapse.explanation
    assert any(e.kind == "medication" and e.record == "Medication/relapse_treatment-p2" for e in relapse.evidence)


# ---- NCT05746689 protocol ------------------------------------------------------------------------

CUTOFF_PROTOCOL = dt.date(2026, 2, 20)  # after the 48-week trough window (2026-01-26..2026-02-09)


@pytest.fixture(scope="module")
def protocol():
    defs = load_definitions("NCT05746689", "protocol")
    return {pid: check_patient(defs, p, BASELINE, CUTOFF_PROTOCOL)
            for pid, p in _patients("nct05746689_protocol").items()}


def _drug(r, name):
    return next(c for c in r.drugs if c.name == name)


def test_weights_that_hit_the_cap_and_ones_that_do_not(protocol):
    cap = _drug(protocol["cap_followed"], "prednisone")
    assert cap.runs[0].expected_mg_per_day == 60 and "capped at 60 mg/d" in cap.how  # 0.8 x 80 = 64
    no_cap = _drug(protocol["no_cap_followed"], "prednisone")
    assert no_cap.runs[0].expected_mg_per_day == 50 and "49.6 mg/d; rounded to 50 mg/d" in no_cap.how
    assert _drug(protocol["taper_held"], "prednisone").runs[0].expected_mg_per_day == 60  # 0.8 x 75, exactly
    for pid in ("cap_followed", "no_cap_followed"):
        r = protocol[pid]
        assert r.verdict == "followed", r.reasons
        assert [c.status for c in r.drugs] == ["followed", "followed"]
        assert r.cutoff == dt.date(2026, 2, 1)  # the last day of 48 weeks (day 336)


def test_taper_followed_reaches_zero_on_schedule(protocol):
    runs = _drug(protocol["cap_followed"], "prednisone").runs
    # 60 -> 35 in 5 mg steps (6 x 14 days), 30 -> 2.5 in 2.5 mg steps (12 x 14 days), then stopped
    assert [r.expected_mg_per_day for r in runs] == [60, 55, 50, 45, 40, 35, 30, 27.5, 25, 22.5, 20, 17.5, 15,
                                                     12.5, 10, 7.5, 5, 2.5, 0]
    assert (runs[-1].day_from, runs[-1].day_to) == (253, 336)
    assert all(r.status == "as_expected" for r in runs)


def test_a_skipped_taper_step_is_one_deviation(protocol):
    c = _drug(protocol["taper_skipped"], "prednisone")
    assert [(d.day_from, d.day_to, d.status, d.expected_mg_per_day, d.recorded_mg_per_day) for d in c.deviations] \
        == [(29, 42, "lower", 40, 35)]
    assert protocol["taper_skipped"].verdict == "deviations"
    assert "prednisone acetate: lower on days 29-42 (2025-03-31..2025-04-13): 35 mg/d recorded, 40 mg/d expected" \
        in protocol["taper_skipped"].reasons


def test_a_step_held_too_long_delays_every_later_step(protocol):
    devs = _drug(protocol["taper_held"], "prednisone").deviations
    assert (devs[0].day_from, devs[0].day_to, devs[0].recorded_mg_per_day, devs[0].expected_mg_per_day) \
        == (15, 28, 60, 55)
    assert {d.status for d in devs} == {"higher"}
    assert (devs[-1].day_from, devs[-1].day_to, devs[-1].recorded_mg_per_day) == (253, 266, 2.5)


def test_troughs_in_and_out_of_range_in_ng_ml_and_ug_l(protocol):
    assert [m.status for m in protocol["cap_followed"].monitoring] == ["in_range"] * 3
    # 15 ng/mL and 4 ug/L sit on the edges of the 4-15 ug/L range: in range (ng/mL and ug/L are the same number)
    assert [m.status for m in protocol["no_cap_followed"].monitoring] == ["in_range"] * 3
    out = protocol["troughs_out"]
    assert [(m.timepoint, m.status) for m in out.monitoring] == [
        ("14 day", "out_of_range"), ("12 week", "out_of_range"), ("48 week", "missed")]
    assert "3.2 ng/mL is not in [4 ug/L, 15 ug/L]" in out.monitoring[0].explanation
    assert out.monitoring[0].evidence[0].reported == "3.2 ug/L"
    assert "no sirolimus_trough result between 2026-01-26 and 2026-02-09" in out.monitoring[2].explanation
    assert out.verdict == "deviations" and [c.status for c in out.drugs] == ["followed", "followed"]


def test_no_baseline_weight_and_sirolimus_not_reduced(protocol):
    r = protocol["no_weight_siro_high"]
    pred, siro = _drug(r, "prednisone"), _drug(r, "sirolimus")
    assert pred.status == "unknown" and "no body weight at baseline" in pred.how
    assert all(x.status == "unknown" and x.expected_mg_per_day is None for x in pred.runs)
    assert [(d.day_from, d.day_to, d.status, d.recorded_mg_per_day, d.expected_mg_per_day) for d in siro.deviations] \
        == [(4, 336, "higher", 2, 1)]
    assert r.verdict == "deviations" and r.weight_kg is None


def test_day_one_is_the_first_dose_when_no_baseline_is_given():
    defs = load_definitions("NCT05746689", "protocol")
    r = check_patient(defs, _patients("nct05746689_protocol")["cap_followed"], None, CUTOFF_PROTOCOL)
    assert (r.baseline, r.baseline_from, r.verdict) == (BASELINE, "first dose", "followed")


def test_monitoring_not_yet_due_before_its_window():
    defs = load_definitions("NCT05746689", "protocol")
    r = check_patient(defs, _patients("nct05746689_protocol")["troughs_out"], BASELINE, dt.date(2025, 4, 1))
    assert [m.status for m in r.monitoring] == ["out_of_range", "not_yet_due", "not_yet_due"]
    assert r.cutoff == dt.date(2025, 4, 1)


def test_runs_agree_with_a_day_by_day_reading(protocol):
    """Runs are read only where a segment or a record starts or stops; every single day must agree."""
    from screener.followup.doses import daily_dose
    from screener.followup.evaluate import FollowupEvaluator
    from screener.protocol.schedule import expected

    defs = load_definitions("NCT05746689", "protocol")
    patients = _patients("nct05746689_protocol")
    for pid, result in protocol.items():
        ev = FollowupEvaluator(patients[pid], defs, BASELINE, CUTOFF_PROTOCOL)
        for check, d in zip(result.drugs, defs.of("dose")):
            exp = expected(d.rule, BASELINE, result.weight_kg)
            days = [r.start + dt.timedelta(days=k) for r in check.runs for k in range(r.day_to - r.day_from + 1)]
            assert days == [BASELINE + dt.timedelta(days=k) for k in range(336)]  # every day once, in order
            for run in check.runs:
                for k in range(run.day_to - run.day_from + 1):
                    day = run.start + dt.timedelta(days=k)
                    assert daily_dose(ev, d.rule.drug, None, day).mg == run.recorded_mg_per_day, (pid, day)
                    assert (exp.on(day) if exp.segments else None) == run.expected_mg_per_day, (pid, day)
