"""Counts of days and rates that a bare number hid (session 14, round 6).

- ``counted_days``: "≥ 15 headache days of which ≥ 8 headache days meet criteria as migraine days during the
  baseline period": a number of days with a symptom is a count of days, in the unit the text says: `"headache" >=
  15 day`; the days of which that "meet criteria as migraine days" are the migraine days: `"migraine" >= 8 day`.
  Until now both numbers went on "headache" with no unit (`"headache" >= 8`), the second one on the wrong days.
  Only symptoms counted in days (_COUNTED) are read so: "15 consecutive days", "14 calendar days" are durations.
  The subject stays unmapped (no record counts headache days): the line stays partial, the numbers are kept.
- ``sessions_per_period``: "Physically active (> 3 x 30 min moderate exercise per week)", "Inactive (< 3 x 30 min
  moderate exercise per week)": N times a bout of a given length per period is a rate of those bouts:
  `"30 min moderate exercise" > 3 {times}/wk`. The bout's length stays in the subject as written: read apart
  ("exercise >= 30 min and exercise < 3 /wk") it would be another rule (five 10-minute walks a week are "< 3 x 30
  min" but fail "< 3 /wk"). Until now the line was unsupported (no subject).
- ``weak_week``: "at least twice a weak": "weak" right after "twice a", "3 times per" is the week misspelt (a
  frequency needs a period; nothing else there could be weak): `>= 2 /wk`.
- ``rate_and_bout``: "Sedentary (exercises less than three times a week for thirty minutes or less)",
  "Participation in structured exercise (>2 times per week for 30 minutes or longer)": a rate of sessions, then
  "for" the length of each with its own comparator said after it. The text gives both limits of one activity:
  `("exercises" < 3 {times}/wk) and ("exercises" <= 30 min)`, as "habitual exerciser defined as 30 minutes of
  exercise 3 times per week" was already read. Until now the length was dropped (the rate alone was read). The
  subject is the SUBJECT before the rate or, when the rate is in brackets after plain words opening the line, those
  words ("participation in structured exercise").
(docs/notes/issue-5-recall6.md has the lines each changes.)
"""

from __future__ import annotations

import re

from lark import Token

from screener.ir.nodes import TIME_UCUM

# symptoms counted in days ("headache days", "migraine days")
_COUNTED = frozenset({"headache", "migraine"})
# what stands between a bout and its period ("per week", "a week")
_PER = frozenset({"per", "a", "an", "each", "every"})


def _counted(t: Token, text: str) -> str | None:
    if t.type in ("WORD", "CONDITION"):
        said = text[t.start_pos:t.end_pos].lower()
        if said in _COUNTED:
            return said
    return None


def _days(t: Token) -> bool:
    return t.type == "TIMEUNIT" and t.value == "day"


def counted_days(tokens: list[Token], text: str) -> list[Token]:
    """CMP N SYMPTOM days [of which CMP N SYMPTOM days meet criteria as SYMPTOM days]."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        t = tokens[k]
        if t.type == "CMP" and k + 3 < n and tokens[k + 1].type == "NUMBER" and _days(tokens[k + 3]) \
                and (what := _counted(tokens[k + 2], text)):
            # "... of which >= 8 headache days meet criteria as migraine days": the days counted are the latter.
            # (The subject token runs from the comparator to the symptom: the rule's span is the text's "≥ 15
            # headache days", not "headache days" alone.)
            tail = tokens[k + 4:k + 9]
            if out and out[-1].type == "OF" and out[-1].value.lower() == "of" and len(tail) == 5 \
                    and text[out[-1].start_pos:t.start_pos].lower().split() == ["of", "which"] \
                    and [w.value.lower() for w in tail[:2]] == ["meet", "criteria"] and tail[2].type == "AS" \
                    and _days(tail[4]) and (kind := _counted(tail[3], text)):
                out[-1] = Token("AND", "and", start_pos=out[-1].start_pos, end_pos=out[-1].end_pos)
                out += [Token("SUBJECT", kind, start_pos=t.start_pos, end_pos=tail[3].end_pos),
                        t, tokens[k + 1], tail[4]]
                k += 9
                continue
            out += [Token("SUBJECT", what, start_pos=t.start_pos, end_pos=tokens[k + 2].end_pos),
                    t, tokens[k + 1], tokens[k + 3]]
            k += 4
            continue
        out.append(t)
        k += 1
    return out


_BOUT = frozenset({"WORD", "SEVERITY"})


def sessions_per_period(tokens: list[Token], text: str) -> list[Token]:
    """CMP N x LEN TIMEUNIT WORDS per PERIOD: a rate of bouts of that length."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        t = tokens[k]
        if t.type == "CMP" and k + 5 < n and tokens[k + 1].type == "NUMBER" and tokens[k + 2].type == "TIMES" \
                and tokens[k + 2].value.lower() == "x" and tokens[k + 3].type == "NUMBER" \
                and (tokens[k + 4].type == "TIMEUNIT" or (tokens[k + 4].type == "UNIT" and tokens[k + 4].value in
                                                          ("min", "h"))):
            j = k + 5
            while j < n and j < k + 9 and tokens[j].type in _BOUT and tokens[j].value.lower() not in _PER:
                j += 1
            if k + 5 < j and j + 1 < n and tokens[j].type == "WORD" and tokens[j].value.lower() in _PER \
                    and tokens[j + 1].type == "TIMEUNIT" and tokens[j + 1].value in TIME_UCUM:
                bout = text[tokens[k + 3].start_pos:tokens[j - 1].end_pos]
                out += [Token("SUBJECT", " ".join(bout.lower().split()), start_pos=t.start_pos,
                              end_pos=tokens[j - 1].end_pos),
                        t, tokens[k + 1],
                        Token("UNIT", "{times}/" + TIME_UCUM[tokens[j + 1].value], start_pos=tokens[k + 2].start_pos,
                              end_pos=tokens[j + 1].end_pos)]
                k = j + 2
                continue
        out.append(t)
        k += 1
    return out


_WEAK_GAP = re.compile(r"\s*(?:an?|per|each|every|/)\s*", re.IGNORECASE)


def weak_week(tokens: list[Token], text: str) -> list[Token]:
    """TIMES (a|per) 'weak': the week misspelt."""
    out = list(tokens)
    for k in range(1, len(out)):
        t, prev = out[k], out[k - 1]
        if t.type == "WORD" and t.value.lower() == "weak" and prev.type == "TIMES" \
                and _WEAK_GAP.fullmatch(text[prev.end_pos:t.start_pos]):
            out[k] = Token("TIMEUNIT", "week", start_pos=t.start_pos, end_pos=t.end_pos)
    return out


_BOUT_UNITS = {"min": "min", "minute": "min", "minutes": "min", "mins": "min", "h": "h", "hour": "h", "hours": "h"}
_OR_POST = {"longer": ">=", "more": ">=", "less": "<=", "shorter": "<="}
_PLAIN = frozenset({"WORD", "JUDGE", "SEVERITY"})


def _bout(tokens: list[Token], j: int) -> tuple[str, int, str, Token] | None:
    """FOR N UNIT (CMP_POST | or longer/less) at j: the bout's unit, the index past it, its comparator, its token."""
    if j + 3 >= len(tokens) or tokens[j].type != "FOR" or tokens[j + 1].type != "NUMBER":
        return None
    u = tokens[j + 2]
    unit = _BOUT_UNITS.get(u.value.lower()) if u.type in ("UNIT", "WORD", "TIMEUNIT") else None
    if unit is None:
        return None
    c = tokens[j + 3]
    if c.type == "CMP_POST" and c.value in (">=", "<=", ">", "<"):
        return unit, j + 4, c.value, c
    if c.type == "OR" and j + 4 < len(tokens) and tokens[j + 4].type == "WORD" \
            and tokens[j + 4].value.lower() in _OR_POST:
        w = tokens[j + 4]
        return unit, j + 5, _OR_POST[w.value.lower()], Token("CMP", _OR_POST[w.value.lower()],
                                                              start_pos=c.start_pos, end_pos=w.end_pos)
    return None


def rate_and_bout(tokens: list[Token], text: str) -> list[Token]:
    """SUBJECT CMP N RATE for N MIN (or less|longer): the rate and the length of each session, both limits."""
    for r in range(3, len(tokens)):
        u = tokens[r]
        if not (u.type == "UNIT" and u.value.startswith("{times}/") and tokens[r - 1].type == "NUMBER"
                and tokens[r - 2].type == "CMP"):
            continue
        bout = _bout(tokens, r + 1)
        if bout is None:
            continue
        unit, past, op, cmp = bout
        head = tokens[r - 3]
        drop_par = False
        if head.type == "SUBJECT":
            lead, subject = r - 3, head
        elif head.type == "LPAR" and r - 3 >= 1 and all(t.type in _PLAIN for t in tokens[:r - 3]) \
                and past < len(tokens) and tokens[past].type == "RPAR":
            lead, drop_par = 0, True
            said = " ".join(text[tokens[0].start_pos:tokens[r - 4].end_pos].lower().split())
            subject = Token("SUBJECT", said, start_pos=tokens[0].start_pos, end_pos=tokens[r - 4].end_pos)
        else:
            continue
        f, n, w = tokens[r + 1], tokens[r + 2], tokens[r + 3]
        out = tokens[:lead] + [subject, tokens[r - 2], tokens[r - 1], u,
                               Token("AND", "and", start_pos=f.start_pos, end_pos=f.start_pos),
                               Token("SUBJECT", subject.value, start_pos=f.start_pos, end_pos=f.end_pos),
                               Token("CMP", op, start_pos=cmp.start_pos, end_pos=cmp.end_pos), n,
                               Token("UNIT", unit, start_pos=w.start_pos, end_pos=w.end_pos)]
        return out + tokens[past + 1 if drop_par else past:]
    return tokens


def recall6_passes(tokens: list[Token], text: str) -> list[Token]:
    if not tokens:
        return tokens
    low = text.lower()
    if ("headache" in low or "migraine" in low) and " day" in low:
        tokens = counted_days(tokens, text)
    if any(t.type == "TIMES" and t.value.lower() == "x" for t in tokens):
        tokens = sessions_per_period(tokens, text)
    if any(t.type == "UNIT" and t.value.startswith("{times}/") for t in tokens) and " for " in low:
        tokens = rate_and_bout(tokens, text)
    if "weak" in low:
        tokens = weak_week(tokens, text)
    return tokens
