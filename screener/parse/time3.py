"""Time and gestation wordings, round 3 of issue 5's durations (docs/notes/issue-5-time3.md).

"pregnant woman between (16-24) weeks of gestation": a range in parentheses right after 'between', its unit after
the parenthesis.  The parenthesis only groups the range; without it the line reads as "between 16-24 weeks of
gestation" does (a gestational age from 16 to 24 weeks).
"""

from __future__ import annotations

from lark import Token

_RANGE = ["LPAR", "NUMBER", "TO", "NUMBER", "RPAR"]


def bracketed_ranges(tokens: list[Token]) -> list[Token]:
    """'between (<n>-<m>) <unit>': the parenthesis around the range dropped."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "BETWEEN" and [x.type for x in tokens[k + 1:k + 6]] == _RANGE and k + 6 < len(tokens)
                and tokens[k + 6].type in ("TIMEUNIT", "UNIT")):
            out.extend([t, tokens[k + 2], tokens[k + 3], tokens[k + 4]])
            k += 6
            continue
        out.append(t)
        k += 1
    return out
