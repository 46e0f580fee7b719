"""The FastAPI app: the JSON API under /v1, the pre-check page at /, OpenAPI docs at /docs.

Routes only translate: trials come from ``Catalog`` (compiled once), patients from
``patients`` (the record adapters), results from ``screener.api.Trial``.  Nothing a
request sends is ever executed: criteria text goes through the grammar, records
through the adapters, and the page escapes everything it shows.
"""

from __future__ import annotations

import logging
from typing import Iterable, Iterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from screener.api import Trial
from screener.http.catalog import Catalog, compile_response
from screener.http.limits import BodyLimit, Limits
from screener.http.patients import batch_patients, one_patient
from screener.http.problems import PROBLEM_JSON, Problem, validation_errors
from screener.http.schemas import (BatchRequest, CompileRequest, CompileResponse, ScreenRequest, TrialChoice,
                                   TrialSummary)
from screener.records.model import Patient
from screener.results import PatientResult, RecordError

log = logging.getLogger("screener.http")

JSONL = "application/x-ndjson"
_PROBLEM_RESPONSES = {s: {"description": "problem+json (docs/http.md)", "content": {PROBLEM_JSON: {}}}
                      for s in (400, 404, 413, 415, 422)}


def _problem_response(problem: Problem, request: Request) -> JSONResponse:
    return JSONResponse(problem.body(request.url.path), status_code=problem.status_code, media_type=PROBLEM_JSON)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem):
        return _problem_response(exc, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if isinstance(exc, Problem):
            return _problem_response(exc, request)
        if exc.status_code == 405:
            problem = Problem("http.method_not_allowed", f"{request.method} is not allowed on {request.url.path}")
        else:
            problem = Problem("http.not_found", f"nothing at {request.url.path} (see /docs)")
        return _problem_response(problem, request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = list(exc.errors())
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if request.method == "POST" and media not in ("application/json", "") and not media.endswith("+json"):
            problem = Problem("request.unsupported_media_type", f"the body is {media!r}; send application/json")
        elif any(e.get("type") == "json_invalid" for e in errors):
            where = next(e for e in errors if e.get("type") == "json_invalid")
            problem = Problem("request.malformed_json", f"the body is not valid JSON "
                              f"({where.get('ctx', {}).get('error', 'parse error')})")
        else:
            for e in errors:  # a model-level check's message reads better without pydantic's prefix
                e["msg"] = str(e.get("msg", "")).removeprefix("Value error, ")
            problem = Problem("request.invalid", "; ".join(f"{e['field']}: {e['message']}"
                                                           for e in validation_errors(errors, 5)),
                              errors=validation_errors(errors))
        return _problem_response(problem, request)

    # A middleware, not an exception handler for Exception: Starlette runs that handler in its
    # outermost layer and then re-raises, so the server drops the connection after sending the
    # 500, and a client reusing it (keep-alive) gets a reset on its next request.
    @app.middleware("http")
    async def _internal(request: Request, call_next):
        try:
            return await call_next(request)
        except Exception:
            log.exception("internal error on %s %s", request.method, request.url.path)
            return _problem_response(Problem("internal", "the server failed on this request; it is logged"), request)


class Screening:
    """The request-to-result steps both the API and the page run."""

    def __init__(self, catalog: Catalog, limits: Limits) -> None:
        self.catalog, self.limits = catalog, limits

    def warm(self) -> None:
        """Compile the bundled trials and build the page's pickers before the first request."""
        from screener.http.choices import lab_choices

        for t in self.catalog.summaries():
            self.catalog.bundled(t.id)
        lab_choices()

    def trial(self, req: TrialChoice) -> Trial:
        self.limits.check_criteria(req.criteria)
        return self.catalog.trial(trial=req.trial, criteria=req.criteria, lookback=req.lab_lookback_days)

    def one(self, req: ScreenRequest) -> PatientResult:
        trial = self.trial(req)
        return trial.screen(one_patient(req.patient, req.fhir), as_of=req.as_of, attest=req.attest)

    def batch(self, req: BatchRequest) -> Iterator[str]:
        trial = self.trial(req)
        self.limits.check_patients(len(req.patients))
        patients = list(batch_patients(req.patients))  # read all first: a bundle may hold several patients
        self.limits.check_patients(len(patients))
        return _jsonl(trial, patients, req)


def _jsonl(trial: Trial, patients: list[Patient], req: BatchRequest, chunk: int = 200) -> Iterator[str]:
    for start in range(0, len(patients), chunk):
        for result in _screen_chunk(trial, patients[start:start + chunk], req):
            yield result.model_dump_json() + "\n"


def _screen_chunk(trial: Trial, chunk: list[Patient], req: BatchRequest) -> Iterable[PatientResult]:
    try:  # one binding pass per chunk: each (analyte, unit) pair is converted once
        return list(trial.screen_many(chunk, as_of=req.as_of, attest=req.attest))
    except Exception:  # a fault in the engine costs only the patient it hit, never the batch
        log.exception("batch chunk failed; screening its patients one by one")
        return [_screen_alone(trial, p, req) for p in chunk]


def _screen_alone(trial: Trial, patient: Patient, req: BatchRequest) -> PatientResult:
    try:
        return trial.screen(patient, as_of=req.as_of, attest=req.attest)
    except Exception as err:
        log.exception("screening %s failed", patient.id)
        return PatientResult(patient_id=patient.id, verdict="error", trial=trial.id, as_of=req.as_of,
                             errors=[RecordError(code="internal", message=f"screening failed: {type(err).__name__}")],
                             reasons=["the engine failed on this record; the failure is logged"])


def create_app(limits: Limits | None = None, catalog: Catalog | None = None) -> FastAPI:
    limits = limits or Limits()
    screening = Screening(catalog or Catalog(), limits)
    app = FastAPI(title="screener", version="0.1.0", docs_url="/docs", redoc_url=None,
                  description="Clinical-trial eligibility screening over HTTP. Errors are "
                  "application/problem+json with stable codes (docs/http.md).")
    app.state.screening = screening
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    _install_handlers(app)

    @app.get("/v1/trials", response_model=list[TrialSummary], tags=["trials"])
    def list_trials():
        """The bundled trials."""
        return screening.catalog.summaries()

    @app.get("/v1/trials/{trial_id}", response_model=CompileResponse, responses=_PROBLEM_RESPONSES, tags=["trials"])
    def get_trial(trial_id: str):
        """A bundled trial, compiled: rules, diagnostics and the manual questions to attest."""
        return _json(compile_response(screening.catalog.bundled(trial_id)))

    @app.post("/v1/compile", response_model=CompileResponse, responses=_PROBLEM_RESPONSES, tags=["compile"])
    def compile_criteria(req: CompileRequest):
        """Criteria text -> compiled rules and diagnostics, line by line (nothing is dropped)."""
        limits.check_criteria(req.criteria)
        return _json(compile_response(screening.catalog.pasted(req.criteria, req.trial)))

    @app.post("/v1/screen", response_model=PatientResult, responses=_PROBLEM_RESPONSES, tags=["screen"])
    def screen(req: ScreenRequest):
        """One patient against a bundled trial or criteria text, on ``as_of``."""
        return _json(screening.one(req))

    @app.post("/v1/screen/batch", responses={200: {"description": "One PatientResult per line, per input "
                                                   "patient, in input order.", "content": {JSONL: {}}},
                                             **_PROBLEM_RESPONSES}, tags=["screen"])
    def screen_batch(req: BatchRequest):
        """Many patients, streamed as JSON lines; a patient that cannot be read gives an 'error' line."""
        return StreamingResponse(screening.batch(req), media_type=JSONL)

    from screener.http.precheck import install as install_page

    install_page(app, screening)
    return app


def _json(model) -> Response:
    """The model as JSON, serialized once (FastAPI would validate it again through response_model)."""
    return Response(model.model_dump_json(), media_type="application/json")
