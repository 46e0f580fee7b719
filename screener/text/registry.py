"""Registry page exports -> NCT id, title, eligibility block, structured fields.

``read_registry_record`` reads a trial page as sites like MedPath or
ClinicalTrials.gov export it (one label per line, its value below it),
finds the eligibility block between the first "Inclusion/Exclusion
Criteria" header and the next page section ("Minimum Eligible Age",
"Sponsors", "Study & Design", ...), splits it with ``split_criteria``, and
turns the structured fields (minimum/maximum age, sex, healthy volunteers)
into criterion lines too.  Text that is only an eligibility block (LCT style,
"Inclusion criteria: ...") is split whole.

Everything on the page outside the block is reported as ``page_text`` notes,
so the coverage rule of ``split_criteria`` holds for a whole record as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from screener.text.lines import CriterionLine
from screener.text.sections import (_BREAK, SplitNote, SplitResult, _Line, _match_header, _physical_lines,
                                    split_criteria)

__all__ = ["RegistryRecord", "read_registry_record"]

Status = Literal["criteria", "not_provided", "no_criteria"]


@dataclass(frozen=True, slots=True)
class RegistryRecord:
    """One trial page: where its criteria are and what they say.

    ``status`` is ``criteria`` when the block holds at least one criterion,
    ``not_provided`` when the registry says "Not provided" instead, and
    ``no_criteria`` when no criterion text was found at all.  The structured
    field values are kept as written ("18 Years", "ALL", "No").
    """

    nct_id: str | None
    title: str | None
    status: Status
    lines: tuple[CriterionLine, ...]
    notes: tuple[SplitNote, ...]
    eligibility: tuple[int, int] | None  # source span of the eligibility block
    minimum_age: str | None = None
    maximum_age: str | None = None
    sex: str | None = None
    healthy_volunteers: str | None = None

    @property
    def criteria(self) -> tuple[CriterionLine, ...]:
        """The free-text criteria, without the structured fields."""
        return tuple(ln for ln in self.lines if not ln.structured)

    @property
    def structured(self) -> tuple[CriterionLine, ...]:
        return tuple(ln for ln in self.lines if ln.structured)


# --------------------------------------------------------------------------
# Page labels
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    id: str  # the CriterionLine id
    label: str  # canonical label, used in the line's text
    spellings: re.Pattern[str]  # the label as pages write it (whole line, or "Label: value")
    value: re.Pattern[str]  # what a plausible value looks like


_AGE = re.compile(r"(?i)(?:\d+(?:\.\d+)?\s*(?:years?|months?|weeks?|days?|hours?|minutes?)|n/?a|none|no\s+limit)$")
_FIELDS = (
    _Field("age_min", "Minimum Eligible Age",
           re.compile(r"(?i)(?:minimum\s+(?:eligible\s+)?age|min\.?\s+age)$"), _AGE),
    _Field("age_max", "Maximum Eligible Age",
           re.compile(r"(?i)(?:maximum\s+(?:eligible\s+)?age|max\.?\s+age)$"), _AGE),
    _Field("sex", "Eligible Sex",
           re.compile(r"(?i)(?:eligible\s+(?:sex|gender)|sex|gender|sexes\s+eligible(?:\s+for\s+study)?)$"),
           re.compile(r"(?i)(?:all|both|female|male|females|males|women|men)$")),
    _Field("healthy_volunteers", "Accepts Healthy Volunteers",
           re.compile(r"(?i)(?:accepts\s+healthy\s+volunteers\??|healthy\s+volunteers)$"),
           re.compile(r"(?i)(?:yes|no|true|false|accepts\s+healthy\s+volunteers)$")),
)

# Labels that say "this is a registry page, not a bare eligibility block".
_PAGE_LABEL = re.compile(
    r"(?i)(?:eligibility\s+criteria|minimum\s+eligible\s+age|maximum\s+eligible\s+age|eligible\s+sex"
    r"|accepts\s+healthy\s+volunteers|brief\s+summary|detailed\s+description|recruitment\s*&\s*eligibility"
    r"|registration\s+number|study\s*&\s*design|sponsors|lead\s+sponsor|nct\s+id|study\s+design"
    r"|locations|interventions|conditions|study\s+results|basic\s+information)\s*:?$"
)
# Labels that end the eligibility block.
_STOP_LABEL = re.compile(
    r"(?i)(?:(?:minimum|maximum)\s+(?:eligible\s+)?age|eligible\s+(?:sex|gender)|sex|gender"
    r"|sexes\s+eligible(?:\s+for\s+study)?|ages\s+eligible(?:\s+for\s+study)?|accepts\s+healthy\s+volunteers\??"
    r"|healthy\s+volunteers|sponsors?|lead\s+sponsor|collaborators|study\s*&\s*design|study\s+design"
    r"|locations|countries|contacts|central\s+contacts|facility\s+contacts|outcome\s+measures"
    r"|(?:primary|secondary)\s+outcome\s+measures|other\s+identifiers|responsible\s+party"
    r"|investigators|publications|references|more\s+related\s+trials|arms?\s*(?:&|and)\s*interventions)"
    r"\s*(?::.*)?$"
)
_ELIGIBILITY_LABEL = re.compile(r"(?i)(?:eligibility\s+criteria|eligibility|recruitment\s*&\s*eligibility)\s*:?$")
_NCT = re.compile(r"\bNCT\d{8}\b")
_NCT_LABELLED = re.compile(r"(?i)(?:nct\s+id|registration\s+number|clinicaltrials\.gov\s+id)\s*:?\s*(NCT\d{8})\b")
_SITE_NAMES = re.compile(r"(?i)(?:medpath|clinicaltrials\.gov)$")


def _page_lines(text: str) -> list[_Line]:
    """The non-blank lines of the page, with their positions."""
    return [ln for ln in _physical_lines(text, 0, len(text)) if not ln.blank]


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def read_registry_record(text: str) -> RegistryRecord:
    """Read a registry page export, or a bare eligibility block; never raises."""
    lines = _page_lines(text)
    if not _is_page(text, lines):
        result = split_criteria(text)
        return _record(text, None if not (m := _NCT.search(text)) else m.group(), None, result, (0, len(text)), ())

    block = _eligibility_block(text, lines)
    fields = tuple(f for f in (_read_field(text, lines, spec) for spec in _FIELDS) if f is not None)
    if block is None:
        result = SplitResult((), ())
        page_notes = (_page_note(text, lines, 0, len(text)),) if lines else ()
    else:
        result = split_criteria(text, start=block[0], end=block[1])
        page_notes = tuple(n for n in (_page_note(text, lines, 0, block[0]),
                                       _page_note(text, lines, block[1], len(text))) if n is not None)
    return _record(text, _nct_id(text), _title(text, lines), result, block, fields, page_notes)


def _is_page(text: str, lines: list[_Line]) -> bool:
    labels = {text[ln.start:ln.end].lower() for ln in lines if _PAGE_LABEL.match(text, ln.start, ln.end)}
    return len(labels) >= 2 or _NCT_LABELLED.search(text) is not None


def _eligibility_block(text: str, lines: list[_Line]) -> tuple[int, int] | None:
    """From the first inclusion/exclusion header to the next page section."""
    first = next((i for i, ln in enumerate(lines) if _ELIGIBILITY_LABEL.match(text, ln.start, ln.end)), 0)
    begin = None
    for i in range(first, len(lines)):
        hit = _match_header(text, lines[i].start, lines[i].end)
        if hit is not None and hit.role is not None:
            begin = i
            break
    if begin is None:
        return None
    stop = next((ln.start for ln in lines[begin + 1:] if _STOP_LABEL.match(text, ln.start, ln.end)), len(text))
    return lines[begin].start, _trim_end(text, lines[begin].start, stop)


def _trim_end(text: str, start: int, stop: int) -> int:
    return start + len(text[start:stop].rstrip())


def _read_field(text: str, lines: list[_Line], spec: _Field) -> CriterionLine | None:
    """The first "Label" / "value" pair (or "Label: value" line) with a plausible value."""
    for i, ln in enumerate(lines):
        content = text[ln.start:ln.end]
        label, _, inline = content.partition(":")
        if not spec.spellings.match(label.strip()):
            continue
        if inline.strip():
            value_start = ln.start + len(label) + 1 + (len(inline) - len(inline.lstrip()))
            value_line = ln
        elif i + 1 < len(lines):
            value_line = lines[i + 1]
            value_start = value_line.start
        else:
            continue
        value = text[value_start:value_line.end]
        if spec.value.match(value):
            return _field_line(spec, value, value_start, value_line, label.strip())
    return None


def _field_line(spec: _Field, value: str, start: int, where: _Line, heading: str) -> CriterionLine:
    prefix = f"{spec.label}: "
    # The label text is synthesized, so its characters point at the value's first character.
    offsets = (start,) * len(prefix) + tuple(range(start, start + len(value)))
    return CriterionLine(
        id=spec.id, role="inclusion", heading=heading, text=prefix + value,
        start=start, end=start + len(value), line=where.number,
        column=start - where.line_start + 1, offsets=offsets, structured=True,
    )


def _nct_id(text: str) -> str | None:
    labelled = _NCT_LABELLED.search(text)  # "NCT ID: NCT06722586"
    if labelled:
        return labelled.group(1)
    first = _NCT.search(text)  # MedPath: "Registration Number", the id on the next line
    return first.group() if first else None


def _title(text: str, lines: list[_Line]) -> str | None:
    for ln in lines[:5]:
        content = text[ln.start:ln.end]
        if _SITE_NAMES.match(content) or _PAGE_LABEL.match(content) or _NCT.fullmatch(content):
            continue
        return content
    return None


def _page_note(text: str, lines: list[_Line], begin: int, stop: int) -> SplitNote | None:
    inside = [ln for ln in lines if begin <= ln.start < stop]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    end = min(last.end, stop)
    return SplitNote("page_text", text[first.start:end], first.start, end, first.number,
                     first.start - first.line_start + 1,
                     "registry page text outside the eligibility block")


def _record(text: str, nct_id: str | None, title: str | None, result: SplitResult, block: tuple[int, int] | None,
            fields: tuple[CriterionLine, ...], page_notes: tuple[SplitNote, ...] = ()) -> RegistryRecord:
    notes = list(result.notes) + list(page_notes)
    status: Status = "criteria"
    if not result.lines:
        said_not_provided = any(n.kind == "not_provided" for n in result.notes)
        status = "not_provided" if said_not_provided else "no_criteria"
        notes.append(_no_criteria_note(text, status, block))
    values = {f.id: f.text.partition(": ")[2] for f in fields}
    return RegistryRecord(
        nct_id=nct_id,
        title=title,
        status=status,
        lines=result.lines + fields,
        notes=tuple(sorted(notes, key=lambda n: (n.start, n.end))),
        eligibility=block,
        minimum_age=values.get("age_min"),
        maximum_age=values.get("age_max"),
        sex=values.get("sex"),
        healthy_volunteers=values.get("healthy_volunteers"),
    )


def _no_criteria_note(text: str, status: Status, block: tuple[int, int] | None) -> SplitNote:
    """Says why there are no criteria; it spans the block (empty when there is none)."""
    if status == "not_provided":
        reason = ("the registry gives no eligibility criteria ('Not provided'); "
                  "only the structured fields can be screened")
    elif block is None:
        reason = "no inclusion or exclusion criteria header was found on the page"
    else:
        reason = "the eligibility block holds no criterion text"
    start, end = block if block is not None else (0, 0)
    start += len(text[start:end]) - len(text[start:end].lstrip())
    line = 1 + len(_BREAK.findall(text, 0, start))
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    return SplitNote("no_criteria", "", start, max(start, end), line, start - line_start + 1, reason)
