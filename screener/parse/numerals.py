"""Classes, stages, grades and types written as a list or a range of Roman numerals on a thing the vocabulary
does not know: "Fitzpatrick skin types III-IV", "Glogau photoaging score II and III", "stage was group II-IV".

(screener/parse/scales.py ``romans`` reads the numerals after a scale the vocabulary knows; this pass is for the
others.)  The numerals become numbers, so the words before them are read as an unknown subject with its values
kept (the line stays partial: no record holds them).  A lone numeral ("type I myocardial infarction", "stage IVa",
"bipolar I disorder") is left alone: it names a kind of a thing, not a value compared ("Axis I" of the DSM-IV
is read in screener/parse/scales4.py, away from a diagnosis it qualifies)."""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import has_kind, mentions

from screener.parse.lexicon import HYPHENS
from screener.parse.scales import ROMAN

# the words a numbered class is named with
_CLASS_WORDS = frozenset({"class", "classes", "stage", "stages", "grade", "grades", "grading", "staging", "type",
                          "types", "group", "groups", "score"})
_LIST = frozenset({"AND", "OR", "COMMA"})


def numeral(tok: Token, text: str) -> int | None:
    """The value of a Roman numeral written in capitals ("III"; "iii" and "I" as a word of a sentence are not)."""
    if tok.type not in ("WORD", "ROUTE"):
        return None
    written = text[tok.start_pos:tok.end_pos]
    return ROMAN.get(written.lower()) if written.isupper() else None


def _class_word(tok: Token, text: str) -> bool:
    return tok.type in ("WORD", "SUBJECT") and text[tok.start_pos:tok.end_pos].lower() in _CLASS_WORDS


def class_numerals(tokens: list[Token], text: str) -> list[Token]:
    """'types III-IV' -> 'types 3 - 4'; 'score II and III' -> 'score 2 - 3' (consecutive classes: one range, as
    the classes between are whole numbers); 'class I or III' -> 'class 1 or 3'."""
    if not mentions(text, "class", "stag", "grad", "type", "group", "score"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if not (_class_word(t, text) and k + 1 < len(tokens) and numeral(tokens[k + 1], text)) or (
                out and out[-1].type == "CONDITION"):
            # ("Diabetes Type I and II", "glioma grade II-III": the numeral names a kind of the diagnosis)
            out.append(t)
            k += 1
            continue
        values = [(tokens[k + 1], numeral(tokens[k + 1], text))]
        seps: list[Token | None] = []
        e = k + 2
        while e < len(tokens):
            nxt = tokens[e]
            v = numeral(nxt, text)
            if v and text[values[-1][0].end_pos:nxt.start_pos].strip() in HYPHENS \
                    and text[values[-1][0].end_pos:nxt.start_pos].strip():
                seps.append(None)  # "III-IV": the dash of a range
                values.append((nxt, v))
                e += 1
                continue
            m = e + 1
            if nxt.type in _LIST and m < len(tokens) and _class_word(tokens[m], text) \
                    and text[tokens[m].start_pos:tokens[m].end_pos].lower() == text[t.start_pos:t.end_pos].lower():
                m += 1  # "class II, class III": the class named again in its list
            if nxt.type in _LIST and m < len(tokens) and (v := numeral(tokens[m], text)):
                seps.append(nxt)
                values.append((tokens[m], v))
                e = m + 1
                continue
            break
        if len(values) < 2 or text[values[-1][0].end_pos:values[-1][0].end_pos + 1] == "\u00b0":
            # ("Mobitz Type II or III° block": "III°" is a degree of the block, not a third type)
            out.append(t)
            k += 1
            continue
        out.append(t)
        nums = [v for _, v in values]
        first, last = values[0][0], values[-1][0]
        ranged = (len(values) == 2 and seps[0] is None) or all(b == a + 1 for a, b in zip(nums, nums[1:]))
        if any(s is None for s in seps) and not ranged:
            out.extend(tokens[k + 1:e])  # "I-II, IV": a range within a list is left as written
            k = e
            continue
        if ranged:
            out.append(Token("NUMBER", str(nums[0]), start_pos=first.start_pos, end_pos=first.end_pos))
            out.append(Token("TO", "-", start_pos=first.end_pos, end_pos=last.start_pos))
            out.append(Token("NUMBER", str(nums[-1]), start_pos=last.start_pos, end_pos=last.end_pos))
        else:
            for j, (tok, v) in enumerate(values):
                if j:
                    sep = seps[j - 1]
                    out.append(Token("OR", "or", start_pos=sep.start_pos, end_pos=sep.end_pos))
                out.append(Token("NUMBER", str(v), start_pos=tok.start_pos, end_pos=tok.end_pos))
        k = e
    return out


def value_ends(tokens: list[Token], end: int, text: str) -> bool:
    """Whether an island may end at the number at ``end - 1`` although a word follows it: the number of a named
    class system (class_value), or a score's value followed by its "points" ("cut-off ≤14 points") or its
    scale's top ("≥ 5 out of 10"): no unit of a quantity is cut off there."""
    if not (0 < end < len(tokens) and tokens[end - 1].type == "NUMBER"):
        return False
    nxt = tokens[end]
    word = text[nxt.start_pos:nxt.end_pos].lower()
    if not text[tokens[end - 1].end_pos:nxt.start_pos].isspace():
        return False  # "⩽ -3DS": a unit written onto the number
    if nxt.type == "WORD" and word in ("points", "point"):
        # (not "≥2 points above baseline": a change, not the score's value)
        return not re.match(r"\s*(?:above|below|from|over|under|higher|lower|more|less|increase|decrease|change|"
                            r"improvement|reduction|drop)\b", text[nxt.end_pos:], re.I)
    if (word == "out" and end + 2 < len(tokens) and tokens[end + 1].type == "OF"
            and tokens[end + 2].type == "NUMBER" and float(tokens[end + 2].value) > float(tokens[end - 1].value)
            and end > 1 and tokens[end - 2].type == "CMP" and tokens[end - 2].value != "="):
        return True  # (not "MMSE score of = 20 out of 30 ... (more than mild cognitive impairment)": a sign lost)
    k = end - 2
    if k > 0 and tokens[k].type == "CMP":
        k -= 1
    name = str(tokens[k].value).lower().split()
    if (tokens[k].type in ("WORD", "SUBJECT") and name[-1:] in (["scale"], ["score"]) and tokens[end - 2].type == "CMP"
            and tokens[end - 2].value != "=" and (len(name) > 1 or (k and tokens[k - 1].type == "WORD"))):
        # "a visual analogue pain scale greater than 5 impacting activities": a named score has no unit (not
        # "score that is = 10 but = 16": signs lost; not a bare "score" whose name the lexer took apart)
        return True
    from screener.parse.scales4 import axis_value  # (scales4 reads numerals: imported here)
    return class_value(tokens, end, text) or axis_value(tokens, end)


def class_value(tokens: list[Token], end: int, text: str) -> bool:
    """'Tanner stage 2 based on breast development': the number of a named class system's stage or class (an
    unknown subject of a proper name and a class word, right before the number or its comparator) is no
    quantity: the word after it is no unit of it, so an island may end at the number.  A bare "stage", "grade"
    or "class" is not enough ("Stage I uterine cancer", "resolved to < Grade 2": the kind of a diagnosis, or a
    toxicity's grade under a negation the island would not see)."""
    if not (1 < end <= len(tokens) and tokens[end - 1].type == "NUMBER"):
        return False
    k = end - 2
    if k > 0 and tokens[k].type == "CMP":
        k -= 1
    words = str(tokens[k].value).split()
    return tokens[k].type == "SUBJECT" and len(words) > 1 and words[-1] in _CLASS_WORDS - {"score"} \
        and text[tokens[k].start_pos:tokens[k].start_pos + 1].isupper()


def acronym(tok: Token, text: str) -> bool:
    written = text[tok.start_pos:tok.end_pos]
    return tok.type == "WORD" and 2 <= len(written) <= 6 and written.isalpha() and written.isupper() \
        and written.lower() not in ROMAN


def comparator_before_name(tokens: list[Token], text: str) -> list[Token]:
    """'Severe asthma (> GINA 2)': a comparator written before the name of a step or class system the vocabulary
    does not know (an acronym) and its number is that system's comparison: "GINA" > 2."""
    if not has_kind(tokens, "CMP"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "CMP" and k + 2 < len(tokens) and acronym(tokens[k + 1], text)
                and tokens[k + 2].type == "NUMBER" and (k + 3 == len(tokens) or tokens[k + 3].type in (
                    "RPAR", "COMMA", "SEMI", "OR", "AND"))):
            name = tokens[k + 1]
            # (put where the comparator is, of no width, so the comparison's span runs from it: "> GINA 2")
            out.append(Token("SUBJECT", text[name.start_pos:name.end_pos].lower(), start_pos=t.start_pos,
                             end_pos=t.start_pos))
            out.append(t)
            out.append(tokens[k + 2])
            k += 3
            continue
        out.append(t)
        k += 1
    return out


def numeral_passes(tokens: list[Token], text: str) -> list[Token]:
    """This module's lexer passes (after screener/parse/scales.py romans)."""
    return school_grades(comparator_before_name(class_numerals(tokens, text), text), text)


_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
_GRADE_TAIL = frozenset({"education", "level", "reading", "schooling"})


def school_grades(tokens: list[Token], text: str) -> list[Token]:
    """'less than 5th grade education level', 'less than a 7th grade education': a comparator on a school grade
    written as an ordinal is a comparison of the grade (an unknown subject: its words as written, "grade
    education level", put at the comparator so the comparison's span holds it)."""
    if not mentions(text, "grade"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        m = _ORDINAL.fullmatch(text[tokens[k + 1].start_pos:tokens[k + 1].end_pos]) if (
            t.type == "CMP" and k + 2 < len(tokens) and tokens[k + 1].type == "WORD") else None
        if not (m and tokens[k + 2].type == "WORD" and text[tokens[k + 2].start_pos:tokens[k + 2].end_pos].lower()
                == "grade" and k + 3 < len(tokens) and tokens[k + 3].type == "WORD"
                and text[tokens[k + 3].start_pos:tokens[k + 3].end_pos].lower() in _GRADE_TAIL):
            out.append(t)
            k += 1
            continue
        e = k + 3
        while e < len(tokens) and tokens[e].type == "WORD" and \
                text[tokens[e].start_pos:tokens[e].end_pos].lower() in _GRADE_TAIL:
            e += 1
        name = " ".join(text[x.start_pos:x.end_pos].lower() for x in tokens[k + 2:e])
        out.append(Token("SUBJECT", name, start_pos=t.start_pos, end_pos=t.start_pos))
        out.append(t)
        num = tokens[k + 1]
        out.append(Token("NUMBER", m.group(1), start_pos=num.start_pos, end_pos=num.end_pos))
        k = e
    return out
