"""Lexer pass for radiation doses in gray ("TBI > 500 cGy (single) or > 800 cGy (fractionated)").

The lexer reads "cGy" and "Gy" after a number as a unit (screener/parse/lexer.py ``_BARE_UNITS``). A dose is only
kept as a limit when what it is the dose of is written right before its comparison and is total body irradiation:
"TBI", which the vocabulary reads as the diagnosis traumatic brain injury (a dose in gray cannot be a measure of a
brain injury, so the comparison is the irradiation's, and it compiles on the written name "TBI", unmapped). Any
other dose ("the total prior radiation dose to the cord or pelvis exceeds 100 Gy") goes back to a word, as before:
the lexer names the words right before a comparison as its subject, and "pelvis" is not what has the dose.
"""

from __future__ import annotations

from lark import Token

from screener.units import to_ucum

_GRAY = frozenset({"Gy", "cGy"})
_LIMIT = frozenset({"CMP", "AND_CMP", "OR_CMP", "NUMBER", "UNIT", "LPAR"})


def _dose_of_tbi(tokens: list[Token], k: int) -> bool:
    j = k - 1
    while j >= 0 and tokens[j].type in _LIMIT:
        j -= 1
    return (j >= 0 and j < k - 2 and tokens[j].type == "CONDITION" and tokens[j].value == "traumatic_brain_injury"
            and tokens[j + 1].type in ("CMP", "LPAR"))


def radiation_doses(tokens: list[Token]) -> list[Token]:
    if not any(t.type == "UNIT" and t.value in _GRAY for t in tokens):
        return tokens
    return [Token("WORD", t.value, start_pos=t.start_pos, end_pos=t.end_pos)
            if t.type == "UNIT" and t.value in _GRAY and not _dose_of_tbi(tokens, k) else t
            for k, t in enumerate(tokens)]


def _per_volume(word: str) -> str | None:
    try:
        code = to_ucum("/" + word)
    except Exception:  # a word no unit table knows
        return None
    return code if code in ("/uL", "/mm3") else None


def counted_per_volume(tokens: list[Token]) -> list[Token]:
    """'Thrombocytopenia (<100,000 platelets/microL)': the lab named between the number and "/microL" is what is
    counted; it goes before the comparison (zero-width where the comparison starts; the rule's span is the limit's)
    and "/microL" is the number's unit, as in "platelets < 100,000/microL". Only when no lab is named before."""
    out = list(tokens)
    for k in range(1, len(tokens) - 3):
        cmp, num, lab, slash, word = tokens[k - 1], tokens[k], tokens[k + 1], tokens[k + 2], tokens[k + 3]
        if not (cmp.type == "CMP" and num.type == "NUMBER" and lab.type == "ANALYTE" and slash.type == "SLASH"
                and slash.start_pos == lab.end_pos and word.type == "WORD" and word.start_pos == slash.end_pos):
            continue
        unit = _per_volume(word.value)
        if unit is None or (k >= 2 and tokens[k - 2].type == "ANALYTE"):
            continue
        return (tokens[:k - 1] + [Token("ANALYTE", lab.value, start_pos=cmp.start_pos, end_pos=cmp.start_pos), cmp, num,
                                  Token("UNIT", unit, start_pos=lab.start_pos, end_pos=word.end_pos)]
                + tokens[k + 4:])
    return out


def bmi_unit(tokens: list[Token]) -> list[Token]:
    """'body mass index <30kg.m2': "kg.m2" after a body mass index is kg/m2 written with a dot (a BMI is no
    kilogram-square-metre); only right after the BMI's comparison."""
    out = list(tokens)
    for k in range(3, len(tokens)):
        t = tokens[k]
        if (t.type == "UNIT" and t.value == "kg.m2" and tokens[k - 1].type == "NUMBER" and tokens[k - 2].type == "CMP"
                and tokens[k - 3].type == "ANALYTE" and tokens[k - 3].value == "bmi"):
            out[k] = Token("UNIT", "kg/m2", start_pos=t.start_pos, end_pos=t.end_pos)
    return out


def range_of(tokens: list[Token]) -> list[Token]:
    """'BMI within the range of 18.5-35 inclusive': a lab (or its abbreviation in brackets) "within the range of" a
    range is in the range; "within" here is no time window ("the range" is left out by the lexer, "within" and
    "of" go)."""
    for k in range(1, len(tokens) - 4):
        if not (tokens[k].type == "WITHIN" and tokens[k + 1].type == "OF" and tokens[k + 2].type == "NUMBER"
                and tokens[k + 3].type == "TO" and tokens[k + 4].type == "NUMBER"
                and (k + 5 == len(tokens) or tokens[k + 5].type != "TIMEUNIT")):
            continue
        before = tokens[k - 1]
        if before.type == "RPAR" and k >= 2:
            before = tokens[k - 2]
        if before.type == "ANALYTE" and tokens[k].end_pos < tokens[k + 1].start_pos - 1:
            return tokens[:k] + tokens[k + 2:]
    return tokens


_ML = frozenset({"milliliter", "milliliters", "millilitre", "millilitres"})
_METRE = frozenset({"meter", "meters", "metre", "metres"})


def _words(tokens: list[Token], k: int, *words) -> bool:
    """tokens[k:] start with these words (a set of spellings, or one token type written in capitals)."""
    for j, w in enumerate(words):
        if k + j >= len(tokens):
            return False
        t = tokens[k + j]
        if isinstance(w, frozenset):
            if not (t.type == "WORD" and t.value.lower() in w):
                return False
        elif w.isupper():
            if t.type != w:
                return False
        elif not (t.type == "WORD" and t.value.lower() == w):
            return False
    return True


def spelled_clearance(tokens: list[Token]) -> list[Token]:
    """'<45 milliliters per minute per 1.73 meters squared of body surface area (mL/min/1.73 m²)': the unit in
    words is mL/min/1.73 m2; the unit restated in brackets right
    after it goes."""
    for k in range(1, len(tokens) - 3):
        if not (tokens[k - 1].type == "NUMBER" and _words(tokens, k, _ML, "per", "minute")):
            continue
        end, unit = k + 3, "mL/min/{1.73_m2}"
        if not (_words(tokens, end, "per", "NUMBER", _METRE, "squared") and tokens[end + 1].value == "1.73"):
            continue  # (an eGFR "<45 Milliliter per minute" is left as it was: the lexer gives it its unit)
        end += 4
        if _words(tokens, end, "OF", "body", "surface", "area"):
            end += 4
        if (_words(tokens, end, "LPAR", "ml", "SLASH", "min", "SLASH", "NUMBER", "UNIT", "RPAR")
                and tokens[end + 5].value == "1.73" and tokens[end + 6].value == "m2"):
            end += 8
        return (tokens[:k] + [Token("UNIT", unit, start_pos=tokens[k].start_pos, end_pos=tokens[end - 1].end_pos)]
                + spelled_clearance(tokens[end:]))
    return tokens


def that_is(tokens: list[Token]) -> list[Token]:
    """'creatinine clearance (CrCl), i.e. < 30 mL/min': "i.e." is no subject (the lexer names the words before a
    comparison as one); the lab named right before it is the limit's."""
    for k in range(1, len(tokens) - 1):
        t = tokens[k]
        if t.type == "SUBJECT" and t.value == "i e" and tokens[k + 1].type == "CMP":
            j = k - 1 if tokens[k - 1].type == "COMMA" else k
            if j >= 1 and tokens[j - 1].type == "ANALYTE":
                return tokens[:j] + that_is(tokens[k + 1:])
    return tokens


def value_units(tokens: list[Token]) -> list[Token]:
    return that_is(spelled_clearance(range_of(bmi_unit(counted_per_volume(radiation_doses(tokens))))))
