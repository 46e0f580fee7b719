"""What the pre-check page offers in its pickers: analytes with their units, drugs, conditions.

A lab's units are the ones the vocabulary knows for it (canonical, LOINC, reference
ranges), plus the other members of their unit families in ``page/unit_choices.csv``
that really convert for that analyte.  The page sends the unit as chosen; the server
converts it like any record's unit.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from screener.units import UnitConversionError, linear_map
from screener.vocab import vocabulary

PAGE = Path(__file__).resolve().parent / "page"


@cache
def _unit_table() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(label by unit, family members by unit)."""
    with open(PAGE / "unit_choices.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    families: dict[str, list[str]] = {}
    for r in rows:
        families.setdefault(r["family"], []).append(r["unit"])
    return {r["unit"]: r["label"] for r in rows}, {r["unit"]: families[r["family"]] for r in rows}


def _converts(unit: str, analyte_id: str, canonical: str) -> bool:
    try:
        linear_map(unit, canonical, analyte_id)
        return True
    except UnitConversionError:
        return False


def _units(analyte) -> list[str]:
    v = vocabulary()
    known = [analyte.canonical_unit, *(c.unit for c in analyte.loinc_codes),
             *(r.unit for _, r in v.reference_ranges() if _ == analyte.id)]
    _, family = _unit_table()
    out: list[str] = []
    for unit in [u for u in known if u] + [m for u in known if u for m in family.get(u, [])]:
        if unit not in out and _converts(unit, analyte.id, analyte.canonical_unit):
            out.append(unit)
    return out


@cache
def lab_choices() -> list[dict]:
    """[{id, name, kind, qualitative, units: [{unit, label}]}] for every analyte, by kind then name."""
    labels, _ = _unit_table()
    out = []
    for a in vocabulary().analytes.values():
        qualitative = a.value_type == "qualitative" or a.canonical_unit is None
        units = [] if qualitative else _units(a)
        out.append({"id": a.id, "name": a.name, "kind": a.kind, "qualitative": qualitative,
                    "units": [{"unit": u, "label": labels.get(u, u)} for u in units]})
    order = {"lab": 0, "vital": 1, "score": 2}
    return sorted(out, key=lambda x: (order.get(x["kind"], 3), x["name"]))


@cache
def drug_choices() -> list[dict]:
    return sorted(({"id": d.id, "name": d.name, "routes": list(d.routes)} for d in vocabulary().drugs.values()),
                  key=lambda x: x["name"])


@cache
def condition_choices() -> list[dict]:
    return sorted(({"id": g.id, "name": g.name} for g in vocabulary().condition_groups.values()),
                  key=lambda x: x["name"])


@cache
def route_choices() -> list[str]:
    return sorted({r for d in vocabulary().drugs.values() for r in d.routes})
