"""One parse attempt on a line's tokens: tokens -> rule IR, or the diagnostics that say why not.

The offsets of a line (normalized text -> line text -> source text) live here too, so the
compiler (screener.compile) and the islands (screener.islands) report spans the same way.
"""

from __future__ import annotations

from lark import Token

from screener import ir
from screener.diagnostics import Diagnostic, SourceText
from screener.parse.parser import ParseOutcome, has_subject, parse
from screener.parse.to_ir import CompileError, ToIR
from screener.text.lines import CriterionLine, Role
from screener.text.normalize import Normalized


class Line:
    """Offsets of one line: normalized text -> line text -> source text."""

    def __init__(self, line: CriterionLine, norm: Normalized, source: SourceText):
        self.line, self.norm, self.source = line, norm, source

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        s = self.line.source_offset(self.norm.source(start))
        e = self.line.source_offset(self.norm.source(max(start, end - 1))) + 1
        return s, max(e, s + 1)

    def written(self, start: int, end: int) -> str:
        """The line as written for the normalized range [start, end)."""
        return self.line.text[self.norm.source(start):self.norm.source(max(start, end - 1)) + 1]

    def span(self, start: int, end: int) -> ir.Span:
        s, e = self.to_source(start, end)
        return ir.Span(start=s, end=e)

    def diag(self, code: str, severity, message: str, start: int, end: int) -> Diagnostic:
        s, e = self.to_source(start, end)
        return self.source.diagnostic(code, severity, message, s, e)


def depth0(tokens: list[Token], types: set[str]) -> list[int]:
    depth, hits = 0, []
    for i, t in enumerate(tokens):
        if t.type == "LPAR":
            depth += 1
        elif t.type == "RPAR":
            depth = max(0, depth - 1)
        elif depth == 0 and t.type in types:
            hits.append(i)
    return hits


def split_at(tokens: list[Token], at: list[int]) -> list[list[Token]]:
    out, prev = [], 0
    for i in at:
        out.append(tokens[prev:i])
        prev = i + 1
    out.append(tokens[prev:])
    return [seg for seg in out if seg]


def verbatim(tok: Token, text: str, norm: Normalized) -> Token:
    """A quoted string keeps the characters as written, not as normalized."""
    if tok.end_pos - tok.start_pos < 2:
        return tok
    s = norm.source(tok.start_pos + 1)
    e = norm.source(tok.end_pos - 1) if tok.end_pos - 1 < len(norm.text) else len(text)
    inner = text[s:e].rstrip('"')
    return Token("STRING", inner, start_pos=tok.start_pos, end_pos=tok.end_pos)


def _failure_diag(ln: Line, outcome: ParseOutcome, tokens: list[Token]) -> Diagnostic:
    f = outcome.failure
    expected = ", ".join(sorted(f.expected)[:8]) if f else ""
    if f is None or f.token is None:
        end = tokens[-1].end_pos if tokens else len(ln.norm.text)
        start = max(0, end - 1)
        return ln.diag("syntax.unexpected_end", "error",
                       f"the line ends before the rule is complete (expected {expected})", start, end)
    tok = f.token
    return ln.diag("syntax.unexpected_token", "error",
                   f"cannot use {tok.type} '{ln.norm.text[tok.start_pos:tok.end_pos]}' here"
                   + (f" (expected {expected})" if expected else ""), tok.start_pos, tok.end_pos)


def skipped_diags(ln: Line, skipped: list[Token]) -> list[Diagnostic]:
    """One diagnostic per run of adjacent skipped tokens."""
    runs: list[list[Token]] = []
    for t in skipped:
        if runs and t.start_pos - runs[-1][-1].end_pos <= 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    out = []
    for run in runs:
        s, e = run[0].start_pos, run[-1].end_pos
        out.append(ln.diag("lex.ignored_words", "warning",
                           f"left out: '{ln.norm.text[s:e]}'", s, e))
    return out


def attempt(ln: Line, tokens: list[Token], role: Role, diagnose: bool = True):
    """Parse and transform; returns (rule or Forbids or None, skipped, diagnostics).
    ``diagnose`` False: a failure's diagnostics are not built (an island's try throws them away)."""
    if not has_subject(tokens):
        return None, [], [ln.diag("syntax.no_subject", "error",
                                  "names no lab, vital sign, drug, condition, age or sex that a rule could check",
                                  tokens[0].start_pos, tokens[-1].end_pos)] if diagnose else []
    outcome = parse(tokens)
    if outcome.tree is None:
        return None, outcome.skipped, [_failure_diag(ln, outcome, tokens)] if diagnose else []
    try:
        rule = ToIR(role, ln.span, ln.norm.text, ln.written).transform(outcome.tree)
    except Exception as err:  # a rule the grammar allows but the IR refuses (CompileError), or a bug
        cause = err
        if not isinstance(cause, CompileError):  # a transformer bug must not take the batch down
            cause = CompileError("syntax.unexpected_token", f"internal error while building the rule: {cause!r}")
        s = cause.start if cause.start is not None else tokens[0].start_pos
        e = cause.end if cause.end is not None else tokens[-1].end_pos
        return None, outcome.skipped, [ln.diag(cause.code, "error", cause.message, s, e)] if diagnose else []
    return rule, outcome.skipped, []
