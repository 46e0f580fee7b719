"""The SQL the engines run for NCT06722586 is committed, so a reviewer sees what runs.

It changes when the rules, the vocabulary or the SQL builder change: review the
diff, then rewrite it with ``python3 tools/gen_golden_sql.py``.
"""

from __future__ import annotations

import sqlglot

from screener.sql.dialects import SparkSQL
from tools.gen_golden_sql import render


def test_golden_sql_is_up_to_date():
    stale = [path.name for path, text in render().items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"out of date (review, then run python3 tools/gen_golden_sql.py): {stale}"


def test_golden_sql_parses_back_in_its_dialect():
    for path, text in render().items():
        dialect = "duckdb" if ".duckdb." in path.name else SparkSQL
        [tree] = sqlglot.parse(text, read=dialect)
        assert tree.find(sqlglot.exp.Order) is not None  # patients come out in load order


def test_golden_sql_names_each_rule():
    text = next(t for p, t in render().items() if p.name.endswith(".duckdb.sql"))
    assert "--   l4: platelets >= 30 10*9/L and <= 100 10*9/L for >= 2 week" in text
    assert "CAST('2026-11-23' AS DATE)" in text
