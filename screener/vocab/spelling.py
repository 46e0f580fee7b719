"""British spellings of the vocabulary's surface forms, from ``spelling_variants.csv``.

The data files spell the US way ("anemia", "edema", "esophageal varices", "tumor");
criteria from other registries write "anaemia", "oedema", "oesophageal varices",
"tumour". Each row of the file is a pair of word parts and where in a word the US
part may stand; ``Speller.british`` rewrites every such part of a form at once, so
a form has at most one British variant.

A variant is only a second spelling of the entry it comes from: it never takes a
form (compared as the lexer's key) that another entry, a lab-defined condition or a
grammar keyword already holds, and two entries whose variants meet lose it both
unless exactly one is hand-written (hand-written entries win every form, as for
the generated ICD-10-CM groups).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from screener.parse.lexicon import HYPHENS, key_of, keyword_table
from screener.vocab.loader import read_rows
from screener.vocab.models import Term

POSITIONS = ("any", "start", "end", "word")
_LETTER_BEFORE = r"(?<![^\W\d_])"
_LETTER_AFTER = r"(?![^\W\d_])"
# what key_of drops: its pieces joined are the text without these, so equal keys mean equal signatures
_NOT_IN_KEY = str.maketrans("", "", "".join(HYPHENS))


@dataclass(frozen=True, slots=True)
class SpellingRule:
    us: str
    uk: str
    position: str  # "any": anywhere in a word; "start"/"end": at a word's start/end; "word": the whole word
    source: str


def load_spelling_rules(folder: Path | None = None) -> tuple[SpellingRule, ...]:
    rules: dict[str, SpellingRule] = {}
    for row in read_rows("spelling_variants.csv", folder):
        us, uk, position = row["us"], row["uk"], row["position"]
        if position not in POSITIONS:
            raise ValueError(f"spelling_variants.csv: position {position!r} is not one of {POSITIONS}")
        if not us or not uk or us == uk or us != us.lower() or uk != uk.lower() or len(us.split()) != 1:
            raise ValueError(f"spelling_variants.csv: {us!r} -> {uk!r} is not a pair of lower-case word parts")
        if not row["source"]:
            raise ValueError(f"spelling_variants.csv: {us!r} has no source")
        if us in rules:
            raise ValueError(f"spelling_variants.csv: {us!r} is listed twice")
        rules[us] = SpellingRule(us, uk, position, row["source"])
    return tuple(rules.values())


class Speller:
    """Rewrites the US word parts of a text into their British spelling, all in one pass."""

    def __init__(self, rules: Iterable[SpellingRule]) -> None:
        rules = sorted(rules, key=lambda r: (-len(r.us), r.us))  # longest part first where two start together
        self._uk = {r.us: r.uk for r in rules}
        parts = []
        for r in rules:
            pattern = re.escape(r.us)
            if r.us in r.uk:  # "emia" inside "aemia": a part already spelled the British way stays as it is
                at = r.uk.index(r.us)
                before, after = r.uk[:at], r.uk[at + len(r.us):]
                pattern = (f"(?<!{re.escape(before)})" if before else "") + pattern + \
                          (f"(?!{re.escape(after)})" if after else "")
            if r.position in ("start", "word"):
                pattern = _LETTER_BEFORE + pattern
            if r.position in ("end", "word"):
                pattern += _LETTER_AFTER
            parts.append(pattern)
        self._pattern = re.compile("|".join(parts)) if parts else None
        # the lookarounds make the full pattern slow to scan; most forms hold no US part at all
        self._quick = re.compile("|".join(sorted(map(re.escape, self._uk)))) if parts else None

    def british(self, text: str) -> str | None:
        """The British spelling of ``text``, or None when it has no US part."""
        if self._pattern is None or not self._quick.search(text):
            return None
        out = self._pattern.sub(lambda m: self._uk[m.group(0)], text)
        return out if out != text else None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A variant left out: the term it would have been and why."""

    term: Term
    reason: str


def british_terms(to_spell: Iterable[Term], held: Iterable[Term], speller: Speller,
                  hand_written: set[tuple[str, str]]) -> tuple[list[Term], list[Skipped]]:
    """The British variants of ``to_spell`` that no form of ``held`` (every form kept so far) holds.

    ``hand_written`` holds the (kind, id) of entries that are not generated; they win
    a variant that a generated entry also reaches.
    """
    # forms share their words: spell each distinct word once (no US part holds a space)
    sources = [(t.text, t.kind, t.id) for t in to_spell]
    words = {w for text, _, _ in sources for w in text.split()}
    british = {w: uk for w in words if (uk := speller.british(w)) is not None}
    proposals: dict[tuple[str, ...], dict[tuple[str, str], str]] = defaultdict(dict)
    for text, kind, ident in sources:  # in file order, so the first form of an entry wins
        ws = text.split()
        if any(w in british for w in ws):
            uk = " ".join(british.get(w, w) for w in ws)
            if key := key_of(uk):
                proposals[key].setdefault((kind, ident), uk)
    # who holds each proposed key; key_of only for the forms whose signature could match one
    wanted = {"".join(k) for k in proposals}
    owners: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
    for t in (*held, *to_spell):
        if signature(t.text) in wanted:
            owners[key_of(t.text)].add((t.kind, t.id))
    keywords = keyword_table()
    added: list[Term] = []
    skipped: list[Skipped] = []
    for key in sorted(proposals):
        by_entry = proposals[key]
        holders = owners.get(key, set())
        free = {e: uk for e, uk in by_entry.items() if e not in holders}
        if not free:
            continue  # the entry already has this spelling
        if holders:
            reason = "held by " + ", ".join(f"{k}:{i}" for k, i in sorted(holders))
        elif key in keywords:
            reason = "a grammar keyword"
        else:
            hand = [e for e in free if e in hand_written]
            winner = hand[0] if len(hand) == 1 else (next(iter(free)) if len(free) == 1 else None)
            if winner is not None:
                added.append(Term.model_construct(text=free[winner], kind=winner[0], id=winner[1]))
            reason = f"also the variant of {winner[0]}:{winner[1]}" if winner else \
                "the variant of several entries: " + ", ".join(f"{k}:{i}" for k, i in sorted(free))
            free = {e: uk for e, uk in free.items() if e != winner}
        skipped += [Skipped(Term.model_construct(text=uk, kind=e[0], id=e[1]), reason) for e, uk in sorted(free.items())]
    return added, skipped


def signature(text: str) -> str:
    """``"".join(key_of(text))`` without the cost of key_of: texts with one key have one signature."""
    return "".join(text.lower().split()).translate(_NOT_IN_KEY)
