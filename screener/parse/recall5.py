"""Values that a window or a bare number hid (session 14, round 5).

- ``window_after_event``: "Glasgow coma scale of 15 within 24 hours after admission or extubation": the window is
  counted from an event of the stay (admission, extubation), not back from now: reading it as "within the last 24
  hours" would be another rule. The value is read (`gcs = 15`) and the window with its event is left out, said as
  ignored words (the line stays partial). Until now the line read `"after admission" within 24 hour`, a window pinned
  on the words after it.
- ``bracketed_window``: "glomerular filtrate rate [within 30 days] less than 30": a window in brackets between a lab
  and its limit is the limit's window: `egfr < 30 ... within 30 day`, as "eGFR < 30 within 30 days" reads.
  ("glomerular filtrate rate", a slip for "filtration", is the GFR: ``_filtrate_rate``.)
- ``bare_age``: "patients <18", "Patients under 18": a line that is only the patients and a limit on a bare whole
  number (1..120), nothing else, limits their age in years (`age < 18 year`).
- ``zero_to``: "Zero to two preoperative ocular hypotensive medications": "zero" opening a range of counts is 0,
  as "two" is 2.
- ``counts_or_counts``: "Either have had more than 3 ED visits in the prior 12 months, or at least 1 ambulatory
  care-sensitive hospitalization in the prior 12 months": ", or at least" was made one OR_CMP (the second limit of
  one subject, "age < 18 or > 80"), but it opens a second count with its own window; "either" went as a subject
  (`"either" > 3`) and the two counts were joined by "and". Read as two counts, either one.
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


def _filtrate_rate(tokens: list[Token]) -> list[Token]:
    """"glomerular filtrate rate" (words): the glomerular filtration rate, egfr."""
    for k in range(len(tokens) - 2):
        if [t.value.lower() if t.type == "WORD" else "" for t in tokens[k:k + 3]] == ["glomerular", "filtrate", "rate"]:
            return tokens[:k] + [Token("ANALYTE", "egfr", start_pos=tokens[k].start_pos,
                                       end_pos=tokens[k + 2].end_pos)] + tokens[k + 3:]
    return tokens


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


_COUNT_WITH_WINDOW = ("CMP", "NUMBER", "SUBJECT", "WITHIN", "NUMBER", "TIMEUNIT")


def counts_or_counts(tokens: list[Token]) -> list[Token]:
    """[either] N SUBJECT within W, or >= N WORDS within W (the whole line): two counts, either one."""
    k = 1 if tokens[0].type == "EITHER" else 0
    if tuple(t.type for t in tokens[k:k + 6]) != _COUNT_WITH_WINDOW or len(tokens) < k + 12 \
            or tokens[k + 6].type != "OR_CMP" or tokens[k + 7].type != "NUMBER" \
            or [t.type for t in tokens[-3:]] != ["WITHIN", "NUMBER", "TIMEUNIT"]:
        return tokens
    words = tokens[k + 8:-3]
    if not words or any(t.type != "WORD" for t in words):
        return tokens
    cmp = tokens[k + 6]
    # ("either" goes: the "or" says it)
    # (each count as "SUBJECT CMP N within W", the order the grammar reads a count with its window in)
    # (the subject moved before its count keeps the count's start, so the rule's span covers both)
    first = tokens[k + 2]
    first = Token("SUBJECT", first.value, start_pos=tokens[k].start_pos, end_pos=first.end_pos)
    return [first, tokens[k], tokens[k + 1]] + tokens[k + 3:k + 6] + [
        Token("OR", "or", start_pos=cmp.start_pos, end_pos=cmp.start_pos),
        Token("SUBJECT", " ".join(t.value.lower() for t in words), start_pos=cmp.start_pos,
              end_pos=words[-1].end_pos),
        Token("CMP", cmp.value, start_pos=cmp.start_pos, end_pos=cmp.end_pos), tokens[k + 7]] + tokens[-3:]


def recall5_passes(tokens: list[Token], text: str) -> list[Token]:
    if not tokens:
        return tokens
    types = {t.type for t in tokens}
    if "AFTER" in types and "WITHIN" in types and "OF" in types:
        tokens = window_after_event(tokens)
    if "filtrate" in text:
        tokens = _filtrate_rate(tokens)
        types = {t.type for t in tokens}
    if "LPAR" in types and "WITHIN" in types and "ANALYTE" in types:
        tokens = bracketed_window(tokens)
    if "OR_CMP" in types and "SUBJECT" in types:
        tokens = counts_or_counts(tokens)
    if tokens[0].type == "WORD":
        tokens = zero_to(tokens)
    if len(tokens) == 2:
        tokens = bare_age(tokens, text)
    return tokens
