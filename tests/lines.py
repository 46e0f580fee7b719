"""One criterion line compiled on its own, for tests that check how a text reads."""

from __future__ import annotations

from screener.compile import compile_line
from screener.coverage import line_class
from screener.ir.canonical import render
from screener.text.lines import CriterionLine


def line(text: str, role: str = "exclusion"):
    return compile_line(CriterionLine(id="E1", role=role, heading="", text=text, start=0, end=len(text),
                                      line=1, column=1))


def reading(text: str, role: str = "exclusion") -> tuple[str, str | None]:
    """The line's class (full, manual, partial, unsupported) and its rule as canonical text (None: no rule)."""
    c = line(text, role)
    return line_class(c), (render(c.rule) if c.rule is not None else None)
