"""Procedures as SQL (docs/semantics.md, "Procedures"): the same reading as evaluate.rules._procedure."""

from __future__ import annotations

from sqlglot import exp

from screener import ir
from screener.evaluate.facts import PROC_DONE
from screener.sql.context import Ctx, Leaf, any_record
from screener.sql.syntax import FALSE, NULL, TRUE, Expr, and_, case, cmp, col, in_, is_null, lit, not_, not_null


def _value(ctx: Ctx, node: ir.Procedure) -> Expr:
    """One record against the rule (evaluate.rules._proc_time)."""
    status = exp.Lower(this=exp.Coalesce(this=col("status", "r"), expressions=[lit("")]))
    done = in_(status, sorted(PROC_DONE))
    performed = col("performed_date", "r")
    end = exp.Coalesce(this=col("performed_end", "r"), expressions=[case((done.copy(), performed.copy()))])
    if node.window is not None:
        last = exp.Coalesce(this=end.copy(), expressions=[performed.copy()])
        return case((is_null(last.copy()), NULL.copy()),
                    (cmp(last.copy(), ">=", ctx.window_start_any(node.window)), TRUE.copy()),
                    (and_(is_null(end.copy()), not_(done.copy())), NULL.copy()),
                    default=FALSE.copy())
    if node.status == "current":
        return case((not_null(end.copy()), cmp(end.copy(), ">=", ctx.day)),
                    (exp.EQ(this=status.copy(), expression=lit("in-progress")), TRUE.copy()),
                    default=NULL.copy())
    return TRUE.copy()


def procedure(ctx: Ctx, node: ir.Procedure, name: str) -> Leaf:
    proc = ctx.vocab.procedures.get(node.procedure)
    if proc is not None and not proc.codes:  # no code: no record is matched to it, always unknown
        return Leaf([], NULL.copy())
    where = exp.ArrayOverlaps(this=col("procedures", "r"), expression=exp.Array(expressions=[lit(node.procedure)]))
    return any_record(name, "procs", "r", where, _value(ctx, node), ctx.policy.conditions)
