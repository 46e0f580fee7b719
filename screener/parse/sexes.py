"""Lexer pass for limits that differ by sex, in the shapes the lexer's ``_sex_tags`` leaves unread.

It runs after ``_sex_tags`` (screener/parse/lexer.py), which has turned "in females", "(men)", "for women" right
after a value into one SEX_TAG, and puts the limits in the shape the grammar reads one limit per sex in
(criteria.lark ``measure_by_sex``: ``subject CMP threshold SEX_TAG (AND_CMP threshold SEX_TAG)*``):

- "creatinine >= 1.5 and >= 1.4 mg/dL in males and females respectively", "alcohol intake above 20 g and 30 g for
  women and men respectively": the sexes named in the order of the values, one each; the unit written once is the
  first value's too, and a comparator written once is the second value's too.
- "HDL-C: <50/40 mg/dl; F/M", "Waist C >89/102 cm; F/M": a pair of limits and the sexes it is for, F/M or M/F,
  at the end of the line.
- "Body weight: 55kg or higher(female: 50kg or higher)": the limit in brackets is the sex's it names, the one
  before it the other sex's.
- "> 2.5 mg/dL (men), 2.0 mg/dL (women)": the comparator written before the first limit is the second's too.
- "... for women and men respectively OR": the "or" that ends the line (it joins the next one) is left out.

Each rewrite only touches the tokens it names; anything else is left as it came. New tokens the text does not
write (a unit written once, a comparator carried over) are zero-width where they stand for.
"""

from __future__ import annotations

from lark import Token

_SEX = frozenset({"MALE", "FEMALE"})
_VALUE_END = frozenset({"NUMBER", "UNIT"})


def _at(type_: str, value: str, pos: int) -> Token:
    return Token(type_, value, start_pos=pos, end_pos=pos)


def _tag(sex: str, start: int, end: int) -> Token:
    return Token("SEX_TAG", sex, start_pos=start, end_pos=end)


def _word(tok: Token | None, *words: str) -> bool:
    return tok is not None and tok.type == "WORD" and tok.value.lower() in words


def _respectively(tokens: list[Token]) -> list[Token]:
    """CMP a [UNIT] (AND_CMP | AND [CMP]) b UNIT SEX_TAG s1 AND SEX s2 'respectively'."""
    for k, tok in enumerate(tokens):
        if not _word(tok, "respectively") or k < 7:
            continue
        s2, conj, tag = tokens[k - 1], tokens[k - 2], tokens[k - 3]
        if not (s2.type in _SEX and conj.type == "AND" and tag.type == "SEX_TAG" and tag.value != s2.type.lower()):
            continue
        if tokens[k - 4].type != "UNIT" or tokens[k - 5].type != "NUMBER":
            continue
        unit, b = tokens[k - 4], tokens[k - 5]
        j = k - 6
        cmp2 = None
        if tokens[j].type == "CMP" and j >= 1 and tokens[j - 1].type == "AND":
            cmp2, j = tokens[j], j - 1
        link = tokens[j]
        if link.type not in ("AND", "AND_CMP"):
            continue
        i = j - 1
        unit1 = tokens[i] if tokens[i].type == "UNIT" else None
        if unit1 is not None:
            i -= 1
        if i < 1 or tokens[i].type != "NUMBER" or tokens[i - 1].type != "CMP":
            continue
        if unit1 is not None and unit1.value != unit.value:
            continue
        a, cmp1 = tokens[i], tokens[i - 1]
        if link.type == "AND_CMP" and cmp2 is not None:
            continue
        op = link.value if link.type == "AND_CMP" else (cmp2.value if cmp2 is not None else cmp1.value)
        first_end = (unit1 or a).end_pos
        new = [cmp1, a, unit1 or _at("UNIT", unit.value, a.end_pos), _at("SEX_TAG", tag.value, first_end),
               Token("AND_CMP", op, start_pos=link.start_pos,
                     end_pos=(cmp2.end_pos if cmp2 is not None else link.end_pos)),
               b, unit, _tag(s2.type.lower(), tag.start_pos, tok.end_pos)]
        return tokens[:i - 1] + new + _respectively(tokens[k + 1:])
    return tokens


def _pair_by_sex(tokens: list[Token]) -> list[Token]:
    """CMP PAIR('50/40') UNIT [;|,] F / M at the end of the line."""
    n = len(tokens)
    if n < 6 or not (tokens[-2].type == "SLASH" and _word(tokens[-3], "f", "m") and _word(tokens[-1], "f", "m")
                     and tokens[-3].value.lower() != tokens[-1].value.lower()):
        return tokens
    j = n - 4
    if tokens[j].type in ("SEMI", "COMMA"):
        j -= 1
    if not (j >= 2 and tokens[j].type == "UNIT" and tokens[j - 1].type == "PAIR" and tokens[j - 2].type == "CMP"):
        return tokens
    cmp, pair, unit = tokens[j - 2], tokens[j - 1], tokens[j]
    left, _, right = pair.value.partition("/")
    if not (left and right):
        return tokens
    sexes = ["female" if tokens[-3].value.lower() == "f" else "male",
             "female" if tokens[-1].value.lower() == "f" else "male"]
    cut = pair.start_pos + len(left)
    a = Token("NUMBER", left, start_pos=pair.start_pos, end_pos=cut)
    b = Token("NUMBER", right, start_pos=cut + 1, end_pos=pair.end_pos)
    return tokens[:j - 2] + [
        cmp, a, _at("UNIT", unit.value, cut), _tag(sexes[0], tokens[-3].start_pos, tokens[-3].end_pos),
        _at("AND_CMP", cmp.value, cut + 1), b, unit, _tag(sexes[1], tokens[-1].start_pos, tokens[-1].end_pos)]


def _other_sex_in_brackets(tokens: list[Token]) -> list[Token]:
    """'Body weight: 55kg or higher(female: 50kg or higher)': the limit in brackets is that sex's, and the one
    before it the other sex's."""
    n = len(tokens)
    for k in range(n - 9):
        a, u1, p1, lp, sex, colon, b, u2, p2, rp = tokens[k:k + 10]
        if not (a.type == "NUMBER" and u1.type == "UNIT" and p1.type == "CMP_POST" and lp.type == "LPAR"
                and sex.type in _SEX and colon.type == "COLON" and b.type == "NUMBER" and u2.type == "UNIT"
                and u2.value == u1.value and p2.type == "CMP_POST" and p2.value == p1.value and rp.type == "RPAR"):
            continue
        if k and tokens[k - 1].type in ("CMP", "AND_CMP", "OR_CMP", "TO", "AND", "OR"):
            continue
        other = "female" if sex.type == "MALE" else "male"
        # ("Body weight: 55kg ...": the lab before the colon is the limits' subject, the colon goes)
        head = tokens[:k - 1] if k >= 2 and tokens[k - 1].type == "COLON" and tokens[k - 2].type == "ANALYTE" \
            else tokens[:k]
        return head + [
            Token("CMP", p1.value, start_pos=p1.start_pos, end_pos=p1.end_pos), a, u1,
            _at("SEX_TAG", other, u1.end_pos),
            Token("AND_CMP", p2.value, start_pos=lp.start_pos, end_pos=colon.end_pos), b, u2,
            _tag(sex.type.lower(), p2.start_pos, rp.end_pos)] + tokens[k + 10:]
    return tokens


def _carried_cmp(tokens: list[Token]) -> list[Token]:
    """CMP a [UNIT] SEX_TAG (OR | AND | COMMA) b [UNIT] SEX_TAG: the comparator is the second limit's too."""
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if _carries(tokens, k):
            # "and 48 kg (for women)": AND_CMP, as "and >= 48 kg" (a comma or "and": the same list of limits)
            i = k - 3 if tokens[k - 2].type == "UNIT" else k - 2
            out.append(Token("OR_CMP" if tok.type == "OR" else "AND_CMP", tokens[i - 1].value,
                             start_pos=tok.start_pos, end_pos=tok.end_pos))
        else:
            out.append(tok)
    return out


def _carries(tokens: list[Token], k: int) -> bool:
    n = len(tokens)
    tok = tokens[k]
    if not (tok.type in ("OR", "AND", "COMMA") and k >= 3 and tokens[k - 1].type == "SEX_TAG"
            and k + 2 < n and tokens[k + 1].type == "NUMBER"):
        return False
    i = k - 3 if tokens[k - 2].type == "UNIT" else k - 2
    if not (i >= 1 and tokens[i].type == "NUMBER" and tokens[i - 1].type == "CMP"):
        return False
    nxt = k + 2 if tokens[k + 2].type != "UNIT" else k + 3
    return nxt < n and tokens[nxt].type == "SEX_TAG" and tokens[nxt].value != tokens[k - 1].value


def _trailing(tokens: list[Token]) -> list[Token]:
    """'... for women and men respectively OR': an "or" that ends the line after a limit per sex joins the next
    line; it is left out (a word), so the limits still compile and the line says it left words out."""
    if len(tokens) > 1 and tokens[-1].type in ("OR", "AND") and tokens[-2].type == "SEX_TAG":
        return tokens[:-1] + [Token("WORD", tokens[-1].value, start_pos=tokens[-1].start_pos,
                                    end_pos=tokens[-1].end_pos)]
    return tokens


def sex_limits(tokens: list[Token]) -> list[Token]:
    if not any(t.type in ("MALE", "FEMALE", "SEX_TAG") for t in tokens) and not _word(tokens[-1] if tokens else None,
                                                                                   "f", "m"):
        return tokens
    return _trailing(_carried_cmp(_pair_by_sex(_other_sex_in_brackets(_respectively(tokens)))))
