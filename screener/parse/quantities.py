"""Lexer passes about quantities written in more than one piece.

- ``rates``: how often or how long per period ("more than 10 hours per week", "3 times a week",
  "5 days per week"; "twice weekly" is left alone: no number).  A rate is one quantity with a
  compound unit (h/wk, {times}/wk, d/wk).  Read apart, its number would take the first time unit
  alone ("10 hours") and read as a duration, or the comparison would fail at the second one.  No
  record holds such rates today, so the rules they end up in name unmapped subjects (the line is
  partial), but the numbers are kept.
- ``restated_durations``: "within 6 months (180 days)", "< 2 weeks (336 hours)": the same
  duration said again in another unit adds nothing, and left in it made the line partial.
- ``ages_between``: "18 and 65 years old" is an age range with its "between" left out.
"""

from __future__ import annotations

import re

from lark import Token

from screener.ir.nodes import TIME_UCUM, UCUM_DAYS
from screener.parse.tokens import zero

# what may stand between a quantity and its period ("per", "a", "/", "each", "every", "in a")
_PER = re.compile(r"\s*(?:per|an?|/|each|every|in\s+an?)\s*", re.I)
# a period written as an adverb ("3 times weekly")
_ADVERBS = {"daily": "d", "weekly": "wk", "monthly": "mo", "yearly": "a", "hourly": "h"}


def _period(tokens: list[Token], k: int, text: str, after: Token) -> tuple[str, int] | None:
    """The period unit starting at ``k`` (right after ``after``) and the index past it."""
    if k >= len(tokens):
        return None
    t = tokens[k]
    if t.type == "WORD" and t.value.lower() in _ADVERBS and not text[after.end_pos:t.start_pos].strip():
        return _ADVERBS[t.value.lower()], k + 1
    if t.type == "WORD" and t.value.lower() in ("per", "a", "an", "each", "every") and k + 1 < len(tokens):
        k, t = k + 1, tokens[k + 1]
    if t.type != "TIMEUNIT" or t.value not in TIME_UCUM or not _PER.fullmatch(text[after.end_pos:t.start_pos]):
        return None
    return TIME_UCUM[t.value], k + 1


def rates(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.type == "NUMBER" and k + 1 < len(tokens):
            # "5 or more days a week", "5 days or more a week": the comparator said after the number or its
            # unit goes after the rate ("5 d/wk or more"), where it is read as for "3 or more years"
            post = next((i for i in (k + 1, k + 2) if i < len(tokens) and tokens[i].type == "CMP_POST"), None)
            at = k + 2 if post == k + 1 else k + 1  # the unit
            last = k + 2 if post == k + 2 else at  # what the period follows
            q = tokens[at] if at < len(tokens) else None
            what = None if q is None else TIME_UCUM.get(q.value) if q.type == "TIMEUNIT" else "{times}" \
                if q.type == "TIMES" and q.value.lower() in ("times", "time") else None
            per = _period(tokens, last + 1, text, tokens[last]) if what else None
            if per is not None and not (q.type == "TIMEUNIT" and per[0] == what):
                unit, nxt = per
                out += [t, Token("UNIT", f"{what}/{unit}", start_pos=q.start_pos, end_pos=tokens[nxt - 1].end_pos)]
                if post is not None:
                    out.append(tokens[post])
                k = nxt
                continue
        out.append(t)
        k += 1
    return out


def _days(number: Token, unit: Token) -> float | None:
    """The duration in days, to tell a restatement from a second, different duration."""
    try:
        return float(number.value) * UCUM_DAYS[TIME_UCUM[unit.value]]
    except (KeyError, ValueError):
        return None


def restated_durations(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.type == "LPAR" and len(out) >= 2 and out[-1].type == "TIMEUNIT" and out[-2].type == "NUMBER" \
                and [u.type for u in tokens[k + 1:k + 4]] == ["NUMBER", "TIMEUNIT", "RPAR"] \
                and tokens[k + 2].value != out[-1].value:
            said, again = _days(out[-2], out[-1]), _days(tokens[k + 1], tokens[k + 2])
            if said and again and abs(said - again) <= 0.05 * said:
                # "pain duration < 2 weeks (336 hours)": read in both units, either met, as a restated limit is
                # (parse/multiples.py); not before "ago"/"prior" ("at least 6 months (180 days) prior"), where
                # the grammar has no second limit, nor without a comparator of its own
                cmp = out[-3] if len(out) >= 3 and out[-3].type == "CMP" else None
                after = tokens[k + 4].type if k + 4 < len(tokens) else None
                if cmp is not None and after not in ("BEFORE", "AGO", "WITHIN"):
                    lp = tokens[k]
                    out += [Token("OR_CMP", cmp.value, start_pos=lp.start_pos, end_pos=lp.start_pos),
                            tokens[k + 1], tokens[k + 2]]
                k += 4  # (6 months are 182.6 days: "180 days" is the same duration, rounded)
                continue
        out.append(t)
        k += 1
    return out


def ages_between(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if t.type == "NUMBER" and [u.type for u in tokens[k + 1:k + 5]] == ["AND", "NUMBER", "TIMEUNIT", "OLD"] \
                and tokens[k + 3].value == "year" and not (out and out[-1].type in ("BETWEEN", "CMP", "TO")):
            out.append(zero("BETWEEN", "between", t.start_pos))
        out.append(t)
    return out
