"""Counts and frequencies, session 14 round 4 (docs/notes/issue-5-counts4.md): a counted label that also names a
window.  The islands of this round are in screener/islands.py (``_counts4_island``, ``_or_rate``)."""

from __future__ import annotations

import re

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}

# "at least one of the following symptoms during the preceding two weeks:"
_LEAD_WINDOW = re.compile(
    r"(?i)\b(?:at least|a minimum of|minimum of)\s+(?P<n>\d|one|two|three|four|five)\s+of\s+(?:the\s+following|these)"
    r"(?:\s+[a-z-]+){0,3}\s+(?:during|in|within|over)(?:\s+the)?(?:\s+(?:last|past|previous|prior|preceding))?"
    r"\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:days?|weeks?|months?|years?)\s*$")


# "PAH associated with one of the following connective tissue diseases (CTDs):", "of one of the following:"
_ONE_OF = re.compile(
    r"(?i)(?<![\w-])(?<!\bno )(?<!\bnot )(?<!\bonly )(?<!\bexactly )(?<!\bthan )(?<!\bjust )(?:one|1)\s+of\s+"
    r"(?:the\s+following|these)(?:\s+[a-z-]+){0,3}(?:\s*\([A-Za-z-]+\))?\s*$")


def lead_with_window(said: str) -> tuple[int, int] | None:
    """The count of a label that also names a window ("at least one of the following symptoms during the
    preceding two weeks:" -> 1) and where it is written, or None.  The window is not read (the list's items
    carry none), as it was not before: the line stays partial; the count is what the label asks of the list."""
    if "of" not in said:
        return None
    m = _LEAD_WINDOW.search(said)
    if not m:
        m = _ONE_OF.search(said)
        return (1, m.start(), "one of") if m else None
    written = m.group("n").lower()
    return (int(written) if written.isdigit() else _WORD_NUMBERS[written]), m.start()


def one_of_ok(items: list, written: str) -> bool:
    """Whether a bare "one of the following:" may read its list as "at least 1 of" its items: two items or more
    (a single one is what the list's own reading says: "Indication for one of the following surgical
    interventions: ..." keeps its reading), and no "OR"/"AND" in capitals in the list (a structure the
    list's commas do not carry: "baseline PSA < 4.0ng/mL ... OR baseline PSA >/= 4 ng/mL AND a negative
    prostate biopsy")."""
    return len(items) >= 2 and re.search(r"\b(?:OR|AND)\b", written) is None
