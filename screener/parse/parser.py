"""Drives the LALR parser over the lexer's tokens, skipping soft tokens it cannot use.

The parser is built once per process (``grammar()``).  For each line the
driver feeds tokens to lark's interactive parser; a soft token the current
state has no action for is skipped (see lexer.SILENT_SOFT / LOSSY_SOFT).  A
first pass offers unknown words to the grammar (a few rules read them, e.g.
the head of "life or organ threatening manifestations, including …"); if that
fails, a second pass skips them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from screener.parse.lexer import LOSSY_SOFT, SILENT_SOFT
from screener.resources import grammars_dir


class _TokensOnly(Lexer):
    """Tokens come from screener.parse.lexer; lark never lexes text itself."""

    def __init__(self, conf):  # noqa: D401 - lark's lexer protocol
        pass

    def lex(self, lexer_state, parser_state):
        return iter(())


@cache
def grammar(start: str = "start") -> Lark:
    """The parser from one start rule: ``start`` (a criterion) or a follow-up rule (``followup``, ...)."""
    text = (grammars_dir() / "criteria.lark").read_text(encoding="utf-8")
    return Lark(text, parser="lalr", lexer=_TokensOnly, propagate_positions=True,
                maybe_placeholders=False, start=start)


@dataclass
class ParseFailure:
    token: Token | None  # None: the line ended too early
    choices: dict  # the LALR state's action table row (shared, read-only)

    @property
    def expected(self) -> frozenset[str]:
        """Terminals the parser could have used here (computed only for a diagnostic)."""
        return frozenset(_terminals(self.choices))


@dataclass
class ParseOutcome:
    tree: Tree | None
    skipped: list[Token] = field(default_factory=list)  # lossy tokens the parse left out
    failure: ParseFailure | None = None
    fed_words: bool = False  # whether any unknown word went into the parse


# what a number's unit can be: fed only right after the number
UNIT_TERMINALS = frozenset({"UNIT", "TIMEUNIT", "HALF_LIVES", "TIMES", "REF"})
# connectives left dangling when the words they joined were skipped
_DANGLING = frozenset({"OR", "AND", "COMMA", "SLASH"})


def _joins_attested(skipped: list[Token], tokens: list[Token], k: int) -> bool:
    """'prisoners or pregnant women': the connective after a skipped attestation word joins it to a subject."""
    return bool(skipped) and skipped[-1].type == "JUDGE" and k + 1 < len(tokens) and \
        tokens[k + 1].type in SUBJECT_TERMINALS


# connectives a list takes that also join whole clauses (criteria.lark, CLAUSE_AND ...)
_CLAUSE_VARIANT = {"AND": "CLAUSE_AND", "OR": "CLAUSE_OR", "COMMA": "CLAUSE_COMMA"}
_SOFT = SILENT_SOFT | LOSSY_SOFT
# what the lookahead passes over: a procedure is skipped by the driver only where no rule takes it,
# but it is a subject, and "chemotherapy or radiotherapy" must see it to join it as a clause
_LOOK_SOFT = _SOFT - {"PROCEDURE"}


def _connective(ip, tokens: list[Token], k: int) -> Token | None:
    """The connective at ``k`` as the list's separator or, when what follows cannot go on that
    list ("diabetes or history of stroke"), as the clause-level one; None when neither lets
    what follows go on. Lookahead past the connective, which LALR(1) lacks, tried on copies
    of the parser state."""
    tok = tokens[k]
    rest = tokens[k + 1:]
    if _continues(ip, tok, rest):
        return tok
    variant = _CLAUSE_VARIANT.get(tok.type)
    if variant is not None and variant in ip.choices():
        alt = Token(variant, tok.value, start_pos=tok.start_pos, end_pos=tok.end_pos)
        if _continues(ip, alt, rest):
            return alt
    return None


def _continues(ip, first: Token | None, rest: list[Token]) -> bool:
    """Whether, after ``first`` (None: nothing), the next token that is not soft can be fed, soft
    ones on the way fed where they fit and passed over where not, as the driver does. Unknown
    words are passed over: the few rules that read them (open lists) must not decide how a
    connective joins. Fed on copies: an LALR state's table can list a terminal that the
    reductions it triggers then refuse (list_sep is shared by every list)."""
    trial = ip.copy()
    try:
        if first is not None:
            trial.feed_token(first)
    except UnexpectedInput:
        return False
    for t in rest[:8]:
        if t.type in _LOOK_SOFT:
            if t.type in trial.choices() and t.type != "WORD":  # words: see the docstring
                attempt = trial.copy()
                try:
                    attempt.feed_token(t)
                    trial = attempt
                except UnexpectedInput:
                    pass
            continue
        try:
            trial.feed_token(t)
        except UnexpectedInput:
            return False
        return True
    return True


def _run(tokens: list[Token], offer_words: bool, start: str = "start") -> ParseOutcome:
    ip = grammar(start).parse_interactive()
    skipped: list[Token] = []
    fed_words = False
    last_skipped = True  # the line's start counts: nothing before it was fed
    last_fed = before_last = None
    aside_end = -1
    for k, tok in enumerate(tokens):
        if k <= aside_end:
            skipped.append(tok)
            continue
        if tok.type in UNIT_TERMINALS and last_fed == "NUMBER" and last_skipped:
            # "5 cigarettes per day": words were skipped between a number and its unit, so
            # the unit is not the number's ("5 day" would be a wrong reading)
            return ParseOutcome(None, skipped, ParseFailure(tok, ip.choices()), fed_words)
        accepted = tok.type in ip.choices()
        if (accepted and tok.type == "FOR" and last_fed in ("DRUG", "DRUG_CLASS")
                and (k + 1 == len(tokens) or tokens[k + 1].type not in ("CMP", "NUMBER"))):
            # "metformin for any reason", "chemotherapy for other disease in recent 1 year": after a drug,
            # 'for' opens how long it was taken only right before a duration
            continue
        if accepted and tok.type in _DANGLING and last_fed == "NUMBER" and before_last in _DANGLING \
                and skipped and last_skipped and skipped[-1].type == "WORD":
            # "grade 1 or 2 according to ESH/ESC 2013": after words left out behind a list of
            # values, a connective joins those words, not another value to the list
            skipped.append(tok)
            continue
        if not accepted or (tok.type == "WORD" and not offer_words):
            if tok.type in SILENT_SOFT:
                continue
            if tok.type in LOSSY_SOFT or (last_skipped and tok.type in _DANGLING and (
                    not offer_words or _joins_attested(skipped, tokens, k))):
                # "any concurrent or prior pregnancy": the 'or' joined words that were left out
                skipped.append(tok)
                last_skipped = True
                continue
        if not accepted and tok.type == "LPAR" and offer_words:
            close = _aside(tokens, k)
            if close is not None:
                # "... headache medications (e.g., amitriptyline)": a parenthesis the rule cannot
                # take here is an aside; it is left out (partial) and the line goes on after it
                skipped.append(tok)
                aside_end, last_skipped = close, True
                continue
        if not accepted:
            return ParseOutcome(None, skipped, ParseFailure(tok, ip.choices()), fed_words)
        if tok.type in _DANGLING:
            joined = _connective(ip, tokens, k)
            if joined is None and tok.type != "COMMA" and k + 1 < len(tokens) \
                    and tokens[k + 1].type != "WORD" and _continues(ip, None, tokens[k + 1:]):
                # "history of ketoacidosis or metabolic acidosis", "history of [drug] or alcohol
                # abuse": what follows cannot go on after the 'or', only without it, so the 'or'
                # joined words left out (it is left out with them: the compile is partial)
                skipped.append(tok)
                last_skipped = True
                continue
            tok = joined or tok
        fed_words = fed_words or tok.type == "WORD"
        last_skipped = False
        before_last, last_fed = last_fed, tok.type
        try:
            ip.feed_token(tok)
        except UnexpectedInput:
            return ParseOutcome(None, skipped, ParseFailure(tok, ip.choices()), fed_words)
    choices = ip.choices()
    try:
        tree = ip.feed_eof(tokens[-1] if tokens else None)
    except UnexpectedInput:
        return ParseOutcome(None, skipped, ParseFailure(None, choices), fed_words)
    return ParseOutcome(tree, skipped)


def _aside(tokens: list[Token], k: int) -> int | None:
    """The index of the parenthesis closing the one at ``k``, when nothing in it is a number a rule
    would read (those are tried as islands instead: "renal insufficiency (creatinine > 1.5 mg/dL)")."""
    depth = 0
    for j in range(k, len(tokens)):
        t = tokens[j].type
        if t in ("NUMBER", "CMP", "CMP_POST"):
            return None
        depth += (t == "LPAR") - (t == "RPAR")
        if depth == 0:
            return j
    return None


def _terminals(choices) -> list[str]:
    return sorted(t for t in choices if t.isupper() and t != "$END")


# Every clause of criteria.lark names one of these (an analyte, drug, condition,
# age, sex, a manual check, or "nothing"); a line without any cannot parse, so
# it is not offered to the parser.  tests/test_never_raises.py checks this
# against sentences generated from the grammar.
SUBJECT_TERMINALS = frozenset({
    "ANALYTE", "DRUG", "DRUG_CLASS", "CONDITION", "ALLERGEN", "PROCEDURE", "IMMUNIZATION", "STUDY", "AGE", "SEX", "MALE", "FEMALE", "MANUAL",
    "NOTHING",
    "SUBJECT",
    "CMP_POST", "STABLE",  # "dose stable for 2 weeks" parses; the drug is then missing (rule.stable_without_drug)
})


def has_subject(tokens: list[Token]) -> bool:
    return any(t.type in SUBJECT_TERMINALS for t in tokens)


def parse(tokens: list[Token], start: str = "start") -> ParseOutcome:
    """Parse one line's tokens; the first pass that succeeds wins."""
    first = _run(tokens, offer_words=True, start=start)
    if first.tree is not None or not first.fed_words:
        return first  # a second pass without words would parse the very same tokens
    second = _run(tokens, offer_words=False, start=start)
    return second if second.tree is not None else first
