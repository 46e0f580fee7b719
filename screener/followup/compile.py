"""One follow-up definition text -> IR, through the criteria lexer and grammar.

The text of an outcome, a measure, a dosing schedule or a list of timepoints
is normalized, tokenized and parsed exactly like a criterion, from the start
rule that fits it (grammars/criteria.lark, "outcomes and dosing").  Unlike a
criterion, a definition must compile whole: a left-out word is an error, since
a definition that means less than it says would be applied to every patient.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token

from screener import ir
from screener.diagnostics import Diagnostic, SourceText
from screener.ir import followup as fu
from screener.parse.lexer import tokenize
from screener.parse.parser import parse
from screener.parse.to_ir import CompileError, ToIR, _toks
from screener.text.normalize import normalize
from screener.units import UnitConversionError, linear_map

START_RULES = ("followup", "timepoints", "schedule", "baseline_window")


@dataclass
class Compiled:
    node: object | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _nodes(children) -> list:
    return [c for c in children if not isinstance(c, Token)]


def _unit_ok(q: ir.Quantity, targets: tuple[str, ...], what: str) -> None:
    for target in targets:
        try:
            linear_map(q.unit or "1", target)
            return
        except UnitConversionError:
            continue
    raise CompileError("followup.bad_unit", f"{what} must be in {' or '.join(targets)}, not {q.unit or 'no unit'}")


class FollowupIR(ToIR):
    """The criteria transformer plus the follow-up rules."""

    def followup(self, meta, children):
        return _nodes(children)[0]

    def reference(self, meta, children):
        num = _toks(children, "NUMBER")
        if not num:
            return ("ref", None)
        return ("ref", ir.Duration(value=float(num[0].value), unit=_toks(children, "TIMEUNIT")[0].value))

    def f_window(self, meta, children):
        return ir.Window(within=_nodes(children)[0])

    def versus_baseline(self, meta, children):
        analytes, sep = children[0]
        op = _toks(children, "CMP")[0].value
        num = _toks(children, "NUMBER")
        factor = float(num[0].value) if num else 1.0
        items = [fu.VersusBaseline(analyte=a, op=op, factor=factor, span=self.span(meta)) for a in analytes]
        return self.combine(items, sep, self.span(meta))

    def change(self, meta, children):
        analytes, sep = children[0]
        direction = _toks(children, "CHANGE")[0].value
        reference = next(n[1] for n in _nodes(children) if isinstance(n, tuple) and n[0] == "ref")
        op, value = _comparison(children)
        window = next((n for n in _nodes(children) if isinstance(n, ir.Window)), None)
        items = [fu.Change(subject=a, direction=direction, reference=reference, op=op, value=value,
                           window=window, span=self.span(meta)) for a in analytes]
        return self.combine(items, sep, self.span(meta))

    def dose_change(self, meta, children):
        drugs, sep = children[0]
        as_drug = next((t.value for t in _toks(children, "DRUG")), None)
        direction = _toks(children, "CHANGE")[0].value
        ref = next((n for n in _nodes(children) if isinstance(n, tuple) and n[0] == "ref"), None)
        window = next((n for n in _nodes(children) if isinstance(n, ir.Window)), None)
        op, value = _comparison(children)
        if value is not None:
            _unit_ok(value, ("mg/d",), "a change of daily dose")
        if ref is None:
            if direction != "rise":
                raise CompileError("followup.bad_change", "a dose change needs a reference ('from baseline'); "
                                   "only 'dose rise' stands alone (the dose was raised)")
            items = [fu.DoseRaised(drug=d, as_drug=as_drug, window=window, span=self.span(meta)) for d in drugs]
        else:
            items = [fu.Change(subject=d, direction=direction, reference=ref[1], op=op, value=value, dose=True,
                               as_drug=as_drug, window=window, span=self.span(meta)) for d in drugs]
        return self.combine(items, sep, self.span(meta))

    def missing(self, meta, children):
        return fu.Missing(analyte=_toks(children, "ANALYTE")[0].value, span=self.span(meta))

    def outcome_ref(self, meta, children):
        num = _toks(children, "NUMBER")
        at = ir.Duration(value=float(num[0].value), unit=_toks(children, "TIMEUNIT")[0].value) if num else None
        return fu.OutcomeRef(name=_toks(children, "WORD")[0].value, at=at, span=self.span(meta))

    # ---- timepoints ----------------------------------------------------------------
    def timepoints(self, meta, children):
        return tuple(_nodes(children))

    def timepoint(self, meta, children):
        offset = ir.Duration(value=float(children[0].value), unit=children[1].value)
        tolerance = next((n for n in _nodes(children) if isinstance(n, ir.Duration)), None)
        return fu.Timepoint(offset=offset, tolerance=tolerance)

    def baseline_window(self, meta, children):
        return _nodes(children)[0]

    # ---- dosing ------------------------------------------------------------------------
    def schedule(self, meta, children):
        (drugs, _sep), *steps = _nodes(children)
        if len(drugs) != 1:
            raise CompileError("followup.bad_schedule", "a dosing schedule is for one drug")
        return fu.DoseSchedule(drug=drugs[0], steps=tuple(steps), span=self.span(meta))

    def dose_level(self, meta, children):
        quantities = _quantities(children)
        per_day = quantities.pop(0)
        _unit_ok(per_day, ("mg/d", "mg/kg/d"), "a daily dose")
        maximum = rounding = None
        cmp = _toks(children, "CMP")
        if cmp:
            if cmp[0].value not in ("<", "<="):
                raise CompileError("followup.bad_schedule", "a dose limit must be a maximum ('maximum 60 mg/d')")
            maximum = quantities.pop(0)
            _unit_ok(maximum, ("mg/d",), "a maximum daily dose")
        if _toks(children, "ROUND"):
            rounding = quantities.pop(0)
            _unit_ok(rounding, ("mg/d",), "a rounding step")
        duration = next((n for n in _nodes(children) if isinstance(n, ir.Duration)), None)
        return fu.DoseLevel(per_day=per_day, maximum=maximum, rounding=rounding, duration=duration)

    def taper(self, meta, children):
        step, floor = _quantities(children)
        for q, what in ((step, "a taper step"), (floor, "a taper's end dose")):
            _unit_ok(q, ("mg/d",), what)
        every = next(n for n in _nodes(children) if isinstance(n, ir.Duration))
        return fu.Taper(step=step, every=every, floor=floor)


def _quantities(children) -> list[ir.Quantity]:
    out, toks = [], [c for c in children if isinstance(c, Token) and c.type in ("NUMBER", "UNIT")]
    for k, t in enumerate(toks):
        if t.type == "NUMBER":
            unit = toks[k + 1].value if k + 1 < len(toks) and toks[k + 1].type == "UNIT" else None
            out.append(ir.Quantity(value=float(t.value), unit=unit))
    return out


def _comparison(children) -> tuple[str | None, ir.Quantity | None]:
    cmp = _toks(children, "CMP")
    if not cmp:
        return None, None
    value = next(n for n in _nodes(children) if isinstance(n, (ir.Quantity, ir.RefMultiple)))
    if not isinstance(value, ir.Quantity):
        raise CompileError("followup.bad_change", "a change is compared with a number, not a reference range")
    return cmp[0].value, value


def compile_followup(text: str, start: str, source: SourceText | None = None, offset: int = 0) -> Compiled:
    """Compile ``text`` from the start rule ``start``; ``offset``: where the text begins in ``source``."""
    if start not in START_RULES:
        raise ValueError(f"start rule must be one of {START_RULES}")
    source = source or SourceText(text)
    norm = normalize(text)

    def where(s: int, e: int) -> tuple[int, int]:
        return offset + norm.source(s), offset + norm.source(max(s, e - 1)) + 1

    def diag(code: str, message: str, s: int, e: int) -> Diagnostic:
        return source.diagnostic(code, "error", message, *where(s, e))

    tokens = [t for t in tokenize(norm.text, followup=True) if t.type != "COLON"]
    if not tokens:
        return Compiled(None, [diag("syntax.empty", "the definition is empty", 0, len(norm.text))])
    outcome = parse(tokens, start=start)
    if outcome.tree is None:
        f = outcome.failure
        if f is None or f.token is None:
            end = tokens[-1].end_pos
            return Compiled(None, [diag("syntax.unexpected_end", "the definition ends before it is complete "
                                        f"(expected {', '.join(sorted(f.expected)[:8]) if f else '?'})",
                                        max(0, end - 1), end)])
        tok = f.token
        unknown = [t.value for t in tokens if t.type == "WORD" and t.start_pos <= tok.start_pos]
        if unknown:  # most often a subject the vocabulary does not know
            return Compiled(None, [diag("followup.unknown_subject", f"cannot use {tok.type} "
                                        f"'{norm.text[tok.start_pos:tok.end_pos]}' here; words the vocabulary does "
                                        f"not know: {', '.join(repr(w) for w in unknown)}",
                                        tokens[0].start_pos, tok.end_pos)])
        return Compiled(None, [diag("syntax.unexpected_token", f"cannot use {tok.type} "
                                    f"'{norm.text[tok.start_pos:tok.end_pos]}' here", tok.start_pos, tok.end_pos)])
    if outcome.skipped:
        return Compiled(None, [diag("lex.ignored_words", f"left out: '{norm.text[t.start_pos:t.end_pos]}'; "
                                    "a definition must compile whole", t.start_pos, t.end_pos)
                               for t in outcome.skipped])

    def span(s: int, e: int) -> ir.Span:
        a, b = where(s, e)
        return ir.Span(start=a, end=b)

    try:
        node = FollowupIR("inclusion", span).transform(outcome.tree)
    except Exception as err:  # a rule the grammar allows but the IR refuses (CompileError), or a bug
        cause = getattr(err, "orig_exc", err)
        if not isinstance(cause, CompileError):
            cause = CompileError("syntax.unexpected_token", f"internal error while building the rule: {cause!r}")
        s = cause.start if cause.start is not None else 0
        e = cause.end if cause.end is not None else len(norm.text)
        return Compiled(None, [diag(cause.code, cause.message, s, e)])
    return Compiled(node)
