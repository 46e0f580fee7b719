"""Named scores and classes the vocabulary does not know, round 4 (issue 5, session 14).

- "Axis I", "Axis I or II" (the axes of the DSM-IV multiaxial assessment): the axis named is a value of an
  unknown subject "axis" (the line stays partial; the numbers are kept). Only Roman numerals I to V in
  capitals right after the word "Axis" (DSM-IV has five axes).
- "A Hamilton scale score (HDS-17) of >= 18": a score's name, its acronym in parentheses and a comparison:
  one unknown subject, the name as written.
- "high-risk for 30-day readmission (i.e., >= 20%) or 30-day mortality (i.e., >= 10%)": a risk restated as a
  percentage after "i.e." is that risk's limit (an unknown subject named by the words before it).
- "no interest in reducing ... (Alcohol Contemplation Ladder score of 9 or 10).": a score's values that define the
  negated state before them are read; the negation is the state's words', not the score's.
- "a weekly average pain severity score of 5 or greater 24;": a footnote mark after a whole limit.
- "class II skeletal classification": the skeletal class.

Each pass first looks for its cue in the line's text, so lines it cannot change cost one substring test.
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.numerals import numeral

_AXES = 5
_INSTRUMENT = re.compile(r"\bfor\s+(?:the\s+)?DSM\S*\s*$", re.I)


def _zero(kind: str, value: str, pos: int) -> Token:
    return Token(kind, value, start_pos=pos, end_pos=pos)


def axis_numerals(tokens: list[Token], text: str) -> list[Token]:
    """'Axis I' -> "axis" = 1; 'Axis I or II' -> "axis" 1 - 2 (consecutive axes: the range, as for classes)."""
    if "Axis" not in text and "axis" not in text:
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        v = numeral(tokens[k + 1], text) if k + 1 < len(tokens) else None
        if not (t.type == "WORD" and text[t.start_pos:t.end_pos].lower() == "axis" and v and v <= _AXES) or (
                out and out[-1].type in ("CONDITION", "LPAR")):
            # ("severe psychiatric disorders (Axis I) such as ...": the axis restates the diagnosis named)
            out.append(t)
            k += 1
            continue
        if any(x.type == "CONDITION" for x in tokens[max(0, k - 3):k + 5]) or _INSTRUMENT.search(
                text[max(0, t.start_pos - 40):t.start_pos]):
            # ("Axis II Cluster A Personality Disorder", "psychosis or other Axis I disorder": the axis qualifies a
            # diagnosis read; "Structured Clinical Interview for DSM-IV Axis I Disorders": an instrument's name)
            out.append(t)
            k += 1
            continue
        first = tokens[k + 1]
        e = k + 2
        last, w = first, None
        if e + 1 < len(tokens) and tokens[e].type == "OR":
            w = numeral(tokens[e + 1], text)
            if w is not None and w == v + 1:
                last = tokens[e + 1]
            else:
                w = None
        subject = Token("SUBJECT", "axis", start_pos=t.start_pos, end_pos=t.end_pos)
        out.append(subject)
        if w is None:
            out.append(_zero("CMP", "=", first.start_pos))
            out.append(Token("NUMBER", str(v), start_pos=first.start_pos, end_pos=first.end_pos))
            k = e
        else:
            out.append(Token("NUMBER", str(v), start_pos=first.start_pos, end_pos=first.end_pos))
            out.append(Token("TO", "-", start_pos=first.end_pos, end_pos=last.start_pos))
            out.append(Token("NUMBER", str(w), start_pos=last.start_pos, end_pos=last.end_pos))
            k = e + 2
    return out


def axis_value(tokens: list[Token], end: int) -> bool:
    """An island may end at the axis named ("Axis I disorder") or the skeletal class ("class II skeletal
    classification attending ..."): the word after it is no unit of it."""
    return (2 < end <= len(tokens) and tokens[end - 1].type == "NUMBER" and tokens[end - 2].type == "CMP"
            and tokens[end - 3].type == "SUBJECT" and tokens[end - 3].value in ("axis", "skeletal class"))


_SCORE_HEADS = frozenset({"score", "scale"})


def named_score_acronym(tokens: list[Token], text: str) -> list[Token]:
    """'Hamilton scale score (HDS-17) of >= 18' -> "hamilton scale score hds-17" >= 18: capitalised name words
    ending in score/scale, an acronym (with its version number after a hyphen) in parentheses, "of", then a
    comparator and a number."""
    if "score (" not in text and "scale (" not in text:
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.type == "LPAR" and out and out[-1].type == "WORD" and out[-1].value.lower() in _SCORE_HEADS:
            close = k + 1
            inner = []
            while close < len(tokens) and tokens[close].type in ("WORD", "NUMBER") and close < k + 3:
                inner.append(tokens[close])
                close += 1
            j = close + 1
            if j < len(tokens) and tokens[j].type == "OF":
                j += 1
            ok = (close < len(tokens) and tokens[close].type == "RPAR" and inner and inner[0].type == "WORD"
                  and text[inner[0].start_pos:inner[0].end_pos].isupper() and len(inner[0].value) >= 2
                  and all(x.type == "NUMBER" and text[inner[0].end_pos:x.start_pos] == "-" for x in inner[1:])
                  and j + 1 < len(tokens) and tokens[j].type == "CMP" and tokens[j + 1].type == "NUMBER")
            if ok:
                # the name: the words before, back to the first capitalised one of the run
                s = len(out)
                while s > 0 and out[s - 1].type == "WORD":
                    s -= 1
                while s < len(out) and not text[out[s].start_pos:out[s].start_pos + 1].isupper():
                    s += 1
                if s < len(out) - 1:  # a name of two words or more ("Hamilton scale score")
                    words = [text[x.start_pos:x.end_pos].lower() for x in out[s:]]
                    acr = text[inner[0].start_pos:inner[-1].end_pos].lower()
                    start = out[s].start_pos
                    del out[s:]
                    out.append(Token("SUBJECT", " ".join(words + [acr]), start_pos=start,
                                     end_pos=tokens[close].end_pos))
                    k = j
                    continue
        out.append(t)
        k += 1
    return out


def _ie(tokens: list[Token], k: int, text: str) -> bool:
    """tokens[k:] open with "(i.e.,"."""
    return (k + 3 < len(tokens) and tokens[k].type == "LPAR" and tokens[k + 3].type == "COMMA"
            and text[tokens[k + 1].start_pos:tokens[k + 3].end_pos].lower().replace(" ", "") == "i.e.,")


def risk_percentages(tokens: list[Token], text: str) -> list[Token]:
    """'high-risk for 30-day readmission (i.e., >= 20%) or 30-day mortality (i.e., >= 10%)': each percentage is
    the limit of the risk named before it ("risk for 30-day readmission" >= 20 %, "risk for 30-day mortality"
    >= 10 %). Only after "risk for" (the risk named once covers the "or" list) and a name of number/time/word
    tokens with no comparison of its own."""
    low = text.lower()
    if "i.e." not in low or "risk for" not in low:
        return tokens
    at = low.index("risk for")
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if _ie(tokens, k, text) and k + 6 <= len(tokens) and tokens[k + 3].type == "COMMA" \
                and [x.type for x in tokens[k + 4:k + 8]] == ["CMP", "NUMBER", "UNIT", "RPAR"] \
                and tokens[k + 6].value == "%":
            s = len(out)
            while s > 0 and out[s - 1].type in ("WORD", "NUMBER", "TIMEUNIT") and out[s - 1].start_pos > at:
                s -= 1
            name = out[s:]
            if name and name[-1].type == "WORD" and (s == 0 or out[s - 1].type in ("OR", "JUDGE", "COMMA")):
                words = text[name[0].start_pos:name[-1].end_pos].lower()
                start = name[0].start_pos
                del out[s:]
                out.append(Token("SUBJECT", "risk for " + words, start_pos=start, end_pos=name[-1].end_pos))
                out.extend(tokens[k + 4:k + 7])
                k += 8
                continue
        out.append(t)
        k += 1
    return out


def defining_score(tokens: list[Token], text: str) -> list[Token]:
    """'Reports entirely no interest in reducing the amount of drinking (Alcohol Contemplation Ladder score of 9
    or 10).': a score's values in the parenthesis that closes the line define the (negated) state named before
    it; the state is what the score says, so the negation is the words', not the score's: the line's one "no" goes
    (its words stay unread, the line partial) and the score's values are read (ages.py _unknown_scale_values).
    Only with one "no"/"not", before the parenthesis, no number before it, and the parenthesis holding only a
    name ending in "score", "of" and the values joined by "or"."""
    if "score of" not in text or ("no " not in text and "not " not in text):
        return tokens
    nots = [k for k, t in enumerate(tokens) if t.type == "NOT"]
    if len(nots) != 1:
        return tokens
    p = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k].type == "LPAR"), None)
    if p is None or p < nots[0] or any(t.type == "NUMBER" for t in tokens[:p]):
        return tokens
    inner = tokens[p + 1:]
    k = 0
    while k < len(inner) and inner[k].type == "WORD":
        k += 1
    if not (k >= 2 and inner[k - 1].value.lower() == "score" and k + 1 < len(inner) and inner[k].type == "OF"):
        return tokens
    rest = [t.type for t in inner[k + 1:]]
    if not (len(rest) >= 4 and rest[-1] == "RPAR" and all(
            x == ("NUMBER" if i % 2 == 0 else "OR") for i, x in enumerate(rest[:-1])) and len(rest) % 2 == 0):
        return tokens
    if text[tokens[-1].end_pos:].strip(" .;"):
        return tokens  # (the parenthesis closes the line)
    return tokens[:nots[0]] + tokens[nots[0] + 1:]


_OR_POST = {"or greater": ">=", "or more": ">=", "or higher": ">=", "or less": "<=", "or lower": "<="}


def footnote_after_limit(tokens: list[Token], text: str) -> list[Token]:
    """'a weekly average pain severity score of 5 or greater 24;': "5 or greater" is a whole limit; a number after
    it that ends the clause is a footnote's mark (the lexer read "or greater 24" as "or > 24")."""
    if "or " not in text:
        return tokens
    out = list(tokens)
    for k in range(1, len(out) - 1):
        t = out[k]
        if t.type == "OR_CMP" and out[k - 1].type == "NUMBER" and out[k + 1].type == "NUMBER" \
                and " ".join(text[t.start_pos:t.end_pos].lower().split()) in _OR_POST \
                and (k + 2 == len(out) or out[k + 2].type == "SEMI") and not text[out[k + 1].end_pos:].strip(" .;") \
                and "." not in out[k + 1].value:
            out[k] = Token("CMP_POST", _OR_POST[" ".join(text[t.start_pos:t.end_pos].lower().split())],
                           start_pos=t.start_pos, end_pos=t.end_pos)
            out[k + 1] = Token("WORD", out[k + 1].value, start_pos=out[k + 1].start_pos, end_pos=out[k + 1].end_pos)
            if k >= 3 and out[k - 2].type == "OF" and out[k - 3].type == "WORD" and out[k - 3].value.lower() == "score":
                s = k - 3  # the score's name: the words before "score of" ("defined as a" is none of it)
                while s > 0 and out[s - 1].type == "WORD":
                    s -= 1
                name = Token("SUBJECT", " ".join(x.value.lower() for x in out[s:k - 2]), start_pos=out[s].start_pos,
                             end_pos=out[k - 3].end_pos)
                return out[:s] + [name] + out[k - 1:]
    return out


def class_of_classification(tokens: list[Token], text: str) -> list[Token]:
    """'class II skeletal classification': the class of the classification named after it ("skeletal class" = 2,
    an unknown subject); its words are the subject's, so they go from the line."""
    if "classification" not in text:
        return tokens
    out = list(tokens)
    for k in range(len(out) - 3):
        if out[k].type == "WORD" and out[k].value.lower() == "class" and out[k + 1].type == "NUMBER" \
                and (k == 0 or out[k - 1].type not in ("CONDITION", "SUBJECT", "ANALYTE", "DRUG_CLASS")):
            e = k + 2
            while e < len(out) and e < k + 6 and out[e].type == "WORD" and out[e].value.lower() != "classification":
                e += 1
            if k + 2 < e < len(out) and out[e].type == "WORD" and out[e].value.lower() == "classification" \
                    and all(x.value.isalpha() and x.value.islower() for x in out[k + 2:e]):
                name = " ".join(x.value for x in out[k + 2:e]) + " class"
                return out[:k] + [Token("SUBJECT", name, start_pos=out[k].start_pos, end_pos=out[k].end_pos),
                                  _zero("CMP", "=", out[k + 1].start_pos), out[k + 1]] + out[e + 1:]
    return out


def scales4_passes(tokens: list[Token], text: str) -> list[Token]:
    """This module's lexer passes (after screener/parse/classes.py counts3_passes)."""
    tokens = class_of_classification(footnote_after_limit(defining_score(tokens, text), text), text)
    return risk_percentages(named_score_acronym(axis_numerals(tokens, text), text), text)
