"""Ages and score values as registry criteria write them (lexer passes; screener/parse/lexer.py runs them).

- "at least 18 years old (≥) and under 90 years old (<)": a comparator restated in brackets says nothing more;
- "11 to no older than 17 years", "no younger than 50": "no older than" is "at most", "no younger than" "at least";
- "Age: > 8 - 40 years": a comparator before a range is its lower end's; the upper end is inclusive;
- "age between 50 an 65 years": the slip "an" for "and" between the numbers of a "between";
- "Glasgow coma scale of 15", "Clinical Dementia Rating of 0", "ECOG performance status of 0 or 1": the place
  on a scale after "of" (the "of" goes, so the scale's value reads as "GCS 15" does);
- "at least one child <= 6 years of age", "mothers <18 years or >40 years of age": the age of someone
  else, not the patient's: an unknown subject (partial), with its numbers kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Token

from screener.parse.tokens import has_kind, mentions

from screener.parse.classes import class_run_ok, class_subject
from screener.parse.scales import ROMAN, is_scale

_CMPS = frozenset({"CMP", "AND_CMP", "OR_CMP"})


def _restated_comparators(tokens: list[Token]) -> list[Token]:
    """'at least 18 years old (≥)': a bracketed comparator equal to the one just read goes."""
    if not has_kind(tokens, "LPAR"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    last = None
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "LPAR" and k + 2 < len(tokens) and tokens[k + 1].type == "CMP" and tokens[k + 2].type == "RPAR"
                and last is not None and tokens[k + 1].value == last and out
                and out[-1].type in ("NUMBER", "UNIT", "TIMEUNIT", "OLD")):
            k += 3
            continue
        if t.type in _CMPS:
            last = t.value
        out.append(t)
        k += 1
    return out


_NO_OLDER = {">": "<=", "<": ">="}


def _in_years(tokens: list[Token], k: int) -> bool:
    """A number in years, or with no unit ("no older than 30 days" is how recent a thing is, no age)."""
    return k < len(tokens) and tokens[k].type == "NUMBER" and (
        k + 1 == len(tokens) or tokens[k + 1].type != "TIMEUNIT" or tokens[k + 1].value == "year")


def _no_older(tokens: list[Token], text: str) -> list[Token]:
    """'no older than 17 years' is 'age <= 17 years'; after 'N to' it is the range's upper end."""
    if not mentions(text, "older", "younger"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "NOT" and text[t.start_pos:t.end_pos].lower() in ("no", "not") and k + 2 < len(tokens)
                and tokens[k + 1].type == "AGE"
                and text[tokens[k + 1].start_pos:tokens[k + 1].end_pos].lower().split()[:1] in (["older"], ["younger"])
                and tokens[k + 2].type == "CMP" and tokens[k + 2].value in _NO_OLDER
                and _in_years(tokens, k + 3)):
            c = tokens[k + 2]
            flipped = Token("CMP", _NO_OLDER[c.value], start_pos=t.start_pos, end_pos=c.end_pos)
            if not (out and out[-1].type == "TO"):
                out.append(tokens[k + 1])
            out.append(flipped)
            k += 3
            continue
        out.append(t)
        k += 1
    return out


def _strict_range(tokens: list[Token]) -> list[Token]:
    """'Age: > 8 - 40 years': 'age > 8 and <= 40 years'."""
    if not has_kind(tokens, "TO"):
        return tokens  # (it cannot change this line)
    out = list(tokens)
    for k in range(len(tokens) - 4):
        a = k - 1 if k and tokens[k - 1].type == "COLON" else k
        if not (a and tokens[a - 1].type == "AGE"):
            continue
        c, n1, to, n2, unit = tokens[k:k + 5]
        if (c.type == "CMP" and c.value in (">", ">=") and n1.type == "NUMBER" and to.type == "TO"
                and n2.type == "NUMBER" and unit.type == "TIMEUNIT"):
            out[k + 2] = Token("AND_CMP", "<=", start_pos=to.start_pos, end_pos=to.end_pos)
    return out


def _between_an(tokens: list[Token], text: str) -> list[Token]:
    """'between 50 an 65 years': 'an' is 'and' there."""
    if not has_kind(tokens, "BETWEEN"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    for k, t in enumerate(tokens):
        out.append(t)
        if (t.type == "NUMBER" and k and tokens[k - 1].type == "BETWEEN" and k + 1 < len(tokens)
                and tokens[k + 1].type == "NUMBER" and text[t.end_pos:tokens[k + 1].start_pos].strip().lower() == "an"):
            at = text.index("an", t.end_pos)
            out.append(Token("AND", "and", start_pos=at, end_pos=at + 2))
    return out


def _scale_of(tokens: list[Token]) -> list[Token]:
    """'Glasgow coma scale of 15', 'ECOG performance status of 0 or 1': the value of a scale after 'of'
    (a value alone or a list of values; 'MMSE score of 27 or higher' is read already)."""
    drop = set()
    for k in range(1, len(tokens) - 1):
        if not (tokens[k].type == "OF" and tokens[k - 1].type == "ANALYTE" and is_scale(tokens[k - 1])
                and tokens[k + 1].type == "NUMBER"):
            continue
        nxt = tokens[k + 2] if k + 2 < len(tokens) else None
        if nxt is None or nxt.type in ("AND", "OR", "COMMA", "SEMI", "RPAR"):
            drop.add(k)
    return [t for k, t in enumerate(tokens) if k not in drop]


_SCALE_NOUNS = frozenset({"scale", "score", "scores"})


def _scale_restated(tokens: list[Token]) -> list[Token]:
    """'ECOG Scale of Performance Status (PS) scores 0 or 1': a known scale named twice ('X scale of X') is one,
    and 'scores' between a scale and its value says nothing more."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "ANALYTE" and is_scale(t) and k + 3 < len(tokens) and tokens[k + 1].type == "WORD"
                and tokens[k + 1].value.lower() in _SCALE_NOUNS and tokens[k + 2].type == "OF"
                and tokens[k + 3].type == "ANALYTE" and tokens[k + 3].value == t.value):
            out.append(Token("ANALYTE", t.value, start_pos=t.start_pos, end_pos=tokens[k + 3].end_pos))
            k += 4
            continue
        if (t.type == "WORD" and t.value.lower() in _SCALE_NOUNS and out and out[-1].type == "ANALYTE"
                and is_scale(out[-1]) and k + 1 < len(tokens) and (tokens[k + 1].type == "NUMBER" or (
                    tokens[k + 1].type == "OF" and k + 2 < len(tokens) and tokens[k + 2].type == "NUMBER"))):
            k += 1
            continue
        out.append(t)
        k += 1
    return out


def _aged_postfix(tokens: list[Token]) -> list[Token]:
    """'Adult (18 years of age or older) with ...', 'only individuals 18 years of age or older will be included':
    a number of years "of age" / "old" and "or older" is an age (named before it, so the comparison is an island
    of its own where the line does not compile whole)."""
    if not has_kind(tokens, "OLD"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if (t.type == "NUMBER" and k + 3 < len(tokens) and tokens[k + 1].type == "TIMEUNIT"
                and tokens[k + 1].value == "year" and tokens[k + 2].type == "OLD" and tokens[k + 3].type == "CMP_POST"
                and not (out and out[-1].type in ("AGE", "OF", "CMP", "TO", "BETWEEN", "NUMBER"))
                and not (out and out[-1].type == "WORD" and out[-1].value.lower() == "if")):
            # ("or if 18 years old and older consent for themselves": a case, not a limit)
            out.append(Token("AGE", "age", start_pos=t.start_pos, end_pos=t.start_pos))
        out.append(t)
    return out


def _and_older_than(tokens: list[Token], text: str) -> list[Token]:
    """'younger than 6 months and older than 80 years': the lexer read 'and older' as "or older" after the first
    limit; it is a second age limit, the other side: either of two ages that no one has at once."""
    if not mentions(text, "older"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "CMP_POST" and t.value == ">=" and k + 2 < len(tokens) and tokens[k + 1].type == "WORD"
                and tokens[k + 1].value.lower() == "than" and tokens[k + 2].type == "NUMBER"
                and text[t.start_pos:t.end_pos].lower().split()[:2] == ["and", "older"]
                and len(out) >= 3 and out[-1].type == "TIMEUNIT" and out[-2].type == "NUMBER"
                and out[-3].type == "CMP" and out[-3].value == "<"):
            at = t.start_pos
            out.append(Token("OR", "or", start_pos=at, end_pos=at + 3))
            out.append(Token("AGE", "age", start_pos=at + 4, end_pos=tokens[k + 1].end_pos))
            out.append(Token("CMP", ">", start_pos=at + 4, end_pos=tokens[k + 1].end_pos))
            k += 2
            continue
        out.append(t)
        k += 1
    return out


def _adult_plus(tokens: list[Token], text: str) -> list[Token]:
    """'adult (21+)': that age or more (the '+' is dropped by the lexer, which reads it after an age only)."""
    if not ("+" in text and mentions(text, "adult")):
        return tokens  # (it cannot change this line)
    out = list(tokens)
    for k in range(len(tokens) - 3, 0, -1):
        w, lp, n, rp = tokens[k - 1:k + 3]
        if (w.type == "WORD" and w.value.lower() in ("adult", "adults") and lp.type == "LPAR" and n.type == "NUMBER"
                and rp.type == "RPAR" and text[n.end_pos:rp.start_pos].strip() == "+"):
            out[k + 1:k + 2] = [Token("AGE", "age", start_pos=w.start_pos, end_pos=w.end_pos),
                                Token("CMP", ">=", start_pos=n.end_pos, end_pos=rp.start_pos), n]
    return out


_LIST = frozenset({"OR", "AND", "COMMA"})


def _unknown_scale_values(tokens: list[Token]) -> list[Token]:
    """'Alcohol Contemplation Ladder score of 9 or 10', 'Physicians Global Assessment score of 3 or 4': one of the
    values listed of a score the vocabulary does not know: its name (the words before "score") is an unknown
    subject, the values are kept ("a score of 3 or 4 on the Wrinkle Severity Rating Scale": the scale named after
    the values is the subject)."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if not (t.type == "WORD" and t.value.lower() == "score" and k + 4 < len(tokens)
                and not any(x.type == "NOT" for x in tokens[:k])  # ("no interest in ... (ladder score of 9 or 10)")
                and tokens[k + 1].type == "OF" and tokens[k + 2].type == "NUMBER" and tokens[k + 3].type in _LIST
                and tokens[k + 4].type == "NUMBER"):
            out.append(t)
            k += 1
            continue
        e = k + 2
        while e + 1 < len(tokens) and tokens[e + 1].type in _LIST and tokens[e + 2 if e + 2 < len(tokens) else e].type \
                == "NUMBER":
            e += 2
        values = tokens[k + 2:e + 1]
        after = e + 1
        if after < len(tokens) and tokens[after].type in ("UNIT", "TIMEUNIT", "TIMES", "TO", "CMP_POST"):
            out.append(t)
            k += 1
            continue
        j = len(out)
        while j and out[j - 1].type == "WORD" and k - (len(out) - j) > 0 and len(out) - j < 6:
            j -= 1
        name = out[j:] + [t]
        if after + 1 < len(tokens) and tokens[after].type == "TAKING" and text_of(tokens[after]) == "on" \
                and tokens[after + 1].type == "WORD":
            # "a score of 3 or 4 on the Wrinkle Severity Rating Scale"
            m = after + 1
            while m < len(tokens) and tokens[m].type == "WORD":
                m += 1
            name, after = tokens[after + 1:m], m
        elif len(name) == 1:
            out.append(t)
            k += 1
            continue  # "score of 3 or 4" of no scale named
        del out[j:]
        # (its place in the text: before the values, where "score" is, so the comparison reads from there)
        first = min(name[0].start_pos, t.start_pos)
        out.append(Token("SUBJECT", " ".join(w.value for w in name).lower(), start_pos=first,
                         end_pos=t.end_pos))
        out.extend(values)
        k = after
    return out


def text_of(tok: Token) -> str:
    return str(tok.value).lower()


_GLUED_ASA = re.compile(r"asa(i{1,3}|iv|vi?)", re.I)


def _glued_asa(tokens: list[Token]) -> list[Token]:
    """'ASAI ,ASAII, ASAIII': the ASA physical status class written with its class glued to it."""
    out: list[Token] = []
    for t in tokens:
        m = _GLUED_ASA.fullmatch(t.value) if t.type == "WORD" else None
        if m:
            out.append(Token("ANALYTE", "asa_class", start_pos=t.start_pos, end_pos=t.start_pos + 3))
            out.append(Token("NUMBER", str(ROMAN[m.group(1).lower()]), start_pos=t.start_pos + 3, end_pos=t.end_pos))
            continue
        out.append(t)
    return out


def age_passes(tokens: list[Token], text: str) -> list[Token]:
    """The age passes: they run before the lexer names the subjects of comparisons."""
    if not has_kind(tokens, "NUMBER") and not mentions(text, "asa"):
        return tokens  # (each reads a number; a glued "ASAII" makes one)
    tokens = _scale_with_span(_glued_asa(_named_for_a_diagnosis(tokens, text)), text)
    tokens = _adult_plus(_and_older_than(_aged_postfix(tokens), text), text)
    return _between_an(_strict_range(_no_older(_restated_comparators(tokens), text)), text)


@lru_cache(maxsize=1)
def _scale_tops() -> dict[str, float]:
    """analyte -> the top of its scale (screener/data/analyte_scales.csv)."""
    from screener.vocab.loader import read_rows

    return {r["analyte_id"]: float(r["max"]) for r in read_rows("analyte_scales.csv")}


def _out_of_on_scale(tokens: list[Token]) -> list[Token]:
    """'greater than or equal to 2/10 on the numeric pain rating scale': the value out of the scale's top, on the
    scale named after it, is that scale's value ('pain_nrs >= 2'; the comparison's text starts at its comparator)."""
    out = list(tokens)
    for k in range(len(tokens) - 4, -1, -1):
        c, n = tokens[k], tokens[k + 1]
        if not (c.type == "CMP" and n.type == "NUMBER"):
            continue
        j = k + 2
        while j < len(tokens) and tokens[j].type == "WORD" and not tokens[j].value:
            j += 1  # (the "/" the lexer keeps as an empty word)
        if not (j + 2 < len(tokens) and tokens[j].type in ("WORD", "NUMBER") and tokens[j + 1].type == "TAKING"
                and tokens[j + 2].type == "ANALYTE"):
            continue
        top = _scale_tops().get(tokens[j + 2].value)
        try:
            denominator = float(tokens[j].value)
        except ValueError:
            continue
        if top is None or denominator != top or not is_scale(tokens[j + 2]):
            continue
        scale = tokens[j + 2]
        out[k:j + 3] = [Token("ANALYTE", scale.value, start_pos=c.start_pos, end_pos=scale.end_pos), c, n]
    return out


def _named_for_a_diagnosis(tokens: list[Token], text: str) -> list[Token]:
    """'PC-PTSD >= 3': a word joined by a hyphen to a diagnosis, then a comparison of a number alone, is a score
    named for the diagnosis (an unknown subject), not the diagnosis."""
    if not ("-" in text and has_kind(tokens, "CONDITION")):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "WORD" and k + 3 < len(tokens) and tokens[k + 1].type == "CONDITION"
                and text[t.end_pos:tokens[k + 1].start_pos] == "-" and tokens[k + 2].type == "CMP"
                and tokens[k + 3].type == "NUMBER"
                and (k + 4 == len(tokens) or tokens[k + 4].type not in ("UNIT", "TIMEUNIT", "TIMES"))):
            d = tokens[k + 1]
            out.append(Token("SUBJECT", text[t.start_pos:d.end_pos].lower(), start_pos=t.start_pos, end_pos=d.end_pos))
            k += 2
            continue
        out.append(t)
        k += 1
    return out


@lru_cache(maxsize=1)
def _scale_names() -> dict[str, str]:
    """A scale's one-word names (its synonyms, screener/data/analytes.csv) -> the scale, for the ordinal scores
    analyte_scales.csv gives the span of."""
    from screener.vocab import vocabulary

    tops = _scale_tops()
    return {syn: a.id for a in vocabulary().analytes.values() if a.id in tops and a.value_type == "ordinal"
            for syn in a.synonyms if " " not in syn}


def _scale_with_span(tokens: list[Token], text: str) -> list[Token]:
    """'NRS0-10 >= 4': a scale written with its span glued to it ("NRS0-10") is the scale."""
    if not ("0-" in text or "0\u2013" in text):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        name = t.value.lower()[:-1] if t.type == "WORD" and t.value.endswith("0") else ""
        scale = _scale_names().get(name)
        if (scale and k + 1 < len(tokens) and tokens[k + 1].type == "NUMBER"
                and text[t.end_pos:tokens[k + 1].start_pos] in ("-", "\u2013")
                and float(tokens[k + 1].value) == _scale_tops()[scale]):
            out.append(Token("ANALYTE", scale, start_pos=t.start_pos, end_pos=tokens[k + 1].end_pos))
            k += 2
            continue
        out.append(t)
        k += 1
    return out


def scale_passes(tokens: list[Token]) -> list[Token]:
    """The scale passes: they run after the scales are named (screener/parse/scales.py asa, romans) and before
    their values are read (scale_values)."""
    if not any(t.type == "NUMBER" for t in tokens):
        return tokens  # (each reads a scale's value)
    tokens = _out_of_on_scale(tokens)
    return _value_lists(_unknown_scale_values(_scale_of(_scale_restated(tokens))))


def _value_lists(tokens: list[Token]) -> list[Token]:
    """'ECOG score of 0, 1 or 2': the commas of a list of a known scale's values are its 'or's (of no width: no
    list of parts of the line, which a comma between them would cut)."""
    out = list(tokens)
    for k, t in enumerate(tokens):
        if not (t.type == "NUMBER" and k and tokens[k - 1].type == "ANALYTE" and is_scale(tokens[k - 1])):
            continue
        e = k
        commas = []
        while e + 2 < len(tokens) and tokens[e + 1].type in ("COMMA", "OR", "AND") and tokens[e + 2].type == "NUMBER":
            if tokens[e + 1].type == "COMMA":
                commas.append(e + 1)
            e += 2
        if commas and any(tokens[j].type != "COMMA" for j in range(k + 1, e, 2)):
            for j in commas:
                out[j] = Token("OR", "or", start_pos=tokens[j].start_pos, end_pos=tokens[j].start_pos)
    return out


# people other than the patient whose age a criterion may give ("at least one child <= 6 years")
_OTHERS = frozenset({"child", "mother", "mothers", "father", "fathers", "parent", "parents", "partner", "spouse",
                     "sibling", "siblings", "caregiver", "caregivers", "husband", "wife"})


def others_ages(tokens: list[Token], text: str) -> list[Token]:
    """'mothers <18 years or >40 years of age', 'at least one child <= 6 years of age': the age the lexer
    read for the comparison after someone else is that person's: an unknown subject (their word), not
    the patient's age.  (A count of them before, 'at least one child', is no age either.)"""
    out: list[Token] = []
    for k, t in enumerate(tokens):
        if (t.type == "AGE" and t.start_pos == t.end_pos and k + 1 < len(tokens)
                and tokens[k + 1].type in ("CMP", "NUMBER")
                and out and out[-1].type == "WORD" and out[-1].value.lower() in _OTHERS):
            w = out.pop()
            out.append(Token("SUBJECT", w.value.lower(), start_pos=w.start_pos, end_pos=w.end_pos))
            continue
        if (t.type == "AGE" and t.start_pos == t.end_pos and k + 3 < len(tokens) and tokens[k + 1].type == "CMP"
                and tokens[k + 2].type == "NUMBER" and tokens[k + 3].type == "WORD"
                and tokens[k + 3].value.lower() in _OTHERS):
            continue  # "at least one child": a count of them
        out.append(t)
    return out


def _unknown_scale(tok: Token) -> bool:
    """A score the vocabulary does not know, named as _unknown_scale_values names it."""
    return tok.type == "SUBJECT" and (tok.value.endswith(" score") or " scale" in tok.value)


def scale_run(tokens: list[Token], a: int) -> int | None:
    """'(ECOG) 3 and 4', 'ASA I or II donors', 'Hoehn & Yahr stage 1-4 based on ...': where the values of a known
    ordinal scale that start at ``a`` (a number right after the scale) end, else None.  (For the islands of a line
    that did not compile whole: a word after a scale's value is no unit of it.)"""
    if not (0 < a < len(tokens) and tokens[a].type == "NUMBER" and (
            (tokens[a - 1].type == "ANALYTE" and is_scale(tokens[a - 1])) or _unknown_scale(tokens[a - 1])
            or class_subject(tokens[a - 1]))):  # ("stage 1 and stage 2 hypertensive patients")
        return None
    e = a + 1
    while e + 1 < len(tokens) and tokens[e].type in ("OR", "AND", "COMMA", "TO") and tokens[e + 1].type == "NUMBER":
        e += 2
    if (_unknown_scale(tokens[a - 1]) or class_subject(tokens[a - 1])) and not any(t.type in ("OR", "AND") for t in tokens[a + 1:e]):
        return None  # an unknown score: its values listed ("Wrinkle Severity Rating Scale score of 3 or 4") only
    if not _unknown_scale(tokens[a - 1]) and class_subject(tokens[a - 1]) and not class_run_ok(tokens, a, e):
        return None
    return e if e > a + 1 else None


def registry_fields(tokens: list[Token], text: str) -> list[Token]:
    """'Minimum Age: 18 Years Maximum Age: 99 Years Sex: All Gender Based: No': registry fields pasted into the
    criteria: both age limits hold ("and"); "Sex: All" and "Gender Based: No" limit nothing and go."""
    if not any(t.type == "AGE" and text[t.start_pos:t.end_pos].lower() == "maximum age" for t in tokens):
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "AGE" and text[t.start_pos:t.end_pos].lower() == "maximum age" and len(out) >= 4
                and out[-1].type == "TIMEUNIT" and out[-2].type == "NUMBER" and out[-3].type == "CMP"
                and out[-4].type == "AGE" and text[out[-4].start_pos:out[-4].end_pos].lower() == "minimum age"):
            out.append(Token("AND", "and", start_pos=t.start_pos, end_pos=t.start_pos))
        rest = [(x.type, text[x.start_pos:x.end_pos].lower()) for x in tokens[k:]]
        if rest in ([("SEX", "sex"), ("COLON", ":"), ("ALLSEX", "all")],
                    [("SEX", "sex"), ("COLON", ":"), ("ALLSEX", "all"), ("SEX", "gender"), ("WORD", "based"),
                     ("COLON", ":"), ("NOT", "no")]):
            break
        out.append(t)
        k += 1
    return out
