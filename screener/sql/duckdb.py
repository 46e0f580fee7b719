"""Run a trial query with DuckDB, in process, over a store's Parquet files."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from screener.store.schema import TABLES


def connect(store: str | Path, *, threads: int | None = None, memory_limit: str | None = None):
    """A DuckDB connection with one view per store table (``patients``, ``observations``, ...)."""
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    folder = Path(store).resolve()
    for table in TABLES:
        path = (folder / table / "*.parquet").as_posix().replace("'", "''")
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    return con


def run(sql: str, store: str | Path, **settings) -> pa.Table:
    """The query's rows (one per patient) as an Arrow table."""
    con = connect(store, **settings)
    try:
        return con.sql(sql).to_arrow_table()
    finally:
        con.close()
