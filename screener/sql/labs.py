"""Labs, vitals, scores and qualitative results as SQL (docs/semantics.md, "Labs" and "Qualitative").

Each rule reads the ``obs`` facts (results up to as_of).  The per-result test
is one SQL expression; the latest / window / persistence / repetition logic
is a few grouped CTEs.  Thresholds and default ranges are worked out once, in
Python, by the same functions the interpreter uses.
"""

from __future__ import annotations

from sqlglot import exp

from screener import ir
from screener.evaluate.rules import RuleEvaluator, advance_per_day
from screener.units import analyte_threshold
from screener.sql.context import Ctx, Leaf, NotExpressible
from screener.sql.syntax import (FALSE, NULL, TRUE, Expr, agg_max, agg_min, and_, bool_and, bool_or,
                                 case, censored_compare, cmp, col, in_, is_false, is_null, is_true, lit, minus,
                                 minus_duration, not_null, or_, paren, step)
from screener.units import UnitConversionError, linear_map

_MAX_TIMES = 12  # repetition is unrolled into one CTE per occurrence


def no_results(ctx: Ctx) -> Expr:
    # a trial may say a missing result means none was ever positive/high (observations=complete)
    return FALSE.copy() if ctx.policy.observations == "complete" else NULL.copy()


def _stale(ctx: Ctx) -> Expr:
    return minus(ctx.day, ctx.policy.lab_lookback_days, "day")


# ---- one result against a threshold -----------------------------------------------------

def _default_limit(ctx: Ctx, analyte: str, t: ir.RefMultiple, sex: str | None) -> float | None:
    """factor x our default limit for this sex (None: no default, or it does not convert)."""
    v = ctx.vocab
    dflt = v.reference_range(analyte, sex)
    if dflt is None:
        return None
    try:
        m = linear_map(dflt.unit, v.analytes[analyte].canonical_unit, analyte)
    except UnitConversionError:
        return None
    raw = dflt.high if t.bound == "ULN" else dflt.low
    return None if raw is None else t.factor * float(m.apply(raw))


def _bound(ctx: Ctx, analyte: str, t) -> Expr:
    """A threshold for the result ``o`` in canonical units; NULL where the interpreter has none."""
    if isinstance(t, ir.Quantity):
        try:
            return lit(analyte_threshold(analyte, t.value, t.unit))
        except UnitConversionError:
            return NULL.copy()
    if not isinstance(t, ir.RefMultiple):
        raise NotExpressible(f"threshold kind {getattr(t, 'kind', type(t).__name__)!r}")
    limit = col("ref_high" if t.bound == "ULN" else "ref_low", "o")
    by_sex = {s: _default_limit(ctx, analyte, t, s) for s in ("female", "male", None)}
    if len(set(by_sex.values())) == 1:
        default = lit(by_sex[None])
    else:  # sex-specific defaults: the patient's sex picks one; no sex, no sex-specific range
        default = case((exp.EQ(this=col("sex", "p"), expression=lit("female")), lit(by_sex["female"])),
                       (exp.EQ(this=col("sex", "p"), expression=lit("male")), lit(by_sex["male"])),
                       default=lit(by_sex[None]))
    return case((not_null(col("ref_problem", "o")), NULL.copy()),  # a range we cannot read is never replaced
                (not_null(limit), exp.Mul(this=lit(float(t.factor)), expression=limit)),
                default=default)


def _needs_sex(node) -> bool:
    return any(isinstance(t, ir.RefMultiple) for t in
               ((node.value,) if isinstance(node, ir.Measure) else (node.low, node.high)))


def _carried(ctx: Ctx, analyte: str) -> tuple[Expr, Expr | None]:
    """The value of the result ``o`` on as_of, and when it says nothing about now (or None).

    An analyte that advances with time (analyte_advancing.csv) is its observed value plus the days
    since, in its unit; past its limit it is unknown (evaluate.rules.RuleEvaluator.carried)."""
    value = col("norm_value", "o")
    a = ctx.vocab.analytes.get(analyte)
    if a is None or not a.advances:
        return value, None
    days = exp.DateDiff(this=ctx.day, expression=col("obs_date", "o"), unit=exp.var("DAY"))
    # a newborn's own result (observed before its first birthday) is its value at birth: it stays
    newborn = cmp(exp.DateDiff(this=col("obs_date", "o"), expression=col("birth_date", "p"), unit=exp.var("DAY")),
                  "<", lit(365))
    days = case((and_(not_null(col("birth_date", "p")), newborn), lit(0)), default=days)
    value = exp.Add(this=value, expression=exp.Mul(this=days, expression=lit(advance_per_day(a.canonical_unit))))
    ended = None if a.advances_until is None else cmp(paren(value), ">", lit(float(a.advances_until)))
    return paren(value), ended


def numeric_test(ctx: Ctx, node) -> Expr:
    """Does the result ``o`` satisfy a Measure or Between (TRUE / FALSE / NULL)?"""
    value, ended = _carried(ctx, node.analyte)
    test = _numeric_test(ctx, node, value)
    return test if ended is None else case((ended, NULL.copy()), default=test)


def _numeric_test(ctx: Ctx, node, value: Expr) -> Expr:
    comparator = col("comparator", "o")
    if isinstance(node, ir.Measure):
        return censored_compare(value, comparator, node.op, _bound(ctx, node.analyte, node.value))
    lo, hi = _bound(ctx, node.analyte, node.low), _bound(ctx, node.analyte, node.high)
    a = censored_compare(value, comparator, ">=" if node.low_inclusive else ">", lo)
    b = censored_compare(value, comparator, "<=" if node.high_inclusive else "<", hi)
    both = and_(exp.paren(a), exp.paren(b))
    if isinstance(lo, exp.Literal) and isinstance(hi, exp.Literal):
        return both
    # either bound missing: unknown, even where the other bound alone would say no
    return case((or_(is_null(lo), is_null(hi)), NULL.copy()), default=both)


def _rows(ctx: Ctx, analytes: list[str], test: Expr, alias: str, start: Expr | None, with_sex: bool) -> exp.Select:
    q = exp.select(col("pid", "o"), col("analyte", "o"), col("obs_date", "o"), col("seq", "o"),
                   exp.alias_(test, alias)).from_(exp.alias_(exp.to_table("obs"), "o"))
    if with_sex:
        q = q.join(exp.alias_(exp.to_table("patients"), "p"), on=exp.EQ(this=col("pid", "p"), expression=col("pid", "o")))
    where = in_(col("analyte", "o"), analytes)
    if start is not None:
        where = and_(where, cmp(col("obs_date", "o"), ">=", start))
    return q.where(where)


# ---- latest / window / persistence ------------------------------------------------------

def over_time(ctx: Ctx, node, name: str) -> Leaf:
    """Measure and Between on a lab (evaluate.rules._over_time)."""
    start = ctx.window_start_any(node.window) if node.window is not None else None
    advancing = node.analyte in ctx.vocab.analytes and ctx.vocab.analytes[node.analyte].advances
    rows = _rows(ctx, [node.analyte], numeric_test(ctx, node), "t", start, _needs_sex(node) or advancing)
    t = col("t")
    if node.sustained is not None:
        return _sustained(ctx, node, name, rows, check_stale=node.window is None)
    if node.window is not None:  # some result in the window satisfies; all fail: not met
        leaf = exp.select(col("pid"), exp.alias_(
            case((bool_or(is_true(t)), TRUE.copy()), (bool_and(is_false(t)), FALSE.copy())), "v")
        ).from_(exp.alias_(exp.paren(rows), "r")).group_by(col("pid"))
        return Leaf([(name, leaf)], no_results(ctx))
    # the latest day decides; results on that day must agree; it must not be stale
    latest = exp.select(col("pid"), col("obs_date"), t, exp.alias_(
        exp.Window(this=agg_max(col("obs_date")), partition_by=[col("pid")]), "latest")
    ).from_(exp.alias_(exp.paren(rows), "r"))
    leaf = exp.select(col("pid"), exp.alias_(case(
        (cmp(agg_max(col("obs_date")), "<", _stale(ctx)), NULL.copy()),
        (bool_and(is_true(t)), TRUE.copy()), (bool_and(is_false(t)), FALSE.copy())), "v")
    ).from_(exp.alias_(exp.paren(latest), "l")).where(
        exp.EQ(this=col("obs_date"), expression=col("latest"))).group_by(col("pid"))
    return Leaf([(name, leaf)], no_results(ctx))


def _sustained(ctx: Ctx, node, name: str, rows: exp.Select, check_stale: bool) -> Leaf:
    """Walk back from the latest result: the run of satisfying results must span the duration."""
    t = col("t")
    order = [exp.Ordered(this=col("obs_date"), desc=True), exp.Ordered(this=col("seq"), desc=True)]
    k = exp.Window(this=exp.RowNumber(), partition_by=[col("pid")], order=exp.Order(expressions=order))
    ranked = exp.select(col("pid"), col("obs_date"), t, exp.alias_(k, "k")).from_(exp.alias_(exp.paren(rows), "r"))
    # the first result (walking back) that does not satisfy breaks the run
    brk = exp.Window(this=agg_min(case((exp.not_(is_true(t)), col("k")))), partition_by=[col("pid")])
    marked = exp.select(col("pid"), col("obs_date"), t, col("k"), exp.alias_(brk, "brk")).from_(
        exp.alias_(exp.paren(ranked), "rk"))
    run_first = agg_min(case((or_(is_null(col("brk")), cmp(col("k"), "<", col("brk"))), col("obs_date"))))
    whens = []
    if check_stale:
        whens.append((cmp(agg_max(col("obs_date")), "<", _stale(ctx)), NULL.copy()))
    # ("for > 3 months": the run reaches back past the period's first day)
    whens += [(cmp(minus_duration(agg_max(col("obs_date")), node.sustained), ">" if node.sustained_op == ">" else ">=",
                   run_first), TRUE.copy()),
              (bool_or(and_(exp.EQ(this=col("k"), expression=col("brk")), is_false(t))), FALSE.copy())]
    leaf = exp.select(col("pid"), exp.alias_(case(*whens), "v")).from_(
        exp.alias_(exp.paren(marked), "m")).group_by(col("pid"))
    return Leaf([(name, leaf)], no_results(ctx))


# ---- qualitative results ----------------------------------------------------------------

def _starts(e: Expr, prefixes) -> list[Expr]:
    return [exp.Like(this=e.copy(), expression=lit(p + "%")) for p in prefixes]


def _flags(flags) -> Expr:
    return exp.ArrayOverlaps(this=col("flags", "o"), expression=exp.Array(expressions=[lit(f) for f in sorted(flags)]))


def polarity(ctx: Ctx, umbrella: str) -> Expr:
    """'positive' / 'negative' / NULL for the result ``o`` (evaluate.rules._polarity)."""
    R = RuleEvaluator
    key = col("text_key", "o")
    negative = or_(in_(key, R._NEGATIVE_TEXT), *_starts(key, ("negative", "not detected", "non-reactive")))
    positive = or_(in_(key, R._POSITIVE_TEXT), *_starts(key, ("positive", "detected", "reactive")))
    cutoffs = []  # an isotype's cut-off (analyte_members.csv) where the record gives no upper limit
    for member, cutoff, unit in ctx.vocab.analyte_members(umbrella):
        if cutoff is None:
            continue
        try:
            cutoffs.append((member, analyte_threshold(member, cutoff, unit)))
        except UnitConversionError:
            continue  # that isotype then has no cut-off, as in the interpreter
    limit = col("ref_high", "o")
    if cutoffs:
        limit = exp.Coalesce(this=limit, expressions=[case(
            *[(exp.EQ(this=col("analyte", "o"), expression=lit(m)), lit(c)) for m, c in cutoffs])])
    above = censored_compare(col("norm_value", "o"), col("comparator", "o"), ">", limit)
    by_value = exp.Case(this=paren(above), ifs=[exp.If(this=TRUE.copy(), true=lit("positive")),
                                                exp.If(this=FALSE.copy(), true=lit("negative"))])
    return case((negative, lit("negative")), (positive, lit("positive")),
                (_flags(R._POSITIVE_FLAGS), lit("positive")), (_flags(R._NEGATIVE_FLAGS), lit("negative")),
                default=by_value)  # a censored value that cannot tell stays unreadable


def result(ctx: Ctx, node: ir.Result, name: str) -> Leaf:
    """Qualitative results (evaluate.rules._result): the latest of each test, or a repetition."""
    analytes = [node.analyte, *(m for m, _c, _u in ctx.vocab.analyte_members(node.analyte))]
    start = ctx.window_start_any(node.window) if node.window is not None else None
    rows = _rows(ctx, analytes, polarity(ctx, node.analyte), "pol", start, False)
    if node.times <= 1 and node.window is None:
        return _latest_polarity(ctx, node, name, rows)
    return _repetition(ctx, node, name, rows)


def _latest_polarity(ctx: Ctx, node: ir.Result, name: str, rows: exp.Select) -> Leaf:
    """Each test's latest day: positive if any test reads positive there, negative if all read negative."""
    pol = col("pol")
    latest = exp.select(col("pid"), col("analyte"), col("obs_date"), pol, exp.alias_(
        exp.Window(this=agg_max(col("obs_date")), partition_by=[col("pid"), col("analyte")]), "latest")
    ).from_(exp.alias_(exp.paren(rows), "r"))
    one = exp.Count(this=exp.Distinct(expressions=[exp.Coalesce(this=pol, expressions=[lit("unreadable")])]))
    per_test = exp.select(col("pid"), col("analyte"), exp.alias_(case(
        (cmp(agg_max(col("obs_date")), "<", _stale(ctx)), NULL.copy()),
        (exp.EQ(this=one, expression=lit(1)), agg_max(pol))), "test_pol")  # same-day results must agree
    ).from_(exp.alias_(exp.paren(latest), "l")).where(
        exp.EQ(this=col("obs_date"), expression=col("latest"))).group_by(col("pid"), col("analyte"))
    tp = col("test_pol")
    want_pos = lit(node.value == "positive")
    leaf = exp.select(col("pid"), exp.alias_(case(
        (bool_or(exp.EQ(this=tp, expression=lit("positive"))), want_pos),
        (bool_and(exp.Coalesce(this=exp.EQ(this=tp, expression=lit("negative")), expressions=[FALSE.copy()])),
         lit(node.value == "negative"))), "v")
    ).from_(f"{name}_tests").group_by(col("pid"))
    return Leaf([(f"{name}_tests", per_test), (name, leaf)], no_results(ctx))


def _repetition(ctx: Ctx, node: ir.Result, name: str, rows: exp.Select) -> Leaf:
    """Greedy: the earliest matching result, then each next one at least ``apart`` later."""
    pol = col("pol")
    hits = exp.select(col("pid"), col("obs_date")).from_(f"{name}_rows").where(
        exp.EQ(this=pol, expression=lit(node.value)))
    ctes: list[tuple[str, exp.Select]] = [(f"{name}_rows", rows), (f"{name}_hits", hits)]
    times = max(node.times, 1)
    if node.apart is None or step(node.apart.value, node.apart.unit)[1] == 0:
        enough = exp.select(col("pid")).from_(f"{name}_hits").group_by(col("pid")).having(
            cmp(exp.Count(this=exp.Star()), ">=", lit(times)))
        ctes.append((f"{name}_enough", enough))
    else:
        if times > _MAX_TIMES:
            raise NotExpressible(f"repetition of more than {_MAX_TIMES} results")
        prev = None
        for i in range(1, times + 1):
            q = exp.select(col("pid", "h"), exp.alias_(agg_min(col("obs_date", "h")), "chosen")).from_(
                exp.alias_(exp.to_table(f"{name}_hits"), "h"))
            if prev is not None:
                q = q.join(exp.alias_(exp.to_table(prev), "c"), on=exp.EQ(this=col("pid", "c"), expression=col("pid", "h")))
                q = q.where(cmp(minus_duration(col("obs_date", "h"), node.apart), ">=", col("chosen", "c")))
            q = q.group_by(col("pid", "h"))
            prev = f"{name}_pick{i}"
            ctes.append((prev, q))
        ctes.append((f"{name}_enough", exp.select(col("pid")).from_(prev)))
    enough = f"{name}_enough"
    leaf = exp.select(col("pid", "r"), exp.alias_(case(
        (bool_or(not_null(col("pid", "e"))), TRUE.copy()),
        (bool_or(is_null(col("pol", "r"))), NULL.copy()),  # an unreadable result could complete it
        default=FALSE.copy()), "v")
    ).from_(exp.alias_(exp.to_table(f"{name}_rows"), "r")).join(
        exp.alias_(exp.to_table(enough), "e"), on=exp.EQ(this=col("pid", "e"), expression=col("pid", "r")),
        join_type="left").group_by(col("pid", "r"))
    ctes.append((name, leaf))
    return Leaf(ctes, no_results(ctx))
