"""Classes, stages and grades written as a list of digits on a thing the vocabulary does not know (issue 5,
docs/notes/issue-5-counts3.md): "clearly visual venous insufficiency (CEAP 1 and 2)", "All stage 1 and stage 2
hypertensive patients as defined by ...".

(screener/parse/numerals.py reads such lists written in Roman numerals; screener/parse/ages.py ``scale_run`` the
values listed of a known scale or of an unknown score.)  The words of the class stay an unknown subject with its
values kept: the line is partial, no record holds them.  "type 1 and 2 diabetes" is left alone (a kind of a
diagnosis, and the vocabulary's), and so is an acronym that names a gene or a virus ("BRCA 1 or 2")."""

from __future__ import annotations

import re

from lark import Token

from screener.parse.tokens import has_kind, mentions

from screener.parse.counts4 import lead_with_window, one_of_ok
from screener.parse.numerals import acronym, numeral

# the words a numbered class is named with ("type" is left out: "type 1 and 2" is nearly always diabetes)
_CLASS_WORDS = frozenset({"class", "classes", "stage", "stages", "grade", "grades", "grading", "staging"})
# acronyms of genes, viruses and receptors written with a number: a kind, not a class's value
_KINDS = frozenset({"BRCA", "HIV", "HPV", "HSV", "HLA", "HTLV", "HHV", "EBV", "CMV", "HCV", "HBV", "JAK", "FGFR",
                    "HER", "IL", "CD", "COX", "PD", "CTLA", "CYP", "TNF", "GLP", "SGLT", "DPP", "MEN", "NF", "PARP",
                    "ALK", "ROS", "KRAS", "IDH", "CDK", "VEGF", "VEGFR", "EGFR", "TLR", "MMR", "GBS", "DM", "COVID"})
_LIST = frozenset({"AND", "OR", "COMMA"})


def class_subject(tok: Token) -> bool:
    """An unknown subject named by a class word ("stage", "high risk class"): its values may be listed."""
    return tok.type == "SUBJECT" and str(tok.value).split()[-1:] and str(tok.value).split()[-1] in _CLASS_WORDS


def _acronym(tok: Token, text: str) -> bool:
    """A class system's acronym: not a gene's or a virus's (_KINDS)."""
    return acronym(tok, text) and text[tok.start_pos:tok.end_pos] not in _KINDS


def acronym_classes(tokens: list[Token], text: str) -> list[Token]:
    """'(CEAP 1 and 2)': the consecutive classes of a class system named by an acronym, alone in a parenthesis,
    as one range ("ceap" 1 - 2: the classes between are whole numbers); anything else is left as written."""
    if not has_kind(tokens, "LPAR"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if not (t.type == "LPAR" and k + 3 < len(tokens) and _acronym(tokens[k + 1], text)
                and tokens[k + 2].type == "NUMBER"):
            out.append(t)
            k += 1
            continue
        e, nums = k + 3, [tokens[k + 2]]
        while e + 1 < len(tokens) and tokens[e].type in _LIST and tokens[e + 1].type == "NUMBER":
            nums.append(tokens[e + 1])
            e += 2
        values = [n.value for n in nums]
        if not (len(nums) >= 2 and e < len(tokens) and tokens[e].type == "RPAR"
                and all(v.isdigit() and len(v) == 1 for v in values)
                and all(int(b) == int(a) + 1 for a, b in zip(values, values[1:]))
                and text[tokens[k + 1].end_pos:nums[0].start_pos].isspace()):
            out.append(t)
            k += 1
            continue
        name = tokens[k + 1]
        first, last = nums[0], nums[-1]
        out += [t, Token("SUBJECT", text[name.start_pos:name.end_pos].lower(), start_pos=name.start_pos,
                         end_pos=name.end_pos),
                first, Token("TO", "-", start_pos=first.end_pos, end_pos=last.start_pos), last, tokens[e]]
        k = e + 1
    return out


def class_run_ok(tokens: list[Token], a: int, e: int) -> bool:
    """Whether the values ``tokens[a:e]`` listed after a class-word subject are that class's values: not after a
    comparator ("< ½ unit Class II or Class III": the words are no class system), not a kind of the diagnosis,
    drug or lab that follows ("grade 2 or 3 AV heart block", "class I or III antiarrhythmic"), not a class of a
    gene's or an antigen's kind ("anti-HLA class I and class II antibodies")."""
    s = tokens[a - 1]
    if a > 1 and tokens[a - 2].type in ("CMP", "NUMBER", "AND_CMP", "OR_CMP"):
        return False
    k = e
    while k < len(tokens) and k < e + 2 and tokens[k].type == "WORD":
        k += 1  # ("grade 2 or 3 AV heart block")
    if k < len(tokens) and tokens[k].type in ("CONDITION", "DRUG", "DRUG_CLASS", "ANALYTE"):
        return False
    return not any(w.upper() in _KINDS for w in str(s.value).split())


_PRESENCE = re.compile(r"(?i)(?:^|[;(]\s*)(?:presence|completion) of\s*$")
_PLURAL = re.compile(r"(?i)(?:[^s]s|teeth|children|feet|people|women|men)$")
_COUNT_END = frozenset({"COMMA", "SEMI", "RPAR", "INCLUDING"})


def presence_counts(tokens: list[Token], text: str) -> list[Token]:
    """'Presence of 20 natural teeth, including ...', 'Completion of 3 open water dives': a number of things
    whose presence or completion a phrase opens with is a count of at least that many (20 natural teeth are
    present in a mouth of 28): the counted words (plural, ending the phrase) become an unknown subject, compared
    with ">=" put before the number (of no width, so the comparison's span is the number as written).  Only at
    the start of the line, a ";" or a "(", only a whole number, never after a negation ("Has not completed 3 open
    water dives" is left: no such phrase)."""
    if not mentions(text, "presence of", "completion of"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if not (t.type == "NUMBER" and t.value.isdigit() and _PRESENCE.search(text[:t.start_pos])
                and k + 1 < len(tokens) and tokens[k + 1].type == "WORD"):
            out.append(t)
            k += 1
            continue
        e = k + 1
        while e < len(tokens) and e - k <= 4 and tokens[e].type == "WORD":
            e += 1
        words = tokens[k + 1:e]
        gaps = [text[a.end_pos:b.start_pos] for a, b in zip([t] + words, words)]
        ends = e == len(tokens) and re.fullmatch(r"[\s.]*", text[words[-1].end_pos:]) or (
            e < len(tokens) and tokens[e].type in _COUNT_END and re.fullmatch(r"[\s,;)]*", text[words[-1].end_pos:
                                                                                                    tokens[e].start_pos]))
        if not (ends and all(g.isspace() for g in gaps) and _PLURAL.search(words[-1].value)):
            out.append(t)
            k += 1
            continue
        out.append(Token("SUBJECT", " ".join(w.value.lower() for w in words), start_pos=t.start_pos,
                         end_pos=t.start_pos))
        out.append(Token("CMP", ">=", start_pos=t.start_pos, end_pos=t.start_pos))
        out.append(t)
        k = e
    return out


def acronym_limits(tokens: list[Token], text: str) -> list[Token]:
    """'... Preferences Scale (CMEP; 27 or lower)': a limit on the score an acronym names, written after it and a
    ";", "," or ":" alone in a parenthesis, is the comparison of that score: "cmep" <= 27 (an unknown subject)."""
    if not has_kind(tokens, "CMP_POST"):
        return tokens  # (it cannot change this line)
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.type == "LPAR" and k + 5 < len(tokens) and _acronym(tokens[k + 1], text)
                and tokens[k + 2].type in ("SEMI", "COMMA", "COLON") and tokens[k + 3].type == "NUMBER"
                and tokens[k + 4].type == "CMP_POST" and tokens[k + 5].type == "RPAR"):
            name, num, post = tokens[k + 1], tokens[k + 3], tokens[k + 4]
            out += [t, Token("SUBJECT", text[name.start_pos:name.end_pos].lower(), start_pos=name.start_pos,
                             end_pos=name.end_pos),
                    Token("CMP", post.value, start_pos=num.start_pos, end_pos=num.start_pos), num, tokens[k + 5]]
            k += 6
            continue
        out.append(t)
        k += 1
    return out




def classes_of_scale(tokens: list[Token], text: str) -> list[Token]:
    """'general heath condition I-III of American Society of Anaesthesiology': a range of Roman numerals in
    capitals right before "of" and a known scale is that scale's range (asa_class 1 - 3, the scale put where the
    numerals start, of no width)."""
    if not has_kind(tokens, "OF"):
        return tokens  # (it cannot change this line)
    from screener.parse.scales import is_scale

    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if k + 3 < len(tokens) and t.type == "WORD" and tokens[k + 1].type == "WORD" and tokens[k + 2].type == "OF" \
                and tokens[k + 3].type == "ANALYTE" and is_scale(tokens[k + 3]):
            lo, hi = numeral(t, text), numeral(tokens[k + 1], text)
            gap = text[t.end_pos:tokens[k + 1].start_pos].strip()
            if lo and hi and lo < hi and gap in ("-", "\u2013", "to"):
                scale, last = tokens[k + 3], tokens[k + 1]
                out += [Token("ANALYTE", scale.value, start_pos=t.start_pos, end_pos=t.start_pos),
                        Token("NUMBER", str(lo), start_pos=t.start_pos, end_pos=t.end_pos),
                        Token("TO", "-", start_pos=t.end_pos, end_pos=last.start_pos),
                        Token("NUMBER", str(hi), start_pos=last.start_pos, end_pos=last.end_pos)]
                k += 4
                continue
        out.append(t)
        k += 1
    return out


def counts3_passes(tokens: list[Token], text: str) -> list[Token]:
    """This module's lexer passes (after screener/parse/numerals.py's)."""
    return classes_of_scale(acronym_limits(presence_counts(acronym_classes(tokens, text), text), text), text)


# "presence of at least one of these signs:", "one or more of the following:", "at least three of the following
# four criteria:" (the text before a line's last colon, as written)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_COUNTED_LEAD = re.compile(
    r"(?i)\b(?:(?P<a>at least|a minimum of|minimum of)\s+(?P<n>\d|one|two|three|four|five)(?:\s*\(\d\))?"
    r"|(?P<n2>\d|one|two|three|four|five)\s+or\s+more)\s+of\s+(?:the\s+following|these)(?P<tail>(?:\s+[a-z-]+){0,3})"
    r"\s*$")


def counted_lead(said: str, label: list[Token]) -> tuple[int, int] | None:
    """The count a label before a colon asks of the list after it ("at least one of these signs: fever > 38°C
    and/or ...": 1) and where it is written, or None.  Only when nothing but words follows the count in the label
    ("at least one of the following symptoms during the preceding two weeks:" holds a window the list does not
    carry: left as it was)."""
    m = _COUNTED_LEAD.search(said)
    if not m:
        return lead_with_window(said)  # "... during the preceding two weeks:" (docs/notes/issue-5-counts4.md)
    written = (m.group("n") or m.group("n2")).lower()
    n = int(written) if written.isdigit() else _WORD_NUMBERS[written]
    return n, m.start()


def count_items(rule, n: int, span, written: str | None = None):
    """The rule read from the list after a counted label, as "at least n of" its items (the items of its top "and"
    or "or": the list's commas read as "and" for want of the label), or None where the list's items are fewer than
    n (an item not read: the count cannot be kept)."""
    from screener import ir

    if isinstance(rule, (ir.All, ir.Any)):
        items = []
        for item in rule.items:
            items.extend(item.items if type(item) is type(rule) else [item])
    elif isinstance(rule, ir.AtLeast) or isinstance(rule, ir.Manual):
        return None
    else:
        items = [rule]
    if len(items) < n or (n > 1 and len(items) == n and isinstance(rule, ir.Any)):
        return None
    if written is not None and not one_of_ok(items, written):  # a bare "one of the following:" (counts4)
        return None
    return ir.AtLeast(n=n, items=tuple(items), span=span)
