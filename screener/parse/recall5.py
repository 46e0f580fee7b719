"""Values that a window or a bare number hid (session 14, round 5).

- ``window_after_event``: "Glasgow coma scale of 15 within 24 hours after admission or extubation": the window is
  counted from an event of the stay (admission, extubation), not back from now: reading it as "within the last 24
  hours" would be another rule. The value is read (`gcs = 15`) and the window with its event is left out, said as
  ignored words (the line stays partial). Until now the line read `"after admission" within 24 hour`, a window pinned
  on the words after it.
- ``bracketed_window``: "glomerular filtrate rate [within 30 days] less than 30": a window in brackets between a lab
  and its limit is the limit's window: `egfr < 30 ... within 30 day`, as "eGFR < 30 within 30 days" reads.
- ``bare_age``: "patients <18", "Patients under 18": a line that is only the patients and a limit on a bare whole
  number (1..120), nothing else, limits their age in years (`age < 18 year`).
- ``zero_to``: "Zero to two preoperative ocular hypotensive medications": "zero" opening a range of counts is 0,
  as "two" is 2.
(docs/notes/issue-5-recall5.md has the lines each changes.)
"""

from __future__ import annotations

import re

from lark import Token

# an event of the stay that a window may be counted from
_EVENTS = frozenset({"admission", "extubation", "intubation", "randomization", "randomisation", "surgery", "onset",
                     "birth", "delivery", "injury", "arrival"})


def _word(t: Token) -> Token:
    return Token("WORD", t.value, start_pos=t.start_pos, end_pos=t.end_pos)


def window_after_event(tokens: list[Token]) -> list[Token]:
    """ANALYTE of N within N TIMEUNIT after EVENT [or EVENT] (end of line): the value, the rest left out."""
    if len(tokens) < 8 or tokens[0].type != "ANALYTE" or tokens[1].type != "OF" or tokens[2].type != "NUMBER" \
            or tokens[3].type != "WITHIN" or tokens[4].type != "NUMBER" or tokens[5].type != "TIMEUNIT" \
            or tokens[6].type != "AFTER":
        return tokens
    rest = tokens[7:]
    if not all(t.type == "OR" or (t.type == "WORD" and t.value.lower() in _EVENTS) for t in rest) \
            or rest[0].type != "WORD" or rest[-1].type != "WORD":
        return tokens
    of = tokens[1]
    return [tokens[0], Token("CMP", "=", start_pos=of.start_pos, end_pos=of.end_pos), tokens[2]] \
        + [_word(t) for t in tokens[3:]]


def bracketed_window(tokens: list[Token]) -> list[Token]:
    """ANALYTE ( within N TIMEUNIT ) CMP N [UNIT]: the window goes after the limit."""
    out = tokens
    for k in range(len(tokens) - 7):
        if tokens[k + 1].type == "LPAR" and tokens[k + 2].type == "WITHIN" and tokens[k].type == "ANALYTE" \
                and tokens[k + 3].type == "NUMBER" and tokens[k + 4].type == "TIMEUNIT" \
                and tokens[k + 5].type == "RPAR" and tokens[k + 6].type == "CMP" and tokens[k + 7].type == "NUMBER":
            end = k + 9 if k + 8 < len(tokens) and tokens[k + 8].type == "UNIT" else k + 8
            if end < len(tokens) and tokens[end].type not in ("RPAR", "COMMA", "SEMI", "AND", "OR"):
                continue
            # (the window's last token reaches to the limit's end: the rule's span is first..last token and
            # must cover the limit as written)
            unit = tokens[k + 4]
            last = Token(unit.type, unit.value, start_pos=unit.start_pos, end_pos=tokens[end - 1].end_pos)
            out = tokens[:k + 1] + tokens[k + 6:end] + tokens[k + 2:k + 4] + [last] + tokens[end:]
            break
    return out


_BARE_AGE = re.compile(r"^\s*(?:all\s+)?(?:patients?|subjects?|participants?)\s*(<|>|≤|≥|<=|>=|under|over)\s*(\d{1,3})"
                       r"\s*\.?\s*$", re.I)


def bare_age(tokens: list[Token], text: str) -> list[Token]:
    """A line that is only "patients <18": the patients' age in years."""
    if len(tokens) != 2 or tokens[0].type != "CMP" or tokens[1].type != "NUMBER":
        return tokens
    m = _BARE_AGE.match(text)
    if not m or not 1 <= int(m.group(2)) <= 120:
        return tokens
    cmp, num = tokens
    return [Token("AGE", "age", start_pos=0, end_pos=cmp.start_pos), cmp, num,
            Token("TIMEUNIT", "year", start_pos=num.end_pos, end_pos=num.end_pos)]


def zero_to(tokens: list[Token]) -> list[Token]:
    """"Zero to two ...": the count words' range from 0."""
    t = tokens[0]
    if t.type == "WORD" and t.value.lower() == "zero" and len(tokens) > 2 and tokens[1].type == "TO" \
            and tokens[2].type == "NUMBER":
        return [Token("NUMBER", "0", start_pos=t.start_pos, end_pos=t.end_pos)] + tokens[1:]
    return tokens


def recall5_passes(tokens: list[Token], text: str) -> list[Token]:
    if not tokens:
        return tokens
    types = {t.type for t in tokens}
    if "AFTER" in types and "WITHIN" in types and "OF" in types:
        tokens = window_after_event(tokens)
    if "LPAR" in types and "WITHIN" in types and "ANALYTE" in types:
        tokens = bracketed_window(tokens)
    if tokens[0].type == "WORD":
        tokens = zero_to(tokens)
    if len(tokens) == 2:
        tokens = bare_age(tokens, text)
    return tokens
