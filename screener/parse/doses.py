"""Lexer pass for radiation doses in gray ("TBI > 500 cGy (single) or > 800 cGy (fractionated)").

The lexer reads "cGy" and "Gy" after a number as a unit (screener/parse/lexer.py ``_BARE_UNITS``). A dose is only
kept as a limit when what it is the dose of is written right before its comparison and is total body irradiation:
"TBI", which the vocabulary reads as the diagnosis traumatic brain injury (a dose in gray cannot be a measure of a
brain injury, so the comparison is the irradiation's, and it compiles on the written name "TBI", unmapped). Any
other dose ("the total prior radiation dose to the cord or pelvis exceeds 100 Gy") goes back to a word, as before:
the lexer names the words right before a comparison as its subject, and "pelvis" is not what has the dose.
"""

from __future__ import annotations

from lark import Token

_GRAY = frozenset({"Gy", "cGy"})
_LIMIT = frozenset({"CMP", "AND_CMP", "OR_CMP", "NUMBER", "UNIT", "LPAR"})


def _dose_of_tbi(tokens: list[Token], k: int) -> bool:
    j = k - 1
    while j >= 0 and tokens[j].type in _LIMIT:
        j -= 1
    return (j >= 0 and j < k - 2 and tokens[j].type == "CONDITION" and tokens[j].value == "traumatic_brain_injury"
            and tokens[j + 1].type in ("CMP", "LPAR"))


def radiation_doses(tokens: list[Token]) -> list[Token]:
    if not any(t.type == "UNIT" and t.value in _GRAY for t in tokens):
        return tokens
    return [Token("WORD", t.value, start_pos=t.start_pos, end_pos=t.end_pos)
            if t.type == "UNIT" and t.value in _GRAY and not _dose_of_tbi(tokens, k) else t
            for k, t in enumerate(tokens)]
