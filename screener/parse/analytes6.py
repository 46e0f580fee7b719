"""Labs said to be in or out of their reference range (session 15, slice analytes6).

- ``normal_labs``: "normal blood glucose", "Abnormal APTT", "Subjects with abnormal estimated glomerular
  filtration rate (eGFR)", "All patients who have normal preoperative platelet count, normal prothrombin time, ...":
  a lab said normal is a result within its reference range, `glucose >= 1 x LLN and <= 1 x ULN`; said abnormal, a
  result outside it, `aptt < 1 x LLN or > 1 x ULN`. The evaluator takes the range the record gives with the result,
  else our default one (screener/data/reference_ranges.csv), else the result is `unknown`. Until now these lines
  were unsupported (the parser could not use the analyte after an unknown word).
- ``range_phrases``: "Serum ALT within normal limits", "Normal serum TSH" ... "estimated GFR outside the normal
  reference range", "Levels of ... TSH ... outside the reference range": the same two readings said after the lab.

Only an analyte whose results are numbers and for which a range can be had is read so: a lab (its results come
with their range) or a vital sign we hold a default range for. Not read: "normal glucose tolerance" (the word after
the lab makes another thing of it: a test, a function), "normal FSH (< 10 IU/L)" (the values say what normal is),
"near-normal" or "non-normal" (a word before "normal" changes it).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Token

from screener.parse.tokens import LIST_SEP as _LIST_SEP, has_kind, mentions, subject_words

# what may follow the lab that ends its name ("normal TSH, ...", "normal TSH within 12 months", "abnormal APTT;")
_ENDS_NAME = frozenset({"COMMA", "SEMI", "AND", "OR", "RPAR", "WITHIN", "BEFORE", "TAKING", "INDEX", "CLAUSE_AND",
                        "CLAUSE_OR", "CLAUSE_COMMA", "NOT"})
# a word right before "normal" that changes it
_CHANGES_NORMAL = frozenset({"near", "non", "not", "sub", "supra", "above", "below", "low", "high", "almost",
                             "nearly", "than", "of", "upper", "lower"})
# a word of when between "normal" and the lab: kept (left out of the rule, and said so)
_WHEN = frozenset({"preoperative", "pre-operative", "baseline", "screening"})
_NORMAL_WORD = re.compile(r"(ab)?normal", re.I)
# a lab said high or low without a number: above the upper limit of its range, or below the lower one
_HIGH = frozenset({"elevated", "high", "increased", "raised"})
_LOW = frozenset({"low", "decreased", "reduced"})
# "within normal limits", "in the normal range", "outside the reference range", "within the institutional normal
# range", "outside of normal limits" (from the end of the lab's name: "levels", "values" ... may stand between)
_PHRASE = re.compile(
    r"(?:\s*\([^()]{1,60}\))?\s*(?:(?:levels?|values?|results?|concentrations?)\s+)?(?:(?:is|are|must\s+be|should\s+be)\s+)?"
    r"(?:in\s+(?:the\s+)?(?:blood|serum|plasma)\s+)?(?P<adverb>[a-z]+ly\s+)?(?:at\s+least\s+)?(?P<where>within|in|outside(?:\s+of)?)\s+(?:the\s+)?"
    r"(?:(?:institutional|local|laboratory|lab|site)\s+)?(?:normal\s+(?:reference\s+)?|reference\s+)"
    r"(?:limits?|ranges?|values?|intervals?)(?:\s+of\s+normal)?\b", re.I)


# a sentence that makes an exception or an allowance of the lab: "(other than ... prostate cancer with normal PSA
# levels)", "subjects requiring medication to maintain TSH levels in the normal range are eligible"; not read there
_EXCEPTION = re.compile(r"\b(?:other than|except|excluding|unless|if|eligible|allowed|permitted|acceptable|maintain\w*"
                        r"|provided)\b", re.I)
_NAMED = re.compile(r"\bsyndrome\b", re.I)
_SENTENCE_END = re.compile(r"[.;:](?!\d)")


def _in_exception(text: str, start: int, end: int, tokens: list[Token] = ()) -> bool:
    """Whether the sentence around text[start:end] makes an exception or an allowance, names a syndrome by its
    signs ("HELLP [Hemolysis, Elevated Liver enzymes and Low Platelets] syndrome"), or leaves the matter to a
    person's judgement (a JUDGE token: "or any clinically significant abnormalities as determined by the
    Investigator" stays a person's check)."""
    s = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    e = m.start() if m else len(text)
    return _EXCEPTION.search(text, s, e) is not None or _NAMED.search(text, s, e) is not None or any(
        t.type == "JUDGE" and s <= t.start_pos < e for t in tokens)


@lru_cache(maxsize=None)
def _has_range(analyte: str) -> bool:
    from screener.vocab import vocabulary
    v = vocabulary()
    a = v.analytes.get(analyte)
    if a is None or a.value_type != "quantity" or analyte == "age":
        return False
    return a.kind == "lab" or v.reference_range(analyte, None) is not None or \
        v.reference_range(analyte, "female") is not None


def _reading(normal: bool, start: int, end: int) -> list[Token]:
    """In the range: BETWEEN LLN AND ULN; out of it: < LLN OR_CMP > ULN (the span of the words that said so)."""
    def t(kind: str, value: str) -> Token:
        return Token(kind, value, start_pos=start, end_pos=end)
    if normal:
        return [t("BETWEEN", "between"), t("REF", "LLN"), t("AND", "and"), t("REF", "ULN")]
    return [t("CMP", "<"), t("REF", "LLN"), t("OR_CMP", ">"), t("REF", "ULN")]


def _stated(tokens: list[Token], j: int, normal: bool) -> tuple[list[Token], int] | None:
    """"outside the normal range (35-50%)": the range the text gives, in brackets right after; read with it
    (hematocrit < 35 % or > 50 %) instead of the record's. (The tokens and the index after the bracket.)"""
    if j + 5 > len(tokens) or tokens[j].type != "LPAR":
        return None
    body = tokens[j + 1:j + 6]
    kinds = [t.type for t in body]
    if kinds[:3] != ["NUMBER", "TO", "NUMBER"]:
        return None
    if kinds[3:5] == ["UNIT", "RPAR"]:
        lo, hi, unit, end = body[0], body[2], body[3], j + 6
    elif kinds[3] == "RPAR":
        lo, hi, unit, end = body[0], body[2], None, j + 5
    else:
        return None
    units = [unit] if unit is not None else []
    if normal:
        return [lo, body[1], hi, *units], end
    at = tokens[j]
    return [Token("CMP", "<", start_pos=at.start_pos, end_pos=at.end_pos), lo, *units,
            Token("OR_CMP", ">", start_pos=body[1].start_pos, end_pos=body[1].end_pos), hi, *units], end


def _lab_list(tokens: list[Token], k: int, words: bool = False, text: str = "") -> tuple[int, list[Token]]:
    """The end (exclusive) of a list of labs with ranges from ``k`` (``k`` when tokens[k] is none), and its tokens.
    With ``words``, a list said after "normal screening laboratories for": an item of unknown words becomes an
    unknown subject ("alkalic phosphatase (AP)": partial, as any subject not in the vocabulary), words after a lab
    ("ALT (liver function)") stay words (left out of the rule, and said so)."""
    e = k
    n = len(tokens)
    out: list[Token] = []
    while e < n and tokens[e].type == "ANALYTE" and _has_range(tokens[e].value):
        out.append(tokens[e])
        e += 1
        if words:
            w = e
            while w < n and w - e < 4 and tokens[w].type == "WORD":
                w += 1
            if w > e and (w == n or tokens[w].type in _LIST_SEP):
                out.extend(tokens[e:w])
                e = w
        s = e
        while s < n and tokens[s].type in _LIST_SEP:
            s += 1
        seps = tokens[e:s]
        while words and s > e:
            w = s
            while w < n and w - s < 4 and tokens[w].type == "WORD":
                w += 1
            if not (w > s and w + 1 < n and tokens[w].type in _LIST_SEP):
                break
            said = " ".join(subject_words(text[tokens[s].start_pos:tokens[w - 1].end_pos]))
            seps = seps + [Token("SUBJECT", said, start_pos=tokens[s].start_pos, end_pos=tokens[w - 1].end_pos)]
            s = w  # an unknown item ("alkalic phosphatase, bilirubin")
            while s < n and tokens[s].type in _LIST_SEP:
                seps.append(tokens[s])
                s += 1
        if s > e and s < n and tokens[s].type == "ANALYTE" and s - e <= 12:
            if not _has_range(tokens[s].value):
                return k, []  # "normal TSH or fT4 ..." with one the range cannot be had for: not read
            out.extend(seps)
            e = s
        else:
            break
    return e, out


# "normal screening laboratories for", "Abnormalities of laboratory values:", "abnormal results for the following
# laboratory tests:": words that say the list after them is of labs
_LAB_WORDS = frozenset({"laboratory", "laboratories", "lab", "labs", "test", "tests", "results", "values", "levels",
                        "the", "following", "screening", "baseline", "hormonal", "investigation", "investigations"})


def _listed(tokens: list[Token], k: int) -> int | None:
    """Where the list starts after "normal <lab words> for|of|:", or None."""
    j = k
    while j < len(tokens) and j - k < 5 and (tokens[j].type in ("WORD", "INDEX") and tokens[j].value.lower() in _LAB_WORDS
                                               or tokens[j].type == "OF"):
        j += 1
    if j == k or not any(t.type in ("WORD", "INDEX") for t in tokens[k:j]):
        return None
    if j < len(tokens) and tokens[j].type in ("FOR", "OF", "COLON"):
        j += 1
        return j if j < len(tokens) and tokens[j].type == "ANALYTE" else None
    return None


def normal_labs(tokens: list[Token], text: str) -> list[Token]:
    """(ab)normal LAB [sep LAB]* -> LAB [sep LAB]* (in range | out of range)."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        said = tok.value.lower() if tok.type == "WORD" else ""
        if not ((_NORMAL_WORD.fullmatch(said) or said in _HIGH or said in _LOW or said == "abnormalities") and k + 1 < n
                and tokens[k + 1].type in ("ANALYTE", "WORD", "INDEX", "OF")):
            out.append(tok)
            k += 1
            continue
        before = text[:tok.start_pos].rstrip()
        prev = re.search(r"([A-Za-z]+)[\s-]*$", before)
        if before.endswith("-") or (prev and prev.group(1).lower() in _CHANGES_NORMAL):
            out.append(tok)
            k += 1
            continue
        a = k + 1
        if tokens[a].type == "WORD" and tokens[a].value.lower() in _WHEN and a + 1 < n:
            a += 1  # "normal preoperative platelet count": the word stays, and is reported as left out
        listed = _listed(tokens, k + 1) if said in ("normal", "abnormal", "abnormalities") else None
        if listed is not None:
            a = listed
        e, labs = _lab_list(tokens, a, listed is not None, text)
        normal = said == "normal"
        if said == "abnormalities" and listed is None:
            out.append(tok)
            k += 1
            continue
        stated = _stated(tokens, e, normal) if e > a and e < n and _NORMAL_WORD.fullmatch(said) else None
        if listed is not None and e < n and tokens[e].type not in ("SEMI", "RPAR"):
            e = a  # a list after "normal laboratories for" is read whole, to its end, or not at all
        if e == a or (e < n and tokens[e].type not in _ENDS_NAME and stated is None) \
                or _in_exception(text, tok.start_pos, tokens[e - 1].end_pos, tokens):
            out.append(tok)  # another thing named after the lab ("glucose tolerance"), or values that define it
            k += 1
            continue
        out.extend(t for t in tokens[k + 1:a] if t.type == "WORD" and t.value.lower() in _WHEN)
        out.extend(labs)
        if stated is not None:  # "normal FSH (1-12 IU/l)": the range the text gives
            out.extend(stated[0])
            k = stated[1]
            continue
        # (the reading's tokens run from the word that said it to the end of the labs: they come after the labs, and a
        # rule's span runs from its first token to its last, which would otherwise end before it starts)
        upto = max(tokens[e - 1].end_pos, tok.end_pos)
        if said in _HIGH or said in _LOW:
            high = said in _HIGH
            out.extend([Token("CMP", ">" if high else "<", start_pos=tok.start_pos, end_pos=upto),
                        Token("REF", "ULN" if high else "LLN", start_pos=tok.start_pos, end_pos=upto)])
        else:
            out.extend(_reading(normal, tok.start_pos, upto))
        k = e
    return out


def range_phrases(tokens: list[Token], text: str) -> list[Token]:
    """LAB [sep LAB]* within/outside (the) normal limits|range -> LAB [sep LAB]* (in range | out of range)."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        if tok.type != "ANALYTE" or (out and out[-1].type in _LIST_SEP | {"ANALYTE"}):
            out.append(tok)
            k += 1
            continue
        e, labs = _lab_list(tokens, k)
        if e == k or (out and out[-1].type == "AS"):  # ("defined as eGFR outside ...": a definition, not read here)
            out.append(tok)
            k += 1
            continue
        m = _PHRASE.match(text, tokens[e - 1].end_pos)
        if m is None or _in_exception(text, tok.start_pos, m.end(), tokens):
            out.append(tok)
            k += 1
            continue
        j = e
        while j < n and tokens[j].start_pos < m.end():
            j += 1
        if any(t.type not in ("WORD", "WITHIN", "OF", "CMP", "REF") for t in tokens[e:j]):
            # (CMP: "at least within"; REF: "institutional normal" is the upper limit elsewhere)
            out.append(tok)  # something the phrase does not hold ate part of it
            k += 1
            continue
        kept = [t for t in tokens[e:j] if m.group("adverb") and t.start_pos == m.start("adverb")]
        normal = not m.group("where").lower().startswith("outside")
        out.extend(labs)
        out.extend(kept)  # "pronouncedly outside": the adverb is left out, and said so
        stated = _stated(tokens, j, normal)
        if stated is not None:
            out.extend(stated[0])
            k = stated[1]
            continue
        out.extend(_reading(normal, m.start("where"), m.end()))
        k = j
    return out


_LIMITS_AFTER = re.compile(
    r"\s*(?:the\s+)?(?:(?:institutional|local|laboratory|lab|site)\s+)?(?:normal\s+(?:reference\s+)?|reference\s+)"
    r"(?:limits?|ranges?|values?|intervals?)\b", re.I)
_CMP_REF = {">": "ULN", ">=": "ULN", "<": "LLN", "<=": "LLN"}


def limits_after(tokens: list[Token], text: str) -> list[Token]:
    """"BUN above the normal limits", "creatinine below the normal range": above the range is above its upper
    limit, below it under its lower one (CMP REF)."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        out.append(tok)
        k += 1
        if tok.type != "CMP" or tok.value not in _CMP_REF or (k < n and tokens[k].type in ("NUMBER", "REF")):
            continue
        m = _LIMITS_AFTER.match(text, tok.end_pos)
        if m is None:
            continue
        j = k
        while j < n and tokens[j].start_pos < m.end():
            j += 1
        if any(t.type != "WORD" for t in tokens[k:j]) or (j < n and tokens[j].type in ("NUMBER", "TIMES", "REF")):
            continue  # ("> Reference range 3 times upper limit": the multiple says which limit)
        b = tokens[j:j + 5]
        if len(b) >= 4 and b[0].type == "LPAR" and b[1].type == "CMP" and b[1].value[0] == tok.value[0] \
                and b[2].type == "NUMBER" and (b[3].type == "RPAR" or (len(b) == 5 and b[3].type == "UNIT"
                                                                       and b[4].type == "RPAR")):
            # "below the reference interval (<200 pmol/L)": the text says where the limit is
            unit = [b[3]] if b[3].type == "UNIT" else []
            out[-1:] = [b[1], b[2], *unit]
            k = j + 3 + len(unit)
            continue
        out.append(Token("REF", _CMP_REF[tok.value], start_pos=m.start(), end_pos=m.end()))
        k = j
    return out


def or_more_multiples(tokens: list[Token], text: str) -> list[Token]:
    """"two times or more above the local upper limit of normal range": N x ULN or more, said before the limit
    (CMP_POST between the multiple and the limit) -> CMP N TIMES REF. "above" restates the "or more"; "local",
    "institutional" say whose limit, which is the record's anyway."""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        if tok.type == "NUMBER" and k + 2 < n and tokens[k + 1].type == "TIMES" and tokens[k + 2].type == "CMP_POST" \
                and tokens[k + 2].value in (">=", ">"):
            j = k + 3
            if j < n and tokens[j].type == "CMP" and tokens[j].value == ">":
                j += 1
            if j < n and tokens[j].type == "WORD" and tokens[j].value.lower() in ("local", "institutional"):
                j += 1
            if j < n and tokens[j].type == "REF" and tokens[j].value == "ULN":
                post = tokens[k + 2]
                out += [Token("CMP", post.value, start_pos=post.start_pos, end_pos=post.end_pos), tok, tokens[k + 1],
                        tokens[j]]
                k = j + 1
                continue
        out.append(tok)
        k += 1
    return out


def within_multiple(tokens: list[Token], text: str) -> list[Token]:
    """"AST/ALT within 2 times the upper limit of normal range": at most that multiple (<= N x ULN)."""
    out = list(tokens)
    for k in range(1, len(out) - 3):
        if out[k].type == "WITHIN" and out[k - 1].type == "ANALYTE" and out[k + 1].type == "NUMBER" \
                and out[k + 2].type == "TIMES" and out[k + 3].type == "REF" and out[k + 3].value == "ULN":
            out[k] = Token("CMP", "<=", start_pos=out[k].start_pos, end_pos=out[k].end_pos)
    return out


_UMBRELLA = frozenset({"aminotransferase", "aminotransferases", "transaminase", "transaminases"})


def named_members(tokens: list[Token], text: str) -> list[Token]:
    """"Serum aminotransferase (AST or ALT) 3x upper limit of normal or higher", "Transaminases (alanine
    transaminase, aspartate transaminase) levels >3 × upper limit of normal": the brackets name the labs the class
    word stands for, and the values that follow are theirs: the labs, without the class word and the brackets.
    (Until now the class word took the place of a subject and one lab of the list was lost, or the line failed.)"""
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        if tok.type in ("WORD", "SUBJECT") and tok.value.lower() in _UMBRELLA and k + 3 < n and tokens[k + 1].type == "LPAR":
            e, labs = _lab_list(tokens, k + 2)
            if e > k + 2 and e + 1 < n and tokens[e].type == "RPAR" and tokens[e + 1].type in ("CMP", "NUMBER") \
                    and all(t.type in ("ANALYTE", "COMMA", "OR", "AND", "SLASH") for t in labs):
                out.extend(labs)
                k = e + 1
                continue
        out.append(tok)
        k += 1
    return out


def restated_direction(tokens: list[Token], text: str) -> list[Token]:
    """"Women with elevated FSH levels greater than 10 mIU/mL", "Reduced left ventricular ejection fraction
    (<50%)": the word says what the comparison after the lab says again; it goes (the line was partial for it)."""
    out: list[Token] = []
    n = len(tokens)
    for k, tok in enumerate(tokens):
        said = tok.value.lower() if tok.type == "WORD" else ""
        if (said in _HIGH or said in _LOW) and k + 2 < n and tokens[k + 1].type == "ANALYTE":
            c = tokens[k + 3] if tokens[k + 2].type == "LPAR" and k + 3 < n else tokens[k + 2]
            if c.type == "CMP" and c.value[0] == (">" if said in _HIGH else "<"):
                continue
        out.append(tok)
    return out


def analytes6_passes(tokens: list[Token], text: str) -> list[Token]:
    if not has_kind(tokens, "ANALYTE"):
        return tokens
    if mentions(text, "normal", "elevated", "high", "increased", "raised", "low", "decreased", "reduced"):
        tokens = normal_labs(restated_direction(tokens, text), text)
    if mentions(text, "normal", "reference"):
        if mentions(text, "within", " in ", "outside"):
            tokens = range_phrases(tokens, text)
        tokens = limits_after(tokens, text)
    if mentions(text, "transaminase", "aminotransferase"):
        tokens = named_members(tokens, text)
    if mentions(text, "within") and has_kind(tokens, "REF"):
        tokens = within_multiple(tokens, text)
    if mentions(text, "or more", "or greater", "or higher", "or above") and has_kind(tokens, "CMP_POST"):
        tokens = or_more_multiples(tokens, text)
    return tokens
