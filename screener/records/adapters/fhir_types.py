"""Readers for FHIR R4 datatypes: CodeableConcept, Quantity, dates, references."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from screener.ir.nodes import SEVERITIES
from screener.records.adapters import problems as P
from screener.records.adapters.fields import FieldReader
from screener.records.model import Code

UCUM = "http://unitsofmeasure.org"
COMPARATORS = frozenset({"<", "<=", ">", ">="})


def _dict(x: Any) -> dict:
    return x if isinstance(x, dict) else {}


def _list(x: Any) -> list:
    return x if isinstance(x, list) else []


def _str(x: Any) -> str | None:
    return x.strip() or None if isinstance(x, str) else None


def codes(concept: Any) -> list[Code]:
    """Every coding that has a code; a coding without system keeps system ""."""
    out = []
    for coding in _list(_dict(concept).get("coding")):
        coding = _dict(coding)
        code = coding.get("code")
        if isinstance(code, (str, int)) and str(code).strip():
            out.append(Code(system=_str(coding.get("system")) or "", code=str(code).strip(),
                            display=_str(coding.get("display"))))
    return out


def concept_text(concept: Any) -> str | None:
    return _str(_dict(concept).get("text"))


def concept_words(concept: Any) -> str | None:
    """What a person would read for a concept: its text, else the first display, else the first code."""
    concept = _dict(concept)
    if text := _str(concept.get("text")):
        return text
    found = codes(concept)
    for c in found:
        if c.display:
            return c.display
    return found[0].code if found else None


def status_code(x: Any) -> str | None:
    """A status that R4 writes as a CodeableConcept (Condition.clinicalStatus) and older data as a code."""
    if isinstance(x, str):
        return _str(x)
    found = codes(x)
    return found[0].code if found else concept_text(x)


# FHIR's condition-severity value set (SNOMED CT): the codes, and the words of a display or text
_SEVERITY_CODES = {"255604002": "mild", "6736007": "moderate", "24484000": "severe"}
_SEVERITY_WORDS = re.compile(rf"\b({'|'.join(SEVERITIES)})\b", re.I)


def severity(concept: Any) -> str | None:
    """Condition.severity as mild, moderate or severe; None when absent or not one of these
    (a severity we cannot read is not recorded, never guessed)."""
    for c in codes(concept):
        if c.code in _SEVERITY_CODES:
            return _SEVERITY_CODES[c.code]
    words = {m.lower() for m in _SEVERITY_WORDS.findall(concept_words(concept) or "")}
    return words.pop() if len(words) == 1 else None


def quantity(q: Any, reader: FieldReader, field: str) -> tuple[float | None, str | None, str | None]:
    """(value, unit, comparator).  The UCUM code is the unit when the system is UCUM, else the unit text."""
    q = _dict(q)
    value = reader.number(q.get("value"), f"{field}.value")
    code, text = _str(q.get("code")), _str(q.get("unit"))
    unit = code if code and q.get("system") == UCUM else (text or code)
    comparator = _str(q.get("comparator"))
    if comparator is not None and comparator not in COMPARATORS:
        reader.report(P.RECORD_BAD_VALUE, f"comparator {comparator!r} is not one of < <= > >=; the value is read "
                      "as written, without it", f"{field}.comparator")
        comparator = None
    return value, unit, comparator


def first_date(resource: dict, reader: FieldReader, *fields: str) -> tuple[dt.date | None, str | None]:
    """The first of ``fields`` present, as (date, field name).  "x.start" reads a Period's start."""
    for name in fields:
        head, _, tail = name.partition(".")
        raw = resource.get(head)
        if tail:
            raw = _dict(raw).get(tail)
        if raw not in (None, ""):
            return reader.date(raw, name), name
    return None, None


_PATIENT_REF = re.compile(r"(?:^|/)Patient/([^/]+)(?:/_history/[^/]+)?$")


def reference(x: Any) -> str | None:
    return _str(_dict(x).get("reference"))


def patient_key(ref: str) -> str:
    """"Patient/1", "http://srv/fhir/Patient/1/_history/2" -> "Patient/1"; other forms (urn:uuid:) as written."""
    m = _PATIENT_REF.search(ref)
    return f"Patient/{m[1]}" if m else ref


def key_id(key: str) -> str:
    """The id a patient key names: "Patient/1" -> "1", "urn:uuid:ab" -> "ab"."""
    return key.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
