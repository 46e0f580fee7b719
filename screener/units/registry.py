"""The one application pint registry, and UCUM code -> pint through ucumvert.

ucumvert's own ``PintUcumRegistry.from_ucum`` builds its quantities in pint's
*global application registry*, not in the registry it is called on, so a
quantity from it cannot be added to or compared with one from ours ("Cannot
operate with Quantity and Quantity of different registries"). We therefore
hand ucumvert's transformer our registry explicitly and never use
``PintUcumRegistry``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pint
import ucumvert
from lark import Token
from lark.exceptions import LarkError, VisitError
from ucumvert import UcumToPintTransformer, get_ucum_parser

_HERE = Path(__file__).resolve().parent
_UCUMVERT_DEFS = Path(ucumvert.__file__).resolve().parent / "pint_ucum_defs.txt"
_DEF_NAME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")

# UCUM annotations normally carry no meaning; these ones change what is measured.
SEMANTIC_ANNOTATIONS = {"{1.73_m2}": "standard_body_surface_1_73_m2"}


def _own_definition_names() -> set[str]:
    names = set()
    for line in (_HERE / "clinical_units.txt").read_text(encoding="utf-8").splitlines():
        m = _DEF_NAME.match(line)
        if m:
            names.add(m.group(1))
    return names


def _build_registry() -> pint.UnitRegistry:
    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=False, cache_folder=None)
    ours = _own_definition_names()
    # ucumvert's table minus the units we define with a dimension of their own
    lines = [
        line
        for line in _UCUMVERT_DEFS.read_text(encoding="utf-8").splitlines()
        if not ((m := _DEF_NAME.match(line)) and m.group(1) in ours)
    ]
    reg.load_definitions(lines)
    reg.load_definitions(_HERE / "clinical_units.txt")
    return reg


ureg: pint.UnitRegistry = _build_registry()


class _AppTransformer(UcumToPintTransformer):
    """ucumvert's transformer bound to our registry, honouring semantic annotations."""

    def _annotation(self, tok):
        if isinstance(tok, Token) and tok.type == "ANNOTATION" and str(tok) in SEMANTIC_ANNOTATIONS:
            return self.ureg(SEMANTIC_ANNOTATIONS[str(tok)])
        return tok

    def term(self, args):
        if len(args) == 3:
            args = [self._annotation(args[0]), args[1], self._annotation(args[2])]
        return super().term(args)

    def annotatable(self, args):
        # UCUM: an exponent belongs to a unit atom; "10+3" is the number 10 with a stray exponent
        if len(args) == 2 and isinstance(args[0], self.ureg.Quantity) and args[0].unitless and args[0].magnitude != 1:
            raise ValueError("a bare number cannot carry an exponent")
        return super().annotatable(args)

    def main_term(self, args):
        if len(args) == 2:
            args = [args[0], self._annotation(args[1])]
        return super().main_term(args)


_TRANSFORMER = _AppTransformer(ureg=ureg)
_PARSER = get_ucum_parser()


class UcumSyntaxError(ValueError):
    """The text is not a UCUM code this registry can represent."""


@lru_cache(maxsize=4096)
def ucum_scale(code: str) -> tuple[float, pint.Unit]:
    """A UCUM code as (numeric factor, pint unit) in the application registry.

    The factor is 1 except for codes with a bare number such as ``/100{cells}``.
    """
    try:
        tree = _PARSER.parse(code)
        q = _TRANSFORMER.transform(tree)
    except (LarkError, VisitError, pint.errors.PintError, ValueError, TypeError, AttributeError) as exc:
        raise UcumSyntaxError(f"{code!r} is not a valid UCUM code: {type(exc).__name__}") from exc
    if isinstance(q, Token):  # an annotation alone, e.g. "{score}": a pure number
        return 1.0, ureg.dimensionless
    if not isinstance(q, ureg.Quantity):
        q = ureg.Quantity(q)
    if q._REGISTRY is not ureg:  # guard the trap described above
        raise RuntimeError(f"UCUM code {code!r} came back in a foreign pint registry")
    return float(q.magnitude), q.units
