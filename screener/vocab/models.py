"""The vocabulary's record types: frozen, so a loaded vocabulary cannot drift."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Sex = Literal["male", "female"]
TermKind = Literal["analyte", "drug", "drug_class", "condition", "allergen", "procedure", "vaccine"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LoincCode(_Frozen):
    """One LOINC code of an analyte; ``property`` tells mass from molar variants."""

    code: str
    property: str  # "mass", "molar", "count", "ratio", "activity", "presence", ...
    unit: str | None  # the UCUM unit that code is reported in
    display: str
    source: str


class RefRange(_Frozen):
    """A reference range; ``default=True`` marks ours, used only when a record has none."""

    low: float | None
    high: float | None
    unit: str
    source: str
    sex: Sex | None = None
    default: bool = True


class AffineConverter(_Frozen):
    """An analyte-specific conversion ``to = (from - subtract) * multiply`` between two units."""

    from_unit: str
    to_unit: str
    subtract: float
    multiply: float
    source: str


class Analyte(_Frozen):
    id: str
    name: str
    kind: Literal["lab", "vital", "score"]
    value_type: Literal["quantity", "qualitative", "ordinal"]
    synonyms: tuple[str, ...] = ()
    loinc: tuple[str, ...] = ()
    loinc_codes: tuple[LoincCode, ...] = ()
    canonical_unit: str | None = None  # UCUM code
    molar_mass: float | None = None  # g/mol
    molar_mass_source: str | None = None
    iu_equals_u: bool = False  # U and [IU] denote the same number for this analyte
    arb_u_equals_u: bool = False  # [arb'U] and U denote the same number for this analyte
    converters: tuple[AffineConverter, ...] = ()
    # the unit a number written alone means ("BMI > 40" is kg/m2); None: a bare number is not comparable
    bare_unit: str | None = None
    # a value that grows with elapsed time, one unit per unit (analyte_advancing.csv): the result
    # observed D days before the screening date is D days larger on it; past ``advances_until``
    # (canonical unit) the value no longer describes the patient now
    advances: bool = False
    advances_until: float | None = None
    # the lowest and highest place of an ordinal score (analyte_scales.csv): "NYHA class VI" is off its scale
    scale: tuple[float, float] | None = None
    source: str = ""


class Drug(_Frozen):
    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    rxnorm: tuple[str, ...] = ()  # ingredient (IN) codes
    rxnorm_source: str | None = None
    classes: tuple[str, ...] = ()
    half_life_hours: float | None = None
    half_life_source: str | None = None
    routes: tuple[str, ...] = ()


class DrugClass(_Frozen):
    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # drug ids, including those of the classes it includes
    includes: tuple[str, ...] = ()  # other class ids
    reference_drug: str | None = None
    # mg of reference drug per mg of member (glucocorticoids: prednisone-equivalent)
    equivalence: dict[str, float] = {}
    equivalence_sources: dict[str, str] = {}
    systemic_routes: tuple[str, ...] = ()
    source: str = ""


class ConditionGroup(_Frozen):
    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    icd10_prefixes: tuple[str, ...] = ()
    snomed: tuple[str, ...] = ()
    includes: tuple[str, ...] = ()  # other group ids
    source: str = ""
    generated: bool = False  # from an ICD-10-CM generated file; hand-written groups win every surface form
    state: bool = False  # condition_states.csv: "X within N" is X present in the window, not begun in it


class Allergen(_Frozen):
    """A substance people are allergic to that is not a drug of ours (food, latex, venom, pollen)."""

    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    snomed: tuple[str, ...] = ()  # the codes an AllergyIntolerance record carries for it
    source: str = ""


class Procedure(_Frozen):
    """A procedure (surgery, transplant, radiotherapy, ...) as FHIR Procedure records code it.

    ``codes``: (system, code) pairs, system short ("snomed"); empty: no verified code, so
    no record can be matched to it and its rules are unknown.
    """

    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    codes: tuple[tuple[str, str], ...] = ()
    source: str = ""


class Vaccine(_Frozen):
    """A vaccine (or a group of vaccines: "live vaccines") as FHIR Immunization records code it (CVX).

    ``synonyms``: the forms as written in vaccines.csv plus, for each form "X vaccine", the forms
    the loader derives from it ("X vaccination", "vaccinated against X", ...: loader.vaccine_forms).
    ``codes``: (system, code) pairs, system short ("cvx"); a group lists every member's codes.
    """

    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    codes: tuple[tuple[str, str], ...] = ()
    source: str = ""


class RxnormProduct(_Frozen):
    """A clinical drug (SCD/SBD) code as records carry it, mapped to our ingredient and its route."""

    code: str
    drug_id: str
    route: str
    display: str
    source: str


class Term(_Frozen):
    """One surface form as criteria write it (lower-case) and what it names."""

    text: str
    kind: TermKind
    id: str
