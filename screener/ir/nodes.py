"""The rule IR: what a criterion means, independent of how it was written.

Nodes are frozen dataclasses (hashable, cheap to build in the parser's hot
path); pydantic serializes them through ``RULE_ADAPTER``.  Every node carries
an optional ``span`` (source offsets) that equality ignores, so a rule parsed
back from its canonical text equals the rule it was rendered from.

Conventions the evaluator relies on:
- a ``Window`` is the closed interval [index - within, index], index being the
  screening/enrolment date the caller passes as ``as_of`` ((index - within, index]
  when it is strict: "less than 6 weeks ago");
- a rule with ``window=None`` on a drug means "active at the index date";
- All/Any/Not/AtLeast are Kleene three-valued connectives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Iterator, Literal, Union

from pydantic import Field, TypeAdapter

__all__ = [
    "Op", "TimeUnit", "Span", "Quantity", "RefMultiple", "Duration", "HalfLives", "Longer",
    "Window", "Measure", "Between", "Result", "DrugUse", "DrugDose", "DoseStable",
    "Condition", "Allergy", "Procedure", "Immunization", "Study", "Sex", "All", "Any", "Not", "AtLeast", "Manual", "Unmapped", "Rule", "RULE_ADAPTER",
    "NEGATED_OP", "TIME_UCUM", "UCUM_DAYS", "SEVERITIES", "walk",
]

Op = Literal["<", "<=", ">", ">=", "="]
TimeUnit = Literal["hour", "day", "week", "month", "year"]
Severity = Literal["mild", "moderate", "severe"]
SEVERITIES: tuple[Severity, ...] = ("mild", "moderate", "severe")  # a diagnosis's severity, in scale order
NEGATED_OP: dict[str, str] = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!="}
# A time word and its UCUM code (ages are Quantities in these units).
TIME_UCUM: dict[str, str] = {"hour": "h", "day": "d", "week": "wk", "month": "mo", "year": "a"}
# Days in a UCUM time unit (a month and a year as their average lengths in the Gregorian calendar).
UCUM_DAYS: dict[str, float] = {"s": 1 / 86400, "min": 1 / 1440, "h": 1 / 24, "d": 1.0, "wk": 7.0, "mo": 30.4375,
                               "a": 365.25}

_frozen = dict(frozen=True, kw_only=True, slots=True)


@dataclass(**_frozen)
class Span:
    start: int
    end: int


def _span() -> Span | None:
    return field(default=None, compare=False, repr=False)


# ---- values -----------------------------------------------------------------


@dataclass(**_frozen)
class Quantity:
    value: float
    unit: str | None = None  # UCUM code; None for a bare count or score
    kind: Literal["quantity"] = "quantity"


@dataclass(**_frozen)
class RefMultiple:
    """``factor`` times the upper (ULN) or lower (LLN) limit of the reference range."""

    factor: float
    bound: Literal["ULN", "LLN"]
    kind: Literal["ref"] = "ref"


Threshold = Annotated[Union[Quantity, RefMultiple], Field(discriminator="kind")]


@dataclass(**_frozen)
class Duration:
    value: float
    unit: TimeUnit
    kind: Literal["duration"] = "duration"


@dataclass(**_frozen)
class HalfLives:
    """A number of elimination half-lives of the drug the window applies to."""

    count: float
    kind: Literal["half_lives"] = "half_lives"


@dataclass(**_frozen)
class Longer:
    """"4 weeks or 5 half-lives, whichever is longer"."""

    options: tuple[Annotated[Union[Duration, HalfLives], Field(discriminator="kind")], ...]
    kind: Literal["longer"] = "longer"


Extent = Annotated[Union[Duration, HalfLives, Longer], Field(discriminator="kind")]


@dataclass(**_frozen)
class Window:
    """The period [index - within, index]; without its far end when not ``inclusive``
    ("less than 6 weeks ago": a day exactly 6 weeks back is not in it)."""

    within: Extent
    inclusive: bool = True


# ---- rules ------------------------------------------------------------------


@dataclass(**_frozen)
class Measure:
    """A numeric comparison on a lab, vital sign, score or ``age``.

    ``sustained``: every result in the last ``sustained`` satisfies, and the
    results cover that period (persistence; more than it with ``sustained_op``
    ">": "for > 3 months").  ``window``: at least one result in the window
    satisfies; ``None`` means the latest result.
    """

    analyte: str
    op: Op
    value: Threshold
    window: Window | None = None
    sustained: Duration | None = None
    sustained_op: Literal[">=", ">"] = ">="
    span: Span | None = _span()
    kind: Literal["measure"] = "measure"


@dataclass(**_frozen)
class Between:
    analyte: str
    low: Threshold
    high: Threshold
    low_inclusive: bool = True
    high_inclusive: bool = True
    window: Window | None = None
    sustained: Duration | None = None
    sustained_op: Literal[">=", ">"] = ">="
    span: Span | None = _span()
    kind: Literal["between"] = "between"


@dataclass(**_frozen)
class Result:
    """A qualitative result ("positive lupus anticoagulant").

    ``times``/``apart``: at least ``times`` such results, consecutive ones at
    least ``apart`` from each other (repetition).
    """

    analyte: str
    value: Literal["positive", "negative"] = "positive"
    times: int = 1
    apart: Duration | None = None
    window: Window | None = None
    span: Span | None = _span()
    kind: Literal["result"] = "result"


@dataclass(**_frozen)
class DrugUse:
    """Exposure to an ingredient or a class.

    ``window`` set: any exposure overlapping the window; else ``ever``: any
    exposure before the index date; else: in use at the index date.
    ``lasting``: taken without a break for at least this long ("metformin for
    at least 3 months"): up to the index date, or with ``ever`` at any time
    before it ("previous treatment with X for at least 3 months").
    """

    drug: str
    routes: tuple[str, ...] = ()  # empty: any route the class counts as systemic
    window: Window | None = None
    ever: bool = False
    lasting: Duration | None = None
    lasting_op: Literal[">", ">="] = ">="
    excluding: tuple[str, ...] = ()  # drugs or classes whose ingredients do not count ("NSAIDs other than aspirin")
    span: Span | None = _span()
    kind: Literal["drug"] = "drug"


@dataclass(**_frozen)
class DrugDose:
    """The current daily dose, optionally expressed as ``as_drug`` (class equivalence)."""

    drug: str
    op: Op
    per_day: Quantity
    as_drug: str | None = None
    span: Span | None = _span()
    kind: Literal["dose"] = "dose"


@dataclass(**_frozen)
class DoseStable:
    """Taken at an unchanged daily dose for ``op`` ``duration`` up to the index date."""

    drug: str
    op: Op
    duration: Duration
    span: Span | None = _span()
    kind: Literal["stable"] = "stable"


@dataclass(**_frozen)
class Condition:
    """A diagnosis in a concept group.

    status ``any``: recorded and not refuted; ``active``: clinically active at
    the index date; ``history``: ever recorded.  ``onset``: onset within the
    window.  ``present``: present at some time in the window (begun before its
    end, not ended before its start: "substance abuse within 6 months").
    ``lasting``: present for at least this long ("type 1 diabetes for at least
    6 months": not resolved, onset at least 6 months before the index date);
    with status ``history``, begun at least this long ago, resolved or not
    ("at least 6 months after stroke", "MI more than 3 months ago").
    ``excluding``: groups that do not count.  ``severity``: the severities that
    count ("moderate to severe asthma": moderate, severe), read from the
    diagnosis's recorded severity (FHIR Condition.severity); empty: any.
    """

    group: str
    status: Literal["any", "active", "history"] = "any"
    severity: tuple[Severity, ...] = ()
    onset: Window | None = None
    lasting: Duration | None = None
    lasting_op: Literal[">", ">="] = ">="  # "for more than 6 weeks" is strict
    present: Window | None = None
    excluding: tuple[str, ...] = ()
    span: Span | None = _span()
    kind: Literal["condition"] = "condition"


@dataclass(**_frozen)
class Allergy:
    """A recorded allergy or intolerance (FHIR AllergyIntolerance) to ``agent``.

    ``agent`` is a drug, a drug class or an allergen of the vocabulary.  status
    ``any``: recorded, not refuted and not resolved; ``history``: ever recorded
    and not refuted.  A record of a drug counts for a class that holds it; a
    record of a whole class does not decide one of its drugs (unknown).
    """

    agent: str
    status: Literal["any", "history"] = "any"
    span: Span | None = _span()
    kind: Literal["allergy"] = "allergy"


@dataclass(**_frozen)
class Procedure:
    """A procedure performed on the patient (FHIR Procedure): surgery, transplant, radiotherapy...

    ``window`` set: performed within the window (its end, or its date, on or after the window's
    start); else status ``ever``: performed on or before the index date; ``current``: in progress on
    the index date (a record in progress, or a performed period that covers the index date).
    """

    procedure: str
    status: Literal["ever", "current"] = "ever"
    window: Window | None = None
    span: Span | None = _span()
    kind: Literal["procedure"] = "procedure"


@dataclass(**_frozen)
class Immunization:
    """A vaccine given to the patient (FHIR Immunization), or one of a group ("live_vaccines").

    ``window`` set: given within the window (on or after its start); else given on or before the index date.
    """

    vaccine: str
    window: Window | None = None
    span: Span | None = _span()
    kind: Literal["immunization"] = "immunization"


@dataclass(**_frozen)
class Study:
    """The patient in another research study (FHIR ResearchSubject).

    ``window`` set: in a study at some time within the window (its period overlaps it); ``current``: in
    one on the index date.  ``investigational``: only a study that tests an intervention counts
    ("received an investigational drug", "another interventional trial").
    """

    window: Window | None = None
    current: bool = False
    investigational: bool = False
    span: Span | None = _span()
    kind: Literal["study"] = "study"


@dataclass(**_frozen)
class Sex:
    allowed: tuple[Literal["female", "male"], ...]
    span: Span | None = _span()
    kind: Literal["sex"] = "sex"


@dataclass(**_frozen)
class Manual:
    """Needs a person's attestation; no record can decide it."""

    reason: str
    span: Span | None = _span()
    kind: Literal["manual"] = "manual"


@dataclass(**_frozen)
class Unmapped:
    """A comparison or a window on a subject the vocabulary does not know.

    "Life expectancy < 12 months", "participation in another trial within 30
    days": the numbers are read and kept (with ``subject`` as written) so a
    person sees them, but no record can be matched to the subject, so it is
    always unknown and the criterion is partial.  ``test`` holds the
    comparison with ``analyte`` set to the subject text; ``window`` is for a
    subject with only a window.
    """

    subject: str
    test: Union[Measure, Between, None] = None
    window: Window | None = None
    span: Span | None = _span()
    kind: Literal["unmapped"] = "unmapped"


@dataclass(**_frozen)
class All:
    items: tuple["Rule", ...]
    span: Span | None = _span()
    kind: Literal["all"] = "all"


@dataclass(**_frozen)
class Any:
    items: tuple["Rule", ...]
    span: Span | None = _span()
    kind: Literal["any"] = "any"


@dataclass(**_frozen)
class Not:
    item: "Rule"
    span: Span | None = _span()
    kind: Literal["not"] = "not"


@dataclass(**_frozen)
class AtLeast:
    n: int
    items: tuple["Rule", ...]
    span: Span | None = _span()
    kind: Literal["at_least"] = "at_least"


Rule = Annotated[
    Union[
        Measure, Between, Result, DrugUse, DrugDose, DoseStable, Condition, Allergy, Procedure, Immunization, Study, Sex, Manual,
        Unmapped,
        All, Any, Not, AtLeast,
    ],
    Field(discriminator="kind"),
]

RULE_ADAPTER: TypeAdapter = TypeAdapter(Rule)


def walk(rule) -> Iterator:
    """Every node of a rule, connectives (All/Any/AtLeast/Not) included."""
    stack = [rule]
    while stack:
        r = stack.pop()
        yield r
        if isinstance(r, (All, Any, AtLeast)):
            stack.extend(r.items)
        elif isinstance(r, Not):
            stack.append(r.item)
