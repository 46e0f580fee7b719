"""Errors as ``application/problem+json`` (RFC 9457) with stable codes (docs/http.md lists them).

Every error the API gives is a ``Problem``: a status, a stable dotted ``code`` clients can
branch on, a human ``detail``, and where useful the list of ``errors`` (field and message).
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"

# code -> (HTTP status, title).  Stable: clients branch on the code, not on the words.
CODES: dict[str, tuple[int, str]] = {
    "request.malformed_json": (400, "The request body is not JSON"),
    "request.invalid": (422, "The request does not match the schema"),
    "request.unsupported_media_type": (415, "The request body must be application/json"),
    "request.too_large": (413, "The request body is too large"),
    "request.too_many_patients": (413, "Too many patients in one request"),
    "criteria.too_long": (422, "The criteria text is too long"),
    "trial.not_found": (404, "No such bundled trial"),
    "fhir.malformed": (422, "The FHIR document is not a FHIR resource"),
    "patient.count": (422, "The request must hold exactly one patient"),
    "patient.unreadable": (422, "The patient record could not be read"),
    "http.not_found": (404, "No such resource"),
    "http.method_not_allowed": (405, "Method not allowed"),
    "internal": (500, "Internal error"),
}


class Problem(HTTPException):
    """Raised anywhere in a request; rendered by ``problem_response``.

    A subclass of Starlette's HTTPException so that FastAPI passes it through its
    body parsing untouched (the body-size guard raises it from inside ``receive``).
    """

    def __init__(self, code: str, detail: str, *, errors: list[dict[str, Any]] | None = None,
                 **extra: Any) -> None:
        status, title = CODES[code]
        super().__init__(status_code=status, detail=detail)
        self.code, self.title, self.errors, self.extra = code, title, errors, extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"type": f"urn:screener:problem:{self.code}", "title": self.title,
                               "status": self.status_code, "detail": self.detail, "code": self.code}
        if instance:
            out["instance"] = instance
        if self.errors is not None:
            out["errors"] = self.errors
        out.update(self.extra)
        return out


def field_path(loc: tuple | list) -> str:
    """pydantic's error location as a path: ("body", "patients", 2, "id") -> "patients[2].id"."""
    out = ""
    for part in loc:
        if part == "body" and not out:
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(body)"


def validation_errors(errors: list[dict[str, Any]], limit: int = 50) -> list[dict[str, Any]]:
    """pydantic errors without the offending input echoed back (it may be large, or private)."""
    return [{"field": field_path(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type", "")}
            for e in errors[:limit]]
