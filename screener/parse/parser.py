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
def grammar() -> Lark:
    text = (grammars_dir() / "criteria.lark").read_text(encoding="utf-8")
    return Lark(text, parser="lalr", lexer=_TokensOnly, propagate_positions=True,
                maybe_placeholders=False)


@dataclass
class ParseFailure:
    token: Token | None  # None: the line ended too early
    expected: frozenset[str]


@dataclass
class ParseOutcome:
    tree: Tree | None
    skipped: list[Token] = field(default_factory=list)  # lossy tokens the parse left out
    failure: ParseFailure | None = None


def _run(tokens: list[Token], offer_words: bool) -> ParseOutcome:
    ip = grammar().parse_interactive()
    skipped: list[Token] = []
    for tok in tokens:
        accepted = tok.type in ip.choices()
        if not accepted or (tok.type == "WORD" and not offer_words):
            if tok.type in SILENT_SOFT:
                continue
            if tok.type in LOSSY_SOFT:
                skipped.append(tok)
                continue
        if not accepted:
            return ParseOutcome(None, skipped, ParseFailure(tok, frozenset(_terminals(ip.choices()))))
        try:
            ip.feed_token(tok)
        except UnexpectedInput:
            return ParseOutcome(None, skipped, ParseFailure(tok, frozenset(_terminals(ip.choices()))))
    choices = ip.choices()
    try:
        tree = ip.feed_eof(tokens[-1] if tokens else None)
    except UnexpectedInput:
        return ParseOutcome(None, skipped, ParseFailure(None, frozenset(_terminals(choices))))
    return ParseOutcome(tree, skipped)


def _terminals(choices) -> list[str]:
    return sorted(t for t in choices if t.isupper() and t != "$END")


def parse(tokens: list[Token]) -> ParseOutcome:
    """Parse one line's tokens; the first pass that succeeds wins."""
    first = _run(tokens, offer_words=True)
    if first.tree is not None or not any(t.type == "WORD" for t in tokens):
        return first
    second = _run(tokens, offer_words=False)
    return second if second.tree is not None else first
