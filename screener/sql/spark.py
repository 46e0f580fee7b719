"""Run a trial query on Apache Spark (pyspark): ``local[*]`` on one machine, or a cluster's master URL.

The store's Parquet folders become temporary views with the names the query
reads.  The query's CTEs run one by one as views, and a CTE that later steps
read more than once (and every rule's result) is materialized first: Spark
would otherwise inline each CTE at every place it is read, and the plan of a
whole trial outgrows the driver.  The SQL is the same as the one statement
``TrialQuery.sql("spark")`` renders.  Spark needs Java 17 or newer.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pyarrow as pa
from sqlglot import exp

from screener.sql.dialects import render_sql
from screener.store.schema import TABLES

_SESSIONS: dict[str, object] = {}


def session(master: str | None = None):
    """One SparkSession per master URL for this process (starting one costs seconds)."""
    from pyspark.sql import SparkSession

    master = master or os.environ.get("SCREENER_SPARK_MASTER") or "local[*]"
    if master not in _SESSIONS:
        builder = (SparkSession.builder.master(master).appName("screener")
                   .config("spark.sql.session.timeZone", "UTC")  # dates are calendar dates, never shifted
                   .config("spark.ui.enabled", "false")
                   .config("spark.sql.ansi.enabled", "true"))
        if master.startswith("local"):
            # small pages: a trial joins some forty small rule tables, and each broadcast join
            # otherwise reserves a 64 MB page in the one local JVM
            builder = (builder.config("spark.sql.shuffle.partitions", "4").config("spark.buffer.pageSize", "2m")
                       .config("spark.driver.memory", os.environ.get("SCREENER_SPARK_MEMORY", "2g")))
        _SESSIONS[master] = builder.getOrCreate()
    return _SESSIONS[master]


def _steps(select: exp.Select) -> tuple[list[tuple[str, exp.Select]], exp.Select, set[str]]:
    """(CTEs in order, the final SELECT, the CTE names worth materializing)."""
    with_ = select.args.get("with_")
    ctes = [(c.alias, c.this) for c in with_.expressions] if with_ else []
    body = select.copy()
    body.set("with_", None)
    reads = Counter(t.name for _n, q in ctes for t in q.find_all(exp.Table))
    reads.update(t.name for t in body.find_all(exp.Table))
    names = {n for n, _q in ctes}
    # every rule's result, and the per-patient tables whose wide expressions Spark would otherwise inline
    keep = {n for n in names if reads[n] > 1 or (n.startswith("leaf_") and n.count("_") == 1)}
    keep |= {"leaves", "rules", "criteria"} & names
    return ctes, body, keep


def run_query(select: exp.Select, store: str | Path, *, master: str | None = None) -> pa.Table:
    spark = session(master)
    folder = Path(store).resolve()
    for table in TABLES:
        spark.read.parquet(str(folder / table)).createOrReplaceTempView(table)
    ctes, body, keep = _steps(select)
    held = []
    for name, q in ctes:
        df = spark.sql(render_sql(q, "spark", pretty=False))
        if name in keep:
            df = df.localCheckpoint(eager=True)
            held.append(df)
        df.createOrReplaceTempView(name)
    try:
        return spark.sql(render_sql(body, "spark", pretty=False)).toArrow()
    finally:
        for df in held:
            df.unpersist()


def run(sql_or_select, store: str | Path, *, master: str | None = None) -> pa.Table:
    import sqlglot

    from screener.sql.dialects import SparkSQL

    select = sql_or_select if isinstance(sql_or_select, exp.Expression) else sqlglot.parse_one(sql_or_select, read=SparkSQL)
    return run_query(select, store, master=master)


def stop() -> None:
    for s in _SESSIONS.values():
        s.stop()
    _SESSIONS.clear()
