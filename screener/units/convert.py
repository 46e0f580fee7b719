"""Vectorised unit conversion: one pint call per distinct (analyte, from, to).

Every conversion is reduced to ``out = values * scale + offset``; the pair is
worked out once with pint (and cached), then applied with numpy arithmetic.
Analyte knowledge enters here and only here: molar mass for mass <-> molar,
affine converters such as HbA1c NGSP % <-> IFCC mmol/mol, and the per-analyte
flag that lets U and [IU] stand for the same number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np
import pint

from screener.units.registry import ucum_scale, ureg
from screener.units.spelling import resolve_unit


class UnitConversionError(ValueError):
    """A conversion that physics (or our data) does not allow. ``code`` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class LinearMap:
    scale: float
    offset: float = 0.0
    how: str = "pint"  # "identity", "pint", "molar_mass", "analyte_converter"

    def apply(self, values):
        return values * self.scale + self.offset if self.offset else values * self.scale


class _Counter:
    pint_calls = 0


PINT_CALLS = _Counter()  # how many times pint itself was asked to convert (for the benchmark)


def _code(unit: str) -> str:
    res = resolve_unit(unit)
    if res.ucum is None:
        raise UnitConversionError("unit.unknown", res.reason)
    return res.ucum


def _analyte(analyte_id: str | None):
    if analyte_id is None:
        return None
    from screener.vocab import vocabulary  # the vocabulary imports nothing from here

    analyte = vocabulary().analytes.get(analyte_id)
    if analyte is None:
        raise UnitConversionError("unit.unknown_analyte", f"no analyte with id {analyte_id!r}")
    return analyte


def _same_number_units(code: str, analyte) -> str:
    """Where the analyte says so, [IU] (and arbitrary units) are the enzyme unit U."""
    if analyte is not None and analyte.iu_equals_u:
        code = code.replace("[IU]", "U").replace("[iU]", "U")
    if analyte is not None and analyte.arb_u_equals_u:
        code = code.replace("[arb'U]", "U")
    return code


def _pint_map(src: str, dst: str, extra: pint.Quantity | None = None) -> LinearMap:
    f_src, u_src = ucum_scale(src)
    f_dst, u_dst = ucum_scale(dst)
    PINT_CALLS.pint_calls += 1
    if extra is None:  # two points give scale and offset (Cel <-> [degF]) in one call
        q = ureg.Quantity(np.array([0.0, 1.0]) * f_src, u_src).to(u_dst).magnitude / f_dst
    else:
        q = (ureg.Quantity(np.array([0.0, 1.0]) * f_src, u_src) * extra).to(u_dst).magnitude / f_dst
    return LinearMap(scale=float(q[1] - q[0]), offset=float(q[0]))


def _dims(code: str):
    return ucum_scale(code)[1].dimensionality


@lru_cache(maxsize=2048)
def linear_map(from_unit: str, to_unit: str, analyte_id: str | None = None) -> LinearMap:
    """The cached (scale, offset) taking values in ``from_unit`` to ``to_unit``."""
    analyte = _analyte(analyte_id)
    src, dst = _code(from_unit), _code(to_unit)
    if src == dst:
        return LinearMap(1.0, 0.0, "identity")
    if analyte is not None:
        for conv in analyte.converters:
            if (src, dst) == (conv.from_unit, conv.to_unit):
                return LinearMap(conv.multiply, -conv.subtract * conv.multiply, "analyte_converter")
            if (src, dst) == (conv.to_unit, conv.from_unit):
                return LinearMap(1.0 / conv.multiply, conv.subtract, "analyte_converter")
        if analyte.converters and {src, dst} & {u for c in analyte.converters for u in (c.from_unit, c.to_unit)}:
            raise UnitConversionError(
                "unit.analyte_unit_unsupported",
                f"{analyte.id} converts only between {', '.join(sorted({u for c in analyte.converters for u in (c.from_unit, c.to_unit)}))}; "
                f"not {src!r} -> {dst!r}",
            )
    src_p, dst_p = _same_number_units(src, analyte), _same_number_units(dst, analyte)
    d_src, d_dst = _dims(src_p), _dims(dst_p)
    if d_src == d_dst:
        return _pint_map(src_p, dst_p)
    ratio = d_src / d_dst
    mass_per_substance = ureg.Quantity(1, "g/mol").dimensionality
    if ratio == mass_per_substance or ratio == 1 / mass_per_substance:
        if analyte is None or analyte.molar_mass is None:
            who = f"analyte {analyte.id!r} has none" if analyte else "no analyte was given"
            raise UnitConversionError(
                "unit.no_molar_mass",
                f"{src!r} -> {dst!r} converts mass and amount of substance and needs a molar mass ({who})",
            )
        mm = ureg.Quantity(analyte.molar_mass, "g/mol")
        extra = 1 / mm if ratio == mass_per_substance else mm
        m = _pint_map(src_p, dst_p, extra)
        return LinearMap(m.scale, m.offset, "molar_mass")
    hint = ""
    if "[international_unit]" in str(d_src) + str(d_dst) and "[substance]" in str(d_src) + str(d_dst):
        hint = " (U and [IU] are only the same number where the analyte says so)"
    if "[standard_body_surface]" in str(d_src) + str(d_dst):
        hint = " (a rate per 1.73 m2 of body surface needs the patient's body surface area to become mL/min)"
    raise UnitConversionError(
        "unit.dimension_mismatch",
        f"cannot convert {src!r} ({d_src}) to {dst!r} ({d_dst}){' for ' + analyte.id if analyte else ''}: "
        f"different dimensions{hint}",
    )


@lru_cache(maxsize=1024)
def analyte_threshold(analyte_id: str, value: float, unit: str | None) -> float:
    """A rule's number in the analyte's canonical unit (raises UnitConversionError).

    The compiler calls it to flag a limit no record could be compared with; the engines to compare."""
    from screener.vocab import vocabulary

    analyte = vocabulary().analytes.get(analyte_id)
    target = analyte.canonical_unit if analyte else None
    if unit is None:
        # a bare number is a count or a score only where the analyte has no physical unit
        if target is None or target.startswith("{"):
            return value
        raise UnitConversionError("unit.missing", f"the rule gives {value:g} with no unit, and {analyte_id} is "
                                                  f"measured in {target}: the number cannot be compared")
    if target is None:
        return value
    return float(linear_map(unit, target, analyte_id).apply(value))


def convert(values, from_unit: str, to_unit: str, analyte_id: str | None = None):
    """Convert a number, a list or a numpy array; a scalar in gives a float out."""
    m = linear_map(from_unit, to_unit, analyte_id)
    if np.isscalar(values):
        return float(m.apply(float(values)))
    return m.apply(np.asarray(values, dtype=float))


def to_canonical(values, units: Sequence[str], analyte_ids: Sequence[str]):
    """Each value into its analyte's canonical unit; one pint call per distinct (analyte, unit)."""
    from screener.vocab import vocabulary

    vals = np.asarray(values, dtype=float)
    a_names, a_idx = np.unique(np.asarray(analyte_ids, dtype=str), return_inverse=True)
    u_names, u_idx = np.unique(np.asarray(units, dtype=str), return_inverse=True)
    pair = a_idx.astype(np.int64) * len(u_names) + u_idx
    out = np.empty_like(vals)
    for key in np.unique(pair):
        aid, unit = str(a_names[key // len(u_names)]), str(u_names[key % len(u_names)])
        target = vocabulary().analytes[aid].canonical_unit if aid in vocabulary().analytes else None
        if target is None:
            raise UnitConversionError("unit.no_canonical_unit", f"analyte {aid!r} is unknown or has no unit")
        mask = pair == key
        out[mask] = linear_map(unit, target, aid).apply(vals[mask])
    return out


def compare(a: float, a_unit: str, b: float, b_unit: str, analyte_id: str | None = None) -> int:
    """-1, 0 or 1 as ``a`` is below, equal to or above ``b``; raises across dimensions."""
    b_in_a = convert(b, b_unit, a_unit, analyte_id)
    if np.isclose(a, b_in_a, rtol=1e-12, atol=0.0):
        return 0
    return -1 if a < b_in_a else 1
