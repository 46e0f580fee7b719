"""Places on a scale: ECOG, NYHA class, ASA, grades and stages.

- Roman numerals after a scale are numbers ("class III or IV", "ASA > II");
- a number alone after a scale is that place ("ECOG 2" is "ECOG = 2");
- a diagnosis next to its class is qualified by it ("heart failure NYHA class III");
- a diagnosis ICD-10-CM codes by stage is read at the stages named (condition_stages.csv);
- the span of a scale ("(range 0-42)", "on a 0-10 scale") limits nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Token

from screener.parse.lexicon import HYPHENS
from screener.parse.tokens import CLAUSE_BREAK as _CLAUSE_BREAK
from screener.parse.tokens import has_kind
from screener.parse.tokens import CONDITION_HEAD as _CONDITION_HEAD
from screener.parse.tokens import LIST_SEP as _LIST_SEP
from screener.parse.tokens import word as _word
from screener.parse.tokens import zero as _zero


def _bare_asa(tok: Token) -> bool:
    return tok.type == "DRUG" and tok.value == "aspirin" and tok.end_pos - tok.start_pos == 3


def asa(tokens: list[Token]) -> list[Token]:
    """'ASA > 3', 'ASA 1-3', 'ASA II', 'ASA physical state > II': a bare 'ASA' followed by a class
    (past the words of the scale's name) is the anaesthesia physical status score, not aspirin
    (the vocabulary's reading of 'ASA' alone)."""
    tokens = _restated_scales(tokens)
    if not any(_bare_asa(t) for t in tokens):
        return tokens  # (no bare 'ASA' to read)
    drop: set[int] = set()
    for k, tok in enumerate(tokens[:-1]):
        if _bare_asa(tok):
            # "Anesthesia classification (ASA): I-III": past the parenthesis and the colon
            bracketed = 0 < k and tokens[k - 1].type == "LPAR" and tokens[k + 1].type == "RPAR"
            j = _past_name_words(tokens, k + 1 + bracketed)
            if j < len(tokens) and tokens[j].type == "COLON":
                j += 1
            if j >= len(tokens):
                continue
            nxt = tokens[j]
            dose = any(t.type == "UNIT" for t in tokens[k + 1:j + 3])  # "ASA 81 mg": aspirin
            if not dose and (nxt.type in ("CMP", "NUMBER", "CMP_POST")
                             or (nxt.type in ("WORD", "ROUTE") and nxt.value.lower() in _ROMAN)):
                tokens[k] = Token("ANALYTE", "asa_class", start_pos=tok.start_pos, end_pos=tok.end_pos)
                if bracketed:
                    drop.update((k - 1, k + 1))
    return [t for i, t in enumerate(tokens) if i not in drop]


def _restated_scales(tokens: list[Token]) -> list[Token]:
    """'American Society of Anesthesiologists physical status classification (ASA)',
    'ASA (American Society of Anesthesiologists)', 'New York Heart Association (NYHA)': a scale
    restated in parentheses is one scale (a bare 'ASA' next to the ASA class is that class)."""
    if not has_kind(tokens, "LPAR"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        m = _past_name_words(tokens, k + 1)  # "... classification system (ASA)"
        close = next((j for j in range(m + 1, min(len(tokens), m + 4)) if tokens[j].type == "RPAR"), None) \
            if m < len(tokens) and tokens[m].type == "LPAR" else None
        if close is not None and close > m + 1:
            inner = tokens[m + 1:close]
            named = [t for t in inner if not (t.type == "WORD" and t.value.lower() in _SCALE_NAME_WORDS)]
            value = None
            if tok.type == "ANALYTE" and tok.value in _scores() and named and all(
                    (t.type == "ANALYTE" and t.value == tok.value) or (tok.value == "asa_class" and _bare_asa(t))
                    for t in named):
                value = tok.value
            elif _bare_asa(tok) and named and all(t.type == "ANALYTE" and t.value == "asa_class" for t in named):
                value = "asa_class"
            if value is not None:
                out.append(Token("ANALYTE", value, start_pos=tok.start_pos, end_pos=tokens[close].end_pos))
                k = close + 1
                continue
        out.append(tok)
        k += 1
    return out


# the places of a scale written in Roman numerals (lower-cased), I to VI
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
_ROMAN = {**ROMAN, "intravenous": 4,
          "\u2170": 1, "\u2171": 2, "\u2172": 3, "\u2173": 4, "\u2174": 5, "\u2175": 6}  # "Ⅲ" lowered
# words after which a number is a place on a scale: "grade 3 or 4", "stage III", "class II-IV"
_SCALE_WORDS = frozenset({"grade", "grades", "stage", "stages", "class", "classes", "classification"})
_CMPS = frozenset({"CMP", "AND_CMP", "OR_CMP"})


@lru_cache(maxsize=1)
def _scores() -> frozenset[str]:
    """Analytes read on an ordinal scale (ECOG, NYHA class, ASA, mRS, ...): from the vocabulary."""
    from screener.vocab import vocabulary

    return frozenset(a.id for a in vocabulary().analytes.values() if a.value_type == "ordinal")


def is_scale(tok: Token) -> bool:
    return (tok.type == "ANALYTE" and tok.value in _scores()) or (
        tok.type == "WORD" and tok.value.lower() in _SCALE_WORDS)


def _scale_before(out: list[Token]) -> bool:
    """A scale names this clause: 'ASA physical status > II', 'classification >= IV'."""
    for tok in reversed(out[-4:]):
        if is_scale(tok):
            return True
        if tok.type in _CLAUSE_BREAK:
            return False
    return False


_NOT_ALONE = frozenset({"TO", "CMP_POST", "UNIT", "TIMEUNIT", "TIMES", "HALF_LIVES"})


def scale_values(tokens: list[Token]) -> list[Token]:
    """'ECOG 2', 'grade 4 glioma': a number alone right after a scale is that place on it
    (an '=' is put before it). A list ('grade 3 or 4') or a range ('class II-IV') is left
    to the grammar, which reads those already."""
    if not any(is_scale(t) for t in tokens):
        return tokens  # (most lines: this pass and the qualified diagnoses read scales only)
    tokens = _scale_named_after(tokens)
    # "stage III and stage IV", "class II, class III": one list of values (the repeat is dropped)
    tokens = [t for k, t in enumerate(tokens)
              if not (2 <= k < len(tokens) - 1 and is_scale(t) and tokens[k - 1].type in _LIST_SEP
                      and tokens[k - 2].type == "NUMBER" and tokens[k + 1].type == "NUMBER"
                      and any(is_scale(p) and p.value.lower()[:4] == t.value.lower()[:4]
                              for p in tokens[max(0, k - 8):k - 2]))]
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        if tok.type == "NUMBER" and len(out) > 1 and is_scale(out[-1]) and out[-2].type in _CMPS:
            out.insert(len(out) - 1, out.pop(-2))  # "greater than grade I": the grade is the subject
            if out[-2].type == "ANALYTE" and out[-1].start_pos < out[-2].start_pos:
                # "greater than NYHA 2": the comparison's text starts at its comparator
                out[-2] = Token("ANALYTE", out[-2].value, start_pos=out[-1].start_pos, end_pos=out[-2].end_pos)
        if tok.type == "NUMBER" and out and is_scale(out[-1]):
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            listed = nxt is not None and nxt.type in _LIST_SEP and k + 2 < len(tokens) \
                and tokens[k + 2].type == "NUMBER"
            if not listed and (nxt is None or nxt.type not in _NOT_ALONE):
                out.append(Token("CMP", "=", start_pos=tok.start_pos, end_pos=tok.start_pos))
        out.append(tok)
    return _qualified_conditions(out)


_VALUE_RUN = frozenset({"NUMBER", "CMP", "AND_CMP", "OR_CMP", "TO", "CMP_POST"})
# what may stand between a grade's values and the scale named after them: "grade II or III knee
# osteoarthritis according to the Kellgren and Lawrence classification"
_BETWEEN_NAMED = frozenset({"WORD", "CONDITION", "AS", "FOR", "QUALIFIER", "SEVERITY"})


def _scale_named_after(tokens: list[Token]) -> list[Token]:
    """'grade II or III knee osteoarthritis according to the Kellgren and Lawrence classification',
    'Greater than Stage 3 on the Hoehn & Yahr Classification of Disability', 'Functional Class II and
    III by the New York Heart Association': a grade, stage or class whose scale is named after its
    values ('according to', 'on', 'of', 'per', or right after them) is a place on that scale."""
    out = list(tokens)
    drop: set[int] = set()
    for k, tok in enumerate(tokens):
        if not (tok.type == "WORD" and tok.value.lower() in _SCALE_WORDS | {"score"}):
            continue  # ("a score > 1 or < -1 on the Richmond Agitation and Sedation Scale")
        end = _scale_end(tokens, k)
        if end == k + 1:
            continue
        for j in range(end, min(len(tokens), end + 10)):
            t = tokens[j]
            if t.type == "ANALYTE" and t.value in _scores():
                if _scale_end(tokens, j) != j + 1:
                    break  # the scale has values of its own: "grade 3, ECOG 2"
                conn = [j - 1] if j - 1 >= end and (tokens[j - 1].type in ("TAKING", "OF") or (
                    tokens[j - 1].type == "WORD" and tokens[j - 1].value.lower() == "per")) and \
                    tokens[j - 1].value.lower() in ("on", "of", "per") else []
                if j - 2 >= end and tokens[j - 1].type == "TO" and tokens[j - 2].value.lower() == "according":
                    conn = [j - 2, j - 1]
                if conn or j == end:
                    out[k] = Token("ANALYTE", t.value, start_pos=tok.start_pos, end_pos=tok.end_pos)
                    drop.update(conn + [j])
                    if k and tokens[k - 1].type == "WORD" and tokens[k - 1].value.lower() == "functional":
                        drop.add(k - 1)  # "Functional Class II and III by the NYHA"
                break
            if t.type not in _BETWEEN_NAMED and not (t.type in ("TAKING", "OF", "TO") and j + 2 >= end):
                break
    return [t for i, t in enumerate(out) if i not in drop]


def _scale_end(tokens: list[Token], k: int) -> int:
    """Where the values of the scale at ``k`` end (``k + 1`` when it has none)."""
    j = k + 1
    while j < len(tokens) and (tokens[j].type in _VALUE_RUN or (
            tokens[j].type in _LIST_SEP and j + 1 < len(tokens) and tokens[j + 1].type == "NUMBER")):
        j += 1
    return j if any(t.type == "NUMBER" for t in tokens[k + 1:j]) else k + 1


def _staged(condition: Token, scale: Token, values: list[Token]) -> list[Token] | None:
    """The groups of a diagnosis ICD-10-CM codes by stage, one per stage named ('4 or 5', '3-5'),
    joined by 'or' in parentheses (of no width); None unless every stage has its group."""
    from screener.vocab import vocabulary

    if scale.type != "WORD" or scale.value.lower() not in ("stage", "stages"):
        return None
    named: list[int] = []
    for t, nxt in zip(values, values[1:] + [None]):
        if t.type == "NUMBER" and float(t.value).is_integer():
            named.append(int(float(t.value)))
        elif t.type == "TO" and named and nxt is not None and nxt.type == "NUMBER":
            named += list(range(named[-1] + 1, int(float(nxt.value))))
        elif t.type not in _LIST_SEP and t.type not in ("CMP", "TO"):
            return None
    if any(t.type == "CMP" and t.value != "=" for t in values):
        return None  # "stage > 3": left to the scale reading
    groups = [vocabulary().condition_stage(condition.value, "stage", v) for v in dict.fromkeys(named)]
    if not groups or None in groups:
        return None
    start, end = min(condition.start_pos, scale.start_pos), max(condition.end_pos, values[-1].end_pos)
    out = [_zero("LPAR", "(", start)]
    for i, g in enumerate(groups):
        if i:
            out.append(_zero("CLAUSE_OR", "or", start))
        out.append(Token("CONDITION", g, start_pos=start, end_pos=end))
    return out + [_zero("RPAR", ")", end)]


_SCALE_NOUNS = frozenset({"scale", "range", "ranging"})


def scale_ranges(tokens: list[Token], text: str) -> list[Token]:
    """'score (range 0-42) >= 16', 'on a 0-10 scale', 'n = 20': the span of a scale, and a
    study's head count, are no limit a patient must meet. A span starts at 0 or 1 and is
    named as a range or scale ("age range 18-65" is a limit); in parentheses it goes, else
    its numbers stay words."""
    if not has_kind(tokens, "TO", "CMP"):
        return tokens  # (it reads "0-10", "1 to 5" and "n = 20" only)
    out = list(tokens)
    drop: set[int] = set()
    for k, tok in enumerate(tokens):
        if tok.type == "NUMBER" and tok.value in ("0", "1") and k + 2 < len(tokens) \
                and tokens[k + 1].type == "TO" and tokens[k + 2].type == "NUMBER":
            since = tokens[max(0, k - 3)].start_pos if k else 0  # "range" is a filler the lexer drops
            before = set(re.findall(r"[a-z]+", text[since:tok.start_pos].lower()))
            after = [t.value.lower() for t in tokens[k + 3:k + 7] if t.type == "WORD"]
            bracketed = k and tokens[k - 1].type == "LPAR" and k + 3 < len(tokens) and tokens[k + 3].type == "RPAR"
            if bracketed and before & _SCALE_NOUNS:
                drop.update(range(k - 1, k + 4))  # "(range 0-42)"
            elif ("scale" in before and not _scale_named(tokens[max(0, k - 3):k], text, tok)) or "scale" in after:
                for i in (k, k + 1, k + 2):
                    out[i] = _word(tokens[i], text)
        elif tok.type == "WORD" and tok.value in ("n", "N") and k + 2 < len(tokens) \
                and tokens[k + 1].type == "CMP" and tokens[k + 1].value == "=" and tokens[k + 2].type == "NUMBER":
            out[k + 1], out[k + 2] = _word(tokens[k + 1], text), _word(tokens[k + 2], text)
    return [t for i, t in enumerate(out) if i not in drop]


def _scale_named(before: list[Token], text: str, number: Token) -> bool:
    """'Hoehn and Yahr Scale score of 1 - 3': the 'scale' is in the name of the score the
    numbers are places on (no 'scale' between that name and them), so they are its values."""
    named = [t for t in before if t.type == "ANALYTE" and t.value in _scores()]
    return bool(named) and "scale" not in re.findall(r"[a-z]+", text[named[-1].end_pos:number.start_pos].lower())


def _qualified_conditions(tokens: list[Token]) -> list[Token]:
    """A diagnosis right before or after a scale's value is qualified by it: "heart failure
    NYHA class III or IV" and "NYHA class IV heart failure" are the diagnosis *and* the class.
    Both go in parentheses (of no width), so a list around them keeps them together:
    "diabetes, heart failure NYHA class III" is diabetes, or heart failure of class III."""
    out: list[Token] = []
    close: dict[int, list[Token]] = {}  # tokens to put in before tokens[i]
    k = 0
    while k < len(tokens):
        out.extend(close.pop(k, ()))
        tok = tokens[k]
        end = _scale_end(tokens, k) if is_scale(tok) else k + 1
        if end > k + 1:
            of = bool(out) and out[-1].type == "OF"
            c = len(out) - 1 - of
            if c >= 0 and out[c].type == "CONDITION" and (staged := _staged(out[c], tok, tokens[k + 1:end])):
                # "chronic kidney disease stage 4 or 5": the diagnosis at those stages
                del out[c:]
                out += staged
                k = end
                continue
            if end < len(tokens) and tokens[end].type == "CONDITION" and \
                    (staged := _staged(tokens[end], tok, tokens[k + 1:end])):
                out += staged  # "stage 3-5 chronic kidney disease"
                k = end + 1
                continue
            if c >= 0 and out[c].type == "CONDITION":
                # "heart failure (of) NYHA class III": the 'of' goes, an 'and' takes its place
                del out[c + 1:]
                while c > 0 and out[c - 1].type in _CONDITION_HEAD:
                    c -= 1
                out.insert(c, _zero("LPAR", "(", out[c].start_pos))
                out.append(_zero("AND", "and", tok.start_pos))
                close.setdefault(end, []).append(_zero("RPAR", ")", tokens[end - 1].end_pos))
            elif end < len(tokens) and tokens[end].type == "CONDITION":
                out.append(_zero("LPAR", "(", tok.start_pos))
                close.setdefault(end, []).append(_zero("AND", "and", tokens[end].start_pos))
                close.setdefault(end + 1, []).append(_zero("RPAR", ")", tokens[end].end_pos))
        out.append(tok)
        k += 1
    out.extend(close.pop(len(tokens), ()))
    return out


# the rest of a scale's name between it and its place: "ASA physical status classification system I",
# "ASA physiological status I-III", "ASA category I or II", "NYHA functional class II", "ASA PS score of I"
_SCALE_NAME_WORDS = frozenset({"physical", "physiological", "state", "status", "class", "classification",
                               "system", "category", "ps", "functional", "score", "grade", "stage", "level",
                               "levels"})


def _past_name_words(tokens: list[Token], k: int) -> int:
    while k < len(tokens) and tokens[k].type == "WORD" and tokens[k].value.lower() in _SCALE_NAME_WORDS:
        k += 1
    return k


def _numeral_follows(tokens: list[Token], k: int) -> bool:
    k = _past_name_words(tokens, k)
    if k + 1 < len(tokens) and tokens[k].type in ("OF", "CMP"):
        k += 1  # "score of I or II", "physical state > II"
    return k < len(tokens) and (tokens[k].type == "NUMBER" or (
        tokens[k].type in ("WORD", "ROUTE") and tokens[k].value.lower() in _ROMAN))


# "an EDSS change of at least 1.0 points", "NIHSS improvement of 4": a change in a score is no place
# on it (the score's name stays words, an unmapped subject that keeps its numbers)
_CHANGE_WORDS = frozenset({"change", "changes", "increase", "decrease", "reduction", "improvement", "worsening",
                           "progression", "decline", "drop", "deterioration"})


def romans(tokens: list[Token], text: str) -> list[Token]:
    """'NYHA class II, III or IV', 'grade III', 'ASA > II': Roman numerals after a scale
    (and in its list, and after a comparator on it) are numbers."""
    if not any(is_scale(t) for t in tokens):
        return tokens  # (every numeral it reads follows a scale)
    out: list[Token] = []
    in_list = False
    tokens = [_word(t, text) if t.type == "ANALYTE" and t.value in _scores() and k + 1 < len(tokens)
              and tokens[k + 1].type == "WORD" and tokens[k + 1].value.lower() in _CHANGE_WORDS else t
              for k, t in enumerate(tokens)]
    dropped: set[str] = set()  # the scale-name words left out after a scale
    for k, tok in enumerate(tokens):
        if (tok.type == "WORD" and tok.value.lower() in _SCALE_NAME_WORDS and out and is_scale(out[-1])
                and _numeral_follows(tokens, k + 1)):
            # "American Society of Anesthesiologists (ASA) physical status I": once the gloss is
            # gone the rest of the scale's name is left between it and its place
            dropped.add(tok.value.lower())
            continue
        if (tok.type == "WORD" and tok.value.lower() in _SCALE_NAME_WORDS and len(out) > 1
                and out[-1].type in _LIST_SEP and out[-2].type == "NUMBER" and _numeral_follows(tokens, k + 1)
                and (tok.value.lower() in dropped or any(
                    p.type == "ANALYTE" and is_scale(p) and tok.value.lower() in text[p.start_pos:p.end_pos].lower().split()
                    for p in out[-8:]))):
            # "New York Heart Association grade III or grade IV", "NYHA class III or class IV": the
            # scale's name said again in its list
            continue
        if (tok.type == "ANALYTE" and len(out) > 1 and out[-1].type == "NUMBER" and is_scale(tok)
                and out[-2].type == "ANALYTE" and out[-2].value == tok.value and k + 1 < len(tokens)
                and text[out[-1].end_pos:tok.start_pos].strip() in HYPHENS and _numeral_follows(tokens, k + 1)):
            # "ASA I- ASA II": the scale named again after the dash of a range
            out.append(Token("TO", "-", start_pos=out[-1].end_pos, end_pos=tok.start_pos))
            in_list = True
            continue
        raw = tok.value.lower() if tok.type in ("WORD", "ROUTE") else None
        if raw in _ROMAN and out:
            prev = out[-1]
            after_score = is_scale(prev) or (prev.type in _CMPS and _scale_before(out[:-1])) or (
                prev.type == "COLON" and len(out) > 1 and is_scale(out[-2]))  # "NYHA: III-IV"
            after_of = prev.type == "OF" and len(out) > 1 and is_scale(out[-2])
            listed = in_list and prev.type in ("COMMA", "OR", "AND", "TO", "SLASH")
            if in_list and prev.type == "NUMBER" and text[prev.end_pos:tok.start_pos].strip() in HYPHENS:
                # "class I-II", "ASA I - IV": the dash between two numerals is a range
                out.append(Token("TO", "-", start_pos=prev.end_pos, end_pos=tok.start_pos))
                listed = True
            if after_score or after_of or listed:
                if tok.type == "ROUTE" and raw != "iv" and tok.value != "intravenous":
                    out.append(tok)
                    continue
                out.append(Token("NUMBER", str(_ROMAN[raw]), start_pos=tok.start_pos, end_pos=tok.end_pos))
                in_list = True
                continue
        if tok.type not in ("COMMA", "OR", "AND", "TO", "SLASH"):
            in_list = False
        out.append(tok)
    return out
