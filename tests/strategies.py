"""Hypothesis strategies for rule IR: every rule the canonical text can express."""

from __future__ import annotations

from hypothesis import strategies as st

from screener import ir
from screener.vocab import vocabulary

_v = vocabulary()
QUANTITY_ANALYTES = sorted(a.id for a in _v.analytes.values() if a.value_type != "qualitative")
QUALITATIVE_ANALYTES = sorted(a.id for a in _v.analytes.values() if a.value_type == "qualitative")
DRUGS = sorted(_v.drugs)
CLASSES = sorted(_v.drug_classes)
GROUPS = sorted(_v.condition_groups)
UNITS = [None, "mg/dL", "10*9/L", "10*3/uL", "g/L", "g/dL", "mmol/L", "umol/L", "mL/min/{1.73_m2}",
         "U/L", "%", "mm[Hg]", "kg/m2", "ng/mL"]
ROUTES = ["oral", "intravenous", "subcutaneous", "intramuscular", "topical", "inhaled"]

ops = st.sampled_from(["<", "<=", ">", ">=", "="])
numbers = st.integers(0, 20000).map(lambda n: n / 10)
positive = st.integers(1, 2000).map(lambda n: n / 10)
durations = st.builds(ir.Duration, value=st.integers(1, 60).map(float),
                      unit=st.sampled_from(["hour", "day", "week", "month", "year"]))
extents = st.one_of(
    durations,
    st.builds(ir.HalfLives, count=st.integers(1, 10).map(float)),
    st.builds(lambda a, b: ir.Longer(options=(a, b)), durations,
              st.builds(ir.HalfLives, count=st.integers(1, 10).map(float))),
)
windows = st.builds(ir.Window, within=extents, inclusive=st.booleans())  # strict: "within < 6 week"
duration_windows = st.builds(ir.Window, within=durations, inclusive=st.booleans())


def _quantity(unit):
    return st.builds(ir.Quantity, value=numbers, unit=st.just(unit))


thresholds = st.one_of(
    st.sampled_from(UNITS).flatmap(_quantity),
    st.builds(ir.RefMultiple, factor=positive, bound=st.sampled_from(["ULN", "LLN"])),
)



def _bare(analyte: str, t):
    """A number written alone is in the analyte's bare unit where it has one ("bmi > 30" is kg/m2),
    so the canonical text cannot say a bare number for those analytes."""
    unit = _v.analytes[analyte].bare_unit
    return ir.Quantity(value=t.value, unit=unit) if isinstance(t, ir.Quantity) and t.unit is None and unit else t


def _measure_in_bare_unit(m: ir.Measure) -> ir.Measure:
    return ir.Measure(analyte=m.analyte, op=m.op, value=_bare(m.analyte, m.value), window=m.window,
                      sustained=m.sustained, sustained_op=m.sustained_op if m.sustained else ">=")


measures = st.builds(ir.Measure, analyte=st.sampled_from(QUANTITY_ANALYTES), op=ops, value=thresholds,
                     window=st.none() | duration_windows, sustained=st.none() | durations,
                     sustained_op=st.sampled_from([">=", ">"])).map(_measure_in_bare_unit)
ages = st.builds(ir.Measure, analyte=st.just("age"), op=ops,
                 value=st.builds(ir.Quantity, value=st.integers(0, 120).map(float), unit=st.sampled_from(["a", "mo"])))


@st.composite
def betweens(draw):
    unit = draw(st.sampled_from(UNITS))
    lo, hi = sorted([draw(numbers), draw(numbers)])
    analyte = draw(st.sampled_from(QUANTITY_ANALYTES))
    return ir.Between(analyte=analyte, low=_bare(analyte, ir.Quantity(value=lo, unit=unit)),
                      high=_bare(analyte, ir.Quantity(value=hi, unit=unit)),
                      low_inclusive=draw(st.booleans()), high_inclusive=draw(st.booleans()),
                      window=draw(st.none() | duration_windows), sustained=(d := draw(st.none() | durations)),
                      sustained_op=draw(st.sampled_from([">=", ">"])) if d else ">=")


results = st.builds(ir.Result, analyte=st.sampled_from(QUALITATIVE_ANALYTES),
                    value=st.sampled_from(["positive", "negative"]), times=st.integers(1, 4),
                    apart=st.none() | durations, window=st.none() | duration_windows)


@st.composite
def drug_uses(draw):
    window = draw(st.none() | windows)
    routes = tuple(draw(st.lists(st.sampled_from(ROUTES), unique=True, max_size=2)))
    ever = draw(st.booleans()) if window is None else False
    drug = draw(st.sampled_from(DRUGS + CLASSES))
    # how long it was taken (no window with it); a class's exceptions
    lasting = draw(st.none() | durations) if window is None else None
    excluding = tuple(draw(st.lists(st.sampled_from(DRUGS), unique=True, max_size=2))) if drug in CLASSES else ()
    return ir.DrugUse(drug=drug, routes=routes, window=window, ever=ever, lasting=lasting,
                      lasting_op=draw(st.sampled_from([">", ">="])) if lasting else ">=", excluding=excluding)


doses = st.builds(ir.DrugDose, drug=st.sampled_from(DRUGS + CLASSES), op=ops,
                  per_day=st.builds(ir.Quantity, value=positive, unit=st.sampled_from(["mg/d", "ug/d", "g/d"])),
                  as_drug=st.none() | st.sampled_from(DRUGS))
stables = st.builds(ir.DoseStable, drug=st.sampled_from(DRUGS + CLASSES), op=ops, duration=durations)


@st.composite
def conditions(draw):
    group = draw(st.sampled_from(GROUPS))
    window = draw(st.none() | duration_windows)
    # a window on a state (condition_states.csv) is "present in it" unless "onset of" says otherwise
    present = window if window is not None and _v.condition_groups[group].state and draw(st.booleans()) else None
    onset = None if present is not None else window
    status = draw(st.sampled_from(["any", "history"])) if present else (
        "any" if onset else draw(st.sampled_from(["any", "active", "history"])))
    excluding = tuple(draw(st.lists(st.sampled_from(GROUPS), unique=True, max_size=2)))
    # present that long, or (status history) begun that long ago
    lasting = draw(st.none() | durations) if window is None else None
    return ir.Condition(group=group, status=status, onset=onset, present=present, excluding=excluding,
                        lasting=lasting, lasting_op=draw(st.sampled_from([">", ">="])) if lasting else ">=")


sexes = st.sampled_from([("female",), ("male",), ("female", "male")]).map(lambda a: ir.Sex(allowed=a))
manuals = st.text(st.characters(codec="ascii", categories=["L", "N", "Zs"]), min_size=1, max_size=30).map(
    lambda s: " ".join(s.split()) or "x").map(lambda s: ir.Manual(reason=s))

subjects = st.sampled_from(["life expectancy", "karnofsky index", "participation in another trial"])
unmapped = st.one_of(
    st.builds(lambda s, m: ir.Unmapped(subject=s, test=ir.Measure(analyte=s, op=m.op, value=m.value,
                                                                   window=m.window, sustained=m.sustained)),
              subjects, measures),
    st.builds(lambda s, w: ir.Unmapped(subject=s, window=w), subjects, duration_windows),
)

# another study: in a window, or now (the canonical text reads back through parse/studies.py)
studies = st.one_of(
    st.builds(lambda w, i: ir.Study(window=w, investigational=i), duration_windows, st.booleans()),
    st.builds(lambda i: ir.Study(current=True, investigational=i), st.booleans()))

leaves = st.one_of(measures, ages, betweens(), results, drug_uses(), doses, stables, conditions(), sexes,
                   manuals, unmapped, studies)

rules = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(ir.Not, item=inner),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: ir.All(items=tuple(xs))),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: ir.Any(items=tuple(xs))),
        st.lists(inner, min_size=2, max_size=3).flatmap(
            lambda xs: st.integers(1, len(xs)).map(lambda n: ir.AtLeast(n=n, items=tuple(xs))))),
    max_leaves=6,
)
