"""Screening results written out: json, jsonl, csv (one row per patient and criterion), table.

JSON and JSONL carry the whole ``PatientResult`` (the contract in README and
docs/semantics.md); CSV and table are views for people and spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from typing import IO, Iterable

from screener.results import PatientResult

CSV_COLUMNS = ["patient_id", "verdict", "criterion", "section", "status", "explanation", "text", "errors"]


def result_json(r: PatientResult) -> dict:
    return json.loads(r.model_dump_json())


class Writer:
    """Streams results in one format; ``close`` finishes the document (the JSON list)."""

    def __init__(self, out: IO[str], fmt: str):
        self.out, self.fmt, self.n = out, fmt, 0
        self._csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        self._table: list[PatientResult] = []
        if fmt == "json":
            out.write("[")
        elif self._csv is not None:
            self._csv.writerow(CSV_COLUMNS)

    def write(self, r: PatientResult) -> None:
        if self.fmt == "json":
            self.out.write(("," if self.n else "") + "\n" + json.dumps(result_json(r), ensure_ascii=False, indent=2))
        elif self.fmt == "jsonl":
            self.out.write(r.model_dump_json() + "\n")
        elif self._csv is not None:
            errors = "; ".join(f"[{e.code}] {e.message}" for e in r.errors)
            if not r.criteria:
                self._csv.writerow([r.patient_id, r.verdict, "", "", "", "; ".join(r.reasons), "", errors])
            for c in r.criteria:
                self._csv.writerow([r.patient_id, r.verdict, c.id, c.section, c.status, c.explanation, c.text, errors])
        else:
            self._table.append(r)
        self.n += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.n else "]\n")
        elif self.fmt == "table":
            self.out.write(verdict_table(self._table))
        self.out.flush()


def _console(width: int = 120):
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False)


def verdict_table(results: Iterable[PatientResult]) -> str:
    from rich.table import Table

    results = list(results)
    t = Table(title=f"{results[0].trial} on {results[0].as_of}" if results else "no patients")
    for col in ("patient", "verdict", "why"):
        t.add_column(col, overflow="fold")
    for r in results:
        t.add_row(r.patient_id, r.verdict.upper(), "\n".join(r.reasons[:4]) + (" ..." if len(r.reasons) > 4 else ""))
    counts: dict[str, int] = {}
    for r in results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
    con = _console()
    con.print(t)
    con.print(", ".join(f"{v}: {n}" for v, n in sorted(counts.items())))
    return con.file.getvalue()


def missing_to_decide(r: PatientResult) -> list[tuple[str, str]]:
    """(criterion id, what data or attestation would decide it), for every undecided criterion."""
    return [(c.id, m) for c in r.criteria for m in c.missing]


_MARK = {"met": "MET", "not_met": "NOT MET", "unknown": "UNKNOWN", "unsupported": "UNSUPPORTED", "manual": "MANUAL"}


def check_report(r: PatientResult, width: int = 120) -> str:
    """One patient, one trial: a per-criterion table a clinician can read (no colour needed)."""
    from rich.table import Table

    con = _console(width)
    con.print(f"Patient {r.patient_id} - trial {r.trial} - screening date {r.as_of}")
    con.print(f"VERDICT: {r.verdict.upper()}")
    for reason in r.reasons[:6]:
        con.print(f"  - {reason}")
    if r.criteria:
        t = Table(show_lines=True)
        for col, kw in (("id", {}), ("section", {}), ("status", {}), ("criterion", {"ratio": 3}),
                        ("why", {"ratio": 3}), ("evidence", {"ratio": 3})):
            t.add_column(col, overflow="fold", **kw)
        for c in r.criteria:
            ev = "\n".join(f"{e.record} {e.date or ''}: {e.reported or ''}"
                           + (f" -> {e.normalized}" if e.normalized and e.normalized != e.reported else "")
                           + (f"; range {e.reference_range}" if e.reference_range else "")
                           for e in c.evidence[:4])
            t.add_row(c.id, c.section, _MARK[c.status], c.text, c.explanation, ev)
        con.print(t)
    missing = missing_to_decide(r)
    if missing:
        con.print("What is missing to decide:")
        for cid, m in missing:
            con.print(f"  - {cid}: {m}")
    if r.errors:
        con.print("Problems in the record:")
        for e in r.errors:
            where = ", ".join(x for x in (e.file, e.record, e.field) if x)
            con.print(f"  - [{e.code}] {e.message}" + (f" ({where})" if where else ""))
    return con.file.getvalue()
