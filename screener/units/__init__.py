"""One pint registry for the application, UCUM and free-text unit spellings, vectorised conversion."""

from __future__ import annotations

from functools import lru_cache

import pint

from screener.units.convert import (PINT_CALLS, LinearMap, UnitConversionError, analyte_threshold, compare, convert,
                                    linear_map, to_canonical)
from screener.units.registry import UcumSyntaxError, ucum_scale, ureg
from screener.units.spelling import UnitResolution, resolve_unit, to_ucum


@lru_cache(maxsize=4096)
def parse_unit(code_or_text: str) -> pint.Unit:
    """A UCUM code or free-text spelling as a pint Unit of the application registry."""
    res = resolve_unit(code_or_text)
    if res.ucum is None:
        raise UnitConversionError("unit.unknown", res.reason)
    factor, unit = ucum_scale(res.ucum)
    if factor != 1.0:
        raise UnitConversionError(
            "unit.numeric_factor", f"{res.ucum!r} carries the factor {factor}; use ucum_scale() for it"
        )
    return unit


__all__ = [
    "PINT_CALLS",
    "LinearMap",
    "UcumSyntaxError",
    "UnitConversionError",
    "UnitResolution",
    "analyte_threshold",
    "compare",
    "convert",
    "linear_map",
    "parse_unit",
    "resolve_unit",
    "to_canonical",
    "to_ucum",
    "ucum_scale",
    "ureg",
]
