"""Lexer passes about allergies (screener/parse/lexer.py runs them first among its passes, before its
own ``_allergies`` reads the agents of an allergy).

- The trial's own product ("allergy to study drugs", "hypersensitivity to any of the excipients"):
  no record names it, so that part of the line is a manual check a person confirms.  The phrases
  are PRODUCT tokens of grammars/lexicon.tsv; outside an allergy they are what they were before
  (``PRODUCT:judge`` a JUDGE word, ``PRODUCT:word`` an unknown word).
- A severity before an allergy ("severe allergy to iodine contrast agents"): an Allergy rule has
  no severity, so the word is left out (the line is partial and says so), never read as a
  diagnosis' severity.
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import LIST_SEP, word, zero

# the reason of the manual check an allergy to the trial's product compiles to
PRODUCT_REASON = "allergy to the trial's own product (no record names it): "

_AGENTS = frozenset({"DRUG", "DRUG_CLASS", "ALLERGEN"})
# what joins an allergy word to the product it names: "to any of the", "or to its", "contained in"
_LINK_TYPES = frozenset({"TO", "OF", "FOR", "ALLSEX", "EITHER"})
_LINK_WORDS = frozenset({"its", "their", "one", "other", "each", "contained", "present", "in", "against", "s",
                         "related", "arm", "arms"})
# what may follow an allergy word up to its objects ("allergy or hypersensitivity to", "allergies to:")
_STATUS = frozenset({"HISTORY", "ACTIVE", "SEVERITY"})
# a product's parts: a list after them names the product, not the parts
_INGREDIENT = re.compile(r"(?i)(?:its\s+|their\s+)?(?:excipient|component|ingredient|constituent|formulation)")
# words before an allergy word that qualify it ("known or suspected", "documented", "previous")
_QUALIFIERS = frozenset({"suspected", "documented", "confirmed", "proven", "previous", "prior", "serious",
                         "significant", "clinically", "demonstrated", "relevant"})


def _link(t: Token) -> bool:
    return t.type in _LINK_TYPES or (t.type == "WORD" and t.value.lower() in _LINK_WORDS) or (
        t.type == "NUMBER" and t.value == "1" and t.end_pos - t.start_pos == 3)  # "one of the excipients"


def _qualifier(t: Token) -> bool:
    return t.type == "WORD" and t.value.lower() in _QUALIFIERS


def _leftover(t: Token, text: str) -> Token:
    """A product phrase outside an allergy: the token it was before products were read."""
    if t.value == "judge":
        return Token("JUDGE", text[t.start_pos:t.end_pos].split()[0].lower(), start_pos=t.start_pos, end_pos=t.end_pos)
    return word(t, text)


def _segment(tokens: list[Token], i: int, floor: int) -> tuple[int, int]:
    """(first, last) index of the product phrase around the PRODUCT token at ``i``: the words that
    lead to it ("to any of the"), further products joined to it ("its components or excipients",
    "the investigational product(s), closely-related compounds"), and the words that say whose it is
    ("used in the study", "of the investigational product", "of Lemtrada")."""
    s = i
    while s - 1 > floor and _link(tokens[s - 1]):
        s -= 1
    e, n = i, len(tokens)
    while e + 1 < n:
        nxt = tokens[e + 1]
        if nxt.type in ("PRODUCT", "WORD", "JUDGE") or _link(nxt):
            e += 1
        elif nxt.type == "LPAR":
            close = next((j for j in range(e + 2, min(n, e + 12)) if tokens[j].type == "RPAR"), None)
            if close is None or any(t.type not in ("WORD", "JUDGE", "PRODUCT", "OR", "AND", "COMMA", "EQUIV", "ACTIVE")
                                    and not _link(t) for t in tokens[e + 2:close]):
                break
            e = close  # "trial product(s)", "the study drugs (of both arms)"
        elif nxt.type in _AGENTS and tokens[e].type == "OF":
            e += 1  # "any of the excipients of Lemtrada": the product named
            while e + 2 < n and tokens[e + 1].type in LIST_SEP and tokens[e + 2].type in _AGENTS:
                e += 2
        elif nxt.type in LIST_SEP:
            j = e + 2
            while j < n and j - e <= 5 and (_link(tokens[j]) or tokens[j].type in LIST_SEP or tokens[j].type == "WORD"):
                j += 1
            if j < n and tokens[j].type == "PRODUCT":
                e = j
            else:
                break
        else:
            break
    last = max(m for m in range(i, e + 1) if tokens[m].type == "PRODUCT")
    if sum(t.type in ("WORD", "JUDGE") for t in tokens[last + 1:e + 1]) > 4:
        e = last  # a long run of unknown words after it is something else ("... Multiple traumatic injuries")
    while e > i and (tokens[e].type in ("TO", "FOR", "ALLSEX", "EITHER", "OF") or (
            tokens[e].type == "WORD" and tokens[e].value.lower() in _LINK_WORDS - {"arm", "arms", "s"})):
        e -= 1  # trailing link words belong to what follows
    return s, e


def _goes_on(tokens: list[Token], e: int) -> int:
    """'... or to any of the excipients or to E. coli derived proteins': what the allergy word goes on to
    after the product, when it names no agent, is part of the same check (never a diagnosis of its own)."""
    n = len(tokens)
    j = e + 2
    while j < n and (tokens[j].type == "WORD" or _link(tokens[j])):
        j += 1
    if e + 2 < j and tokens[e + 1].type in LIST_SEP and (j == n or tokens[j].type == "SEMI"):
        return j - 1  # "Allergic to studied drugs or metal materials": unknown objects of the same allergy
    while e + 2 < n and tokens[e + 1].type in LIST_SEP and tokens[e + 2].type == "TO" \
            and not (e + 3 < n and tokens[e + 3].type in _AGENTS):
        e += 2
        while e + 1 < n and tokens[e + 1].type not in ("SEMI", "COMMA", "OR", "AND", "SLASH", "LPAR"):
            e += 1
    return e


def _reach(tokens: list[Token], k: int) -> int:
    """The index after the last token an allergy word at ``k`` may govern."""
    j = k + 1
    while j < len(tokens) and (tokens[j].type in _AGENTS or tokens[j].type in LIST_SEP or _link(tokens[j])
                               or tokens[j].type in ("PRODUCT", "WORD", "ROUTE", "ALLERGY", "COLON")):
        j += 1
    return j


def _names_them(tokens: list[Token], e: int) -> int:
    """After a product phrase, the agents it is made of ("used drugs (PEG, neomycin, metronidazole)",
    "the vaccine compounds, as egg, neomycin and gelatin"): how many connector tokens lead to them."""
    n = len(tokens)
    k = e + 1
    if k < n and tokens[k].type == "COMMA":
        k += 1
    if k < n and tokens[k].type in ("LPAR", "AS", "COLON"):
        k += 1
        j = k
        while j < n and (tokens[j].type in _AGENTS or tokens[j].type in LIST_SEP or tokens[j].type == "WORD"):
            if tokens[j].type in _AGENTS:
                return k - e - 1
            j += 1
    return 0


def _closing(tokens: list[Token], k: int) -> int | None:
    """The RPAR that closes the LPAR at ``k`` (None: none on this line)."""
    return next((j for j in range(k + 1, len(tokens)) if tokens[j].type == "RPAR"), None)


def trial_products(tokens: list[Token], text: str) -> list[Token]:
    """'allergy to study drugs' -> a manual check; 'hypersensitivity to X or any of the excipients' ->
    the allergy to X or a manual check of the excipients; 'allergy to used drugs (PEG, neomycin)' ->
    the allergy to the agents it names."""
    if not any(t.type == "PRODUCT" for t in tokens):
        return tokens
    out = list(tokens)
    done: set[int] = set()
    for k, t in enumerate(tokens):
        if t.type != "ALLERGY" or k in done:
            continue
        end = _reach(tokens, k)
        i = k + 1
        while i < end:
            if tokens[i].type != "PRODUCT" or i in done:
                i += 1
                continue
            s, e = _segment(tokens, i, k)
            done.update(range(s, e + 1))
            if tokens[i].value == "word" and i and tokens[i - 1].type in _AGENTS \
                    and text[tokens[i].start_pos:tokens[i].end_pos].lower().startswith("compound"):
                out[i] = None  # "macrolide compounds": the agent itself
                done.add(i)
                i += 1
                continue
            # "used drugs (PEG, neomycin)" names them; "the components of formulations thereof (Flagyl)" does not
            last = max(m for m in range(i, e + 1) if tokens[m].type == "PRODUCT")
            lead = 0 if _INGREDIENT.match(text[tokens[last].start_pos:tokens[last].end_pos]) else _names_them(tokens, e)
            if lead:  # the agents are named: they are the allergy's; the product's name is left out
                for m in range(s, e + lead + 1):
                    out[m] = None
                if tokens[e + lead].type == "LPAR":
                    close = _closing(tokens, e + lead)
                    if close is not None:
                        out[close] = None
                done.update(range(s, e + lead + 1))
                i = e + lead + 1
                continue
            before = any(u.type in _AGENTS for u in tokens[k + 1:s])
            e = _goes_on(tokens, e)
            after = next((m for m in range(e + 1, end) if tokens[m].type in _AGENTS), None)
            first = s
            if not before:  # the allergy word names only the product: it goes into the check
                first = k
                while first and (tokens[first - 1].type in _STATUS or _qualifier(tokens[first - 1]) or (
                        tokens[first - 1].type in ("OR", "SLASH") and (first == 1 or (
                            tokens[first - 2].type in _STATUS or _qualifier(tokens[first - 2]))))):
                    first -= 1  # "History of", "known or suspected", "current or prior"
                if first and tokens[first - 1].type == "NOT":
                    first -= 1  # "no allergy to the study drugs": the check says so
                done.update(range(first, k + 1))
            lead_in = first  # (the reason names the product, not the "or to" that joined it to the list)
            while before and lead_in < e and tokens[lead_in].type in ("TO", "OF", "FOR"):
                lead_in += 1
            span = text[tokens[lead_in].start_pos:tokens[e].end_pos]
            for m in range(first, e + 1):
                out[m] = None
            out[first] = [zero("MANUAL", "manual", tokens[first].start_pos),
                          Token("STRING", PRODUCT_REASON + " ".join(span.split()), start_pos=tokens[first].start_pos,
                                end_pos=tokens[e].end_pos)]
            if before and s and tokens[s - 1].type in ("AND", "COMMA", "SLASH"):
                sep = tokens[s - 1]  # "X and its excipients": an allergy to either
                out[s - 1] = Token("OR", "or", start_pos=sep.start_pos, end_pos=sep.end_pos)
            if not before and after is not None and tokens[e + 1].type in LIST_SEP:
                # "allergy to study drug or penicillin": the allergy word goes on to the agents
                out[e + 1] = [tokens[e + 1], zero("ALLERGY", "allergy", tokens[e + 1].end_pos)]
            i = e + 1
    flat: list[Token] = []
    for m, t in enumerate(out):
        if t is None:
            continue
        for u in (t if isinstance(t, list) else [t]):
            flat.append(_leftover(u, text) if u.type == "PRODUCT" else u)
    return flat


def plain_products(tokens: list[Token], text: str) -> list[Token]:
    """Product phrases read as they were before products were known (follow-up definitions)."""
    return [_leftover(t, text) if t.type == "PRODUCT" else t for t in tokens]


def allergy_severity(tokens: list[Token], text: str) -> list[Token]:
    """'severe allergy to X', 'History of severe milk protein allergy': the severity is left out
    (an unknown word: the line is partial), since an allergy rule has none."""
    if not any(t.type == "SEVERITY" for t in tokens) or not any(t.type == "ALLERGY" for t in tokens):
        return tokens
    out = list(tokens)
    for k, t in enumerate(tokens):
        if t.type != "SEVERITY":
            continue
        j = k + 1
        while j < len(tokens) and (tokens[j].type in ("SEVERITY", "OR", "TO", "SLASH") or tokens[j].type in _AGENTS):
            j += 1  # "moderate or severe", "severe milk protein allergy"
        if j < len(tokens) and tokens[j].type == "ALLERGY":
            out[k] = word(t, text)
    return out
