"""Values and ages that a label in a later sentence, or a stray word, hid (session 14, round 4).

- ``sentences_before_label``: "Children: 6 to 9 years old children. Teeth: tooth requiring dental treatment",
  "Adults over 50 years old with degenerative scoliosis ... (>2/10). Other inclusion criteria are: (1) curves
  15°-45°": the line's last colon ends a label, but the label is only its own sentence's. The sentence before it is
  a rule of its own (not the label's words): it is read as a part of the line, next to what follows the label,
  instead of being dropped with it. Only one sentence naming a subject, with no label of its own, no exception or
  condition ("except", "if", "eligible"), and not before a note ("NOTE: If ...") or a counted lead-in ("at least
  one of the following:"), which qualify or count what the sentence says.
- ``no_age_limit``: "Adult patients (≥ 18 years) with no age limit": "no age limit" after an age limit says there is
  no other one (no upper limit): it adds nothing to the limit read, and goes instead of failing the line.
- ``stray_or_cmp``: "..., or were under 18 yr of age": an "or <comparator>" before an age, with no limit before it.
- ``route_limits``: "Busulfan (Total dose > 7.2 mg/kg IV or >9.0 mg/kg orally)": the dose by each route.
- ``intake_per_sex``, ``if_sex_limits``: "an average of ≥24g alcohol/day for women and ≥36g/d for men", "14 drinks
  per week (if male) or 7 drinks a week (if female)": limits per sex.
- ``aged_other``: "at least one child, aged 12-18": the child's age, not the patient's.
(docs/notes/issue-5-values4.md has the lines each changes.)
"""

from __future__ import annotations

import re

from lark import Token


# a sentence's end: a full stop after a word of 3+ letters, a number or a closing bracket, then a capital
# ("... children. Teeth:", "(>2/10). Other"), not "e.g. The" / "i.e. HIV" / "vs. A" / "Dr. S"
_SENTENCE_END = re.compile(r"(?:[A-Za-z]{3,}|\d|\))\.\s+(?=[A-Z])")
_NOT_ENDS = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|Fig|No|Dr|St|Mr|Mrs|Ms|cf|al))\.\s+$", re.I)


# what a sentence before the label may not hold: an exception or a condition ("ineligible except ...", "if
# female ..."), which the label's sentence may qualify or undo
_EXCEPTIONS = re.compile(r"\b(?:except|unless|if|(?:in)?eligible|allowed|permitted|acceptable|excluded)\b", re.I)

# a label that qualifies what came before it, or counts what follows (whose count would take the sentence in)
_COUNTED_OR_NOTE = re.compile(r"^\s*notes?\b|\bof the following\b|\b(?:one|any|two|\d+) of\b", re.I)


def sentences_before_label(text: str, tokens: list[Token], colons: list[int]) -> int:
    """How many tokens open the line as whole sentences before the sentence that ends in the label colon
    ``colons[-1]``: 0 unless that is one sentence naming a subject, with no label, exception or condition in it."""
    if not colons or colons[-1] < 2 or colons[-1] + 1 >= len(tokens):
        return 0
    from screener.parse.parser import has_subject  # (the parser imports the lexer, which imports this module)

    colon = tokens[colons[-1]].start_pos
    if k := _age_opening(tokens, colons[-1]):
        return 0 if _EXCEPTIONS.search(text[:colon]) or _COUNTED_OR_NOTE.search(text[:colon]) else k
    if "." not in text:
        return 0
    for m in reversed(list(_SENTENCE_END.finditer(text, 0, colon))):
        stop = m.start() + m.group(0).index(".")
        if _NOT_ENDS.search(text[:m.end()]):
            continue
        k = next(i for i, t in enumerate(tokens) if t.start_pos > stop)
        if k == 0 or tokens[k - 1].end_pos > stop + 1 or k >= colons[-1]:
            continue  # (a full stop inside a token: no sentence end)
        if sum(t.type == "LPAR" for t in tokens[:k]) > sum(t.type == "RPAR" for t in tokens[:k]):
            continue  # inside a bracket
        pre, label = text[:stop], text[stop + 1:colon]
        if _COUNTED_OR_NOTE.search(label):
            return 0  # ("NOTE: If ... is acceptable", "at least one of the following applies:" qualify the sentence)
        if not has_subject(tokens[:k]) or any(t.type == "COLON" for t in tokens[1:k]) or _EXCEPTIONS.search(pre) \
                or any(not _NOT_ENDS.search(text[:x.end()]) for x in _SENTENCE_END.finditer(text, 0, m.start())):
            # (one sentence before the label's, with no label of its own: a longer run is narrative more often)
            return 0
        return k
    return 0


def _age_opening(tokens: list[Token], colon: int) -> int:
    """"≥ 20 y/o patients with NLCs: (1) ...": a label that opens with a whole age limit (then words only) holds that
    limit as a rule of its own; the end of the limit (0: no such label)."""
    k = 1 if tokens[0].type == "AGE" else 0
    if tokens[k].type == "CMP" and tokens[k + 1].type == "NUMBER":
        k += 2
    elif tokens[k].type == "NUMBER" and tokens[k + 1].type == "TO" and tokens[k + 2].type == "NUMBER":
        k += 3
    else:
        return 0
    if tokens[k].type != "TIMEUNIT" or tokens[k].value != "year":
        return 0
    k += 1
    if tokens[k].type == "OLD":
        k += 1
    if k >= colon or not (tokens[0].type == "AGE" or tokens[k - 1].type == "OLD") \
            or any(t.type != "WORD" for t in tokens[k:colon]):
        return 0
    return k


def no_age_limit(tokens: list[Token], text: str = "") -> list[Token]:
    """(Before lexer._adults: the AGE of "no age limit" would tell it the line names the age.)"""
    n = len(tokens)
    for k in range(n - 2):
        if not (tokens[k].type == "NOT" and tokens[k].value.lower() == "no"):
            continue
        j = k + 1
        if tokens[j].type == "WORD" and tokens[j].value.lower() in ("upper", "maximum", "max"):
            j += 1  # "no upper age limit"
        if j + 1 < n and tokens[j].type == "AGE" and tokens[j + 1].type == "WORD" \
                and tokens[j + 1].value.lower() in ("limit", "limits") \
                and any(t.type == "TIMEUNIT" and t.value == "year" for t in tokens[:k]):
            rest = tokens[j + 2:]
            if k and tokens[k - 1].type in ("COMMA", "SEMI") and (not rest or rest[0].type in ("COMMA", "SEMI")):
                k -= 1  # ("Age >= 18 years, no upper age limit": its comma goes with it)
            return tokens[:k] + rest
    return tokens


def stray_or_cmp(tokens: list[Token]) -> list[Token]:
    """"... other concurrent surgical procedures, or were under 18 yr of age": an "or <comparator>" before an age with
    no number right before it opens no second limit of a comparison ("age < 18 or > 80"); it is an "or" and the
    age's comparator. (Only before an age: before a bare number the subject before the "or" is a guess.)"""
    if not any(t.type == "OR_CMP" for t in tokens):
        return tokens
    out: list[Token] = []
    skip = -1
    for k, t in enumerate(tokens):
        if t.type == "OR_CMP" and k and k + 1 < len(tokens) and tokens[k + 1].type == "AGE" \
                and not any(x.type in ("NUMBER", "CMP", "AND_CMP", "OR_CMP") for x in tokens[max(0, k - 4):k]):
            out.append(Token("OR", "or", start_pos=t.start_pos, end_pos=t.start_pos))
            if tokens[k + 1].type == "AGE":  # ("under 18 yr of age": the age before its comparison, as elsewhere)
                out.append(tokens[k + 1])
                skip = k + 1
            out.append(Token("CMP", t.value, start_pos=t.start_pos, end_pos=t.end_pos))
            continue
        if k != skip:
            out.append(t)
    return out


def route_limits(tokens: list[Token]) -> list[Token]:
    """"Busulfan (Total dose > 7.2 mg/kg IV or >9.0 mg/kg orally)": two limits on a dose, each given by its route, are
    limits on two things: the dose by that route ("busulfan total dose intravenous" > 7.2 mg/kg, "... oral" > 9
    mg/kg), on their written names (no record holds a cumulative dose by route: unmapped, numbers kept). Read as
    one dose's two limits, the route of each would be lost (and the second limit would say nothing)."""
    n = len(tokens)
    for k in range(1, n - 8):
        t = tokens[k]
        if not (t.type == "DOSE" and [x.type for x in tokens[k + 1:k + 9]] == [
                "CMP", "NUMBER", "UNIT", "ROUTE", "OR_CMP", "NUMBER", "UNIT", "ROUTE"]
                and tokens[k + 4].value != tokens[k + 8].value):
            continue
        s = k
        while s and tokens[s - 1].type == "WORD":
            s -= 1
        if s and tokens[s - 1].type == "LPAR" and s > 1 and tokens[s - 2].type == "WORD":
            s -= 2  # the drug the bracket is about, written before it ("Busulfan (Total dose ...")
        words = [x.value.lower() for x in tokens[s:k + 1] if x.type != "LPAR"]
        first = " ".join(words + [tokens[k + 4].value])
        second = " ".join(words + [tokens[k + 8].value])
        a, b = tokens[s].start_pos, tokens[k].end_pos
        head = [x for x in tokens[s:k] if x.type == "LPAR"]
        return tokens[:s] + head + [
            Token("SUBJECT", first, start_pos=a, end_pos=b), tokens[k + 1], tokens[k + 2], tokens[k + 3],
            Token("OR", "or", start_pos=tokens[k + 5].start_pos, end_pos=tokens[k + 5].start_pos),
            Token("SUBJECT", second, start_pos=tokens[k + 5].start_pos, end_pos=tokens[k + 5].start_pos),
            Token("CMP", tokens[k + 5].value, start_pos=tokens[k + 5].start_pos, end_pos=tokens[k + 5].end_pos),
            tokens[k + 6], tokens[k + 7]] + tokens[k + 9:k + 10] + [
            # ("... orally) + Cyclophosphamide": the regimen's other drug, given with it, is no rule; left out)
            Token("WORD", x.value, start_pos=x.start_pos, end_pos=x.end_pos)
            if x.type == "DRUG" and tokens[k + 9].type == "RPAR" and k + 11 == n else x for x in tokens[k + 10:]]
    return tokens


_MASS = frozenset({"g", "mg", "kg"})


def intake_per_sex(tokens: list[Token]) -> list[Token]:
    """"harmful alcohol intake defined as an average of ≥24g alcohol/day for women and ≥36g/d for men for ≥ 5
    year":
    "an average of N g alcohol/day" is a limit on the (average) alcohol intake in g/d (the lexer had named "average"
    the subject and cut the unit at "alcohol"); "for men" after the second limit tags it, as "for women" did the
    first; "for >= 5 year" after it, how long the intake lasted, and the words before "defined as" are left out
    (words: the line says so); without them the limits per sex parse whole (a part alone drops the sexes)."""
    n = len(tokens)
    for k in range(n - 12):
        t = tokens[k]
        if not (t.type == "SUBJECT" and t.value == "average" and [x.type for x in tokens[k + 1:k + 7]] == [
                "CMP", "NUMBER", "UNIT", "WORD", "SLASH", "TIMEUNIT"] and tokens[k + 3].value in _MASS
                and tokens[k + 6].value == "day" and tokens[k + 7].type == "SEX_TAG"
                and [x.type for x in tokens[k + 8:k + 12]] == ["AND_CMP", "NUMBER", "UNIT", "FOR"]
                and tokens[k + 10].value == tokens[k + 3].value + "/d"
                and tokens[k + 12].type in ("MALE", "FEMALE") and tokens[k + 12].type.lower() != tokens[k + 7].value):
            continue
        what = tokens[k + 4]
        rest = tokens[k + 13:]
        if [x.type for x in rest[:4]] == ["FOR", "CMP", "NUMBER", "TIMEUNIT"]:
            rest = [Token("WORD", x.value, start_pos=x.start_pos, end_pos=x.end_pos) for x in rest[:4]] + rest[4:]
        head = tokens[:k]
        if all(x.type in ("HISTORY", "OR", "ACTIVE", "WORD", "AS") for x in head) and head and head[-1].type == "AS":
            # ("Prior or ongoing harmful alcohol intake defined as": what the limits define; left out, as words)
            head = [Token("WORD", x.value, start_pos=x.start_pos, end_pos=x.end_pos) for x in head]
        return head + [
            Token("SUBJECT", f"{what.value.lower()} intake", start_pos=t.start_pos, end_pos=t.end_pos),
            tokens[k + 1], tokens[k + 2],
            Token("UNIT", tokens[k + 10].value, start_pos=tokens[k + 3].start_pos, end_pos=tokens[k + 6].end_pos),
            tokens[k + 7], tokens[k + 8], tokens[k + 9], tokens[k + 10],
            Token("SEX_TAG", tokens[k + 12].type.lower(), start_pos=tokens[k + 11].start_pos,
                  end_pos=tokens[k + 12].end_pos)] + rest
    return tokens


def _if_sex(tokens: list[Token], k: int) -> str | None:
    """"(if male)" at ``k``: the sex, or None."""
    if k + 3 < len(tokens) and [x.type for x in tokens[k:k + 4]] in (
            ["LPAR", "WORD", "MALE", "RPAR"], ["LPAR", "WORD", "FEMALE", "RPAR"]) \
            and tokens[k + 1].value.lower() == "if":
        return tokens[k + 2].type.lower()
    return None


def if_sex_limits(tokens: list[Token]) -> list[Token]:
    """"No more than 14 drinks per week (if male) or 7 drinks a week (if female)": two limits, each tagged with its
    sex in an "(if ...)" bracket; the comparator written once is the second's too, as sex_limits reads "creatinine
    >= 1.5 and >= 1.4 mg/dL in males and females respectively". The subject is the unit's thing ("drinks"), named
    where the line starts (unmapped: no record holds it)."""
    n = len(tokens)
    if n < 13 or tokens[0].type != "CMP":
        return tokens
    if not ([x.type for x in tokens[1:3]] == ["NUMBER", "UNIT"] and tokens[2].value.startswith("{")
            and tokens[7].type == "OR" and [x.type for x in tokens[8:10]] == ["NUMBER", "UNIT"]
            and tokens[9].value == tokens[2].value):
        return tokens
    first, second = _if_sex(tokens, 3), _if_sex(tokens, 10)
    if not first or not second or first == second:
        return tokens
    thing = tokens[2].value[1:tokens[2].value.index("}")]
    cmp = tokens[0]
    return [Token("SUBJECT", thing, start_pos=cmp.start_pos, end_pos=cmp.start_pos), cmp, tokens[1], tokens[2],
            Token("SEX_TAG", first, start_pos=tokens[3].start_pos, end_pos=tokens[6].end_pos),
            Token("AND_CMP", cmp.value, start_pos=tokens[7].start_pos, end_pos=tokens[7].end_pos),
            tokens[8], tokens[9],
            Token("SEX_TAG", second, start_pos=tokens[10].start_pos, end_pos=tokens[13].end_pos),
            ] + _as_words(tokens[14:])


def _as_words(rest: list[Token]) -> list[Token]:
    """"... in the last 2 years" after limits per sex: the window they hold in, which the limits per sex take no
    part of; left out (words: the line says so) so that the limits parse whole."""
    if [x.type for x in rest] == ["WITHIN", "NUMBER", "TIMEUNIT"]:
        return [Token("WORD", x.value, start_pos=x.start_pos, end_pos=x.end_pos) for x in rest]
    return rest


def aged_other(tokens: list[Token]) -> list[Token]:
    """"at least one child, aged 12-18 living in the household": "aged" after a comma right after someone else
    (a child, a mother, ...) gives that person's age, not the patient's: an unknown subject (their word, years as
    "aged" says), as ages.others_ages reads "at least one child <= 6 years of age"."""
    from screener.parse.ages import _OTHERS  # (ages imports the lexer's helpers)

    for k in range(2, len(tokens) - 3):
        t = tokens[k]
        if not (t.type == "AGE" and t.value.lower() == "aged" and tokens[k - 1].type == "COMMA"
                and tokens[k - 2].type == "WORD" and tokens[k - 2].value.lower() in _OTHERS
                and [x.type for x in tokens[k + 1:k + 4]] == ["NUMBER", "TO", "NUMBER"]
                and (k + 4 == len(tokens) or tokens[k + 4].type not in ("TIMEUNIT", "UNIT", "OLD"))):
            continue
        who = tokens[k - 2]
        end = tokens[k + 3].end_pos
        return tokens[:k] + [Token("SUBJECT", who.value.lower(), start_pos=t.start_pos, end_pos=t.end_pos),
                             tokens[k + 1], tokens[k + 2], tokens[k + 3],
                                 Token("TIMEUNIT", "year", start_pos=end, end_pos=end)] + tokens[k + 4:]
    return tokens
