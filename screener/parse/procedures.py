"""Lexer passes about procedures (screener/data/procedures.csv): what a procedure token means
where it stands (screener/parse/lexer.py runs them in its pass sequence)."""

from __future__ import annotations

from lark import Token

from screener.parse.tokens import SILENT_SOFT, word, zero


# the reason of the manual check a procedure still to come compiles to (compile.py reads it back)
PLANNED = "scheduled for or undergoing "


def planned(procedure_id: str) -> str:
    """The manual check's reason for a procedure still to come."""
    from screener.vocab import vocabulary

    return PLANNED + vocabulary().procedures[procedure_id].name


def indications(tokens: list[Token], text: str) -> list[Token]:
    """'total knee arthroplasty for degenerative osteoarthritis': a procedure done for a diagnosis is
    the trial's own (or names the diagnosis); it is an unknown word, left out, and the diagnosis reads."""
    return [word(t, text) if t.type == "PROCEDURE" and k + 1 < len(tokens) and tokens[k + 1].type == "FOR"
            and any(u.type == "CONDITION" for u in tokens[k + 2:k + 5]) else t for k, t in enumerate(tokens)]


_PLAN_CUES = frozenset({
    "undergoing", "undergo", "awaiting", "elective", "referred", "requiring", "require", "requires", "needing",
    "eligible", "planned", "planning", "plan", "scheduled", "indication", "indicated", "candidate", "candidates",
    "will", "proposed", "intended", "need", "needs", "needed",
    "fit", "suitable", "safe", "administration",  # "medically stable for safe administration of ECT", "fit for surgery"
})


_JOINS_BEFORE_MANUAL = frozenset({"OR", "AND", "COMMA", "SEMI", "LPAR", "SLASH", "CLAUSE_AND", "CLAUSE_OR",
                                   "CLAUSE_COMMA", "NOT"})


def planned_procedures(tokens: list[Token], text: str) -> list[Token]:
    """'Patients undergoing elective CABG or PCI', 'scheduled for total knee arthroplasty', 'eligible for
    PCI': a procedure still to come is the trial's own; no record holds it before it is done, so a
    person confirms it (a manual check naming it) instead of a record of one in the past."""
    if not any(t.type == "PROCEDURE" for t in tokens):
        return tokens
    out: list[Token] = []
    since_cue = None  # tokens since the last planning cue (None: none in this clause)
    for k, tok in enumerate(tokens):
        if tok.type in ("SEMI", "HISTORY", "RECEIVED", "WITHIN", "CONDITION", "DRUG", "DRUG_CLASS"):
            since_cue = None
        words = text[tok.start_pos:tok.end_pos].lower().split()
        if tok.type in ("WORD", "JUDGE") and words and words[0] in _PLAN_CUES:
            since_cue = 0
        elif since_cue is not None:
            since_cue += 1
        measured = k + 1 < len(tokens) and tokens[k + 1].type in ("FOR", "CMP", "WITHIN", "BETWEEN")
        if tok.type == "PROCEDURE" and since_cue is not None and since_cue <= 4 and not measured:
            # (a procedure with a duration or a window after it is read as such: "requiring
            # mechanical ventilation for at least 3 days")
            before = next((t for t in reversed(out) if t.type not in ("WORD", "JUDGE") and t.type not in SILENT_SOFT
                           or t.type == "COMMA"), None)
            if before is not None and before.type not in _JOINS_BEFORE_MANUAL:
                # "ASA 1-3 patients undergoing total hip arthroplasty": both hold
                out.append(zero("CLAUSE_AND", "and", tok.start_pos))
            out += [zero("MANUAL", "manual", tok.start_pos),
                    Token("STRING", planned(tok.value), start_pos=tok.start_pos, end_pos=tok.end_pos)]
            since_cue = 0  # "CABG or PCI": the list goes on
            continue
        out.append(tok)
    return out


def procedure_and(tokens: list[Token]) -> list[Token]:
    """'Chemotherapy and radiotherapy', 'History of MI and CABG': an 'and' between a procedure and a
    diagnosis or drug joins two items of one list the grammar keeps apart; as a top-level comma it
    is read by the list's role (each excludes), not as a literal 'both'."""
    named = ("CONDITION", "PROCEDURE", "DRUG", "DRUG_CLASS")
    out = list(tokens)
    for k in range(1, len(tokens) - 1):
        a, b = tokens[k - 1].type, tokens[k + 1].type
        if tokens[k].type == "AND" and a in named and b in named and "PROCEDURE" in (a, b) and a != b:
            out[k] = Token("COMMA", ",", start_pos=tokens[k].start_pos, end_pos=tokens[k].end_pos)
    return out
