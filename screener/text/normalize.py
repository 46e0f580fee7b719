"""Stage 2: character-level normalization of one criterion line.

Turns the spellings registries export into plain ASCII the lexer reads:
markdown escapes (``10\\^9/L``, ``\\<40``), Unicode comparators and dashes,
``×``, superscripts, the lost superscript of ``50×109/L``, thousands
separators and mojibake.  Phrase-level synonyms ("more than", "three times",
"upper limit of normal") are the lexicon's job, not this module's.

Every rewrite keeps an offset map: ``offsets[i]`` is the index in the input of
the character that produced output character ``i``, so a caret drawn under the
normalized text lands on the registry's own characters.  Case is preserved
(UCUM units are case-sensitive); the lexer matches words case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    offsets: tuple[int, ...]  # len(offsets) == len(text)

    def source(self, i: int) -> int:
        """Input offset of normalized character ``i`` (end positions clamp)."""
        if not self.offsets:
            return 0
        if i >= len(self.offsets):
            return self.offsets[-1] + 1
        return self.offsets[i]


Replacement = Callable[[re.Match], str] | str

# Single characters first: a translation table keeps the offset map 1:1.
_CHAR_MAP = str.maketrans({
    "\u2265": "\u2265", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\t": " ",
    "\r": " ", "\n": " ", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-",
    "\u2011": "-", "\uff5e": "~", "\u301c": "~", "\uff1c": "<", "\uff1e": ">", "\uff1d": "=",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\uff0c": ",", "\uff1b": ";",
    "\uff1a": ":", "\uff08": "(", "\uff09": ")", "\u03bc": "\u00b5", "\u00d7": "\u00d7",
    "\u2715": "\u00d7", "\u2716": "\u00d7", "\u00b7": ".", "\u2219": ".",
    # modifier-letter arrowheads typed for "<"/">" ("Age \u02c2 18 years"), fraction slash, ornate parens
    "\u02c2": "<", "\u02c3": ">", "\u2044": "/", "\ufd3e": "(", "\ufd3f": ")", "\uff0d": "-",
})

# Multi-character rewrites, applied in order.
_REWRITES: list[tuple[re.Pattern, Replacement]] = [
    # markdown escapes: "10\^9/L", "\<40", "\>3.1"
    (re.compile(r"\\([\^<>*_\[\]()~#+.=-])"), r"\1"),
    # comparators written with two characters or in Unicode
    (re.compile(r"[\u2265\u2267\u2a7e]|=>|>\s=|>\s?/\s?=|&gt;="), ">="),  # ">/= 5 days"
    (re.compile(r"[\u2264\u2266\u2a7d]|=<|<\s=|<\s?/\s?=|&lt;="), "<="),
    (re.compile(r"&gt;"), ">"),
    (re.compile(r"&lt;"), "<"),
    (re.compile(r"\u2260"), "!="),
    # mojibake of "\u2265" seen in Chia ("\u00b3 100 000 per mm3"): a superscript three before a number
    (re.compile(r"(?<![\w^])\u00b3(?=\s*\d)"), ">="),
    (re.compile(r"(?<![\w^])\u00b2(?=\s*\d)"), "<="),
    # superscripts after a unit or 10: mm\u00b3, m\u00b2, 10\u2079
    (re.compile(r"[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+"),
     lambda m: "^" + m.group(0).translate(str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789"))),
    # "×10^9", "x 10*9", "*10^9", "* 109/L" (the lost superscript below) -> " x 10^9"
    (re.compile(r"\s*(?:\u00d7|(?<=\d)\s*[xX*](?=\s*10(?:\b|(?:3|6|9|12)\s*/))|(?<=\d)[xX](?=\s*\d))\s*"), " x "),
    # lost superscript: "x 109/L" is 10^9/L (exponents of cell counts only)
    (re.compile(r"(?<= x )10(3|6|9|12)(?=\s*/)"), r"10^\1"),
    (re.compile(r"(?<=\b10)\*(?=\d)"), "^"),
    # thousands separators: "100,000", "150 000" (three-digit groups only)
    (re.compile(r"\b(\d{1,3})((?:,\d{3})+)(?![\d.,]\d)"), lambda m: m.group(1) + m.group(2).replace(",", "")),
    (re.compile(r"(?<![\d.])(\d{1,3})((?: \d{3})+)(?=\s*(?:/|per\b|cells|x\b|mm|\u00b5|u[lL]))"),
     lambda m: m.group(1) + m.group(2).replace(" ", "")),
    # "platelets < 100.000/mm3": a dot between three-digit groups of a cell count is a thousands separator
    (re.compile(r"(?<![\d.])(\d{1,3})((?:\.\d{3})+)(?=\s*(?:/\s*(?:mm|\u00b5|u[lL]|mc?l|micro)|per\s+(?:mm|\u00b5|micro)|cells))"),
     lambda m: m.group(1) + m.group(2).replace(".", "")),
    # "ASA 1,2", "ECOG 0,1": on a scale a comma between digits lists places, it is no decimal comma
    (re.compile(r"(?i)\b(asa|ecog|nyha|who|kps|class|grade|stage|status|score)(\s*(?:of\s*)?)(\d),(\d)(?![\d,])"),
     r"\1\2\3, \4"),
    # decimal comma between digits when no thousands reading fits: "2,5 mg" -> "2.5 mg"
    (re.compile(r"(?<![\d,])(\d),(\d)(?![\d,])"), r"\1.\2"),
    # "~" and "-" between numbers are ranges; keep one ASCII spelling
    (re.compile(r"(?<=\d)\s*~\s*(?=\d)"), " - "),
    # a number glued to the word before it: "greater than100 g/L", "age18"
    (re.compile(r"(?i)\b(than|age)(?=\d)"), r"\1 "),
    # "and/or" is "or"
    (re.compile(r"\band\s*/\s*or\b", re.I), "or"),
    (re.compile(r"\s{2,}"), " "),
]


def _apply(text: str, offsets: list[int], pattern: re.Pattern, repl: Replacement) -> tuple[str, list[int]]:
    parts: list[str] = []
    new_offsets: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        parts.append(text[last:s])
        new_offsets.extend(offsets[last:s])
        out = repl(m) if callable(repl) else m.expand(repl)
        parts.append(out)
        # What the replacement keeps of the match at its two ends maps 1:1 (a rewrite whose pattern
        # reads context, "status 1,2" -> "status 1, 2", moves no position); the rest points at the
        # first character it came from; an empty match (insertion) at the character after it.
        old = text[s:e]
        pre = 0
        while pre < min(len(old), len(out)) and old[pre] == out[pre]:
            pre += 1
        post = 0
        while post < min(len(old), len(out)) - pre and old[-1 - post] == out[-1 - post]:
            post += 1
        new_offsets.extend(offsets[s:s + pre])
        k = s + pre
        anchor = offsets[k] if k < len(offsets) else (offsets[-1] + 1 if offsets else 0)
        new_offsets.extend([anchor] * (len(out) - pre - post))
        new_offsets.extend(offsets[e - post:e])
        last = e
    if not parts:
        return text, offsets
    parts.append(text[last:])
    new_offsets.extend(offsets[last:])
    return "".join(parts), new_offsets


# A rewrite can only match when one of these substrings is in the text; the
# check is far cheaper than a regex scan (None: always scan).
_TRIGGERS: list[tuple[str, ...] | None] = [
    ("\\",),
    ("\u2265", "\u2267", "\u2a7e", "=", "&"),
    ("\u2264", "\u2266", "\u2a7d", "=", "&"),
    ("&",), ("&",), ("\u2260",), ("\u00b3",), ("\u00b2",),
    ("\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074", "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"),
    None,
    (" x 1",), ("*",), (",",), None, (".",), (",",), (",",), ("~",), None, ("/",), ("  ",),
]
assert len(_TRIGGERS) == len(_REWRITES)


def normalize(text: str) -> Normalized:
    """Normalize one criterion line; never raises."""
    out = text.translate(_CHAR_MAP)
    offsets = list(range(len(text)))  # translation keeps length: 1:1 map
    for (pattern, repl), triggers in zip(_REWRITES, _TRIGGERS):
        if triggers is not None and not any(t in out for t in triggers):
            continue
        out, offsets = _apply(out, offsets, pattern, repl)
    # strip while keeping the map aligned
    lead = len(out) - len(out.lstrip())
    out = out.strip()
    offsets = offsets[lead:lead + len(out)]
    return Normalized(out, tuple(offsets))
