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


# words at the edge of an unknown subject that name nothing there: a preposition or article left over ("exposure
# to", "if", "the"), a verb or its helper ("received", "failed", "defined as", "treated with", "is"), or a word
# that only leads into what follows ("history of", "score of", "on stable dose", "despite the use of")
_EDGE_LEAD = frozenset({
    "the", "a", "an", "of", "to", "on", "with", "for", "as", "in", "at", "by", "if", "and", "or", "than", "then",
    "such", "unless", "despite", "i", "e", "ie", "eg", "g",
})
_EDGE_TAIL = (_EDGE_LEAD - {"i", "e", "ie", "eg", "g"}) | frozenset({  # ("vitamin e", "troponin i" end in a name)
    "received", "failed", "treated", "defined", "deaned", "considered", "based", "is", "are", "be", "been", "was",
    "were", "has", "have", "had", "will", "must", "may", "could", "would", "limit", "limiting", "equivalent",
    "separated", "dependent", "expected", "enrolled", "who", "whom", "which", "that",
})
# what is left names nothing alone: "failed" >= 2, "prior" within 3 month, "history" >= 2, "score" > 20
_NOTHING_ALONE = frozenset({"prior", "previous", "treatment", "therapy", "use", "time", "history", "lifetime",
                            "score", "factor", "classification", "involvement", "exposure", "response", "failure",
                            "stable", "dose", "doses", "end", "administration", "requirement", "average"})
# sex words are another pass's business (a limit per sex): a subject holding one is left as it is
_SEX_WORDS = frozenset({"women", "men", "woman", "man", "female", "male", "females", "males"})


def edge_trimmed(words: list[str]) -> list[str]:
    """The words of an unknown subject without the words at its edges that name nothing there ("life expectancy
    to" -> life expectancy; "if gilberts then" -> gilberts; "transforaminal epidural injection received" ->
    transforaminal epidural injection). The words as they are where nothing would be left that names a thing
    ("history of", "exposure to", "on stable dose", "defined as", "failed"), or where a sex word is among them."""
    if _SEX_WORDS.intersection(words):
        return words
    lo, hi = 0, len(words)
    while lo < hi and words[lo] in _EDGE_LEAD:
        lo += 1
    while hi > lo and words[hi - 1] in _EDGE_TAIL:
        hi -= 1
    out = words[lo:hi]
    if all(w in _NOTHING_ALONE or w in _EDGE_TAIL for w in out):
        # nothing left names a thing ("history of", "exposure to", "on stable dose"): the words stay as written,
        # for leaving the number out would turn the line's only reading away (a partial line unsupported)
        return words
    return out


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
