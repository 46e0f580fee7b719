"""Clinical-Trial-Parser's 39 interpreter cases, run through our compiler (for bench/extraction.py).

Each case is one criterion text and the relations the peer's interpreter
expects: ``{name, lower/upper {incl, value}, unit}`` or, for ordinal scores, a
set of allowed values, joined by the case's ``conjunction``.  We compile the
text as an inclusion line, read the relations off our rule (bound subjects
only, as the peer reports only variables of its catalogue) and compare:

- same set of variables (peer names mapped to our analyte ids by ``NAMES``),
- per variable the same bounds and inclusiveness, units equal up to a factor
  of 1 (``mg/dl`` = ``mg/dL``; ``cells/ul`` = ``/uL``), an ordinal range read
  as its set of integers ("ECOG 0-2" = {0, 1, 2});
- with two or more relations, the same connective (our ``All`` is AND, ``Any`` OR).

``SKIP`` lists the cases where the vector is wrong and we keep our answer.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from bench.corpus_lines import CORPUS
from screener import ir

# peer variable -> our analyte id
NAMES = {
    "a1c": "hba1c", "ecog": "ecog", "anc": "anc", "weight": "weight", "bmi": "bmi",
    "karnofsky_score": "karnofsky", "sbp": "systolic_bp", "dbp": "diastolic_bp", "ast": "ast",
    "alt": "alt", "ast/alt_ratio": "ast_alt_ratio", "triglyceride_level": "triglycerides",
    "fasting_triglyceride_level": "fasting_triglycerides", "total_cholesterol": "total_cholesterol",
    "wbc": "wbc", "pf_ratio": "pf_ratio", "nyha": "nyha_class",
}
# peer unit spellings our UCUM reader would not take as they are
_UNITS = {"uln": "ULN", "cells/ul": "/uL", "cells/l": "/L", "mmhg": "mm[Hg]", "kg/m2": "kg/m2"}

SKIP = {
    "aspartate aminotransferase (ast) or alanine aminotransferase (alt) ≤ 2.0 x upper limits of normal":
        "the vector joins AST and ALT with AND although the text says 'or' (a known fault of the "
        "peer's interpreter); we compile Any(AST <= 2 x ULN, ALT <= 2 x ULN)",
    "uncontrolled hypertension, defined as blood pressure (bp) > 140/90":
        "'blood pressure > 140/90' is met when either value is above its limit (the clinical reading "
        "of a hypertension threshold), so we compile Any(systolic > 140, diastolic > 90); the vector "
        "asks for both (AND). Below a pair ('< 140/90') we require both",
}


@dataclass
class CtpResult:
    total: int = 0
    passed: int = 0
    skipped: list = field(default_factory=list)
    failed: list = field(default_factory=list)


@dataclass
class Rel:
    name: str
    lower: tuple[bool, float] | None = None
    upper: tuple[bool, float] | None = None
    unit: str | None = None
    values: frozenset[float] | None = None


def _unit(u: str | None) -> str | None:
    if u is None:
        return None
    return _UNITS.get(u.lower(), u)


def _same_unit(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None or b is None  # the peer leaves some units unsaid ("bp > 140/90")
    if a == b:
        return True
    try:
        from screener.units.convert import convert

        return math.isclose(float(convert([1.0], a, b)[0]), 1.0, rel_tol=1e-6)
    except Exception:
        return False


def _expected(e: dict) -> Rel:
    name = NAMES.get(e["name"], e["name"])
    if e.get("variableType") == "ordinal":
        return Rel(name, values=frozenset(float(v) for v in e["value"]))
    lo = e.get("lower")
    hi = e.get("upper")
    return Rel(name, lower=(lo["incl"], float(lo["value"])) if lo else None,
               upper=(hi["incl"], float(hi["value"])) if hi else None, unit=_unit(e.get("unit")))


def _threshold(t) -> tuple[float, str | None]:
    if isinstance(t, ir.RefMultiple):
        return t.factor, t.bound
    return t.value, t.unit


def _ordinal(analyte: str) -> bool:
    from screener.vocab import vocabulary

    a = vocabulary().analytes.get(analyte)
    return a is not None and a.value_type == "ordinal" and analyte != "karnofsky"


def _leaf(r) -> Rel | None:
    if isinstance(r, ir.Measure):
        v, unit = _threshold(r.value)
        if _ordinal(r.analyte):
            return Rel(r.analyte, values=_ordinal_set(r.op, v))
        side = (r.op in (">=", "<="), v)
        if r.op in (">", ">="):
            return Rel(r.analyte, lower=side, unit=unit)
        if r.op in ("<", "<="):
            return Rel(r.analyte, upper=side, unit=unit)
        return Rel(r.analyte, lower=(True, v), upper=(True, v), unit=unit)
    if isinstance(r, ir.Between):
        lo, lu = _threshold(r.low)
        hi, hu = _threshold(r.high)
        if _ordinal(r.analyte):
            return Rel(r.analyte, values=frozenset(float(i) for i in range(math.ceil(lo), math.floor(hi) + 1)))
        return Rel(r.analyte, lower=(r.low_inclusive, lo), upper=(r.high_inclusive, hi), unit=lu or hu)
    return None


_SCALES = {"ecog": (0, 5), "nyha_class": (1, 4)}


def _ordinal_set(op: str, v: float) -> frozenset[float]:
    lo, hi = 0, 10
    vals = range(lo, hi + 1)
    pick = {"<": lambda x: x < v, "<=": lambda x: x <= v, ">": lambda x: x > v, ">=": lambda x: x >= v,
            "=": lambda x: x == v}[op]
    return frozenset(float(x) for x in vals if pick(x))


def relations(rule) -> tuple[list[Rel], str | None]:
    """Our rule's relations and the connective that joins them (AND/OR, None for one)."""
    rels: list[Rel] = []
    conj: str | None = None

    def walk(r, top):
        nonlocal conj
        leaf = _leaf(r)
        if leaf is not None:
            rels.append(leaf)
            return
        if isinstance(r, (ir.All, ir.Any)):
            kids = [k for k in r.items if _numeric(k)]
            # an Any of equalities on one ordinal score is one relation (a set of values)
            if isinstance(r, ir.Any) and kids and all(isinstance(k, ir.Measure) and k.op == "=" for k in kids) \
                    and len({k.analyte for k in kids}) == 1 and _ordinal(kids[0].analyte):
                rels.append(Rel(kids[0].analyte, values=frozenset(k.value.value for k in kids)))
                return
            if len(kids) > 1 and conj is None:
                conj = "AND" if isinstance(r, ir.All) else "OR"
            for k in r.items:
                walk(k, False)
        elif isinstance(r, ir.Not):
            walk(r.item, False)

    walk(rule, True)
    rels = [r for r in rels if _known(r.name)]
    # an ordinal score read as a set: merge the relations one score got
    return rels, conj


def _known(name: str) -> bool:
    from screener.vocab import vocabulary

    return name in vocabulary().analytes


def _numeric(r) -> bool:
    if isinstance(r, (ir.Measure, ir.Between)):
        return _known(r.analyte)
    if isinstance(r, (ir.All, ir.Any)):
        return any(_numeric(k) for k in r.items)
    if isinstance(r, ir.Not):
        return _numeric(r.item)
    return False


def _rel_equal(a: Rel, b: Rel) -> bool:
    if a.name != b.name:
        return False
    if a.values is not None or b.values is not None:
        return a.values == b.values
    for x, y in ((a.lower, b.lower), (a.upper, b.upper)):
        if (x is None) != (y is None):
            return False
        if x is not None and (x[0] != y[0] or not math.isclose(x[1], y[1], rel_tol=1e-9)):
            return False
    return _same_unit(a.unit, b.unit)


def _describe(rels: list[Rel]) -> str:
    out = []
    for r in rels:
        if r.values is not None:
            out.append(f"{r.name} in {sorted(r.values)}")
        else:
            lo = f"{'>=' if r.lower[0] else '>'}{r.lower[1]:g}" if r.lower else ""
            hi = f"{'<=' if r.upper[0] else '<'}{r.upper[1]:g}" if r.upper else ""
            out.append(f"{r.name} {lo} {hi} {r.unit or ''}".strip())
    return "; ".join(out)


def check_case(case: dict) -> str | None:
    """None when our compile reproduces the case, else what differs."""
    from screener.compile import compile_line
    from screener.text.lines import CriterionLine

    text = case["input"]
    line = CriterionLine(id="C", role="inclusion", heading="", text=text, start=0, end=len(text),
                         line=1, column=1)
    c = compile_line(line)
    if c.rule is None:
        return f"unsupported: {c.diagnostics[0].message if c.diagnostics else ''}"
    ours, conj = relations(c.rule)
    expected = [_expected(e) for e in case["expected_relations"]]
    if "Transform" in case.get("postprocessing", []):
        expected = [_transform(e) for e in expected]
    unmatched = list(ours)
    for e in expected:
        hit = next((o for o in unmatched if _rel_equal(e, o)), None)
        if hit is None:
            return f"expected {_describe([e])}; got {_describe(ours) or 'nothing'}"
        unmatched.remove(hit)
    if unmatched:
        return f"extra: {_describe(unmatched)}"
    if len(expected) > 1 and conj != case["conjunction"]:
        return f"connective {conj}, expected {case['conjunction']}"
    return None


def _transform(r: Rel) -> Rel:
    """The peer's Transform: '100e9 cells/l' is our 100 x 10*9/L."""
    if r.unit == "/L" and r.lower and r.lower[1] >= 1e9:
        return Rel(r.name, lower=(r.lower[0], r.lower[1] / 1e9), upper=r.upper, unit="10*9/L")
    return r


def run_ctp() -> CtpResult:
    res = CtpResult()
    path = CORPUS / "ctparser" / "test_vectors" / "interpreter_cases.jsonl"
    for raw in open(path, encoding="utf-8"):
        case = json.loads(raw)
        res.total += 1
        why = check_case(case)
        if why is None:
            res.passed += 1
        elif case["input"] in SKIP:
            res.skipped.append((case["input"], why))
        else:
            res.failed.append((case["input"][:70], why))
    return res
