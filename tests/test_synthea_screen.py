"""The 40 Synthea bundles screened against NCT06722586: every patient gets a verdict with reasons."""

from __future__ import annotations

from collections import Counter

import screener
from screener.records.bind import bind_patients
from screener.records.load import load_paths
from tests.conftest import corpus_path


def test_every_synthea_patient_gets_a_verdict_with_reasons():
    folder = corpus_path("synthea", "bundles")
    files = sorted(folder.glob("*.json"))
    assert len(files) == 40
    patients = load_paths(files)
    assert len(patients) == 40 and not any(p.broken for p in patients)
    trial = screener.load_trial("NCT06722586")
    results = list(trial.screen_many(patients, as_of="2026-11-23"))
    assert [r.patient_id for r in results] == [p.id for p in patients]
    for r in results:
        assert r.verdict in ("eligible", "ineligible", "undetermined")
        assert r.reasons and all(reason.strip() for reason in r.reasons)
        assert len(r.criteria) == len(trial.compiled.criteria)
        assert all(c.explanation for c in r.criteria)
    verdicts = Counter(r.verdict for r in results)
    # no Synthea patient has antiphospholipid antibodies or a recent platelet count: nobody is eligible
    assert verdicts["eligible"] == 0
    # children and the records that show an exclusion are ineligible, with that criterion as the reason
    assert verdicts["ineligible"] >= 4
    dead = {p.id for p in patients if p.deceased}
    assert len(dead) == 11  # SOURCE.md: 11 deceased
    for r in results:
        if r.patient_id in dead:
            assert r.verdict == "ineligible" and r.reasons[0].startswith("the record says the patient died")
        elif r.verdict == "ineligible":
            assert any(x.split(" ")[0] in {c.id for c in r.criteria} for x in r.reasons)


def test_synthea_labs_are_normalized_with_the_reported_value_kept():
    patients = load_paths(sorted(corpus_path("synthea", "bundles").glob("*.json")))
    trial = screener.load_trial("NCT06722586")
    bind_patients(patients)  # codes resolved, units normalized
    plt = []
    for p in patients:  # screen each patient on the day of its latest platelet count
        days = [o.date for o in p.observations if o.analyte == "platelets" and o.date]
        if not days:
            continue
        r = trial.screen(p, as_of=max(days))
        plt += [e for c in r.criteria for e in c.evidence if e.about == "platelets"]
    assert len(plt) >= 5
    for e in plt:
        assert e.record.startswith("Observation/") and e.date
        assert e.reported.endswith("10*3/uL") and e.normalized.endswith("10*9/L")
        assert float(e.reported.split()[0]) == float(e.normalized.split()[0])  # 10*3/uL is 10*9/L
