"""Islands: the comparisons and timed things inside a line that did not compile whole.

"renal insufficiency (preoperative creatinine > 1.5 mg/dL)" does not parse as a whole, but the
comparison in it does.  ``partial`` splits such a line at its top-level separators, compiles each
part, and where a part still fails looks for islands in it: a comparison with its subject right
before it, a count, a rate, or an unknown subject timed by "N weeks ago", "for N months", "in the
last N days".  What no record holds stays ir.Unmapped with its numbers kept (vocab.unmapped_subject).
"""

from __future__ import annotations

import dataclasses
import re

from lark import Token

from screener import ir
from screener.attempt import Line, attempt, depth0, split_at
from screener.diagnostics import Diagnostic
from screener.parse.sexes5 import cuts_sex_list
from screener.parse.ages import scale_run
from screener.parse.numerals import value_ends
from screener.parse.parser import UNIT_TERMINALS
from screener.parse.to_ir import Forbids
from screener.parse.tokens import edge_trimmed, subject_words
from screener.text.lines import Role

# where a comparison starts, and the tokens that may stand on its subject's side and on its own
_ANCHORS = frozenset({"CMP", "BETWEEN", "WITHIN"})
_SUBJECT_SIDE = frozenset({
    "ANALYTE", "SUBJECT", "AGE", "DRUG", "DRUG_CLASS", "CONDITION", "OR", "AND", "SLASH", "OF", "RECEIVED",
    "TAKING", "ROUTE", "HISTORY", "ACTIVE", "ONSET", "DOSE", "EQUIV", "MALE", "FEMALE",
})
_COMPARISON_SIDE = frozenset({
    "CMP", "NUMBER", "UNIT", "TIMEUNIT", "TIMES", "REF", "AND_CMP", "OR_CMP", "TO", "BETWEEN", "AND", "CMP_POST",
    "WITHIN", "BEFORE", "INDEX", "OLD", "HALF_LIVES", "LONGER", "FOR", "APART", "OF", "SLASH",
    "SEX_TAG",  # (sexes5: "weight >= 60 kg for man and 48 kg for women and ...": the limits per sex, whole)
})
_MAX_ISLAND_TRIES = 12


def _island(ln: Line, toks: list[Token], role: Role):
    """The rule ``toks`` compile to as an island, or None (a failure, skipped words or an allowance)."""
    r, sk, _ = attempt(ln, toks, role, diagnose=False)
    return r if r is not None and not isinstance(r, Forbids) and not sk else None


def _anchor(tokens: list[Token], a: int) -> bool:
    """Where a comparison starts: a comparator, or a number that opens a range or a postfix one."""
    if tokens[a].type in _ANCHORS:
        return True
    if tokens[a].type != "NUMBER":
        return False
    nxt = [t.type for t in tokens[a + 1:a + 4]]
    return nxt[:2] == ["TO", "NUMBER"] or nxt[:1] == ["CMP_POST"] or (
        nxt[:2] in (["UNIT", "CMP_POST"], ["TIMEUNIT", "CMP_POST"])) or (
        nxt == ["TIMEUNIT", "OLD", "CMP_POST"] and a and tokens[a - 1].type == "AGE")  # "(18 years of age or older)"


def _islands(ln: Line, tokens: list[Token], role: Role) -> list:
    rules, taken_to = [], 0
    for a, tok in enumerate(tokens):
        if a >= taken_to and (found := _ago_island(ln, tokens, a, taken_to, role)
                              or _duration_island(ln, tokens, a, taken_to, role)
                              or _recent_island(ln, tokens, a, taken_to, role)
                              or _named_duration_island(ln, tokens, a, taken_to, role)
                              or _post_island(ln, tokens, a, taken_to, role)
                              or _time3_island(ln, tokens, a, taken_to, role)
                              or _first_hours_island(ln, tokens, a, taken_to, role)
                              or _from_event_island(ln, tokens, a, taken_to, role)
                              or _post_procedure_island(ln, tokens, a, taken_to, role)
                              or _counts4_island(ln, tokens, a, taken_to, role)):
            rules.append(found[0])
            taken_to = found[1]
            continue
        values_end = scale_run(tokens, a)  # "(ECOG) 3 and 4": a list of a scale's values
        if a < taken_to or not (_anchor(tokens, a) or values_end) or (
                a and tokens[a - 1].type in ("CMP", "BETWEEN", "WITHIN")):
            continue
        s = a
        while s > taken_to and tokens[s - 1].type in _SUBJECT_SIDE:
            s -= 1
        e = a + 1
        # ("or = 45%": an "=" after "or" is a lost sign, no second limit)
        while e < len(tokens) and tokens[e].type in _COMPARISON_SIDE and not (
                tokens[e].type == "OR_CMP" and tokens[e].value == "="):
            e += 1
        e = max(e, values_end or 0)
        tries = 0
        found = None
        for start in range(s, a + 1):
            if not any(t.type in _SUBJECT_TYPES for t in tokens[start:a]):
                break
            for end in range(e, a + 1, -1):
                if end != values_end and _cuts_quantity(tokens, end, ln.norm.text) and not value_ends(tokens, end, ln.norm.text):
                    continue
                tries += 1
                r = _island(ln, tokens[start:end], role)
                if r is not None:
                    found = (r, end)
                    break
                if tries >= _MAX_ISLAND_TRIES:
                    break
            if found or tries >= _MAX_ISLAND_TRIES:
                break
        if not found:
            found = _rate_island(ln, tokens, a, taken_to, role)
        if not found:
            found = _loose_island(ln, tokens, a, e, taken_to, role)
        if not found:
            found = _count_island(ln, tokens, a, role)
        if found:
            found = _lasting(ln, tokens, *found)
            found = _or_rate(ln, tokens, *found, role)  # "≤3 bowel movements/week or >2/day"
            rules.append(found[0])
            taken_to = found[1]
    return rules


_TIME_UNITS = frozenset({"hour", "day", "week", "month", "year"})


def _lasting(ln: Line, tokens: list[Token], rule, end: int):
    """An island's comparison followed by how long it has held: ">/= 5 cigs/day for last 6 months", "</= 2 days
    per month cigarette use for last 6 months" (the lexer makes "for the last" FOR: how long, as the grammar
    reads "HbA1c < 7% for the last 3 months").  The duration becomes the comparison's persistence; a
    comparator other than 'at least' before it, or more after it, leaves the island as it was."""
    test = rule.test if isinstance(rule, ir.Unmapped) and rule.window is None else rule
    if not isinstance(test, (ir.Measure, ir.Between)) or test.sustained or test.window:
        return rule, end
    if end < len(tokens) and tokens[end].type == "FOR":
        k = end + 1
    elif 0 < end < len(tokens) and tokens[end - 1].type == "FOR":
        k = end  # "... cigarette use for last 6 months": the subject after the comparison took the words to it
    elif end + 1 < len(tokens) and tokens[end].type == "RPAR" and tokens[end + 1].type == "FOR":
        k = end + 2  # "(i.e. one or more conventional DMARDs) for at least three months" (counts4)
    else:
        return rule, end
    if k < len(tokens) and tokens[k].type == "CMP" and tokens[k].value == ">=":
        k += 1
    if not (k + 1 < len(tokens) and tokens[k].type == "NUMBER" and tokens[k + 1].type == "TIMEUNIT"
            and tokens[k + 1].value in _TIME_UNITS - {"hour"}):
        return rule, end  # (">2 times per week for 1 hour": how long each time lasts, not how long it has held)
    duration = ir.Duration(value=float(tokens[k].value), unit=tokens[k + 1].value)
    k += 2
    if k < len(tokens) and tokens[k].type == "BEFORE":
        k += 1
        if k < len(tokens) and tokens[k].type == "INDEX":
            k += 1
    if k < len(tokens) and tokens[k].type not in ("COMMA", "SEMI", "RPAR", "AND", "OR", "CLAUSE_AND", "CLAUSE_OR",
                                                  "CLAUSE_COMMA"):
        return rule, end
    values = [test.value] if isinstance(test, ir.Measure) else [test.low, test.high]
    if any(getattr(v, "unit", None) in ir.TIME_UCUM.values() for v in values):
        return rule, end  # "pain > 24 hours for 3 months": two durations, which no rule here reads
    ln_span = ext = ln.span(tokens[end].start_pos, tokens[k - 1].end_pos)
    if rule.span is not None:
        ln_span = ir.Span(start=min(rule.span.start, ext.start), end=max(rule.span.end, ext.end))
    lasted = dataclasses.replace(test, sustained=duration, span=ln_span if test is rule else test.span)
    if test is rule:
        return lasted, k
    return dataclasses.replace(rule, test=lasted, span=ln_span), k


def _trailing_words(tokens: list[Token], a: int) -> list[Token]:
    """The unknown words right before ``a`` ("COPD defined as FEV1 <= 50%": "FEV1")."""
    s = a
    if s and tokens[s - 1].type == "LPAR":
        s -= 1
    k = s
    while k and tokens[k - 1].type in ("WORD", "JUDGE", "OF", "FOR"):
        k -= 1
    while k < s and tokens[k].type in ("OF", "FOR"):
        k += 1
    return tokens[k:s] if any(t.type == "WORD" for t in tokens[k:s]) else []


def _cuts_quantity(tokens: list[Token], end: int, text: str) -> bool:
    """Whether ending an island at ``end`` cuts a quantity short: "at least 2 city blocks"
    (the number's unit is the word after it), "10 hours per week", "> 4 drinks/occasion"."""
    if cuts_sex_list(tokens, end):  # (sexes5: "= 11.4 umol/L for male and = 10.4 ...": not the first sex alone)
        return True
    if end >= len(tokens) or tokens[end - 1].type not in ("NUMBER", "UNIT", "TIMEUNIT"):
        return False
    nxt = tokens[end]
    if tokens[end - 1].type == "NUMBER" and nxt.type in UNIT_TERMINALS:
        return True
    # "BMI >= 20 with adequate ...": a word the lexer dropped stands between, so the next word is no unit
    unit_word = nxt.type == "WORD" and tokens[end - 1].type == "NUMBER" and \
        not re.search(r"[^\W\d_]", text[tokens[end - 1].end_pos:nxt.start_pos])
    return unit_word or nxt.type == "SLASH" or _rate_word(nxt)


def _rate_word(tok: Token) -> bool:
    """'per', 'a', 'each', 'every' after a quantity make it a rate ("5 days per week")."""
    return tok.type == "WORD" and tok.value.lower() in ("per", "a", "an", "each", "every")


# a rate: the counted thing, then "/", "per", "a", "an", "each", "every" or "in a", then a time unit
_RATE_GAP = re.compile(r"(?i)\s*(?:/|per|(?:in\s+)?an?|each|every)\s*")
_RATE_OF = {"hour": "/h", "day": "/d", "week": "/wk", "month": "/mo", "year": "/a"}
_MAX_RATE_WORDS = 3


def _rate_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """A comparison on a rate no rule reads: ">2 drinks/d", "> 6 caffeinated drinks per day",
    "5 or more central apneas per hour", "less than twice a week".  The counted words (or, for
    "twice a week", the words before the comparison) become an unmapped subject and the value
    keeps the rate as its unit ("caffeinated drinks" > 6 /d): never a duration, never a plain
    count.  No record can decide it (the line is partial)."""
    text = ln.norm.text
    if tokens[a].type == "CMP":
        n = a + 1
    elif tokens[a].type == "NUMBER":
        n = a
    else:
        return None
    if n >= len(tokens) or tokens[n].type != "NUMBER":
        return None
    j = n + 1
    while j < len(tokens) and tokens[j].type == "CMP_POST":
        j += 1
    if tokens[a].type == "NUMBER" and j == n + 1:
        return None  # a bare number compares nothing
    if j < len(tokens) and tokens[j].type == "UNIT" and re.fullmatch(r"\{[a-z]+\}/(?:h|d|wk|mo|a)", tokens[j].value):
        # ">/= 5 cigs/day": the unit is a count per time (unit_spellings.csv); what it counts is the subject
        unit = tokens[j]
        subject = unit.value[1:unit.value.index("}")]
        if subject != "times":
            b = a - 1 if a > taken_to and tokens[a - 1].type == "LPAR" else a
            if b > taken_to and tokens[b - 1].type not in _SUBJECT_STOP and tokens[b - 1].type != "LPAR":
                return None  # "Alcohol consumption (> 2 drinks per day)": the loose island's words before
            tok = Token("SUBJECT", subject, start_pos=unit.start_pos, end_pos=unit.end_pos)
            return _rate_rule(ln, tokens, a, n, j, tok, unit, j + 1, role)
        tok = _words_before(ln, tokens, a, taken_to)  # "exercise at least 3 times a week"
        return _rate_rule(ln, tokens, a, n, j, tok, unit, j + 1, role) if tok else None
    times = j < len(tokens) and tokens[j].type == "TIMES"  # "twice a week", "3 times a week"
    k = j + 1 if times else j
    while not times and k < len(tokens) and k - j < _MAX_RATE_WORDS + 2 and (
            (tokens[k].type == "WORD" and tokens[k].value.lower() not in ("per", "each", "every"))
            or (tokens[k].type == "OF" and k > j and k + 1 < len(tokens) and tokens[k + 1].type == "WORD"
                and tokens[k - 1].type == "WORD")  # ("more than two sessions of muscle training exercises per week")
            or (tokens[k].type == "SLASH" and k > j and k + 1 < len(tokens) and tokens[k + 1].type == "WORD"
                and tokens[k - 1].type == "WORD")):
        k += 1  # "unformed/loose stools/day": a slash between words joins them
    if k >= len(tokens):
        return None
    if tokens[k].type == "SLASH" or _rate_word(tokens[k]):
        t = k + 1
    else:
        t = k
    if t >= len(tokens) or tokens[t].type != "TIMEUNIT" or tokens[t].value.lower() not in _RATE_OF:
        return None
    gap = text[tokens[k - 1].end_pos:tokens[t].start_pos] if t == k else \
        text[tokens[k - 1].end_pos:tokens[k].start_pos] + "/" + text[tokens[k].end_pos:tokens[t].start_pos]
    if t == k and not _RATE_GAP.fullmatch(gap):
        return None  # "2 drinks in the last day" and the like: no rate word between
    if t > k and not re.fullmatch(r"\s*/\s*", gap):
        return None
    if t + 1 < len(tokens) and tokens[t + 1].type in ("NUMBER", "SLASH"):
        return None  # "5 days / 2 weeks", "per day 3": not a plain rate
    if times:
        words = []  # "twice a week", "3 times a week": what is done is said before
    else:
        words = tokens[j:k]
        if not words or any(t_.type not in ("WORD", "SLASH", "OF") for t_ in words):
            return None
    tok = _words_before(ln, tokens, a, taken_to) if not words else _subject_token(text, words)
    if tok is None:
        return None
    unit = Token("UNIT", _RATE_OF[tokens[t].value.lower()], start_pos=tokens[j].start_pos, end_pos=tokens[t].end_pos)
    return _rate_rule(ln, tokens, a, n, j, tok, unit, t + 1, role)


# words that name nothing alone ("the >= 72 hour", "i.e. <= 150 ml", "including > 10")
_NAMES_NOTHING = frozenset({"the", "a", "an", "i", "e", "ie", "eg", "g", "including", "which", "that", "whose", "who",
                            "this", "these", "those", "it", "its", "their", "there"})


def _without_edge_of(words: list[Token]) -> list[Token]:
    """The words without an "of" at either end ("duration of", "of dialysis")."""
    while words and words[0].type == "OF":
        words = words[1:]
    while words and words[-1].type == "OF":
        words = words[:-1]
    return words


def _subject_token(text: str, words: list[Token]) -> Token | None:
    """The words, as written, as one unmapped SUBJECT ("caffeinated drinks"); None where they hold no word, only
    words that name nothing alone, or a citation ("Circulation 2001 103 335-336 doi: 10.1161/01.CIR")."""
    found = edge_trimmed(subject_words(text[words[0].start_pos:words[-1].end_pos]))
    if (not found or all(w in _NAMES_NOTHING for w in found) or "doi" in found
            or 2 * sum(w.isdigit() for w in found) > len(found)):
        return None
    return Token("SUBJECT", " ".join(found), start_pos=words[0].start_pos, end_pos=words[-1].end_pos)


def _words_before(ln: Line, tokens: list[Token], a: int, taken_to: int) -> Token | None:
    """The unknown words right before the comparison at ``a``, as one subject ("contact ... less than twice a week")."""
    s = a
    while s > taken_to and tokens[s - 1].type in ("WORD", "SUBJECT"):
        s -= 1
    return _subject_token(ln.norm.text, tokens[s:a]) if s < a else None


def _prefixed(number: Token, post: Token) -> list[Token]:
    """'5 or more' as '>= 5': a postfix comparator moved before its number, for an island's rule."""
    return [Token("CMP", post.value, start_pos=post.start_pos, end_pos=post.end_pos), number]


def _rate_rule(ln: Line, tokens: list[Token], a: int, n: int, j: int, subject: Token, unit: Token, end: int,
               role: Role):
    """The unmapped comparison ``subject`` (op) number ``unit``, spanning to ``end``; "5 or more" read as ">= 5"."""
    if tokens[a].type == "CMP":
        cmp = tokens[a:n + 1]
    elif j == n + 2:
        cmp = _prefixed(tokens[n], tokens[n + 1])
    else:
        return None
    r = _island(ln, [subject] + cmp + [unit], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    first = min(tokens[a].start_pos, subject.start_pos)
    return dataclasses.replace(r, span=ln.span(first, tokens[end - 1].end_pos)), end


# the comparators of a count ("at least 5 attacks", "more than one etiology", "5 or more episodes")
_COUNT_CMP = re.compile(r"(?i)at least|at most|(?:no |not )?more than|(?:no |not )?(?:less|fewer) than|"
                        r"minimum(?: of)?|maximum(?: of)?|[≥≤<>=⩽⩾]=?|>/=|</=|or more|or fewer|or less")


def _ucum_word(word: str) -> bool:
    from screener.units import to_ucum

    try:
        return bool(to_ucum(word))
    except Exception:
        return False


# the tokens a counted thing is written with ("attacks of migraine", "etiology for ascites")
_COUNTED = frozenset({"WORD", "SUBJECT", "CONDITION", "OF", "FOR"})
_MAX_COUNTED = 6


def _count_island(ln: Line, tokens: list[Token], a: int, role: Role):
    """A bare count of a named condition no rule reads: "at least 5 attacks of migraine", "more than
    one etiology for ascites".  The counted words become an unmapped subject compared with the plain
    number ("attacks of migraine" >= 5); no record can decide it (the line is partial).  A number with
    a unit, a time unit or a rate right after it is no count ("at least 3 months", "5 days per week"),
    and a count followed by a window is left to the condition's window ("= 3 UTIs within 12 months")."""
    if tokens[a].type == "CMP" and a + 1 < len(tokens) and tokens[a + 1].type == "NUMBER":
        n, j = a + 1, a + 2
        cmp = tokens[a:j]
    elif tokens[a].type == "NUMBER" and a + 1 < len(tokens) and tokens[a + 1].type == "CMP_POST":
        n, j = a, a + 2
        cmp = _prefixed(tokens[n], tokens[a + 1])
    else:
        return None
    if j >= len(tokens) or tokens[j].type not in ("WORD", "SUBJECT", "CONDITION"):
        return None
    text = ln.norm.text
    if not _COUNT_CMP.fullmatch(" ".join(text[t.start_pos:t.end_pos] for t in cmp if t.type == "CMP").strip()):
        return None  # "older than 18 treated for ...", "greater than 5 impacting ...": no count
    if tokens[j].start_pos == tokens[j - 1].end_pos or not text[tokens[j - 1].end_pos:tokens[j].start_pos].isspace():
        return None  # "≥ 37SA", "≤ 0.75D", "≤-3SD": a unit written onto the number
    if _ucum_word(text[tokens[j].start_pos:tokens[j].end_pos]):
        return None  # "> 500 cGy", ">10 decibel", "more than 2 liters": a unit, not a counted thing
    k = j
    while k < len(tokens) and k - j < _MAX_COUNTED and tokens[k].type in _COUNTED:
        if _rate_word(tokens[k]) or (tokens[k].type == "WORD" and tokens[k].value.lower() in ("times", "time")):
            return None  # a rate ("sessions per week") or a multiple: the rate island's, or nobody's
        k += 1
    if k < len(tokens) and tokens[k].type in ("SLASH", "TIMEUNIT", "UNIT"):
        return None  # "drinks/occasion", "sessions a week": not a plain count
    while k > j and tokens[k - 1].type in ("OF", "FOR"):
        k -= 1
    if k < len(tokens) and tokens[k].type == "WITHIN" and not any(t.type == "CONDITION" for t in tokens[j:k]):
        return _count_window(ln, tokens, a, j, k, cmp, role)  # "At least 2 heavy drinking episodes in past 2 weeks"
    if k < len(tokens) and tokens[k].type in ("WITHIN", "BEFORE", "AFTER", "INDEX", "FOR", "ONSET"):
        return None  # "= 3 UTIs within the last 12 months": the condition's window is a rule records decide
    if not any(t.type == "CONDITION" for t in tokens[j:k]) and not _counted_thing(ln, tokens, a, j, k):
        return None  # a count of a named condition ("attacks of migraine"): see docs/notes/issue-5-rates.md
    tok = _subject_token(ln.norm.text, tokens[j:k])
    if tok is None:
        return None
    r = _island(ln, [tok] + cmp, role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tokens[k - 1].end_pos)), k


# what may stand right before a count of a thing that is no condition (docs/notes/issue-5-counts2.md)
_COUNT_OPENERS = frozenset({"", "(", ")", ",", ";", "including", "i.e.", "(i.e.", "i.e.,"})  # (i.e.: counts4)
# what may end the counted words
_COUNT_ENDS = frozenset({"RPAR", "COMMA", "SEMI", "CLAUSE_COMMA"})


def _counted_thing(ln: Line, tokens: list[Token], a: int, j: int, k: int) -> bool:
    """A count of a thing no record holds, written whole in words: "(at least one antenatal clinical visit)",
    "including at least three molar teeth", "a) minimum three atraumatic dislocations in same shoulder,".
    Only with a count written in words ("at least", "or more", "minimum": no sign, which is as often a score or
    a measure: "≥34 letters", "≤14 points", "<33 SA"), only where the count opens a phrase (not "on at least one
    item", "walk at least 2 blocks", "with ... ": what is counted there is where something else holds, or how
    far), and only counted words that end the phrase (no word cut: "at least one post-treatment ...", no
    comparison of their own after them: "at least one child ≤6 years")."""
    text = ln.norm.text
    if re.search(r"[^\W\d_]", text[tokens[a].start_pos:tokens[j - 1].end_pos]) is None:
        return False
    before = text[:tokens[a].start_pos].rstrip()
    opener = before[-1:] if before[-1:] in "(),;" else (before.split() or [""])[-1].lower()
    if re.search(r"[^\W\d_]{2}\)?\.$", before):
        opener = ""  # a sentence's end ("... stimulation). At least 3 episodes"), not "e.g."
    if opener not in _COUNT_OPENERS:
        return False
    if not all(t.type in ("WORD", "SUBJECT") for t in tokens[j:k]):
        return False
    if float(tokens[a + 1 if tokens[a].type == "CMP" else a].value) > 1 and not any(
            re.search(r"(?i)(?:s|teeth|children|feet|people|women|men)$", text[t.start_pos:t.end_pos]) for t in tokens[j:k]):
        return False  # "(minimum 12 core biopsy)": more than one of a thing named in the singular is no count of it
    if k == len(tokens):  # (the end of a part: what ends it is in the text after)
        return re.match(r"\s*(?:[.,;)]|$)", text[tokens[k - 1].end_pos:]) is not None
    after = text[tokens[k - 1].end_pos:tokens[k].start_pos]
    if not re.fullmatch(r"[\s.,;)]*", after):
        return False  # a word left out after them: the counted thing is cut ("at least 2 abnormal values")
    return tokens[k].type in _COUNT_ENDS or "." in after


def _count_window(ln: Line, tokens: list[Token], a: int, j: int, k: int, cmp: list[Token], role: Role):
    """A count of a thing no record holds in a window: "At least 2 heavy drinking episodes in past 2 weeks",
    "At least 3 episodes within the 3 months": the count and the window on one unmapped subject
    ("heavy drinking episodes" >= 2 within 2 week; the window island alone kept only the window).  Taken only
    as ``_counted_thing`` takes a count (in words, opening its phrase, plural counted words, none cut off) and
    only when the window follows the counted words right away ("in past 2 weeks": no word left out between)."""
    text = ln.norm.text
    if not (k + 2 < len(tokens) and tokens[k + 1].type == "NUMBER" and tokens[k + 2].type == "TIMEUNIT"
            and tokens[k + 2].value in _TIME_UNITS):
        return None
    if not re.fullmatch(r"\s+(?:in|within|during|over)(?:\s+the)?(?:\s+(?:last|past|previous|prior|preceding))?\s+",
                        text[tokens[k - 1].end_pos:tokens[k + 1].start_pos], re.I):
        return None  # "AF episode electrocardiographically documented within one (1) year": a word left out
    # the count's own checks, as if the counted words ended the phrase
    end = Token("RPAR", ")", start_pos=tokens[k].start_pos, end_pos=tokens[k].start_pos)
    if not _counted_thing(ln, tokens[:k] + [end], a, j, k):
        return None
    tok = _subject_token(text, tokens[j:k])
    if tok is None:
        return None
    r = _island(ln, [tok] + cmp + tokens[k:k + 3], role)
    if r is None or not isinstance(r, ir.Unmapped) or r.test is None or r.test.window is None:
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tokens[k + 2].end_pos)), k + 3


# what may stand right before the words an 'ago' island takes as its subject: the line's start, a list
# separator, a parenthesis, or the verb of a use ("use of", "taking"); anything else (a diagnosis, a drug,
# a negation, a number) may be what the window times, or change what it means
_AGO_OPENERS = frozenset({"COMMA", "SEMI", "OR", "AND", "LPAR", "CLAUSE_AND", "CLAUSE_OR", "CLAUSE_COMMA"})
_AGO_WORDS = frozenset({"WORD", "SUBJECT", "OF"})
_AGO_FILLER = frozenset({"of", "the", "a", "an"})
_AGO_NOT_SUBJECT = frozenset({"from", "until", "till", "since", "starting", "during", "period", "after", "following",
                              "at", "by", "to", "than", "up", "within", "for", "stable", "unstable", "constant",
                              "unchanged", "steady"})


def _ago_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """A window written with no 'within' on a subject the vocabulary does not know: "Lower limb surgery two
    years prior to enrollment", "N-acetyl cysteine 7 days prior to CC", "probiotics 4 weeks preceding the
    enrollment".  The grammar reads "<n> <time unit> before" as the window of the subject right before it
    ("antibiotics 4 weeks preceding the enrollment": within 4 weeks); here that subject is the unknown words
    right before the number, which become an unmapped subject in that window (the line is partial).  A
    comparator before the number ("more than 3 months prior") makes it no window, and a known subject,
    a negation or a number before the words may be what is timed: those are left alone."""
    if not (a + 2 < len(tokens) and tokens[a].type == "NUMBER" and tokens[a + 1].type == "TIMEUNIT"
            and tokens[a + 2].type == "BEFORE"):
        return None
    end = a + 3
    if end < len(tokens) and tokens[end].type == "INDEX":
        end += 1
    s = a
    while s > taken_to and tokens[s - 1].type in _AGO_WORDS:
        s -= 1
    verb = None
    if s > 0 and tokens[s - 1].type in ("RECEIVED", "TAKING"):
        verb = tokens[s - 1]
        opener = s - 1
    else:
        opener = s
    if opener > 0 and tokens[opener - 1].type in _LIST_SEPARATORS:
        return _ago_list(ln, tokens, a, s, opener, verb, end, taken_to, role)  # every item, or none
    if opener > 0 and tokens[opener - 1].type not in _AGO_OPENERS:
        return None
    words = _without_edge_of(tokens[s:a])
    if not words or not any(t.type in ("WORD", "SUBJECT") for t in words):
        return None
    text = ln.norm.text
    lo = verb.end_pos if verb else tokens[opener - 1].end_pos if opener else 0  # (the verb is no subject word)
    said = re.findall(r"[^\W\d_]+", text[lo:tokens[a].start_pos].lower())
    kept = {w for t in words for w in re.findall(r"[^\W\d_]+", text[t.start_pos:t.end_pos].lower())}
    if any(w not in kept and w not in _AGO_FILLER for w in said) or any(w in _AGO_NOT_SUBJECT for w in said):
        # "Receipt of blood or blood products 8 weeks prior" (the lexer left 'blood' out), "abstain ... from
        # 48 h prior to entry until discharge", "during the period starting one month before": the words
        # are not all the subject, or the number starts a period rather than ends a window
        return None
    tok = _subject_token(text, words)
    if tok is None or len(tok.value) < 2:
        return None
    within = Token("WITHIN", "", start_pos=tokens[a].start_pos, end_pos=tokens[a].start_pos)
    r = _island(ln, ([verb] if verb else []) + [tok, within] + tokens[a:end], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    first = (verb or tok).start_pos
    return dataclasses.replace(r, span=ln.span(first, tokens[end - 1].end_pos)), end


_LIST_SEPARATORS = frozenset({"COMMA", "OR", "AND"})
_LIST_ITEM = frozenset({"WORD", "SUBJECT", "OF", "DRUG", "DRUG_CLASS"})
# words that end a list's lead-in rather than an item: "medication with antioxidant properties e.g., ..."
_LIST_LEAD = re.compile(r"(?i)(?:\be\W*g|\bi\W*e|\bsuch as|\bincluding|\blike)\W*$")
_MAX_LIST_ITEMS = 10
# words the lexer leaves out that end an item of such a list ("anti-secretory drugs")
_LIST_NOUNS = frozenset({"drug", "drugs", "medication", "medications", "agent", "agents", "therapy", "treatment",
                         "treatments", "supplement", "supplements", "products"})


def _ago_list(ln: Line, tokens: list[Token], a: int, s: int, opener: int, verb, end: int, taken_to: int,
              role: Role):
    """The window of a list before '<n> <time unit> before': "Use of anti-secretory drugs, antibiotics or probiotics
    4 weeks preceding the enrollment" is the window of every item ("anti-secretory drugs", antibiotics,
    "probiotics"), not of the last one alone.  Each item is a known drug or drug class (read as the grammar
    reads "antibiotics 4 weeks preceding") or unknown words (an unmapped subject); the list runs back to the
    line's start, a verb of use, a lead-in ("e.g.", "such as", "including"), a semicolon or a parenthesis.  Any
    other word or item, and the whole list is left alone: one item read alone would time that item only."""
    if verb is not None:
        return None  # "A or use of B 4 weeks prior": the verb is B's own; what A means is not said
    text = ln.norm.text
    bounds = [(s, a)]
    sep = opener - 1
    while True:
        q = sep
        while q > taken_to and tokens[q - 1].type in _LIST_ITEM:
            q -= 1
        if q == sep or len(bounds) >= _MAX_LIST_ITEMS:
            return None
        if _LIST_LEAD.search(text[tokens[q].start_pos:tokens[sep - 1].end_pos]):
            break  # the lead-in is no item
        bounds.append((q, sep))
        if q == 0:
            break
        before = tokens[q - 1].type
        if before in ("RECEIVED", "TAKING"):
            if q - 1 > 0 and tokens[q - 2].type not in _AGO_OPENERS - _LIST_SEPARATORS:
                return None
            verb = tokens[q - 1]
            break
        if before in _LIST_SEPARATORS:
            sep = q - 1
            continue
        if before in _AGO_OPENERS:
            break
        return None
    if len(bounds) < 2:
        return None
    within = Token("WITHIN", "", start_pos=tokens[a].start_pos, end_pos=tokens[a].start_pos)
    rules = []
    for i, j in reversed(bounds):
        item = tokens[i:j]
        known = [t for t in item if t.type in ("DRUG", "DRUG_CLASS")]
        if known:
            if len(item) != 1:
                return None
            r = _island(ln, ([verb] if verb else []) + [item[0], within] + tokens[a:end], role)
            if r is None or isinstance(r, ir.Unmapped):
                return None
        else:
            words = item
            while words and words[0].type == "OF":
                words = words[1:]
            while words and words[-1].type == "OF":
                words = words[:-1]
            if not words or not any(t.type in ("WORD", "SUBJECT") for t in words):
                return None
            lo = tokens[i - 1].end_pos if i else 0
            said = [m for m in re.finditer(r"[^\W\d_]+", text[lo:tokens[j].start_pos])]
            kept = {w for t in words for w in re.findall(r"[^\W\d_]+", text[t.start_pos:t.end_pos].lower())}
            while said and said[0].group().lower() in _AGO_FILLER:
                said = said[1:]
            if not said or any(m.group().lower() not in kept | _AGO_FILLER | _LIST_NOUNS for m in said) or any(
                    m.group().lower() in _AGO_NOT_SUBJECT for m in said):
                return None
            # the item as written ("anti-secretory drugs": the lexer left 'drugs' out)
            tok = _subject_token(text, [Token("WORD", "", start_pos=lo + m.start(), end_pos=lo + m.end())
                                        for m in (said[0], said[-1])])
            if tok is None or len(tok.value) < 2:
                return None
            r = _island(ln, ([verb] if verb else []) + [tok, within] + tokens[a:end], role)
            if r is None or not isinstance(r, ir.Unmapped):
                return None
        rules.append(dataclasses.replace(r, span=ln.span(tokens[i].start_pos, tokens[end - 1].end_pos)))
    first = (verb or tokens[bounds[-1][0]]).start_pos
    return ir.Any(items=tuple(rules), span=ln.span(first, tokens[end - 1].end_pos)), end


def _window_list_cuts(ln: Line, tokens: list[Token], role: Role) -> set[int]:
    """The separators inside a list every item of which _ago_list reads in the window after it ("anti-secretory
    drugs, antibiotics or probiotics 4 weeks preceding"): the line is not cut there, so the list stays whole."""
    out: set[int] = set()
    for a in range(len(tokens) - 2):
        if tokens[a].type == "NUMBER" and tokens[a + 1].type == "TIMEUNIT" and tokens[a + 2].type == "BEFORE":
            found = _ago_island(ln, tokens, a, 0, role)
            if found and isinstance(found[0], ir.Any) and (k := _list_start(ln, tokens, a)) is not None:
                # (and the comma after a lead-in: "e.g., beta-carotene, ...")
                out.update(i for i in range(max(k - 1, 0), a) if tokens[i].type in _LIST_SEPARATORS)
    return out


def _list_start(ln: Line, tokens: list[Token], a: int) -> int | None:
    """Where the list _ago_list read before ``a`` starts (its first item's first token)."""
    k = a
    while k > 0 and tokens[k - 1].type in _LIST_ITEM | _LIST_SEPARATORS:
        k -= 1
    text = ln.norm.text
    for i in range(k, a):  # past a lead-in ("medication with antioxidant properties e.g.,")
        if tokens[i].type == "COMMA" and i > k and _LIST_LEAD.search(text[tokens[k].start_pos:tokens[i - 1].end_pos]):
            return i + 1
    return k


_DURATION_OPENERS = frozenset({"COMMA", "SEMI", "LPAR", "CLAUSE_COMMA", "RECEIVED", "TAKING"})
_DURATION_WORDS = frozenset({"WORD", "SUBJECT", "OF", "STABLE"})
_DURATION_CMP = frozenset({">=", ">", "<=", "<"})
_AFTER_DURATION = frozenset({"COMMA", "SEMI", "RPAR", "CLAUSE_COMMA"})


def _part_ends(tokens: list[Token], end: int) -> bool:
    """Whether an island ending at ``end`` ends its part: the line's end, or a separator or bracket after it."""
    return end >= len(tokens) or tokens[end].type in _AFTER_DURATION


def _duration_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """How long something the vocabulary does not know has lasted: "daily pain for 6 months or longer",
    "Weight stable (±5kg) for at least 6 months", "weight-stable during past 6 months" (stable throughout
    them), "Medication use stable for 6 months prior".  The words before 'for' become an unmapped subject
    compared with the duration ("daily pain" >= 6 month), as "stable remission for 3 months or more" is read;
    no record can decide it (the line is partial).  Only words from the line's start, a comma, a semicolon,
    a parenthesis or a verb of use: a diagnosis, a drug, a negation, 'and', 'or' or a judgement ('willing to
    stay in the study for six months') before them may be what lasts, or change what it means."""
    tok_a = tokens[a]
    text = ln.norm.text
    bare = False  # "Stable physical activity regimen 3 months prior": stable for the 3 months before
    if tok_a.type == "WITHIN":
        if not (a and tokens[a - 1].type == "STABLE"):
            return None  # "stable during the past 6 months": stable throughout them
    elif tok_a.type == "NUMBER" and a + 2 < len(tokens) and tokens[a + 1].type == "TIMEUNIT" and (
            tokens[a + 2].type == "BEFORE" or (tokens[a + 2].type == "HISTORY" and
                                               text[tokens[a + 2].start_pos:tokens[a + 2].end_pos].lower() == "prior")):
        bare = True
    elif tok_a.type != "FOR":
        return None
    k = a if bare else a + 1
    op = ">="
    if k < len(tokens) and tokens[k].type == "CMP":
        if tok_a.type != "FOR" or tokens[k].value not in _DURATION_CMP:
            return None
        op = tokens[k].value
        k += 1
    if not (k + 1 < len(tokens) and tokens[k].type == "NUMBER" and tokens[k + 1].type == "TIMEUNIT"
            and tokens[k + 1].value in _TIME_UNITS):
        return None
    number, unit = tokens[k], tokens[k + 1]
    k += 2
    if k < len(tokens) and tokens[k].type == "CMP_POST" and op == ">=" and tokens[k - 2].type == "NUMBER" \
            and tokens[a + 1].type == "NUMBER":
        op = tokens[k].value
        k += 1
    elif k + 1 < len(tokens) and tokens[k].type == "OR" and op == ">=" and tokens[a + 1].type == "NUMBER" \
            and tokens[k + 1].type == "WORD" and tokens[k + 1].value.lower() == "longer":
        k += 2  # "for 6 months or longer"
    if k < len(tokens) and (tokens[k].type == "BEFORE" or (
            tokens[k].type == "HISTORY" and text[tokens[k].start_pos:tokens[k].end_pos].lower() == "prior")):
        k += 1  # "for 6 months prior (to screening)": up to the index date, as "for" reads
        if k < len(tokens) and tokens[k].type == "INDEX":
            k += 1
    q = k
    if q < len(tokens) and tokens[q].type == "LPAR":
        q += 1  # "Body weight stable for 3 months prior (±3 kg)": a tolerance in parentheses after it
        while q < len(tokens) and tokens[q].type in ("NUMBER", "UNIT", "CMP"):
            q += 1
        if q < len(tokens) and tokens[q].type == "RPAR" and q > k + 1:
            k = q + 1
    if not _part_ends(tokens, k):
        return None
    f = a
    if f > taken_to + 2 and tokens[f - 1].type == "RPAR":
        # "Weight stable (±5kg) for at least 6 months": a tolerance in parentheses between the subject and 'for'
        p = f - 1
        while p > taken_to and tokens[p - 1].type in ("NUMBER", "UNIT", "CMP"):
            p -= 1
        if p > taken_to and tokens[p - 1].type == "LPAR" and p < f - 1:
            f = p - 1
    s = f
    while s > taken_to and tokens[s - 1].type in _DURATION_WORDS:
        s -= 1
    if s > taken_to and tokens[s - 1].type == "ANALYTE" and any(t.type == "STABLE" for t in tokens[s:f]):
        s -= 1  # "Body weight stable": the stability of a measurement, which no rule reads
        while s > taken_to and tokens[s - 1].type in _DURATION_WORDS:
            s -= 1
    if s and tokens[s - 1].type in ("AND", "OR") and taken_to == 0:
        # "Constant body weight and dietary habits for the last 3 months": a stability said of a list from the
        # line's start is the list's; the whole of it, as written, is the subject
        c = s - 1
        while c > 0 and tokens[c - 1].type in _DURATION_WORDS | {"ANALYTE", "AND", "OR"}:
            c -= 1
        said_all = {w.lower() for w in re.findall(r"[^\W\d_]+", text[:tokens[f].start_pos])}
        if c == 0 and said_all & _STABILITY:
            s = 0
    if s and tokens[s - 1].type not in _DURATION_OPENERS:
        return None
    words = _without_edge_of(tokens[s:f])
    if not any(t.type in ("WORD", "SUBJECT", "ANALYTE") for t in words):
        return None
    said = list(re.finditer(r"[^\W\d_]+", text[:tokens[f].start_pos]))
    said = [m for m in said if m.start() >= (tokens[s - 1].end_pos if s else 0)]
    while said and said[0].group().lower() in _LEADING_FILLER:
        said = said[1:]  # "Patients with daily pain": who has it is no part of what lasts
    kept = {w for t in words for w in re.findall(r"[^\W\d_]+", text[t.start_pos:t.end_pos].lower())}
    before = {w.lower() for w in re.findall(r"[^\W\d_]+", text[tokens[taken_to].start_pos:tokens[f].start_pos])}
    if bare and not before & _STABILITY:
        return None  # with no 'for', only a stability lasts ("surgery 3 months prior" is a window: _ago_island)
    if before & _DURATION_NOT_SUBJECT:
        return None  # "Willing to be hospitalized on a research unit for 24 hours": a plan, not what lasted
    if not said or any(m.group().lower() not in kept and m.group().lower() not in _AGO_FILLER | _DROPPED_NOUNS
                       for m in said) or any(m.group().lower() in _DURATION_NOT_SUBJECT for m in said):
        return None
    # the subject as written from its first word ("Medication use stable": the lexer left 'medication' out)
    tok = _subject_token(text, [Token("WORD", "", start_pos=m.start(), end_pos=m.end()) for m in (said[0], said[-1])])
    if tok is None or len(tok.value) < 2:
        return None
    cmp = Token("CMP", op, start_pos=tok_a.start_pos, end_pos=tok_a.end_pos)
    r = _island(ln, [tok, cmp, number, unit], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    return dataclasses.replace(r, span=ln.span(tok.start_pos, tokens[k - 1].end_pos)), k


def _recent_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"Recent infectious gastroenteritis (for the last 6 weeks)": the parenthesis says how recent, the window
    of what 'recent' qualifies (as "Recent myocardial infarction (within the last 3 months)" is read), not how long
    it lasted.  Only with 'recent' before it, 'for the last' or 'for the past' in the parenthesis, and the
    parenthesis closing the line or the part; the words from the part's start to 'recent' must be none."""
    if not (a + 4 < len(tokens) and tokens[a].type == "LPAR" and tokens[a + 1].type == "FOR"
            and tokens[a + 2].type == "NUMBER" and tokens[a + 3].type == "TIMEUNIT" and tokens[a + 4].type == "RPAR"):
        return None
    end = a + 5
    if not _part_ends(tokens, end):
        return None
    text = ln.norm.text
    if not re.search(r"(?i)\bfor\s+the\s+(?:last|past)\b", text[tokens[a + 1].start_pos:tokens[a + 2].start_pos]):
        return None
    head = tokens[taken_to:a]
    if not head or head[0].type != "QUALIFIER" or head[0].value != "recent" or len(head) < 2:
        return None
    if re.search(r"[^\W\d_]", text[tokens[taken_to - 1].end_pos if taken_to else 0:head[0].start_pos]):
        return None
    within = Token("WITHIN", "", start_pos=tokens[a + 1].start_pos, end_pos=tokens[a + 1].end_pos)
    r = _island(ln, head + [within, tokens[a + 2], tokens[a + 3]], role)
    if r is None:
        return None
    return dataclasses.replace(r, span=ln.span(head[0].start_pos, tokens[end - 1].end_pos)), end


def _post_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """'<6 months post-partum' as a part of its own ("Currently pregnant, <6 months post-partum, nursing, or ..."):
    the time since the condition began, read as the grammar reads '<6 months after postpartum' (``onset of
    postpartum within < 6 month``); screener/parse/ago.py does it where no list goes on after it."""
    if not (a == taken_to and a + 3 < len(tokens) and tokens[a].type == "CMP"
            and [t.type for t in tokens[a + 1:a + 4]] == ["NUMBER", "TIMEUNIT", "CONDITION"]
            and tokens[a + 2].value in _TIME_UNITS):
        return None
    cond = tokens[a + 3]
    if not re.match(r"(?i)post\b|post-|postpartum|postnatal", ln.norm.text[cond.start_pos:cond.end_pos]):
        return None
    end = a + 4
    if not _part_ends(tokens, end):
        return None
    after = Token("AFTER", "after", start_pos=cond.start_pos, end_pos=cond.start_pos)
    r = _island(ln, tokens[a:a + 3] + [after, cond], role)
    if r is None:
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, cond.end_pos)), end


def _time3_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """Round 3's time islands (docs/notes/issue-5-time3.md): an ability held for a time, a window from a named
    completion that opens the part, a span of an unknown thing in a window."""
    return (_ability_island(ln, tokens, a, role) or _completion_window_island(ln, tokens, a, taken_to, role)
            or _span_of_island(ln, tokens, a, taken_to, role) or _drug_or_longer_island(ln, tokens, a, taken_to, role))


# the words of an ability: what one is (un)able to do, up to 'for <n> <unit>'
_ABILITY_WORDS = frozenset({"WORD", "SUBJECT", "NOT", "AND", "OF"})
_ABILITY_UNITS = frozenset({"min", "s", "h"})


def _ability_island(ln: Line, tokens: list[Token], a: int, role: Role):
    """"unable to sit in a chair without armrests for 2 hours", "able to stand still ... for 60 seconds": how
    long one can keep doing something the vocabulary does not know, read as "able to walk for at least 5
    minutes" is ("walk" >= 5 min); 'for <n>' says at least that long, 'unable' negates it.  Only hours,
    minutes and seconds (a time one holds a posture or an activity), and nothing but a separator after."""
    if not (a + 2 < len(tokens) and tokens[a].type == "JUDGE" and tokens[a].value.lower() in ("able", "unable")
            and tokens[a + 1].type == "TO"):
        return None
    k = a + 2
    while k < len(tokens) and tokens[k].type in _ABILITY_WORDS:
        k += 1
    if not (k > a + 2 and k + 2 < len(tokens) and tokens[k].type == "FOR" and tokens[k + 1].type == "NUMBER"):
        return None
    unit = tokens[k + 2]
    if not ((unit.type == "UNIT" and unit.value in _ABILITY_UNITS)
            or (unit.type == "TIMEUNIT" and unit.value == "hour")):
        return None
    end = k + 3
    if not _part_ends(tokens, end):
        return None
    words = tokens[a + 2:k]
    if words[0].type != "WORD" or words[-1].type not in ("WORD", "SUBJECT"):
        return None
    tok = _subject_token(ln.norm.text, words)
    if tok is None:
        return None
    cmp = Token("CMP", ">=", start_pos=tokens[k].start_pos, end_pos=tokens[k].end_pos)
    r = _island(ln, [tok, cmp, tokens[k + 1], unit], role)
    if not isinstance(r, ir.Unmapped):
        return None
    span = ln.span(tokens[a].start_pos, unit.end_pos)
    r = dataclasses.replace(r, span=span)
    return (ir.Not(item=r, span=span) if tokens[a].value.lower() == "unable" else r), end


def _completion_window_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"Cohort 1 only: within 2 years of completing initial chemotherapy treatment": a window that opens the line
    (or follows a label) and names what it is counted from; that event itself lies in the window, an unmapped
    subject as "within 2 years of surgery" is read.  A window after other words ("stroke ... within one month of
    the fracture") is counted from another event and is left alone."""
    if not (a + 4 < len(tokens) and tokens[a].type == "WITHIN" and tokens[a + 1].type == "NUMBER"
            and tokens[a + 2].type == "TIMEUNIT" and tokens[a + 2].value in _TIME_UNITS
            and tokens[a + 3].type == "OF" and tokens[a + 4].type == "WORD"):
        return None
    if not (a == 0 or (a == taken_to and tokens[a - 1].type in ("SEMI",)) or tokens[a - 1].type == "COLON"):
        return None
    if not re.match(r"(?i)(?:completing|completion|finishing|the\s+end|end)\b",
                    ln.norm.text[tokens[a + 4].start_pos:]):
        return None
    end = a + 4
    while end < len(tokens) and tokens[end].type in ("WORD", "SUBJECT", "OF", "DRUG_CLASS", "DRUG"):
        end += 1
    if not _part_ends(tokens, end):
        return None
    text = ln.norm.text
    stop = tokens[end].start_pos if end < len(tokens) else len(text)
    last = tokens[end - 1]
    tail = re.match(r"(?:\s+[^\W\d_]+)*", text[last.end_pos:stop])  # words the lexer left out ("treatment")
    last = Token(last.type, last.value, start_pos=last.start_pos, end_pos=last.end_pos + tail.end())
    tok = _subject_token(text, tokens[a + 4:end - 1] + [last])
    if tok is None:
        return None
    r = _island(ln, [tok, tokens[a], tokens[a + 1], tokens[a + 2]], role)
    if not isinstance(r, ir.Unmapped):
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tokens[end - 1].end_pos)), end


# words that may come before a drug whose use lasted: how often it is taken
_USE_FREQUENCY = frozenset({"daily", "almost", "nearly", "regular", "regularly", "continuous", "chronic"})


def _drug_or_longer_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"(daily or almost daily opioid use for 3 months or longer)": how long a known drug has been taken, with the
    side said by 'or longer' after the number (taking opioids for >= 3 month, as "for at least 3 months" is read).
    Only where the drug opens the part or a parenthesis, after words of how often alone, and nothing but a
    separator or the parenthesis's end after 'or longer' (a stop, a hold or a plan is no use that lasted)."""
    if not (a + 5 < len(tokens) and tokens[a].type in ("DRUG", "DRUG_CLASS") and tokens[a + 1].type == "FOR"
            and tokens[a + 2].type == "NUMBER" and tokens[a + 3].type == "TIMEUNIT"
            and tokens[a + 3].value in _TIME_UNITS and tokens[a + 4].type == "OR" and tokens[a + 5].type == "WORD"
            and tokens[a + 5].value.lower() == "longer"):
        return None
    s = a
    while s > taken_to and tokens[s - 1].type in ("WORD", "OR") \
            and tokens[s - 1].value.lower() in _USE_FREQUENCY | {"or"}:
        s -= 1
    if not (s == 0 or tokens[s - 1].type in ("LPAR", "SEMI", "COMMA")):
        return None
    end = a + 6
    if not _part_ends(tokens, end):
        return None
    cmp = Token("CMP", ">=", start_pos=tokens[a + 4].start_pos, end_pos=tokens[a + 5].end_pos)
    r = _island(ln, [tokens[a], tokens[a + 1], cmp, tokens[a + 2], tokens[a + 3]], role)
    if not isinstance(r, ir.DrugUse) or r.window is not None or r.lasting is None:
        return None
    return dataclasses.replace(r, span=ln.span(tokens[s].start_pos, tokens[a + 5].end_pos)), end


def _span_of_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"more than 72 hours of hospitalization in the last 30 days", "> 8 consecutive weeks of seizure freedom during
    the 12 weeks prior to screening": how long something the vocabulary does not know lasted, in a window
    ("hospitalization" > 72 hour within 30 day).  Only at the part's start, with a comparator, unknown words
    between 'of' and the window (a known condition may open them: "seizure freedom" is no seizure), and nothing
    but 'prior to <index>' or a separator after it."""
    if not (a + 4 < len(tokens) and tokens[a].type == "CMP" and tokens[a + 1].type == "NUMBER"
            and tokens[a + 2].type == "TIMEUNIT" and tokens[a + 2].value in _TIME_UNITS
            and tokens[a + 3].type == "OF") or a != taken_to:
        return None
    if a and tokens[a - 1].type not in _DURATION_OPENERS | {"SEMI", "COLON"}:
        return None
    k = a + 4
    while k < len(tokens) and tokens[k].type in ("WORD", "SUBJECT", "CONDITION"):
        k += 1
    # a known condition may open the words ("seizure freedom"), never end them ("of seizures": the grammar's)
    if not (k > a + 4 and tokens[k - 1].type in ("WORD", "SUBJECT")):
        return None
    window = (k + 2 < len(tokens) and tokens[k].type == "WITHIN" and tokens[k + 1].type == "NUMBER"
              and tokens[k + 2].type == "TIMEUNIT" and tokens[k + 2].value in _TIME_UNITS)
    end = k + 3 if window else k
    if window and end < len(tokens) and tokens[end].type == "BEFORE":  # "during the 12 weeks prior to screening"
        end += 1
        if end < len(tokens) and tokens[end].type == "INDEX":
            end += 1
    if not _part_ends(tokens, end):
        return None
    tok = _subject_token(ln.norm.text, tokens[a + 4:k])
    if tok is None:
        return None
    r = _island(ln, [tok] + tokens[a:a + 3] + (tokens[k:k + 3] if window else []), role)
    if not isinstance(r, ir.Unmapped) or r.test is None:
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tokens[end - 1].end_pos)), end


# "minimum disease duration of", "The expected duration of surgery is": a duration named as such, then its limit
_NAMED_DURATION = re.compile(r"(?i)^\W*(?:(?P<lead>minimum|maximum)\s+(?:of\s+)?)?(?:the\s+)?"
                             r"(?P<subject>(?:[^\W\d_]+[-\s]+){0,3}duration(?:\s+of\s+(?:[^\W\d_]+\s+){0,2}?"
                             r"[^\W\d_]+)?)\s+(?:of|is|was)\s*$")
_NAMED_DURATION_END = {"longer": ">=", "more": ">=", "shorter": "<=", "less": "<="}


def _named_duration_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """A duration the text names, on what the vocabulary does not know: "minimum disease duration of 5 years"
    ("disease duration" >= 5 year), "The expected duration of surgery is 2 hours or longer" ("expected duration
    of surgery" >= 2 hour), as "Pain duration <2 weeks" is read.  The limit's side is said by 'minimum' or
    'maximum' before, or 'or longer', 'or more', 'or less' after; the words from the part's start to the number
    are all the subject (none the vocabulary knows), and nothing but a separator follows."""
    if not (a + 1 < len(tokens) and tokens[a].type == "NUMBER" and tokens[a + 1].type == "TIMEUNIT"
            and tokens[a + 1].value in _TIME_UNITS) or a == taken_to:
        return None
    if taken_to and tokens[taken_to - 1].type not in _DURATION_OPENERS | {"SEMI"}:
        return None
    head = tokens[taken_to:a]
    if head[0].type == "CMP":
        head = head[1:]  # ('minimum', read in the text below)
    if not head or any(t.type not in ("WORD", "SUBJECT", "OF") for t in head):
        return None
    text = ln.norm.text
    lo = tokens[taken_to - 1].end_pos if taken_to else 0
    m = _NAMED_DURATION.match(text[lo:tokens[a].start_pos])
    if not m:
        return None
    ops = []
    if m.group("lead"):
        ops.append(">=" if m.group("lead").lower() == "minimum" else "<=")
    end = a + 2
    if end + 1 < len(tokens) and tokens[end].type == "OR" and tokens[end + 1].type == "WORD" \
            and tokens[end + 1].value.lower() in _NAMED_DURATION_END:
        ops.append(_NAMED_DURATION_END[tokens[end + 1].value.lower()])
        end += 2
    if len(set(ops)) != 1 or not _part_ends(tokens, end):
        return None
    sub = lo + m.start("subject")
    tok = _subject_token(text, [Token("WORD", "", start_pos=sub, end_pos=lo + m.end("subject"))])
    if tok is None:
        return None
    cmp = Token("CMP", ops[0], start_pos=tokens[a].start_pos, end_pos=tokens[a].start_pos)
    r = _island(ln, [tok, cmp, tokens[a], tokens[a + 1]], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    return dataclasses.replace(r, span=ln.span(tok.start_pos, tokens[end - 1].end_pos)), end


_STABILITY = frozenset({"stable", "constant", "unchanged", "steady"})
_LEADING_FILLER = frozenset({"patients", "patient", "subjects", "subject", "participants", "participant", "with",
                             "the", "a", "an", "of", "has", "have", "had", "having", "been", "is", "are", "be"})
# words the lexer leaves out that may still name what lasted
_DROPPED_NOUNS = frozenset({"medication", "medications", "therapy", "therapies", "treatment", "treatments"})
# words that make the words before a duration no subject that lasted: a plan, a wish, a period
_DURATION_NOT_SUBJECT = frozenset({"willing", "able", "agree", "agrees", "available", "plan", "plans", "planned",
                                   "planning", "will", "intend", "intends", "expected", "stay", "hold", "stop",
                                   "discontinue", "abstain", "suspend", "washout", "during", "period", "after",
                                   "from", "until", "since", "within", "follow", "up", "study", "trial",
                                   "intervention", "program", "programme", "participate", "participation"})


# what ends the words a loose island takes as its subject
_SUBJECT_STOP = frozenset({"COMMA", "SEMI", "COLON", "AND", "OR", "CMP", "NUMBER", "UNIT", "TIMEUNIT", "MANUAL",
                           "STRING", "WITHIN", "BETWEEN", "CMP_POST", "AND_CMP", "OR_CMP", "NOT"})


def _loose_island(ln: Line, tokens: list[Token], a: int, e: int, taken_to: int, role: Role):
    """A comparison whose subject the vocabulary does not know and the lexer did not fold:
    the words right before it ("... cardiovascular event (< 2 months)": the words before the
    parenthesis), else right after it ("at least 2 previous regimens"), become an unmapped
    subject.  It keeps the numbers; no record can decide it (the line is partial)."""
    if tokens[a].type == "CMP" and (a + 1 >= len(tokens) or tokens[a + 1].type != "NUMBER"):
        return None  # "under treatment", "over a period": a preposition, not a comparator
    s = a
    if s > taken_to and tokens[s - 1].type == "LPAR":
        s -= 1
    while s > taken_to and tokens[s - 1].type not in _SUBJECT_STOP and tokens[s - 1].type != "LPAR":
        s -= 1
    words = [t for t in tokens[s:a] if t.type not in ("LPAR", "RPAR", "OF", "FOR")]
    named = [t for t in words if t.type in _SUBJECT_TYPES]
    if named:
        # "ischemic stroke occurring within 2 weeks": the known subject with the comparison,
        # the words between left out (the line is partial); never called "unmapped"
        for end in range(e, a, -1):
            if _cuts_quantity(tokens, end, ln.norm.text):
                continue
            r = _island(ln, [named[-1]] + tokens[a:end], role)
            if r is not None:
                return dataclasses.replace(r, span=ln.span(named[-1].start_pos, tokens[end - 1].end_pos)), end
        # "central obesity - waist circumference >= 88 cm": the words after the known
        # subject name what is compared
        words = _trailing_words(tokens, a)
        if not words:
            return None
    k = a + 1 if tokens[a].type == "CMP" else a
    if k < len(tokens) and tokens[k].type == "NUMBER":
        k += 1
        while k < len(tokens) and tokens[k].type == "CMP_POST":
            k += 1
        if k < len(tokens) and tokens[k].type == "OF":
            return None  # "at least one of the following", "one or more of": a count of listed items
    if words and words[0].type in ("AND", "OR"):
        return None
    after = None  # where the subject ends when it follows the comparison
    if not words:
        if e < len(tokens) and _rate_word(tokens[e]):
            return None  # ">= 5 days per week E-cig use": a rate, which no rule reads
        k = e
        while k < len(tokens) and tokens[k].type not in _SUBJECT_STOP and tokens[k].type not in ("LPAR", "RPAR"):
            k += 1
        words = [t for t in tokens[e:k] if t.type not in ("OF", "FOR")]
        if any(t.type in _SUBJECT_TYPES for t in words):
            return None
        after = k
    if not words:
        return None
    tok = _subject_token(ln.norm.text, words)
    if tok is None or len(tok.value) < 2:
        return None  # a letter names nothing ("18 to 27D": dioptres, the D left as a word)
    for end in range(e, a, -1):
        if after is None and _cuts_quantity(tokens, end, ln.norm.text) and not value_ends(tokens, end, ln.norm.text):
            continue
        r = _island(ln, [tok] + tokens[a:end], role)
        if r is not None:
            first = min(tokens[a].start_pos, tok.start_pos)
            last = max(tokens[end - 1].end_pos, tok.end_pos)
            return dataclasses.replace(r, span=ln.span(first, last)), (end if after is None else after)
    return None


# the words of an event timed from the start of something ("intraventricular hemorrhage (IVH) in the first 48 hours")
_FIRST_EVENT = frozenset({"WORD", "SUBJECT", "CONDITION", "OF"})
_FIRST_OPENERS = frozenset({"SEMI", "COMMA", "LPAR", "OR", "CLAUSE_OR", "CLAUSE_COMMA", "COLON"})
_FIRST_UNITS = frozenset({"hour", "day"})
# words that make the hours no event's: a condition ("if within the first 4.5h"), a window the lexer left as a word,
# or the people themselves ("STEMI patients during the first 12 hours of symptom onset": how soon they come)
_FIRST_NOT_EVENT = frozenset({"if", "when", "unless", "during", "in", "within", "patients", "patient", "subjects",
                              "subject", "participants", "participant", "women", "men", "children", "infants",
                              "neonates", "newborns", "people", "persons", "individuals", "adults"})


def _first_hours_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"Any intraventricular hemorrhage (IVH) in the first 48 hours", "Intra-abdominal infection collected undrained
    in the first 24 hours of management": something that happened in the first hours of life, of a stay or of a
    treatment.  The hours are counted from that start, not back from today, so no window: how long after the start
    it came ("time from management to ..." <= 24 hour), an unmapped subject whose words say what is timed and from
    what ("time to ..." where the line names no start: it does not say which).  Only unknown words that open
    the part (a known condition may stand among them, never end them), 'in/within/during the first <n> hours|days',
    an optional 'of <start>', then the part's end or 'or'."""
    if not (a + 3 < len(tokens) and tokens[a].type == "WORD" and tokens[a].value.lower() == "first"
            and tokens[a + 1].type == "NUMBER" and tokens[a + 2].type == "TIMEUNIT"
            and tokens[a + 2].value in _FIRST_UNITS):
        return None
    if not re.search(r"(?i)\b(?:in|within|during)\s+the\s+$", ln.norm.text[:tokens[a].start_pos]):
        return None
    e = a
    if e > taken_to and tokens[e - 1].type == "WITHIN":
        e -= 1
    s = e
    while s > taken_to and tokens[s - 1].type in _FIRST_EVENT:
        s -= 1
    if s > taken_to and tokens[s - 1].type == "ALLSEX" and tokens[s - 1].value.lower() == "any":
        opener = s - 1
    else:
        opener = s
    if not (opener == 0 or (opener >= taken_to and opener > 0 and tokens[opener - 1].type in _FIRST_OPENERS)):
        return None
    event = _without_edge_of(tokens[s:e])
    if not event or event[-1].type not in ("WORD", "SUBJECT"):
        return None
    end = a + 3
    start_words: list[Token] = []
    if end + 1 < len(tokens) and tokens[end].type == "OF" and tokens[end + 1].type == "WORD":
        k = end + 1
        while k < len(tokens) and tokens[k].type == "WORD":
            k += 1
        start_words, end = tokens[end + 1:k], k
    if not (_part_ends(tokens, end) or tokens[end].type in ("OR", "CLAUSE_OR")):
        return None
    what = _subject_token(ln.norm.text, event)
    if what is None or _FIRST_NOT_EVENT & set(what.value.lower().split()):
        return None
    since = _subject_token(ln.norm.text, start_words) if start_words else None
    if start_words and since is None:
        return None
    name = f"time from {since.value} to {what.value}" if since else f"time to {what.value}"
    tok = Token("SUBJECT", name, start_pos=what.start_pos, end_pos=what.end_pos)
    cmp = Token("CMP", "<=", start_pos=tokens[a].start_pos, end_pos=tokens[a].end_pos)
    r = _island(ln, [tok, cmp, tokens[a + 1], tokens[a + 2]], role)
    if not isinstance(r, ir.Unmapped) or r.test is None:
        return None
    return dataclasses.replace(r, span=ln.span(tokens[opener].start_pos, tokens[end - 1].end_pos)), end


# the words of the event a time is counted from ("from time of neutrophil engraftment post AHCT")
_FROM_EVENT = frozenset({"WORD", "SUBJECT", "CONDITION", "ANALYTE", "PROCEDURE", "OF"})
_FROM_GAP = re.compile(r"(?i)\s+from\s+(?:the\s+)?$")


def _from_event_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"Patients who are greater than 2 days from time of neutrophil engraftment post AHCT", "≤ 4 weeks from major
    surgery or ≤ 2 weeks from minor surgery": how long ago something the vocabulary does not know happened, with the
    event after 'from' (an unmapped subject, as "> 4.5 hours from the last time known to be asymptomatic" is read
    on main: "time known to be asymptomatic" > 4.5 hour).  The second limit of "A or ≤ 2 weeks from B" (an 'or ≤'
    the lexer made one token) is read the same way when the first was read right before it.  Only where the
    comparison opens its part, the event's words run to the part's end or an 'or', hold an unknown word and end in
    one (a known condition, analyte or procedure may stand among them: "neutrophil" is no count here)."""
    if not (a + 3 < len(tokens) and tokens[a].type in ("CMP", "OR_CMP") and tokens[a + 1].type == "NUMBER"
            and tokens[a + 2].type == "TIMEUNIT" and tokens[a + 2].value in _TIME_UNITS
            and tokens[a].value in _DURATION_CMP):
        return None
    if tokens[a].type == "OR_CMP":
        if not (a and a == taken_to):
            return None
    elif not (a == 0 or (a >= taken_to and tokens[a - 1].type in _DURATION_OPENERS | {"SEMI", "COLON", "OR"})):
        return None
    if not _FROM_GAP.match(ln.norm.text[tokens[a + 2].end_pos:tokens[a + 3].start_pos] + " "):
        return None
    end = a + 3
    while end < len(tokens) and tokens[end].type in _FROM_EVENT:
        end += 1
    words = tokens[a + 3:end]
    if not words or words[0].type == "OF" or words[-1].type not in ("WORD", "SUBJECT"):
        return None
    if not (_part_ends(tokens, end) or tokens[end].type in ("OR", "OR_CMP", "CLAUSE_OR")):
        return None
    tok = _subject_token(ln.norm.text, words)
    if tok is None:
        return None
    cmp = Token("CMP", tokens[a].value, start_pos=tokens[a].start_pos, end_pos=tokens[a].end_pos)
    r = _island(ln, [tok, cmp, tokens[a + 1], tokens[a + 2]], role)
    if not isinstance(r, ir.Unmapped) or r.test is None:
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, words[-1].end_pos)), end


def _post_procedure_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"4.At least 3 months post-amputation per physician discretion": the time since a procedure, written with
    'post' after '<n> <unit>', read as the grammar reads "amputation at least 3 months ago" ("amputation" >= 3
    month; the grammar has no 'ago' for a procedure, so an unmapped subject); "At least 6 months post-stroke", a
    condition, is the grammar's own.  Only where the comparison opens the part (a list number "4." before it
    aside), one procedure after 'post', then the part's end or 'per <who judges>'."""
    if not (a + 4 < len(tokens) and tokens[a].type == "CMP" and tokens[a].value in _DURATION_CMP
            and tokens[a + 1].type == "NUMBER" and tokens[a + 2].type == "TIMEUNIT"
            and tokens[a + 2].value in _TIME_UNITS and tokens[a + 3].type == "WORD"
            and tokens[a + 3].value.lower() == "post" and tokens[a + 4].type == "PROCEDURE"):
        return None
    opens = (a == taken_to and (a == 0 or tokens[a - 1].type in _DURATION_OPENERS | {"SEMI", "COLON"})) or (
        a == 1 and taken_to == 0 and tokens[0].type == "NUMBER"
        and re.fullmatch(r"\s*\d+\.\s*", ln.norm.text[:tokens[a].start_pos]))
    if not opens:
        return None
    end = a + 5
    if end < len(tokens) and tokens[end].type == "WORD" and tokens[end].value.lower() == "per":
        end += 1
        while end < len(tokens) and tokens[end].type in ("WORD", "JUDGE"):
            end += 1
        if end < len(tokens):
            return None
    elif not _part_ends(tokens, end):
        return None
    proc = tokens[a + 4]
    tok = _subject_token(ln.norm.text, [proc])
    if tok is None:
        return None
    ago = Token("BEFORE", "ago", start_pos=proc.end_pos, end_pos=proc.end_pos)
    r = _island(ln, [tok] + tokens[a:a + 3] + [ago], role)
    if not isinstance(r, ir.Unmapped) or r.test is None:
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, proc.end_pos)), end


_SUBJECT_TYPES = frozenset({"ANALYTE", "SUBJECT", "AGE", "DRUG", "DRUG_CLASS", "CONDITION", "PROCEDURE", "IMMUNIZATION", "STUDY"})


def partial(ln: Line, tokens: list[Token], role: Role, whole_errs: list[Diagnostic]):
    """Compile the top-level parts of a line that did not compile whole."""
    lead = next((k for k, t in enumerate(tokens) if t.type not in ("WORD", "JUDGE")), None)
    negated = lead is not None and tokens[lead].type == "NOT" and len(depth0(tokens, {"NOT"})) == 1
    if negated:
        # "Free of any systemic diseases including hypertension, diabetes, coronary artery disease": the
        # negation in front is the whole list's, not the first part's; read apart, the parts after the
        # first would each say the opposite of the line
        tokens = tokens[:lead] + tokens[lead + 1:]
    cuts = depth0(tokens, {"SEMI", "COMMA"})
    # the 'or's of a serial "A, B, or C" (the lexer made its commas 'or's and dropped the comma of ", or")
    ors = [k for k in depth0(tokens, {"OR"}) if ln.norm.text[tokens[k].start_pos:tokens[k].end_pos] == ","
           or (k and "," in ln.norm.text[tokens[k - 1].end_pos:tokens[k].start_pos])]
    serial = bool(ors)
    if serial:  # its items are the parts
        cuts = sorted(cuts + ors)
    cuts = [k for k in cuts if k not in _window_list_cuts(ln, tokens, role)]  # "A, B or C 4 weeks prior": one part
    segments = split_at(tokens, cuts) if cuts else [tokens]
    good, skipped, errs = [], [], []
    for seg in segments:
        r, sk, es = attempt(ln, seg, role) if cuts else (None, [], whole_errs)
        if r is not None and not isinstance(r, Forbids):
            good.append(r)
            skipped += sk
            continue
        islands = _islands(ln, seg, role)
        if not islands and (head := _ends6_condition(ln, seg, role, tokens)):  # ends6: a diagnosis the words around fail
            islands, skipped = [head[0]], skipped + head[1]
        if islands:
            good.extend(islands)
        errs += es
    if not good:
        return None, [], whole_errs, "unsupported"
    s, e = tokens[0].start_pos, tokens[-1].end_pos
    note = ln.diag("rule.partial", "warning", f"{len(good)} of {len(good) + len(errs)} parts compiled", s, e)
    joins = {tokens[k].type for k in depth0(tokens, {"SEMI", "COMMA", "AND", "OR"})}
    if negated:
        rule = ir.Not(item=good[0] if len(good) == 1 else ir.Any(items=tuple(good), span=ln.span(s, e)),
                      span=ln.span(s, e))
    elif len(good) == 1:
        rule = good[0]
    elif role == "exclusion" or (serial and joins == {"OR"}) or _either_or(ln, tokens, joins):
        # (the parts of a serial "or" list are alternatives in an inclusion too)
        rule = ir.Any(items=tuple(good), span=ln.span(s, e))
    else:
        rule = ir.All(items=tuple(good), span=ln.span(s, e))
    return rule, skipped, [note] + errs, "partial"


def _either_or(ln: Line, tokens: list[Token], joins: set) -> bool:
    """'A Hamilton scale score (HDS-17) of >= 18 and/or a sub-scale (HDSS) score of >= 9 within ...': parts
    joined only by an "and/or" are alternatives (either holding is enough), not all required."""
    if joins != {"OR"}:
        return False
    ors = depth0(tokens, {"OR"})
    # (the normalized text has "or" for "and/or": the line as written says which)
    if len(ors) != 1 or ors[0] == 0:
        return False
    return ln.written(tokens[ors[0] - 1].end_pos, tokens[ors[0]].end_pos).rstrip().endswith("and/or")


# ---- counts and frequencies, round 4 (docs/notes/issue-5-counts4.md) ----------------------------------------

_FREQ_WORDS = {"daily": "/d", "weekly": "/wk", "monthly": "/mo", "yearly": "/a", "annually": "/a"}


def _counts4_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """A frequency written with an adverb ("at a frequency of twice weekly or greater"), or a count said to
    exist ("there is at least 1 measurable lesion that has not been previously irradiated")."""
    if tokens[a].type == "NUMBER" or (tokens[a].type == "CMP" and a + 1 < len(tokens)
                                      and tokens[a + 1].type == "NUMBER"):
        return (_frequency_island(ln, tokens, a, taken_to, role) or _there_is_count(ln, tokens, a, taken_to, role)
                or _bare_count(ln, tokens, a, role) or _count_range(ln, tokens, a, role))
    if tokens[a].type == "OR_CMP":
        return _or_count(ln, tokens, a, role)
    return None


def _or_count(ln: Line, tokens: list[Token], a: int, role: Role):
    """A count after the "or" of a list: "(ADH with zonal necrosis, significant cytological atypia or more than 2
    foci)" -> "foci" > 2 (the lexer reads "or more than" as one comparator).  Only "or more/fewer/less than" or
    "or at least" in words, then plural words (at most four) ending the part (")", ",", ";", the end)."""
    text = ln.norm.text
    if not (a + 2 < len(tokens) and tokens[a + 1].type == "NUMBER" and tokens[a + 2].type == "WORD"):
        return None
    if not re.fullmatch(r"(?i)or\s+(?:(?:more|fewer|less)\s+than|at\s+least)", text[tokens[a].start_pos:tokens[a].end_pos]):
        return None
    if not text[tokens[a + 2].start_pos - 1].isspace() or _ucum_word(text[tokens[a + 2].start_pos:tokens[a + 2].end_pos]):
        return None
    k = a + 2
    while k < len(tokens) and k - a - 2 < 4 and tokens[k].type == "WORD":
        k += 1
    if k < len(tokens) and tokens[k].type not in _COUNT_ENDS:
        return None
    if k == len(tokens) and not re.match(r"\s*(?:[.,;)]|$)", text[tokens[k - 1].end_pos:]):
        return None
    if k < len(tokens) and not re.fullmatch(r"\s*", text[tokens[k - 1].end_pos:tokens[k].start_pos]):
        return None  # a word left out
    if float(tokens[a + 1].value) > 1 and not re.search(r"(?i)(?:s|i|teeth|children|people)$",
                                                         text[tokens[a + 2].start_pos:tokens[k - 1].end_pos]):
        return None
    tok = _subject_token(text, tokens[a + 2:k])
    if tok is None:
        return None
    op = Token("CMP", tokens[a].value, start_pos=tokens[a].start_pos, end_pos=tokens[a].end_pos)
    r = _island(ln, [tok, op, tokens[a + 1]], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tokens[k - 1].end_pos)), k


def _count_range(ln: Line, tokens: list[Token], a: int, role: Role):
    """"a minimum of 1 and a maximum of 12 primary anterior teeth with early carious lesions Class V": a count
    between two limits of the plural words after it ("primary anterior teeth with early carious lesions" >= 1
    and <= 12).  A class word ending the words the lexer joined (the "Class V" after them) is left to the
    comparison that follows."""
    text = ln.norm.text
    if not (a + 4 < len(tokens) and tokens[a].type == "CMP" and tokens[a + 2].type == "AND_CMP"
            and tokens[a + 3].type == "NUMBER" and tokens[a + 4].type in ("SUBJECT", "WORD")):
        return None
    said = [text[tokens[i].start_pos:tokens[i].end_pos].lower() for i in (a, a + 2)]
    if not (re.fullmatch(r"(?:a )?minimum of|at least", said[0])
            and re.fullmatch(r"and (?:a )?maximum of|and at most|and no more than", said[1])):
        return None
    words = text[tokens[a + 4].start_pos:tokens[a + 4].end_pos]
    own = a + 5 < len(tokens) and tokens[a + 5].type == "CMP"
    if own:
        words = re.sub(r"(?i)\s+(?:class|stage|grade|type)$", "", words)
    if not re.search(r"(?i)(?:s|teeth|children|people)\b", words) or _ucum_word(words.split()[0]):
        return None
    tok = _subject_token(text, [Token("WORD", words, start_pos=tokens[a + 4].start_pos,
                                      end_pos=tokens[a + 4].start_pos + len(words))])
    if tok is None:
        return None
    r = _island(ln, [tok] + tokens[a:a + 4], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    end = a + 4 if own else a + 5
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tok.end_pos)), end


_PLURAL = re.compile(r"(?i)(?:s|teeth|children|feet|people|women|men)$")


def _bare_count(ln: Line, tokens: list[Token], a: int, role: Role):
    """A line that is a number of things written in words and nothing else: "Four video-recordings of TURBs.",
    "two parents in the home", "(Not) providing four video recordings of TURB procedures": at least that many
    ("video recordings of turbs" >= 4), as counts3 read "Completion of 3 open water dives".  Only a number word
    (not a digit: "13 moderate-to-severe word finding difficulties (maximum of 60% ...)" is an item's number) of
    two or more, at the line's start (or after "not <verb>ing", the negation read by ``partial``), then plural
    words only, to the end of the line or a comma."""
    text = ln.norm.text
    if tokens[a].type != "NUMBER" or not text[tokens[a].start_pos:tokens[a].end_pos].isalpha():
        return None
    if float(tokens[a].value) < 2 or not re.fullmatch(r"(?i)\s*(?:not\s+[a-z]+ing\s*)?", text[:tokens[a].start_pos]):
        return None
    k = a + 1
    while k < len(tokens) and tokens[k].type in ("WORD", "OF"):
        k += 1
    if k == a + 1 or tokens[a + 1].type != "WORD" or tokens[k - 1].type != "WORD":
        return None
    if k < len(tokens) and tokens[k].type not in ("COMMA", "CLAUSE_COMMA"):
        return None
    if k == len(tokens) and not re.fullmatch(r"[\s.,;]*", text[tokens[k - 1].end_pos:]):
        return None
    if not any(_PLURAL.search(text[t.start_pos:t.end_pos]) for t in tokens[a + 1:k] if t.type == "WORD"):
        return None
    if _ucum_word(text[tokens[a + 1].start_pos:tokens[a + 1].end_pos]):
        return None
    tok = _subject_token(text, tokens[a + 1:k])
    if tok is None:
        return None
    cmp = Token("CMP", ">=", start_pos=tokens[a].start_pos, end_pos=tokens[a].start_pos)
    r = _island(ln, [tok, cmp, tokens[a]], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tokens[k - 1].end_pos)), k


def _frequency_island(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"(doing these procedures at a frequency of) twice weekly or greater", "at least 3 times weekly": a rate of
    what the words before say, with the rate as its unit ("doing these procedures" >= 2 /wk); never a count, never
    a duration.  Only with a comparator (a bare "4 times/week" says neither at least nor exactly)."""
    text = ln.norm.text
    n = a + 1 if tokens[a].type == "CMP" else a
    if a and tokens[a - 1].type in ("CMP", "NUMBER"):
        return None
    if not (n + 2 < len(tokens) and tokens[n + 1].type == "TIMES" and tokens[n + 2].type == "WORD"
            and tokens[n + 2].value.lower() in _FREQ_WORDS):
        return None
    end = n + 3
    if tokens[a].type == "CMP":
        cmp = tokens[a:n + 1]
    elif end < len(tokens) and tokens[end].type == "CMP_POST":
        cmp = _prefixed(tokens[n], tokens[end])
        end += 1
    else:
        return None
    if end < len(tokens) and tokens[end].type in ("NUMBER", "SLASH", "UNIT", "TIMEUNIT", "TIMES"):
        return None
    s = a
    if s >= 2 and tokens[s - 1].type == "OF" and tokens[s - 2].type == "WORD" and tokens[s - 2].value.lower() == "frequency":
        s -= 2  # "at a frequency of"
    words = []
    k = s
    while k > taken_to and tokens[k - 1].type in ("WORD", "SUBJECT"):
        k -= 1
    words = tokens[k:s]
    if not words:
        return None
    said = text[words[0].start_pos:words[-1].end_pos]
    said = re.sub(r"(?i)(?:\s+at)?(?:\s+an?)?\s*$", "", said)
    if not said or not subject_words(said):
        return None
    tok = _subject_token(text, [w for w in words if w.end_pos <= words[0].start_pos + len(said)])
    if tok is None:
        return None
    unit = Token("UNIT", _FREQ_WORDS[tokens[n + 2].value.lower()], start_pos=tokens[n + 1].start_pos,
                 end_pos=tokens[n + 2].end_pos)
    r = _island(ln, [tok] + cmp + [unit], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tokens[end - 1].end_pos)), end


def _there_is_count(ln: Line, tokens: list[Token], a: int, taken_to: int, role: Role):
    """"there is at least 1 measurable lesion that has not been previously irradiated": a count said to exist, of
    the words after it up to the part's end, the relative clause kept in the subject ("measurable lesion that has
    not been previously irradiated" >= 1)."""
    text = ln.norm.text
    if tokens[a].type != "CMP" or not re.search(r"(?i)\bthere\s+(?:is|are|must\s+be)\s*$", text[:tokens[a].start_pos]):
        return None
    if not _COUNT_CMP.fullmatch(text[tokens[a].start_pos:tokens[a].end_pos].strip()):
        return None
    j = a + 2
    k = j
    while k < len(tokens) and tokens[k].type in ("WORD", "SUBJECT", "NOT", "HISTORY"):
        k += 1
    if k == j or tokens[j].type not in ("WORD", "SUBJECT") or (k < len(tokens) and tokens[k].type not in _COUNT_ENDS):
        return None
    if k == len(tokens) and not re.match(r"\s*(?:[.,;)]|$)", text[tokens[k - 1].end_pos:]):
        return None
    if _ucum_word(text[tokens[j].start_pos:tokens[j].end_pos]):
        return None
    if float(tokens[a + 1].value) > 1 and not re.search(r"(?i)s$", text[tokens[j].start_pos:tokens[k - 1].end_pos].split(" that ")[0]):
        return None
    tok = _subject_token(text, tokens[j:k])
    if tok is None:
        return None
    r = _island(ln, [tok] + tokens[a:a + 2], role)
    if r is None or not isinstance(r, ir.Unmapped):
        return None
    return dataclasses.replace(r, span=ln.span(tokens[a].start_pos, tokens[k - 1].end_pos)), k


def _or_rate(ln: Line, tokens: list[Token], rule, end: int, role: Role):
    """A rate island followed by a second limit of the same rate in another unit: "≤3 bowel movements/week or
    >2/day" -> ("bowel movements" <= 3 /wk) or ("bowel movements" > 2 /d); the subject is the one written."""
    if not (end + 2 < len(tokens) + 0 and tokens[end].type == "OR_CMP" and tokens[end + 1].type == "NUMBER"
            and tokens[end + 2].type == "UNIT" and tokens[end + 2].value in _RATE_OF.values()):
        return rule, end
    if not isinstance(rule, ir.Unmapped) or not isinstance(rule.test, ir.Measure) or rule.window is not None:
        return rule, end
    unit = getattr(rule.test.value, "unit", None) or ""
    if not re.search(r"/(?:h|d|wk|mo|a)$", unit):
        return rule, end
    k = end + 3
    if k < len(tokens) and tokens[k].type not in _COUNT_ENDS:
        return rule, end
    if k == len(tokens) and not re.match(r"\s*(?:[.,;)]|$)", ln.norm.text[tokens[k - 1].end_pos:]):
        return rule, end
    subject = Token("SUBJECT", rule.subject, start_pos=tokens[end].start_pos, end_pos=tokens[end].start_pos)
    op = Token("CMP", tokens[end].value, start_pos=tokens[end].start_pos, end_pos=tokens[end].end_pos)
    second = _island(ln, [subject, op] + tokens[end + 1:end + 3], role)
    if second is None or not isinstance(second, ir.Unmapped) or second.subject != rule.subject:
        return rule, end
    span = ln.span(tokens[end].start_pos, tokens[k - 1].end_pos)
    if rule.span is not None:
        span = ir.Span(start=rule.span.start, end=span.end)
    return ir.Any(items=(rule, second), span=span), k


# ---- ends6: a known diagnosis at the head of a part the parser rejects around it (docs/notes/issue-5-ends6.md) ----

# what may stand right before the diagnosis and belongs to it ("severe", "history of", "active", "chronic")
_ENDS6_HEAD = frozenset({"SEVERITY", "HISTORY", "ACTIVE", "PERSISTENT", "QUALIFIER", "WORD"})
# tokens that say something else of the diagnosis than that the patient has it (a negation, an exception, an
# example of a wider class, an opinion, a test's result): the part is not read
_ENDS6_NOT = frozenset({"NOT", "NEGATIVE", "POSITIVE", "EXCEPT", "INCLUDING", "INCLUDING_OPEN", "JUDGE", "NOTHING",
                        "ALLOWED", "NEITHER", "NOR", "EITHER", "MANUAL", "ALLERGY", "ALLERGEN", "STUDY", "XDRUG"})
# words before the diagnosis that only lead into it ("patients with", "a diagnosis of", "known", "confirmed")
_ENDS6_LEAD = frozenset({
    "patient", "patients", "subject", "subjects", "participant", "participants", "individual", "individuals",
    "person", "persons", "people", "with", "have", "has", "had", "having", "a", "an", "the", "any", "known",
    "documented", "confirmed", "established", "diagnosed", "diagnosis", "of", "clinical", "clinically",
    "histologically", "pathologically", "cytologically", "radiologically", "proven", "newly", "presence",
    "presenting", "suffering", "from", "who", "are", "is", "current", "currently", "existing", "evidence",
})
# words before the diagnosis that make it something else than the patient's diagnosis ("suspected", "risk of",
# "family history of", "interventions for", "e.g."): the diagnosis is not read alone
_ENDS6_OTHER = re.compile(
    r"\b(?:suspect\w*|possib\w*|probab\w*|potential\w*|presum\w*|risk\w*|famil\w*|free|absen\w*|no|non|not|"
    r"without|other|than|except\w*|unless|e\s?g|i\s?e|such|like|symptoms?|signs?|screen\w*|test\w*|therap\w*|"
    r"treat\w*|interventions?|care|prevent\w*|prophyla\w*|caus\w*|pathology|rule|ruled|vaccin\w*|contacts?|"
    r"expos\w*|for|to|on|at|after|before|since|due|related|secondary|or|nor|either|neither|mother|father|parents?|"
    r"sibling\w*|relatives?|partner|spouse|exclud\w*|resolved|cured|remission|recovered|past|previous|prior|"
    r"former|ex|after|post|surgery|surgical|resection|medication\w*|drugs?|criteria|score|scale|model|"
    r"mimic\w*|similar|equivalent|type|stage|grade|class|in|increas\w*|decreas\w*|chang\w*|worsen\w*|improv\w*|"
    r"expect\w*|anticipat\w*|planned|plan|target\w*|postoperative\w*|perioperative\w*|intraoperative\w*|where|"
    r"when|whether|if|which|aside|apart|desir\w*|wish\w*|want\w*|intend\w*|interest\w*|hop\w*|seek\w*|trying|becom\w*|avoid\w*)\b")
# a word right after the diagnosis that makes it a part of another name ("lung cancer screening test", "anxiety
# scale", "liver transplantation candidates", "HBV booster vaccine"): the diagnosis is not read
_ENDS6_COMPOUND = re.compile(
    r"screen\w*|tests?|testing|vaccin\w*|booster|immuni[sz]\w*|scales?|scores?|questionnaires?|inventory|index|"
    r"candidates?|waiting|list|programs?|programmes?|clinics?|centers?|centres?|services?|specialists?|units?|"
    r"risk|prevention|prophylaxis|free|negative|positive|status|like|mimics?|models?|criteria|guidelines?|"
    r"medications?|drugs?|regimens?|therapy|treatments?|surgery|patients?|cases?|trials?|studies|study|research|"
    r"disability|thresholds?|levels?|symptoms?|signs?|survivors?|history|relatives?|families|family|awareness|education|care")
# "X in patients with Y": Y is the patients' diagnosis, whatever X asks of them
_ENDS6_AMONG = re.compile(r"\b(?:in|among) (?:patients|subjects|participants|people|persons|individuals|those|"
                          r"children|adults) (?:with|who have|having)\b")
# a negation anywhere in the line (partial takes a leading one off the tokens: "No history of ...")
# or an exception ("Individuals with a history of malignancy are ineligible except ...: cervical, breast ...")
_ENDS6_NEGATED = re.compile(r"\b(?:no|not|non|without|free of|absence of|neither|nor|never|none|except\w*|exception\w*|"
                            r"eligible|ineligible|allowed|permitted|acceptable|exempt\w*)\b")
# words inside the part read that say it is not the diagnosis, or not only it ("risk factors aside from
# hypertension", "other than", "e.g."): a shorter part is read
_ENDS6_MID = re.compile(r"\b(?:aside|apart|other|than|except\w*|unless|without|no|not|non|free|risk\w*|famil\w*|"
                        r"suspect\w*|possib\w*|probab\w*|e\s?g|i\s?e|such|like|mimic\w*)\b")
# what after the diagnosis puts it after the index date (a complication in the trial, not a record)
_ENDS6_LATER = re.compile(r"\b(?:after (?:the )?(?:operation|surgery|procedure|intervention|randomi[sz]ation|"
                          r"enrol?ment|inclusion|treatment|study)|post[- ]?operativ\w*|during (?:the )?(?:study|trial|"
                          r"surgery|operation|procedure)|intra-?operative\w*)\b")


def _ends6_condition(ln: Line, tokens: list[Token], role: Role, line_tokens: list[Token]):
    """'Parkinson disease diagnosed by United Kingdom Parkinson's disease Society Brain Bank Criteria', 'Major
    depressive disorder ... requiring treatment', 'Positive stool gluten testing in patients with refractory celiac
    disease': a part the parser rejects whose first subject is a diagnosis of the vocabulary, led into by words that
    name nothing else. The diagnosis (with what before it the grammar reads: severity, status, history) is kept
    as far as it compiles; every word after it and every unread word before it is reported as left out (the line is
    partial, never full). A line holding a judgement ("in the opinion of the investigator") is a person's check
    as a whole (compile._manual), and is left so. Returns (rule, left out tokens) or None."""
    if any(t.type in ("JUDGE", "NOT", "NEGATIVE", "EXCEPT") for t in line_tokens) or _ENDS6_NEGATED.search(
            ln.norm.text.lower()):
        return None
    among = _ENDS6_AMONG.search(ln.norm.text.lower(), tokens[0].start_pos, tokens[-1].end_pos)
    cut = among and next((k for k, t in enumerate(tokens) if t.start_pos >= among.end()), None)
    if cut:
        # "Positive stool gluten testing in patients with refractory celiac disease": whatever is asked of them,
        # the patients have the diagnosis; what is asked is reported
        found = _ends6_condition(ln, tokens[cut:], role, line_tokens)
        return (found[0], tokens[:cut] + found[1]) if found else None
    if not any(t.type == "CONDITION" for t in tokens) or any(t.type in _ENDS6_NOT for t in tokens):
        return None
    depth, c = 0, None
    for k, t in enumerate(tokens):
        if t.type == "LPAR":
            depth += 1
        elif t.type == "RPAR":
            depth = max(0, depth - 1)
        elif t.type in _SUBJECT_TYPES or t.type in ("SEX", "MALE", "FEMALE", "ALLSEX", "AGE", "SUBJECT"):
            if t.type == "CONDITION" and depth == 0:
                c = k
            break
    if c is None:
        return None
    s = c
    while s > 0 and tokens[s - 1].type in _ENDS6_HEAD:
        s -= 1
    if any(t.type not in _ENDS6_HEAD for t in tokens[:s]):
        return None
    # the words written before the diagnosis: lead-in words, and at most three words of its own ("refractory", "a
    # definite diagnosis of")
    said = subject_words(ln.norm.text[tokens[0].start_pos:tokens[c].start_pos])
    if _ENDS6_OTHER.search(" ".join(said)):
        return None
    if sum(1 for w in said if w not in _ENDS6_LEAD) > 3:
        return None
    rest = tokens[c + 1:]
    after = re.match(r"\s*([^\W_]+)", ln.norm.text[tokens[c].end_pos:])
    if after and (_ENDS6_COMPOUND.fullmatch(after.group(1).lower()) or (
            rest and rest[0].type in ("WORD", "CONDITION") and ln.written(tokens[c].start_pos, tokens[c].end_pos).lower().endswith(
                ("ic", "tic", "ary", "al", "ous")) and not after.group(1).isupper())):
        return None  # ("diabetic coma": another thing than the diagnosis the adjective names)
    if rest and _ENDS6_LATER.search(ln.norm.text[tokens[c].end_pos:tokens[-1].end_pos].lower()):
        return None
    # the longest reading near the diagnosis, in a few tries
    for end in [len(tokens)] + list(range(min(len(tokens) - 1, c + 7), c, -1)):
        if tokens[end - 1].type in ("AND", "OR", "COMMA", "SLASH", "LPAR", "OF", "FOR", "TO"):
            continue
        r, sk, _ = attempt(ln, tokens[s:end], role, diagnose=False)
        if r is not None and not isinstance(r, Forbids) and _ends6_kept(r) and not _ENDS6_MID.search(
                " ".join(subject_words(ln.norm.text[tokens[c].end_pos:tokens[end - 1].end_pos]))):
            if role == "inclusion" and depth0(tokens[end:], {"OR", "CLAUSE_OR", "SLASH"}):
                return None  # ("X or Y": X alone would ask more than the line)
            if any(t.type == "WITHIN" and k + 1 < len(tokens) and tokens[k + 1].type == "CMP"
                   for k, t in enumerate(tokens) if k >= end):
                return None  # ("stroke within more than 6 months": a window the rules refuse, rule.window_cmp)
            return r, [t for t in tokens[:s] if t.type == "WORD"] + sk + tokens[end:]
    return None


def _ends6_kept(rule) -> bool:
    """The reading is of diagnoses only (nothing the words around them were taken for)."""
    return all(isinstance(n, (ir.Condition, ir.All, ir.Any, ir.Manual)) for n in ir.walk(rule))
