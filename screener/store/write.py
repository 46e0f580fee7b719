"""Write bound patients into a store: Parquet long tables, loaded once, screened many times.

Rows come from patients that ``screener.records.bind`` has bound, so a stored
value is normalized exactly as the interpreter sees it (one unit conversion per
distinct (analyte, unit) pair per batch).  Records that name no analyte, drug
or condition group are counted in ``store.json``, not stored: no rule can read
them.  Binding is frozen at load time, so ``store.json`` keeps a fingerprint of
the reference data, and screening warns when the data has changed since.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from screener.records.bind import bound_batches
from screener.records.model import Patient
from screener.resources import data_dir
from screener.store.schema import SCHEMAS, STORE_VERSION, TABLES

META = "store.json"
_SORT_BY = {"observations": ("analyte", "pid", "seq"), "medications": ("drug", "pid", "seq")}


def reference_fingerprint() -> str:
    """A hash of the reference data binding reads (screener/data and the unit definitions)."""
    h = hashlib.sha256()
    units = Path(data_dir()).parent / "units" / "clinical_units.txt"
    for path in sorted(Path(data_dir()).glob("*.csv")) + ([units] if units.is_file() else []):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _text_key(text: str | None) -> str | None:
    # the interpreter reads a qualitative result as value_text.strip().lower(), when value_text is non-empty
    return text.strip().lower() if text else None



def _shown(record) -> str | None:
    """A record's text as written, else its first code's display."""
    return record.text or (record.codes[0].display if record.codes else None)


def _first_codes(record) -> list[str]:
    """The first two codes, "system code", kept for the evidence."""
    return [f"{x.system} {x.code}" for x in record.codes[:2]]

class StoreWriter:
    """Appends bound patients; ``close`` writes the last parts and ``store.json``."""

    def __init__(self, folder: str | Path, part_rows: int = 1_000_000):
        self.folder = Path(folder)
        if (self.folder / META).is_file():
            for table in TABLES:  # a store is replaced whole, never mixed with an older load
                shutil.rmtree(self.folder / table, ignore_errors=True)
            (self.folder / META).unlink()
        elif self.folder.exists() and any(self.folder.iterdir()):
            raise FileExistsError(f"{self.folder} is not empty and holds no store; choose an empty folder")
        for table in TABLES:
            (self.folder / table).mkdir(parents=True, exist_ok=True)
        self.part_rows = part_rows
        self.parts = 0
        self.pid = 0
        self.counts = {t: 0 for t in TABLES}
        self.skipped = {"observations": 0, "medications": 0, "conditions": 0, "procedures": 0, "immunizations": 0}
        self._rows: dict[str, dict[str, list]] = {}
        self._reset()

    def _reset(self) -> None:
        self._rows = {t: {name: [] for name in SCHEMAS[t].names} for t in TABLES}

    def _put(self, table: str, **values) -> None:
        rows = self._rows[table]
        for name, column in rows.items():
            column.append(values.get(name))
        self.counts[table] += 1

    def add(self, p: Patient) -> None:
        if not p.bound:
            raise ValueError(f"patient {p.id} is not bound (screener.records.bind.bind_patients)")
        pid = self.pid
        self.pid += 1
        self._put("patients", pid=pid, patient_id=p.id, birth_date=p.birth_date, sex=p.sex, deceased=p.deceased,
                  deceased_date=p.deceased_date, broken=p.broken, file=p.origin.file)
        for seq, o in enumerate(p.observations):
            if not o.analyte:
                self.skipped["observations"] += 1
                continue
            rr, nr = o.reference_range, o.normalized_range
            self._put("observations", pid=pid, seq=seq, record=o.origin.resource or f"Observation/{o.id}",
                      file=o.origin.file, analyte=o.analyte, obs_date=o.date, status=o.status, text=o.text,
                      value=o.value, unit=o.unit, comparator=o.comparator, value_text=o.value_text,
                      text_key=_text_key(o.value_text), flags=[f.upper() for f in o.interpretation],
                      norm_value=o.normalized_value, norm_unit=o.normalized_unit,
                      ref_low=nr.low if nr else None, ref_high=nr.high if nr else None,
                      reported_ref_low=rr.low if rr else None, reported_ref_high=rr.high if rr else None,
                      reported_ref_unit=rr.unit if rr else None, ref_text=rr.text if rr else None,
                      ref_problem=o.range_problem, problem=o.problem)
        for seq, m in enumerate(p.medications):
            if not m.drug:
                self.skipped["medications"] += 1
                continue
            self._put("medications", pid=pid, seq=seq, record=m.origin.resource or f"Medication/{m.id}",
                      file=m.origin.file, drug=m.drug, text=_shown(m),
                      route=m.route, start_date=m.start, end_date=m.end, status=m.status,
                      resource_type=m.resource_type, dose=m.dose, dose_unit=m.dose_unit, per_day=m.per_day,
                      daily_dose=m.daily_dose, daily_dose_unit=m.daily_dose_unit,
                      norm_daily_dose=m.normalized_daily_dose, problem=m.problem)
        for seq, c in enumerate(p.conditions):
            if not c.groups:
                self.skipped["conditions"] += 1
                continue
            self._put("conditions", pid=pid, seq=seq, record=c.origin.resource or f"Condition/{c.id}",
                      file=c.origin.file, groups=list(c.groups), text=_shown(c), codes=_first_codes(c), onset_date=c.onset,
                      abatement_date=c.abatement, clinical_status=c.clinical_status,
                      verification_status=c.verification_status, severity=c.severity)
        for seq, a in enumerate(p.allergies):
            self._put("allergies", pid=pid, seq=seq, record=a.origin.resource or f"AllergyIntolerance/{a.id}",
                      file=a.origin.file, agents=list(a.agents), text=_shown(a), codes=_first_codes(a),
                      recorded_date=a.recorded,
                      clinical_status=a.clinical_status, verification_status=a.verification_status)
        for seq, r in enumerate(p.procedures):
            if not r.procedures:
                self.skipped["procedures"] += 1
                continue
            self._put("procedures", pid=pid, seq=seq, record=r.origin.resource or f"Procedure/{r.id}",
                      file=r.origin.file, procedures=list(r.procedures), text=_shown(r), codes=_first_codes(r),
                      performed_date=r.performed,
                      performed_end=r.performed_end, status=r.status)
        for seq, r in enumerate(p.immunizations):
            if not r.vaccines:
                self.skipped["immunizations"] += 1
                continue
            self._put("immunizations", pid=pid, seq=seq, record=r.origin.resource or f"Immunization/{r.id}",
                      file=r.origin.file, vaccines=list(r.vaccines), text=_shown(r), codes=_first_codes(r),
                      occurred_date=r.occurred, status=r.status)
        for seq, r in enumerate(p.studies):
            self._put("studies", pid=pid, seq=seq, record=r.origin.resource or f"ResearchSubject/{r.id}",
                      file=r.origin.file, status=r.status, start_date=r.start, end_date=r.end, study=r.study,
                      study_title=r.study_title, study_ids=list(r.study_ids), enrolled=r.enrolled,
                      interventional=r.interventional)
        for seq, a in enumerate(p.attestations):
            self._put("attestations", pid=pid, seq=seq, criterion=a.criterion, holds=a.holds, by_whom=a.by,
                      att_date=a.date, note=a.note)
        for seq, e in enumerate(p.problems):
            self._put("problems", pid=pid, seq=seq, code=e.code, message=e.message, file=e.file, record=e.record,
                      field=e.field, fatal=e.fatal)
        if max(len(next(iter(c.values()))) for c in self._rows.values()) >= self.part_rows:
            self.flush()

    def flush(self, always: bool = False) -> None:
        if not always and not any(len(next(iter(c.values()))) for c in self._rows.values()):
            return
        for table in TABLES:
            columns = self._rows[table]
            if not always and not columns["pid"]:
                continue
            data = pa.Table.from_pydict(columns, schema=SCHEMAS[table])
            if table in _SORT_BY:  # rules filter on these: small sorted row groups let readers skip the rest
                data = data.sort_by([(k, "ascending") for k in _SORT_BY[table]])
            pq.write_table(data, self.folder / table / f"part-{self.parts:05d}.parquet", row_group_size=65_536)
        self.parts += 1
        self._reset()

    def close(self, inputs: Iterable[str] = ()) -> dict:
        # every table gets at least one file, so a reader always finds its schema
        empty = [t for t in TABLES if not any((self.folder / t).glob("*.parquet"))]
        self.flush(always=bool(empty))
        meta = {"version": STORE_VERSION, "patients": self.pid, "rows": self.counts,
                "not_stored": self.skipped, "reference_data": reference_fingerprint(), "inputs": list(inputs)}
        (self.folder / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        return meta


def write_store(patients: Iterable[Patient], folder: str | Path, *, batch: int = 1000,
                inputs: Iterable[str] = (), part_rows: int = 1_000_000) -> dict:
    """Bind patients a batch at a time and write them into the store at ``folder``."""
    writer = StoreWriter(folder, part_rows=part_rows)
    for chunk in bound_batches(patients, batch):
        for q in chunk:
            writer.add(q)
    return writer.close(inputs)


def load_into_store(paths: Iterable[str | Path], folder: str | Path, **kwargs) -> dict:
    """``screener load PATIENTS... --store DIR``: every input patient once, errors included."""
    from screener.records.load import iter_patients

    paths = [str(p) for p in paths]
    return write_store(iter_patients(paths), folder, inputs=paths, **kwargs)


def is_store(path: str | Path) -> bool:
    return (Path(path) / META).is_file()


def read_meta(path: str | Path) -> dict:
    return json.loads((Path(path) / META).read_text(encoding="utf-8"))
