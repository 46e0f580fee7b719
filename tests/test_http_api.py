"""The HTTP API through a real client against a running ``screener serve``: every endpoint,
every problem code, the limits, and the streamed batch (docs/http.md)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import httpx
import pytest

from screener.api import load_trial
from screener.records.load import load_paths
from tests.live_server import running_server

FIXTURES = Path(__file__).parent / "fixtures" / "nct06722586"
AS_OF = "2026-11-23"
TRIAL = "NCT06722586"
PROBLEM = "application/problem+json"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def own_record(name: str) -> dict:
    """A fixture bundle as the own record format (the shape the page posts)."""
    (patient,) = load_paths([FIXTURES / f"{name}.json"])
    return json.loads(patient.model_dump_json())


@pytest.fixture(scope="module")
def client():
    with running_server() as base, httpx.Client(base_url=base, timeout=60, trust_env=False) as c:
        yield c


@pytest.fixture(scope="module")
def small_client():
    """A server with small limits, to reach each of them."""
    with running_server("--max-body-mb", "0.25", "--max-patients", "3", "--max-criteria-chars", "400") as base, \
            httpx.Client(base_url=base, timeout=60, trust_env=False) as c:
        yield c


def screen_body(**kw) -> dict:
    return {"trial": TRIAL, "as_of": AS_OF, "attest": {"E5": False}, **kw}


def assert_problem(r: httpx.Response, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM), r.headers["content-type"]
    body = r.json()
    assert body["code"] == code and body["status"] == status and body["type"].endswith(code), body
    assert body["title"] and body["detail"]
    return body


# ---- trials and compile ---------------------------------------------------------


def test_trials_lists_the_bundled_trials(client):
    r = client.get("/v1/trials")
    assert r.status_code == 200
    trials = {t["id"]: t["title"] for t in r.json()}
    assert set(trials) == {"NCT06722586", "NCT05746689"}
    assert trials["NCT06722586"].startswith("Sirolimus Monotherapy")


def test_one_trial_compiled_with_its_manual_questions(client):
    r = client.get("/v1/trials/nct06722586")  # ids are case-insensitive
    assert r.status_code == 200
    body = r.json()
    assert body["trial"] == TRIAL and body["counts"]["compiled"] == len(body["criteria"])
    assert [q["criterion"] for q in body["questions"]] == ["E5"]
    assert "other life or organ threatening manifestations" in body["questions"][0]["asks"]


def test_unknown_trial_is_404(client):
    body = assert_problem(client.get("/v1/trials/NCT00000000"), 404, "trial.not_found")
    assert "NCT06722586" in body["detail"]  # says which trials there are


def test_a_trial_is_never_a_path_on_the_server(client):
    for spec in ("/etc/passwd", "rules/NCT06722586.txt", "../rules/NCT06722586"):
        assert_problem(client.post("/v1/screen", json=screen_body(trial=spec, patient={"id": "p"})), 404,
                       "trial.not_found")


def test_compile_gives_rules_and_diagnostics_per_line(client):
    text = ("Inclusion Criteria\n* platelet count 30-100 x10^9/L\n"
            "Exclusion Criteria\n* the patient enjoys long walks on the beach\n")
    r = client.post("/v1/compile", json={"criteria": text, "trial": "mine"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["trial"] == "mine"
    by_id = {c["id"]: c for c in body["criteria"]}
    assert by_id["I1"]["status"] == "compiled" and "platelets" in by_id["I1"]["canonical"]
    assert by_id["E1"]["status"] == "unsupported" and by_id["E1"]["diagnostics"]
    assert body["counts"] == {"compiled": 1, "partial": 0, "unsupported": 1}


def test_user_text_is_never_executed(client, tmp_path):
    marker = tmp_path / "pwned"
    payloads = [f"__import__('os').system('touch {marker}')", "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}",
                f"eval(\"open('{marker}', 'w')\")", "<script>alert(1)</script>"]
    text = "Inclusion Criteria\n" + "\n".join(f"* {p}" for p in payloads)
    r = client.post("/v1/compile", json={"criteria": text})
    assert r.status_code == 200
    assert [c["status"] for c in r.json()["criteria"]] == ["unsupported"] * len(payloads)
    page = client.post("/precheck/result", json={"criteria": text, "as_of": AS_OF,
                                                 "patient": {"id": "<img src=x onerror=alert(1)>"}})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<img src=x" not in page.text and "&lt;img src=x onerror=alert(1)&gt;" in page.text
    assert "{{ 7*7 }}" in page.text and ">49<" not in page.text  # shown as written, not evaluated
    assert not marker.exists()


# ---- one patient ---------------------------------------------------------------


def test_screen_a_fhir_bundle_gives_the_python_api_result(client):
    r = client.post("/v1/screen", json=screen_body(fhir=fixture("baseline")))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    (patient,) = load_paths([FIXTURES / "baseline.json"])
    expected = load_trial(TRIAL).screen(patient, as_of=AS_OF, attest={"E5": False})
    got = r.json()
    assert got["verdict"] == "eligible"
    # the same result model; only the records' file differs (a request has no file name)
    for c in got["criteria"]:
        for e in c["evidence"]:
            e["file"] = None
    for c in expected.criteria:
        for e in c.evidence:
            e.file = None
    assert got == json.loads(expected.model_dump_json())


def test_screen_an_own_record_failing_one_exclusion(client):
    record = own_record("baseline")
    hb = next(o for o in record["observations"] if o["id"] == "hb")
    hb.update(value=91, unit="g/L")
    r = client.post("/v1/screen", json=screen_body(patient=record))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] == "ineligible"
    failing = [c["id"] for c in body["criteria"] if (c["section"] == "exclusion") == (c["status"] == "met")
               and c["status"] in ("met", "not_met")]
    assert failing == ["E7"]
    (e7,) = [c for c in body["criteria"] if c["id"] == "E7"]
    hb_evidence = next(e for e in e7["evidence"] if e["record"] == "Observation/hb")
    assert hb_evidence["reported"].startswith("91 g/L") and hb_evidence["normalized"].startswith("9.1 g/dL")
    assert body["reasons"][0].startswith("E7 (exclusion) met")


def test_computed_fields_sent_by_the_caller_are_recomputed(client):
    record = own_record("baseline")
    hb = next(o for o in record["observations"] if o["id"] == "hb")
    hb.update(value=91, unit="g/L", normalized_value=14.0, normalized_unit="g/dL", analyte="hemoglobin")
    record["bound"] = True
    body = client.post("/v1/screen", json=screen_body(patient=record)).json()
    assert {c["id"]: c["status"] for c in body["criteria"]}["E7"] == "met"  # 91 g/L, not the claimed 14 g/dL


def test_unconvertible_unit_is_unknown_with_the_reason(client):
    record = own_record("baseline")
    wbc = next(o for o in record["observations"] if o["id"] == "wbc")
    wbc.update(value=5.8, unit="Gpt/L")
    body = client.post("/v1/screen", json=screen_body(patient=record)).json()
    e7 = next(c for c in body["criteria"] if c["id"] == "E7")
    assert body["verdict"] == "undetermined" and e7["status"] == "unknown"
    assert "Gpt/L" in e7["explanation"] and e7["missing"]
    assert any(e["field"] == "unit" for e in body["errors"])


def test_screen_pasted_criteria(client):
    text = "Inclusion Criteria\n* hemoglobin >= 10 g/dL\nExclusion Criteria\n* pregnancy\n"
    body = client.post("/v1/screen", json={"criteria": text, "as_of": AS_OF, "fhir": fixture("hb_low_gdl")}).json()
    assert body["verdict"] == "ineligible"
    assert {c["id"]: c["status"] for c in body["criteria"]} == {"I1": "not_met", "E1": "not_met"}


def test_attestation_decides_the_manual_clause(client):
    without = client.post("/v1/screen", json={"trial": TRIAL, "as_of": AS_OF, "fhir": fixture("baseline")}).json()
    assert without["verdict"] == "undetermined"
    e5 = next(c for c in without["criteria"] if c["id"] == "E5")
    assert e5["status"] == "manual" and e5["missing"]
    yes = client.post("/v1/screen", json=screen_body(fhir=fixture("baseline"), attest={"E5": True})).json()
    assert yes["verdict"] == "ineligible"


def test_lab_lookback_is_a_request_setting(client):
    stale = screen_body(fhir=fixture("egfr_stale"))
    e6 = lambda body: next(c["status"] for c in body["criteria"] if c["id"] == "E6")  # noqa: E731
    assert e6(client.post("/v1/screen", json=stale).json()) == "unknown"
    assert e6(client.post("/v1/screen", json={**stale, "lab_lookback_days": 200}).json()) == "not_met"
    assert e6(client.post("/v1/screen", json=stale).json()) == "unknown"  # the default trial is unchanged


def test_same_request_same_answer(client):
    body = screen_body(fhir=fixture("plt_one_result"))
    assert client.post("/v1/screen", json=body).content == client.post("/v1/screen", json=body).content


# ---- problems ------------------------------------------------------------------


def test_as_of_is_required(client):
    body = assert_problem(client.post("/v1/screen", json={"trial": TRIAL, "patient": {"id": "p"}}), 422,
                          "request.invalid")
    assert [e["field"] for e in body["errors"]] == ["as_of"]


@pytest.mark.parametrize("body, field", [
    ({"trial": TRIAL, "criteria": "x", "as_of": AS_OF, "patient": {"id": "p"}}, "(body)"),
    ({"as_of": AS_OF, "patient": {"id": "p"}}, "(body)"),
    ({"trial": TRIAL, "as_of": AS_OF}, "(body)"),
    ({"trial": TRIAL, "as_of": "23/11/2026", "patient": {"id": "p"}}, "as_of"),
    ({"trial": TRIAL, "asof": AS_OF, "patient": {"id": "p"}}, "asof"),
    ({"trial": TRIAL, "as_of": AS_OF, "patient": {"id": "p", "observations": [{"id": "o", "value": "high"}]}},
     "patient.observations[0].value"),
    ({"trial": TRIAL, "as_of": AS_OF, "patient": {"id": "p"}, "attest": {"E5": "perhaps"}}, "attest.E5"),
])
def test_request_validation_names_the_field(client, body, field):
    problem = assert_problem(client.post("/v1/screen", json=body), 422, "request.invalid")
    assert field in [e["field"] for e in problem["errors"]], problem


def test_malformed_json_is_400(client):
    r = client.post("/v1/screen", content=b'{"trial": "NCT06722586", ', headers={"content-type": "application/json"})
    assert_problem(r, 400, "request.malformed_json")


def test_other_media_types_are_415(client):
    r = client.post("/v1/screen", content=b"trial=NCT06722586", headers={"content-type": "text/plain"})
    assert_problem(r, 415, "request.unsupported_media_type")


def test_unknown_route_and_method(client):
    assert_problem(client.get("/v2/screen"), 404, "http.not_found")
    assert_problem(client.delete("/v1/trials"), 405, "http.method_not_allowed")


@pytest.mark.parametrize("document, code", [
    ({"entry": []}, "fhir.malformed"),  # no resourceType
    ({"resourceType": "Bundle", "entry": "Patient/1"}, "fhir.malformed"),
])
def test_malformed_fhir(client, document, code):
    assert_problem(client.post("/v1/screen", json=screen_body(fhir=document)), 422, code)


def test_fhir_without_its_patient_is_unreadable(client):
    bundle = fixture("baseline")
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Patient"]
    body = assert_problem(client.post("/v1/screen", json=screen_body(fhir=bundle)), 422, "patient.unreadable")
    assert {e["code"] for e in body["errors"]} == {"record.no_patient"}


def test_fhir_with_two_patients_needs_the_batch(client):
    bundle = fixture("baseline")
    bundle["entry"].append({"resource": {"resourceType": "Patient", "id": "second"}})
    body = assert_problem(client.post("/v1/screen", json=screen_body(fhir=bundle)), 422, "patient.count")
    assert "second" in body["detail"]


# ---- batch ---------------------------------------------------------------------


def test_batch_streams_one_line_per_patient_and_survives_bad_ones(client):
    two = fixture("baseline")
    two["entry"].append({"resource": {"resourceType": "Patient", "id": "no-data", "gender": "female"}})
    items = [fixture("hb_low_gl"), {"id": "broken", "observations": "not a list"}, "just a string",
             two, own_record("male"), own_record("male")]
    lines = []
    with client.stream("POST", "/v1/screen/batch", json={"trial": TRIAL, "as_of": AS_OF, "attest": {"E5": False},
                                                         "patients": items}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in r.iter_lines() if line]
    got = [(x["patient_id"], x["verdict"]) for x in lines]
    assert got == [("nct06722586-hb-low-gl", "ineligible"), ("broken", "error"),
                   ("request.patients[2]", "error"), ("nct06722586-baseline", "eligible"),
                   ("no-data", "undetermined"), ("nct06722586-male", "eligible"), ("nct06722586-male", "error")]
    assert {e["code"] for e in lines[1]["errors"]} == {"record.invalid"}
    assert lines[1]["errors"][0]["field"] == "observations"
    assert {e["code"] for e in lines[6]["errors"]} == {"record.duplicate_id"}


def test_batch_request_problems_come_before_the_stream(client):
    assert_problem(client.post("/v1/screen/batch", json={"trial": "NCT0", "as_of": AS_OF, "patients": []}), 404,
                   "trial.not_found")
    assert_problem(client.post("/v1/screen/batch", json={"trial": TRIAL, "patients": []}), 422, "request.invalid")


# ---- limits --------------------------------------------------------------------


def test_body_over_the_limit_is_413(small_client):
    big = screen_body(patient={"id": "p", "observations": [{"id": f"o{i}", "text": "x" * 200} for i in range(2000)]})
    body = assert_problem(small_client.post("/v1/screen", json=big), 413, "request.too_large")
    assert body["limit"] == 256 * 1024


def test_body_over_the_limit_without_a_length_is_413(small_client):
    def chunks():  # chunked transfer: no Content-Length to refuse it by, so it is counted as it streams in
        yield b'{"trial": "NCT06722586", "as_of": "2026-11-23", "patient": {"id": "p", "text": "'
        for _ in range(100):
            yield b"x" * 4096
        yield b'"}}'

    r = small_client.post("/v1/screen", content=chunks(), headers={"content-type": "application/json"})
    assert_problem(r, 413, "request.too_large")


def test_too_many_patients_is_413(small_client):
    items = [{"id": f"p{i}"} for i in range(4)]
    body = assert_problem(small_client.post("/v1/screen/batch", json={"trial": TRIAL, "as_of": AS_OF,
                                                                      "patients": items}), 413,
                          "request.too_many_patients")
    assert body["limit"] == 3
    three = small_client.post("/v1/screen/batch", json={"trial": TRIAL, "as_of": AS_OF, "patients": items[:3]})
    assert three.status_code == 200 and len(three.text.splitlines()) == 3


def test_patients_inside_bundles_count_too(small_client):
    bundle = copy.deepcopy(fixture("baseline"))
    bundle["entry"] += [{"resource": {"resourceType": "Patient", "id": f"extra{i}"}} for i in range(3)]
    assert_problem(small_client.post("/v1/screen/batch", json={"trial": TRIAL, "as_of": AS_OF, "patients": [bundle]}),
                   413, "request.too_many_patients")


def test_criteria_over_the_limit_is_422(small_client):
    text = "Inclusion Criteria\n" + "* platelet count above 50 x10^9/L\n" * 20
    body = assert_problem(small_client.post("/v1/compile", json={"criteria": text}), 422, "criteria.too_long")
    assert body["limit"] == 400
    assert_problem(small_client.post("/v1/screen", json={"criteria": text, "as_of": AS_OF, "patient": {"id": "p"}}),
                   422, "criteria.too_long")


# ---- docs and the page ---------------------------------------------------------


def test_openapi_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/trials", "/v1/trials/{trial_id}", "/v1/compile", "/v1/screen", "/v1/screen/batch"} <= set(spec["paths"])
    assert "PatientResult" in spec["components"]["schemas"] and "Patient" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_the_page_offers_trials_and_pickers(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'value="NCT06722586"' in r.text and 'id="as-of"' in r.text
    assert client.get("/static/precheck.js").status_code == 200
    assert client.get("/static/precheck.css").status_code == 200


def test_concurrent_requests_get_the_sequential_answers(client):
    from concurrent.futures import ThreadPoolExecutor

    names = ["baseline", "hb_low_gl", "egfr_stale", "prednisone_15", "plt_one_result", "male", "sle", "tma"]
    bodies = [json.dumps(screen_body(fhir=fixture(n))).encode() for n in names] * 4
    post = lambda b: client.post("/v1/screen", content=b, headers={"content-type": "application/json"}).content  # noqa: E731
    sequential = [post(b) for b in bodies]
    with ThreadPoolExecutor(8) as pool:
        concurrent = list(pool.map(post, bodies))
    assert concurrent == sequential
    verdicts = [json.loads(x)["verdict"] for x in sequential[:len(names)]]
    assert verdicts == ["eligible", "ineligible", "undetermined", "ineligible", "undetermined", "eligible",
                        "ineligible", "ineligible"]


# ---- faults inside the server --------------------------------------------------


class _FaultyTrial:
    """A trial whose engine fails on one patient: batch screening of a chunk fails, one by one only that one."""

    def __init__(self, trial, bad_id: str):
        self.trial, self.bad_id, self.id = trial, bad_id, trial.id

    def screen_many(self, patients, **kw):
        if any(p.id == self.bad_id for p in patients):
            raise RuntimeError("engine fault")
        return self.trial.screen_many(patients, **kw)

    def screen(self, patient, **kw):
        if patient.id == self.bad_id:
            raise RuntimeError("engine fault with a secret path /srv/x")
        return self.trial.screen(patient, **kw)


def test_engine_faults_are_500_problems_and_cost_a_batch_only_that_patient():
    from screener.http.app import create_app
    from screener.http.catalog import Catalog
    from tests.live_server import running_app

    class FaultyCatalog(Catalog):
        def trial(self, **kw):
            return _FaultyTrial(super().trial(**kw), bad_id="nct06722586-sle")

    with running_app(create_app(catalog=FaultyCatalog())) as base, \
            httpx.Client(base_url=base, timeout=60, trust_env=False) as c:
        body = assert_problem(c.post("/v1/screen", json=screen_body(fhir=fixture("sle"))), 500, "internal")
        assert "secret" not in json.dumps(body) and "Traceback" not in json.dumps(body)
        assert c.post("/v1/screen", json=screen_body(fhir=fixture("baseline"))).json()["verdict"] == "eligible"
        r = c.post("/v1/screen/batch", json={"trial": TRIAL, "as_of": AS_OF, "attest": {"E5": False},
                                             "patients": [fixture("baseline"), fixture("sle"), fixture("male")]})
        lines = [json.loads(x) for x in r.text.splitlines()]
        assert [(x["patient_id"], x["verdict"]) for x in lines] == [
            ("nct06722586-baseline", "eligible"), ("nct06722586-sle", "error"), ("nct06722586-male", "eligible")]
        assert lines[1]["errors"][0]["code"] == "internal" and "secret" not in r.text
