"""The 40 Synthea bundles through both follow-up commands: every patient, every outcome, a reason each."""

from __future__ import annotations

import datetime as dt

from screener.followup.definitions import load_definitions
from screener.outcomes import assess_patients
from screener.protocol import check_patients
from screener.records.load import load_paths
from tests.conftest import corpus_path


def test_synthea_outcomes_and_protocol_cover_every_patient():
    patients = load_paths(sorted(corpus_path("synthea", "bundles").glob("*.json")))
    outcomes = load_definitions("NCT06722586", "outcomes")
    expected = {(fu.offset.value, fu.offset.unit, d.name) for d in outcomes.of("outcome", "measure")
                for fu in d.timepoints}
    results = list(assess_patients(outcomes, patients, dt.date(2020, 1, 1)))
    assert [r.patient_id for r in results] == [p.id for p in patients]
    for r in results:
        got = {(t.timepoint, o.name) for t in r.timepoints for o in t.outcomes}
        assert len(got) == len(expected)
        assert all(o.explanation for t in r.timepoints for o in t.outcomes)
        # no Synthea patient has a platelet count in these windows: no response is ever decided
        assert {o.status for t in r.timepoints for o in t.outcomes if o.name.endswith("response")} == {"unknown"}
    protocol = load_definitions("NCT05746689", "protocol")
    checks = list(check_patients(protocol, patients))
    assert [c.patient_id for c in checks] == [p.id for p in patients]
    assert all(c.verdict in ("followed", "deviations", "undetermined") and c.reasons for c in checks)
