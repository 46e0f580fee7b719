"""``screener outcomes`` and ``screener protocol`` results written out: json, jsonl, or a table for people."""

from __future__ import annotations

import io
import json
from typing import IO, Callable

from pydantic import BaseModel


class ModelWriter:
    """Streams pydantic results as a JSON list, JSON lines, or collects them for one table at the end."""

    def __init__(self, out: IO[str], fmt: str, table: Callable[[list], str]):
        self.out, self.fmt, self.table, self.n = out, fmt, table, 0
        self._rows: list = []
        if fmt == "json":
            out.write("[")

    def write(self, r: BaseModel) -> None:
        if self.fmt == "json":
            body = json.dumps(json.loads(r.model_dump_json()), ensure_ascii=False, indent=2)
            self.out.write(("," if self.n else "") + "\n" + body)
        elif self.fmt == "jsonl":
            self.out.write(r.model_dump_json() + "\n")
        else:
            self._rows.append(r)
        self.n += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.n else "]\n")
        elif self.fmt == "table":
            self.out.write(self.table(self._rows))
        self.out.flush()


def _console(width: int):
    from rich.console import Console

    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False)


_MARK = {"met": "MET", "not_met": "NOT MET", "unknown": "UNKNOWN", "measured": "", "unsupported": "UNSUPPORTED"}


def outcomes_table(results: list, width: int = 140) -> str:
    """One row per patient, timepoint and outcome: the category (or the number) and why."""
    from rich.table import Table

    con = _console(width)
    t = Table(title=f"{results[0].trial} outcomes" if results else "no patients", show_lines=False)
    for col in ("patient", "timepoint", "outcome", "result", "why"):
        t.add_column(col, overflow="fold", ratio=3 if col == "why" else None)
    for r in results:
        if r.status == "error":
            t.add_row(r.patient_id, "", "", "ERROR", "; ".join(r.reasons))
            continue
        for tp in r.timepoints:
            for o in tp.outcomes:
                shown = _MARK[o.status] or f"{o.value:g} {o.unit or ''}".strip()
                t.add_row(r.patient_id, f"{tp.timepoint} ({tp.target})", o.label, shown, o.explanation)
    con.print(t)
    con.print(_counts(results))
    return con.file.getvalue()


def _counts(results: list) -> str:
    """Per timepoint and outcome, how many patients are met / not met / unknown: the numerators and
    denominators of the trial's rates (unknowns are neither)."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for r in results:
        for tp in r.timepoints:
            for o in tp.outcomes:
                if o.kind == "outcome":
                    c = counts.setdefault((tp.timepoint, o.label), {})
                    c[o.status] = c.get(o.status, 0) + 1
    lines = [f"{tp} {name}: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(c.items()))
             for (tp, name), c in counts.items()]
    return "\n".join(lines)


def protocol_table(results: list, width: int = 140) -> str:
    """Per patient: the verdict, every deviation and monitoring result, and what is unknown."""
    from rich.table import Table

    con = _console(width)
    t = Table(title=f"{results[0].trial} protocol" if results else "no patients", show_lines=True)
    for col in ("patient", "day 1", "verdict", "doses", "monitoring"):
        t.add_column(col, overflow="fold", ratio=3 if col in ("doses", "monitoring") else None)
    for r in results:
        doses = []
        for c in r.drugs:
            doses.append(f"{c.label}: {c.status.replace('_', ' ')} ({c.how})")
            doses += [f"  days {x.day_from}-{x.day_to}: {x.status.replace('_', ' ')}, "
                      f"{_mg(x.recorded_mg_per_day)} recorded, {_mg(x.expected_mg_per_day)} expected"
                      for x in c.deviations]
            unknown = [x for x in c.runs if x.status == "unknown"]
            for note in dict.fromkeys(x.note for x in unknown):
                days = sum(x.day_to - x.day_from + 1 for x in unknown if x.note == note)
                doses.append(f"  unknown on {days} day(s): {note}")
        monitoring = [f"{m.timepoint}: {m.status.replace('_', ' ')} - {m.explanation}" for m in r.monitoring]
        day1 = f"{r.baseline} ({r.baseline_from})" if r.baseline else ""
        t.add_row(r.patient_id, day1, r.verdict.upper(), "\n".join(doses) or "; ".join(r.reasons),
                  "\n".join(monitoring))
    con.print(t)
    return con.file.getvalue()


def _mg(x: float | None) -> str:
    return "?" if x is None else f"{x:g} mg/d"
