"""Sex words that name the patient's sex, and rules that hold for one sex only (issue 5, session 15, sexes6).

- ``sex_named`` (a lexer pass): "female sex", "Male sex", "male sex (at birth)", "Female gender", "Biological
  female" on a line of their own are that sex (``SEX FEMALE``), as "Sex: female" reads.  The record's sex is the
  sex the line asks for ("at birth": the registry's sex is the one recorded, FHIR Patient.gender).  Not
  "transgender male" (no sex at birth: left as it is).
- ``scope_of`` and ``scoped`` (two hooks in screener/compile.py): "If female, must not be pregnant", "Female
  subjects: ...", "For women of childbearing potential, a negative pregnancy test ...", "Negative pregnancy test
  (if female of childbearing potential)", "Not pregnant for female subjects": the rule holds for that sex only.
  The rest of the line compiles on its own, then
  - an inclusion is ``(not (sex female)) or X`` (``not ((sex female) and Y)`` when X is ``not Y``, as
    "Women must not be breastfeeding" reads): a patient of the other sex meets it;
  - an exclusion is ``(sex female) and X``: only that sex is excluded by it.
  Childbearing (reproductive) potential is in no record: a person attests it, a manual part beside the sex
  (``manual "not of childbearing potential"`` in an inclusion's alternatives, ``manual "of childbearing
  potential"`` in an exclusion's conjunction), so such a line is never full.  Where the rest compiles nothing but
  speaks of contraception, pregnancy plans or childbearing potential ("Women of childbearing potential who are not
  using an acceptable form of birth control"), the rest is that manual part, with the sex; a line that is the
  population alone ("Women of child-bearing potential") is ``(sex female) and (manual "of childbearing
  potential")`` in either role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token

from screener import ir
from screener.parse.tokens import zero

# ---- "female sex", "male sex (at birth)", "Female gender", "Biological female" -------------------------------

_NAMED = re.compile(r"^\s*(?:(?:biological(?:ly)?|birth)\s+(?P<a>females?|males?)(?:\s+(?:sex|gender))?|"
                    r"(?P<b>females?|males?)\s+(?:sex|gender)(?:\s*\(\s*at\s+birth\s*\)|\s+at\s+birth)?"
                    r"|(?:sex|gender)\s+at\s+birth\s*:?\s*(?P<c>females?|males?))\s*[.;]?\s*$", re.I)


def sex_named(tokens: list[Token], text: str) -> list[Token]:
    if len(tokens) > 4 or not any(t.type in ("MALE", "FEMALE") for t in tokens):
        return tokens
    m = _NAMED.match(text)
    if not m:
        return tokens
    sex = next(t for t in tokens if t.type in ("MALE", "FEMALE"))
    return [zero("SEX", "sex", sex.start_pos), sex]


# ---- a rule for one sex ----------------------------------------------------------------------------------------

_SEXW = r"(?P<sex>females?|wom[ae]n|males?|m[ae]n)"
_WHO = r"(?:\s+(?:subjects?|patients?|participants?|volunteers?))?"
_CBP = (r"(?P<cbp>(?:\s+and)?\s+(?:of|with|in)\s+(?:(?:a|the)\s+)?(?:child[- ]?bearing|reproductive)\s+"
        r"(?:potential|age)(?:\s*\(\s*(?:WOCBP|WOCP|WCBP|FOCP|FCBP|WOCBA)\s*\))?)")
_LEAD = re.compile(r"^\s*(?P<cue>(?:if|for|in\s+the\s+case\s+of)\s+(?:(?:the\s+)?(?:subject|patient|participant)\s+"
                   r"is\s+)?(?:an?\s+)?)?(?:(?:all|be\s+an?|is\s+an?)\s+)?" + _SEXW + _WHO + _CBP + r"?\s*(?P<sep>[,:])?", re.I)
_TRAIL = re.compile(r"\s*(?P<lp>\(\s*)?(?:if|for)\s+(?:an?\s+)?" + _SEXW + _WHO + _CBP + r"?\s*(?P<rp>\))?\s*[.;]?\s*$",
                    re.I)
# what the scope's words may lex as (no limit per sex, no value, no diagnosis)
_SCOPE_KINDS = frozenset({"WORD", "FOR", "FEMALE", "MALE", "OF", "COMMA", "COLON", "LPAR", "RPAR", "SEX", "AND",
                          "CLAUSE_AND", "AGE", "SUBJECT", "ALLSEX"})
_LEADING = frozenset({"COMMA", "CLAUSE_COMMA", "AND", "CLAUSE_AND", "SEMI"})
# what a rest that compiles nothing may speak of to be a person's attestation for that sex
_ATTESTED = re.compile(r"contracept|birth[- ]control|abstinen|abstain|steril|condom|intrauterine|barrier method|"
                       r"child[- ]?bearing|reproductive potential|pregnan", re.I)


_SENTENCES = re.compile(r"[.;]\s+[A-Z(]|[.;]\s+\S")
_LEADS_IN = re.compile(r"\bfollowing\b|:\s*$", re.I)
# words of contraception or pregnancy plans: a partial reading of a rest that speaks of them gives way to a person's
# attestation ('"after" >= 30 day' from "... for at least 30 days after the last dose" is not the rule)
_CONTRACEPTION = re.compile(r"contracept|birth[- ]control|abstinen|abstain|condom|intrauterine|barrier|conception|"
                            r"(?:become|becoming|avoid|prevent(?:ing)?)\s+(?:a\s+)?pregnan", re.I)
_PREVENTS = re.compile(r"(?:avoid|prevent(?:ing)?)\s+(?:a\s+)?pregnan", re.I)


# "Male subjects with female partners of child-bearing potential must ...", "Men who are sexually active with a woman
# of childbearing potential and ...": the man's contraception, for his partner's potential: a person's check, for men
_PARTNER = re.compile(r"^\s*(?P<sex>males?|m[ae]n)" + _WHO + r"(?:\s*\([^()]*\))?(?:\s+who\s+are\s+sexually\s+active)?"
                      r"\s+(?:with|who\s+have|whose)\s+(?:an?\s+)?(?:female\s+)?(?:sexual\s+)?(?:partners?|wom[ae]n)"
                      r"\s+(?:who\s+(?:are|is)\s+)?(?:of|with)\s+(?:child[- ]?bearing|reproductive)\s+(?:potential|age)",
                      re.I)
# "Postmenopausal women", "premenopausal women", "Treatment-naive postmenopausal women": the menopause is in no
# record (when it began, whether it was surgical): a person's check, for women
_MENOPAUSAL = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?P<sex>)(?:pre|peri|post)[- ]?menopausal\s+wom[ae]n\s*[.;]?\s*$", re.I)


@dataclass(frozen=True)
class Scope:
    sex: str  # "female" | "male"
    cbp: str | None  # the childbearing-potential words as written, or None
    start: int  # the scope's words in the normalized text
    end: int
    rest: tuple[int, int]  # the rest of the line in the normalized text
    whole: bool = False  # the line is a person's check for that sex, whatever its rest compiles to


def scope_of(tokens: list[Token], text: str) -> tuple[list[Token], Scope | None]:
    """The tokens of the rest of the line and the sex it holds for, or the tokens as they came and None."""
    if not any(t.type in ("MALE", "FEMALE") for t in tokens):
        return tokens, None
    m = _PARTNER.match(text) or _MENOPAUSAL.match(text)
    if m and _fits([t for t in tokens if t.start_pos < m.end()], m.end(), tokens, partner=True):
        rest = [t for t in tokens if t.start_pos >= m.end()]
        sex = "male" if m.re is _PARTNER else "female"
        if not rest or not _SENTENCES.search(text, m.end()):
            return rest or [Token("WORD", "", start_pos=m.end(), end_pos=m.end())], Scope(
                sex=sex, cbp=None, start=m.start(), end=m.end(), rest=(m.end(), len(text)), whole=True)
    m = _LEAD.match(text)
    if m and (m.group("cbp") or m.group("sep") == ":" or (m.group("cue") and (
            m.group("sep") or m.group("cue").lower().startswith("if")))):
        rest = [t for t in tokens if t.start_pos >= m.end()]
        while rest and rest[0].type in _LEADING:
            rest = rest[1:]
        scope = [t for t in tokens if t.start_pos < m.end()]
        after = text[m.end():].lstrip()
        if _fits(scope, m.end(), tokens) and not re.match(r"(?:and|or|&|/)\b", after, re.I) \
                and (rest or m.group("cbp")) and _one_rule(rest, after):
            # (a line that is the population alone, "Women of child-bearing potential": nothing is left to parse)
            return rest or [Token("WORD", "", start_pos=m.end(), end_pos=m.end())], _scope(m, text, (m.end(), len(text)))
    m = _TRAIL.search(text)
    if m and bool(m.group("lp")) == bool(m.group("rp")) and m.start() > 0:
        rest = [t for t in tokens if t.end_pos <= m.start()]
        scope = [t for t in tokens if t.end_pos > m.start()]
        if rest and _fits(scope, None, tokens) and all(t.start_pos >= m.start() for t in scope) \
                and _one_rule(rest, text[:m.start()]):
            while rest and rest[-1].type in _LEADING:
                rest = rest[:-1]
            return rest, _scope(m, text, (0, m.start()))
    return tokens, None


def _one_rule(rest: list[Token], said: str) -> bool:
    """The rest is one rule for that sex: one sentence, no other sex or population in it ("Female of child-bearing
    potential who do not use adequate contraception and women who are pregnant"), no list it leads into ("at least
    one of the following")."""
    return not (any(t.type in ("MALE", "FEMALE", "SEX", "SEX_TAG", "ALLSEX") for t in rest)
                or _SENTENCES.search(said) or _LEADS_IN.search(said))


def _fits(scope: list[Token], end: int | None, tokens: list[Token], partner: bool = False) -> bool:
    kinds = _SCOPE_KINDS | {"QUALIFIER", "ACTIVE", "NOT", "OR"} if partner else _SCOPE_KINDS
    if not scope or any(t.type not in kinds for t in scope):
        return False
    # no token runs over the scope's end ("female" lexed with what follows it)
    return end is None or not any(t.start_pos < end < t.end_pos for t in tokens)


def _scope(m: re.Match, text: str, rest: tuple[int, int]) -> Scope:
    sex = "female" if m.group("sex").lower().startswith(("f", "w")) else "male"
    cbp = None
    if m.group("cbp"):
        cbp = " ".join(re.sub(r"^\s*and\s+", "", m.group("cbp")).split())
    return Scope(sex=sex, cbp=cbp, start=m.start(), end=m.end(), rest=rest)


def attested(scope: Scope, text: str) -> bool:
    """A rest that compiles nothing is a person's attestation for that sex: it speaks of contraception,
    pregnancy plans or childbearing potential, or the scope names childbearing potential."""
    rest = text[scope.rest[0]:scope.rest[1]]
    return scope.whole or bool(scope.cbp) or bool(_ATTESTED.search(rest))


def scoped(scope: Scope, rule, status: str, errs: list, skipped: list, role: str, ln):
    """The rule of the rest of the line for that sex only, its status and diagnostics.  A rest that compiled nothing
    (``rule`` None; the caller checked ``attested``) is a person's attestation: the line is partial (the sex is
    read, the rest is manual) and its syntax errors give way to that."""
    text, span = ln.norm.text, ln.span
    if scope.whole:
        rule = None
    if rule is not None and (skipped or errs) and _CONTRACEPTION.search(text, *scope.rest) and (
            _PREVENTS.search(text, *scope.rest) or any(isinstance(r, ir.Unmapped) for r in ir.walk(rule))):
        # ('"after" >= 30 day' from "... and for at least 30 days after the last dose"; "pregnancy" from "had to use
        # a proven method to prevent pregnancy"): what the words about contraception left is not the rule
        rule = None
    if rule is None:
        rest = " ".join(text[scope.rest[0]:scope.rest[1]].split()).strip(" ,;:.")
        d = ln.diag("rule.manual", "info", "no record holds this (contraception, childbearing potential, menopause, a person's "
                    "word): it needs a person's attestation, for that sex only", scope.rest[0], scope.rest[1])
        return _scoped(scope, None, role, text, span, rest), "partial", [d], []
    if scope.cbp:
        errs = [*errs, ln.diag("rule.manual", "info", f"'{scope.cbp}' is in no record: a person's check beside the sex",
                               scope.start, scope.end)]
    return _scoped(scope, rule, role, text, span, ""), status, errs, skipped


def _scoped(scope: Scope, rule, role: str, text: str, span, rest: str) -> ir.Rule:
    sex = ir.Sex(allowed=(scope.sex,), span=span(scope.start, scope.end))
    if rule is None:
        # the line as written: the person checks what it says, for that sex
        manual = ir.Manual(reason=" ".join(text.split()), span=span(0, len(text)))
        if role == "inclusion" and rest:
            return ir.Any(items=(ir.Not(item=sex), manual))
        return ir.All(items=(sex, manual))
    if role == "inclusion":
        if scope.cbp:
            return ir.Any(items=(ir.Not(item=sex), ir.Manual(reason=f"not {scope.cbp}"), rule))
        if isinstance(rule, ir.Not):
            # "If female, must not be pregnant": as "Women must not be breastfeeding" reads
            return ir.Not(item=ir.All(items=(sex, rule.item)))
        return ir.Any(items=(ir.Not(item=sex), rule))
    items = (sex,) + ((ir.Manual(reason=scope.cbp),) if scope.cbp else ()) + (rule,)
    return ir.All(items=items)


# ---- a sex written after an age or an ASA class ----------------------------------------------------------------

# what the rest of such a line may hold: an age or an ASA class, and their numbers
_AGE_KINDS = frozenset({"AGE", "NUMBER", "TO", "TIMEUNIT", "OLD", "CMP", "AND_CMP", "BETWEEN", "AND", "OR", "COMMA",
                        "CMP_POST"})


def _sex_word(tok: Token) -> bool:
    return tok.type in ("MALE", "FEMALE") or tok.type == "SEX_TAG" and tok.value in ("male", "female")


def sex_after_values(tokens: list[Token], text: str) -> list[Token]:
    """'18-35-year-old women', '=18 years old males', 'ASA I and II women', 'Age of 40~75 men and women', 'ASA I-III
    male and female patients aged between 18 to 80 years old': the sex (or both) and the age or ASA class the line
    gives; the sex words go first, as "Women 18-35 years old" reads (they were left over, or read as the value's sex,
    or the first of "male and female" was).  Only a line of an age or an ASA class and one run of sex words."""
    if len(tokens) < 3 or not (tokens[0].type == "AGE" or tokens[0].type == "ANALYTE" and tokens[0].value == "asa_class"):
        return tokens
    runs = [k for k, t in enumerate(tokens) if _sex_word(t)]
    if not runs:
        return tokens
    i, j = runs[0], runs[-1] + 1
    run = tokens[i:j]
    if not all(_sex_word(t) if n % 2 == 0 else t.type in ("AND", "OR", "SLASH") for n, t in enumerate(run)) \
            or len(run) not in (1, 3) or i == 0 or tokens[i - 1].type == "COMMA":  # ("Age >= 18, male or female": read)
        return tokens
    rest = tokens[:i] + tokens[j:]
    if any(t.type not in _AGE_KINDS and not (t.type == "ANALYTE" and t.value == "asa_class") for t in rest):
        return tokens
    sexes = [("female" if t.type == "FEMALE" or t.value == "female" else "male") for t in run[::2]]
    if len(sexes) == 2 and sexes[0] == sexes[1]:
        return tokens
    words = [Token(s.upper(), t.value, start_pos=t.start_pos, end_pos=t.end_pos) for s, t in zip(sexes, run[::2])]
    if len(words) == 1:
        lead = [zero("SEX", "sex", words[0].start_pos), words[0]]
    else:  # (the grammar's "male and female": male first)
        a, b = sorted(words, key=lambda w: w.type != "MALE")
        lead = [a, Token(run[1].type, run[1].value, start_pos=run[1].start_pos, end_pos=run[1].end_pos), b]
    glue = [zero("CLAUSE_AND", "and", tokens[i].start_pos)] if j < len(tokens) else []
    return lead + [zero("CLAUSE_AND", "and", tokens[0].start_pos)] + tokens[:i] + glue + tokens[j:]
