"""The lexer pass that tells two items apart where "and" joins them: "Mild OSA and patients with BMI over 40
kg/m2" lists two exclusions (either excludes), not one patient with both.  An "and" right before "patients /
subjects / those with" starts a new item: it becomes the ";" between items, which the section joins ("or" in an
exclusion, "and" in an inclusion, as it joins the lines).  Session-13 audit 5.
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import mentions

_NEW_ITEM = re.compile(r"\s*(?:the\s+)?(?:patients?|subjects?|participants?|individuals?|persons?|people|those)"
                       r"\s+(?:with|who|having|on|taking|receiving|undergoing)\b", re.I)


def and_new_item(tokens: list[Token], text: str) -> list[Token]:
    if not mentions(text, " and "):
        return tokens
    out = list(tokens)
    for k, tok in enumerate(tokens):
        if (tok.type == "AND" and tok.value.lower() == "and" and k and tokens[k - 1].type not in ("COMMA", "SEMI")
                and _NEW_ITEM.match(text, tok.end_pos)):  # (", and those on dialysis" is a new item already)
            out[k] = Token("SEMI", ";", start_pos=tok.start_pos, end_pos=tok.end_pos)
    return out
