"""Small token helpers the lexer's passes share (screener/parse/lexer.py, screener/parse/scales.py)."""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Token

# Fed to the parser only where the current state accepts them; skipped
# silently otherwise (they add nothing a rule could lose).
SILENT_SOFT = frozenset({
    "OF", "FOR", "COMMA", "TO", "RECEIVED", "TAKING", "INDEX", "BEFORE", "SLASH", "AS",
    "DOSE", "ALLSEX", "TIMES", "SEMI", "OLD",
})
# separators of a list ("A, B or C", "A/B")
LIST_SEP = frozenset({"COMMA", "OR", "AND", "SLASH"})
# tokens that end a clause for the passes that look back over one
CLAUSE_BREAK = frozenset({"COMMA", "SEMI", "LPAR", "RPAR", "AND", "OR", "COLON"})
# what may stand before a diagnosis and belongs to it ("severe", "history of", "active", "persistent")
CONDITION_HEAD = frozenset({"SEVERITY", "HISTORY", "ACTIVE", "PERSISTENT"})


def word(tok: Token, text: str) -> Token:
    """The token as an unknown word (its text as written), e.g. a name that must not be read."""
    return Token("WORD", text[tok.start_pos:tok.end_pos], start_pos=tok.start_pos, end_pos=tok.end_pos)


def zero(ttype: str, value: str, at: int) -> Token:
    """A token this lexer puts in (no width in the text)."""
    return Token(ttype, value, start_pos=at, end_pos=at)


def subject_words(text: str) -> list[str]:
    """The words of an unknown subject as written, lower-cased ("Caffeinated drinks" -> caffeinated, drinks)."""
    return re.findall(r"[^\W_]+(?:[-'][^\W_]+)*", text.lower())


@lru_cache(maxsize=8)
def lowered(text: str) -> str:
    """The line in lower case, made once for the many lexer passes that test it for cue words."""
    return text.lower()


def mentions(text: str, *cues: str) -> bool:
    """Whether the line holds any of ``cues`` (lower-case substrings): a pass's cheap test before its patterns.
    (A case-blind regular expression of alternatives costs about ten times as much per line.)"""
    low = lowered(text)
    return any(c in low for c in cues)


def has_kind(tokens: list[Token], *kinds: str) -> bool:
    """Whether any token is of one of ``kinds``: a pass's cheap test that it can change the line at all."""
    return any(t.type in kinds for t in tokens)
