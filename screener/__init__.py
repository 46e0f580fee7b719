"""screener: compile free-text eligibility criteria into rules; evaluate them on patient records.

The pipeline, stage by stage: ``screener.text`` (sections, lines, normalization),
``screener.parse`` (lexer, LALR grammar, parse tree -> IR), ``screener.ir`` (rule
nodes, canonical text), ``screener.vocab`` and ``screener.units`` (reference data,
one pint registry), ``screener.compile`` (the whole compile), ``screener.records``
(patient records: formats in, bound to the vocabulary, units normalized),
``screener.evaluate`` (three-valued rules with evidence, verdicts),
``screener.results`` (what comes out), ``screener.api`` (``load_trial``).
"""

__version__ = "0.1.0"

__all__ = ["load_trial", "compile_criteria", "__version__"]


def __getattr__(name: str):  # keep ``import screener`` cheap: the compiler loads on first use
    if name in ("load_trial", "compile_criteria", "Trial"):
        from screener import api

        return getattr(api, name)
    raise AttributeError(name)
