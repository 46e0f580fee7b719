"""Allergies as SQL (docs/semantics.md, "Allergies"): the same reading as evaluate.rules._allergy."""

from __future__ import annotations

from sqlglot import exp

from screener import ir
from screener.evaluate.rules import RuleEvaluator
from screener.sql.context import Ctx, Leaf, any_record
from screener.sql.syntax import FALSE, NULL, TRUE, Expr, and_, case, col, in_, is_false, lit, or_


def _overlaps(ids: set[str]) -> Expr:
    return exp.ArrayOverlaps(this=col("agents", "a"), expression=exp.Array(expressions=[lit(i) for i in sorted(ids)]))


def _status(node: ir.Allergy) -> Expr:
    """One record against the rule (evaluate.rules._allergy_status)."""
    status = exp.Lower(this=exp.Coalesce(this=col("clinical_status", "a"), expressions=[lit("")]))
    unsure = in_(exp.Lower(this=exp.Coalesce(this=col("verification_status", "a"), expressions=[lit("")])),
                 sorted(RuleEvaluator._UNSURE))
    whens = [] if node.status == "history" else [(in_(status, ["inactive", "resolved"]), FALSE.copy())]
    return case(*whens, (unsure, NULL.copy()), default=TRUE.copy())


def allergy(ctx: Ctx, node: ir.Allergy, name: str) -> Leaf:
    v = ctx.vocab
    counts = {node.agent, *(v.drug_classes[node.agent].members if node.agent in v.drug_classes else ())}
    wider = {c.id for c in v.drug_classes.values() if node.agent in c.members}
    unplaced = exp.EQ(this=exp.ArraySize(this=col("agents", "a")), expression=lit(0))
    named = _overlaps(counts)
    value = _status(node)
    # a record of a class that holds the drug, or of a substance we cannot place, might be meant
    value = case((named.copy(), value), (is_false(value), FALSE.copy()), default=NULL.copy())
    where = or_(named, _overlaps(wider), unplaced) if wider else or_(named, unplaced)
    return any_record(name, "algs", "a", and_(where), value, ctx.policy.allergies)
