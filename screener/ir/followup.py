"""The IR of follow-up definitions: outcomes at timepoints after a baseline, dosing schedules.

Follow-up definitions (rules/<trial>.outcomes, rules/<trial>.protocol) are
compiled by the same grammar as eligibility criteria, from their own start
rules (grammars/criteria.lark, "outcomes and dosing").  Their rules mix the
ordinary nodes of ``screener.ir.nodes`` (a Measure, a Result, a DrugDose,
All/Any/Not) with the nodes here, which only mean something relative to a
baseline date and a timepoint.  The meaning of each is in docs/outcomes.md.
``render`` gives the canonical text; compiling it gives the same node back
(tests/test_followup_compile.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from screener.ir import canonical
from screener.ir.nodes import All, Any, Duration, Not, Op, Quantity, Span, Window

_frozen = dict(frozen=True, kw_only=True, slots=True)


def _span() -> Span | None:
    return field(default=None, compare=False, repr=False)


@dataclass(**_frozen)
class Timepoint:
    """``offset`` after the baseline date; a result up to ``tolerance`` either side counts."""

    offset: Duration
    tolerance: Duration | None = None  # None: on the day itself


@dataclass(**_frozen)
class VersusBaseline:
    """"platelets > 2 x baseline": the value at the timepoint against ``factor`` x the baseline value."""

    analyte: str
    op: Op
    factor: float = 1.0
    span: Span | None = _span()
    kind: Literal["versus_baseline"] = "versus_baseline"


@dataclass(**_frozen)
class Change:
    """The change of a value (or a daily dose) from baseline or from another timepoint.

    ``direction``: rise = now - then, fall = then - now, change = now - then.
    With ``op``/``value`` it is judged (an outcome); without, it is a measure
    (the number is reported).  ``window``: any result in [timepoint - within,
    timepoint] after the reference counts, not only the one at the timepoint.
    """

    subject: str  # analyte id, or a drug / class id when ``dose``
    direction: Literal["rise", "fall", "change"]
    reference: Duration | None = None  # None: the baseline value; else the value at that timepoint
    op: Op | None = None
    value: Quantity | None = None
    dose: bool = False
    as_drug: str | None = None
    window: Window | None = None
    span: Span | None = _span()
    kind: Literal["change"] = "change"


@dataclass(**_frozen)
class DoseRaised:
    """"glucocorticoids dose rise within 36 week": the daily dose went up (a restart counts) on some day."""

    drug: str
    as_drug: str | None = None
    window: Window | None = None  # None: any day since the baseline date
    span: Span | None = _span()
    kind: Literal["dose_raised"] = "dose_raised"


@dataclass(**_frozen)
class Missing:
    """"missing platelets": no result at the timepoint although its window has closed (a dropout)."""

    analyte: str
    span: Span | None = _span()
    kind: Literal["missing"] = "missing"


@dataclass(**_frozen)
class OutcomeRef:
    """Another outcome of the same file, at this timepoint or at ``at``."""

    name: str
    at: Duration | None = None
    span: Span | None = _span()
    kind: Literal["outcome_ref"] = "outcome_ref"


# ---- dosing ------------------------------------------------------------------------


@dataclass(**_frozen)
class DoseLevel:
    """A daily dose (per kg of baseline weight when its unit says so), capped and rounded, held for ``duration``."""

    per_day: Quantity
    maximum: Quantity | None = None
    rounding: Quantity | None = None
    duration: Duration | None = None  # None: until the next step's rhythm, or for good
    kind: Literal["level"] = "level"


@dataclass(**_frozen)
class Taper:
    """Reduce the daily dose by ``step`` every ``every`` down to ``floor``."""

    step: Quantity
    every: Duration
    floor: Quantity
    kind: Literal["taper"] = "taper"


@dataclass(**_frozen)
class DoseSchedule:
    drug: str
    steps: tuple[Union[DoseLevel, Taper], ...]
    span: Span | None = _span()
    kind: Literal["schedule"] = "schedule"


FOLLOWUP_LEAVES = (VersusBaseline, Change, DoseRaised, Missing, OutcomeRef)


# ---- canonical text ---------------------------------------------------------------


def _q(q: Quantity) -> str:
    return canonical.quantity(q)


def timepoint(t: Timepoint) -> str:
    out = canonical.duration(t.offset)
    return out + (f" within {canonical.duration(t.tolerance)}" if t.tolerance else "")


def _step(s) -> str:
    if isinstance(s, Taper):
        return f"taper {_q(s.step)} every {canonical.duration(s.every)} to {_q(s.floor)}"
    out = _q(s.per_day)
    if s.maximum:
        out += f" maximum {_q(s.maximum)}"
    if s.rounding:
        out += f" rounded to {_q(s.rounding)}"
    if s.duration:
        out += f" for {canonical.duration(s.duration)}"
    return out


def _ref(d: Duration | None) -> str:
    return "baseline" if d is None else canonical.duration(d)


def render(r) -> str:  # noqa: C901 - one branch per node type reads best
    """Canonical text of a follow-up rule (its ordinary nodes render as in criteria)."""
    match r:
        case VersusBaseline():
            factor = "" if r.factor == 1 else f"{canonical.number(r.factor)} x "
            return f"{r.analyte} {r.op} {factor}baseline"
        case Change():
            head = r.subject
            if r.dose:
                head += " dose" + (f" as {r.as_drug}" if r.as_drug else "")
            out = f"{head} {r.direction} from {_ref(r.reference)}"
            if r.op is not None and r.value is not None:
                out += f" {r.op} {_q(r.value)}"
            return out + (f" within {canonical.extent(r.window.within)}" if r.window else "")
        case DoseRaised():
            head = r.drug + " dose" + (f" as {r.as_drug}" if r.as_drug else "")
            return f"{head} rise" + (f" within {canonical.extent(r.window.within)}" if r.window else "")
        case Missing():
            return f"missing {r.analyte}"
        case OutcomeRef():
            return r.name + (f" at {canonical.duration(r.at)}" if r.at else "")
        case DoseSchedule():
            return f"{r.drug} " + ", then ".join(_step(s) for s in r.steps)
        case Not():
            return f"not ({render(r.item)})"
        case All():
            return " and ".join(f"({render(i)})" for i in r.items)
        case Any() if r.items:
            return " or ".join(f"({render(i)})" for i in r.items)
    return canonical.render(r)
