"""The lexer pass about vaccines (screener/data/vaccines.csv): an IMMUNIZATION token stays one only
where it names a vaccine given to the patient (screener/parse/lexer.py runs it after ``_vaccines``)."""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import CLAUSE_BREAK, word

# words before a vaccine (in its clause) that say it was not given to the patient: one still to come
# or wished for ("willing to receive", "planned", "expected receipt"), one that must not be given
# ("contraindication to"), one reacted to ("allergic to", "anaphylaxis after a previous dose of"), or
# a trial's ("participation in a ... vaccine study")
_NOT_GIVEN_BEFORE = re.compile(
    r"\b(?:willing|unwilling|able to|plan|planned|planning|plans|will|expected|expect|anticipated|scheduled|"
    r"need|needs|needed|require|requires|requiring|eligible|candidate|indicated|indication|recommended|"
    r"contraindicat\w*|allerg\w*|hypersensitiv\w*|anaphyla\w*|reaction\w*|intoleran\w*|sensitivity|"
    r"component\w*|study|studies|trial|trials|participat\w*|enrolled|deems?)\b", re.I)
# ... and words right after it: "influenza vaccine components", "HIV vaccine trial", "vaccine reaction"
_NOT_GIVEN_AFTER = re.compile(
    r"(?:component|ingredient|study|studies|trial|candidate|reaction|allerg|hypersensitiv|antibod|titer|titre|"
    r"response|failure|non-?responder|interval)", re.I)
# an exception or a permission in the rest of the sentence: "other than DTaP, IPV, HBV, PCV13, or Hib",
# "influenza vaccination, which may be received at least 2 weeks before"
_EXCEPTED_BEFORE = re.compile(r"\b(?:other than|except|apart from|besides)\b", re.I)
_ALLOWED_AFTER = re.compile(r"\b(?:may|can|allowed|permitted|acceptable)\b", re.I)
# a word right after a vaccine that belongs to its name: "PCV-13 vaccination", "hepatitis B vaccination(s)",
# "vaccinated against meningococcal infections", "vaccination against typhoid fever"
_NAME_GOES_ON = re.compile(r"(?:vaccin\w*|immuni[sz]\w*|inoculat\w*|infections?|diseases?|fever|viruse?s?|\(s\))$",
                           re.I)


def given_vaccines(tokens: list[Token], text: str) -> list[Token]:
    """'received influenza vaccination within 3 months', 'history of BCG vaccination': a vaccine given
    to the patient is an IMMUNIZATION; 'willing to receive hepatitis B vaccine', 'allergic to influenza
    vaccine', 'within 8 weeks of a previous influenza vaccine' (a point in time, not a rule) are not:
    the vaccine is an unknown word there, left out (the line reads as it did before immunizations)."""
    if not any(t.type == "IMMUNIZATION" for t in tokens):
        return tokens
    out: list[Token] = []
    for k, tok in enumerate(tokens):
        prev = out[-1] if out else None
        if (prev is not None and prev.type == "IMMUNIZATION" and tok.type in ("WORD", "CONDITION")
                and _NAME_GOES_ON.fullmatch(text[tok.start_pos:tok.end_pos].strip())
                and not text[prev.end_pos:tok.start_pos].strip(" -")):
            out[-1] = Token("IMMUNIZATION", prev.value, start_pos=prev.start_pos, end_pos=tok.end_pos)
            continue
        if tok.type == "IMMUNIZATION" and not _given(tokens, k, text):
            out.append(word(tok, text))
            continue
        out.append(tok)
    return out


def _given(tokens: list[Token], k: int, text: str) -> bool:
    """Whether the vaccine at ``k`` is one given to the patient, as far as its clause tells."""
    j = k
    while j > 0 and tokens[j - 1].type not in CLAUSE_BREAK and k - j < 10:
        j -= 1
    before = tokens[j:k]
    if any(t.type in ("ALLERGY", "JUDGE", "MANUAL") for t in before):
        return False
    if _NOT_GIVEN_BEFORE.search(text[tokens[j].start_pos:tokens[k].start_pos]):
        return False
    # "within eight weeks of a previous influenza vaccine": a point in time the clause counts from
    lead = [t for t in before if t.type not in ("WORD", "HISTORY")]
    if len(lead) >= 2 and lead[-1].type == "OF" and lead[-2].type == "TIMEUNIT":
        return False
    after = text[tokens[k].end_pos:tokens[k + 1].end_pos] if k + 1 < len(tokens) else ""
    if _NOT_GIVEN_AFTER.search(after):
        return False
    start = text.rfind(";", 0, tokens[k].start_pos) + 1
    end = text.find(";", tokens[k].end_pos)
    return not (_EXCEPTED_BEFORE.search(text, start, tokens[k].start_pos)
                or _ALLOWED_AFTER.search(text[tokens[k].end_pos:end if end >= 0 else len(text)]))
