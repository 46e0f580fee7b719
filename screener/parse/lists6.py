"""Coordinated and parenthesised lists of known subjects (session 15, lists6).

- ``paren_except`` (a hook of the lexer's exceptions, ``_contraindications``): "anticoagulants (excluding aspirin)",
  "anticoagulants (except for antiplatelet agents)": an exception in parentheses right after a drug or class is that
  drug rule's exception, as "NSAIDs other than aspirin" without them (criteria.lark, drug_except). Until now the
  excepted drugs became unknown words and the line was unsupported.
- ``eg_examples``: "inflammatory arthritis (e.g., lupus, rheumatoid arthritis)", "skin condition (i.e. eczema or
  psoriasis)": the "e.g." / "i.e." marker of a parenthesis right after a diagnosis is one INCLUDING_OPEN (e.g.) or
  INCLUDING (i.e.) token, so the parenthesis reads as the diagnosis's examples (criteria.lark, examples), as
  "including ..." does. ("(e.g." before drugs is already dropped by the lexer's _glue.)
- ``either_list``: "current use of either ACE inhibitors or angiotensin II receptor blockers": an "either" right
  before a list of drugs, diagnoses or procedures joined by "or" says nothing the "or" does not (either of them);
  it goes.
(docs/notes/issue-5-lists6.md has the lines each changes.)
"""

from __future__ import annotations

from lark import Token

from screener.parse.lexicon import key_of, phrase_table
from screener.parse.tokens import LIST_SEP, mentions, word

_EG = frozenset({"e", "g", "eg"})
_IE = frozenset({"i", "e", "ie"})
_THINGS = frozenset({"DRUG", "DRUG_CLASS", "CONDITION", "PROCEDURE"})


def paren_except(tokens: list[Token], k: int) -> bool:
    """The EXCEPT at ``k`` opens a parenthesis right after a drug or class: '(excluding aspirin)'."""
    return k > 1 and tokens[k - 1].type == "LPAR" and tokens[k - 2].type in ("DRUG", "DRUG_CLASS")


def _marker(tokens: list[Token], j: int) -> tuple[int, str] | None:
    """The end (exclusive) and kind of the examples' marker starting at ``j``: INCLUDING ("including", "i.e."),
    INCLUDING_OPEN ("such as", "e.g.", "for example"), or None."""
    if tokens[j].type in ("INCLUDING", "INCLUDING_OPEN"):
        return j + 1, tokens[j].type
    said, m = "", j
    while m < len(tokens) and m - j < 2 and tokens[m].type == "WORD" and tokens[m].value.lower() in _EG | _IE:
        said += tokens[m].value.lower()
        m += 1
    return (m, {"eg": "INCLUDING_OPEN", "ie": "INCLUDING"}[said]) if said in ("eg", "ie") else None


def _close(tokens: list[Token], k: int) -> int | None:
    """The RPAR that closes the LPAR at ``k`` (no other parenthesis inside), or None."""
    for j in range(k + 1, len(tokens)):
        if tokens[j].type == "RPAR":
            return j
        if tokens[j].type == "LPAR":
            return None
    return None




def _loose_words(inner: list[Token], text: str) -> list[Token]:
    """The inside of a parenthesis of examples, its unknown words made to sit still: '(eg, Ritalin, Concerta,
    Biphetamine, and Dexedrine)', '(e.g., lupus, ..., etc.)': a separator among unknown words at the end joined
    what is left out, and is left out with them (a comma goes; 'and', 'or', '/' stay as words, reported); so is
    an 'or' between two unknown words ('atrial flutter, or 2nd or 3rd degree atrioventricular block')."""
    out = list(inner)
    j = len(out) - 1
    while j >= 0 and out[j].type in LIST_SEP | {"WORD"}:
        j -= 1
    if any(t.type == "WORD" for t in out[j + 1:]):
        out[j + 1:] = [word(t, text) for t in out[j + 1:] if t.type != "COMMA"]
    for i in range(1, len(out) - 1):
        if out[i].type in ("OR", "AND", "SLASH") and out[i - 1].type == "WORD" and out[i + 1].type == "WORD":
            out[i] = word(out[i], text)
    return out


_BOUNDARY = frozenset({"COMMA", "SEMI", "COLON", "CLAUSE_COMMA"})


def _plain_before(tokens: list[Token], k: int) -> bool:
    """Nothing unknown stands before the item at ``k`` in its clause (back to a comma, a semicolon, a colon or the
    line's start): 'Current skin condition (e.g. ...)', 'neurologic or psychiatric disorder (including ...)'. Words
    there may say the parenthesis is of something else ('a pathology that could cause neuropathy (e.g. diabetes)',
    'diagnoses in addition to anxiety (e.g. bipolar disorder)', 'susceptibility to cephalosporins (i.e. ...)',
    'medication which interact with either aspirin or atorvastatin'), and those are left alone."""
    j = k - 1
    while j >= 0 and tokens[j].type not in _BOUNDARY:
        if tokens[j].type in ("WORD", "JUDGE", "MANUAL", "STRING"):
            return False
        j -= 1
    return True


def paren_lists(tokens: list[Token], text: str) -> list[Token]:
    """'X (including A, B)', 'X (e.g., A or B)' after a diagnosis, drug or class: "(" and the marker are one
    EXAMPLES_OPEN; 'X (excluding A)' after a drug or class: "(" and the EXCEPT are one EXCEPT_OPEN (criteria.lark)."""
    out: list[Token] = []
    k, n = 0, len(tokens)
    while k < n:
        t = tokens[k]
        if t.type == "LPAR" and k and k + 2 < n and (close := _close(tokens, k)) is not None:
            before = tokens[k - 1].type
            if before in ("DRUG", "DRUG_CLASS") and tokens[k + 1].type == "EXCEPT" and tokens[k + 2].type == "XDRUG":
                out.append(Token("EXCEPT_OPEN", tokens[k + 1].value, start_pos=t.start_pos,
                                 end_pos=tokens[k + 1].end_pos))
                k += 2
                continue
            hit = _marker(tokens, k + 1) if before in ("CONDITION", "DRUG", "DRUG_CLASS") else None
            if hit is not None and _plain_before(tokens, k - 1):
                m, kind = hit
                # (the comma after the marker is the marker's: "(e.g., eczema or psoriasis)")
                f = m + 1 if tokens[m].type == "COMMA" else m
                same = ("CONDITION",) if before == "CONDITION" else ("DRUG", "DRUG_CLASS")
                if f < close and tokens[f].type in same:
                    out.append(Token("EXAMPLES_OPEN", " ".join(x.value for x in tokens[k + 1:m]).lower(),
                                     start_pos=t.start_pos, end_pos=tokens[f - 1].end_pos))
                    out.extend(_loose_words(tokens[f:close], text))
                    out.append(tokens[close])
                    k = close + 1
                    continue
        out.append(t)
        k += 1
    return out


def either_list(tokens: list[Token], text: str) -> list[Token]:
    out: list[Token] = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.type == "EITHER" and k + 2 < n and tokens[k + 1].type in _THINGS and _plain_before(tokens, k):
            # the list after it: things joined by OR (commas allowed), up to the first other token
            j, ors = k + 1, 0
            while j < n and tokens[j].type in _THINGS | {"OR", "COMMA"}:
                ors += tokens[j].type == "OR"
                j += 1
            kinds = {x.type for x in tokens[k + 1:j] if x.type in _THINGS}
            if ors and (kinds <= {"DRUG", "DRUG_CLASS"} or len(kinds) == 1) and tokens[j - 1].type in _THINGS:
                continue
        out.append(t)
    return out


def paren_status(tokens: list[Token], text: str) -> list[Token]:
    """'Obsessive compulsive disorder (current)': a status in parentheses right after a diagnosis with none before it
    is its status, read where the grammar takes it (before the diagnosis)."""
    out = list(tokens)
    for k in range(len(tokens) - 3, 0, -1):
        if (tokens[k].type == "LPAR" and tokens[k + 1].type in ("ACTIVE", "HISTORY") and tokens[k + 2].type == "RPAR"
                and tokens[k - 1].type == "CONDITION" and (k < 2 or tokens[k - 2].type in _BOUNDARY)):
            out[k - 1:k + 3] = [tokens[k + 1], tokens[k - 1]]
    return out


# words of a head that its kinds say anyway ("viral hepatitis (B or C)": hepatitis B and C are viral)
_EMPTY_BEFORE_STEM = frozenset({"viral"})


def _stem_conditions(head: Token, words: list[Token], text: str) -> list[Token] | None:
    """'viral hepatitis (B or C)': each short word with the head's last word ("hepatitis B") a vocabulary diagnosis."""
    said = key_of(text[head.start_pos:head.end_pos])
    if not set(said[:-1]) <= _EMPTY_BEFORE_STEM:
        return None  # "chronic viral hepatitis (B & C)": the kinds would lose "chronic"
    last = said[-1:]
    table = phrase_table()
    got = []
    for w in words:
        entry = table.get(tuple(last) + tuple(key_of(w.value))) if len(w.value) <= 2 else None
        if entry is None or entry.source != "vocabulary" or entry.tokens[0][0] != "CONDITION":
            return None
        got.append(Token("CONDITION", entry.tokens[0][1], start_pos=w.start_pos, end_pos=w.end_pos))
    return got


def paren_stems(tokens: list[Token], text: str) -> list[Token]:
    """'active viral hepatitis (B or C)', 'chronic viral hepatitis(B & C)': the short words in parentheses name the
    kinds of the diagnosis before them, with its stem ("hepatitis B", "hepatitis C"); either of them (an 'and'
    there does not ask for both). The diagnoses stand for the head and its parenthesis."""
    out: list[Token] = []
    k, n = 0, len(tokens)
    while k < n:
        t = tokens[k]
        if t.type == "CONDITION" and k + 4 < n and tokens[k + 1].type == "LPAR" and (close := _close(tokens, k + 1)):
            inner = tokens[k + 2:close]
            words, seps = inner[0::2], inner[1::2]
            if (len(words) >= 2 and all(w.type == "WORD" for w in words)
                    and all(s.type in ("OR", "AND", "COMMA", "SLASH") for s in seps)
                    and (kinds := _stem_conditions(t, words, text))):
                for i, c in enumerate(kinds):
                    if i:
                        s = seps[i - 1]
                        out.append(Token("OR", "or", start_pos=s.start_pos, end_pos=s.end_pos))
                    out.append(c)
                k = close + 1
                continue
        out.append(t)
        k += 1
    return out


# qualifiers of a drug or diagnosis that no rule says ("chronic or prophylactic antibiotic therapy"); a pair of them
# joined by "or" is left out whole, reported, so the line is partial (never read as two items)
_QUALIFIERS = frozenset({"acute", "chronic", "prophylactic", "experimental", "unapproved", "refractory", "relapsed",
                         "probable", "definite", "past", "present"})


def paired_qualifiers(tokens: list[Token], text: str) -> list[Token]:
    """'receiving chronic or prophylactic antibiotic therapy', 'acute or chronic metabolic disorders': the "or"
    between two qualifiers right before a drug, class, diagnosis or procedure joins words that are left out, and is
    left out with them (a word: the line is partial, the qualifiers reported)."""
    out = list(tokens)
    for k in range(1, len(tokens) - 2):
        if (tokens[k].type in ("OR", "SLASH") and tokens[k - 1].type == "WORD" and tokens[k + 1].type == "WORD"
                and tokens[k - 1].value.lower() in _QUALIFIERS and tokens[k + 1].value.lower() in _QUALIFIERS
                and tokens[k + 2].type in _THINGS):
            out[k] = word(tokens[k], text)
    return out


def _typed(number: Token, head: tuple[str, ...], text: str) -> Token | None:
    """'type' + the number + the head's words ("type 2 diabetes"), when that is a vocabulary diagnosis."""
    entry = phrase_table().get(("type", *key_of(text[number.start_pos:number.end_pos]), *head))
    if entry is None or entry.source != "vocabulary" or entry.tokens[0][0] != "CONDITION":
        return None
    return Token("CONDITION", entry.tokens[0][1], start_pos=number.start_pos, end_pos=number.end_pos)


def _typed_run(tokens: list[Token], j: int) -> tuple[list[Token], list[Token], int]:
    """The numbers and separators of 'type 1 and 2', 'type 1 or 2' from the NUMBER at ``j``; the index after them."""
    numbers, seps = [tokens[j]], []
    while j + 2 < len(tokens) and tokens[j + 1].type in ("OR", "AND", "COMMA", "SLASH") and tokens[j + 2].type == "NUMBER":
        seps.append(tokens[j + 1])
        numbers.append(tokens[j + 2])
        j += 2
    return numbers, seps, j + 1


def _either(kinds: list[Token], seps: list[Token]) -> list[Token]:
    out = [kinds[0]]
    for s, c in zip(seps, kinds[1:]):
        out += [Token("OR", "or", start_pos=s.start_pos, end_pos=s.end_pos), c]
    return out


def typed_kinds(tokens: list[Token], text: str) -> list[Token]:
    """'type 1 and 2 diabetic patients', 'Diabetes mellitus (type 1 or 2)', 'type 2 or gestational diabetes': the
    numbered types of a diagnosis share its head ("type 1 diabetes", "type 2 diabetes"); either of them (an 'and'
    there does not ask for both at once). Read only where each makes a vocabulary diagnosis."""
    out: list[Token] = []
    k, n = 0, len(tokens)
    while k < n:
        t = tokens[k]
        is_type = t.type == "WORD" and t.value.lower() == "type" and k + 1 < n and tokens[k + 1].type == "NUMBER"
        if is_type:
            numbers, seps, j = _typed_run(tokens, k + 1)
            if j < n and tokens[j].type == "CONDITION":
                head = key_of(text[tokens[j].start_pos:tokens[j].end_pos])
                if seps:  # "type 1 and 2 diabetic"
                    kinds = [_typed(x, head, text) for x in numbers]
                    if all(kinds):
                        out += _either(kinds, seps)
                        k = j + 1
                        continue
            if not seps and j + 1 < n and tokens[j].type == "OR" and tokens[j + 1].type == "CONDITION":
                # "type 2 or gestational diabetes": the head is the last word of the diagnosis after the "or"
                kind = _typed(numbers[0], key_of(text[tokens[j + 1].start_pos:tokens[j + 1].end_pos])[-1:], text)
                if kind is not None:
                    out.append(kind)
                    k = j
                    continue
        if (t.type == "LPAR" and k and tokens[k - 1].type == "CONDITION" and k + 2 < n and tokens[k + 1].type == "WORD"
                and tokens[k + 1].value.lower() == "type" and tokens[k + 2].type == "NUMBER"):
            numbers, seps, j = _typed_run(tokens, k + 2)
            if j < n and tokens[j].type == "RPAR" and _plain_before(tokens, k - 1):
                head_tok = tokens[k - 1]
                kinds = [_typed(x, key_of(text[head_tok.start_pos:head_tok.end_pos]), text) for x in numbers]
                if all(kinds):  # "Diabetes mellitus (type 1 or 2)": the kinds stand for the head
                    out[-1:] = _either(kinds, seps)
                    k = j + 1
                    continue
        out.append(t)
        k += 1
    return out


_HEADS = frozenset({"CONDITION", "DRUG", "DRUG_CLASS"})


def lists6_passes(tokens: list[Token], text: str) -> list[Token]:
    kinds = {t.type for t in tokens}
    if "LPAR" in kinds and any(t.type == "LPAR" and p.type in _HEADS for p, t in zip(tokens, tokens[1:])):
        tokens = paren_stems(paren_status(paren_lists(tokens, text), text), text)
    if ("OR" in kinds or "SLASH" in kinds) and mentions(text, *_QUALIFIERS):
        tokens = paired_qualifiers(tokens, text)
    if "NUMBER" in kinds and mentions(text, "type"):
        tokens = typed_kinds(tokens, text)
    if "EITHER" in kinds:
        tokens = either_list(tokens, text)
    return tokens
