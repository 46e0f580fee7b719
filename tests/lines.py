"""One criterion line compiled on its own, for tests that check how a text reads."""

from __future__ import annotations

from screener.compile import compile_line
from screener.text.lines import CriterionLine


def line(text: str, role: str = "exclusion"):
    return compile_line(CriterionLine(id="E1", role=role, heading="", text=text, start=0, end=len(text),
                                      line=1, column=1))
