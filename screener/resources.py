"""Where the grammar, the bundled trial rules and the reference data live.

In a wheel, ``grammars/`` and ``rules/`` are copied into the package; in a
source checkout (editable install, tests) they sit at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"screener resource folder {name!r} is missing from the installation")


def grammars_dir() -> Path:
    return _find("grammars")


def rules_dir() -> Path:
    return _find("rules")


def data_dir() -> Path:
    """Reviewed reference data (analytes, drugs, conditions, units)."""
    return _PACKAGE / "data"
