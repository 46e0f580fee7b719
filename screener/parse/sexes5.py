"""Lexer pass for limits per sex and ages after a sex word that the lexer left on the sex word.

It runs right after the lexer's ``_sex_tags`` (screener/parse/lexer.py), before ``sexes.sex_limits``; a limit per sex
then reads as the grammar's ``measure_by_sex`` (``subject CMP threshold SEX_TAG by_sex*``) on the analyte or
vital the line names, or on the unmapped subject it names; never on the sex word. Where the line names no measured
thing, nothing is rewritten (the numbers are not pinned on the sex word by this pass).

- ``_sex_ages``: "Male or female >= 18 years", "male 18-50 years", "Women (18-75 years) with ...", "Men between 45
  and 80 years age": a number of years right after the sex word is the patient's age (a zero-width AGE, or the
  line's own trailing "age", before it), as "Male or female >= 18 years of age" already reads.
- ``_open_tags``: "(for males)" after a value, and "for men at screening" ending the line: the value's sex (a
  SEX_TAG; "at screening" is left out, as words).
- ``_join_limits``: "= 11 g/dL for female subjects; = 12 g/dL for male subjects", "(<7 kg/m^2 in men, <5.7 kg/m^2
  in women)": the semicolon, comma, "and" or "or" and the comparator between two limits tagged with different sexes
  are one AND_CMP (OR_CMP), as "< 11 g/dL in women and < 12 in men" reads: one list of limits (not two parts).
- ``_sex_first``: "creatinine clearance male<120ml/min, female<105ml/min", "(males Hb <130 g/L, females <120 g/L)":
  the sex before each limit; the limits then read as the tagged ones do (the tags are zero-width after the values,
  the sex words they stand for go).
- ``_bracketed``: "HDL-cholesterol (<40mg/dl in men, <50 mg/dl in women)", "Weight: At least 60 kg ... for man and
  48 kg ... for women", "lower handgrip strength (<26 kg in men; <18 kg in women)", "Abdominal obesity (>88cm women,
  >102cm men)", "AUDIT score indicative of severe alcohol dependence (>=13 for women, >=15 for men)": the limits per
  sex in brackets (or after a label's colon) are the named analyte's; after unknown words, or a diagnosis (the
  score the line names before it, if any), they are on those words, unmapped.
"""

from __future__ import annotations

from lark import Token

from screener.parse.tokens import zero

_SEX = frozenset({"MALE", "FEMALE"})
_CMPS = frozenset({"CMP", "AND_CMP", "OR_CMP"})
_JOIN = frozenset({"AND", "OR", "COMMA", "AND_CMP", "OR_CMP"})
# what may follow an age after a sex word ("Women (18-75 years) with suspected UTI", "... or women older than 40")
# (not a word: "Women at least one year post-menopausal" is how long since the menopause, no age)
_AFTER_AGE = frozenset({"RPAR", "COMMA", "SEMI", "OR", "AND", "ANALYTE", "FEMALE", "MALE"})


def _t(type_: str, value: str, start: int, end: int) -> Token:
    return Token(type_, value, start_pos=start, end_pos=end)


def _year(tok: Token | None) -> bool:
    return tok is not None and tok.type == "TIMEUNIT" and tok.value == "year"


def _age_span(tokens: list[Token], k: int) -> int:
    """The end (exclusive) of an age written from ``k``: CMP N year [AND_CMP N year], N - N year, between N and N
    year; 0 if none."""
    types = [x.type for x in tokens[k:k + 6]]
    if types[:3] == ["CMP", "NUMBER", "TIMEUNIT"] and _year(tokens[k + 2]):
        if types[3:6] == ["AND_CMP", "NUMBER", "TIMEUNIT"] and _year(tokens[k + 5]):
            return k + 6
        return k + 3
    if types[:4] == ["NUMBER", "TO", "NUMBER", "TIMEUNIT"] and _year(tokens[k + 3]):
        return k + 4
    if types[:5] == ["BETWEEN", "NUMBER", "AND", "NUMBER", "TIMEUNIT"] and _year(tokens[k + 4]):
        return k + 5
    return 0


def _sex_ages(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    k = 0
    n = len(tokens)
    while k < n:
        tok = tokens[k]
        out.append(tok)
        k += 1
        if tok.type not in _SEX or k >= n:
            continue
        j = k + 1 if tokens[k].type == "LPAR" else k
        end = _age_span(tokens, j)
        if not end:
            continue
        if j > k and not (end < n and tokens[end].type == "RPAR"):
            continue
        after = end + 1 if j > k else end
        if after < n and tokens[after].type == "AGE" and tokens[after].value == "age" and after + 1 == n:
            # "Men between 45 and 80 years age": the line's own "age" names the comparison
            age = tokens[after]
            tokens = tokens[:after] + tokens[after + 1:]
            n -= 1
        elif j == k and after < n and tokens[after].type not in _AFTER_AGE:  # (a bracket closes the age)
            continue
        else:
            age = zero("AGE", "age", tokens[j].start_pos)
        if j > k:
            # "Women (18-75 years)": the brackets go with the age they hold
            out.append(age)
            out.extend(tokens[j:end])
            k = end + 1
        else:
            out.append(age)
    return out


def _open_tags(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    k = 0
    while k < n:
        tok = tokens[k]
        if out and out[-1].type in ("NUMBER", "UNIT"):
            # "1.5 mg/dL (for males) and greater than ...": the value's sex
            if (tok.type == "LPAR" and k + 3 < n and tokens[k + 1].type == "FOR" and tokens[k + 2].type in _SEX
                    and tokens[k + 3].type == "RPAR"
                    and (k + 4 == n or tokens[k + 4].type in ("AND_CMP", "OR_CMP", "AND", "OR", "COMMA", "SEMI"))):
                out.append(_t("SEX_TAG", tokens[k + 2].type.lower(), tok.start_pos, tokens[k + 3].end_pos))
                k += 4
                continue
            # "< 12.5 g/dL for men at screening.": the value's sex; when it is measured is left out (a word)
            if (tok.type == "FOR" and k + 3 == n and tokens[k + 1].type in _SEX and tokens[k + 2].type == "INDEX"
                    and any(x.type == "SEX_TAG" for x in out)):
                out.append(_t("SEX_TAG", tokens[k + 1].type.lower(), tok.start_pos, tokens[k + 1].end_pos))
                out.append(_t("WORD", tokens[k + 2].value, tokens[k + 2].start_pos, tokens[k + 2].end_pos))
                break
        out.append(tok)
        k += 1
    return out


def _limit_before(tokens: list[Token], k: int) -> int:
    """The start of ``CMP NUMBER [UNIT]`` ending right before ``k``, or -1."""
    i = k - 1
    if i >= 0 and tokens[i].type == "UNIT":
        i -= 1
    if i >= 1 and tokens[i].type == "NUMBER" and tokens[i - 1].type in _CMPS:
        return i - 1
    return -1


def _join_limits(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    k = 0
    while k < n:
        tok = tokens[k]
        if (tok.type in ("SEMI", "COMMA", "AND", "OR") and k and tokens[k - 1].type == "SEX_TAG" and k + 2 < n
                and tokens[k + 1].type == "CMP" and tokens[k + 2].type == "NUMBER"):
            e = k + 3 + (k + 3 < n and tokens[k + 3].type == "UNIT")
            if (e < n and tokens[e].type == "SEX_TAG" and tokens[e].value != tokens[k - 1].value
                    and _limit_before(tokens, k - 1) >= 0):
                # one list of limits, one per sex: a part of its own (not cut at its comma or semicolon)
                out.append(_t("OR_CMP" if tok.type == "OR" else "AND_CMP", tokens[k + 1].value, tok.start_pos,
                              tokens[k + 1].end_pos))
                k += 2
                continue
        out.append(tok)
        k += 1
    return out


def _sex_limit_at(tokens: list[Token], k: int, analyte: bool) -> int:
    """SEX [ANALYTE (first only)] [COLON] CMP NUMBER UNIT at ``k``: the index of its CMP, or -1."""
    n = len(tokens)
    if not (k < n and tokens[k].type in _SEX):
        return -1
    j = k + 1
    if analyte and j < n and tokens[j].type == "ANALYTE":
        j += 1
    if j < n and tokens[j].type == "COLON":
        j += 1
    if j + 2 < n and tokens[j].type == "CMP" and tokens[j + 1].type == "NUMBER" and tokens[j + 2].type == "UNIT":
        return j
    return -1


def _sex_first(tokens: list[Token]) -> list[Token]:
    n = len(tokens)
    for k in range(n - 8):
        c1 = _sex_limit_at(tokens, k, analyte=True)
        if c1 < 0:
            continue
        sep = c1 + 3
        if not (sep < n and tokens[sep].type in ("COMMA", "SEMI")):
            continue
        c2 = _sex_limit_at(tokens, sep + 1, analyte=False)
        if c2 < 0 or tokens[sep + 1].type == tokens[k].type or tokens[c2 + 2].value != tokens[c1 + 2].value:
            continue
        end = c2 + 3
        if end < n and tokens[end].type not in ("RPAR", "COMMA", "SEMI"):
            continue
        # the measured thing: named right after the first sex ("males Hb <130"), or right before it
        # ("creatinine clearance male<120ml/min"); else (unknown words: "Excess alcohol intake (males: = 28 ...")
        # nothing is rewritten
        if tokens[k + 1].type == "ANALYTE":
            head, subject = tokens[:k], [tokens[k + 1]]
        elif k and tokens[k - 1].type == "ANALYTE":
            head, subject = tokens[:k], []
        else:
            continue
        u1, u2 = tokens[c1 + 2], tokens[c2 + 2]
        return head + subject + [
            tokens[c1], tokens[c1 + 1], u1, zero("SEX_TAG", tokens[k].type.lower(), u1.end_pos),
            _t("COMMA", tokens[sep].value, tokens[sep].start_pos, tokens[sep].end_pos),
            tokens[c2], tokens[c2 + 1], u2, zero("SEX_TAG", tokens[sep + 1].type.lower(), u2.end_pos),
        ] + tokens[end:]
    return tokens


def _block_end(tokens: list[Token], k: int) -> int:
    """``CMP NUMBER [UNIT] SEX_TAG ((AND_CMP | OR_CMP) NUMBER [UNIT] SEX_TAG | (COMMA | AND | OR) CMP NUMBER [UNIT]
    SEX_TAG)+`` from ``k``, two sexes: its end (exclusive), or 0."""
    n = len(tokens)
    if not (k + 2 < n and tokens[k].type == "CMP" and tokens[k + 1].type == "NUMBER"):
        return 0
    j = k + 2 + (tokens[k + 2].type == "UNIT")
    if not (j < n and tokens[j].type == "SEX_TAG"):
        return 0
    sexes = [tokens[j].value]
    j += 1
    while j + 2 < n:
        if tokens[j].type in ("AND_CMP", "OR_CMP") and tokens[j + 1].type == "NUMBER":
            i = j + 2
        elif tokens[j].type in ("COMMA", "SEMI", "AND", "OR") and tokens[j + 1].type == "CMP" and j + 3 < n \
                and tokens[j + 2].type == "NUMBER":
            i = j + 3
        else:
            break
        i += i < n and tokens[i].type == "UNIT"
        if not (i < n and tokens[i].type == "SEX_TAG"):
            break
        sexes.append(tokens[i].value)
        j = i + 1
    return j if len(sexes) == 2 and sexes[0] != sexes[1] else 0


def _named_words(tokens: list[Token], k: int) -> int:
    """The start of the run of unknown words ending right before ``k`` (at most 8), or ``k``."""
    i = k
    while i > 0 and k - i < 8 and tokens[i - 1].type in ("WORD", "DOSE") and tokens[i - 1].value.isascii():
        i -= 1
    return i


def _bracketed(tokens: list[Token], text: str) -> list[Token]:
    n = len(tokens)
    for k in range(1, n - 5):
        lp = tokens[k]
        if lp.type not in ("LPAR", "COLON"):
            continue
        end = _block_end(tokens, k + 1)
        if not end:
            continue
        if lp.type == "LPAR" and not (end < n and tokens[end].type == "RPAR"):
            continue
        tail = tokens[end + 1:] if lp.type == "LPAR" else tokens[end:]
        before = tokens[k - 1]
        block = tokens[k + 1:end]
        if before.type in ("ANALYTE", "SUBJECT"):
            if lp.type == "COLON" and not (k == 1):
                continue
            # "HDL-cholesterol (<40mg/dl in men, <50 mg/dl in women)", "Weight: At least 60 kg ... for man ...":
            # the analyte's limits; the brackets (or the label's colon) go
            return tokens[:k] + block + tail
        if lp.type != "LPAR":
            continue
        if before.type in ("WORD", "DOSE"):
            # "lower handgrip strength (<26 kg in men; <18 kg in women)": the words name the measured thing
            i = _named_words(tokens, k)
            name = " ".join(x.value.lower() for x in tokens[i:k])
            subject = _t("SUBJECT", name, tokens[i].start_pos, before.end_pos)
            return tokens[:i] + [subject] + block + tail
        if before.type == "CONDITION":
            # "Abdominal obesity (>88cm women, >102cm men)": the diagnosis (as written) is measured; "AUDIT score
            # indicative of severe alcohol dependence (>=13 for women, ...)": the score the line names before it
            i = k - 1
            while i > 0 and tokens[i - 1].type in ("SEVERITY", "WORD") and k - i < 3:
                i -= 1
            score = [s for s in range(max(0, i - 6), i) if tokens[s].type == "WORD"
                     and tokens[s].value.lower() == "score" and s and tokens[s - 1].type == "WORD"]
            if score:
                s = score[-1]
                name = f"{tokens[s - 1].value.lower()} score"
            else:
                s = None
                name = text[tokens[i].start_pos:before.end_pos].lower()
            subject = _t("SUBJECT", name, tokens[i].start_pos, before.end_pos)
            head = tokens[:i]
            if s is not None:
                # the words between the score and the diagnosis say what it indicates: left out, as words
                subject = _t("SUBJECT", name, tokens[s - 1].start_pos, tokens[s].end_pos)
                head = tokens[:s - 1] + [subject] + [
                    _t("WORD", x.value, x.start_pos, x.end_pos) for x in tokens[s + 1:k]]
                return head + block + tail
            return head + [subject] + block + tail
    return tokens


def sex_words(tokens: list[Token], text: str = "") -> list[Token]:
    if not any(t.type in ("MALE", "FEMALE", "SEX_TAG") for t in tokens):
        return tokens
    return _join_limits(_bracketed(_sex_first(_open_tags(_sex_ages(tokens))), text))


def cuts_sex_list(tokens: list[Token], end: int) -> bool:
    """An island ending right after a sex's limit that a second, untagged limit follows ("= 11.4 umol/L for male
    and = 10.4 umol/L for female gender"): read alone it would hold for that sex only (screener/islands.py)."""
    return 0 < end < len(tokens) and tokens[end - 1].type == "SEX_TAG" and tokens[end].type in ("AND_CMP", "OR_CMP")
