"""How long ago a thing was, said with 'older than' (issue 5, session 13).

"Liver biopsy older than 6 months", "Ulcers older than 1 year", "the diagnosis is older than 12 months": the lexer
reads 'older than' as an age, and the line became the patient's age (``age > 6 month``), a number pinned on the
wrong noun.  After a noun that names a thing with a date (a diagnosis, a surgery, a biopsy, a scan, an ulcer, ...)
it says how long ago that thing was: the same words as "liver biopsy more than 6 months ago" (an unmapped subject
compared with the time since, as the grammar reads it), and "no older than 30 days" is "within 30 days".
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import mentions

# nouns that name a dated thing, not a person: what 'older than <n> <time unit>' after them is said of
_DATED = frozenset({"diagnosis", "diagnoses", "surgery", "surgeries", "biopsy", "biopsies", "ulcer", "ulcers",
                    "scan", "scans", "mri", "imaging", "test", "tests", "result", "results", "sample", "samples",
                    "specimen", "specimens", "procedure", "procedures", "x-ray", "radiograph", "echocardiogram",
                    "fracture", "fractures", "injury", "wound", "wounds", "lesion", "lesions"})
_BEFORE_OLDER = re.compile(r"(?i)([^\W\d_]+(?:-[^\W\d_]+)?)\s+(?:(?:is|are|was|were|be|no|not)\s+)*$")
_OLDER_THAN = re.compile(r"(?i)^older\s+th(?:an|en|at)\b")
_TIME = frozenset({"hour", "day", "week", "month", "year"})


def aged_things(tokens: list[Token], text: str) -> list[Token]:
    """'<dated thing> [is] [no] older than <n> <time unit>': '> <n> <unit> ago' ('no older than': 'within')."""
    if not mentions(text, "older"):
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        rest = [x.type for x in tokens[k + 1:k + 4]]
        older = (t.type == "AGE" and rest[:3] == ["CMP", "NUMBER", "TIMEUNIT"] and tokens[k + 1].value == ">") or (
            t.type == "WORD" and rest[:2] == ["NUMBER", "TIMEUNIT"])  # ("older that 6 months": a slip of 'than')
        m = _BEFORE_OLDER.search(text, 0, t.start_pos) if older and _OLDER_THAN.match(text[t.start_pos:]) else None
        if m is None or m.group(1).lower() not in _DATED:
            out.append(t)
            k += 1
            continue
        n = k + (2 if t.type == "AGE" else 1)  # the number
        unit = tokens[n + 1]
        if unit.value not in _TIME:
            out.append(t)
            k += 1
            continue
        negated = bool(out) and out[-1].type == "NOT" and out[-1].start_pos >= m.end(1)
        if negated:
            out.pop()
        if not out or out[-1].end_pos <= m.start(1):
            # the noun the lexer left out ("the diagnosis is older than"): the subject's word, as written
            out.append(Token("WORD", m.group(1), start_pos=m.start(1), end_pos=m.end(1)))
        if negated:  # "no older than 30 days": within them
            out += [Token("WITHIN", "", start_pos=t.start_pos, end_pos=t.end_pos), tokens[n], unit]
        else:
            out += [Token("CMP", ">", start_pos=t.start_pos, end_pos=tokens[n].start_pos), tokens[n], unit,
                    Token("BEFORE", "ago", start_pos=unit.end_pos, end_pos=unit.end_pos)]
        k = n + 2
    return out


def post_conditions(tokens: list[Token], text: str) -> list[Token]:
    """'<6 months post-partum', 'less than 6 weeks postpartum': the time since the condition began, which the
    grammar reads after 'after' ('<6 months after postpartum': ``onset of postpartum within < 6 month``); without it
    the limit went to the words before ('Women who are less than 6 weeks postpartum': "women" < 6 week).  Only a
    condition written with 'post' right after '<n> <time unit>', and not before more items ("<6 months post-partum,
    nursing, or ...": the grammar would give the nursing that window too)."""
    if not mentions(text, "post"):
        return tokens
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if (t.type == "CONDITION" and k >= 2 and tokens[k - 1].type == "TIMEUNIT" and tokens[k - 1].value in _TIME
                and tokens[k - 2].type == "NUMBER" and re.match(r"(?i)post\b|post-|postpartum|postnatal",
                                                                 text[t.start_pos:t.end_pos])) \
                and not _list_goes_on(tokens, k + 1):
            out.append(Token("AFTER", "after", start_pos=t.start_pos, end_pos=t.start_pos))
        out.append(t)
    return out


_ITEM_AFTER = frozenset({"CONDITION", "DRUG", "DRUG_CLASS", "PROCEDURE", "QUALIFIER", "ACTIVE", "SUBJECT", "WORD"})


def _list_goes_on(tokens: list[Token], k: int) -> bool:
    return k + 1 < len(tokens) and tokens[k].type in ("COMMA", "OR", "AND") and tokens[k + 1].type in _ITEM_AFTER
