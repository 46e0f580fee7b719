"""Small builders for sqlglot expression trees, so the rule compilers read like the rules.

Truth values are SQL booleans with NULL for unknown: SQL's AND, OR and NOT are
already Kleene's three-valued connectives, which is what the interpreter uses.
Aggregates over records are spelled out (``any_true``) because BOOL_OR skips
NULLs, and "some record might qualify" must stay unknown.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlglot import exp

from screener import ir

Expr = exp.Expression
TRUE, FALSE, NULL = exp.true(), exp.false(), exp.null()


def col(name: str, table: str | None = None) -> exp.Column:
    return exp.column(name, table)


def lit(value) -> Expr:
    """A literal: None, bool, int, float (exact round trip), str or date."""
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.true() if value else exp.false()
    if isinstance(value, int):
        return exp.Literal.number(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no SQL literal for {value}")
        return exp.Literal.number(repr(value))
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    return exp.Literal.string(str(value))


def and_(*items: Expr) -> Expr:
    items = [i for i in items if i is not None]
    return exp.and_(*items) if items else TRUE.copy()


def or_(*items: Expr) -> Expr:
    items = [i for i in items if i is not None]
    return exp.or_(*items) if items else FALSE.copy()


def not_(item: Expr) -> Expr:
    return exp.not_(item)


def paren(e: Expr) -> Expr:
    """Parentheses where precedence needs them (not around a column or a literal)."""
    if isinstance(e, (exp.Column, exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Case, exp.Anonymous)):
        return e
    return exp.paren(e, copy=False)


def case(*whens: tuple[Expr, Expr], default: Expr | None = None) -> Expr:
    out = exp.Case()
    for cond, then in whens:
        out = out.when(cond, then, copy=False)
    if default is not None:
        out = out.else_(default, copy=False)
    return out


def is_null(e: Expr) -> Expr:
    return exp.Is(this=e.copy(), expression=exp.null())


def not_null(e: Expr) -> Expr:
    return exp.not_(is_null(e))


def is_true(e: Expr) -> Expr:
    return exp.Is(this=paren(e.copy()), expression=exp.true())


def is_false(e: Expr) -> Expr:
    return exp.Is(this=paren(e.copy()), expression=exp.false())


def in_(e: Expr, values) -> Expr:
    values = list(values)
    if len(values) == 1:
        return exp.EQ(this=e.copy(), expression=lit(values[0]))
    return exp.In(this=e.copy(), expressions=[lit(v) for v in values])


_OPS = {"<": exp.LT, "<=": exp.LTE, ">": exp.GT, ">=": exp.GTE, "=": exp.EQ, "!=": exp.NEQ}


def cmp(a: Expr, op: str, b: Expr) -> Expr:
    return _OPS[op](this=a.copy(), expression=b.copy())


def func(name: str, *args: Expr) -> Expr:
    return exp.func(name, *[a.copy() for a in args])


def agg_max(e: Expr) -> Expr:
    return exp.Max(this=e.copy())


def agg_min(e: Expr) -> Expr:
    return exp.Min(this=e.copy())


def agg_sum(e: Expr) -> Expr:
    return exp.Sum(this=e.copy())


def bool_or(e: Expr) -> Expr:
    # spelled as a plain function: sqlglot's LogicalOr adds a CAST for DuckDB that only clutters the SQL
    return exp.Anonymous(this="BOOL_OR", expressions=[e.copy()])


def bool_and(e: Expr) -> Expr:
    return exp.Anonymous(this="BOOL_AND", expressions=[e.copy()])


def any_true(v: Expr) -> Expr:
    """Some record qualifies: TRUE if one does, NULL if one might, else FALSE (an aggregate)."""
    return case((bool_or(is_true(v)), TRUE.copy()), (bool_or(is_null(v)), NULL.copy()), default=FALSE.copy())


def all_same(v: Expr) -> Expr:
    """TRUE if every value is TRUE, FALSE if every one is FALSE, else NULL (an aggregate)."""
    return case((bool_and(is_true(v)), TRUE.copy()), (bool_and(is_false(v)), FALSE.copy()))


def count_if(cond: Expr) -> Expr:
    return agg_sum(case((cond, lit(1)), default=lit(0)))


# ---- calendar --------------------------------------------------------------------------

def step(value: float, unit: str) -> tuple[str, int]:
    """The calendar step of screener.evaluate.calendar.shift: ("MONTH", n) or ("DAY", n)."""
    if value < 0:
        raise ValueError("negative durations are not expressible")
    if unit in ("month", "year"):
        months = value * (12 if unit == "year" else 1)
        if float(months).is_integer():
            return "MONTH", int(months)
        return "DAY", math.ceil(months * 30.4375)
    days = {"hour": value / 24.0, "day": value, "week": value * 7}[unit]
    return "DAY", math.ceil(days)


def minus(day: Expr, value: float, unit: str) -> Expr:
    """``day`` moved back by a duration, with months as calendar steps (day clamped to the month's end)."""
    kind, n = step(value, unit)
    if n == 0:
        return day.copy()
    return exp.DateSub(this=day.copy(), expression=lit(n), unit=exp.var(kind))


def minus_duration(day: Expr, d: ir.Duration) -> Expr:
    return minus(day, d.value, d.unit)


def plus_days(day: Expr, n: int) -> Expr:
    return exp.DateAdd(this=day.copy(), expression=lit(n), unit=exp.var("DAY"))


# ---- comparing a result that may be censored -----------------------------------------

def _near(value: Expr, bound: Expr) -> Expr:
    """The two differ by float noise only (evaluate.rules._snap): the value is on the bound."""
    from screener.evaluate.rules import SNAP_REL

    return cmp(func("ABS", exp.Sub(this=value.copy(), expression=bound.copy())), "<=",
               exp.Mul(this=lit(SNAP_REL), expression=exp.Greatest(
                   this=func("ABS", value), expressions=[func("ABS", bound)])))


def _truth(t) -> Expr:
    return {True: TRUE, False: FALSE, None: NULL}[t].copy()


def censored_compare(value: Expr, comparator: Expr, op: str, bound: Expr) -> Expr:
    """``x op bound`` for a result x that may be censored ("<0.5"); see evaluate.rules._compare.

    A censored result decides only when every value it allows agrees; NULL otherwise.
    """
    from screener.evaluate.rules import _compare

    # on the bound (up to float noise) the answer depends only on the comparator: the
    # interpreter's own comparison gives it, so both engines decide a limit alike
    at_limit = case((is_null(comparator), _truth(_compare(1.0, None, op, 1.0))),
                    *[(exp.EQ(this=comparator.copy(), expression=lit(c)), _truth(_compare(1.0, c, op, 1.0)))
                      for c in ("<", "<=", ">", ">=")])
    whens: list[tuple[Expr, Expr]] = [(is_null(comparator), cmp(value, op, bound))]
    for c in ("<", "<=", ">", ">="):
        if op == "=":  # equal only if the bound is one of the values the result allows
            out = case((is_null(value), NULL.copy()), (is_null(bound), NULL.copy()),
                       (cmp(bound, c, value), NULL.copy()), default=FALSE.copy())
        elif c in ("<", "<="):
            if op in ("<", "<="):
                out = case((cmp(value, "<=" if (c == "<" or op == "<=") else "<", bound), TRUE.copy()))
            else:
                out = case((cmp(value, "<=" if (c == "<" or op == ">") else "<", bound), FALSE.copy()))
        elif op in (">", ">="):
            out = case((cmp(value, ">=" if (c == ">" or op == ">=") else ">", bound), TRUE.copy()))
        else:
            out = case((cmp(value, ">=" if (c == ">" or op == "<") else ">", bound), FALSE.copy()))
        whens.append((exp.EQ(this=comparator.copy(), expression=lit(c)), out))
    return case((_near(value, bound), at_limit), default=case(*whens))
