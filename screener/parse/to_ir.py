"""Parse tree -> rule IR (one ToIR per line: it knows the line's role and offsets).

List semantics: a list of items written as one phrase ("pregnancy and
postpartum", "WBC < 3, Hb < 100", "ALT, AST > 3 x ULN") names separate
criteria, so in an exclusion any item excludes (Any) and in an inclusion every
item is required (All); "or" is Any everywhere.  Explicit connectives between
whole rules ("(a) and (b)") are literal.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable

from lark import Token, Tree

from screener import ir
from screener.text.lines import Role
from screener.vocab import vocabulary


def _either_measure(comparison) -> bool:
    """'TBI (> 500 cGy (single) or > 800 cGy (fractionated))': two limits, each with a unit that is not time."""
    return comparison[0] == "either" and all(
        c[0] == "cmp" and isinstance(c[2], ir.Quantity) and c[2].unit is not None and c[2].unit not in _UCUM_TIME
        for c in comparison[1:])


class CompileError(Exception):
    """A parse that has no sound meaning (e.g. 'stable' with no drug)."""

    def __init__(self, code: str, message: str, start: int | None = None, end: int | None = None):
        super().__init__(message)
        self.code, self.message, self.start, self.end = code, message, start, end




def _washout(rule):
    """'Not taking antibiotics for at least three months', 'no use of metformin for at least 3 months': none in
    that long (a washout), not "never on it for a run that long" (a course last month passed that).  Drugs
    joined by "and" under the "not" are each none ("not taking A and B" is neither).  The same for a state
    ("non-smoker for one year or more")."""
    if isinstance(rule, ir.DrugUse) and rule.lasting is not None and not rule.ever and rule.window is None:
        return dataclasses.replace(rule, window=ir.Window(within=rule.lasting), lasting=None, lasting_op=">=")
    if isinstance(rule, ir.Condition) and rule.lasting is not None and rule.status != "history" and _is_state(rule.group):
        # "Non-smoker for one year or more": not smoking at any time in that year (a state, condition_states.csv)
        return dataclasses.replace(rule, present=ir.Window(within=rule.lasting), lasting=None, lasting_op=">=")
    if isinstance(rule, ir.All) and rule.items and all(
            isinstance(i, ir.DrugUse) and i.lasting is not None and not i.ever and i.window is None for i in rule.items):
        return ir.Any(items=tuple(_washout(i) for i in rule.items), span=rule.span)
    return rule


def _is_state(group: str) -> bool:
    """Whether "within N" on the diagnosis is present in the window, not begun in it (condition_states.csv)."""
    g = vocabulary().condition_groups.get(group)
    return g is not None and g.state


class _Groups(list):
    """The diagnosis groups of a list, and whether one is written twice ("active TB or TB in the past 3 years";
    not two wordings of one group, "DVT or pulmonary embolism")."""
    repeated = False


class Forbids:
    """Marks a rule that states what an allowance or washout forbids."""

    __slots__ = ("rule",)

    def __init__(self, rule):
        self.rule = rule


def _num(tok: Token) -> float:
    return float(tok.value)


def _toks(children, *types: str) -> list[Token]:
    return [c for c in children if isinstance(c, Token) and c.type in types]


def _nodes(children) -> list:
    return [c for c in children if not isinstance(c, Token)]


# "i.e.", "namely": a list that restates its head (any other "including" gives examples of it)
_RESTATING = frozenset({"i", "ie", "namely"})
# the end of the reason of a qualifier's manual check (compile.py reads it back for its diagnostic)
QUALIFIER_CHECK = " (a person judges it; no record says)"


# what "no A or B" lists: things a patient has or takes (a diagnosis, a drug, an allergy, a procedure)
# (a qualitative result too: "no positive pregnancy test or breast feeding" is neither)
_THINGS = (ir.Condition, ir.DrugUse, ir.Allergy, ir.Procedure, ir.Immunization, ir.Result)


def _a_thing(rule) -> bool:
    return isinstance(rule, _THINGS) or (isinstance(rule, (ir.Any, ir.All)) and all(_a_thing(i) for i in rule.items))


def _subjects(rule) -> set[str]:
    return {getattr(r, a) for r in ir.walk(rule) for a in ("group", "drug", "agent", "procedure", "vaccine")
            if hasattr(r, a)}


def _shared_subject(first, rest) -> bool:
    """"No smokers or smokers of less than 10 cigarettes a day": the later items name the first's subject again,
    so the 'no' is the first item's only."""
    return bool(_subjects(first) & set().union(*(_subjects(r) for r in rest)))


# a comparator read from the other side: "18 < age" is "age > 18"
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


class ToIR:
    """Each grammar rule with a method here is built by it, as ``method(meta, children)`` with the
    children already built; a rule without one stays a Tree.  (Not lark's Transformer: its per-call
    method wrappers and token visits cost about a tenth of the compile time.)"""

    def __init__(self, role: Role, source_span: Callable[[int, int], ir.Span], text: str = "",
                 written: Callable[[int, int], str] | None = None):
        self.role = role
        self._span = source_span
        self._text = text  # the normalized line the tokens' positions point into
        # the line as written, for a range of the normalized one (normalizing folds "and/or" into "or")
        self._written = written or (lambda start, end: text[start:end])
        self._item_routes: dict[str, tuple[str, ...]] = {}  # drugs of a list that carry a route of their own

    def transform(self, tree: Tree):
        children = [self.transform(c) if isinstance(c, Tree) else c for c in tree.children]
        build = getattr(self, tree.data, None)
        return Tree(tree.data, children, tree.meta) if build is None else build(tree.meta, children)

    # ---- helpers -----------------------------------------------------------
    def span(self, meta) -> ir.Span | None:
        if getattr(meta, "empty", True):
            return None
        if meta.end_pos <= meta.start_pos:
            # a lexer pass moved tokens out of text order ("18-35-year-old women" reads as "women 18-35 years"): the
            # first token starts after the last ends, and a span between them would name the wrong text
            return None
        return self._span(meta.start_pos, meta.end_pos)

    def combine(self, items: list, sep: str, span=None):
        """Join list items: "or" -> Any; "and"/"," -> by role (see module doc)."""
        rules = [r.rule if isinstance(r, Forbids) else r for r in items]
        uniq = list(dict.fromkeys(rules))
        if len(uniq) == 1:
            return uniq[0]
        if sep == "or" or self.role == "exclusion":
            return ir.Any(items=tuple(uniq), span=span)
        return ir.All(items=tuple(uniq), span=span)

    @staticmethod
    def sep_of(children) -> str:
        return "or" if any(isinstance(c, str) and c == "or" for c in children) else "and"

    # ---- top level ---------------------------------------------------------
    def start(self, meta, children):
        items = _nodes(children)
        after = items.pop() if items and isinstance(items[-1], tuple) else None
        forbids = any(isinstance(i, Forbids) for i in items)
        rule = self.combine(items, "and", self.span(meta))
        if after is not None:
            # "LDL > 3.1, TG > 2.3 after lipid lowering therapy": values while on it
            if forbids:
                raise CompileError("rule.nested_allowance", "an allowance cannot be combined with other rules")
            on = self.combine([ir.DrugUse(drug=d, span=self.span(meta)) for d in after[0]], "or")
            rule = ir.All(items=(rule, on), span=self.span(meta))
        return Forbids(rule) if forbids else rule

    def any_of(self, meta, children):
        items = _nodes(children)
        if len(items) == 1:  # lark keeps an aliased node even for one child
            return items[0]
        plain = self._plain(items)
        span = self.span(meta)
        if isinstance(plain[0], ir.Not) and all(_a_thing(i) for i in (plain[0].item, *plain[1:])) \
                and not _shared_subject(plain[0].item, plain[1:]) and _unbracketed(plain[0], span):
            # "no history of depression or use of antidepressants": the 'no' opens the whole list (neither),
            # not only its first item; read apart, anyone taking an antidepressant met it.  (Not a 'not' in
            # parentheses of its own: "(not (taking X)) or (taking Y)" is either.)
            return ir.Not(item=ir.Any(items=(plain[0].item, *plain[1:]), span=span), span=span)
        if _window_of_last_only(plain) and _unbracketed(plain[0], span):
            # (not "(history of X) or (alt > 3 x ULN within 4 week)": each item in parentheses of its own)
            raise CompileError("rule.window_scope", "a window after the last item of a list of diagnoses may be "
                               "every item's or the last one's; which is not said", meta.start_pos, meta.end_pos)
        return ir.Any(items=tuple(plain), span=span)

    def all_of(self, meta, children):
        items = _nodes(children)
        if len(items) == 1:
            return items[0]
        joins = [t for t in children if isinstance(t, Token) and t.type in ("AND", "CLAUSE_AND")]
        if (self.role == "inclusion" and len(items) == 2 and isinstance(items[0], ir.Sex)
                and isinstance(items[1], ir.Not) and joins and joins[0].start_pos == joins[0].end_pos):
            # "Women must not be breastfeeding" (the lexer's own 'and', lexer._sex_then_not): a
            # condition on that sex, not a requirement to be of it; the other sex is not excluded
            return ir.Not(item=ir.All(items=(items[0], items[1].item), span=self.span(meta)), span=self.span(meta))
        span = self.span(meta)
        if _ages_apart(items) and _unbracketed(items[0], span):
            # "Adults older than 45 and children younger than 18 years": two populations, no one is both
            # (not "(age > 45 year) and (age < 18 year)", the canonical text of a rule that says so)
            return ir.Any(items=tuple(self._plain(items)), span=span)
        return ir.All(items=tuple(self._plain(items)), span=span)

    @staticmethod
    def _plain(items):
        for i in items:
            if isinstance(i, Forbids):
                raise CompileError("rule.nested_allowance", "an allowance cannot be combined with other rules")
        return items

    def not_(self, meta, children):
        item = self._plain(_nodes(children))[0]
        neg = _toks(children, "NOT")
        if neg and not self._text[neg[0].end_pos:].lstrip().startswith("("):
            item = _washout(item)  # (not "not (taking X for >= 3 month)", the canonical text, read back as written)
        return ir.Not(item=item, span=self.span(meta))

    def group(self, meta, children):
        return _nodes(children)[0]

    def either(self, meta, children):
        return _nodes(children)[0]

    def neither(self, meta, children):
        a, b = self._plain(_nodes(children))
        return ir.Not(item=ir.Any(items=(a, b)), span=self.span(meta))

    def at_least(self, meta, children):
        n = int(_num(_toks(children, "NUMBER")[0]))
        return ir.AtLeast(n=n, items=tuple(self._plain(_nodes(children))), span=self.span(meta))

    # ---- values ------------------------------------------------------------
    def quantity(self, meta, children):
        unit = _toks(children, "UNIT")
        return ir.Quantity(value=_num(children[0]), unit=unit[0].value if unit else None)

    def quantity_time(self, meta, children):
        return ir.Quantity(value=_num(children[0]), unit=ir.TIME_UCUM[children[1].value])

    def ref_multiple(self, meta, children):
        return ir.RefMultiple(factor=_num(children[0]), bound=_toks(children, "REF")[0].value)

    def ref_one(self, meta, children):
        return ir.RefMultiple(factor=1.0, bound=children[0].value)

    def cmp(self, meta, children):
        return ("cmp", children[0].value, children[1])

    def postfix(self, meta, children):
        return ("cmp", children[1].value, children[0])

    def two_sided(self, meta, children):
        op1, t1, op2, t2 = children[0].value, children[1], children[2].value, children[3]
        t1, t2 = _share_unit(t1, t2)
        low, high = (t1, t2) if op1 in (">", ">=") else (t2, t1)
        if _empty(low, high) and {op1[0], op2[0]} == {"<", ">"}:
            # "< 18 and > 70 years of age", "BMI < 18 and > 35": an "and" that only makes sense as
            # outside a range (the mirror of either_side); as a range it holds no value
            return ("either", ("cmp", op1, t1), ("cmp", op2, t2))
        if op1 in (">", ">=") and op2 in ("<", "<="):
            return ("between", t1, t2, op1 == ">=", op2 == "<=")
        if op1 in ("<", "<=") and op2 in (">", ">="):
            return ("between", t2, t1, op2 == ">=", op1 == "<=")
        raise CompileError("rule.bad_range", "a two-sided comparison needs one lower and one upper bound")

    def either_side(self, meta, children):
        # "age < 18 or > 80": outside a range, two comparisons on one subject
        op1, t1, op2, t2 = children[0].value, children[1], children[2].value, children[3]
        t1, t2 = _share_unit(t1, t2)
        if (op1 in (">", ">=") and op2 in ("<", "<=") and isinstance(t1, ir.Quantity)
                and isinstance(t2, ir.Quantity) and t1.unit == t2.unit and t1.value < t2.value):
            # "greater than 18.5 or less than 35": an "or" that only makes sense as a range
            return ("between", t1, t2, op1 == ">=", op2 == "<=")
        return ("either", ("cmp", op1, t1), ("cmp", op2, t2))

    def cmp_pair(self, meta, children):
        # "systolic/diastolic blood pressure > 140/90": one value per subject, in order
        op = children[0].value
        nums = _toks(children, "NUMBER")
        unit = _toks(children, "UNIT")
        u = unit[0].value if unit else None
        return ("pair", op, ir.Quantity(value=_num(nums[0]), unit=u), ir.Quantity(value=_num(nums[1]), unit=u))

    def values(self, meta, children):
        # "ECOG 0, 1 or 2": one of the listed values
        return ("values", [ir.Quantity(value=_num(t)) for t in _toks(children, "NUMBER")])

    def between(self, meta, children):
        t1, t2 = _share_unit(*_nodes(children))
        if _empty(t1, t2):  # "-1 to -10" read without a sign, "from 6 to 5"
            raise CompileError("rule.empty_range", f"the range {t1.value:g} to {t2.value:g} holds no value")
        return ("between", t1, t2, True, True)

    range = between

    def duration(self, meta, children):
        return ir.Duration(value=_num(children[0]), unit=children[1].value)

    def sustained(self, meta, children):
        op = _toks(children, "CMP")
        return (op[0].value if op else ">=", _nodes(children)[0])

    sustained_pre = sustained

    def sustained_post(self, meta, children):
        # "for 3 months or more"
        return (_toks(children, "CMP_POST")[0].value, _nodes(children)[0])

    def half_lives(self, meta, children):
        return ir.HalfLives(count=_num(children[0]))

    def longer(self, meta, children):
        return ir.Longer(options=tuple(_nodes(children)))

    def window(self, meta, children):
        return ir.Window(within=_nodes(children)[0])

    def window_cmp(self, meta, children):
        op = _toks(children, "CMP")[0]
        if op.value not in ("<", "<="):
            raise CompileError("rule.window_cmp", "a window is bounded by 'less than' or 'at most' a duration",
                               op.start_pos, op.end_pos)
        return ir.Window(within=_nodes(children)[0], inclusive=op.value == "<=")

    def list_sep(self, meta, children):
        return "or" if _toks(children, "OR") else "/" if _toks(children, "SLASH") else "and"

    # ---- labs and vitals -----------------------------------------------------
    def subjects(self, meta, children):
        # an unknown subject stays as written, marked so measure() wraps it in Unmapped
        toks = _toks(children, "ANALYTE", "SUBJECT")
        for k, t in enumerate(toks):
            if t.value == "diastolic_bp" and t.start_pos == t.end_pos and not (
                    k and toks[k - 1].value == "systolic_bp" and toks[k - 1].start_pos == t.start_pos):
                raise CompileError("rule.bad_pair", "blood pressure needs a pair of values ('140/90') "
                                   "or a named side (systolic, diastolic)", t.start_pos, t.end_pos)
        ids = [t.value if t.type == "ANALYTE" else _Free(t.value) for t in toks]
        if ids == ["systolic_bp", "diastolic_bp"] and toks[0].start_pos == toks[1].start_pos:
            return (ids, "bp_pair")  # one "blood pressure" word: only a pair of values fits it
        return (ids, self.sep_of(children))

    def unmapped_event(self, meta, children):
        subject = _toks(children, "SUBJECT")[0].value
        extent = next(n for n in _nodes(children) if isinstance(n, (ir.Duration, ir.HalfLives, ir.Longer)))
        return ir.Unmapped(subject=subject, window=self.window_cmp(meta, children) if _toks(children, "CMP")
                           else ir.Window(within=extent), span=self.span(meta))

    def measure(self, meta, children):
        (analytes, sep), comparison, *rest = children
        window = next((r for r in rest if isinstance(r, ir.Window)), None)
        sustained = next((r for r in rest if isinstance(r, tuple)), None)
        if sustained and sustained[0] not in (">", ">="):
            raise CompileError("rule.bad_persistence", "persistence needs 'for at least' a duration")
        if comparison[0] == "pair":
            if len(analytes) != 2:
                raise CompileError("rule.bad_pair", "a pair of values ('140/90') needs two subjects "
                                   "(systolic/diastolic blood pressure)")
            op = comparison[1]
            items = [self._compare(a, ("cmp", op, q), window, sustained, meta)
                     for a, q in zip(analytes, comparison[2:])]
            # below 140/90 means both below; above 140/90 means either above
            if op in ("<", "<="):
                return ir.All(items=tuple(items), span=self.span(meta))
            return ir.Any(items=tuple(items), span=self.span(meta))
        if sep == "bp_pair":
            # "BP > 160" with its diastolic value cut off: one limit must not stand for both
            raise CompileError("rule.bad_pair", "blood pressure needs a pair of values ('140/90') "
                               "or a named side (systolic, diastolic)")
        items = [self._compare(a, comparison, window, sustained, meta) for a in analytes]
        if (sep == "or" and self.role == "inclusion" and comparison[0] == "cmp" and comparison[1] in ("<", "<=")
                and re.search(r"\band\s*/\s*or\b", self._written(meta.start_pos, meta.end_pos), re.I)):
            # "AST and/or ALT <= 2.5 x ULN" in an inclusion: each within the limit (read as "or", ALT at 6 x ULN
            # passed with a normal AST); "AST and/or ALT > 3 x ULN" excludes on either
            return ir.All(items=tuple(items), span=self.span(meta))
        return self.combine(items, sep, self.span(meta))

    def by_sex(self, meta, children):
        op = next(t for t in children if isinstance(t, Token) and t.type in ("AND_CMP", "OR_CMP", "CMP"))
        tag = _toks(children, "SEX_TAG")[0]
        return (tag.value, op.value, _nodes(children)[0])

    def measure_chained(self, meta, children):
        subjects = next(c for c in children if isinstance(c, tuple))
        return self.measure(meta, [subjects, self._chain(meta, children)])

    def _chain(self, meta, children):
        """'18 < x < 80': the first limit, read from the subject's side, and the second, as one range."""
        op1, op2 = _toks(children, "CMP")
        low, high = [c for c in _nodes(children) if not isinstance(c, tuple)]  # (the subjects are a tuple)
        flipped = Token("CMP", _FLIPPED[op1.value], start_pos=op1.start_pos, end_pos=op1.end_pos)
        return self.two_sided(meta, [flipped, low, op2, high])

    def measure_by_sex(self, meta, children):
        (analytes, sep), op, threshold, tag, *more = children
        limits = [(tag.value, op.value, threshold), *more]
        if len({sex for sex, _o, _t in limits}) != len(limits):
            raise CompileError("rule.bad_pair", "one limit per sex ('< 11 g/dL in women and < 12 g/dL in men')")
        items = []
        for sex, o, t in limits:
            measures = [self._compare(a, ("cmp", o, t), None, None, meta) for a in analytes]
            rule = self.combine(measures, sep, self.span(meta))
            items.append(ir.All(items=(ir.Sex(allowed=(sex,), span=self.span(meta)), rule), span=self.span(meta)))
        return items[0] if len(items) == 1 else ir.Any(items=tuple(items), span=self.span(meta))

    def _compare(self, analyte, comparison, window, sustained, meta):
        if comparison[0] == "either":
            items = tuple(self._compare(analyte, c, window, sustained, meta) for c in comparison[1:])
            return ir.Any(items=items, span=self.span(meta))
        if comparison[0] == "values":
            items = tuple(dict.fromkeys(self._compare(analyte, ("cmp", "=", q), window, sustained, meta)
                                        for q in comparison[1]))
            return items[0] if len(items) == 1 else ir.Any(items=items, span=self.span(meta))
        known = isinstance(analyte, str) and not isinstance(analyte, _Free)
        if known and comparison[0] == "cmp":
            comparison = ("cmp", comparison[1], _bare(analyte, _per_volume(analyte, comparison[2])))
        elif known and comparison[0] == "between":
            _, low, high, li, hi = comparison
            comparison = ("between", _bare(analyte, low), _bare(analyte, high), li, hi)
        if isinstance(analyte, _Free):
            test = self._compare(str(analyte), comparison, window, sustained, meta)
            return ir.Unmapped(subject=str(analyte), test=test, span=self.span(meta))
        # ``sustained``: "for (at least / more than) N" as (comparator, duration)
        lasting = dict(sustained=sustained[1], sustained_op=">" if sustained[0] == ">" else ">=") if sustained else {}
        if comparison[0] == "cmp":
            return ir.Measure(analyte=analyte, op=comparison[1], value=comparison[2], window=window,
                              span=self.span(meta), **lasting)
        _, low, high, li, hi = comparison
        return ir.Between(analyte=analyte, low=low, high=high, low_inclusive=li, high_inclusive=hi,
                          window=window, span=self.span(meta), **lasting)

    def age(self, meta, children):
        comparison = _nodes(children)[0]
        comparison = _age_units(comparison)
        return self._compare("age", comparison, None, None, meta)

    def age_chained(self, meta, children):
        return self.age(meta, [self._chain(meta, children)])

    def age_postfix(self, meta, children):
        num, unit, post = _toks(children, "NUMBER", "TIMEUNIT", "CMP_POST")
        q = ir.Quantity(value=_num(num), unit=ir.TIME_UCUM[unit.value])
        return ir.Measure(analyte="age", op=post.value, value=q, span=self.span(meta))

    def age_range_after(self, meta, children):
        return self._compare("age", _age_units(self.between(meta, _nodes(children))), None, None, meta)

    def lab_condition(self, meta, children):
        # a severity before a lab-defined condition is what its values define
        children = [c for c in children if not isinstance(c, _Severity)]
        cond = _toks(children, "CONDITION")[0]
        analyte = vocabulary().lab_defined_conditions().get(cond.value)
        comparison = _nodes(children)[0]
        q = comparison[2] if comparison[0] == "cmp" else None
        if (analyte is None and isinstance(q, ir.Quantity) and q.unit in _UCUM_TIME
                and not _toks(children, "PERSISTENT") and len(_nodes(children)) == 1):
            # "diabetes >= 6 months", "disease (< 2 months)": how long the condition has lasted
            window, lasting, lasting_op = _condition_duration(
                comparison[1], ir.Duration(value=q.value, unit=_UCUM_TIME[q.unit]), None)
            return ir.Condition(group=cond.value, onset=window, lasting=lasting, lasting_op=lasting_op,
                                span=self.span(meta))
        if analyte is None:
            if (comparison[0] in ("cmp", "between") and isinstance(q if q is not None else comparison[1], ir.Quantity)
                    and (q is None or (q.unit is not None and q.unit not in _UCUM_TIME))
                    or _either_measure(comparison)) and self._measured_right_after(cond):
                # "pulmonary artery hypertension > 50 mmHg", "carotid stenosis < 70%": a measure of the diagnosis
                # that no lab of the vocabulary is; its numbers are kept on the diagnosis's name (unmapped: partial)
                written = " ".join(self._text[cond.start_pos:cond.end_pos].lower().split())
                return self._compare(_Free(written or cond.value.replace("_", " ")), comparison, None, None, meta)
            raise CompileError("vocab.no_defining_lab",
                               f"'{cond.value}' is not defined by one lab value, so a range cannot apply to it",
                               cond.start_pos, cond.end_pos)
        comparison = _nodes(children)[0]
        sustained = next((c for c in _nodes(children)[1:] if isinstance(c, tuple)), None)
        return self._compare(analyte, comparison, None, sustained, meta)

    _COMPARING = frozenset("""than more less greater above below over under equal equals or to at least most
        exceeding exceeds of up is was and""".split())

    def _measured_right_after(self, cond: Token) -> bool:
        """The comparison follows the diagnosis's name with no word of its own between ("carotid stenosis < 70%",
        "tricuspid insufficiency (TI) > 3.4 m/s"): the number is of the diagnosis, not of words the parse left
        out ("DME with central subfield thickness >= 350 um")."""
        rest = self._text[cond.end_pos:]
        m = re.search(r"[\d<>=\u2264\u2265]", rest)
        between = re.sub(r"\([^()]*\)", " ", rest[:m.start()] if m else rest)
        return all(w in self._COMPARING for w in re.findall(r"[^\W\d_]+", between.lower()))

    def defining_any(self, meta, children):
        return self.combine(_nodes(children), "or", self.span(meta))

    def defined_condition(self, meta, children):
        # the measure in the parenthesis is the rule; the condition's name (and any
        # severity) only labels it ("anemia (hemoglobin < 8 g/dL)")
        rule = [n for n in _nodes(children) if not isinstance(n, (_Severity, str))][0]
        measured = [r.analyte for r in ir.walk(rule) if isinstance(r, (ir.Measure, ir.Between))]
        if measured and all(a in vocabulary().analytes and vocabulary().analytes[a].value_type == "ordinal"
                            for a in measured):
            # "heart failure (NYHA class III-IV)": a class of the diagnosis, not what defines it
            cond = ir.Condition(group=_toks(children, "CONDITION")[0].value, span=self.span(meta))
            return ir.All(items=(cond, rule), span=self.span(meta))
        return rule

    # ---- qualitative results ------------------------------------------------
    def repetition(self, meta, children):
        times = int(_num(_toks(children, "NUMBER")[0]))
        apart = next((c for c in _nodes(children) if isinstance(c, ir.Duration)), None)
        return ("repeat", times, apart)

    def result_group(self, meta, children):
        ids = [t.value for t in _toks(children, "ANALYTE")]
        members = ids[1:] if self._leading_umbrella(children) else ids
        rep = next((c for c in _nodes(children) if isinstance(c, tuple)), None)
        sep = "or" if _toks(children, "OR", "EITHER") else "and"
        return ("group", members, sep, rep)

    @staticmethod
    def _leading_umbrella(children) -> bool:
        # "antiphospholipid antibody (either LA, aCL or anti-b2GP1)": the first
        # analyte stands before the parenthesis and only names the family
        return isinstance(children[0], Token) and children[0].type == "ANALYTE"

    def result_subject(self, meta, children):
        return ("group", [children[0].value], "or", None)

    def result(self, meta, children):
        value = "negative" if _toks(children, "NEGATIVE") else "positive"
        nodes = _nodes(children)
        _, members, sep, inner_rep = next(n for n in nodes if isinstance(n, tuple) and n[0] == "group")
        rep = next((n for n in nodes if isinstance(n, tuple) and n[0] == "repeat"), None) or inner_rep
        window = next((n for n in nodes if isinstance(n, ir.Window)), None)
        times, apart = (rep[1], rep[2]) if rep else (1, None)
        items = [ir.Result(analyte=a, value=value, times=times, apart=apart, window=window,
                           span=self.span(meta)) for a in members]
        return self.combine(items, sep, self.span(meta))

    result_post = result

    # ---- sex -------------------------------------------------------------------
    def sex_is(self, meta, children):
        t = children[1].type
        allowed = ("female", "male") if t == "ALLSEX" else (t.lower(),)
        return ir.Sex(allowed=allowed, span=self.span(meta))

    def sex_any(self, meta, children):
        sex = ir.Sex(allowed=("female", "male"), span=self.span(meta))
        item = _nodes(children)
        return ir.All(items=(sex, item[0]), span=self.span(meta)) if item else sex

    def sex_with(self, meta, children):
        sex = ir.Sex(allowed=(children[0].type.lower(),), span=self.span(meta))
        return ir.All(items=(sex, _nodes(children)[0]), span=self.span(meta))

    def sex_after(self, meta, children):
        # "pregnant or lactating women": the condition, and the sex it names
        if isinstance(children[0], (ir.Any, ir.All)) and len(children[0].items) > 2:
            # "asthma, IBS, and pregnant or lactating women": the sex may be of the last items only
            raise CompileError("rule.sex_scope", "a sex after a list of more than two diagnoses may be of its last "
                               "items only; which is not said", meta.start_pos, meta.end_pos)
        sex = ir.Sex(allowed=(children[-1].type.lower(),), span=self.span(meta))
        return ir.All(items=(sex, children[0]), span=self.span(meta))

    # ---- drugs -----------------------------------------------------------------
    def drug_examples(self, meta, children):
        return [t.value for t in _toks(children, "DRUG", "DRUG_CLASS")]

    def drug_item(self, meta, children):
        head = _toks(children, "DRUG", "DRUG_CLASS")[0].value
        examples = next((c for c in _nodes(children)), [])
        return [head] + _extra_examples(head, examples)

    def routed_item(self, meta, children):
        routes = next(n for n in _nodes(children) if isinstance(n, tuple))
        ids = self.drug_item(meta, [c for c in children if not isinstance(c, tuple)])
        for d in ids:
            self._item_routes[d] = routes
        return ids

    def drugs(self, meta, children):
        ids: list[str] = []
        for c in _nodes(children):
            if isinstance(c, list):
                ids.extend(c)
        # (lists6: one drug with examples its class does not cover, "immunosuppressants (including corticosteroids)",
        # is either of them, whatever the role)
        one = len([c for c in _nodes(children) if isinstance(c, list)]) == 1
        return (list(dict.fromkeys(ids)), "or" if one and len(ids) > 1 else self.sep_of(children))

    def routes(self, meta, children):
        return tuple(dict.fromkeys(t.value for t in _toks(children, "ROUTE")))

    def drug_use(self, meta, children):
        nodes = _nodes(children)
        drugs, sep = next(n for n in nodes if isinstance(n, tuple) and isinstance(n[0], list))
        routes = next((n for n in nodes if isinstance(n, tuple) and n and isinstance(n[0], str)), ())
        window = next((n for n in nodes if isinstance(n, ir.Window)), None)
        status = next((n for n in nodes if isinstance(n, str)), None)
        late = next((n for n in nodes if isinstance(n, list)), [])  # examples after the window
        excluding = next((n.drugs for n in nodes if isinstance(n, _Except)), ())
        drugs = drugs + [e for e in late if all(e in _extra_examples(d, [e]) for d in drugs)]
        # "received X" and "prior X" without a window: ever; "ongoing/current X", "receiving X", "use of X",
        # "treatment with X": now (what a criterion means by them; "prior use of X" is ever)
        past = [t for t in _toks(children, "RECEIVED") if t.value.lower() not in _DRUG_NOW_WORDS]
        ever = window is None and status != "active" and (bool(past) or status == "history")
        classes = vocabulary().drug_classes
        # (an exception narrows a class: "warfarin or any antiplatelet except aspirin" excepts from the class)
        items = [ir.DrugUse(drug=d, routes=self._item_routes.get(d, routes), window=window, ever=ever,
                            excluding=excluding if d in classes else (), span=self.span(meta)) for d in drugs]
        return self.combine(items, sep, self.span(meta))

    def drug_lasting(self, meta, children):
        # "metformin for at least 3 months": taken without a break that long (up to now; ever with "prior")
        op, duration = next(n for n in _nodes(children) if _is_sustained(n))
        if op not in (">", ">="):
            # "for less than 2 weeks": a short course, which no record of use can bound from above here
            raise CompileError("rule.drug_short_course", f"a drug taken for {op} a duration is not a rule records can "
                               "decide (only 'at least' a duration is)", meta.start_pos, meta.end_pos)
        rule = self.drug_use(meta, [c for c in children if not _is_sustained(c)])
        return _with_lasting(rule, duration, op)

    def drug_timed(self, meta, children):
        op = _toks(children, "CMP")[0]
        duration = next(n for n in _nodes(children) if isinstance(n, ir.Duration))
        rest = [c for c in children if c is not duration and not (
            isinstance(c, Token) and c.type in ("CMP", "BEFORE", "INDEX"))]
        said = self._text[meta.start_pos:op.start_pos]
        if len(said.split()) > 6 or re.search(r"[,;]", said) or re.search(r"\bof\W*$", said, re.I):
            # an island that joined a drug to a comparison far after it, or another noun's ("immunosuppressive therapy
            # life expectancy of more than 3 months"): the comparison is not the drug's
            raise CompileError("rule.drug_timing", "the comparison is too far from the drug to be its time",
                               meta.start_pos, meta.end_pos)
        if op.value in ("<", "<=") and re.search(r"\b(?:for|duration of|course)\W*$", said, re.I):
            # "oral steroids for no greater than 14 days", "a short course <= 21 days": a short course, not a window
            raise CompileError("rule.drug_short_course", "a drug taken for less than a duration is not a rule records "
                               "can decide (only 'at least' a duration is)", meta.start_pos, meta.end_pos)
        if op.value in ("<", "<="):
            # "received chemotherapy less than 6 weeks ago", "topical corticosteroids in less than 3 months": in that time
            return self.drug_use(meta, rest + [ir.Window(within=duration, inclusive=op.value == "<=")])
        if _toks(children, "BEFORE") or re.match(r"\W*(?:prior|before|ago|preceding|earlier)\b",
                                                 self._text[meta.end_pos:], re.I):
            # "opioid therapy > 3 months before surgery" (taken that long) or "amiodarone >= 60 days prior to day 1"
            # (stopped that long before): the words do not say which
            raise CompileError("rule.drug_timing", f"'{op.value} {duration.value:g} {duration.unit}s before' a drug "
                               "can mean taken that long or stopped that long before", meta.start_pos, meta.end_pos)
        # "taking antihypertensive drugs more than 1 year": taken that long
        return self.drug_lasting(meta, rest + [(op.value, duration)])

    def drug_except(self, meta, children):
        return _Except(tuple(dict.fromkeys(t.value for t in _toks(children, "XDRUG"))))

    def drug_clause(self, meta, children):
        return children[0]

    def condition_treated(self, meta, children):
        return ir.All(items=tuple(_nodes(children)), span=self.span(meta))

    def dose_limit(self, meta, children):
        op, num, unit = children
        return (op.value, ir.Quantity(value=_num(num), unit=unit.value))

    def dose(self, meta, children):
        (drugs, sep), *_ = children
        op, qty = next(c for c in _nodes(children) if isinstance(c, tuple) and isinstance(c[1], ir.Quantity))
        equiv = bool(_toks(children, "EQUIV"))
        items = [self._dose(d, op, qty, equiv, meta) for d in drugs]
        return self.combine(items, sep, self.span(meta))

    def dose_as(self, meta, children):
        (drugs, sep) = children[0]
        as_drug = _toks(children, "DRUG")[0].value
        op, qty = _nodes(children)[-1]
        items = [ir.DrugDose(drug=d, op=op, per_day=qty, as_drug=as_drug, span=self.span(meta)) for d in drugs]
        return self.combine(items, sep, self.span(meta))

    def _dose(self, drug, op, qty, equiv, meta):
        if not equiv:
            return ir.DrugDose(drug=drug, op=op, per_day=qty, span=self.span(meta))
        cls = _class_with_reference(drug)
        if cls is None:
            raise CompileError("vocab.no_equivalence",
                               f"no drug class takes '{drug}' as its reference for equivalent doses")
        return ir.DrugDose(drug=cls, op=op, per_day=qty, as_drug=drug, span=self.span(meta))

    def stable(self, meta, children):
        drugs = next((c for c in _nodes(children) if isinstance(c, tuple) and isinstance(c[0], list)), None)
        op, dur = next(c for c in _nodes(children) if isinstance(c, tuple) and isinstance(c[1], ir.Duration))
        if drugs is None:
            raise CompileError("rule.stable_without_drug", "'stable' needs the drug whose dose is stable")
        items = [ir.DoseStable(drug=d, op=op, duration=dur, span=self.span(meta)) for d in drugs[0]]
        return self.combine(items, drugs[1], self.span(meta))

    # allowances and washouts ---------------------------------------------------
    def allowed_use(self, meta, children):
        drugs, _sep = children[0]
        equiv = bool(_toks(children, "EQUIV"))
        limit = next((c for c in _nodes(children)[1:] if isinstance(c, tuple)), None)
        return (drugs, equiv, limit)

    def allow_stable(self, meta, children):
        op, dur = _nodes(children)[0]
        return ("stable", op, dur)

    def allow_dose(self, meta, children):
        op, qty = _nodes(children)[0]
        return ("dose", op, qty)

    def allowance(self, meta, children):
        (drugs, equiv, limit), *conds = _nodes(children)
        span = self.span(meta)
        forbidden = []
        for d in drugs:
            allowed_if = []
            if limit:
                allowed_if.append(self._dose(d, limit[0], limit[1], equiv, meta))
            subject = allowed_if[0].drug if allowed_if else d
            for kind, op, value in conds:
                if kind == "stable":
                    allowed_if.append(ir.DoseStable(drug=subject, op=op, duration=value, span=span))
                else:
                    allowed_if.append(self._dose(d, op, value, equiv, meta))
            if not allowed_if:
                continue  # "X is allowed" with no condition forbids nothing
            use = ir.DrugUse(drug=subject, span=span)
            cond = allowed_if[0] if len(allowed_if) == 1 else ir.All(items=tuple(allowed_if), span=span)
            forbidden.append(ir.All(items=(use, ir.Not(item=cond, span=span)), span=span))
        rule = forbidden[0] if len(forbidden) == 1 else ir.Any(items=tuple(forbidden), span=span)
        return Forbids(rule)

    def washout(self, meta, children):
        nodes = _nodes(children)
        extent = next(n for n in nodes if isinstance(n, (ir.Duration, ir.HalfLives, ir.Longer)))
        drugs, _sep = next(n for n in nodes if isinstance(n, tuple))
        span = self.span(meta)
        items = tuple(ir.DrugUse(drug=d, window=ir.Window(within=extent), span=span) for d in drugs)
        return Forbids(items[0] if len(items) == 1 else ir.Any(items=items, span=span))

    washout_post = washout

    # ---- conditions --------------------------------------------------------------
    def status(self, meta, children):
        return "history" if _toks(children, "HISTORY") else "active"

    def severity(self, meta, children):
        named = [t.value for t in _toks(children, "SEVERITY")]
        if _toks(children, "TO") and len(named) == 2:
            # "mild to severe": the whole span of the scale between them
            lo, hi = sorted(ir.SEVERITIES.index(n) for n in named)
            named = list(ir.SEVERITIES[lo:hi + 1])
        return _Severity(tuple(sorted(set(named), key=ir.SEVERITIES.index)))

    def conditions(self, meta, children):
        # "pregnancy/breastfeeding": a slash between diagnoses or states is either ("No pregnancy /
        # breastfeeding" excludes each, not only both at once)
        either = any(c == "/" for c in children if isinstance(c, str))
        toks = _toks(children, "CONDITION")
        groups = _Groups(t.value for t in toks)
        written = [" ".join(self._text[t.start_pos:t.end_pos].lower().split()) for t in toks]
        groups.repeated = len(set(written)) < len(written)
        return (groups, "or" if either else self.sep_of(children))

    def examples(self, meta, children):
        # a diagnosis's examples are read beside it: most are in its group already, and one that
        # is not ("heart disease including hypertension") must still count
        return ("examples", tuple(_nodes(children)[0][0]))

    def excepted(self, meta, children):
        return ("except", tuple(t.value for t in _toks(children, "CONDITION")))

    def condition(self, meta, children):
        nodes = _nodes(children)
        groups, sep = next(n for n in nodes if isinstance(n, tuple) and isinstance(n[0], list))
        # (read first: the rule without them is built once, by the call below)
        qualifiers = [t.value.replace("_", " ") for t in _toks(children, "QUALIFIER")]
        if qualifiers:
            return self._qualified(self.condition(meta, [c for c in children if not (
                isinstance(c, Token) and c.type == "QUALIFIER")]), qualifiers, groups, meta)
        status = next((n for n in nodes if isinstance(n, str)), "any")
        examples = next((n[1] for n in nodes if isinstance(n, tuple) and n[0] == "examples"), ())
        excluding = next((n[1] for n in nodes if isinstance(n, tuple) and n[0] == "except"), ())
        severity = next((n.allowed for n in nodes if isinstance(n, _Severity)), ())
        window = next((n for n in nodes if isinstance(n, ir.Window)), None)
        lasting, lasting_op = None, ">="
        sustained = next((n for n in nodes if _is_sustained(n)), None)
        if sustained is not None:
            window, lasting, lasting_op = _condition_duration(sustained[0], sustained[1], window)
        if window is not None and getattr(groups, "repeated", False):
            # "active TB or TB in the past 3 years": the window is the second item's only (for both, the
            # list would say one diagnosis twice); read for both, the active TB was lost
            raise CompileError("rule.window_scope", "a window after a diagnosis named twice in a list is the last "
                               "item's only, which the rule cannot say", meta.start_pos, meta.end_pos)
        common = dict(status=status, severity=severity, onset=window, lasting=lasting, lasting_op=lasting_op,
                      span=self.span(meta))
        items = [ir.Condition(group=g, excluding=excluding, **common) for g in groups]
        if window is not None and lasting is None and not _toks(children, "ONSET"):
            # "substance abuse within 6 months": a state (condition_states.csv) present in the window, whenever
            # it began; an event ("MI within 6 months") began in it, as does anything "new onset" or "onset of"
            items = [dataclasses.replace(c, onset=None, present=window) if _is_state(c.group) else c for c in items]
        if examples:
            items = [self.combine(items, sep, self.span(meta))] + [
                ir.Condition(group=g, **common) for g in examples
                if not any(g in vocabulary().expand_condition(h) for h in groups)]
            return self.combine(items, "or", self.span(meta))
        return self.combine(items, sep, self.span(meta))

    def _qualified(self, rule, qualifiers: list[str], groups: list[str], meta):
        """"Significant depression": the diagnosis, and a person's check of what no record holds. No record of
        the diagnosis decides it (not met); a recorded one leaves the check to a person."""
        if any(isinstance(r, ir.Condition) and r.onset is not None for r in ir.walk(rule)):
            qualifiers = [q for q in qualifiers if q != "recent"]  # "recent stroke within 3 months": the window says it
            if not qualifiers:
                return rule
        names = " or ".join(vocabulary().condition_groups[g].name if g in vocabulary().condition_groups else g
                            for g in groups)
        said = " ".join(qualifiers)
        check = ir.Manual(reason=f"whether the {names} is {said}{QUALIFIER_CHECK}", span=self.span(meta))
        return ir.All(items=(rule, check), span=self.span(meta))

    def condition_ago(self, meta, children):
        # "stroke more than 6 months prior to enrollment": when it began, resolved or not
        groups = [_toks(children, "CONDITION")[0].value]
        excluding = next((n[1] for n in _nodes(children) if isinstance(n, tuple) and n[0] == "except"), ())
        duration = next(n for n in _nodes(children) if isinstance(n, ir.Duration))
        severity = next((n.allowed for n in _nodes(children) if isinstance(n, _Severity)), ())
        return self._began(groups, _toks(children, "CMP")[0].value, duration, "and", meta, excluding, severity)

    def condition_since(self, meta, children):
        # "at least 6 months after stroke", "> 6 months post-onset of stroke"; with no comparator, "a 2-year
        # history of seasonal allergic rhinitis" (at least that long)
        (groups, sep), = [n for n in _nodes(children) if isinstance(n, tuple)]
        duration = next(n for n in _nodes(children) if isinstance(n, ir.Duration))
        op = next((t.value for t in _toks(children, "CMP")), ">=")
        return self._began(groups, op, duration, sep, meta)

    condition_history_for = condition_since

    def _began(self, groups: list[str], op: str, duration: ir.Duration, sep: str, meta, excluding=(), severity=()):
        """A diagnosis whose onset is at least (for < and <=: within) ``duration`` before the index date,
        resolved or not: Condition(status="history", lasting=...) (docs/semantics.md, "Conditions")."""
        if op == "=":
            raise CompileError("rule.exact_onset", "an onset exactly so long ago is no limit a rule can check",
                               meta.start_pos, meta.end_pos)
        window, lasting, lasting_op = _condition_duration(op, duration, None)
        # an onset window ("less than 6 months ago") reads no status
        status = "any" if window is not None else "history"
        items = [ir.Condition(group=g, status=status, onset=window, lasting=lasting, lasting_op=lasting_op,
                              excluding=tuple(excluding), severity=tuple(severity), span=self.span(meta))
                 for g in groups]
        return self.combine(items, sep, self.span(meta))

    def onset(self, meta, children):
        if not any(isinstance(n, ir.Window) for n in _nodes(children)):
            raise CompileError("rule.onset_without_window", "'new onset' needs a window ('within 4 weeks')")
        return self.condition(meta, children)

    # ---- allergies ------------------------------------------------------------------
    def allergens(self, meta, children):
        seps = [t.value for t in _toks(children, "AGENT_SEP")]
        ids = list(dict.fromkeys(t.value for t in _toks(children, "ALLERGEN")))
        return _Agents(ids, "or" if "or" in seps else "and")

    def allergy_words(self, meta, children):
        return None

    def allergy(self, meta, children):
        nodes = _nodes(children)
        # "history of allergy to X": ever recorded; "current"/"known" allergy: recorded and not resolved
        status = "history" if "history" in nodes else "any"
        agents = next(n for n in nodes if isinstance(n, _Agents))
        items = [ir.Allergy(agent=a, status=status, span=self.span(meta)) for a in agents.ids]
        return self.combine(items, agents.sep, self.span(meta))

    allergy_post = allergy

    # ---- procedures -----------------------------------------------------------------
    def procedures(self, meta, children):
        return _Procedures([t.value for t in _toks(children, "PROCEDURE")], self.sep_of(children))

    def procedure(self, meta, children):
        nodes = _nodes(children)
        procs = next(n for n in nodes if isinstance(n, _Procedures))
        window = next((n for n in nodes if isinstance(n, ir.Window)), None)
        # "current/ongoing X", "on X": in progress now; "prior X", "history of X", "X": ever; a window wins
        now = ("active" in nodes or bool(_toks(children, "TAKING"))
               or any(t.value.lower() in _NOW_WORDS for t in _toks(children, "RECEIVED"))) and "history" not in nodes
        status = "current" if window is None and now else "ever"
        items = [ir.Procedure(procedure=p, status=status, window=window, span=self.span(meta)) for p in procs.ids]
        return self.combine(items, procs.sep, self.span(meta))

    # ---- immunizations --------------------------------------------------------------
    def immunizations(self, meta, children):
        return _Procedures([t.value for t in _toks(children, "IMMUNIZATION")], self.sep_of(children))

    def immunization(self, meta, children):
        nodes = _nodes(children)
        given = next(n for n in nodes if isinstance(n, _Procedures))
        window = next((n for n in nodes if isinstance(n, ir.Window)), None)
        items = [ir.Immunization(vaccine=v, window=window, span=self.span(meta)) for v in given.ids]
        return self.combine(items, given.sep, self.span(meta))

    # ---- other studies -----------------------------------------------------------------
    def study(self, meta, children):
        kind = _toks(children, "STUDY")[0].value  # "study" or "investigational", with "+current"
        window = next((n for n in _nodes(children) if isinstance(n, ir.Window)), None)
        if window is not None and not isinstance(window.within, ir.Duration):
            # "or 5 half-lives of the investigational drug": no record tells an unknown product's half-life
            return ir.Unmapped(subject=kind.split("+")[0], window=window, span=self.span(meta))
        current = kind.endswith("+current")
        if current == (window is not None):
            raise CompileError("rule.study_when", "another study needs a window or 'currently'")
        return ir.Study(window=window, current=current, investigational=kind.startswith("investigational"),
                        span=self.span(meta))

    def open_list(self, meta, children):
        groups, _sep = _nodes(children)[0]
        items: list = [ir.Condition(group=g, span=self.span(meta)) for g in groups]
        closed = any(t.value.lower() in _RESTATING for t in _toks(children, "INCLUDING"))
        if not closed:
            # "pulmonary disorders, including COPD and asthma": the examples decide when present; the
            # rest of a head the vocabulary does not know needs a person ("i.e.", "namely" restate it)
            head = [t for t in children if isinstance(t, Token) and t.type in ("WORD", "OR", "AND")]
            words = " ".join(t.value for t in head)
            items.append(ir.Manual(reason=f"other {words}", span=self.span(meta)))
        return self.combine(items, "or", self.span(meta))

    def nothing(self, meta, children):
        return ir.Any(items=(), span=self.span(meta))

    def manual(self, meta, children):
        return ir.Manual(reason=_toks(children, "STRING")[0].value.strip(), span=self.span(meta))


@dataclass(frozen=True)
class _Severity:
    """The severities a rule names (a parse-tree value, not a rule)."""

    allowed: tuple[str, ...]


_VOLUMES = frozenset({"mm3", "uL", "mL", "L", "dL", "nL"})


def _empty(low, high) -> bool:
    """Whether no value lies between ``low`` and ``high`` (both quantities in one unit)."""
    return (isinstance(low, ir.Quantity) and isinstance(high, ir.Quantity) and low.unit == high.unit
            and low.value > high.value)


@dataclass(frozen=True)
class _Procedures:  # (also the vaccines of an immunization rule)
    ids: list[str]
    sep: str


# "receiving mechanical ventilation", "undergoing dialysis": in progress, not ever
_NOW_WORDS = frozenset({"receiving", "undergoing", "on"})
# a drug's "received" words that say it is taken now: "receiving", "use of", "usage of", "treatment with"
# (a RECEIVED token's value is its phrase's first word, grammars/lexicon.tsv)
_DRUG_NOW_WORDS = frozenset({"receiving", "use", "usage", "treatment", "receipt"})


@dataclass(frozen=True)
class _Agents:
    ids: list[str]
    sep: str


def _per_volume(analyte: str, t):
    """'ANC >= 1000 mm3' on a cell count means per mm3 (a count is never a volume)."""
    if isinstance(t, ir.Quantity) and t.unit in _VOLUMES:
        a = vocabulary().analytes.get(analyte)
        if a is not None and a.canonical_unit and a.canonical_unit.startswith("10*") and "/" in a.canonical_unit:
            return ir.Quantity(value=t.value, unit="/" + t.unit)
    return t


def _bare(analyte: str, t):
    """"BMI > 40": a number written alone is in the one unit the analyte is reported in, where the
    vocabulary names one (analyte_bare_units.csv); elsewhere it stays bare and cannot be compared."""
    if isinstance(t, ir.Quantity) and t.unit is None:
        a = vocabulary().analytes.get(analyte)
        if a is not None and a.bare_unit and not (a.bare_unit == "%" and 0 < t.value <= 1):
            # ("hematocrit < 0.30", "LVEF < 0.40": a fraction, not 0.3 %; left bare, it is flagged)
            return ir.Quantity(value=t.value, unit=a.bare_unit)
    return t


def _unbracketed(first, span) -> bool:
    """Whether a list's first item starts where the list does: not "(not (taking X)) or ...", the canonical text
    of a rule whose items stand in parentheses of their own, which reads back as written."""
    return first.span is None or span is None or first.span.start == span.start


def _window_of_last_only(items) -> bool:
    """'History of MI, or unstable angina, or NYHA class III-IV within 6 months': the window reached only the
    last item (a score), while the diagnoses before it read as ever; the text may mean every item's window."""
    last = items[-1]
    if isinstance(last, (ir.Measure, ir.Between)) and last.window is not None:
        statuses = ("history",)
    elif isinstance(last, (ir.Procedure, ir.DrugUse)) and last.window is not None:
        # "Myocardial infarction or coronary revascularization within the last 3 months": a window a
        # diagnosis list would share ("MI or stroke within 3 months") reached only the procedure
        statuses = ("history", "any", "active")
    else:
        return False
    return any(isinstance(i, ir.Condition) and i.status in statuses and i.onset is None and i.lasting is None
               for i in ir.walk(ir.Any(items=tuple(items[:-1]))))


def _is_sustained(node) -> bool:
    """A "for (at least) N" node: (comparator, duration) (ToIR.sustained)."""
    return isinstance(node, tuple) and len(node) == 2 and isinstance(node[1], ir.Duration)


def _ages_apart(items) -> bool:
    """Two age limits joined by 'and' that no age meets at once ("older than 45 and younger than 18")."""
    if len(items) != 2 or not all(isinstance(i, ir.Measure) and i.analyte == "age"
                                  and isinstance(i.value, ir.Quantity) for i in items):
        return False
    low = [i for i in items if i.op in (">", ">=")]
    high = [i for i in items if i.op in ("<", "<=")]
    if len(low) != 1 or len(high) != 1 or low[0].value.unit != high[0].value.unit:
        return False
    lo, hi = low[0].value.value, high[0].value.value
    return lo > hi or (lo == hi and (low[0].op == ">" or high[0].op == "<"))


def _with_lasting(rule, duration: ir.Duration, op: str):
    """Every drug of a drug-use rule (a drug or a list of them) taken for ``op duration``."""
    if isinstance(rule, ir.DrugUse):
        return dataclasses.replace(rule, lasting=duration, lasting_op=op)
    return dataclasses.replace(rule, items=tuple(_with_lasting(i, duration, op) for i in rule.items))


@dataclass(frozen=True)
class _Except:
    """The drugs after "other than" / "except" in a drug rule."""

    drugs: tuple[str, ...]


class _Free(str):
    """A subject the vocabulary does not know, as written."""


def _condition_duration(op: str, d: ir.Duration, window):
    """A condition's duration: "for at least 6 months" is present that long; "for less than
    2 years" is an onset within 2 years.  Returns (onset window, lasting, lasting_op)."""
    if op in (">", ">="):
        return window, d, op
    if op == "=":
        # "chronic back pain of =3 months duration" (a lost '≥' or '≤', as often in registry text): an exact
        # length is no limit, and reading it as either bound would guess
        raise CompileError("rule.exact_onset", "an onset exactly so long ago is no limit a rule can check")
    if window is not None:
        raise CompileError("rule.two_windows", "a condition cannot have both an onset window and a duration")
    return ir.Window(within=d, inclusive=op == "<="), None, ">="


_UCUM_TIME = {v: k for k, v in ir.TIME_UCUM.items()}


def _share_unit(t1, t2):
    """"30-100 x 10^9/L": a unit written once applies to both ends."""
    if isinstance(t1, ir.Quantity) and isinstance(t2, ir.Quantity):
        if t1.unit is None and t2.unit is not None:
            t1 = ir.Quantity(value=t1.value, unit=t2.unit)
        elif t2.unit is None and t1.unit is not None:
            t2 = ir.Quantity(value=t2.value, unit=t1.unit)
    return t1, t2


def _age_units(comparison):
    """Ages without a unit are in years."""
    def fix(t):
        if isinstance(t, ir.Quantity) and t.unit is None:
            return ir.Quantity(value=t.value, unit="a")
        return t
    if comparison[0] == "cmp":
        return ("cmp", comparison[1], fix(comparison[2]))
    if comparison[0] == "either":
        return ("either", _age_units(comparison[1]), _age_units(comparison[2]))
    if comparison[0] == "values":
        return ("values", [fix(q) for q in comparison[1]])
    if comparison[0] == "pair":
        return comparison
    _, low, high, li, hi = comparison
    return ("between", fix(low), fix(high), li, hi)


def _class_with_reference(drug_id: str) -> str | None:
    for cls in vocabulary().drug_classes.values():
        if cls.reference_drug == drug_id:
            return cls.id
    return None


def _extra_examples(head: str, examples: list[str]) -> list[str]:
    """Examples in parentheses that the head class does not already cover."""
    cls = vocabulary().drug_classes.get(head)
    if cls is None:
        return [e for e in examples if e != head]
    return [e for e in examples if e not in cls.members and e != head]
