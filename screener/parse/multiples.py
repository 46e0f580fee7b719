"""Lexer passes for multiples of the reference range and blood-pressure pairs written back to front.

- ">1.4 times normal", "≥ twice normal": after a comparator that says "above", "normal" is the upper limit of
  normal (the multiple is of the limit, as in "> 2 x ULN").
- "twice higher than normal", "3 times higher than the ULN": the comparator written after the multiple is put
  before it ("> 2 x ULN").
- "(AST) and (ALT) three times the upper limit of normal": a lab named right before a multiple of its upper limit,
  with no comparator, is at that multiple or above (">= 3 x ULN"); a comparator after the limit ("3 x ULN or more")
  is left to the grammar. So are the labs named after it: "1.5 times upper limit of normal of serum creatinine,
  ALP, AST, ALT" is "creatinine, ALP, AST, ALT >= 1.5 x ULN".
- "blood pressure 160/110 mmHg or more": the pair's comparator written after it is put before it, where the
  blood-pressure reading of the lexer (screener/parse/lexer.py ``_glue``) expects it.

Each pass only rewrites the tokens it names; anything else is left as it came.
"""

from __future__ import annotations

from lark import Token

_ABOVE = frozenset({">", ">="})


def _is_normal(tok: Token) -> bool:
    return tok.type == "WORD" and tok.value.lower() == "normal"


def _uln(tok: Token) -> Token:
    return Token("REF", "ULN", start_pos=tok.start_pos, end_pos=tok.end_pos)


def ref_multiples(tokens: list[Token]) -> list[Token]:
    if not any(t.type == "TIMES" for t in tokens):
        return tokens  # (each reads a multiple)
    out: list[Token] = []
    n = len(tokens)
    k = 0
    while k < n:
        tok = tokens[k]
        nxt = tokens[k + 1] if k + 1 < n else None
        nxt2 = tokens[k + 2] if k + 2 < n else None
        if (tok.type == "NUMBER" and nxt is not None and nxt.type == "TIMES" and nxt2 is not None):
            before = out[-1] if out else None
            # "twice higher than normal", "3 times higher than the ULN": the comparator after the multiple
            if (nxt2.type == "CMP" and nxt2.value in _ABOVE and k + 3 < n
                    and (_is_normal(tokens[k + 3]) or (tokens[k + 3].type == "REF" and tokens[k + 3].value == "ULN"))
                    and not (before is not None and before.type == "CMP")):
                ref = tokens[k + 3]
                out += [nxt2, tok, nxt, _uln(ref) if _is_normal(ref) else ref]
                k += 4
                continue
            # "> 1.4 times normal", ">= twice normal": the upper limit of normal
            if _is_normal(nxt2) and before is not None and before.type == "CMP" and before.value in _ABOVE:
                out += [tok, nxt, _uln(nxt2)]
                k += 3
                continue
            # "1.5 times upper limit of normal of serum creatinine, ALP, AST, ALT": the labs after the multiple
            if (nxt2.type == "REF" and nxt2.value == "ULN" and k + 4 < n and tokens[k + 3].type == "OF"
                    and tokens[k + 4].type == "ANALYTE"
                    and not (before is not None and before.type in ("CMP", "ANALYTE", "NUMBER"))):
                j = k + 4
                labs = [tokens[j]]
                while (j + 2 < n and tokens[j + 1].type in ("COMMA", "AND", "OR")
                       and tokens[j + 2].type == "ANALYTE"):
                    labs += [tokens[j + 1], tokens[j + 2]]
                    j += 2
                # (the labs are put before the multiple where it starts, zero-width: a rule's span runs from its
                # first token to its last, and is the multiple's)
                out += [Token(t.type, t.value, start_pos=tok.start_pos, end_pos=tok.start_pos) for t in labs]
                out += [Token("CMP", ">=", start_pos=tok.start_pos, end_pos=tok.start_pos), tok, nxt, nxt2]
                k = j + 1
                continue
            # "(AST) and (ALT) three times the upper limit of normal": at that multiple or above
            if (nxt2.type == "REF" and nxt2.value == "ULN" and before is not None and before.type == "ANALYTE"
                    and not (k + 3 < n and tokens[k + 3].type in ("CMP_POST", "CMP", "TO", "AND_CMP", "OR_CMP"))):
                out.append(Token("CMP", ">=", start_pos=tok.start_pos, end_pos=tok.start_pos))
                out += [tok, nxt, nxt2]
                k += 3
                continue
        out.append(tok)
        k += 1
    return out


def bp_postfix(tokens: list[Token]) -> list[Token]:
    """"blood pressure 160/110 mmHg or more" -> "blood pressure >= 160/110 mmHg"."""
    out: list[Token] = []
    n = len(tokens)
    k = 0
    while k < n:
        tok = tokens[k]
        if tok.type == "BP" and k + 3 < n and [t.type for t in tokens[k + 1:k + 4]] == ["NUMBER", "SLASH", "NUMBER"]:
            j = k + 4
            if j < n and tokens[j].type == "UNIT":
                j += 1
            if j < n and tokens[j].type == "CMP_POST" and tokens[j].value in _ABOVE:
                post = tokens[j]
                out += [tok, Token("CMP", post.value, start_pos=post.start_pos, end_pos=post.end_pos)]
                out += tokens[k + 1:j]
                k = j + 1
                continue
        out.append(tok)
        k += 1
    return out


# words a left-out "not ..." phrase runs over before the list goes on
_NOT_RUN = frozenset({"WORD", "FOR", "TO", "OF", "BY"})
_LIST_GOES_ON = frozenset({"OR", "AND", "COMMA", "CLAUSE_OR", "CLAUSE_AND", "CLAUSE_COMMA"})


def stranded_not(tokens: list[Token]) -> list[Token]:
    """"pain not accounted for by an alternative diagnosis or transaminase >= 2 x ULN": the "not" negates words
    that are left out, not the next item of the list; it is left out with them (the line is partial for them)."""
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if (tok.type != "NOT" or tok.value.lower() != "not" or k + 1 >= len(tokens) or tokens[k + 1].type != "WORD"
                or not tokens[k + 1].value.lower().endswith("ed") or k + 2 >= len(tokens)
                or tokens[k + 2].type != "FOR"):
            continue  # (only "not accounted for by ...", "not explained for ...": a participle and its agent)
        j = k + 1
        while j < len(tokens) and tokens[j].type in _NOT_RUN:
            j += 1
        if j < len(tokens) and tokens[j].type in _LIST_GOES_ON:
            out[k] = Token("WORD", tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos)
    return out


def _counted_before(tokens: list[Token], k: int) -> bool:
    """A count of a named thing ends right before ``k``: "at least 20 teeth" (a comparator, a number, words)."""
    j = k - 1
    while j >= 0 and tokens[j].type in ("WORD", "SUBJECT") and k - j <= 3:
        j -= 1
    return j < k - 1 and j >= 1 and tokens[j].type == "NUMBER" and tokens[j - 1].type == "CMP"


def under_words(tokens: list[Token], text: str) -> list[Token]:
    """"at least 20 teeth under occlusion": "under" after a count of a named thing, before a word and with no
    number after it, is no comparator ("under general anesthesia", "under control" elsewhere are left as they were)."""
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if (tok.type == "CMP" and text[tok.start_pos:tok.end_pos].lower() == "under" and k + 1 < len(tokens)
                and tokens[k + 1].type == "WORD"
                and not any(t.type == "NUMBER" for t in tokens[k + 1:k + 4]) and _counted_before(tokens, k)):
            out[k] = Token("WORD", text[tok.start_pos:tok.end_pos], start_pos=tok.start_pos, end_pos=tok.end_pos)
    return out


_RESTATE_OPEN = frozenset({"or", "i.e", "ie", "i", "e"})
_LIST_BEFORE = frozenset({"COMMA", "OR", "AND", "SLASH", "AND_CMP", "OR_CMP"})


def _same_limit(analyte: str, v1: float, u1: str, v2: float, u2: str) -> bool:
    """Whether v2 u2 is v1 u1 written in another unit (rounded as criteria round: within 3%)."""
    if u1 == u2:
        return False
    from screener.units.convert import convert  # (the analyte's converters: HbA1c % <-> mmol/mol)

    try:
        back = float(convert([v2], u2, u1, analyte)[0])
    except Exception:
        return False
    return v1 != 0 and abs(back - v1) <= 0.03 * abs(v1)


def _analyte_before(out: list[Token]) -> int | None:
    """Where the analyte of a limit that ends ``out`` is: "weight > 50 kg", "weight of less than 45 kg",
    "hemoglobin A1c (HbA1c) > 47 mmol/mol"; None when the limit is not one analyte's (a list, a range)."""
    if len(out) < 4 or [t.type for t in out[-3:]] != ["CMP", "NUMBER", "UNIT"]:
        return None
    a = -4
    if out[a].type == "OF":  # "weight of less than 45 kg (100 pounds)"
        a -= 1
    if (len(out) >= -a + 3 and [t.type for t in out[a - 3:a + 1]] == ["ANALYTE", "LPAR", "ANALYTE", "RPAR"]
            and out[a - 3].value == out[a - 1].value):
        a -= 3  # "hemoglobin A1c (HbA1c)": the term and its abbreviation
    if len(out) < -a or out[a].type != "ANALYTE":
        return None
    if len(out) > -a and out[a - 1].type in _LIST_BEFORE:
        return None  # "AST, ALT > 3 x ULN (...)": several subjects
    return len(out) + a


def restated_limits(tokens: list[Token]) -> list[Token]:
    """"HbA1c > 47 mmol/mol (> 6.4%)", "weight > 50 kg (110 lb)", "HbA1c <= 11% (97 mmol/mol)": the limit again in
    another unit, which the analyte's converters say is the same limit. Both are read, either met: the record may hold
    either unit, and the text takes the two as one limit ("(hba1c > 47 mmol/mol or hba1c > 6.4 %)", in parentheses
    so a conjunction around it still binds the pair as one). Not after "=": an exact value restated rounded is not
    the same value."""
    out: list[Token] = []
    n = len(tokens)
    k = 0
    while k < n:
        tok = tokens[k]
        # ANALYTE [(ANALYTE)] [OF] CMP NUMBER UNIT LPAR [or | i.e.] [CMP] NUMBER UNIT RPAR
        a = _analyte_before(out) if tok.type == "LPAR" else None
        if a is not None:
            j = k + 1
            while (j < n and tokens[j].type in ("OR", "WORD", "COMMA")
                   and tokens[j].value.lower().strip(".") in _RESTATE_OPEN | {","}):
                j += 1
            cmp = None
            if j < n and tokens[j].type == "CMP":
                cmp = tokens[j]
                j += 1
            analyte, (first_cmp, num, unit) = out[a], out[-3:]
            if (j + 2 < n and [t.type for t in tokens[j:j + 3]] == ["NUMBER", "UNIT", "RPAR"]
                    and first_cmp.value != "=" and (cmp is None or cmp.value == first_cmp.value)
                    and _same_limit(analyte.value, float(num.value), unit.value,
                                    float(tokens[j].value), tokens[j + 1].value)):
                at, close = tok.start_pos, tokens[j + 2]
                head = out[a:]
                del out[a:]
                out += [Token("LPAR", "(", start_pos=analyte.start_pos, end_pos=analyte.start_pos),
                        *head,
                        Token("OR", "or", start_pos=at, end_pos=at),
                        Token("ANALYTE", analyte.value, start_pos=at, end_pos=at),
                        cmp or Token("CMP", first_cmp.value, start_pos=tokens[j].start_pos,
                                     end_pos=tokens[j].start_pos),
                        tokens[j], tokens[j + 1],
                        Token("RPAR", ")", start_pos=close.start_pos, end_pos=close.end_pos)]
                k = j + 3
                continue
        out.append(tok)
        k += 1
    return out


def route_before_analyte(tokens: list[Token]) -> list[Token]:
    """"Oral temperature > 38 degrees C": a route right before a measured value says where it is measured, as
    "axillary" does; it is a word left out, not the route of a drug."""
    return [Token("WORD", t.value, start_pos=t.start_pos, end_pos=t.end_pos)
            if t.type == "ROUTE" and k + 1 < len(tokens) and tokens[k + 1].type == "ANALYTE" else t
            for k, t in enumerate(tokens)]


def measured_by_and(tokens: list[Token]) -> list[Token]:
    """"left ventricular ejection fraction assessed by preoperative echocardiography and superior to 50%": the "and"
    joins how the value is measured to its limit; the measuring words are left out and the limit is the value's."""
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if tok.type != "ANALYTE" or k + 2 >= len(tokens):
            continue
        first = tokens[k + 1]
        if first.type != "WORD" or not first.value.lower().endswith("ed"):
            continue
        j = k + 1
        while j < len(tokens) and j - k <= 5 and tokens[j].type in ("WORD", "OF"):
            j += 1
        if (j + 2 < len(tokens) and tokens[j].type in ("AND", "COMMA") and tokens[j].value.lower() == "and"
                and tokens[j + 1].type == "CMP" and tokens[j + 2].type == "NUMBER"):
            out[j] = Token("WORD", tokens[j].value, start_pos=tokens[j].start_pos, end_pos=tokens[j].end_pos)
    return out


def qualifiers_and(tokens: list[Token]) -> list[Token]:
    """"Persistent and uncontrolled hypertension (BP persistently > 160/100 mmHg)": the "and" joins two words
    that qualify the one diagnosis after them; it is left out with them, and the diagnosis reads as without it."""
    out = list(tokens)
    for k in range(len(tokens) - 3):
        if (tokens[k].type == "PERSISTENT" and tokens[k + 1].type == "AND" and tokens[k + 2].type == "WORD"
                and tokens[k + 3].type == "CONDITION"):
            t = tokens[k + 1]
            out[k + 1] = Token("WORD", t.value, start_pos=t.start_pos, end_pos=t.end_pos)
    return out
