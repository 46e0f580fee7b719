"""FHIR R4 input: a Bundle (any type), a single resource, or Bulk Data NDJSON, as patients.

Resources are collected into a ``FhirBatch`` and assembled once every resource
is in, because a record may come before its Patient (Bulk Data writes one file
per resource type).  Records find their patient through ``subject`` or
``patient`` references: "Patient/<id>", an absolute URL ending so, or a
Bundle ``fullUrl`` such as "urn:uuid:...".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from screener.records.adapters import problems as P
from screener.records.adapters.fhir_clinical import (allergy, condition, immunization, observations, patient_fields, procedure,
                                                     research_subject)
from screener.records.adapters.fhir_medication import medication
from screener.records.adapters.fhir_names import MEDICATION_USE_TYPES, R4_RESOURCE_TYPES
from screener.records.adapters.fhir_types import _dict, _list, _str, key_id, patient_key, reference
from screener.records.adapters.fields import FieldReader
from screener.records.model import LoadProblem, Origin, Patient

CLINICAL_TYPES = ("Observation", "Condition", "AllergyIntolerance", "Procedure", "Immunization", "ResearchSubject",
                  *MEDICATION_USE_TYPES)


@dataclass
class _Item:
    resource: dict
    origin: Origin
    full_url: str | None

    @property
    def type(self) -> Any:
        return self.resource.get("resourceType")

    @property
    def where(self) -> str:
        o = self.origin
        return f"line {o.line}" if o.line is not None else f"entry {o.entry}" if o.entry is not None else "resource"

    @property
    def label(self) -> str:
        return f"{self.origin.resource} ({self.where})" if self.origin.resource else self.where

    def fallback_id(self) -> str:
        """An id for a resource that has none: its fullUrl's, else file#line or file#entry."""
        if self.full_url:
            return key_id(self.full_url)
        o = self.origin
        return f"{PurePosixPath(o.file or '').name}#{o.line if o.line is not None else o.entry}"


# A malformed NDJSON line is still searched for the patient it names, so its loss lands on that patient.
_RAW_REF = re.compile(r'"reference"\s*:\s*"([^"]+)"')
_RAW_PATIENT = re.compile(r'"resourceType"\s*:\s*"Patient".*?"id"\s*:\s*"([^"]+)"|'
                          r'"id"\s*:\s*"([^"]+)".*?"resourceType"\s*:\s*"Patient"')


class FhirBatch:
    """Resources of one Bundle (``bundle_file`` set) or of all the NDJSON files of a load."""

    def __init__(self, bundle_file: str | None = None) -> None:
        self.bundle_file = bundle_file
        self.items: list[_Item] = []
        self.loose: list[tuple[str, LoadProblem, str]] = []  # (file, problem, raw text) of unreadable lines

    def add(self, resource: Any, file: str, *, line: int | None = None, entry: int | None = None,
            full_url: str | None = None) -> None:
        resource = resource if isinstance(resource, dict) else {"resourceType": None, "_raw": resource}
        rtype, rid = resource.get("resourceType"), _str(resource.get("id"))
        res = f"{rtype}/{rid}" if isinstance(rtype, str) and rid else None
        self.items.append(_Item(resource, Origin(file=file, line=line, entry=entry, resource=res), full_url))

    def add_unreadable(self, file: str, problem: LoadProblem, raw: str) -> None:
        self.loose.append((file, problem, raw))

    # ---- assembly ---------------------------------------------------------------

    def patients(self) -> list[Patient]:
        return _Assembly(self).run()


class _Assembly:
    def __init__(self, batch: FhirBatch) -> None:
        self.batch = batch
        self.patients: dict[str, Patient] = {}
        self.real: set[str] = set()  # ids of patients that have a Patient resource
        self.keys: dict[str, str] = {}  # reference key -> patient id
        self.medications: dict[str, dict] = {}  # reference key -> Medication resource
        self.studies: dict[str, dict] = {}  # reference key -> ResearchStudy resource
        self.of_file: dict[str, dict[str, None]] = defaultdict(dict)  # file -> patient ids (ordered set)
        self.orphans: dict[str, list[str]] = defaultdict(list)  # patient id -> references nobody resolved
        self.unplaced: list[tuple[str, LoadProblem]] = []  # problems for every patient of a file
        self.sole: str | None = None
        self.why: dict[str, str] = {}  # placeholder id -> why it stands in for a patient

    def run(self) -> list[Patient]:
        for item in self.batch.items:
            if item.type == "Patient":
                self._add_patient(item)
            elif item.type in ("Medication", "ResearchStudy"):
                held = self.medications if item.type == "Medication" else self.studies
                for key in (_str(item.resource.get("id")), item.full_url):
                    if key:
                        held[key if key == item.full_url else f"{item.type}/{key}"] = item.resource
        if self.batch.bundle_file is not None and not self.patients:
            self._file_placeholder(self.batch.bundle_file, "the bundle holds no Patient resource")
        # In a single-patient input, records that name no patient are that patient's.
        self.sole = next(iter(self.patients)) if len(self.patients) == 1 else None
        for item in self.batch.items:
            if item.type not in ("Patient", "Medication", "ResearchStudy"):
                self._add_record(item)
        for file, prob, raw in self.batch.loose:
            self._place_unreadable(file, prob, raw)
        for file, prob in self.unplaced:
            targets = list(self.of_file.get(file) or ()) or [
                self._file_placeholder(file, "this file's problems concern no patient the input holds").id]
            for pid in targets:
                self.patients[pid].problems.append(prob)
        for pid in [*self.why, *(p for p in self.orphans if p not in self.why)]:
            refs = ", ".join(dict.fromkeys(self.orphans.get(pid, ())))
            why = self.why.get(pid) or "no Patient resource in the input has that id or fullUrl"
            self.patients[pid].problems.insert(0, P.problem(
                P.RECORD_NO_PATIENT, f"{why}; records refer to {refs}" if refs else why,
                file=self.patients[pid].origin.file, record=None if pid in self.why else pid))
        return list(self.patients.values())

    # ---- patients -----------------------------------------------------------------

    def _add_patient(self, item: _Item) -> None:
        r = item.resource
        rid = _str(r.get("id"))
        reader = FieldReader(item.origin, item.label)
        pid = rid or item.fallback_id()
        if rid is None:
            reader.report(P.RECORD_NO_ID, f"a Patient resource without id; it is kept as {pid!r}", "id")
        if pid in self.patients:
            first = self.patients[pid]
            first.problems.append(P.problem(
                P.RECORD_DUPLICATE_ID, f"Patient/{pid} appears again (first at {_where(first.origin)}); "
                "the records of the two cannot be told apart", file=item.origin.file, record=item.label,
                field="id"))
        else:
            self.patients[pid] = Patient(id=pid, origin=item.origin, problems=reader.problems,
                                         **patient_fields(r, reader))
            self.real.add(pid)
        for key in (rid and f"Patient/{rid}", item.full_url):
            if key:
                self.keys.setdefault(key, pid)
        self.of_file[item.origin.file][pid] = None

    def _file_placeholder(self, file: str, why: str) -> Patient:
        """One patient named for the file, holding what belongs to no patient there."""
        if file not in self.patients:
            self.patients[file] = Patient(id=file, origin=Origin(file=file))
            self.why[file] = why
            self.of_file[file][file] = None
        return self.patients[file]

    def _owner(self, ref: str | None, origin: Origin) -> str | None:
        """The patient id a reference names; an unknown one becomes an orphan patient."""
        if ref is None:
            return None
        for key in (ref, patient_key(ref)):
            if key in self.keys:
                return self.keys[key]
        if self.batch.bundle_file is not None and not self.real:
            pid = self.batch.bundle_file  # a Bundle without Patient: all to its placeholder
            self.orphans[pid].append(ref)
        else:
            pid = key_id(patient_key(ref))  # a reference in another form than the one we hold still finds it
            if pid not in self.patients:
                self.patients[pid] = Patient(id=pid, origin=Origin(file=origin.file))
            if pid not in self.real:
                self.orphans[pid].append(ref)
        self.keys[ref] = pid
        return pid

    # ---- records --------------------------------------------------------------------

    def _add_record(self, item: _Item) -> None:
        r, rtype, file = item.resource, item.type, item.origin.file
        if not (isinstance(rtype, str) and rtype in R4_RESOURCE_TYPES):
            what = "has no resourceType" if rtype is None else f"has resourceType {rtype!r}, not a FHIR R4 resource"
            self._attach(item, P.problem(P.RECORD_UNKNOWN_RESOURCE_TYPE, f"{what}; it is skipped", file=file,
                                         record=item.label, field="resourceType"))
            return
        if rtype not in CLINICAL_TYPES:
            return  # Encounter, Claim, CarePlan...: nothing the engine reads
        pid = self._owner(_patient_ref(r), item.origin)
        pid = pid or self.sole
        if pid is None:
            self.unplaced.append((file, P.problem(
                P.RECORD_NO_SUBJECT, f"{rtype} names no patient (subject/patient) and the input holds "
                f"{len(self.patients)} patients; it could be any of them", file=file, record=item.label,
                field="subject")))
            return
        patient = self.patients[pid]
        self.of_file[file][pid] = None
        rid = _str(r.get("id")) or item.fallback_id()
        reader = FieldReader(item.origin, item.label)
        if rtype == "Observation":
            patient.observations.extend(observations(r, rid, reader))
        elif rtype == "Condition":
            patient.conditions.append(condition(r, rid, reader))
        elif rtype == "AllergyIntolerance":
            patient.allergies.append(allergy(r, rid, reader))
        elif rtype == "Procedure":
            patient.procedures.append(procedure(r, rid, reader))
        elif rtype == "Immunization":
            patient.immunizations.append(immunization(r, rid, reader))
        elif rtype == "ResearchSubject":
            patient.studies.append(research_subject(r, rid, reader, self._study(r)))
        else:
            patient.medications.append(medication(r, rid, reader, self._resolver(item)))
        patient.problems.extend(reader.problems)

    def _resolver(self, item: _Item):
        contained = {f"#{_str(c.get('id'))}": c for c in map(_dict, _list(item.resource.get("contained")))}

        def resolve(ref: str) -> dict | None:
            if ref in contained:
                return contained[ref]
            return _held(self.medications, "Medication", ref)
        return resolve

    def _study(self, subject: dict) -> dict | None:
        ref = _str(_dict(subject.get("study")).get("reference"))
        return _held(self.studies, "ResearchStudy", ref) if ref else None

    def _attach(self, item: _Item, prob: LoadProblem) -> None:
        pid = self._owner(_patient_ref(item.resource), item.origin)
        if pid is not None:
            self.patients[pid].problems.append(prob)
        else:
            self.unplaced.append((item.origin.file, prob))

    def _place_unreadable(self, file: str, prob: LoadProblem, raw: str) -> None:
        """A line that is not JSON: on the patient it mentions, else on every patient of its file."""
        m = _RAW_PATIENT.search(raw)
        refs = [r for r in _RAW_REF.findall(raw) if r in self.keys or "Patient/" in r]
        ref = f"Patient/{m[1] or m[2]}" if m else (refs[0] if refs else None)
        pid = self._owner(ref, Origin(file=file))
        if pid is not None:
            self.patients[pid].problems.append(prob)
            self.of_file[file][pid] = None
        else:
            self.unplaced.append((file, prob))


def _held(table: dict[str, dict], rtype: str, ref: str) -> dict | None:
    """The ``rtype`` resource a reference names, among those the input holds (by fullUrl or "Type/id";
    absolute URLs and versioned references too)."""
    tail = ref.split(f"{rtype}/")[-1].split("/_history/")[0]
    return table.get(ref) or table.get(f"{rtype}/{tail}")


def _patient_ref(resource: dict) -> str | None:
    # (an R4 ResearchSubject names its patient in ``individual``)
    return (reference(resource.get("subject")) or reference(resource.get("patient"))
            or reference(resource.get("individual")))


def _where(origin: Origin) -> str:
    pos = f"line {origin.line}" if origin.line is not None else f"entry {origin.entry}" if origin.entry is not None else ""
    return " ".join(x for x in (origin.file, pos) if x)


def read_json(document: Any, file: str) -> list[Patient]:
    """A parsed .json document: a Bundle, one resource, or a list of resources."""
    batch = FhirBatch(bundle_file=file)
    if isinstance(document, dict) and document.get("resourceType") == "Bundle":
        for n, entry in enumerate(_list(document.get("entry"))):
            entry = _dict(entry)
            if "resource" in entry:  # entries without one (DELETE requests, responses) carry no data
                batch.add(entry["resource"], file, entry=n, full_url=_str(entry.get("fullUrl")))
    elif isinstance(document, list):
        for n, resource in enumerate(document):
            batch.add(resource, file, entry=n)
    else:
        batch.add(document, file)
    return batch.patients()

