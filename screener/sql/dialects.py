"""Rendering the query for one engine: sqlglot's generators, with the one fix Spark needs."""

from __future__ import annotations

from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB
from sqlglot.dialects.spark import Spark


class SparkSQL(Spark):
    """Spark SQL; list overlap is the function ``arrays_overlap`` there (sqlglot writes ``&&``)."""

    class Generator(Spark.Generator):
        TRANSFORMS = {
            **Spark.Generator.TRANSFORMS,
            exp.ArrayOverlaps: lambda self, e: self.func("ARRAYS_OVERLAP", e.this, e.expression),
        }


DIALECTS = {"duckdb": DuckDB, "spark": SparkSQL}


def render_sql(tree: exp.Expression, dialect: str = "duckdb", pretty: bool = True) -> str:
    if dialect not in DIALECTS:
        raise ValueError(f"no SQL dialect {dialect!r} (choose from {', '.join(DIALECTS)})")
    return DIALECTS[dialect]().generate(tree, pretty=pretty)
