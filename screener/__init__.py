"""screener: compile free-text eligibility criteria into rules; evaluate them on patient records.

The pipeline, stage by stage: ``screener.text`` (sections, lines, normalization),
``screener.parse`` (lexer, LALR grammar, parse tree -> IR), ``screener.ir`` (rule
nodes, canonical text), ``screener.vocab`` and ``screener.units`` (reference data,
one pint registry), ``screener.compile`` (the whole compile).
"""

__version__ = "0.1.0"
