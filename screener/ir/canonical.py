"""IR -> canonical text: the rule language a rule author writes in rules/<trial>.rules.

The canonical text is a strict subset of what grammars/criteria.lark parses:
vocabulary ids as terms, UCUM units, symbolic comparators, and every operand
of and/or/at-least in parentheses (so no list reading can regroup it).
``compile_rule(render(r), role) == r`` for every rule (tests/test_roundtrip.py).
"""

from __future__ import annotations

from decimal import Decimal

from screener import ir

_TIME_WORD = {code: word for word, code in ir.TIME_UCUM.items()}


def number(v: float) -> str:
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return format(Decimal(repr(float(v))).normalize(), "f")


def quantity(q: ir.Quantity) -> str:
    if q.unit is None:
        return number(q.value)
    return f"{number(q.value)} {_TIME_WORD.get(q.unit, q.unit)}"


def threshold(t) -> str:
    if isinstance(t, ir.RefMultiple):
        return f"{number(t.factor)} x {t.bound}"
    return quantity(t)


def duration(d: ir.Duration) -> str:
    return f"{number(d.value)} {d.unit}"


def extent(e) -> str:
    if isinstance(e, ir.Duration):
        return duration(e)
    if isinstance(e, ir.HalfLives):
        return f"{number(e.count)} half-lives"
    return " or ".join(extent(o) for o in e.options) + " whichever is longer"


def _window(w: ir.Window | None) -> str:
    if w is None:
        return ""
    return f" within {extent(w.within)}" if w.inclusive else f" within < {extent(w.within)}"


def _group(r) -> str:
    return f"({render(r)})"


def render(r) -> str:  # noqa: C901 - one branch per node type reads best
    match r:
        case ir.Measure():
            out = f"{r.analyte} {r.op} {threshold(r.value)}{_window(r.window)}"
            return out + (f" for {r.sustained_op} {duration(r.sustained)}" if r.sustained else "")
        case ir.Between():
            lo = ">=" if r.low_inclusive else ">"
            hi = "<=" if r.high_inclusive else "<"
            out = f"{r.analyte} {lo} {threshold(r.low)} and {hi} {threshold(r.high)}{_window(r.window)}"
            return out + (f" for {r.sustained_op} {duration(r.sustained)}" if r.sustained else "")
        case ir.Result():
            out = f"{r.value} {r.analyte}"
            if r.times != 1 or r.apart:
                out += f" >= {r.times} times"
                if r.apart:
                    out += f" {duration(r.apart)} apart"
            return out + _window(r.window)
        case ir.DrugUse():
            verb = "received" if (r.window or r.ever) else "taking"
            routes = "/".join(r.routes) + " " if r.routes else ""
            lasting = f" for {r.lasting_op} {duration(r.lasting)}" if r.lasting else ""
            excluding = " except " + " or ".join(r.excluding) if r.excluding else ""
            return f"{verb} {routes}{r.drug}{excluding}{_window(r.window)}{lasting}"
        case ir.DrugDose():
            as_drug = f" as {r.as_drug}" if r.as_drug else ""
            return f"{r.drug} dose{as_drug} {r.op} {quantity(r.per_day)}"
        case ir.DoseStable():
            return f"{r.drug} dose stable for {r.op} {duration(r.duration)}"
        case ir.Condition():
            head = {"any": "", "active": "active ", "history": "history of "}[r.status]
            if r.onset:
                head = "onset of "
            out = head + (" or ".join(r.severity) + " " if r.severity else "") + r.group
            excluding = " except " + " or ".join(r.excluding) if r.excluding else ""
            if r.lasting and r.status == "history":  # its onset that long ago, resolved or not
                return out + f" {r.lasting_op} {duration(r.lasting)} ago" + excluding
            out += excluding
            return (out + _window(r.onset or r.present)
                    + (f" for {r.lasting_op} {duration(r.lasting)}" if r.lasting else ""))
        case ir.Allergy():
            return ("history of " if r.status == "history" else "") + f"allergy to {r.agent}"
        case ir.Procedure():
            if r.window:
                return f"{r.procedure}{_window(r.window)}"
            return ("current " if r.status == "current" else "history of ") + r.procedure
        case ir.Immunization():
            return f"{r.vaccine}{_window(r.window)}" if r.window else f"history of {r.vaccine}"
        case ir.Study():
            if r.current:
                return "currently receiving an investigational product" if r.investigational else "currently in a clinical study"
            return ("received an investigational product" if r.investigational else "in a clinical study") + _window(r.window)
        case ir.Sex():
            return "sex all" if set(r.allowed) == {"female", "male"} else f"sex {r.allowed[0]}"
        case ir.Manual():
            reason = r.reason.replace('"', "'")
            return f'manual "{reason}"'
        case ir.Unmapped():
            subject = '"' + r.subject.replace('"', "'") + '"'
            if r.test is None:
                return subject + _window(r.window)
            inner = render(r.test)
            return subject + inner[len(r.test.analyte):]
        case ir.Not():
            return f"not {_group(r.item)}"
        case ir.All():
            return " and ".join(_group(i) for i in r.items)
        case ir.Any() if not r.items:
            return "nothing"
        case ir.Any():
            return " or ".join(_group(i) for i in r.items)
        case ir.AtLeast():
            return f"at least {r.n} of (" + ", ".join(_group(i) for i in r.items) + ")"
    raise TypeError(f"not a rule node: {r!r}")
