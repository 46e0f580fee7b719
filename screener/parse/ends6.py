"""Lexer passes of the ends6 round (session 15; docs/notes/issue-5-ends6.md).

- ``under_anaesthesia``: "Planned surgery under regional anesthesia", "undergoing a VATS procedure under General
  Anaesthesia", "planned eye surgery under sedation": "under" before an anaesthesia or a sedation is how the
  procedure is done, not a comparator ("under 18 years"). Until now the lexicon's CMP made the words before it an
  unknown subject of a comparison with no number, and the line was unsupported. Now the words are read as they are
  without it, where the line says the procedure is still to come (planned, scheduled, undergoing, elective) and
  names no drug: such a procedure is the trial's own (a person confirms it: manual, or partial beside what
  else the line says), never a record of the past.
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import mentions, word

# what may stand between "under" and the anaesthesia ("general", "local", "spinal", "monitored")
_ANAESTHESIA = re.compile(r"under\s+(?:[a-z-]+\s+){0,2}(?:an(?:a)?esth\w*|sedation|narcosis)\b")

# what says the procedure is still to come (the trial's own): "planned", "scheduled for", "undergoing", "elective";
# "Caesarean section performed under general anesthesia" (a past one) and "asleep under general anesthesia in the
# 7 days prior" are left as they were
_TO_COME = re.compile(r"\b(?:plan\w*|schedul\w*|undergo\w*|elective|candidates?|for)\b")


def under_anaesthesia(tokens: list[Token], text: str) -> list[Token]:
    """'under (general) anaesthesia': the "under" is a word, not a comparator."""
    if not mentions(text, "under") or not mentions(text, "esth", "sedation", "narcosis"):
        return tokens
    if any(t.type in ("DRUG", "DRUG_CLASS") for t in tokens):
        return tokens  # ("under general anesthesia with propofol": the trial's own drugs, no record of them)
    low = text.lower()
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type == "CMP" and low[tok.start_pos:tok.end_pos] == "under" and _ANAESTHESIA.match(low, tok.start_pos) \
                and _TO_COME.search(low, 0, tok.start_pos):
            out[k] = word(tok, text)
    return out
