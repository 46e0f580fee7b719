"""Diagnoses as SQL (docs/semantics.md, "Conditions"): groups with ``except``, status, onset windows."""

from __future__ import annotations

from sqlglot import exp

from screener import ir
from screener.evaluate.rules import RuleEvaluator
from screener.sql.context import Ctx, Leaf, any_record
from screener.sql.syntax import (FALSE, NULL, TRUE, Expr, and_, case, cmp, col, in_, is_false, is_null, lit,
                                 minus_duration, not_, not_null, or_)


def _overlaps(groups: frozenset[str]) -> Expr:
    return exp.ArrayOverlaps(this=col("groups", "c"), expression=exp.Array(expressions=[lit(g) for g in sorted(groups)]))


def _status(ctx: Ctx, node: ir.Condition) -> Expr:
    """One diagnosis against the rule (evaluate.rules._cond_status)."""
    status = exp.Lower(this=exp.Coalesce(this=col("clinical_status", "c"), expressions=[lit("")]))
    abated = and_(not_null(col("abatement_date", "c")), cmp(col("abatement_date", "c"), "<=", ctx.day))
    R = RuleEvaluator
    if node.lasting is not None:
        # present for at least this long (evaluate.rules._cond_status)
        lasting = node.lasting
        began = cmp(col("onset_date", "c"), "<" if node.lasting_op == ">" else "<=", minus_duration(ctx.day, lasting))
        unknown = (exp.Is(this=col("onset_date", "c"), expression=exp.null()), NULL.copy())
        if node.status == "history":  # begun that long ago, resolved or not
            return case(unknown, default=began)
        return case((or_(abated, in_(status, sorted(R._ENDED))), FALSE.copy()), unknown, default=began)
    if node.present is not None:  # present at some time in the window (evaluate.rules._cond_status)
        start = ctx.window_start_any(node.present)
        onset, abatement = col("onset_date", "c"), col("abatement_date", "c")
        return case((and_(not_null(abatement), cmp(abatement, "<", start)), FALSE.copy()),
                    (and_(not_null(onset), cmp(onset, ">", ctx.day)), FALSE.copy()),
                    (and_(not_null(onset), cmp(onset, ">=", start)), TRUE.copy()),
                    (and_(is_null(abatement), in_(status, sorted(R._ENDED))), NULL.copy()),
                    default=TRUE.copy())
    if node.onset is not None:
        return case((exp.Is(this=col("onset_date", "c"), expression=exp.null()), NULL.copy()),
                    default=cmp(col("onset_date", "c"), ">=", ctx.window_start_any(node.onset)))
    if node.status == "history":
        return TRUE.copy()
    if node.status == "active":
        return case((or_(abated, in_(status, sorted(R._ENDED))), FALSE.copy()),
                    (in_(status, sorted(R._ACTIVE)), TRUE.copy()))
    return case((or_(abated, in_(status, sorted(R._GONE))), FALSE.copy()), default=TRUE.copy())


def condition(ctx: Ctx, node: ir.Condition, name: str) -> Leaf:
    v = ctx.vocab
    targets = v.expand_condition(node.group) if node.group in v.condition_groups else frozenset([node.group])
    excluded = frozenset(g for e in node.excluding if e in v.condition_groups for g in v.expand_condition(e))
    where = _overlaps(targets)
    if excluded:  # a diagnosis in an excepted group does not count (evaluate.rules._condition)
        where = and_(where, not_(_overlaps(excluded)))
    value = _status(ctx, node)
    if node.severity:  # evaluate.rules._cond_severity
        sev = col("severity", "c")
        value = case((is_false(value), FALSE.copy()), (exp.Is(this=sev, expression=exp.null()), NULL.copy()),
                     (not_(in_(sev, list(node.severity))), FALSE.copy()), default=value)
    unsure = in_(exp.Lower(this=col("verification_status", "c")), sorted(RuleEvaluator._UNSURE))
    value = case((and_(not_(is_false(value)), unsure), NULL.copy()), default=value)
    return any_record(name, "conds", "c", where, value, ctx.policy.conditions)
