"""Free-text and UCUM unit spellings -> one canonical UCUM code (or None).

The order: whole-text aliases from ``data/unit_spellings.csv``; a few
structural rewrites for the ways registries write powers of ten and eGFR's
body-surface normalisation; token aliases (``mcg`` -> ``ug``, ``dl`` -> ``dL``);
then the result must parse as UCUM in the application registry, or we return
None. We never guess a unit we cannot parse.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from screener.units.registry import UcumSyntaxError, ucum_scale
from screener.vocab.loader import read_rows

# English words that happen to be valid UCUM codes but never mean a unit in criteria text
_NOT_UNITS = frozenset({"at", "and", "or", "per", "x", "times", "uln", "lln"})

_POWER = re.compile(r"^(?:[x*]\s*)?10\s*(?:\^|\*\*|\*|e)\s*([+-]?\d{1,2})(?!\d)", re.IGNORECASE)
_LOST_SUPERSCRIPT = re.compile(r"^[x*]\s*10([369]|12)(?=\s*(?:cells?\s*)?/)", re.IGNORECASE)  # "×109/L": the 9 was a superscript
_POWER_CELLS = re.compile(r"^(10\*[+-]?\d+)\s*cells?\b", re.IGNORECASE)
_BSA = re.compile(r"/\s*1\.73\s*(?:m\s*\^?\s*2|sq\.?\s*m|square\s+met(?:er|re)s?)$", re.IGNORECASE)
_PER_24H = re.compile(r"/\s*24\s*(?:h|hr|hrs|hours?)$", re.IGNORECASE)
_PHOSPHOLIPID_UNITS = re.compile(r"^(gpl|mpl|apl)(?:[\s-]*u(?:nits?)?)?(?:\s*/\s*ml)?$", re.IGNORECASE)
_CARET_EXPONENT = re.compile(r"([A-Za-z\]])\s*\^\s*([+-]?\d)")
_TOKEN_EXPONENT = re.compile(r"^(.*?[^\d+-])([+-]?\d+)$")
_LITRE = re.compile(r"^(da|[YZEPTGMkhdcmunpfazy])?l([+-]?\d+)?$")
_SPLIT = re.compile(r"(\{[^}]*\}|[/.()])")


@dataclass(frozen=True)
class UnitResolution:
    text: str
    ucum: str | None
    reason: str  # why it was accepted or why not


@cache
def _aliases() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    exact, folded, tokens = {}, {}, {}
    for row in read_rows("unit_spellings.csv"):
        table = {"exact": exact, "casefold": folded, "token": tokens}[row["match"]]
        key = row["text"] if row["match"] == "exact" else row["text"].casefold()
        if key in table:
            raise ValueError(f"unit_spellings.csv: duplicate {row['match']} spelling {row['text']!r}")
        table[key] = row["ucum"]
    return exact, folded, tokens


def _clean(text: str) -> str:
    s = text.replace("º", "°")  # ordinal indicator typed for the degree sign; NFKC would make it "o"
    s = unicodedata.normalize("NFKC", s)  # superscripts -> digits, micro sign -> greek mu
    s = s.replace("\\", "").replace("μ", "u").replace("×", "x").replace("−", "-").replace("⁄", "/").replace("∕", "/")
    s = s.replace("·", ".").replace("∙", ".")  # the UCUM product: "kg·m-2"
    return " ".join(s.split())


def _rewrite(s: str) -> str:
    s = re.sub(r"(?:^|\s+)per\s+", "/", s, flags=re.IGNORECASE)
    s = _BSA.sub("/{1.73_m2}", s)
    s = _PER_24H.sub("/(24.h)", s)
    s = _LOST_SUPERSCRIPT.sub(lambda m: f"10*{m.group(1)}", s)
    s = _POWER.sub(lambda m: f"10*{m.group(1).lstrip('+')}", s)
    s = _POWER_CELLS.sub(r"\1", s)
    s = _CARET_EXPONENT.sub(r"\1\2", s)
    s = re.sub(r"\s*([/.])\s*", r"\1", s)
    return s.replace(" ", "")


def _map_token(tok: str, tokens: dict[str, str]) -> str:
    if not tok or tok.startswith("{") or tok.startswith("10*") or tok in "/.()":
        return tok
    if tok.casefold() in tokens:
        return tokens[tok.casefold()]
    m = _TOKEN_EXPONENT.match(tok)
    if m and m.group(1).casefold() in tokens and not tokens[m.group(1).casefold()].startswith("{"):
        return tokens[m.group(1).casefold()] + m.group(2)
    return tok


def _canonical(code: str) -> str:
    """UCUM allows ``l`` and ``10^``; we always write ``L`` and ``10*``."""
    code = code.replace("10^", "10*")
    return "".join(_LITRE.sub(r"\1L\2", t) if not t.startswith("{") else t for t in _SPLIT.split(code))


def _parses(code: str) -> bool:
    try:
        ucum_scale(code)
    except UcumSyntaxError:
        return False
    return True


@lru_cache(maxsize=4096)
def resolve_unit(text: str) -> UnitResolution:
    """The canonical UCUM code for ``text``, or None with the reason."""
    exact, folded, tokens = _aliases()
    s = _clean(text)
    if not s:
        return UnitResolution(text, None, "empty unit text")
    if s.casefold() in _NOT_UNITS:
        return UnitResolution(text, None, f"{s!r} is a word, not a unit")
    for key in (s, s.replace(" ", "")):
        if key in exact:
            return UnitResolution(text, exact[key], "known spelling")
    for key in (s.casefold(), s.replace(" ", "").casefold()):
        if key in folded:
            return UnitResolution(text, folded[key], "known spelling")
    m = _PHOSPHOLIPID_UNITS.match(s)
    if m:  # labs report aPL results per mL; bare "40 GPL" in criteria means 40 GPL U/mL
        return UnitResolution(text, f"[{m.group(1).upper()}'U]/mL", "phospholipid antibody units")
    if _parses(s):  # already UCUM (as FHIR sends it): keep its case, only canonicalise
        return UnitResolution(text, _canonical(s), "valid UCUM")
    code = _canonical("".join(_map_token(t, tokens) for t in _SPLIT.split(_rewrite(s))))
    if code and _parses(code):
        return UnitResolution(text, code, f"rewritten to UCUM {code!r}")
    return UnitResolution(text, None, f"unknown unit: {text!r} is neither UCUM nor a known spelling")


def to_ucum(text: str) -> str | None:
    """Free-text or UCUM unit spelling -> canonical UCUM code; None when we cannot vouch for it."""
    return resolve_unit(text).ucum
