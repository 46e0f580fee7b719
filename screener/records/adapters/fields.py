"""Reading dates and numbers out of source fields, reporting what cannot be read."""

from __future__ import annotations

import datetime as dt
import math
import re

from screener.records.model import LoadProblem, Origin
from screener.records.adapters import problems as P

# FHIR date / dateTime / instant: YYYY, YYYY-MM, YYYY-MM-DD, optionally a time and zone.
# A space before the time is accepted for CSV written by spreadsheets.
_DATE = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?")


def parse_date(text: str) -> dt.date:
    """The calendar date as written; a partial date is its first day.  ValueError if unreadable.

    The time and zone are not applied: the date a source wrote is the date a reader checks.
    """
    m = _DATE.fullmatch(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, optionally with a time)")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise ValueError(f"{text!r} is not a calendar date ({err})") from None


def parse_number(raw: object) -> float:
    """A JSON number or a numeric string as float.  ValueError otherwise (booleans included)."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError(f"{raw!r} is not a number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
    else:
        raise ValueError(f"{raw!r} is not a number")
    if not math.isfinite(value):
        raise ValueError(f"{raw!r} is not a finite number")
    return value


class FieldReader:
    """Reads the fields of one source record, collecting a problem for each it cannot read."""

    def __init__(self, origin: Origin, record: str) -> None:
        self.origin = origin
        self.record = record  # "Observation/abc (entry 3)", "line 12", ...
        self.problems: list[LoadProblem] = []

    def report(self, code: str, message: str, field: str | None = None) -> None:
        self.problems.append(P.problem(code, message, file=self.origin.file, record=self.record, field=field))

    def date(self, raw: object, field: str) -> dt.date | None:
        if raw is None or raw == "":
            return None
        try:
            return parse_date(str(raw))
        except ValueError as err:
            self.report(P.RECORD_BAD_DATE, str(err), field)
            return None

    def number(self, raw: object, field: str) -> float | None:
        if raw is None or raw == "":
            return None
        try:
            return parse_number(raw)
        except ValueError as err:
            self.report(P.RECORD_NON_NUMERIC_VALUE, f"{err}; the record is kept without it", field)
            return None
