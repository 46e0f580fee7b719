"""Bundled trials (rules/<ID>.txt registry text, rules/<ID>.rules overrides) and trial files."""

from __future__ import annotations

import re
from pathlib import Path

from screener.resources import rules_dir

_NCT = re.compile(r"^NCT\d{8}$", re.I)


class TrialNotFound(LookupError):
    pass


def bundled_trials() -> list[str]:
    return sorted(p.stem for p in rules_dir().glob("NCT*.txt"))


def read_trial(spec: str) -> tuple[str, str, str | None]:
    """(trial id, criteria text, overrides text or None) for a bundled id or a file path."""
    path = Path(spec)
    if path.is_file():
        rules = path.with_suffix(".rules")
        return path.stem, path.read_text(encoding="utf-8"), (
            rules.read_text(encoding="utf-8") if rules.is_file() and rules != path else None)
    if _NCT.match(spec):
        text_path = rules_dir() / f"{spec.upper()}.txt"
        if text_path.is_file():
            rules = text_path.with_suffix(".rules")
            return spec.upper(), text_path.read_text(encoding="utf-8"), (
                rules.read_text(encoding="utf-8") if rules.is_file() else None)
    known = ", ".join(bundled_trials())
    raise TrialNotFound(f"no trial file or bundled trial '{spec}' (bundled: {known})")
