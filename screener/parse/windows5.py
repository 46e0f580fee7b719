"""The windows5 round (docs/notes/issue-5-windows5.md): a window said with no number.

"History of stroke in the past year", "Any history of blood product transfusion within prior month", "smoked
within the past year", "during the last week": the past year is the one year before the screening date, the
window "within the past 1 year" already reads.  The lexer made WITHIN and TIMEUNIT of them with nothing between,
which no rule takes, and the line came out unsupported.

Only a singular unit right after the window's words (or after "a"/"an": "within a year") is read so: "in the past
years", "in the last few months", "recently" say no length and stay as they were; "the last year of school", "the
last month of pregnancy" (a unit "of" something) and "year 1" (a unit with a number after it) are no windows.

The same one is read in "in the month prior to study inclusion" (the window before the index date, as "in the 1
month prior to" is), "for at least a year", "for more than a month" (a length: "a" is one), "substance use
disorder (past year)", and "at the day of inclusion" is the index date, as "at inclusion" is.
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import LIST_SEP, has_kind, mentions, zero

# the singular units a window with no number may end with (as written: "months" is several, not one)
_ONE = re.compile(r"(?:year|yr|month|week|wk|day|hour)\Z", re.I)
# what may stand between the window's words and the unit: nothing, or an article ("within a year")
_GAP = re.compile(r"\s*(?:an?\s+)?\Z", re.I)
# what the window may not follow for the number to be read: it would reach past it to a name before, which is not
# what the window is of ("no active treatment in the last year": the treatment's; "(e.g., antipyretics, sleeping
# pills) within the last month": the drug use the bracket is of, under its "no"; "steroids at stable dose in the
# last month are acceptable": an allowance), nor unknown words after a name (_past_words)
_NOT_BEFORE = frozenset({"RPAR", "ACTIVE", "STABLE", "DOSE", "NOT"})
_WORDISH = frozenset({"WORD", "ALLSEX", "OF", "TO", "FOR", "INDEX"})
_NAMED = frozenset({"CONDITION", "PROCEDURE", "DRUG", "DRUG_CLASS", "IMMUNIZATION", "ANALYTE"})
# words that make the unit a part of something, not the length of a window
_OF_AFTER = re.compile(r"\s*of\b", re.I)
# window words that say a past ("in the past", "within the last", "the previous" ...); "within" alone ("within a
# year") may be ahead, and says a past only with "before"/"prior to" after the unit
_PAST = ("past", "last", "previous", "prior", "preceding", "pervious")
# "in the month prior to inclusion", "during the week preceding screening": the words before a unit and "before"
_IN_THE = re.compile(r"\b(?:in|during|over)\s+the\s*\Z", re.I)
_THE = re.compile(r"\s*the\s*\Z", re.I)
# "for at least a year", "for a month": one
_A = re.compile(r"\s*an?\s*\Z", re.I)
# "(past year)"
_PAST_WORDS = frozenset({"past", "last", "previous", "prior", "preceding"})
# "at the day of inclusion", "on the day of screening": the index date
_DAY_OF = re.compile(r"\b(?:at|on)\s+the\s*\Z", re.I)


def _past_words(tokens: list[Token], k: int) -> bool:
    """Whether unknown words stand between the window at ``k`` and a name before them ("chronic heart disease with
    any worsening in the last month", "lung cancer screening test within the last year", "diagnosed by a
    psychiatrist in the last year"): the window is the words' (the worsening, the test), not the name's."""
    j = k
    while j and tokens[j - 1].type in _WORDISH:
        j -= 1
    return j < k and tokens[k - 1].type == "WORD" and j > 0 and tokens[j - 1].type in _NAMED


def bare_windows(tokens: list[Token], text: str) -> list[Token]:
    """'in the past year' -> 'in the past 1 year': a number of no width before a singular unit right after a
    window's words."""
    if not has_kind(tokens, "WITHIN") or not mentions(text, "within", *_PAST):
        return tokens
    if has_kind(tokens, "JUDGE") and not has_kind(tokens, "NUMBER"):
        # "currently participating in other clinical studies ... within the past month", "planning to get pregnant":
        # a judgement with no number, which a line with nothing else read gives a person (compile.py _judgement);
        # the window alone would read a fragment of it instead
        return tokens
    out: list[Token] = []
    n = len(tokens)
    for k, tok in enumerate(tokens):
        out.append(tok)
        if tok.type != "WITHIN" or k + 1 >= n:
            continue
        unit = tokens[k + 1]
        if unit.type != "TIMEUNIT" or not _ONE.search(text[unit.start_pos:unit.end_pos]):
            continue
        if not _GAP.match(text[tok.end_pos:unit.start_pos]):
            continue
        if k and (tokens[k - 1].type in _NOT_BEFORE or _past_words(tokens, k)):
            continue
        said = text[tok.start_pos:tok.end_pos].lower()
        after = tokens[k + 2] if k + 2 < n else None
        if not any(w in said for w in _PAST) and not (after is not None and after.type == "BEFORE"):
            continue  # "within a year" alone may be ahead ("intend to conceive within a year"); "prior to" says past
        if after is not None and (after.type == "NUMBER" or after.start_pos == unit.end_pos and after.type == "WORD"):
            continue  # "within year 1", "year-end"
        if _OF_AFTER.match(text, unit.end_pos):
            continue  # "the last year of school", "the last month of pregnancy"
        out.append(zero("NUMBER", "1", unit.start_pos))
    return out


def _one(unit: Token, text: str) -> bool:
    return unit.type == "TIMEUNIT" and _ONE.search(text[unit.start_pos:unit.end_pos]) is not None


def unit_windows(tokens: list[Token], text: str) -> list[Token]:
    """'in the month prior to inclusion' -> within 1 month before inclusion; 'for at least a year' -> for >= 1 year;
    '(past year)' -> (within 1 year); 'at the day of inclusion' -> at inclusion."""
    if not has_kind(tokens, "TIMEUNIT") or not mentions(text, "the", " a", "past", "last", "prior", "previous"):
        return tokens
    out: list[Token] = []
    n = len(tokens)
    skip = 0
    for k, tok in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        prev = out[-1] if out else None
        nxt = tokens[k + 1] if k + 1 < n else None
        if not _one(tok, text) or (prev is not None and prev.type == "NUMBER"):
            out.append(tok)
            continue
        gap_from = prev.end_pos if prev is not None else 0
        gap = text[gap_from:tok.start_pos]
        if nxt is not None and nxt.type == "BEFORE":
            if prev is not None and prev.type == "WITHIN" and _THE.match(gap):
                out.append(zero("NUMBER", "1", tok.start_pos))  # "within the month preceding randomization"
            elif (m := _IN_THE.search(gap)) is not None:  # "in the month prior to study inclusion"
                said = m.group(0).rstrip()
                out.append(Token("WITHIN", said, start_pos=gap_from + m.start(), end_pos=gap_from + m.start() + len(said)))
                out.append(zero("NUMBER", "1", tok.start_pos))
        elif prev is not None and prev.type in ("FOR", "CMP") and _A.match(gap):
            out.append(zero("NUMBER", "1", tok.start_pos))  # "for at least a year", "for a month"
        elif (prev is not None and prev.type == "WORD" and prev.value.lower() in _PAST_WORDS and len(out) > 1
              and out[-2].type == "LPAR" and nxt is not None and nxt.type == "RPAR"):
            # "substance use disorder (past year)": the window, as "(within the past year)" reads (no brackets)
            out[-2:] = [Token("WITHIN", prev.value, start_pos=prev.start_pos, end_pos=prev.end_pos),
                        zero("NUMBER", "1", tok.start_pos), tok]
            skip = 1
            continue
        elif (text[tok.start_pos:tok.end_pos].lower() == "day" and nxt is not None and nxt.type == "OF"
              and k + 2 < n and tokens[k + 2].type == "INDEX" and (m := _DAY_OF.search(text, 0, tok.start_pos))):
            # "ongoing antibiotic treatment at the day of inclusion": at inclusion
            while out and out[-1].start_pos >= m.start():
                out.pop()  # ("on" may be a token: TAKING)
            index = tokens[k + 2]
            out.append(Token("INDEX", index.value, start_pos=m.start(), end_pos=index.end_pos))
            skip = 2
            continue
        out.append(tok)
    return out


# what an item of a list may be made of, back from a window after it to the item's head
_ITEM = frozenset({"CONDITION", "PROCEDURE", "DRUG", "DRUG_CLASS", "IMMUNIZATION", "ROUTE", "SEVERITY", "QUALIFIER"})
_NAMES = frozenset({"CONDITION", "PROCEDURE", "DRUG", "DRUG_CLASS", "IMMUNIZATION"})
# what may follow a window with no bound for it to end its item ("seizures in the past.", "... in the past or ...")
_ENDS_ITEM = frozenset({"COMMA", "SEMI", "RPAR", "OR", "AND", "BEFORE", "INDEX"})
_ANY_TIME = re.compile(r"\bat\s+any\s+time\b", re.I)
_IN_THE_PAST = re.compile(r"(?:in|at)\s+(?:the\s+)?past\Z", re.I)


def _head(out: list[Token]) -> int | None:
    """Where the list of names that ``out`` ends with begins ("seizures or epilepsy", "received interferon or
    peginterferon"); None where it does not end with a name."""
    if not out or out[-1].type not in _NAMES:
        return None
    j = len(out)
    while j and (out[j - 1].type in _ITEM or (out[j - 1].type in LIST_SEP and j >= 2 and out[j - 2].type in _NAMES)):
        j -= 1
    if j and out[j - 1].type in ("RECEIVED", "TAKING"):
        j -= 1
    return j


def _ever_before(out: list[Token], text: str) -> bool:
    """Read the list ``out`` ends with as ever had or taken (a HISTORY of no width before its head); False where
    no list of names ends it or it is said as current ("currently taking ... in the past": left as it was)."""
    j = _head(out)
    if j is None:
        return False
    if j and out[j - 1].type in ("ACTIVE", "ONSET", "NOT"):
        return False
    if out[j].type == "TAKING" and "current" in text[out[j].start_pos:out[j].end_pos].lower():
        return False
    if not (j and out[j - 1].type == "HISTORY"):
        out.insert(j, zero("HISTORY", "history", out[j].start_pos))
    return True


def ever_windows(tokens: list[Token], text: str) -> list[Token]:
    """'seizures or epilepsy in the past', 'received interferon treatment in the past', 'HIV infection diagnosis
    at any time before study consent', 'ever been diagnosed with bipolar disorder', 'has ever received X': the
    whole history, which 'history of' / 'prior' already says (`history of X`, `received X`). A window with no
    bound ends the list of names before it; "at any time during the study" (ahead) and "in the last few months"
    (vague) are not read so."""
    if not mentions(text, "past", "any time", "ever", "previously"):
        return tokens
    out: list[Token] = []
    n = len(tokens)
    skip = 0
    for k, tok in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        nxt = tokens[k + 1] if k + 1 < n else None
        ends = nxt is None or nxt.type in _ENDS_ITEM
        said = text[tok.start_pos:tok.end_pos]
        if tok.type == "WITHIN" and _IN_THE_PAST.match(said) and ends and _ever_before(out, text):
            continue  # "seizures or epilepsy in the past"
        if tok.type == "HISTORY" and said.lower() == "previously" and ends and _ever_before(out, text):
            continue  # "received CAR-T cell therapy previously"
        if (tok.type == "ALLSEX" and nxt is not None and nxt.type in ("WORD", "TIMES") and nxt.value.lower() == "time"
                and _ANY_TIME.match(text, max(0, tok.start_pos - 3)) and (k + 2 >= n or tokens[k + 2].type in _ENDS_ITEM)
                and _ever_before(out, text)):
            skip = 1
            continue  # "HIV infection diagnosis at any time before study consent"
        if (tok.type == "WORD" and tok.value.lower() == "ever" and nxt is not None
                and nxt.type in _NAMES | {"RECEIVED"} and not text[:tok.start_pos].rstrip().endswith("-")):
            out.append(Token("HISTORY", "ever", start_pos=tok.start_pos, end_pos=tok.end_pos))
            continue  # "ever been diagnosed with bipolar disorder", "have ever received X"
        out.append(tok)
    return out
