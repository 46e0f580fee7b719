"""LCT's gold numeric comparisons (brat ``Eq-Comparison`` events), read for bench/extraction.py.

A gold comparison is an ``Eq-Comparison`` event with at least one ``Value``
argument whose text is a number (digits, "1,500", a number word, a Roman
numeral, "1st"/"2nd").  Events with only a temporal period ("previously") or
recency ("first") compare nothing; dates ("31 December 2016") and severity
words ("moderate") are not numbers either.  Both are left out of the gold set
and counted apart, so the report says what it skipped.

Each gold comparison becomes *bounds*, the same decomposition the predicted
rules get (see ``Bound``), so "age 18-65" written as one BETWEEN event and
"≥ 18 and ≤ 65" written as two events score the same.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

from bench.corpus_lines import CORPUS

# Eq-Operator-Value -> the side of the bound (None: not said) and inclusiveness
_OPS = {
    "GT": ("lower", False), "GTEQ": ("lower", True), "LT": ("upper", False), "LTEQ": ("upper", True),
    "EQ": ("eq", True), "PLUS-MINUS": ("eq", True),
}
_WORDS = {
    "zero": 0, "one": 1, "once": 1, "single": 1, "first": 1, "two": 2, "twice": 2, "second": 2,
    "three": 3, "thrice": 3, "third": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "half": 0.5,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "\u2160": 1, "\u2161": 2, "\u2162": 3,
          "\u2163": 4, "\u2164": 5}
# Scale words LCT annotates as units; they name the scale, not a unit of measure.
SCALE_WORDS = frozenset({
    "stage", "stages", "staging", "grade", "class", "classification", "score", "points", "point",
    "status", "group", "type", "axis", "range", "mean", "times", "time", "unit class ii",
    "category", "categories", "level", "levels", "grading", "scale", "scores", "k-l grade",
})
ULN_WORDS = ("upper limit of normal", "upper limits of normal", "uln", "normal", "maximum normal value",
             "highest reference value", "x uln", "times uln", "upper normal limit", "upper limit normal")
LLN_WORDS = ("lower limit of normal", "lln", "lower limits of normal")


def number_of(text: str) -> float | None:
    t = text.strip().lower().rstrip(".")
    if re.fullmatch(r"\d{1,3}(,\d{3})+", t):
        return float(t.replace(",", ""))
    if re.fullmatch(r"-?\d+(\.\d+)?", t):
        return float(t)
    m = re.fullmatch(r"(\d+)(st|nd|rd|th)", t)
    if m:
        return float(m.group(1))
    if t in _WORDS:
        return float(_WORDS[t])
    if t in _ROMAN:
        return float(_ROMAN[t])
    m = re.fullmatch(r"(i{1,3}|iv|v|vi)[abc]?", t)
    if m:
        return float(_ROMAN[m.group(1)])
    return None


@dataclass(frozen=True)
class Bound:
    """One side of a comparison: ``side`` lower/upper/eq (None: the text gives no operator)."""

    side: str | None
    value: float
    inclusive: bool | None  # None: not said (a gold BETWEEN, a missing operator)
    unit: str | None  # normalized: a UCUM code, "ULN"/"LLN", a time unit word, or None


@dataclass
class GoldComparison:
    doc: str
    start: int
    end: int
    text: str
    bounds: tuple[Bound, ...]
    unit_text: str | None
    parent: str  # the event the comparison qualifies (Age, Observation, Drug, ...) and its role


@dataclass
class GoldDoc:
    doc: str
    text: str
    comparisons: list[GoldComparison] = field(default_factory=list)
    skipped: int = 0  # Eq-Comparison events with values that are not numbers


def _parse_ann(ann: str):
    tb, ev, attrs = {}, {}, defaultdict(dict)
    for raw in ann.splitlines():
        if not raw.strip() or "\t" not in raw:
            continue
        key, rest = raw.split("\t", 1)
        if key[0] == "T":
            head, _, text = rest.partition("\t")
            typ, *offs = head.split(" ")
            pieces = " ".join(offs).split(";")
            tb[key] = (typ, int(pieces[0].split()[0]), int(pieces[-1].split()[-1]), text)
        elif key[0] == "E":
            parts = rest.split()
            typ, trig = parts[0].split(":")
            ev[key] = (typ, trig, [tuple(p.split(":", 1)) for p in parts[1:] if ":" in p])
        elif key[0] == "A":
            p = rest.split()
            if len(p) >= 3:
                attrs[p[1]][p[0]] = p[2]
    return tb, ev, attrs


def unit_of(text: str | None, to_ucum) -> str | None:
    """A gold unit text -> the normalized form bounds compare."""
    if not text:
        return None
    text = text.strip().rstrip(".,;:").strip()  # ("greater than 10 mIU/mL.": the span took the sentence's stop)
    t = re.sub(r"\s+", " ", text.lower())
    t = re.sub(r"^(x|×|times)\s*", "", t).replace("the ", "")
    if t in SCALE_WORDS:
        return None
    if any(t == w or t.endswith(" " + w) for w in ULN_WORDS) or "upper limit" in t:
        return "ULN"
    if any(t == w for w in LLN_WORDS) or "lower limit" in t:
        return "LLN"
    if "half-li" in t or "half li" in t:
        return "half-lives"
    # "x 109/L" is "x 10^9/L" with its superscript lost in the registry's plain text
    t = re.sub(r"^10([369])/", r"10^\1/", t)
    cased = re.sub(r"^(x|×|times)\s*", "", re.sub(r"\s+", " ", text.strip()))
    cased = re.sub(r"^10([369])/", r"10^\1/", cased)
    for cand in (cased, t):  # UCUM is case-sensitive ("mU/L" is not "mu/L"): the text as written first
        try:
            code = to_ucum(cand)
        except Exception:
            code = None
        if code:
            return code
    return f"?{t}"


def read_gold(to_ucum) -> Iterator[GoldDoc]:
    for raw in open(CORPUS / "lct" / "lct.brat.jsonl", encoding="utf-8"):
        rec = json.loads(raw)
        tb, ev, attrs = _parse_ann(rec["ann"])
        doc = GoldDoc(rec["doc_id"], rec["txt"])
        parent: dict[str, str] = {}
        for typ, _trig, args in ev.values():
            for role, ref in args:
                parent.setdefault(ref, f"{typ}.{role.rstrip('0123456789')}")
        for key, (typ, trig, args) in ev.items():
            if typ != "Eq-Comparison" or trig not in tb:
                continue
            roles: dict[str, list[str]] = defaultdict(list)
            for role, ref in args:
                roles[role].append(ref)
            value_refs = [r for r in roles.get("Value", []) + roles.get("Value2", []) if r in tb]
            if not value_refs:
                continue  # a temporal period or recency: no number to compare
            values = [number_of(tb[r][3]) for r in value_refs]
            if any(v is None for v in values):
                doc.skipped += 1
                continue
            op = next((attrs[r].get("Eq-Operator-Value") for r in roles.get("Operator", [])
                       if attrs[r].get("Eq-Operator-Value")), None)
            unit_text = _unit_text(roles, tb, attrs)
            unit = unit_of(unit_text, to_ucum)
            _, s, e, text = tb[trig]
            if len(values) == 2 and re.search(r"\d\s*/\s*\d", text):
                # "> 140/90": a pair (systolic/diastolic), each value on the same side
                side, inclusive = _OPS.get(op or "", (None, None))
                bounds = tuple(Bound(side, v, inclusive, unit) for v in values)
            else:
                bounds = _bounds(op, sorted(values), unit)
            doc.comparisons.append(GoldComparison(doc.doc, s, e, text, bounds, unit_text,
                                                  parent.get(key, "none")))
        yield doc


def _unit_text(roles, tb, attrs) -> str | None:
    tunit = next((attrs[r].get("Eq-Temporal-Unit-Value") for r in roles.get("Temporal-Unit", [])
                  if r in attrs), None)
    if tunit:
        return tunit
    units = [tb[r][3] for r in roles.get("Unit", []) if r in tb]
    per = [tb[r][3] for r in roles.get("Per", []) if r in tb]
    if not units:
        return None
    return units[0] + ("/" + per[0] if per else "")


def _bounds(op: str | None, values: list[float], unit: str | None) -> tuple[Bound, ...]:
    if op == "BETWEEN" or (op is None and len(values) == 2) or len(values) == 2:
        lo, hi = values[0], values[-1]
        return (Bound("lower", lo, None, unit), Bound("upper", hi, None, unit))
    if op is None:
        return (Bound(None, values[0], None, unit),)
    side, inclusive = _OPS.get(op, (None, None))
    return (Bound(side, values[0], inclusive, unit),)
