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

from screener.parse.tokens import has_kind, lowered, mentions, word

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
    if has_kind(tokens, "DRUG", "DRUG_CLASS"):
        return tokens  # ("under general anesthesia with propofol": the trial's own drugs, no record of them)
    low = lowered(text)
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type == "CMP" and low[tok.start_pos:tok.end_pos] == "under" and _ANAESTHESIA.match(low, tok.start_pos) \
                and _TO_COME.search(low, 0, tok.start_pos):
            out[k] = word(tok, text)
    return out


# the verb between a drug and the diagnosis it treats ("insulin-treated diabetes", "insulin requiring diabetes")
_TREATING_BEFORE = frozenset({"treated", "dependent", "requiring", "managed"})
# what may stand before the drug: nothing, a separator, or a lead-in the lexer left as a word ("patients with")
_BEFORE_DRUG = frozenset({"COMMA", "SEMI", "LPAR", "COLON", "WORD"})


def drug_treated_condition(tokens: list[Token], text: str) -> list[Token]:
    """'insulin-treated diabetes mellitus', 'Insulin Dependent Diabetic Patients', 'Insulin requiring diabetes': the
    diagnosis and its treatment now, as 'diabetes treated with insulin' says (criteria.lark condition_treated). The
    tokens are put in that order: the diagnosis, TREATED (no width), the drug; the diagnosis's token and the drug's
    both span the phrase as written. Until now the line was unsupported (a diagnosis after a drug parses as neither)."""
    if not mentions(text, *_TREATING_BEFORE):
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if (tok.type in ("DRUG", "DRUG_CLASS") and k + 2 < len(tokens) and tokens[k + 1].type == "WORD"
                and tokens[k + 1].value.lower() in _TREATING_BEFORE and tokens[k + 2].type == "CONDITION"
                and all(t.type in _BEFORE_DRUG for t in tokens[:k])
                and (k + 3 == len(tokens) or tokens[k + 3].type != "CONDITION")):
            cond = tokens[k + 2]
            out += [Token("CONDITION", cond.value, start_pos=tok.start_pos, end_pos=cond.end_pos),
                    Token("TREATED", "treated", start_pos=cond.end_pos, end_pos=cond.end_pos),
                    Token(tok.type, tok.value, start_pos=tok.start_pos, end_pos=cond.end_pos)]
            k += 3
            continue
        out.append(tok)
        k += 1
    return out
