"""How far a compiled criterion goes: full, manual, partial or unsupported.

- ``full``: compiled whole into rules that records can decide (no part needs a
  person, every subject is in the vocabulary);
- ``manual``: the whole criterion needs a person's attestation (consent,
  willingness, investigator judgement, a procedure still to come), and nothing of it was left out;
- ``partial``: some of it compiled (a part failed, words were left out, a part
  is manual, or a subject is not in the vocabulary);
- ``unsupported``: nothing compiled.
"""

from __future__ import annotations

from typing import Literal

from screener import ir
from screener.groups import has_failed_item

LineClass = Literal["full", "manual", "partial", "unsupported"]


def node_kinds(rule) -> set[str]:
    """Every node kind in a rule."""
    return {r.kind for r in ir.walk(rule)}


# node kinds no record can decide
NOT_COMPUTABLE = frozenset({"manual", "unmapped"})


def line_class(criterion) -> LineClass:
    if criterion.status == "unsupported" or criterion.rule is None:
        return "unsupported"
    kinds = node_kinds(criterion.rule)
    leaves = kinds - {"all", "any", "not", "at_least"}
    if "at_least" in kinds and has_failed_item(criterion.rule):
        # a counted list with an item that did not compile whole: a part failed (screener.groups)
        return "partial"
    if leaves and leaves <= {"manual"} and criterion.status == "compiled":
        return "manual"
    if criterion.status == "compiled" and not (kinds & NOT_COMPUTABLE):
        return "full"
    return "partial"
