"""The lexer pass about changes to a treatment: "a change in antihypertensive medication within 30 days",
"change in dose of opioids/sedatives during last 2 weeks", "dose increase of anti-TNF agent", "initiating or
changing to a new antidepressant".  They say the treatment changed, not that it was taken: read as the drug,
"no changes in antihypertensive medication during the past 3 months" was `not (received antihypertensives
within 3 month)`, which fails everyone on a stable treatment.  The change and its drugs become one unknown
subject (screener/parse/lexer.py runs the pass early): no record tells a change, so the part is partial and
keeps its window.
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import mentions, subject_words

# a change of any kind; a rise or fall only of a dose ("to increase antibiotic coverage" is no dose change)
_CHANGE = frozenset({"change", "changes", "changed", "changing", "modification", "modifications", "modified",
                     "modifying", "adjustment", "adjustments", "adjusted", "adjusting", "switch", "switched",
                     "switching", "initiating", "initiation"})
_DOSE_MOVE = frozenset({"increase", "increases", "increased", "increasing", "decrease", "decreases", "decreased",
                        "decreasing", "reduction", "reduced", "escalation", "titration", "tapering"})
# words between the change and its drug ("change in the dose of", "changing to a new")
_BETWEEN = frozenset({"in", "of", "to", "the", "a", "an", "new", "use", "dose", "doses", "dosage", "dosing",
                      "regimen", "any", "their", "his", "her", "or", "and", "/"})
_DRUGS = frozenset({"DRUG", "DRUG_CLASS"})
_CUES = ("chang", "modif", "adjust", "switch", "initiat", "increas", "decreas", "reduc", "escalat", "titrat", "taper")


def _plain_gap(text: str, a: int, b: int) -> bool:
    """Whether the text between two tokens holds only linking words ("in the dose of")."""
    return all(w.lower() in _BETWEEN for w in re.findall(r"[^\W\d_]+|/", text[a:b]))


def _is_change(tokens: list[Token], k: int) -> bool:
    tok = tokens[k]
    word = tok.value.lower() if tok.type == "WORD" else ""
    if word in _CHANGE:
        return True
    if word not in _DOSE_MOVE:
        return False
    return (k and tokens[k - 1].type == "DOSE") or (k + 1 < len(tokens) and tokens[k + 1].type == "DOSE")


def _subject(tokens: list[Token], s: int, e: int, text: str) -> Token:
    words = subject_words(text[tokens[s].start_pos:tokens[e - 1].end_pos])
    return Token("SUBJECT", " ".join(words), start_pos=tokens[s].start_pos, end_pos=tokens[e - 1].end_pos)


def drug_changes(tokens: list[Token], text: str) -> list[Token]:
    if not mentions(text, *_CUES) or not any(t.type in _DRUGS for t in tokens):
        return tokens  # (a change and no drug: nothing to fold)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        if not _is_change(tokens, k):
            out.append(tokens[k])
            k += 1
            continue
        s = k - 1 if k and tokens[k - 1].type == "DOSE" else k
        j = k + 1
        while j < len(tokens) and (tokens[j].type in ("DOSE", "OF", "TO") or (
                tokens[j].type in ("WORD", "OR", "SLASH") and tokens[j].value.lower() in _BETWEEN | _CHANGE)):
            j += 1  # "change in the dose of", "initiating or changing to a new"
        if j < len(tokens) and tokens[j].type in _DRUGS and _plain_gap(text, tokens[j - 1].end_pos, tokens[j].start_pos):
            # "change in dose of opioids/sedatives/benzodiazepines": the change and every drug of its list
            e = j + 1
            while e < len(tokens) and (tokens[e].type in _DRUGS or tokens[e].type == "ROUTE" or (
                    tokens[e].type in ("SLASH", "OR", "AND") and e + 1 < len(tokens)
                    and (tokens[e + 1].type in _DRUGS or (tokens[e].type != "AND" and tokens[e + 1].type == "WORD")))):
                # "anti-TNF agent or DMARD": a word after "or" is another thing changed, known or not
                e += 2 if tokens[e].type in ("SLASH", "OR", "AND") else 1
            del out[len(out) - (k - s):]
            out.append(_subject(tokens, s, e, text))
            k = e
            continue
        # "antihypertensive dose change", "insulin dose adjustment": the drug before the change
        d = s
        while d and tokens[d - 1].type in _DRUGS:
            d -= 1
        if d < s and tokens[s].type == "DOSE":
            del out[len(out) - (k - d):]
            out.append(_subject(tokens, d, k + 1, text))
            k += 1
            continue
        out.append(tokens[k])
        k += 1
    return out
