"""A compiled trial as one SQL query over the store's long tables (docs/store.md).

The query has three layers, each a CTE a reviewer can read on its own:

1. facts: ``obs``, ``meds``, ``conds``, ``att``, the records as the interpreter's
   ``PatientFacts`` sees them on as_of;
2. one CTE per record-reading rule (``leaf_N``), giving (pid, v) with v TRUE,
   FALSE or NULL (unknown) for patients that have such records; ``leaves``
   joins them to every patient, filling in what no record means (policy);
3. ``rules`` combines leaves with SQL's AND/OR/NOT (Kleene's connectives,
   like the interpreter) into each criterion's truth value, ``criteria`` turns
   those into statuses, and the final SELECT gives the verdict.

A rule kind the builder does not know raises ``NotExpressible``; that criterion
is then evaluated by the interpreter (``screener.engines``), never guessed.
"""

from __future__ import annotations

import calendar as cal
import datetime as dt
import re
from dataclasses import dataclass, field

from sqlglot import exp

from screener import ir
from screener.compile import CompiledCriterion, CompiledTrial
from screener.evaluate import facts as F
from screener.evaluate.policy import DEFAULT_POLICY, Policy
from screener.ir.canonical import render
from screener.sql import allergies, conditions, drugs, immunizations, labs, procedures, studies
from screener.sql.context import Ctx, Leaf, NotExpressible
from screener.sql.syntax import (FALSE, NULL, TRUE, Expr, and_, case, cmp, col, in_, is_null, lit, not_null, or_,
                                 paren)
from screener.vocab import vocabulary

Truth = tuple[Expr, Expr | None]  # (value, "undecided only for want of an attestation") -- None: never manual


@dataclass
class Column:
    """One criterion in the result: its SQL column, or why it is not computed in SQL."""

    criterion: CompiledCriterion
    name: str
    mode: str  # "sql" | "interpreter" (not expressible) | "fixed" (unsupported, partial)
    why: str = ""


@dataclass
class TrialQuery:
    select: exp.Select
    columns: list[Column]
    verdict_in_sql: bool
    leaves: list[tuple[str, str]] = field(default_factory=list)  # (column, canonical rule text)

    def sql(self, dialect: str = "duckdb", pretty: bool = True) -> str:
        from screener.sql.dialects import render_sql

        return render_sql(self.select, dialect, pretty)


def _column_name(cid: str, taken: set[str]) -> str:
    base = "c_" + re.sub(r"[^A-Za-z0-9_]", "_", cid)
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name.lower())
    return name


class _Builder:
    def __init__(self, trial: CompiledTrial, as_of: dt.date, policies: dict[str, Policy], default: Policy,
                 attest: dict[str, bool]):
        self.trial, self.as_of = trial, as_of
        self.policies, self.default, self.attest = policies, default, attest
        self.vocab = vocabulary()
        self.ctes: list[tuple[str, exp.Select]] = []
        self.leaf_cols: list[tuple[str, Expr, str | None]] = []  # (column, value, leaf CTE or None)
        self.leaf_text: list[tuple[str, str]] = []
        self.seen: dict[tuple, str] = {}
        self.uses: set[str] = set()

    # -- leaves -------------------------------------------------------------------------
    def _leaf(self, key: tuple, text: str, make) -> Expr:
        if key in self.seen:
            return col(self.seen[key])
        n = len(self.leaf_cols) + 1
        column, name = f"l{n}", f"leaf_{n}"
        leaf: Leaf = make(name)
        for cte_name, q in leaf.ctes:
            self.ctes.append((cte_name, q))
        if leaf.ctes:
            j = col("v", f"j{n}")
            value = j if isinstance(leaf.absent, exp.Null) else case(
                (is_null(col("pid", f"j{n}")), leaf.absent), default=j)
            self.leaf_cols.append((column, value, name))
        else:
            self.leaf_cols.append((column, leaf.absent, None))
        self.leaf_text.append((column, text))
        self.seen[key] = column
        return col(column)

    def _person(self, key: tuple, text: str, value: Expr) -> Expr:
        return self._leaf(key, text, lambda _name: Leaf([], value))

    # -- nodes ----------------------------------------------------------------------------
    def node(self, n, ctx: Ctx) -> Truth:
        kind = getattr(n, "kind", type(n).__name__)
        if kind in ("all", "any"):
            return self._junction(n, ctx, kind == "all")
        if kind == "not":
            v, m = self.node(n.item, ctx)
            return exp.not_(paren(v)), m
        if kind == "at_least":
            return self._at_least(n, ctx)
        if kind == "manual":
            return self._manual(n, ctx)
        if kind not in ("sex", "measure", "between", "result", "drug", "dose", "stable", "condition", "allergy",
                        "procedure", "immunization", "study"):
            raise NotExpressible(f"no SQL for the rule kind {kind!r}")
        key = (repr(n), ctx.policy)
        text = render(n)
        if kind == "sex":
            return self._person(key, text, self._sex(n)), None
        if kind in ("measure", "between") and n.analyte == "age":
            return self._person(key, text, self._age(n)), None
        makers = {
            "measure": lambda name: labs.over_time(ctx, n, name),
            "between": lambda name: labs.over_time(ctx, n, name),
            "result": lambda name: labs.result(ctx, n, name),
            "drug": lambda name: drugs.drug_use(ctx, n, name),
            "dose": lambda name: drugs.drug_dose(ctx, n, name),
            "stable": lambda name: drugs.dose_stable(ctx, n, name),
            "condition": lambda name: conditions.condition(ctx, n, name),
            "allergy": lambda name: allergies.allergy(ctx, n, name),
            "procedure": lambda name: procedures.procedure(ctx, n, name),
            "immunization": lambda name: immunizations.immunization(ctx, n, name),
            "study": lambda name: studies.study(ctx, n, name),
        }
        self.uses.add({"measure": "obs", "between": "obs", "result": "obs", "drug": "meds", "dose": "meds",
                       "stable": "meds", "condition": "conds", "allergy": "algs", "procedure": "procs",
                       "immunization": "imms", "study": "studs"}[kind])
        return self._leaf(key, text, makers[kind]), None

    @staticmethod
    def _manual_of(items: list[Truth], value: Expr) -> Expr | None:
        """Undecided only for want of attestations: every undecided item is so."""
        if all(m is None for _v, m in items):
            return None
        parts = [not_null(paren(v)) if m is None else paren(or_(not_null(paren(v)), paren(m))) for v, m in items]
        return and_(is_null(paren(value)), *parts)

    def _junction(self, n, ctx: Ctx, conj: bool) -> Truth:
        if not n.items:
            return (TRUE.copy() if conj else FALSE.copy()), None
        items = [self.node(i, ctx) for i in n.items]
        join = and_ if conj else or_
        value = join(*[paren(v) for v, _m in items])
        return value, self._manual_of(items, value)

    def _at_least(self, n: ir.AtLeast, ctx: Ctx) -> Truth:
        items = [self.node(i, ctx) for i in n.items]
        def count(pred) -> Expr:
            terms = [case((pred(v), lit(1)), default=lit(0)) for v, _m in items]
            total = terms[0] if terms else lit(0)
            for t in terms[1:]:
                total = exp.Add(this=total, expression=t)
            return total
        yes = count(lambda v: exp.Is(this=paren(v.copy()), expression=exp.true()))
        maybe = count(lambda v: is_null(paren(v)))
        value = case((cmp(yes, ">=", lit(n.n)), TRUE.copy()),
                     (cmp(exp.Add(this=yes.copy(), expression=maybe), "<", lit(n.n)), FALSE.copy()))
        return value, self._manual_of(items, value)

    def _manual(self, n: ir.Manual, ctx: Ctx) -> Truth:
        """The patient's own attestation for this criterion, else the caller's, else a person must answer."""
        self.uses.add("att")
        answer = self.attest.get(ctx.cid)
        cid = ctx.cid

        def make(name: str) -> Leaf:
            q = exp.select(col("pid"), exp.alias_(col("holds"), "v")).from_("att").where(
                exp.EQ(this=col("criterion"), expression=lit(cid)))
            return Leaf([(name, q)], lit(answer))
        v = self._leaf(("manual", cid, answer), render(n) + f"  -- attestation for {cid}", make)
        return v, (None if answer is not None else is_null(v))

    def _sex(self, n: ir.Sex) -> Expr:
        if set(n.allowed) >= {"female", "male"}:
            return TRUE.copy()
        sex = col("sex", "p")
        return case((in_(sex, ["female", "male"]), in_(sex, n.allowed) if n.allowed else FALSE.copy()))

    def _age(self, n) -> Expr:
        checks = [(n.op, n.value)] if isinstance(n, ir.Measure) else [
            (">=" if n.low_inclusive else ">", n.low), ("<=" if n.high_inclusive else "<", n.high)]
        tests = []
        for op, q in checks:
            if not isinstance(q, ir.Quantity):
                return NULL.copy()
            unit = next((k for k, v in ir.TIME_UCUM.items() if v == q.unit), "year") if q.unit else "year"
            tests.append(cmp(self._age_in(unit), op, lit(float(q.value))))
        return and_(*tests)

    def _age_in(self, unit: str) -> Expr:
        """Completed units of age on as_of (evaluate.calendar.age_in): a birthday counts on the day."""
        birth, on = col("birth_date", "p"), self.as_of
        y, m, d = exp.Year(this=birth.copy()), exp.Month(this=birth.copy()), exp.Day(this=birth.copy())
        if unit == "year":
            before = or_(cmp(m, ">", lit(on.month)), and_(exp.EQ(this=m.copy(), expression=lit(on.month)),
                                                          cmp(d, ">", lit(on.day))))
            return exp.Sub(this=exp.Sub(this=lit(on.year), expression=y),
                           expression=case((before, lit(1)), default=lit(0)))
        if unit == "month":
            months = exp.Sub(this=exp.Add(this=exp.Mul(this=paren(exp.Sub(this=lit(on.year), expression=y)),
                                                       expression=lit(12)), expression=lit(on.month)), expression=m)
            last = cal.monthrange(on.year, on.month)[1]
            if on.day >= last:  # the day is clamped to the month's end: no month is short of it
                return months
            return exp.Sub(this=months, expression=case((cmp(d, ">", lit(on.day)), lit(1)), default=lit(0)))
        days = exp.DateDiff(this=lit(on), expression=birth.copy(), unit=exp.var("DAY"))
        if unit == "week":
            return exp.Floor(this=exp.Div(this=days, expression=lit(7)))
        return days if unit == "day" else exp.Mul(this=days, expression=lit(24))

    # -- the query ------------------------------------------------------------------------
    def _facts(self) -> list[tuple[str, exp.Select]]:
        day = lit(self.as_of)

        def void(column: str, values) -> Expr:
            return exp.not_(in_(exp.Lower(this=exp.Coalesce(this=col(column), expressions=[lit("")])), sorted(values)))

        out = []
        if "obs" in self.uses:
            out.append(("obs", exp.select("*").from_("observations").where(and_(
                not_null(col("obs_date")), cmp(col("obs_date"), "<=", day), void("status", F._VOID_OBS)))))
        if "meds" in self.uses:
            out.append(("meds", exp.select("*").from_("medications").where(and_(
                void("status", F._VOID_MED), paren(or_(is_null(col("start_date")), cmp(col("start_date"), "<=", day)))))))
        if "conds" in self.uses:
            out.append(("conds", exp.select("*").from_("conditions").where(and_(
                void("verification_status", F._VOID_COND),
                paren(or_(is_null(col("onset_date")), cmp(col("onset_date"), "<=", day)))))))
        if "algs" in self.uses:
            out.append(("algs", exp.select("*").from_("allergies").where(and_(
                void("verification_status", F._VOID_COND),
                paren(or_(is_null(col("recorded_date")), cmp(col("recorded_date"), "<=", day)))))))
        if "procs" in self.uses:
            out.append(("procs", exp.select("*").from_("procedures").where(and_(
                void("status", F._VOID_PROC),
                paren(or_(is_null(col("performed_date")), cmp(col("performed_date"), "<=", day)))))))
        if "imms" in self.uses:
            out.append(("imms", exp.select("*").from_("immunizations").where(and_(
                void("status", F._VOID_IMM),
                paren(or_(is_null(col("occurred_date")), cmp(col("occurred_date"), "<=", day)))))))
        if "studs" in self.uses:  # (evaluate.facts: not a candidate's record, none starting after as_of)
            out.append(("studs", exp.select("*").from_("studies").where(and_(
                exp.Not(this=exp.Is(this=col("enrolled"), expression=exp.false())),
                paren(or_(is_null(col("start_date")), cmp(col("start_date"), "<=", day)))))))
        if "att" in self.uses:  # the last attestation a record gives for a criterion is the answer
            k = exp.Window(this=exp.RowNumber(), partition_by=[col("pid"), col("criterion")],
                           order=exp.Order(expressions=[exp.Ordered(this=col("seq"), desc=True)]))
            ranked = exp.select(col("pid"), col("criterion"), col("holds"), exp.alias_(k, "k")).from_("attestations")
            out.append(("att", exp.select(col("pid"), col("criterion"), col("holds")).from_(
                exp.alias_(exp.paren(ranked), "a")).where(exp.EQ(this=col("k"), expression=lit(1)))))
        return out

    def build(self) -> TrialQuery:
        columns: list[Column] = []
        taken: set[str] = set()
        status_exprs: list[tuple[str, Expr]] = []
        rule_exprs: list[tuple[str, Expr]] = []  # each criterion's truth value (and manual flag), then its status
        for c in self.trial.criteria:
            name = _column_name(c.id, taken)
            if c.status == "unsupported" or c.rule is None:
                columns.append(Column(c, name, "fixed", "unsupported"))
                status_exprs.append((name, lit("unsupported")))
                continue
            if c.status == "partial":  # the left-out words could turn it either way
                columns.append(Column(c, name, "fixed", "unknown"))
                status_exprs.append((name, lit("unknown")))
                continue
            ctx = Ctx(self.as_of, self.policies.get(c.id, self.default), c.id, self.vocab, self.attest)
            mark = (len(self.ctes), len(self.leaf_cols), len(self.leaf_text), dict(self.seen), set(self.uses))
            try:
                v, m = self.node(c.rule, ctx)
            except NotExpressible as err:
                # undo what this criterion added; the interpreter decides it
                self.ctes, self.leaf_cols, self.leaf_text = (self.ctes[:mark[0]], self.leaf_cols[:mark[1]],
                                                             self.leaf_text[:mark[2]])
                self.seen, self.uses = mark[3], mark[4]
                columns.append(Column(c, name, "interpreter", str(err)))
                continue
            rule_exprs.append((f"v_{name[2:]}", v))
            whens = [(exp.Is(this=col(f"v_{name[2:]}"), expression=exp.true()), lit("met")),
                     (exp.Is(this=col(f"v_{name[2:]}"), expression=exp.false()), lit("not_met"))]
            if m is not None:
                rule_exprs.append((f"m_{name[2:]}", m))
                whens.append((col(f"m_{name[2:]}"), lit("manual")))
            status_exprs.append((name, case(*whens, default=lit("unknown"))))
            columns.append(Column(c, name, "sql"))
        return self._query(columns, rule_exprs, status_exprs)

    def _query(self, columns: list[Column], rule_exprs: list[tuple[str, Expr]],
               status_exprs: list[tuple[str, Expr]]) -> TrialQuery:
        day = lit(self.as_of)
        leaves = exp.select(col("pid", "p"), col("patient_id", "p"), col("broken", "p"), col("deceased_date", "p"),
                            exp.alias_(and_(
            paren(case((not_null(col("deceased", "p")), col("deceased", "p")),
                       default=not_null(col("deceased_date", "p")))),
            paren(or_(is_null(col("deceased_date", "p")), cmp(col("deceased_date", "p"), "<=", day)))), "dead"),
            *[exp.alias_(value, column) for column, value, _n in self.leaf_cols]
        ).from_(exp.alias_(exp.to_table("patients"), "p"))
        for i, (_column, _value, name) in enumerate(self.leaf_cols, 1):
            if name is not None:
                leaves = leaves.join(exp.alias_(exp.to_table(name), f"j{i}"),
                                     on=exp.EQ(this=col("pid", f"j{i}"), expression=col("pid", "p")), join_type="left")
        keep = [col("pid"), col("patient_id"), col("broken"), col("dead"), col("deceased_date")]
        rules = exp.select(*[k.copy() for k in keep], *[exp.alias_(e, n) for n, e in rule_exprs]).from_("leaves")
        criteria = exp.select(*keep, *[exp.alias_(e, n) for n, e in status_exprs]).from_("rules")
        sql_cols = [c for c in columns if c.mode != "interpreter"]
        verdict_in_sql = len(sql_cols) == len(columns)
        outputs: list[Expr] = [col("pid"), col("patient_id")]
        if verdict_in_sql:
            outputs.append(exp.alias_(self._verdict(sql_cols), "verdict"))
        outputs += [col("broken"), col("dead"), col("deceased_date")]
        outputs += [col(c.name) for c in sql_cols]
        final = exp.select(*outputs).from_("criteria").order_by(col("pid"))
        with_ = self._facts() + self.ctes + [("leaves", leaves), ("rules", rules), ("criteria", criteria)]
        for name, q in with_:
            final = final.with_(name, as_=q, copy=False)
        for cte in final.args["with_"].expressions:
            if cte.alias in ("obs", "meds", "conds"):
                # read through, not copied: each rule then reads only its own analyte's or drug's rows
                cte.set("materialized", False)
        return TrialQuery(final, columns, verdict_in_sql, self.leaf_text)

    def _verdict(self, cols: list[Column]) -> Expr:
        """docs/semantics.md, "Verdict" (screener.evaluate.verdict.screen_patient)."""
        def status(c: Column, value: str) -> Expr:
            return exp.EQ(this=col(c.name), expression=lit(value))
        want = {"inclusion": "met", "exclusion": "not_met"}
        cols = [c for c in cols if c.criterion.grouped_in is None]  # items count through their group
        against = [status(c, "not_met" if c.criterion.section == "inclusion" else "met") for c in cols]
        pending = [exp.NEQ(this=col(c.name), expression=lit(want[c.criterion.section])) for c in cols]
        whens = [(col("broken"), lit("error")), (col("dead"), lit("ineligible"))]
        if against:
            whens.append((or_(*against), lit("ineligible")))
        if any(n.code == "section.no_criteria" for n in self.trial.notes):
            return case(*whens, default=lit("undetermined"))
        if pending:
            whens.append((or_(*pending), lit("undetermined")))
        return case(*whens, default=lit("eligible"))


def build_query(trial: CompiledTrial, as_of: dt.date, *, policies: dict[str, Policy] | None = None,
                default_policy: Policy = DEFAULT_POLICY, attest: dict[str, bool] | None = None) -> TrialQuery:
    """The SQL for screening every patient of a store against ``trial`` on ``as_of``."""
    return _Builder(trial, as_of, policies or {}, default_policy, dict(attest or {})).build()
