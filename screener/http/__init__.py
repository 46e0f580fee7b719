"""The HTTP layer: a FastAPI app (``screener serve``) with the JSON API under ``/v1`` and the
clinician pre-check page at ``/``.  It only translates HTTP to ``screener.api`` and back; the
screening itself is the same code the CLI runs.  See docs/http.md."""
