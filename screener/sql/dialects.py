"""Rendering the query for one engine: sqlglot's generators, with the one fix Spark needs."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.spark import Spark


class SparkSQL(Spark):
    """Spark SQL: list overlap is the function ``arrays_overlap`` there (sqlglot writes ``&&``),
    and a CTE takes no MATERIALIZED hint."""

    class Generator(Spark.Generator):
        TRANSFORMS = {
            **Spark.Generator.TRANSFORMS,
            exp.ArrayOverlaps: lambda self, e: self.func("ARRAYS_OVERLAP", e.this, e.expression),
        }

        def cte_sql(self, expression: exp.CTE) -> str:
            if expression.args.get("materialized") is not None:
                expression = expression.copy()
                expression.set("materialized", None)
            return super().cte_sql(expression)


DIALECTS = {"duckdb": DuckDB, "spark": SparkSQL}


def render_sql(tree: exp.Expression, dialect: str = "duckdb", pretty: bool = True) -> str:
    if dialect not in DIALECTS:
        raise ValueError(f"no SQL dialect {dialect!r} (choose from {', '.join(DIALECTS)})")
    return DIALECTS[dialect]().generate(tree, pretty=pretty)
