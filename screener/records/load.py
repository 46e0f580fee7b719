"""Load patient records from files and folders, whatever their format.

Every patient in the input comes out exactly once, and every input that cannot
be read comes out as a placeholder patient with a fatal problem, so a batch
never loses a patient silently and one bad file never stops the others.
The caller binds: ``bind_patients(load_paths(paths))``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from screener.records.adapters import fhir, own
from screener.records.adapters import problems as P
from screener.records.adapters.csv import read_csv
from screener.records.adapters.source import FileProblem, json_lines, parse_json, read_text
from screener.records.model import Patient

SUFFIXES = (".json", ".ndjson", ".jsonl", ".csv")


def is_fhir(document: object) -> bool:
    """A FHIR document names its resourceType; our own records never do."""
    if isinstance(document, dict):
        return "resourceType" in document
    return isinstance(document, list) and any(isinstance(x, dict) and "resourceType" in x for x in document)


def _walk(folder: Path) -> list[Path]:
    """Record files under a folder, in sorted path order; hidden files and folders are skipped."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, f) for f in files if not f.startswith(".") and Path(f).suffix.lower() in SUFFIXES]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | Patient]:
    """Files to read, in order; an input that names no readable file becomes its placeholder here."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = _walk(path)
            if not files:
                yield P.file_placeholder(path, P.FILE_EMPTY, f"the folder holds no {', '.join(SUFFIXES)} files")
            yield from files
        elif not path.exists():
            yield P.file_placeholder(path, P.FILE_NOT_FOUND, "no such file or folder")
        elif path.suffix.lower() not in SUFFIXES:
            yield P.file_placeholder(path, P.FILE_UNSUPPORTED_TYPE, f"the suffix {path.suffix or '(none)'!r} is "
                                     f"not one of {', '.join(SUFFIXES)}")
        else:
            yield path


def read_file(path: Path) -> list[Patient]:
    """The patients of one .json, .jsonl or .csv file (NDJSON needs the whole batch: ``read_ndjson``)."""
    file = P.file_label(path)
    try:
        text = read_text(path)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return read_csv(text, file)
        if suffix == ".jsonl":
            return own.read_lines(json_lines(text), file)
        if suffix == ".ndjson":
            return read_ndjson([path])
        document = parse_json(text)
        return fhir.read_json(document, file) if is_fhir(document) else own.read_document(document, file)
    except FileProblem as err:
        return [P.file_placeholder(path, err.code, err.message, record=err.line and f"line {err.line}")]
    except Exception as err:  # a reader bug must not stop the batch; the file is reported instead
        return [P.file_placeholder(path, P.FILE_UNREADABLE, f"could not be read ({type(err).__name__}: {err})")]


def read_ndjson(paths: list[Path]) -> list[Patient]:
    """FHIR Bulk Data: the NDJSON files of one load together, since a patient's resources span files."""
    batch = fhir.FhirBatch()
    failed: list[Patient] = []
    for path in paths:
        file = P.file_label(path)
        try:
            text = read_text(path)
        except FileProblem as err:
            failed.append(P.file_placeholder(path, err.code, err.message))
            continue
        for line, value, raw in json_lines(text):
            if isinstance(value, FileProblem):
                batch.add_unreadable(file, P.problem(value.code, value.message, file=file, record=f"line {line}"), raw)
            else:
                batch.add(value, file, line=line)
    try:
        return batch.patients() + failed
    except Exception as err:  # see read_file
        return failed + [P.file_placeholder(p, P.FILE_UNREADABLE, f"could not be read ({type(err).__name__}: "
                                            f"{err})") for p in paths]


class FirstSeen:
    """Duplicate ids across the batch: the first keeps its records, a later one keeps only the problem."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def check(self, patient: Patient) -> Patient:
        file = patient.origin.file or "?"
        if patient.id not in self.seen:
            self.seen[patient.id] = file
            return patient
        counts = f"{len(patient.observations)} observations, {len(patient.medications)} medications, " \
                 f"{len(patient.conditions)} conditions"
        return Patient(id=patient.id, origin=patient.origin, problems=[*patient.problems, P.problem(
            P.RECORD_DUPLICATE_ID, f"patient id {patient.id!r} was first seen in {self.seen[patient.id]}; this "
            f"later one is not screened and its records ({counts}) are not read", file=file,
            record=patient.origin.resource or patient.id, field="id")])


def iter_patients(paths: Iterable[str | Path]) -> Iterator[Patient]:
    """Each patient of the inputs once, file by file; all NDJSON files come out together where the first one is."""
    items = list(_expand(paths))
    ndjson = [x for x in items if isinstance(x, Path) and x.suffix.lower() == ".ndjson"]
    first_seen = FirstSeen()
    for item in items:
        if isinstance(item, Patient):
            found = [item]
        elif item.suffix.lower() == ".ndjson":
            found, ndjson = (read_ndjson(ndjson) if ndjson else []), []
        else:
            found = read_file(item)
        for patient in found:
            yield first_seen.check(patient)


def load_paths(paths: Iterable[str | Path]) -> list[Patient]:
    """Every patient in these files and folders (folders are walked for .json, .ndjson, .jsonl, .csv)."""
    return list(iter_patients(paths))
