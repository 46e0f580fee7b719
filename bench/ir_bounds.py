"""The numeric comparisons a compiled rule holds, as bounds (for bench/extraction.py).

Every number a rule compares against becomes a ``Bound`` on the span of the
node that holds it: a lab or age threshold, both ends of a range, a window
("within 3 months" is an upper bound on how long ago), a persistence or
stability duration, a dose limit, a repetition count, an "at least N of", and
the comparison or window of an ``Unmapped`` subject (its numbers are compiled,
only the subject is not bound).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from bench.lct_gold import Bound
from screener import ir

# time units as words, so "3 mo" (a Quantity) and "3 month" (a Duration) compare equal
TIME_WORDS = {"a": "year", "mo": "month", "wk": "week", "d": "day", "h": "hour", "min": "minute",
              "year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour"}
_SIDE = {">": ("lower", False), ">=": ("lower", True), "<": ("upper", False), "<=": ("upper", True),
         "=": ("eq", True)}


@dataclass(frozen=True)
class Comparison:
    start: int
    end: int
    subject: str | None  # the analyte, drug or condition compared (None for counts)
    bounds: tuple[Bound, ...]
    kind: str  # "value", "window", "duration", "dose", "count"


def _threshold(op: str, t) -> Bound:
    side, incl = _SIDE[op]
    if isinstance(t, ir.RefMultiple):
        return Bound(side, t.factor, incl, t.bound)
    return Bound(side, t.value, incl, TIME_WORDS.get(t.unit, t.unit) if t.unit else None)


def _extent(op: str, e) -> Iterator[Bound]:
    side, incl = _SIDE[op]
    if isinstance(e, ir.Duration):
        yield Bound(side, e.value, incl, e.unit)
    elif isinstance(e, ir.HalfLives):
        yield Bound(side, e.count, incl, "half-lives")
    elif isinstance(e, ir.Longer):
        for o in e.options:
            yield from _extent(op, o)


def comparisons(rule) -> Iterator[Comparison]:  # noqa: C901 - one branch per node kind
    span = getattr(rule, "span", None)
    s, e = (span.start, span.end) if span else (-1, -1)

    def window(w, subject):
        if w is not None:
            for b in _extent("<=" if w.inclusive else "<", w.within):
                yield Comparison(s, e, subject, (b,), "window")

    match rule:
        case ir.Measure():
            yield Comparison(s, e, rule.analyte, (_threshold(rule.op, rule.value),), "value")
            yield from window(rule.window, rule.analyte)
            if rule.sustained:
                yield Comparison(s, e, rule.analyte, tuple(_extent(rule.sustained_op, rule.sustained)), "duration")
        case ir.Between():
            lo = _threshold(">=" if rule.low_inclusive else ">", rule.low)
            hi = _threshold("<=" if rule.high_inclusive else "<", rule.high)
            yield Comparison(s, e, rule.analyte, (lo, hi), "value")
            yield from window(rule.window, rule.analyte)
            if rule.sustained:
                yield Comparison(s, e, rule.analyte, tuple(_extent(rule.sustained_op, rule.sustained)), "duration")
        case ir.Result():
            if rule.times > 1:
                yield Comparison(s, e, rule.analyte, (Bound("lower", rule.times, True, None),), "count")
            if rule.apart:
                yield Comparison(s, e, rule.analyte, tuple(_extent(">=", rule.apart)), "duration")
            yield from window(rule.window, rule.analyte)
        case ir.DrugUse():
            yield from window(rule.window, rule.drug)
            if rule.lasting:
                yield Comparison(s, e, rule.drug, tuple(_extent(rule.lasting_op, rule.lasting)), "duration")
        case ir.Procedure():
            yield from window(rule.window, rule.procedure)
        case ir.Immunization():
            yield from window(rule.window, rule.vaccine)
        case ir.Study():
            yield from window(rule.window, "investigational product" if rule.investigational else "clinical study")
        case ir.DrugDose():
            yield Comparison(s, e, rule.drug, (_threshold(rule.op, rule.per_day),), "dose")
        case ir.DoseStable():
            yield Comparison(s, e, rule.drug, tuple(_extent(rule.op, rule.duration)), "duration")
        case ir.Condition():
            yield from window(rule.onset or rule.present, rule.group)  # onset in the window, or present in it
            if rule.lasting:
                yield Comparison(s, e, rule.group, tuple(_extent(rule.lasting_op, rule.lasting)), "duration")
        case ir.Unmapped():
            # a subject the vocabulary does not know: its numbers are still read and kept
            if rule.test is not None:
                for c in comparisons(rule.test):
                    yield Comparison(s, e, rule.subject, c.bounds, c.kind)
            yield from window(rule.window, rule.subject)
        case ir.AtLeast():
            yield Comparison(s, e, None, (Bound("lower", rule.n, True, None),), "count")
            for item in rule.items:
                yield from comparisons(item)
        case ir.Any() if _stages(rule.items):
            # "CKD stage 4 or 5": the stages of one diagnosis ICD-10-CM codes by stage (condition_stages.csv)
            vals = sorted(_stages(rule.items))
            yield Comparison(s, e, None, (Bound("lower", vals[0], True, None), Bound("upper", vals[-1], True, None)),
                             "value")
        case ir.Any() if _consecutive(rule.items):
            # "ECOG 0 or 1", "ASA I, II or III", "stage III or IV": on an integer score, one of
            # consecutive values is the range from the first to the last
            items = [_tested(i) for i in rule.items]
            vals = sorted(i.value.value for i in items)
            unit = items[0].value.unit
            yield Comparison(s, e, _subject(rule.items[0]),
                             (Bound("lower", vals[0], True, unit), Bound("upper", vals[-1], True, unit)), "value")
        case ir.All() | ir.Any():
            for item in rule.items:
                yield from comparisons(item)
        case ir.Not():
            yield from comparisons(rule.item)
    for extra in _extra(rule):
        yield extra


@lru_cache(maxsize=1)
def _stage_groups() -> dict[str, tuple[str, float]]:
    from screener.vocab.loader import read_rows

    return {r["group"]: (r["condition"], float(r["value"])) for r in read_rows("condition_stages.csv")}


def _stages(items) -> list[float]:
    """The stage numbers of one diagnosis's consecutive stages ("stage III and stage IV"), else []."""
    table = _stage_groups()
    if len(items) < 2 or not all(isinstance(i, ir.Condition) and i.group in table and not i.onset and not i.present
                                 and not i.lasting
                                 for i in items):
        return []
    if len({table[i.group][0] for i in items}) != 1:
        return []
    vals = sorted(table[i.group][1] for i in items)
    return vals if all(b - a == 1 for a, b in zip(vals, vals[1:])) else []


def _tested(item):
    """An unknown subject's value test ('"stage" = 3'), else the item itself."""
    return item.test if isinstance(item, ir.Unmapped) and item.test is not None and not item.window else item


def _subject(item):
    return item.subject if isinstance(item, ir.Unmapped) else item.analyte


def _consecutive(items) -> bool:
    if len(items) < 2 or len({_subject(i) if isinstance(i, (ir.Unmapped, ir.Measure)) else None
                              for i in items}) != 1:
        return False
    items = [_tested(i) for i in items]
    if not all(isinstance(i, ir.Measure) and i.op == "=" and isinstance(i.value, ir.Quantity)
               and not i.window and not i.sustained for i in items):
        return False
    if len({(i.analyte, i.value.unit) for i in items}) != 1:
        return False
    vals = sorted(i.value.value for i in items)
    steps = _STEPS.get(items[0].analyte)
    if steps is not None and all(v in steps for v in vals):
        at = [steps.index(v) for v in vals]
        return all(b - a == 1 for a, b in zip(at, at[1:]))
    return all(float(v).is_integer() for v in vals) and all(b - a == 1 for a, b in zip(vals, vals[1:]))


# scales whose places are not the integers: the CDR global score is 0, 0.5, 1, 2 or 3 (Morris JC, "The Clinical
# Dementia Rating (CDR): current version and scoring rules", Neurology 1993;43:2412-2414), so "CDR 0 or 0.5" is
# one of two consecutive places, as "ECOG 0 or 1" is
_STEPS = {"cdr_global": (0, 0.5, 1, 2, 3)}


def _extra(rule) -> Iterator[Comparison]:
    """Node kinds added after this module was written report their own comparisons."""
    fn = getattr(rule, "comparisons", None)
    if fn is None:
        return iter(())
    return fn()
