"""Problem codes the adapters report, and the placeholder patient a broken input becomes.

The codes are stable (docs/records.md lists them); messages name the file,
the record and the field so a reader can find the fault by hand.
"""

from __future__ import annotations

from pathlib import Path

from screener.records.model import LoadProblem, Origin, Patient

# A file that could not be read at all: one placeholder patient, fatal.
FILE_NOT_FOUND = "file.not_found"
FILE_EMPTY = "file.empty"
FILE_MALFORMED_JSON = "file.malformed_json"
FILE_BAD_ENCODING = "file.bad_encoding"
FILE_UNREADABLE = "file.unreadable"
FILE_UNSUPPORTED_TYPE = "file.unsupported_type"
FILE_MISSING_COLUMNS = "file.missing_columns"
FILE_UNKNOWN_COLUMN = "file.unknown_column"  # non-fatal: a CSV column nobody reads

# One record.
RECORD_INVALID = "record.invalid"  # own JSON failing the model (fatal)
RECORD_NO_PATIENT = "record.no_patient"  # records whose Patient is nowhere in the input (fatal)
RECORD_NO_ID = "record.no_id"  # a FHIR Patient without id (fatal)
RECORD_NO_SUBJECT = "record.no_subject"  # clinical data that names no patient (fatal)
RECORD_DUPLICATE_ID = "record.duplicate_id"  # fatal
RECORD_CONFLICT = "record.conflicting_values"  # two answers for one patient fact (fatal)
RECORD_BAD_ROW = "record.bad_row"  # a CSV row whose cells do not line up with the header (fatal)
RECORD_UNKNOWN_RESOURCE_TYPE = "record.unknown_resource_type"
RECORD_UNKNOWN_KIND = "record.unknown_kind"
RECORD_MISSING_DATE = "record.missing_date"
RECORD_BAD_DATE = "record.bad_date"
RECORD_NON_NUMERIC_VALUE = "record.non_numeric_value"
RECORD_BAD_VALUE = "record.bad_value"
RECORD_UNRESOLVED_REFERENCE = "record.unresolved_reference"

FATAL = frozenset({
    FILE_NOT_FOUND, FILE_EMPTY, FILE_MALFORMED_JSON, FILE_BAD_ENCODING, FILE_UNREADABLE,
    FILE_UNSUPPORTED_TYPE, FILE_MISSING_COLUMNS, RECORD_INVALID, RECORD_NO_PATIENT, RECORD_NO_ID,
    RECORD_NO_SUBJECT, RECORD_DUPLICATE_ID, RECORD_CONFLICT, RECORD_BAD_ROW,
})


def problem(code: str, message: str, file: str | None = None, record: str | None = None,
            field: str | None = None) -> LoadProblem:
    """A LoadProblem whose fatality follows from its code, so callers cannot disagree about it."""
    where = ", ".join(x for x in (file, record, field and f"field {field}") if x)
    return LoadProblem(code=code, message=f"{where}: {message}" if where else message,
                       file=file, record=record, field=field, fatal=code in FATAL)


def file_label(path: str | Path) -> str:
    return Path(path).as_posix()


def placeholder(patient_id: str, file: str | None, *problems: LoadProblem, line: int | None = None,
                entry: int | None = None) -> Patient:
    """A patient standing for input that could not be read, so the batch still accounts for it."""
    return Patient(id=patient_id, origin=Origin(file=file, line=line, entry=entry), problems=list(problems))


def file_placeholder(path: str | Path, code: str, message: str, **where) -> Patient:
    """The one patient a wholly unreadable file becomes; its id is the file path as given."""
    label = file_label(path)
    return placeholder(label, label, problem(code, message, file=label, **where))
