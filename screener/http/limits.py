"""Request limits: body size (413, before the body is read), patients per request (413),
criteria text length (422).  The numbers are settings of ``screener serve``."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.responses import JSONResponse

from screener.http.problems import PROBLEM_JSON, Problem


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 20 * 1024 * 1024  # a large Synthea bundle is a few MB
    max_patients: int = 1000  # per batch request; a bigger cohort is several requests (or the CLI)
    max_criteria_chars: int = 20_000  # the longest registry eligibility section we hold is ~12k

    def check_criteria(self, text: str | None) -> None:
        if text is not None and len(text) > self.max_criteria_chars:
            raise Problem("criteria.too_long", f"the criteria text has {len(text)} characters; the limit is "
                          f"{self.max_criteria_chars}", limit=self.max_criteria_chars)

    def check_patients(self, n: int) -> None:
        if n > self.max_patients:
            raise Problem("request.too_many_patients", f"the request holds {n} patients; the limit is "
                          f"{self.max_patients} per request", limit=self.max_patients)


def _too_large(limit: int, detail: str) -> Problem:
    return Problem("request.too_large", detail, limit=limit)


class BodyLimit:
    """ASGI middleware: refuse a body over the limit, by its Content-Length when it gives one,
    else while it streams in, so an oversized body is never held in memory whole."""

    def __init__(self, app, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = next((v for k, v in scope.get("headers", ()) if k == b"content-length"), None)
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            problem = _too_large(self.max_bytes, f"the body declares {declared.decode('latin-1')} bytes; "
                                 f"the limit is {self.max_bytes}")
            response = JSONResponse(problem.body(scope.get("path")), status_code=413, media_type=PROBLEM_JSON)
            return await response(scope, receive, send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _too_large(self.max_bytes, f"the body is over the limit of {self.max_bytes} bytes")
            return message

        await self.app(scope, limited_receive, send)
