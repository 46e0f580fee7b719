"""Lexer passes for values whose reading another part of the line pulled down (session 13, round 3).

- ``formula_gloss``: "BMI : 18-30 kg/m2 (Body Mass Index [BMI] [kg/m2] = Body weight [kg] Height2 [m2])": a bracket
  after a BMI limit that spells out how the BMI is computed ("=" with the analyte's own name or weight inside) says
  nothing a record needs; its words are left out (the line says it left words out) instead of failing the line.
- ``restated_hematocrit``: "Haemoglobin (Hb) >=10mg/dL (Hct 32%)": a hematocrit with no comparator in brackets
  right after a haemoglobin limit (or the other way round) is the same limit on the other measure, with the same
  comparator: either met ("(hemoglobin >= 10 mg/dL or hematocrit >= 32 %)"), as restated_limits reads a limit
  restated in another unit. Only this pair: the two rise and fall together, so the comparator is plain.
- ``open_sex_bracket``: "Cr >2.5 mg/dL [men], >2.0 mg/dL [women, GFR < 30 ...)": an unclosed bracket holding the
  other sex after a limit tagged with one sex is that limit's tag; the comma after it goes on to the next
  alternative of the list ("or", as the tagged pair already is).
"""

from __future__ import annotations

from lark import Token

from screener.parse.tokens import has_kind

_SEX_WORDS = {"FEMALE": "female", "MALE": "male"}
_PAIR = {"hemoglobin": "hematocrit", "hematocrit": "hemoglobin"}


def _word(t: Token) -> Token:
    return Token("WORD", t.value, start_pos=t.start_pos, end_pos=t.end_pos)


def formula_gloss(tokens: list[Token]) -> list[Token]:
    if not has_kind(tokens, "UNIT"):
        return tokens  # (it cannot change this line)
    n = len(tokens)
    for k in range(2, n):
        if not (tokens[k].type == "LPAR" and tokens[k - 1].type == "UNIT" and tokens[k - 1].value == "kg/m2"
                and tokens[k - 2].type == "NUMBER"):
            continue
        # the bracket's close (nested brackets counted)
        depth, j = 0, k
        while j < n:
            if tokens[j].type == "LPAR":
                depth += 1
            elif tokens[j].type == "RPAR":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= n or j != n - 1:
            continue  # only a bracket that ends the line
        inner = tokens[k + 1:j]
        if not any(t.type == "CMP" and t.value == "=" for t in inner):
            continue
        if not any(t.type == "ANALYTE" and t.value in ("bmi", "weight") for t in inner):
            continue
        if any(t.type == "NUMBER" for t in inner):
            continue
        return tokens[:k] + [_word(t) for t in tokens[k:j + 1]]
    return tokens


def restated_hematocrit(tokens: list[Token]) -> list[Token]:
    if not has_kind(tokens, "LPAR"):
        return tokens  # (it cannot change this line)
    n = len(tokens)
    for k in range(4, n - 4):
        a, cmp, num, unit = tokens[k - 4:k]
        lpar, b, num2, unit2, rpar = tokens[k:k + 5]
        if not ([t.type for t in (a, cmp, num, unit, lpar, b, num2, unit2, rpar)]
                == ["ANALYTE", "CMP", "NUMBER", "UNIT", "LPAR", "ANALYTE", "NUMBER", "UNIT", "RPAR"]
                and _PAIR.get(a.value) == b.value and cmp.value != "="):
            continue
        at = lpar.start_pos
        return (tokens[:k - 4]
                + [Token("LPAR", "(", start_pos=a.start_pos, end_pos=a.start_pos), a, cmp, num, unit,
                   Token("OR", "or", start_pos=at, end_pos=at), b,
                   Token("CMP", cmp.value, start_pos=num2.start_pos, end_pos=num2.start_pos), num2, unit2,
                   Token("RPAR", ")", start_pos=rpar.start_pos, end_pos=rpar.end_pos)]
                + tokens[k + 5:])
    return tokens


def open_sex_bracket(tokens: list[Token]) -> list[Token]:
    if not has_kind(tokens, "SEX_TAG"):
        return tokens  # (it cannot change this line)
    n = len(tokens)
    for k in range(5, n - 2):
        lpar, sex, comma = tokens[k:k + 3]
        if not (lpar.type == "LPAR" and sex.type in _SEX_WORDS and comma.type == "COMMA"
                and [t.type for t in tokens[k - 3:k]] == ["CMP", "NUMBER", "UNIT"]
                and tokens[k - 4].type == "COMMA" and tokens[k - 5].type == "SEX_TAG"
                and tokens[k - 5].value != _SEX_WORDS[sex.type]):
            continue
        # unclosed: no ")" before the line's last one
        rest = tokens[k + 3:]
        if sum(1 for t in rest if t.type == "RPAR") - sum(1 for t in rest if t.type == "LPAR") != 1 \
                or rest[-1].type != "RPAR":
            continue
        return (tokens[:k] + [Token("SEX_TAG", _SEX_WORDS[sex.type], start_pos=lpar.start_pos, end_pos=sex.end_pos),
                              Token("OR", "or", start_pos=comma.start_pos, end_pos=comma.end_pos)] + rest)
    return tokens



def severity_before_words(tokens: list[Token]) -> list[Token]:
    """"Moderate/severe hypertensive left ventricular (LV) hypertrophy (LVMi >= 109 g/m2 in women and ...)": a
    severity (or a pair of them) that opens the line and qualifies words no vocabulary names (no diagnosis after
    it) is left out with them, so the limits in the bracket are read as they are without it. Only when a
    bracket holding a comparison follows the words."""
    k = 0
    n = len(tokens)
    while k < n and tokens[k].type == "SEVERITY":
        k += 1
        if k < n and tokens[k].type == "SLASH" and k + 1 < n and tokens[k + 1].type == "SEVERITY":
            k += 1
        else:
            break
    if k == 0 or k >= n or tokens[k].type != "WORD":
        return tokens
    j = k
    while j < n and tokens[j].type in ("WORD", "LPAR", "RPAR"):
        if tokens[j].type == "LPAR" and j + 2 < n and tokens[j + 1].type in ("SUBJECT", "ANALYTE") \
                and tokens[j + 2].type == "CMP":
            return [_word(t) for t in tokens[:k]] + tokens[k:]
        j += 1
    return tokens


def weight_limit(tokens: list[Token]) -> list[Token]:
    """"Weight exceeding the weight limit of the PET imaging table (500 pounds).": the limit is the number in the
    bracket that ends the line; the words naming whose limit it is are left out."""
    t = tokens
    if not (len(t) >= 7 and t[0].type == "ANALYTE" and t[0].value == "weight" and t[1].type == "CMP"
            and t[1].value in (">", ">=", "<", "<=") and t[2].type == "ANALYTE" and t[2].value == "weight"
            and t[3].type == "WORD" and t[3].value.lower() == "limit"
            and [x.type for x in t[-4:]] == ["LPAR", "NUMBER", "UNIT", "RPAR"]
            and all(x.type in ("WORD", "OF") for x in t[4:-4])):
        return tokens
    num = t[-3]
    return ([t[0]] + [_word(x) for x in t[1:-3]]
            + [Token("CMP", t[1].value, start_pos=num.start_pos, end_pos=num.start_pos), num, t[-2], _word(t[-1])])


def pf_colon(tokens: list[Token]) -> list[Token]:
    """"PaO2:FiO2 > 150", "(PaO2:FiO2) <= 300": the ratio written with a colon is the P/F ratio (analytes.csv
    names "pao2:fio2"); the lexer had cut it at the colon and named FiO2 alone the subject of the ratio's limit.
    Only written whole (no space around the colon); "SaO2:FiO2" is another ratio and stays as it was."""
    if not has_kind(tokens, "COLON"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k, n = 0, len(tokens)
    while k < n:
        t = tokens[k]
        if (k + 2 < n and t.value.lower() == "pao2" and tokens[k + 1].type == "COLON"
                and tokens[k + 2].value.lower() == "fio2" and tokens[k + 2].type in ("WORD", "SUBJECT")
                and tokens[k + 1].start_pos == t.end_pos and tokens[k + 2].start_pos == tokens[k + 1].end_pos):
            out.append(Token("ANALYTE", "pf_ratio", start_pos=t.start_pos, end_pos=tokens[k + 2].end_pos))
            k += 3
            continue
        out.append(t)
        k += 1
    return out


def that_is_pressure(tokens: list[Token]) -> list[Token]:
    """"Undiagnosed hypertension (elicited at screening; i.e. >= 180 / 110mmHg)": a pair of numbers in mmHg after
    "i.e." is a blood pressure, systolic over diastolic (what "BP >= 180/110 mmHg" reads); "i e" is no subject."""
    if not has_kind(tokens, "PAIR"):
        return tokens  # (it cannot change this line)
    out = list(tokens)
    for k in range(len(tokens) - 3):
        s, cmp, pair, unit = tokens[k:k + 4]
        if not (s.type == "SUBJECT" and s.value == "i e" and cmp.type == "CMP" and pair.type == "PAIR"
                and unit.type == "UNIT" and unit.value == "mm[Hg]"):
            continue
        sys_, dia = pair.value.split("/")
        at = pair.start_pos + len(sys_)
        return (tokens[:k] + [Token("ANALYTE", "systolic_bp", start_pos=s.start_pos, end_pos=s.start_pos),
                              Token("SLASH", "/", start_pos=s.start_pos, end_pos=s.start_pos),
                              Token("ANALYTE", "diastolic_bp", start_pos=s.start_pos, end_pos=s.end_pos), cmp,
                              Token("NUMBER", sys_, start_pos=pair.start_pos, end_pos=at),
                              Token("SLASH", "/", start_pos=at, end_pos=at),
                              Token("NUMBER", dia, start_pos=at, end_pos=pair.end_pos), unit] + tokens[k + 4:])
    return out


def percent_of_named(tokens: list[Token]) -> list[Token]:
    """"Leukocytes > 12,000/mm^3 or < 4,000/mm^3 or > 10% immature (band) forms, ...": a percentage joined to a
    count's limits, with the words after it naming what the percentage is of, is a limit on those words (no record
    holds them: unmapped, its number kept), not a third limit on the count (whose unit is no percentage)."""
    if not has_kind(tokens, "OR_CMP"):
        return tokens  # (it cannot change this line)
    n = len(tokens)
    for k in range(2, n - 3):
        c, num, unit = tokens[k:k + 3]
        if not (c.type == "OR_CMP" and num.type == "NUMBER" and unit.type == "UNIT" and unit.value == "%"
                and tokens[k - 1].type == "UNIT" and tokens[k - 1].value != "%"):
            continue
        j = k + 3
        while j < n and tokens[j].type == "WORD":
            j += 1
        if not (2 <= j - (k + 3) <= 4 and (j == n or tokens[j].type == "COMMA")):
            continue
        words = tokens[k + 3:j]
        name = " ".join(w.value.lower() for w in words)
        return (tokens[:k] + [Token("OR", "or", start_pos=c.start_pos, end_pos=c.start_pos),
                              Token("SUBJECT", name, start_pos=c.start_pos, end_pos=words[-1].end_pos),
                              Token("CMP", c.value.split()[-1], start_pos=c.start_pos, end_pos=c.end_pos), num, unit]
                + tokens[j:])
    return tokens


def value_passes(tokens: list[Token]) -> list[Token]:
    return percent_of_named(that_is_pressure(pf_colon(weight_limit(severity_before_words(open_sex_bracket(restated_hematocrit(formula_gloss(tokens))))))))
