"""Patients read back from a store, bound as they were written (for the python engine,
and for criteria the SQL engines hand to the interpreter)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow.dataset as ds

from screener.records.model import (AllergyRecord, Attestation, Code, ConditionRecord, LoadProblem, Medication, Observation,
                                    ImmunizationRecord, Origin, Patient, ProcedureRecord, ReferenceRange,
                                    StudyRecord)
from screener.store.schema import SCHEMAS


def _table(folder: Path, name: str, pids: set[int] | None):
    data = ds.dataset(folder / name, format="parquet", schema=SCHEMAS[name])
    where = ds.field("pid").isin(sorted(pids)) if pids is not None else None
    return data.to_table(filter=where)


def _rows_by_pid(folder: Path, name: str, pids: set[int] | None) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = defaultdict(list)
    for row in _table(folder, name, pids).to_pylist():
        out[row["pid"]].append(row)
    for rows in out.values():
        rows.sort(key=lambda r: r["seq"])
    return out


def _observation(r: dict) -> Observation:
    rng = None
    if any(r[k] is not None for k in ("reported_ref_low", "reported_ref_high", "reported_ref_unit", "ref_text")):
        rng = ReferenceRange(low=r["reported_ref_low"], high=r["reported_ref_high"], unit=r["reported_ref_unit"],
                             text=r["ref_text"])
    norm = None
    if r["ref_low"] is not None or r["ref_high"] is not None:
        norm = ReferenceRange(low=r["ref_low"], high=r["ref_high"], unit=r["norm_unit"], text=r["ref_text"])
    return Observation(
        id=r["record"].split("/", 1)[-1], text=r["text"], value=r["value"], comparator=r["comparator"],
        unit=r["unit"], value_text=r["value_text"], interpretation=list(r["flags"] or []), reference_range=rng,
        date=r["obs_date"], status=r["status"], origin=Origin(file=r["file"], resource=r["record"]),
        analyte=r["analyte"], normalized_value=r["norm_value"],
        normalized_unit=r["norm_unit"] if r["norm_value"] is not None else None,
        normalized_range=norm, problem=r["problem"], range_problem=r["ref_problem"])


def _medication(r: dict) -> Medication:
    return Medication(
        id=r["record"].split("/", 1)[-1], text=r["text"], dose=r["dose"], dose_unit=r["dose_unit"],
        per_day=r["per_day"], daily_dose=r["daily_dose"], daily_dose_unit=r["daily_dose_unit"], route=r["route"],
        start=r["start_date"], end=r["end_date"], status=r["status"], resource_type=r["resource_type"],
        origin=Origin(file=r["file"], resource=r["record"]), drug=r["drug"],
        normalized_daily_dose=r["norm_daily_dose"], problem=r["problem"])


def _coded(r: dict) -> dict:
    """The fields every coded record kind keeps alike: id, codes ("system code"), text, origin."""
    return dict(id=r["record"].split("/", 1)[-1], text=r["text"], origin=Origin(file=r["file"], resource=r["record"]),
                codes=[Code(system=s, code=c) for s, _, c in (x.partition(" ") for x in r["codes"] or [])])


def _condition(r: dict) -> ConditionRecord:
    return ConditionRecord(
        **_coded(r), onset=r["onset_date"], abatement=r["abatement_date"], clinical_status=r["clinical_status"],
        verification_status=r["verification_status"], severity=r["severity"], groups=list(r["groups"] or []))


def _allergy(r: dict) -> AllergyRecord:
    return AllergyRecord(
        **_coded(r), recorded=r["recorded_date"], clinical_status=r["clinical_status"],
        verification_status=r["verification_status"], agents=list(r["agents"] or []))


def _procedure(r: dict) -> ProcedureRecord:
    return ProcedureRecord(
        **_coded(r), performed=r["performed_date"], performed_end=r["performed_end"], status=r["status"],
        procedures=list(r["procedures"] or []))


def _immunization(r: dict) -> ImmunizationRecord:
    return ImmunizationRecord(
        **_coded(r), occurred=r["occurred_date"], status=r["status"], vaccines=list(r["vaccines"] or []))


def _study(r: dict) -> StudyRecord:
    return StudyRecord(
        id=r["record"].split("/", 1)[-1], origin=Origin(file=r["file"], resource=r["record"]), status=r["status"],
        start=r["start_date"], end=r["end_date"], study=r["study"], study_title=r["study_title"],
        study_ids=list(r["study_ids"] or []), enrolled=r["enrolled"], interventional=r["interventional"])


def read_patients(folder: str | Path, pids: Iterable[int] | None = None) -> Iterator[tuple[int, Patient]]:
    """(pid, bound patient) in load order; only ``pids`` when given."""
    folder = Path(folder)
    want = set(pids) if pids is not None else None
    people = _table(folder, "patients", want).sort_by("pid").to_pylist()
    tables = {name: _rows_by_pid(folder, name, want)
              for name in ("observations", "medications", "conditions", "allergies", "procedures", "immunizations", "studies", "attestations",
                           "problems")}
    for r in people:
        pid = r["pid"]
        yield pid, Patient(
            id=r["patient_id"], birth_date=r["birth_date"], sex=r["sex"], deceased=r["deceased"],
            deceased_date=r["deceased_date"], origin=Origin(file=r["file"]), bound=True,
            observations=[_observation(x) for x in tables["observations"].get(pid, [])],
            medications=[_medication(x) for x in tables["medications"].get(pid, [])],
            conditions=[_condition(x) for x in tables["conditions"].get(pid, [])],
            allergies=[_allergy(x) for x in tables["allergies"].get(pid, [])],
            procedures=[_procedure(x) for x in tables["procedures"].get(pid, [])],
            immunizations=[_immunization(x) for x in tables["immunizations"].get(pid, [])],
            studies=[_study(x) for x in tables["studies"].get(pid, [])],
            attestations=[Attestation(criterion=x["criterion"], holds=x["holds"], by=x["by_whom"],
                                      date=x["att_date"], note=x["note"]) for x in tables["attestations"].get(pid, [])],
            problems=[LoadProblem(code=x["code"], message=x["message"], file=x["file"], record=x["record"],
                                  field=x["field"], fatal=x["fatal"]) for x in tables["problems"].get(pid, [])])
