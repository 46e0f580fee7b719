"""Stage 1: registry eligibility text -> sections -> criterion lines.

``split_criteria`` reads an eligibility block as registries export it and
returns one ``CriterionLine`` per criterion plus a ``SplitNote`` for every
other non-blank piece of the input (headers, sub-headings, "Not provided",
lone "OR" connectors, ...).  Nothing is dropped silently: every non-blank
source character lies in a line's span, a line's bullet marker or a note.

It works in two passes:

1. *segmenting* (``_Segmenter``) turns physical lines into blocks: a header,
   a bulleted item, an unbulleted paragraph or a note.  Continuation lines
   are joined here, from indentation and from where sentences break.
2. *assembling* (``_Assembler``) walks the blocks, tracks the section role,
   sub-headings and nesting, and gives every criterion its id.

See docs/sections.md for the rules with examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from screener.text.lines import CriterionLine, Role

__all__ = ["SplitNote", "SplitResult", "split_criteria"]


@dataclass(frozen=True, slots=True)
class SplitNote:
    """A non-blank piece of the input that is not criterion text.

    ``kind`` is one of: ``header``, ``subheading``, ``lead_in``,
    ``role_assumed``, ``not_provided``, ``read_more``, ``empty_bullet``,
    ``connector``, ``redundant``, ``none``, ``boilerplate`` (and, from
    ``read_registry_record``: ``page_text``, ``no_criteria``).
    """

    kind: str
    text: str
    start: int
    end: int
    line: int
    column: int
    reason: str


@dataclass(frozen=True, slots=True)
class SplitResult:
    lines: tuple[CriterionLine, ...]
    notes: tuple[SplitNote, ...]

    @property
    def inclusion(self) -> tuple[CriterionLine, ...]:
        return tuple(ln for ln in self.lines if ln.role == "inclusion")

    @property
    def exclusion(self) -> tuple[CriterionLine, ...]:
        return tuple(ln for ln in self.lines if ln.role == "exclusion")

    def by_id(self, line_id: str) -> CriterionLine | None:
        return next((ln for ln in self.lines if ln.id == line_id), None)


# --------------------------------------------------------------------------
# Patterns (compiled once, at import)
# --------------------------------------------------------------------------

_BREAK = re.compile(r"\r\n|\r|\n")

# A bullet or a number at the start of a line.  Numbers may touch the text
# ("1.Subjects"); letters and roman numerals must be followed by a space so
# that "e.g." and "S. aureus" are not taken for list markers (letters are
# further checked for sequence, see _MarkerSequence).
_MARKER = re.compile(
    r"""
    (?P<m>
        (?P<glyph>[-*•·●○◦▪■□‣⁃–—➢►▶◆◇❖✓✔→])(?=\s|[^\W\d_]|$)
      | (?P<o>o)(?=\s)
      | (?P<open>\()?(?P<num>\d{1,3}(?:\.\d{1,3})*)(?(open)\)|[.)])(?=\s|[^\W\d_]|$)
      | (?P<open2>\()?(?P<alpha>[A-Za-z]|[ivxlcdm]{2,6}|[IVXLCDM]{2,6})(?(open2)\)|[.)])(?=\s|$)
    )
    \s*
    """,
    re.X,
)

_NUMBER_MARKER = re.compile(r"(?P<m>\(?\d{1,2}[.)])(?=\s)\s*")

# Section headers: "Inclusion Criteria:", "Key Exclusion Criteria",
# "Subject exclusion criteria:", "Inclusions:", "INCLUSION/EXCLUSION CRITERIA",
# "Study eligibility: General Inclusion Criteria :" ...  Qualifier words
# before the role word must be capitalized or from a short list, so that
# "i2 Exclusion Criteria." stays criterion text.
_HEADER = re.compile(
    r"""
    (?:\#{1,6}\s*)?(?:\*\*|__)?\s*
    (?P<lead>(?i:(?:study\s+)?eligibility(?:\s+criteria)?|criteria)\s*:\s*)?
    (?P<quals>(?:(?:(?!(?i:no|not|none|non|any|all|meet|meets|met|does|do|did|fails?|without|see|per)\b)
        [A-Z][\w'&/-]*|\([^()]{1,30}\)|(?i:key|main|major|general|specific|additional
        |other|further|principal|subjects?|patients?|participants?|study|sub-?study|donors?
        |recipients?|groups?|cohorts?|arms?|population|newly|new|added|criteria\s+for))\s+){0,6}?)
    (?:
        (?P<neutral>(?i:inclu[st]ions?\s*(?:/|and|&|or|-|,)?\s*exc?lu[st]ions?
                    |in-?\s*(?:/|and|&)\s*exc?lu[st]ions?|eligibility))
      | (?P<exclusion>(?i:exc?lu[st]ions?|excusions?|non-?\s*inclusions?|exclu(?:ding|ded)(?=\s+criteria)))
      | (?P<inclusion>(?i:inclu[st]ions?|inclu(?:ding|ded)(?=\s+criteria)))
    )\b
    (?P<noun>\s*(?i:criteria|criterion|conditions|requirements)\b)?
    (?:\*\*|__)?
    """,
    re.X,
)
# A header glued to the end of a line: "-  Signed informed consent Exclusion criteria:".
# Only the capitalized "Inclusion/Exclusion Criteria:" form, and only with
# its colon, so that running text ("… meet inclusion criteria.") is left alone.
_GLUED_HEADER = re.compile(
    r"(?<=\S)\s+(?=(?:Key\s+)?(?:Inclusion|Exclusion|INCLUSION|EXCLUSION)\s+(?:Criteria|criteria|CRITERIA)\s*:)"
)
_HEADER_HINT = re.compile(r"(?i)clu[st]ion|cusion|ligib")
_TAIL_EMPTY = re.compile(r"[\s:.*\-–—]*$")
_TAIL_PAREN = re.compile(r"\s*\((?:[^)]*)(?P<close>\))?")
_TAIL_SEP = re.compile(r"\s*(?:\*\*|__)?\s*(?:[:\-–—]+|\*:)\s*")
# "… criteria for mothers will be:", "… Criteria for HFpEF, includes:"; without
# the colon only a short "for …" ("Inclusion criteria for families").
_TAIL_QUALIFIER = re.compile(
    r"\s*(?:,|(?i:for|in|of|to|at|among|regarding|applicable|that|which|will|are|is|apply"
    r"|applies|includes?|including)\b)[^:.]{0,80}:\s*$"
    r"|\s+(?i:for)\b[^:.,;]{1,30}$"
)

# Sentences that open a section without naming it as a header:
# "Patients must meet all of the following criteria:", "Subjects will be
# excluded if:".  Only generic ones (no digits, short) count, so that a
# criterion with content is never turned into a note.
_LEAD_IN_SHAPE = re.compile(r"(?i)(?:\bfollowing\b[^:]{0,60}:|\bif(?:\s+[\w-]+){0,3}\s*:|\bif)\s*$")
_LEAD_IN_EXCLUSION = re.compile(
    r"(?i)\b(?:excluded|ineligible|not\s+(?:be\s+)?eligible|exclusion|none\s+of\s+the\s+following"
    r"|must\s+not\s+(?:meet|have|fulfil+|present))\b"
)
_LEAD_IN_INCLUSION = re.compile(
    r"(?i)\b(?:(?:must|should|shall|need\s+to|have\s+to|has\s+to)\s+(?:\w+\s+)?"
    r"(?:meet|fulfil+|satisfy|comply\s+with)\s+(?:all\s+(?:of\s+)?|each\s+of\s+|both\s+of\s+)?the\s+following"
    r"|(?:all|each)\s+of\s+the\s+following\s+(?:\w+\s+)?(?:criteria|conditions|requirements)\s+(?:must|should|shall|are|is)"
    r"|(?:eligible|included|enrolled)\b.*\bif"
    r"|inclusion)\b"
)

# "Donors: Eligibility for plasma donation": who the next sections are about.
_ELIGIBILITY_LABEL = re.compile(r"[^\d:]{1,40}:\s*(?i:eligibility)\b[^\d]{0,60}$")

# Whole-line notes.
_NOT_PROVIDED = re.compile(r"(?i)not\s+provided\.?$")
_READ_MORE = re.compile(r"(?i)(?:read|show|see)\s+(?:more|less)\.?$")
_CONNECTOR = re.compile(r"(?i)(?:and|or|and\s*/\s*or)$")
_NONE = re.compile(
    r"(?i)(?:none|nil|n/?a|not\s+applicable"
    r"|(?:there\s+(?:are|is)\s+)?no\s+(?:specific\s+|additional\s+|other\s+)?(?:inclusion|exclusion)\s+criteria)\.?$"
)
_REDUNDANT_EXCLUSION = re.compile(
    r"(?i)(?:does\s+not|do\s+not|doesn't|don't|not|fails?\s+to|failure\s+to|failing\s+to)\s+"
    r"(?:meet(?:ing)?|fulfil+(?:ing)?|satisfy(?:ing)?)\s+(?:all\s+|any\s+(?:of\s+)?)?(?:the\s+)?(?:above\s+)?"
    r"inclusion\s+criteria\.?$"
)
_REDUNDANT_INCLUSION = re.compile(
    r"(?i)(?:does\s+not|do\s+not|doesn't|don't|not)\s+(?:meet|have)\s+(?:any\s+(?:of\s+)?)?(?:the\s+)?"
    r"exclusion\s+criteria\.?$"
)
_BOILERPLATE = re.compile(
    r"(?i)(?:note\s*:\s*)?(?:other|additional)\b.{0,40}\bcriteria\b.{0,40}"
    r"(?:\bapply\b|\bdefined\s+in\s+the\s+protocol\b)\.?$"
)

# Where a line breaks mid-sentence: it ends on a word or sign that cannot
# end a criterion, or the next line starts with one that cannot start one.
_DANGLING_END = re.compile(
    r"(?i)(?:\b(?:and|or|and/or|of|the|a|an|to|with|without|by|for|in|on|at|from|than|as|per"
    r"|be|is|are|was|were|has|have|had|who|which|that|including|such|not|no|any|within|between"
    r"|after|before|during|into|under|over|if|unless|except|plus|versus|vs)|[,(\-/&+=<>≤≥])$"
)
_CONTINUING_START = re.compile(
    r"(?:(?:and|or|and/or|of|with|without|to|for|in|on|at|by|than|as|from|including|which|who"
    r"|that|per|but|nor|unless|except|if|or)\b|[(),;])"
)
_TERMINAL = ".;:!?"
_DIGIT = re.compile(r"\d")
# A text whose longest line is 70 to 110 columns long was wrapped at
# a fixed width (ClinicalTrials.gov exports wrap near 100); a line within
# _WRAP_SLACK of that width that runs on was cut by the exporter.
_HARD_WRAP_MIN = 70
_HARD_WRAP_MAX = 110
_WRAP_SLACK = 25


# --------------------------------------------------------------------------
# Pass 1: physical lines -> blocks
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    number: int  # 1-based line number in the whole text
    line_start: int  # offset of the line's first character
    start: int  # offset of its first non-blank character
    end: int  # one past its last non-blank character
    indent: int  # columns of leading blank (a tab counts 4)

    @property
    def blank(self) -> bool:
        return self.start >= self.end


@dataclass(slots=True)
class _Block:
    kind: str  # "header" | "item" | "para" | "note"
    first: _Line  # the physical line it starts on
    pieces: list[list[int]]  # [start, end] source segments, joined by one space
    indent: int  # marker column for items, first-line indent otherwise
    last: _Line  # the last physical line it took text from
    marker: tuple[int, int] | None = None  # bullet span (items), kept out of the text
    role: Role | None = None  # headers: the role they open (None: names no role)
    heading: str = ""  # headers: the heading as written, without the trailing colon
    note_kind: str = ""
    reason: str = ""
    open_paren: bool = False  # a header whose "(…" runs onto the next line

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    def text(self, source: str) -> str:
        return " ".join(source[s:e] for s, e in self.pieces)


@dataclass(slots=True)
class _HeaderHit:
    role: Role | None
    heading_start: int
    end: int  # end of the header text
    inline: int | None  # start of criterion text after "Header:" on the same line
    open_paren: bool


def _physical_lines(text: str, begin: int, stop: int) -> list[_Line]:
    """The lines of ``text[begin:stop]``, numbered as in the whole text."""
    number = 1 + len(_BREAK.findall(text, 0, begin)) if begin else 1
    line_start = max(text.rfind("\n", 0, begin), text.rfind("\r", 0, begin)) + 1
    lines: list[_Line] = []
    pos = begin
    for brk in _BREAK.finditer(text, begin, stop):
        lines.append(_make_line(text, pos, brk.start(), number, line_start))
        pos = line_start = brk.end()
        number += 1
    lines.append(_make_line(text, pos, stop, number, line_start))
    return lines


def _make_line(text: str, begin: int, stop: int, number: int, line_start: int) -> _Line:
    raw = text[begin:stop]
    body = raw.lstrip()
    lead = len(raw) - len(body)
    content = body.rstrip()
    indent = (begin - line_start) + lead + 3 * raw.count("\t", 0, lead)
    return _Line(number, line_start, begin + lead, begin + lead + len(content), indent)


def _match_header(text: str, pos: int, stop: int) -> _HeaderHit | None:
    if not _HEADER_HINT.search(text, pos, stop):
        return None
    m = _HEADER.match(text, pos, stop)
    if m is None:
        return None
    role: Role | None = "inclusion" if m.group("inclusion") else "exclusion" if m.group("exclusion") else None
    heading_start = m.start("lead") if m.group("lead") else m.start("quals")
    return _header_tail(text, m.end(), stop, role, heading_start, bool(m.group("noun")))


def _header_tail(text: str, pos: int, stop: int, role: Role | None, heading_start: int,
                 has_noun: bool) -> _HeaderHit | None:
    """Decide from what follows the role word whether this line is a header."""
    if _TAIL_EMPTY.match(text, pos, stop):
        return _HeaderHit(role, heading_start, stop, None, False)
    paren = _TAIL_PAREN.match(text, pos, stop)
    if paren:
        if paren.group("close") is None:  # "Inclusion Criteria(Only patients who …" wraps
            return _HeaderHit(role, heading_start, stop, None, True)
        return _header_tail(text, paren.end(), stop, role, heading_start, has_noun)
    sep = _TAIL_SEP.match(text, pos, stop)
    if sep:
        if sep.end() >= stop:
            return _HeaderHit(role, heading_start, stop, None, False)
        end = sep.start() + len(text[sep.start():sep.end()].rstrip())
        return _HeaderHit(role, heading_start, end, sep.end(), False)
    if has_noun and _TAIL_QUALIFIER.match(text, pos, stop):  # "… criteria for mothers will be:"
        return _HeaderHit(role, heading_start, stop, None, False)
    return None


class _MarkerSequence:
    """Accepts a letter or roman-numeral marker only where a list can be.

    "a."/"A." and "i."/"I." always start a list; "b." must follow "a.", "ii."
    must follow "i." and so on.  That keeps "S. aureus" or "E. coli" at the
    start of a line out of the bullets.
    """

    def __init__(self) -> None:
        self._letter: dict[bool, str] = {}
        self._roman: dict[bool, int] = {}

    def accept(self, token: str) -> bool:
        upper = token.isupper()
        if len(token) == 1 and (token in "aA" or self._letter.get(upper) == chr(ord(token) - 1)):
            self._letter[upper] = token
            return True
        value = _roman_value(token)
        if value and (value == 1 or self._roman.get(upper) == value - 1):
            self._roman[upper] = value
            return True
        return False


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def _roman_value(token: str) -> int:
    digits = [_ROMAN.get(ch) for ch in token.lower()]
    if not digits or None in digits:
        return 0
    total = 0
    for i, d in enumerate(digits):
        total += -d if i + 1 < len(digits) and d < digits[i + 1] else d  # type: ignore[operator]
    return total


class _Segmenter:
    def __init__(self, text: str, lines: list[_Line]) -> None:
        self.text = text
        self.lines = lines
        self.blocks: list[_Block] = []
        self.open: _Block | None = None  # the item or paragraph that may take more lines
        self.gap = False  # a blank line since the open block's last line
        self.sequence = _MarkerSequence()
        self.width = max((ln.end - ln.line_start for ln in lines), default=0)

    def run(self) -> list[_Block]:
        for ln in self.lines:
            if ln.blank:
                self.gap = True
                continue
            if self.open is not None and self.open.open_paren:
                self._extend_paren_header(ln)
            else:
                self._take(ln, ln.start, ln.end, inline=False)
            self.gap = False
        return self.blocks

    def _extend_paren_header(self, ln: _Line) -> None:
        header = self.open
        assert header is not None
        header.pieces.append([ln.start, ln.end])
        header.last = ln
        if ")" in self.text[ln.start:ln.end] or len(header.pieces) >= 4:
            header.open_paren = False
            self.open = None

    def _take(self, ln: _Line, pos: int, stop: int, *, inline: bool) -> None:
        """Read ``text[pos:stop]``, a physical line or what is left of one."""
        text = self.text
        marker, body = self._marker(pos, stop)
        header = _match_header(text, body, stop)
        if header is None:
            glued = _glued_header(text, body + 1, stop)
            if glued is not None:
                self._take(ln, pos, glued.start(), inline=inline)
                self._take(ln, glued.end(), stop, inline=True)
                return
        if header is not None:
            self._add_header(ln, pos, header)
            if header.inline is not None:
                self._take(ln, header.inline, stop, inline=True)
            return
        note = _whole_line_note(text[body:stop])  # "Not provided", "- NA", "OR", ...
        if note is not None:
            self._close()
            self.blocks.append(_Block("note", ln, [[pos, stop]], ln.indent, ln,
                                      note_kind=note[0], reason=note[1]))
            return
        if marker is not None:
            self._add_item(ln, marker, body, stop)
            return
        if not inline and self.open is not None and self._continues(self.open, ln, pos, stop):
            self.open.pieces.append([pos, stop])
            self.open.last = ln
            return
        self._close()
        self.open = _Block("para", ln, [[pos, stop]], ln.indent, ln)
        self.blocks.append(self.open)

    def _marker(self, pos: int, stop: int) -> tuple[tuple[int, int] | None, int]:
        m = _MARKER.match(self.text, pos, stop)
        if m is None:
            return None, pos
        alpha = m.group("alpha")
        if alpha is not None and not self.sequence.accept(alpha):
            return None, pos
        end, body = m.end("m"), m.end()
        if m.group("glyph"):
            # "-  2. unstable angina": a numbered list inside a bulleted one; the number is a marker too
            n = _NUMBER_MARKER.match(self.text, body, stop)
            if n:
                end, body = n.end("m"), n.end()
        return (m.start("m"), end), body

    def _add_header(self, ln: _Line, pos: int, hit: _HeaderHit) -> None:
        self._close()
        heading = self.text[hit.heading_start:hit.end].rstrip(" \t:.-–—*_")
        block = _Block("header", ln, [[pos, hit.end]], ln.indent, ln, role=hit.role,
                       heading=heading.strip(), open_paren=hit.open_paren)
        self.blocks.append(block)
        if hit.open_paren:
            self.open = block

    def _add_item(self, ln: _Line, marker: tuple[int, int], body: int, stop: int) -> None:
        self._close()
        indent = ln.indent + (marker[0] - ln.start)
        if body >= stop:  # a bullet with nothing after it
            self.blocks.append(_Block("note", ln, [[marker[0], marker[1]]], indent, ln,
                                      note_kind="empty_bullet", reason="a bullet with no text"))
            return
        self.open = _Block("item", ln, [[body, stop]], indent, ln, marker=marker)
        self.blocks.append(self.open)

    def _close(self) -> None:
        self.open = None

    def _continues(self, block: _Block, ln: _Line, pos: int, stop: int) -> bool:
        """Whether a line without a bullet carries on the open block."""
        if ln.indent > block.indent and (block.kind == "item" or not self.gap):
            return True  # hangs under the text: wrapped by the exporter
        if self.gap:
            return False
        prev = self.text[block.pieces[-1][0]:block.pieces[-1][1]]
        if prev[-1] in _TERMINAL:
            return False
        nxt = self.text[pos:stop]
        runs_on = _dangles(prev) or bool(_CONTINUING_START.match(nxt))
        if block.kind == "item":
            # a bulleted list whose wrapped lines lost their indentation (LCT)
            return runs_on or (self._wrapped(block.last) and nxt[0].islower())
        # unbulleted lines are one criterion each (Chia) unless the text is hard-wrapped
        return self._wrapped(block.last) and (runs_on or nxt[0].islower())

    def _wrapped(self, ln: _Line) -> bool:
        """The line is about as long as the longest one, in a text wrapped at a fixed width."""
        return (_HARD_WRAP_MIN <= self.width <= _HARD_WRAP_MAX
                and ln.end - ln.line_start >= self.width - _WRAP_SLACK)


def _dangles(content: str) -> bool:
    """The line ends on a word or sign that cannot end a criterion ("with", "and", ",")."""
    return _DANGLING_END.search(content, max(0, len(content) - 12)) is not None


def _glued_header(text: str, pos: int, stop: int) -> re.Match[str] | None:
    if text.find("riteria", pos, stop) < 0 and text.find("RITERIA", pos, stop) < 0:
        return None  # the common case, without running the look-around pattern
    return _GLUED_HEADER.search(text, pos, stop)


def _whole_line_note(content: str) -> tuple[str, str] | None:
    if _NOT_PROVIDED.match(content):
        return "not_provided", "the registry says the criteria are not provided"
    if _READ_MORE.match(content):
        return "read_more", "a web-page control, not criterion text"
    if _CONNECTOR.match(content):
        return "connector", "a lone connector between criteria; the lines around it are kept as they are"
    if _NONE.match(content):
        return "none", "states that there are no criteria here"
    if _BOILERPLATE.match(content):
        return "boilerplate", "refers to criteria defined elsewhere (the protocol); nothing to check"
    return None


# --------------------------------------------------------------------------
# Pass 2: blocks -> sections, headings, nesting, ids
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Frame:
    indent: int
    id: str
    children: int = 0


@dataclass(slots=True)
class _Assembler:
    text: str
    blocks: list[_Block]
    id_prefix: str
    role: Role
    role_assumed: bool
    section_heading: str = ""
    subheading: str | None = None
    subheading_used: bool = False
    counters: dict[str, int] = field(default_factory=lambda: {"inclusion": 0, "exclusion": 0})
    stack: list[_Frame] = field(default_factory=list)
    lines: list[CriterionLine] = field(default_factory=list)
    notes: list[SplitNote] = field(default_factory=list)
    assumed: list[CriterionLine] = field(default_factory=list)

    def run(self) -> SplitResult:
        for i, block in enumerate(self.blocks):
            following = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
            if block.kind == "header":
                self._header(block)
            elif block.kind == "note":
                self._note(block, block.note_kind, block.reason)
            elif _is_context_label(block, following, self.text):
                self._note(block, "context",
                           "a label above a section header (a cohort or group); the sections below belong to it")
            elif block.kind == "para":
                self._para(block, following)
            else:
                self._item(block)
        self._flush_assumed()
        return SplitResult(tuple(self.lines), tuple(sorted(self.notes, key=lambda n: n.start)))

    # -- sections ---------------------------------------------------------

    def _header(self, block: _Block) -> None:
        self._open_section(block.role, block.heading)
        if block.role is None:
            reason = "a header that names no single role; the role stays " + self.role
        else:
            reason = f"opens the {block.role} section"
        self._note(block, "header", reason)

    def _open_section(self, role: Role | None, heading: str) -> None:
        if role is not None:
            self._flush_assumed()
            self.role, self.role_assumed = role, False
        self.section_heading = heading
        self.subheading, self.subheading_used = None, False
        self.stack.clear()

    def _para(self, block: _Block, following: _Block | None) -> None:
        content = block.text(self.text)
        lead_in_role = _lead_in_role(content)
        if lead_in_role is not None:
            self._lead_in(block, lead_in_role, content)
        elif self._redundant(content):
            self._note(block, "redundant",
                       "restates the other section (the Clinical-Trial-Parser peer drops it too)")
        elif _is_subheading(content, following):
            self._note(block, "subheading", "a sub-heading: the heading of the bullets under it")
            self.subheading, self.subheading_used = content.rstrip(" :").strip(), False
            self.stack.clear()
        else:
            if self.subheading_used:  # a paragraph after the sub-heading's bullets ends it
                self.subheading, self.subheading_used = None, False
            self.stack.clear()
            self._emit(block, parent=None)

    def _lead_in(self, block: _Block, role: Role, content: str) -> None:
        if role != self.role or self.role_assumed:
            self._open_section(role, content.rstrip(" :"))
        else:
            self.subheading, self.subheading_used = None, False
            self.stack.clear()
        self._note(block, "lead_in", f"a sentence that opens the {role} criteria")

    def _redundant(self, content: str) -> bool:
        if self.role == "exclusion":
            return bool(_REDUNDANT_EXCLUSION.match(content))
        return bool(_REDUNDANT_INCLUSION.match(content))

    # -- criteria ---------------------------------------------------------

    def _item(self, block: _Block) -> None:
        while self.stack and block.indent < self.stack[-1].indent + 2:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        line = self._emit(block, parent=parent)
        self.stack.append(_Frame(block.indent, line.id))
        if self.subheading is not None:
            self.subheading_used = True

    def _emit(self, block: _Block, parent: _Frame | None) -> CriterionLine:
        if parent is not None:
            parent.children += 1
            line_id = f"{parent.id}.{parent.children}"
        else:
            self.counters[self.role] += 1
            letter = "I" if self.role == "inclusion" else "E"
            line_id = f"{self.id_prefix}{letter}{self.counters[self.role]}"
        content, offsets = _joined(self.text, block.pieces)
        marker = block.marker
        line = CriterionLine(
            id=line_id,
            role=self.role,
            heading=self.subheading if self.subheading is not None else self.section_heading,
            text=content,
            start=block.start,
            end=block.end,
            line=block.first.number,
            column=block.start - block.first.line_start + 1,
            offsets=offsets,
            parent=parent.id if parent is not None else None,
            marker=self.text[marker[0]:marker[1]] if marker else "",
            marker_span=marker,
        )
        self.lines.append(line)
        if self.role_assumed:
            self.assumed.append(line)
        return line

    # -- notes ------------------------------------------------------------

    def _note(self, block: _Block, kind: str, reason: str) -> None:
        start = block.marker[0] if block.marker else block.start
        self.notes.append(SplitNote(kind, block.text(self.text), start, block.end,
                                    block.first.number, start - block.first.line_start + 1, reason))

    def _flush_assumed(self) -> None:
        if not self.assumed:
            return
        first, last = self.assumed[0], self.assumed[-1]
        start = first.marker_span[0] if first.marker_span else first.start
        self.notes.append(SplitNote(
            "role_assumed", self.text[start:last.end], start, last.end, first.line,
            first.column - (first.start - start),
            f"no section header before this text; role {self.role!r} assumed "
            "(pass default_role to choose it)"))
        self.assumed = []


def _lead_in_role(content: str) -> Role | None:
    if len(content) > 250 or not (content.endswith(":") or content[-2:].lower() == "if"):
        return None
    if _DIGIT.search(content) or not _LEAD_IN_SHAPE.search(content, max(0, len(content) - 90)):
        return None
    if _LEAD_IN_EXCLUSION.search(content):
        return "exclusion"
    if _LEAD_IN_INCLUSION.search(content):
        return "inclusion"
    return None


def _is_context_label(block: _Block, following: _Block | None, text: str) -> bool:
    """"For all phases:", "2. Healthy participants:" or "Donors: Eligibility for plasma
    donation" right above "Inclusion Criteria:"."""
    if following is None or following.kind != "header" or following.role is None:
        return False
    if text[block.end - 1] == ":":
        return True
    content = text[block.start:block.end]
    return block.kind == "para" and _ELIGIBILITY_LABEL.match(content) is not None


def _is_subheading(content: str, following: _Block | None) -> bool:
    """An unbulleted line that introduces bullets: "Eligible concomitant treatment:"."""
    if following is None or following.kind != "item":
        return False
    if content.endswith(":"):
        return True
    # "Persons with" above bullets: a short line that cannot end a sentence
    return content.count(" ") < 4 and _dangles(content)


def _joined(text: str, pieces: list[list[int]]) -> tuple[str, tuple[int, ...]]:
    """Join source segments with single spaces; a join maps to the next segment's start."""
    if len(pieces) == 1:
        s, e = pieces[0]
        return text[s:e], tuple(range(s, e))
    parts: list[str] = []
    offsets: list[int] = []
    for k, (s, e) in enumerate(pieces):
        if k:
            parts.append(" ")
            offsets.append(s)
        parts.append(text[s:e])
        offsets.extend(range(s, e))
    return "".join(parts), tuple(offsets)


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def split_criteria(
    text: str,
    *,
    id_prefix: str = "",
    default_role: Role | None = None,
    start: int = 0,
    end: int | None = None,
) -> SplitResult:
    """Split an eligibility block into criterion lines and notes.

    ``default_role`` is the role of text before any header (Chia keeps
    inclusion and exclusion in separate header-less documents); without it,
    such text is taken as inclusion and a ``role_assumed`` note says so.
    ``start``/``end`` restrict the split to a window of ``text``; offsets,
    lines and columns still refer to the whole ``text``.
    """
    stop = len(text) if end is None else max(0, min(end, len(text)))
    begin = max(0, min(start, stop))
    lines = _physical_lines(text, begin, stop)
    blocks = _Segmenter(text, lines).run()
    assembler = _Assembler(
        text=text,
        blocks=blocks,
        id_prefix=id_prefix,
        role=default_role or "inclusion",
        role_assumed=default_role is None,
    )
    return assembler.run()
