"""The seam between the section splitter and the compiler: one criterion line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["inclusion", "exclusion"]


@dataclass(frozen=True, slots=True)
class CriterionLine:
    """One criterion as it stands in the source text.

    ``start``/``end`` are character offsets into the whole source text, so a
    diagnostic can point back at the registry export; ``line``/``column`` are
    1-based, for people.  ``text`` is the criterion with its bullet or number
    removed and continuation lines joined by single spaces; ``offsets[i]`` is
    the source offset of ``text[i]`` (joins map to the first joined char).
    """

    id: str  # "I1", "I2", "E1", "I3.1" (nested), "age_min", "sex", ...
    role: Role
    heading: str  # the heading it was found under, as written ("Exclusion Criteria")
    text: str
    start: int
    end: int
    line: int
    column: int
    offsets: tuple[int, ...] = ()
    parent: str | None = None  # id of the lead-in line of a nested list
    structured: bool = False  # from a structured registry field (age, sex, healthy volunteers)
    marker: str = ""  # the bullet or number removed from the text, as written ("1.", "-", "(a)")
    marker_span: tuple[int, int] | None = None  # its source span, outside start..end

    def source_offset(self, i: int) -> int:
        """Source offset of character ``i`` of ``text`` (clamped to the line)."""
        if not self.offsets:
            return self.start + i
        if i >= len(self.offsets):
            return self.offsets[-1] + 1
        return self.offsets[max(i, 0)]
