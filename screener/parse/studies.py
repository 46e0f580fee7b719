"""The lexer pass about other research studies (FHIR ResearchSubject): "participation in another clinical
trial", "currently enrolled in an investigational drug study", "treatment with any investigational drug"
become one STUDY token (screener/parse/lexer.py runs it after the vaccine passes).

The token's value says what counts: ``study`` (any study), ``investigational`` (a study that tests an
intervention: an investigational product, an interventional or drug/device trial), with ``+current``
when the words say "now" and no window follows.  A phrase is left as it was (the line stays partial)
where the study is not one the patient was in: this trial ("this study", "the present study"), a
wish or a plan ("willing to participate", "planned participation"), an allergy to the trial's product,
a permission ("observational studies are allowed"), or a window widened by half-lives the record
cannot tell ("30 days or 5 half-lives, whichever is longer").
"""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import mentions

# words that say the study is going on now
_NOW = r"(?:currently|current|concurrent(?:ly)?|simultaneous(?:ly)?|ongoing|concomitant(?:ly)?|presently|already)"
_BE = r"(?:(?:is|are|be|being|been|was|were|has|have|had|who|patients?|subjects?)\s+)"
# what the patient did in another study
_IN = (r"(?:participat\w*|enrol(?:l)?(?:ed|ment|ing|s)?|included|inclusion|involved|involvement|take\s+part|"
       r"taking\s+part|taken\s+part|took\s+part)")
_DET = r"(?:(?:the\s+)?(?:another|any\s+other|other)|an?|any)"
# words that may stand before "trial"/"study" (a drug or device trial tests an intervention)
_KIND = (r"(?:clinical|research|interventional|investigational|experimental|investigative|therapeutic|drugs?|"
         r"devices?|medical|medication|pharmaceutical|biomedical)")
_TESTS = re.compile(r"interventional|investigational|experimental|investigative|therapeutic|drug|device|medication|"
                    r"pharmaceutical", re.I)
_HEAD = r"(?:trials?|stud(?:y|ies)|research(?:\s+stud(?:y|ies))?)"
_PRODUCT = (r"(?:investigational|experimental)(?:\s+(?:or|and|/)\s+non-?\s?registered)?\s+"
            r"(?:drugs?|agents?|products?|medicinal\s+products?|medications?|therap(?:y|ies)|compounds?|treatments?|"
            r"devices?)(?:\s*(?:or|and|and/or|/)\s*(?:medical\s+)?devices?)?")
_WITH = rf"(?:\s+(?:with|of|involving|using|testing|investigating)\s+(?:an?\s+|any\s+)?(?:other\s+)?{_PRODUCT})"
_PARTICIPATION = re.compile(
    rf"\b(?P<now>{_BE}?{_NOW}\s+{_BE}?)?(?P<verb>{_IN}(?:\s+or\s+(?P<past>(?:has|have)\s+participated))?)"
    rf"\s+(?:(?:in|to|at|on|into)\s+(?P<det>{_DET}\s+)?|(?P<det2>{_DET}\s+))(?P<kind>(?:{_KIND}(?:\s+(?:or|and)\s+|\s*/\s*|\s+))*)"
    rf"{_HEAD}(?![-\w])(?P<with>{_WITH})?", re.I)
# the rule's canonical text: "in a clinical study", "currently in a clinical study" (at the start, or in brackets)
_CANONICAL = re.compile(r"(?:^|(?<=\()\s*)(?P<now>currently\s+)?in\s+a\s+clinical\s+study\b", re.I)
_RECEIPT_VERB = (r"(?:(?:treatment|treated|therapy|dosing|dosed)\s+with|received|receiving|receive|receipt\s+of|use\s+of|"
                 r"used|using|exposure\s+to|exposed\s+to|administration\s+of|taken|taking|given)")
_RECEIPT = re.compile(
    rf"(?P<now>\b{_NOW}\s+)?(?P<verb>\b{_RECEIPT_VERB}\s+|^)(?:(?:an?|any)\s+)?(?:other\s+)?{_PRODUCT}\b", re.I)
# words in the clause before the phrase that say it is no study the patient was in
_NOT_BEFORE = re.compile(
    r"\b(?:willing\w*|unwilling\w*|agree\w*|plan(?:s|ned|ning)?|anticipat\w*|expect(?:s|ed|ing|ation)?|intend\w*|future|will|"
    r"impossib\w*|"
    r"refus\w*|allowed|permitted|may|nature|comply|able|swallow|allerg\w*|hypersensitiv\w*|intoleran\w*|"
    r"component\w*|after|during|until|eligible|unfit|aware\w*|understand\w*|before|prior|consent\w*|can|cannot|could|"
    r"should|must|would|compensat\w*|indemnit\w*|earned|paid|payment|euros?)\b|€", re.I)
# ... and in the rest of the sentence: a window widened by half-lives, a plan
_NOT_AFTER = re.compile(r"half[- ]?li|whichever|pharmacodynamic", re.I)
_OBSERVATIONAL = re.compile(r"observational|non-?interventional", re.I)
# a present-tense or state verb reads "now" when no window follows ("subjects receiving any other
# investigational agents", "patient enrolled in other clinical trials")
_ENDS = frozenset({"OR", "AND", "COMMA", "SEMI", "CLAUSE_OR", "CLAUSE_AND", "CLAUSE_COMMA"})
_NOW_VERB = re.compile(r"^(?:receiving|taking|using|participating|enrolled|included|involved)$", re.I)


def other_studies(tokens: list[Token], text: str) -> list[Token]:
    """'Participation in another clinical trial within 30 days', 'currently enrolled in another study',
    'Treatment with any investigational drug within 30 days of entry': one STUDY token each."""
    if not mentions(text, "trial", "stud", "research", "investigational", "experimental") or _OBSERVATIONAL.search(text):
        return tokens
    # (each phrase needs its own words: cheap tests first, the long patterns only where they can match)
    matches = [*(_PARTICIPATION.finditer(text) if mentions(text, "participat", "enrol", "inclu", "involv", "part") else ()),
               *(_CANONICAL.finditer(text) if mentions(text, "clinical") else ()),
               *(_RECEIPT.finditer(text) if mentions(text, "investigational", "experimental") else ())]
    if not matches:
        return tokens
    out = list(tokens)
    folded: dict[int, list[Token]] = {}  # a STUDY token's start -> the tokens it stands for
    verb_now: set[int] = set()  # STUDY tokens that are "now" by their verb alone ("included in", "receiving")
    for m in matches:
        out = _fold(out, text, m, folded, verb_now)
    # "currently in another study" ends its clause, or goes on to another rule of this kind: "current
    # participation in a clinical trial or in any study that may add burden" is left as it was
    final: list[Token] = []
    for k, t in enumerate(out):
        if t.type == "STUDY" and t.value.endswith("+current") and (not _ends(out, k) or (
                t.start_pos in verb_now and _windowed_next(out, k))):
            # "included in another trial or given investigational drugs within 12 weeks": the window is likely both
            # items', and "included" says no "now" of its own; read alone it is not the rule, so it stays as it was
            final.extend(folded[t.start_pos])
        else:
            final.append(t)
    return final


def _windowed_next(tokens: list[Token], k: int) -> bool:
    """Whether the STUDY at ``k`` is joined by 'or'/'and' to one with a window."""
    return k + 2 < len(tokens) and tokens[k + 1].type in ("OR", "AND") and tokens[k + 2].type == "STUDY" \
        and not tokens[k + 2].value.endswith("+current")


def _ends(tokens: list[Token], k: int) -> bool:
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is None or nxt.type in ("SEMI", "RPAR"):
        return True
    after = tokens[k + 2] if k + 2 < len(tokens) else None
    return nxt.type in _ENDS and (after is None or after.type == "STUDY")


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence (or the bracket the phrase stands in) ends: "(in a clinical study) and (...)"
    is one rule per bracket; "within 12 weeks (or 5 half-lives ...)" goes on in its own bracket."""
    depth = 0
    for i in range(at, len(text)):
        ch = text[i]
        if ch in ";." or (ch == ")" and depth == 0):
            return i
        depth += {"(": 1, ")": -1}.get(ch, 0)
    return len(text)


def _fold(tokens: list[Token], text: str, m: re.Match, folded: dict[int, list[Token]],
          verb_now: set[int]) -> list[Token]:
    start, end = m.start(), m.end()
    inside = [k for k, t in enumerate(tokens) if t.start_pos >= start and t.end_pos <= end and t.end_pos > t.start_pos]
    if not inside or any(t.start_pos < start < t.end_pos or t.start_pos < end < t.end_pos for t in tokens):
        return tokens
    if any(tokens[k].type == "STUDY" for k in inside):
        return tokens
    # (the clause ends at a bracket too: "(allergy to penicillin) and (in a clinical study within 1 hour)")
    clause = max(text.rfind(c, 0, start) for c in ";.:()") + 1
    if _NOT_BEFORE.search(text, clause, start):
        return tokens
    if _NOT_AFTER.search(text, end, _sentence_end(text, end)):
        return tokens
    groups = m.groupdict()
    investigational = bool(groups.get("with") or (groups.get("kind") and _TESTS.search(groups["kind"]))
                           or m.re is _RECEIPT)
    a, b = inside[0], inside[-1]
    nxt = tokens[b + 1] if b + 1 < len(tokens) else None
    windowed = nxt is not None and (nxt.type == "WITHIN" or (
        nxt.type == "NUMBER" and b + 3 < len(tokens) and tokens[b + 2].type == "TIMEUNIT"
        and tokens[b + 3].type == "BEFORE"))
    verb = (groups.get("verb") or "").strip()
    now = bool(groups.get("now")) and not groups.get("past")
    if not windowed and not (now or _NOW_VERB.match(verb.split()[0] if verb else "")):
        return tokens  # "participation in another clinical trial": when is not said
    if not windowed and ((nxt is not None and nxt.type not in _ENDS and nxt.type not in ("SEMI", "RPAR"))
                         or (a > 0 and tokens[a - 1].type == "TIMEUNIT")):
        # "participating in a study with medicines", "a trial that has not reached its endpoint": a kind of
        # study the record cannot tell; "in the past 2 months involved in ...": a window before it
        return tokens
    value = ("investigational" if investigational else "study") + ("" if windowed else "+current")
    folded[tokens[a].start_pos] = tokens[a:b + 1]
    if not windowed and not groups.get("now"):  # ("Is currently participating or has participated" says it)
        verb_now.add(tokens[a].start_pos)
    return [*tokens[:a], Token("STUDY", value, start_pos=tokens[a].start_pos, end_pos=tokens[b].end_pos),
            *tokens[b + 1:]]
