"""The clinician pre-check page: one patient, one trial, from a browser.

``GET /`` serves the form (server-rendered, with the pickers filled from the vocabulary);
its small script builds the patient in the own record format (or takes a dropped FHIR
bundle) and posts the same body as ``/v1/screen`` to ``/precheck/result``, which answers
with the result as HTML: the verdict, a table per criterion with text status labels, the
explanation, the evidence and what data is missing to decide.  Jinja2 escapes everything.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, select_autoescape
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from screener.http.choices import PAGE, condition_choices, drug_choices, lab_choices, route_choices
from screener.http.schemas import ScreenRequest
from screener.output import missing_to_decide
from screener.results import CriterionResult, PatientResult

# Status words and marks: the page never relies on colour alone.
STATUS_LABEL = {"met": "✓ met", "not_met": "✗ not met", "unknown": "? unknown",
                "unsupported": "⊘ unsupported (did not compile)", "manual": "✎ manual (needs attestation)"}
VERDICT_LABEL = {"eligible": "✓ Eligible", "ineligible": "✗ Ineligible", "undetermined": "? Undetermined",
                 "error": "⚠ Error: the record could not be read"}


def effect(c: CriterionResult) -> str:
    """What the criterion does to the verdict, in words."""
    good = "met" if c.section == "inclusion" else "not_met"
    if c.status == good:
        return "passes"
    if c.status in ("met", "not_met"):
        return "FAILS"
    return "undecided"


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(PAGE)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(STATUS_LABEL=STATUS_LABEL, VERDICT_LABEL=VERDICT_LABEL, effect=effect)
    return env


def render_result(result: PatientResult) -> str:
    return _env().get_template("result.html").render(r=result, missing=missing_to_decide(result))


def install(app: FastAPI, screening) -> None:
    app.mount("/static", StaticFiles(directory=str(PAGE / "static")), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page():
        return _env().get_template("precheck.html").render(
            trials=screening.catalog.summaries(), labs=lab_choices(), drugs=drug_choices(),
            conditions=condition_choices(), routes=route_choices(), limits=screening.limits)

    @app.post("/precheck/result", response_class=HTMLResponse, tags=["page"])
    def result(req: ScreenRequest):
        """The same body as /v1/screen; the result as an HTML fragment for the page."""
        return render_result(screening.one(req))
