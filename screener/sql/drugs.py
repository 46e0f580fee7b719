"""Medications as SQL (docs/semantics.md, "Medications"): use, dose, stable dose.

Rules read the ``meds`` facts (exposures up to as_of, void statuses gone).
Which ingredients a class holds, its routes, half-lives and dose equivalence
come from the vocabulary, worked out in Python by the interpreter's own
methods (``RuleEvaluator`` needs only ``vocab`` for them), so both engines
read the reference data the same way.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlglot import exp

from screener import ir
from screener.evaluate.rules import _TESTS, RuleEvaluator
from screener.sql.context import Ctx, Leaf
from screener.sql.syntax import (FALSE, NULL, TRUE, Expr, agg_max, agg_min, agg_sum, all_same, and_, any_true,
                                 bool_or, case, cmp, col, count_if, in_, is_false, is_null, is_true, lit,
                                 minus_duration, not_, not_null, or_, paren, plus_days)
from screener.units import UnitConversionError, linear_map

_STOPPED = ("completed", "stopped", "on-hold")


def _vocab_view(ctx: Ctx):
    return SimpleNamespace(vocab=ctx.vocab)


def ingredients(ctx: Ctx, drug: str) -> list[str]:
    return sorted(RuleEvaluator._ingredients(_vocab_view(ctx), drug))


def nothing(ctx: Ctx) -> Expr:
    """No record of the drug: not taken, unless medications are open for this criterion."""
    return NULL.copy() if ctx.policy.medications == "open" else FALSE.copy()


def route_ok(ctx: Ctx, node_routes: tuple[str, ...], drug: str, drugs: list[str], m: str = "m") -> Expr:
    """Does the record's route count (evaluate.rules._route_ok)? A record with no route counts
    if every route the drug exists in is allowed, not if none is, else it is unknown."""
    allowed = RuleEvaluator._routes(_vocab_view(ctx), node_routes, drug)
    if not allowed:
        return TRUE.copy()
    yes, no = [], []
    for d in drugs:
        known = ctx.vocab.drugs[d].routes if d in ctx.vocab.drugs else ()
        if known and all(r in allowed for r in known):
            yes.append(d)
        elif known and not any(r in allowed for r in known):
            no.append(d)
    whens = [(not_null(col("route", m)), in_(col("route", m), allowed))]
    if yes:
        whens.append((in_(col("drug", m), yes), TRUE.copy()))
    if no:
        whens.append((in_(col("drug", m), no), FALSE.copy()))
    return case(*whens)


def end_day(ctx: Ctx, m: str = "m") -> Expr:
    """The last day taken, NULL when unknown (evaluate.rules._end): an open active record runs to as_of."""
    return case((not_null(col("end_date", m)), col("end_date", m)),
                (and_(exp.EQ(this=col("resource_type", m), expression=lit("MedicationAdministration")),
                      not_null(col("start_date", m))), col("start_date", m)),
                (exp.EQ(this=exp.Lower(this=exp.Coalesce(this=col("status", m), expressions=[lit("active")])),
                        expression=lit("active")), ctx.day))


def active(ctx: Ctx, m: str = "x") -> Expr:
    """In use on as_of; a stopped record with no end date is not (its status is its status on as_of)."""
    return case((is_null(col("end_day", m)),
                 case((in_(exp.Lower(this=col("status", m)), _STOPPED), FALSE.copy()))),
                default=cmp(col("end_day", m), ">=", ctx.day))


def _by_drug(values: dict[str, Expr | None], drug: Expr) -> Expr:
    """CASE over the drug, grouping drugs that share a value (the SQL stays short)."""
    groups: dict[str, tuple[Expr | None, list[str]]] = {}
    for d, v in values.items():
        key = "NULL" if v is None else v.sql()
        groups.setdefault(key, (v, []))[1].append(d)
    if len(groups) == 1:
        v = next(iter(groups.values()))[0]
        return NULL.copy() if v is None else v.copy()
    whens = [(in_(drug, ds), v.copy()) for v, ds in groups.values() if v is not None]
    return case(*whens) if whens else NULL.copy()


# ---- taking / received --------------------------------------------------------------------

def drug_use(ctx: Ctx, node: ir.DrugUse, name: str) -> Leaf:
    drugs = [d for d in ingredients(ctx, node.drug)
             if not any(d in ingredients(ctx, e) for e in node.excluding)]  # "NSAIDs other than aspirin"
    if not drugs:
        return Leaf([], nothing(ctx))
    if node.lasting is not None:
        return drug_lasting(ctx, node, name, drugs)
    rows = exp.select(col("pid", "m"), col("drug", "m"), col("start_date", "m"), col("status", "m"),
                      exp.alias_(end_day(ctx), "end_day"),
                      exp.alias_(route_ok(ctx, node.routes, node.drug, drugs), "route_ok")
                      ).from_(exp.alias_(exp.to_table("meds"), "m")).where(in_(col("drug", "m"), drugs))
    if node.window is None:
        exposed = TRUE.copy() if node.ever else active(ctx)
    else:
        starts = {}
        for d in drugs:
            found = ctx.window_start_for(node.window, d)
            starts[d] = None if found is None else found[1]
        ws = _by_drug(starts, col("drug", "x"))
        exposed = case((is_null(ws), NULL.copy()),
                       (not_null(col("end_day", "x")), cmp(col("end_day", "x"), ">=", ws)),
                       (cmp(col("start_date", "x"), ">=", ws), TRUE.copy()))  # open end, started inside
    rv = case((is_false(col("route_ok", "x")), FALSE.copy()),
              (and_(is_null(col("route_ok", "x")), is_true(exposed)), NULL.copy()), default=exposed)
    leaf = exp.select(col("pid", "x"), exp.alias_(any_true(rv), "v")).from_(
        exp.alias_(exp.paren(rows), "x")).group_by(col("pid", "x"))
    return Leaf([(name, leaf)], nothing(ctx))


def _over(e: Expr, partition: list[Expr], order: exp.Order, frame: str | None) -> exp.Window:
    """``e`` over the rows of a partition in order: "before" the rows ahead of this one, "upto" those and this
    one, None the whole partition (gaps and islands: prescriptions, runs of a drug)."""
    spec = None
    if frame == "before":
        spec = exp.WindowSpec(kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", end=lit(1), end_side="PRECEDING")
    elif frame == "upto":
        spec = exp.WindowSpec(kind="ROWS", start="UNBOUNDED", start_side="PRECEDING", end="CURRENT ROW")
    return exp.Window(this=e, partition_by=[p.copy() for p in partition], order=order.copy(), spec=spec)


def drug_lasting(ctx: Ctx, node: ir.DrugUse, name: str, drugs: list[str]) -> Leaf:
    """Taken without a break for at least ``node.lasting`` (evaluate.rules._drug_lasting): records that overlap
    or follow on the next day are one run (gaps and islands); the run up to as_of, or with ``ever`` any run,
    must be that long.  A record with no route (where the route matters), start or end leaves it unknown
    unless another run decides."""
    day = ctx.day
    ok = route_ok(ctx, node.routes, node.drug, drugs)
    bad = case((is_false(ok), FALSE.copy()), (is_null(ok.copy()), TRUE.copy()),
               (or_(is_null(col("start_date", "m")), is_null(end_day(ctx))), TRUE.copy()), default=FALSE.copy())
    l0 = exp.select(col("pid", "m"), col("start_date", "m"),
                    exp.alias_(exp.Least(this=end_day(ctx), expressions=[day.copy()]), "end_c"),
                    exp.alias_(ok.copy(), "ok"), exp.alias_(bad, "bad")
                    ).from_(exp.alias_(exp.to_table("meds"), "m")).where(and_(
                        in_(col("drug", "m"), drugs),
                        or_(is_null(col("start_date", "m")), cmp(col("start_date", "m"), "<=", day))))
    order = exp.Order(expressions=[exp.Ordered(this=col("start_date")), exp.Ordered(this=col("end_c"))])

    def over(e: Expr, upto: bool) -> exp.Window:
        return _over(e, [col("pid")], order, "upto" if upto else "before")

    l1 = exp.select(col("pid"), col("start_date"), col("end_c"),
                    exp.alias_(over(agg_max(col("end_c")), upto=False), "prev_end")
                    ).from_(f"{name}_l0").where(and_(is_true(col("ok")), not_(col("bad"))))
    brk = case((or_(is_null(col("prev_end")), cmp(col("start_date"), ">", plus_days(col("prev_end"), 1))), lit(1)),
               default=lit(0))
    l2 = exp.select(exp.Star(), exp.alias_(over(agg_sum(brk), upto=True), "run")).from_(f"{name}_l1")
    first, last = agg_min(col("start_date")), agg_max(col("end_c"))
    long = cmp(first, "<" if node.lasting_op == ">" else "<=", minus_duration(last.copy(), node.lasting))
    hit = long if node.ever else and_(long, cmp(last.copy(), ">=", day))
    l3 = exp.select(col("pid"), exp.alias_(hit, "hit")).from_(f"{name}_l2").group_by(col("pid"), col("run"))
    leaf = exp.select(col("pid", "x"), exp.alias_(case(
        (is_true(bool_or(col("hit", "h"))), TRUE.copy()), (is_true(bool_or(col("bad", "x"))), NULL.copy()),
        default=FALSE.copy()), "v")).from_(exp.alias_(exp.to_table(f"{name}_l0"), "x")).join(
        exp.alias_(exp.to_table(f"{name}_l3"), "h"), on=exp.EQ(this=col("pid", "h"), expression=col("pid", "x")),
        join_type="left").group_by(col("pid", "x"))
    return Leaf([(f"{name}_l0", l0), (f"{name}_l1", l1), (f"{name}_l2", l2), (f"{name}_l3", l3), (name, leaf)],
                nothing(ctx))


# ---- one prescription per run of overlapping same-dose records ---------------------------

def prescriptions(ctx: Ctx, drug: str, name: str) -> list[tuple[str, exp.Select]]:
    """Records of one drug at one daily dose that overlap are one prescription
    (evaluate.rules._one_per_prescription, a merge in start order, as gaps and islands)."""
    drugs = ingredients(ctx, drug)
    part = [col("pid"), col("drug")]
    order = exp.Order(expressions=[exp.Ordered(this=col("start_date"), nulls_first=True), exp.Ordered(this=col("seq"))])

    def over(e: Expr, partition=part, frame: str | None = "before") -> exp.Window:
        return _over(e, partition, order, frame)

    def lag(c: str) -> Expr:
        return exp.Window(this=exp.Anonymous(this="LAG", expressions=[col(c)]), partition_by=[p.copy() for p in part],
                          order=order.copy())

    rx0 = exp.select(col("pid", "m"), col("drug", "m"), col("seq", "m"), col("start_date", "m"), col("end_date", "m"),
                     col("status", "m"), col("resource_type", "m"), exp.alias_(col("norm_daily_dose", "m"), "dose"),
                     exp.alias_(route_ok(ctx, (), drug, drugs), "ok")
                     ).from_(exp.alias_(exp.to_table("meds"), "m")).where(in_(col("drug", "m"), drugs))
    # a record can join the one before only at the same dose, both with a start date
    seg_break = case((or_(is_null(lag("seq")), is_null(col("dose")), is_null(lag("dose")),
                          exp.NEQ(this=col("dose"), expression=lag("dose")), is_null(col("start_date")),
                          is_null(lag("start_date"))), lit(1)), default=lit(0))
    rx1 = exp.select(exp.Star(), exp.alias_(seg_break, "seg_break"),
                     exp.alias_(exp.Window(this=exp.RowNumber(), partition_by=[p.copy() for p in part],
                                           order=order.copy()), "rn")).from_(f"{name}_rx0")
    rx2 = exp.select(exp.Star(), exp.alias_(over(agg_sum(col("seg_break")), frame="upto"), "seg")).from_(f"{name}_rx1")
    seg = [col("pid"), col("drug"), col("seg")]
    rx3 = exp.select(exp.Star(), exp.alias_(over(agg_max(col("end_date")), seg), "prev_end"),
                     exp.alias_(over(agg_max(case((is_null(col("end_date")), lit(1)), default=lit(0))), seg), "prev_open")
                     ).from_(f"{name}_rx2")
    # ... and only while it starts before the prescription so far has ended (an open one never ends)
    island_break = case((or_(exp.EQ(this=col("seg_break"), expression=lit(1)),
                             and_(exp.EQ(this=col("prev_open"), expression=lit(0)),
                                  cmp(col("start_date"), ">", col("prev_end")))), lit(1)), default=lit(0))
    rx4 = exp.select(exp.Star(), exp.alias_(over(agg_sum(island_break), frame="upto"), "island")).from_(f"{name}_rx3")
    isl = [col("pid"), col("drug"), col("island")]
    rx5 = exp.select(exp.Star(),
                     exp.alias_(exp.Window(this=agg_max(col("rn")), partition_by=isl), "last_rn"),
                     exp.alias_(exp.Window(this=agg_max(case((is_null(col("end_date")), col("rn")))), partition_by=isl),
                                "last_open_rn")).from_(f"{name}_rx4")
    # the merged record: first start; open if any is; the status of the last open record, else the last
    rx = exp.select(
        col("pid"), col("drug"), exp.alias_(agg_min(col("start_date")), "start_date"),
        exp.alias_(case((bool_or(is_null(col("end_date"))), NULL.copy()), default=agg_max(col("end_date"))), "end_date"),
        exp.alias_(agg_max(case((exp.EQ(this=col("rn"), expression=exp.Coalesce(
            this=col("last_open_rn"), expressions=[col("last_rn")])), col("status")))), "status"),
        exp.alias_(agg_max(case((exp.EQ(this=col("rn"), expression=col("last_rn")), col("resource_type")))),
                   "resource_type"),
        exp.alias_(agg_max(col("dose")), "dose"), exp.alias_(all_same(col("ok")), "ok"),
    ).from_(f"{name}_rx5").group_by(col("pid"), col("drug"), col("island"))
    rxe = exp.select(exp.Star(), exp.alias_(end_day(ctx, "r"), "end_day")).from_(exp.alias_(exp.to_table(f"{name}_rx"), "r"))
    return [(f"{name}_rx0", rx0), (f"{name}_rx1", rx1), (f"{name}_rx2", rx2), (f"{name}_rx3", rx3),
            (f"{name}_rx4", rx4), (f"{name}_rx5", rx5), (f"{name}_rx", rx), (f"{name}_rxe", rxe)]


def _factor(ctx: Ctx, drug: str, as_drug: str | None, drugs: list[str]) -> Expr:
    view = _vocab_view(ctx)
    factors = {d: RuleEvaluator._equivalent(view, drug, as_drug, d) for d in drugs}
    return _by_drug({d: None if f is None else lit(float(f)) for d, f in factors.items()}, col("drug", "x"))


def drug_dose(ctx: Ctx, node: ir.DrugDose, name: str) -> Leaf:
    """The summed daily dose in use on as_of (evaluate.rules._dose)."""
    try:
        bound = float(linear_map(node.per_day.unit or "mg/d", "mg/d").apply(node.per_day.value))
    except UnitConversionError:
        return Leaf([], NULL.copy())  # the limit cannot be read: unknown for everyone
    none_taken = nothing(ctx) if ctx.policy.medications == "open" else lit(_TESTS[node.op](0.0, bound))
    drugs = ingredients(ctx, node.drug)
    if not drugs:
        return Leaf([], none_taken)
    ctes = prescriptions(ctx, node.drug, name)
    x = exp.select(exp.Star(), exp.alias_(active(ctx, "x"), "active"),
                   exp.alias_(_factor(ctx, node.drug, node.as_drug, drugs), "factor")
                   ).from_(exp.alias_(exp.to_table(f"{name}_rxe"), "x")).subquery("r")
    skip = or_(is_false(col("active")), is_false(col("ok")))
    unknown = and_(not_(paren(skip)), or_(is_null(col("active")), is_null(col("ok")), is_null(col("dose")),
                                          is_null(col("factor"))))
    counted = case((or_(skip, unknown), lit(0.0)),
                   default=exp.Mul(this=col("dose"), expression=col("factor")))
    leaf = exp.select(col("pid"), exp.alias_(case((bool_or(unknown), NULL.copy()),
                                                  default=cmp(agg_sum(counted), node.op, lit(bound))), "v")
                      ).from_(x).group_by(col("pid"))
    return Leaf(ctes + [(name, leaf)], none_taken)


# ---- stable dose ---------------------------------------------------------------------------

_SINCE = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "="}  # "stable for > D": last change before as_of - D


def dose_stable(ctx: Ctx, node: ir.DoseStable, name: str) -> Leaf:
    """Unchanged total daily dose from the last change until as_of (evaluate.rules._stable)."""
    drugs = ingredients(ctx, node.drug)
    if not drugs:
        return Leaf([], nothing(ctx))
    cls = ctx.vocab.drug_classes.get(node.drug)
    ref = cls.reference_drug if cls else None
    factor = _factor(ctx, node.drug, ref, drugs) if ref else lit(1.0)
    key = lit("ref") if ref else col("drug", "x")  # a class with a reference drug sums as that drug
    ctes = prescriptions(ctx, node.drug, name)
    sx = exp.select(col("pid", "x"), exp.alias_(key, "k"), col("start_date", "x"), col("end_day", "x"), col("ok", "x"),
                    col("dose", "x"), exp.alias_(factor, "factor"),
                    exp.alias_(exp.Mul(this=col("dose", "x"), expression=factor.copy()), "amt")
                    ).from_(exp.alias_(exp.to_table(f"{name}_rxe"), "x"))
    spells = exp.select(col("pid"), col("k"), col("start_date"), col("end_day"), col("amt")).from_(
        f"{name}_sx").where(is_true(col("ok")))
    day = ctx.day
    rounded = exp.Round(this=agg_sum(col("amt", "s")), decimals=lit(6))
    now = exp.select(col("pid", "s"), col("k", "s"), exp.alias_(rounded, "tot")).from_(
        exp.alias_(exp.to_table(f"{name}_spells"), "s")).where(
        and_(cmp(col("start_date", "s"), "<=", day), cmp(col("end_day", "s"), ">=", day))).group_by(col("pid", "s"), col("k", "s"))
    n_now = exp.select(col("pid"), exp.alias_(exp.Count(this=exp.Star()), "n_now")).from_(f"{name}_now").group_by(col("pid"))
    # the days where some record starts or ends; the dose the day before each is compared with today's
    starts = exp.select(col("pid"), exp.alias_(col("start_date"), "c")).from_(f"{name}_spells")
    ends = exp.select(col("pid"), exp.alias_(plus_days(col("end_day"), 1), "c")).from_(f"{name}_spells")
    days = exp.select(col("pid"), col("c")).distinct().from_(
        exp.alias_(exp.paren(exp.union(starts, ends, distinct=False)), "u")).where(cmp(col("c"), "<=", day))
    before = exp.DateSub(this=col("c", "d"), expression=lit(1), unit=exp.var("DAY"))
    then = exp.select(col("pid", "d"), col("c", "d"), col("k", "s"), exp.alias_(rounded.copy(), "tot")).from_(
        exp.alias_(exp.to_table(f"{name}_days"), "d")).join(
        exp.alias_(exp.to_table(f"{name}_spells"), "s"),
        on=and_(exp.EQ(this=col("pid", "s"), expression=col("pid", "d")), cmp(col("start_date", "s"), "<=", before),
                cmp(col("end_day", "s"), ">=", before))).group_by(col("pid", "d"), col("c", "d"), col("k", "s"))
    same = exp.select(col("pid", "d"), col("c", "d"), exp.alias_(exp.Count(this=col("k", "t")), "n_then"),
                      exp.alias_(count_if(exp.EQ(this=col("tot", "t"), expression=col("tot", "n"))), "n_same")
                      ).from_(exp.alias_(exp.to_table(f"{name}_days"), "d")).join(
        exp.alias_(exp.to_table(f"{name}_then"), "t"),
        on=and_(exp.EQ(this=col("pid", "t"), expression=col("pid", "d")), exp.EQ(this=col("c", "t"), expression=col("c", "d"))),
        join_type="left").join(
        exp.alias_(exp.to_table(f"{name}_now"), "n"),
        on=and_(exp.EQ(this=col("pid", "n"), expression=col("pid", "t")), exp.EQ(this=col("k", "n"), expression=col("k", "t"))),
        join_type="left").group_by(col("pid", "d"), col("c", "d"))
    unchanged = and_(exp.EQ(this=col("n_then", "c"), expression=col("n_now", "w")),
                     exp.EQ(this=col("n_same", "c"), expression=col("n_now", "w")))
    since = exp.select(col("pid", "c"), exp.alias_(agg_max(case((not_(paren(unchanged)), col("c", "c")))), "changed")
                       ).from_(exp.alias_(exp.to_table(f"{name}_same"), "c")).join(
        exp.alias_(exp.to_table(f"{name}_nnow"), "w"), on=exp.EQ(this=col("pid", "w"), expression=col("pid", "c"))
    ).group_by(col("pid", "c"))
    bad = or_(is_null(col("ok", "x")), and_(is_true(col("ok", "x")), or_(
        is_null(col("start_date", "x")), is_null(col("end_day", "x")), is_null(col("dose", "x")),
        is_null(col("factor", "x")))))
    last_change = exp.Coalesce(this=agg_max(col("changed", "ch")), expressions=[
        agg_min(case((is_true(col("ok", "x")), col("start_date", "x"))))])
    ds = minus_duration(day, node.duration)
    leaf = exp.select(col("pid", "x"), exp.alias_(case(
        (bool_or(bad), NULL.copy()),  # a record with no start, end, dose or route cannot be placed
        (is_null(agg_max(col("n_now", "w"))), FALSE.copy()),  # not in use on as_of
        default=cmp(last_change, _SINCE[node.op], ds)), "v")
    ).from_(exp.alias_(exp.to_table(f"{name}_sx"), "x")).join(
        exp.alias_(exp.to_table(f"{name}_nnow"), "w"), on=exp.EQ(this=col("pid", "w"), expression=col("pid", "x")),
        join_type="left").join(
        exp.alias_(exp.to_table(f"{name}_since"), "ch"), on=exp.EQ(this=col("pid", "ch"), expression=col("pid", "x")),
        join_type="left").group_by(col("pid", "x"))
    ctes += [(f"{name}_sx", sx), (f"{name}_spells", spells), (f"{name}_now", now), (f"{name}_nnow", n_now),
             (f"{name}_days", days), (f"{name}_then", then), (f"{name}_same", same), (f"{name}_since", since),
             (name, leaf)]
    return Leaf(ctes, nothing(ctx))
