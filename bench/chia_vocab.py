"""How much of what Chia's annotators marked does the vocabulary name?

Chia (../shared/corpus/chia) marks, in each criterion line, the conditions, drugs, procedures,
measurements, devices and observations it mentions, and flags lines no query can capture
("Non-query-able", "Subjective_judgement", "Informed_consent", ...). A line can compile fully only
when the lexer names every clinical thing in it, so these figures bound `full` from the vocabulary's
side, apart from the grammar's. Used by bench/extraction.py for docs/coverage.md.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import lru_cache
from typing import NamedTuple

from bench.corpus_lines import CORPUS

CLINICAL = ("Condition", "Drug", "Procedure", "Measurement", "Device", "Observation")
# Chia's labels for a line (or part) that no database query can capture, or that is not a criterion
UNQUERYABLE = frozenset({
    "Non-query-able", "Non-representable", "Undefined_semantics", "Subjective_judgement", "Informed_consent",
    "Post-eligibility", "Competing_trial", "Not_a_criteria", "Parsing_Error", "Context_Error", "Grammar_Error",
})
# token kinds that name a thing a record can hold (vocabulary terms; screener/parse/lexicon.py)
_SUBJECT_KINDS = frozenset({"CONDITION", "DRUG", "DRUG_CLASS", "PROCEDURE", "ANALYTE", "IMMUNIZATION", "ALLERGEN",
                            "ALLERGY"})


@lru_cache(maxsize=None)
def named(text: str) -> bool:
    """Whether the lexer names a mention: a vocabulary term, and no word it does not know.

    Filler the lexer drops ("serum", "level") and grammar words ("uncontrolled") are fine; an unknown
    word is not ("systemic" in "systemic lupus erythematosus" leaves the line partial).
    """
    from screener.parse.lexer import tokenize
    from screener.text.normalize import normalize

    kinds = {t.type for t in tokenize(normalize(text).text)}
    return bool(kinds & _SUBJECT_KINDS) and "WORD" not in kinds


class Mention(NamedTuple):
    """One brat entity of Chia: its label, character offsets in the document (the first start and the last end of a
    discontinuous one) and its text."""
    label: str
    start: int
    end: int
    text: str


def entities() -> dict[str, list[Mention]]:
    """Chia's entity mentions per document (bench/extraction.py reads Chia's gold numbers from them too)."""
    out: dict[str, list[Mention]] = defaultdict(list)
    with open(CORPUS / "chia" / "chia_without_scope.brat.jsonl", encoding="utf-8") as f:
        for raw in f:
            rec = json.loads(raw)
            for ann in rec["ann"].splitlines():
                parts = ann.split("\t")
                if len(parts) == 3 and parts[0].startswith("T"):
                    label, offsets = parts[1].split(" ", 1)
                    bounds = offsets.split()
                    out[rec["doc_id"]].append(Mention(label, int(bounds[0]), int(bounds[-1]), parts[2]))
    return out


def line_state(mentions: list[Mention], start: int, end: int) -> str:
    """What Chia says of the line at [start, end) and whether the vocabulary names its clinical mentions."""
    mine = [m for m in mentions if start <= m.start < end]
    if any(m.label in UNQUERYABLE for m in mine):
        return "flagged by Chia as not queryable"
    clinical = [m for m in mine if m.label in CLINICAL]
    if not clinical:
        return "no clinical mention"
    return "every clinical mention named" if all(named(m.text) for m in clinical) else "a clinical mention not named"


def mention_recall(mentions: dict[str, list[Mention]]) -> dict[str, tuple[int, int, Counter]]:
    """Per label: (mentions, mentions named, the unnamed ones by lower-cased text)."""
    out: dict[str, tuple[int, int, Counter]] = {}
    for label in CLINICAL:
        texts = [m.text for ms in mentions.values() for m in ms if m.label == label]
        missed = Counter(t.lower().strip() for t in texts if not named(t))
        out[label] = (len(texts), len(texts) - sum(missed.values()), missed)
    return out
