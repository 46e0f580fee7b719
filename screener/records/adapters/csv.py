"""The long CSV: one row per fact, rows of one patient anywhere in the file.

Columns (docs/records.md): patient_id, kind, code_system, code, text, value,
comparator, unit, value_text, date, end_date, ref_low, ref_high, route, dose,
dose_unit, per_day, status, birth_date, sex.  Only patient_id and kind are
required; an absent optional column reads as empty.
"""

from __future__ import annotations

import csv as _csv
import io
import re
from pathlib import PurePosixPath

from screener.ir.nodes import SEVERITIES
from screener.records.adapters import problems as P
from screener.records.adapters.fields import FieldReader
from screener.records.adapters.routes import route_from_text
from screener.records.model import AllergyRecord, Code, ConditionRecord, LoadProblem, Medication, Observation, Origin, Patient, ReferenceRange

COLUMNS = ("patient_id", "kind", "code_system", "code", "text", "value", "comparator", "unit", "value_text",
           "date", "end_date", "ref_low", "ref_high", "route", "dose", "dose_unit", "per_day", "status",
           "birth_date", "sex", "severity")
REQUIRED = ("patient_id", "kind")
KINDS = ("patient", "observation", "medication", "condition", "allergy")
_SEX = {"female": "female", "f": "female", "male": "male", "m": "male", "other": "other", "unknown": "unknown"}
_COMPARED = re.compile(r"\s*(<=|>=|<|>)\s*(.+)")  # "<0.5" written in the value column


class _Rows:
    """The patients of one CSV file as they are built, in order of first appearance."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.name = PurePosixPath(file).name
        self.patients: dict[str, Patient] = {}
        self.every_patient: list[LoadProblem] = []  # problems that concern every patient of the file

    def patient(self, pid: str, line: int) -> Patient:
        if pid not in self.patients:
            self.patients[pid] = Patient(id=pid, origin=Origin(file=self.file, line=line))
        return self.patients[pid]

    def row(self, line: int, row: dict, width: int) -> None:
        cell = {k: (row.get(k) or "").strip() for k in COLUMNS}
        pid, kind = cell["patient_id"], cell["kind"].lower()
        if not pid:
            # The row could be any patient's, so no patient of this file can be screened with it missing.
            self.every_patient.append(P.problem(
                P.RECORD_NO_SUBJECT, f"a row (kind {kind!r}) with no patient_id; it could belong to any "
                "patient in the file", file=self.file, record=f"line {line}", field="patient_id"))
            return
        patient = self.patient(pid, line)
        reader = FieldReader(Origin(file=self.file, line=line), f"line {line} (patient {pid})")
        if None in row:  # more cells than the header: an unquoted comma shifts every later value
            reader.report(P.RECORD_BAD_ROW, f"the row has {width + len(row[None])} cells but the header has "
                          f"{width}; the row is skipped (is there text with an unquoted comma?)")
        elif kind == "patient":
            self._patient_row(patient, cell, reader)
        elif kind == "observation":
            patient.observations.append(self._observation(cell, reader, line))
        elif kind == "medication":
            patient.medications.append(self._medication(cell, reader, line))
        elif kind == "condition":
            patient.conditions.append(ConditionRecord(
                id=f"{self.name}#{line}", codes=_codes(cell), text=cell["text"] or None,
                onset=reader.date(cell["date"], "date"), abatement=reader.date(cell["end_date"], "end_date"),
                clinical_status=cell["status"] or None, severity=self._severity(cell["severity"], reader),
                origin=reader.origin))
        elif kind == "allergy":
            patient.allergies.append(AllergyRecord(
                id=f"{self.name}#{line}", codes=_codes(cell), text=cell["text"] or None,
                recorded=reader.date(cell["date"], "date"), clinical_status=cell["status"] or None,
                origin=reader.origin))
        else:
            reader.report(P.RECORD_UNKNOWN_KIND, f"kind {cell['kind']!r} is not one of {', '.join(KINDS)}; "
                          "the row is skipped", "kind")
        patient.problems.extend(reader.problems)

    def _patient_row(self, patient: Patient, cell: dict[str, str], reader: FieldReader) -> None:
        birth = reader.date(cell["birth_date"], "birth_date")
        sex = _SEX.get(cell["sex"].lower()) if cell["sex"] else None
        if cell["sex"] and sex is None:
            reader.report(P.RECORD_BAD_VALUE, f"sex {cell['sex']!r} is not female, male, other or unknown", "sex")
        for field, new in (("birth_date", birth), ("sex", sex)):
            old = getattr(patient, field)
            if new is not None and old is not None and new != old:
                reader.report(P.RECORD_CONFLICT, f"{field} {new} differs from {old} on an earlier row", field)
            elif new is not None:
                setattr(patient, field, new)

    @staticmethod
    def _severity(value: str, reader: FieldReader) -> str | None:
        if value.lower() in SEVERITIES:
            return value.lower()
        if value:
            reader.report(P.RECORD_BAD_VALUE, f"severity {value!r} is not one of {', '.join(SEVERITIES)}; "
                          "it is read as not recorded", "severity")
        return None

    def _observation(self, cell: dict[str, str], reader: FieldReader, line: int) -> Observation:
        raw, comparator = cell["value"], cell["comparator"] or None
        m = _COMPARED.fullmatch(raw)
        if m and comparator is None:
            comparator, raw = m[1], m[2]
        if comparator not in (None, "<", "<=", ">", ">="):
            reader.report(P.RECORD_BAD_VALUE, f"comparator {comparator!r} is not one of < <= > >=; the value is "
                          "read without it", "comparator")
            comparator = None
        low, high = reader.number(cell["ref_low"], "ref_low"), reader.number(cell["ref_high"], "ref_high")
        date = reader.date(cell["date"], "date")
        if not cell["date"]:
            reader.report(P.RECORD_MISSING_DATE, "no date; the observation is kept undated", "date")
        return Observation(
            id=f"{self.name}#{line}", codes=_codes(cell), text=cell["text"] or None,
            value=reader.number(raw, "value"), comparator=comparator, unit=cell["unit"] or None,
            value_text=cell["value_text"] or None, date=date, status=cell["status"] or None,
            reference_range=ReferenceRange(low=low, high=high) if low is not None or high is not None else None,
            origin=reader.origin)

    def _medication(self, cell: dict[str, str], reader: FieldReader, line: int) -> Medication:
        route = route_from_text(cell["route"]) if cell["route"] else None
        if cell["route"] and route is None:
            reader.report(P.RECORD_BAD_VALUE, f"route {cell['route']!r} is not one we know; it is left unknown",
                          "route")
        return Medication(
            id=f"{self.name}#{line}", codes=_codes(cell), text=cell["text"] or None,
            dose=reader.number(cell["dose"], "dose"), dose_unit=cell["dose_unit"] or None,
            per_day=reader.number(cell["per_day"], "per_day"), route=route,
            start=reader.date(cell["date"], "date"), end=reader.date(cell["end_date"], "end_date"),
            status=cell["status"] or None, origin=reader.origin)


def _codes(cell: dict[str, str]) -> list[Code]:
    return [Code(system=cell["code_system"], code=cell["code"])] if cell["code"] else []


def read_csv(text: str, file: str) -> list[Patient]:
    reader = _csv.DictReader(io.StringIO(text, newline=""))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [P.file_placeholder(file, P.FILE_MISSING_COLUMNS, f"the header lacks the required column(s) "
                                   f"{', '.join(missing)} (it has: {', '.join(header) or 'nothing'})", field=missing[0])]
    rows = _Rows(file)
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        rows.every_patient.append(P.problem(
            P.FILE_UNKNOWN_COLUMN, f"column(s) {', '.join(repr(h) for h in unknown)} are not CSV record columns "
            "and are not read (a misspelling?)", file=file, record="line 1", field=unknown[0]))
    line = reader.line_num
    for row in reader:
        start, line = line + 1, reader.line_num
        if any((v or "").strip() for k, v in row.items() if k is not None) or row.get(None):
            rows.row(start, row, len(header))
    if not rows.patients:
        if rows.every_patient:
            return [P.placeholder(file, file, P.problem(P.RECORD_NO_PATIENT, "no row names a patient", file=file),
                                  *rows.every_patient)]
        return [P.file_placeholder(file, P.FILE_EMPTY, "the file has a header but no rows")]
    for patient in rows.patients.values():
        patient.problems.extend(rows.every_patient)
    return list(rows.patients.values())
