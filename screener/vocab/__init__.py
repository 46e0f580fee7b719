"""Analytes, drugs, drug classes and condition groups, loaded from ``screener/data/``."""

from __future__ import annotations

from functools import cache

from screener.vocab.models import (
    AffineConverter,
    Analyte,
    ConditionGroup,
    Drug,
    DrugClass,
    LoincCode,
    RefRange,
    RxnormProduct,
    Term,
)
from screener.vocab.vocabulary import Vocabulary


@cache
def vocabulary() -> Vocabulary:
    """The bundled vocabulary, loaded once."""
    return Vocabulary()


__all__ = [
    "AffineConverter",
    "Analyte",
    "ConditionGroup",
    "Drug",
    "DrugClass",
    "LoincCode",
    "RefRange",
    "RxnormProduct",
    "Term",
    "Vocabulary",
    "vocabulary",
]
