"""Immunizations as SQL (docs/rule-language.md, "Immunizations"): the same reading as evaluate.rules._immunization."""

from __future__ import annotations

from sqlglot import exp

from screener import ir
from screener.sql.context import Ctx, Leaf, any_record
from screener.sql.syntax import FALSE, NULL, TRUE, Expr, case, cmp, col, is_null, lit


def _value(ctx: Ctx, node: ir.Immunization) -> Expr:
    """One record against the rule (evaluate.rules._imm_time)."""
    if node.window is None:
        return TRUE.copy()
    occurred = col("occurred_date", "r")
    return case((is_null(occurred.copy()), NULL.copy()),
                (cmp(occurred.copy(), ">=", ctx.window_start_any(node.window)), TRUE.copy()),
                default=FALSE.copy())


def immunization(ctx: Ctx, node: ir.Immunization, name: str) -> Leaf:
    where = exp.ArrayOverlaps(this=col("vaccines", "r"), expression=exp.Array(expressions=[lit(node.vaccine)]))
    return any_record(name, "imms", "r", where, _value(ctx, node), ctx.policy.immunizations)
