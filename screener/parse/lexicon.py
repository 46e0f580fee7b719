"""The phrase table the lexer matches: grammars/lexicon.tsv plus vocabulary terms.

Keys are tuples of lower-cased word pieces (see ``pieces``) so that spacing,
case and hyphenation do not matter: "Anti-cardiolipin", "anti cardiolipin"
and "ANTI-CARDIOLIPIN" are one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from screener.resources import grammars_dir

# A piece is a number, a word (letters, digits, inner underscores for
# vocabulary ids), a two-character comparator, or one other character.
PIECE = re.compile(
    r"(?P<num>\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<word>[^\W\d_](?:[^\W_]|_(?=[^\W_]))*)"
    r"|(?P<sym>[<>!]=|\S)"
)

TERM_KINDS = {
    "analyte": "ANALYTE",
    "drug": "DRUG",
    "drug_class": "DRUG_CLASS",
    "condition": "CONDITION",
    "allergen": "ALLERGEN",
    "procedure": "PROCEDURE",
    "vaccine": "IMMUNIZATION",
}
# When one surface form names two things, the earlier kind wins (and the
# vocabulary test reports the clash so a reviewer can fix the data).
_KIND_PRIORITY = ["analyte", "condition", "drug_class", "drug", "allergen", "procedure", "vaccine"]
# Keywords that change a rule's meaning; a term must not swallow them.
_STRUCTURAL = frozenset({"HISTORY", "ACTIVE", "ONSET", "ROUTE", "NOT", "POSITIVE", "NEGATIVE", "PERSISTENT"})


@dataclass(frozen=True, slots=True)
class Entry:
    tokens: tuple[tuple[str, str], ...]  # ((TYPE, value), ...); empty tuple = filler
    source: str  # "lexicon" or "vocabulary"


# "anti-platelet", "anti platelet" and "antiplatelet" are one word.
JOIN_PREFIXES = frozenset({"anti", "non", "pre", "post"})
HYPHENS = frozenset("-\u2010'")


def key_of(phrase: str) -> tuple[str, ...]:
    """The lookup key of a phrase: its word pieces, lower-cased, hyphens dropped."""
    key: list[str] = []
    prev_word = False
    for m in PIECE.finditer(phrase):
        text = m.group(0)
        if text in HYPHENS:
            continue
        is_word = m.lastgroup == "word"
        if is_word and prev_word and key and key[-1] in JOIN_PREFIXES:
            key[-1] += text.lower()
        else:
            key.append(text.lower())
        prev_word = is_word
    return tuple(key)


def _parse_tokens(spec: str) -> tuple[tuple[str, str], ...]:
    if spec.strip() == "_":
        return ()
    out = []
    for item in spec.split():
        kind, _, value = item.partition(":")
        if kind == "SUBJECT":
            value = value.replace("_", " ")  # a subject is named as written: "SUBJECT:life_expectancy"
        out.append((kind, value))
    return tuple(out)


@cache
def keyword_table() -> dict[tuple[str, ...], Entry]:
    table: dict[tuple[str, ...], Entry] = {}
    for raw in (grammars_dir() / "lexicon.tsv").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        phrase, _, spec = raw.partition("\t")
        table[key_of(phrase)] = Entry(_parse_tokens(spec), "lexicon")
    return table


@cache
def phrase_table() -> dict[tuple[str, ...], Entry]:
    """Keywords and vocabulary terms in one table; vocabulary wins ties."""
    from screener.vocab import vocabulary

    table = dict(keyword_table())
    rank = {k: i for i, k in enumerate(_KIND_PRIORITY)}
    chosen: dict[tuple[str, ...], tuple[int, str, str]] = {}
    for term in vocabulary().terms():
        key = key_of(term.text)
        if not key:
            continue
        candidate = (rank.get(term.kind, 99), term.kind, term.id)
        if key not in chosen or candidate < chosen[key]:
            chosen[key] = candidate
    # "history of thrombosis" is HISTORY + thrombosis: a term that is a grammar
    # keyword plus another term for the same thing would hide the keyword
    keywords = keyword_table()
    for key in [k for k in chosen if len(k) > 1]:
        for p in range(1, len(key)):
            entry = keywords.get(key[:p])
            rest = chosen.get(key[p:])
            if (entry and entry.tokens and entry.tokens[0][0] in _STRUCTURAL and rest
                    and rest[2] == chosen[key][2]
                    # the grammar takes a route before a drug, not before a condition ("systemic lupus")
                    and not (entry.tokens[0][0] == "ROUTE" and chosen[key][1] == "condition")):
                del chosen[key]
                break
    # conditions a lab range defines ("thrombocytopenia (30-100 x 10^9/L)")
    for name in vocabulary().lab_defined_conditions():
        chosen.setdefault(key_of(name), (rank["condition"], "condition", name))
    for key, (_, kind, ident) in chosen.items():
        table[key] = Entry(((TERM_KINDS[kind], ident),), "vocabulary")
    return table


@cache
def max_key_length() -> int:
    return max(len(k) for k in phrase_table())


@cache
def first_words() -> dict[str, int]:
    """Word -> the longest phrase (in pieces) starting with it; other words are unknown WORDs."""
    out: dict[str, int] = {}
    for k in phrase_table():
        out[k[0]] = max(out.get(k[0], 0), len(k))
    return out
