"""Other studies (FHIR ResearchSubject) as SQL: the same reading as evaluate.rules._study."""

from __future__ import annotations

from sqlglot import exp

from screener import ir
from screener.evaluate.rules import STUDY_LEFT
from screener.sql.context import Ctx, Leaf, any_record
from screener.sql.syntax import FALSE, NULL, TRUE, Expr, and_, case, cmp, col, in_, is_false, is_null, is_true, not_null


def _time(ctx: Ctx, node: ir.Study) -> Expr:
    """One record against the window or the index date (evaluate.rules._study_time)."""
    s, e = col("start_date", "r"), col("end_date", "r")
    left = in_(exp.Lower(this=col("status", "r")), sorted(STUDY_LEFT))
    on_at = ctx.day if node.current else ctx.window_start_any(node.window)
    ended = (and_(not_null(e.copy()), cmp(e.copy(), "<", on_at.copy())), FALSE.copy())
    if node.current:
        return case(ended, (is_null(s.copy()), NULL.copy()), (and_(left, is_null(e.copy())), NULL.copy()),
                    default=TRUE.copy())
    return case(ended, (and_(not_null(s.copy()), cmp(s.copy(), ">=", on_at.copy())), TRUE.copy()),
                (is_null(s.copy()), case((and_(not_null(e.copy()), cmp(e.copy(), "<=", ctx.day)), TRUE.copy()),
                                         default=NULL.copy())),
                (and_(is_null(e.copy()), left.copy()), NULL.copy()), default=TRUE.copy())


def _value(ctx: Ctx, node: ir.Study) -> Expr:
    """evaluate.rules._study_value: an unknown status or study kind leaves a record that may count unknown."""
    time = _time(ctx, node)
    when = case((is_null(col("enrolled", "r")), case((is_false(time.copy()), FALSE.copy()), default=NULL.copy())),
                default=time)
    if not node.investigational:
        return when
    kind = col("interventional", "r")
    return case((is_false(when.copy()), FALSE.copy()), (is_true(kind.copy()), when.copy()),
                (is_false(kind.copy()), FALSE.copy()), default=NULL.copy())


def study(ctx: Ctx, node: ir.Study, name: str) -> Leaf:
    return any_record(name, "studs", "r", TRUE.copy(), _value(ctx, node), ctx.policy.studies)
