"""Screening whole populations: the rule IR compiled to SQL (sqlglot), run by DuckDB or Spark."""

from screener.sql.build import TrialQuery, build_query
from screener.sql.context import NotExpressible

__all__ = ["NotExpressible", "TrialQuery", "build_query"]
