"""The project's own record format: the ``Patient`` model as JSON (.json) or JSON Lines (.jsonl).

A record that fails the model becomes a placeholder patient carrying one fatal
``record.invalid`` problem per validation error, so the batch still accounts for it.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, Iterable

from pydantic import ValidationError

from screener.records.adapters import problems as P
from screener.records.adapters.source import FileProblem
from screener.records.model import Origin, Patient

_MAX_ERRORS = 20  # a record wrong everywhere is one problem to fix, not a thousand lines


def loc_path(loc: tuple) -> str:
    """pydantic's error location as a field path: ("observations", 2, "value") -> "observations[2].value"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(record)"


def _where(line: int | None, entry: int | None) -> str | None:
    return f"line {line}" if line is not None else f"index {entry}" if entry is not None else None


def record(obj: Any, file: str, line: int | None = None, entry: int | None = None) -> Patient:
    """One own-format record as a Patient, or a placeholder with its validation errors."""
    n = line if line is not None else entry
    try:
        patient = Patient.model_validate(obj)
    except ValidationError as err:
        rid = obj.get("id") if isinstance(obj, dict) else None
        pid = rid if isinstance(rid, str) and rid.strip() else (
            f"{PurePosixPath(file).name}#{n}" if n is not None else file)
        where = _where(line, entry)
        record_name = " ".join(x for x in (f"patient {rid!r}" if isinstance(rid, str) else None, where) if x)
        errors = err.errors()
        probs = [P.problem(P.RECORD_INVALID, f"{e['msg']} (got {_short(e.get('input'))})",
                           file=file, record=record_name or None, field=loc_path(e["loc"]))
                 for e in errors[:_MAX_ERRORS]]
        if len(errors) > _MAX_ERRORS:
            probs.append(P.problem(P.RECORD_INVALID, f"and {len(errors) - _MAX_ERRORS} more validation errors",
                                   file=file, record=record_name or None))
        return P.placeholder(pid, file, *probs, line=line, entry=entry)
    return fill_origin(as_reported(patient), file, line, entry)


def as_reported(patient: Patient) -> Patient:
    """The patient with every computed field cleared: units are always converted on load,
    never taken on trust from the file (a record saying it is already bound is re-bound)."""
    obs = [o.model_copy(update={"normalized_value": None, "normalized_unit": None, "normalized_range": None,
                                "problem": None, "range_problem": None}) for o in patient.observations]
    meds = [m.model_copy(update={"normalized_daily_dose": None, "problem": None}) for m in patient.medications]
    return patient.model_copy(update={"observations": obs, "medications": meds, "bound": False})


def fill_origin(patient: Patient, file: str, line: int | None = None, entry: int | None = None) -> Patient:
    """Records keep the origin they carry; an empty one names the file (and line or index), in place."""
    if patient.origin == Origin():
        patient.origin = Origin(file=file, line=line, entry=entry)
    for rec in (*patient.observations, *patient.medications, *patient.conditions, *patient.allergies):
        if rec.origin.file is None:
            rec.origin = rec.origin.model_copy(update={"file": file, "line": rec.origin.line or line})
    return patient


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read_document(document: Any, file: str) -> list[Patient]:
    """A parsed .json file: one record, or a list of records."""
    if isinstance(document, list):
        if not document:
            return [P.file_placeholder(file, P.FILE_EMPTY, "the file holds an empty list")]
        return [record(obj, file, entry=n) for n, obj in enumerate(document)]
    return [record(document, file)]


def read_lines(lines: Iterable[tuple[int, Any, str]], file: str) -> list[Patient]:
    """Parsed .jsonl lines; a line that is not JSON becomes a placeholder of its own."""
    out = []
    for line, obj, _raw in lines:
        if isinstance(obj, FileProblem):
            out.append(P.placeholder(f"{PurePosixPath(file).name}#{line}", file, P.problem(
                obj.code, obj.message, file=file, record=f"line {line}"), line=line))
        else:
            out.append(record(obj, file, line=line))
    return out
