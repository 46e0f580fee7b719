"""Property tests: round trips, cross-dimension refusals, U vs [IU] per analyte."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.units import UnitConversionError, compare, convert, to_ucum
from screener.vocab import vocabulary

# (analyte or None, unit a, unit b): pairs that must convert both ways
PAIRS = [
    (None, "mg/dL", "g/L"), (None, "10*3/uL", "/mm3"), (None, "10*9/L", "{cells}/uL"), (None, "mm[Hg]", "kPa"),
    (None, "Cel", "[degF]"), (None, "kg", "[lb_av]"), (None, "cm", "[in_i]"), (None, "mg/d", "g/(24.h)"),
    (None, "ng/mL", "ug/L"), (None, "mL/min", "L/h"), (None, "a", "mo"), (None, "wk", "d"),
    ("creatinine", "mg/dL", "umol/L"), ("glucose", "mg/dL", "mmol/L"), ("triglycerides", "mg/dL", "mmol/L"),
    ("total_cholesterol", "mg/dL", "mmol/L"), ("bilirubin_total", "mg/dL", "umol/L"),
    ("hba1c", "%", "mmol/mol"), ("sirolimus_trough", "ng/mL", "nmol/L"), ("alt", "U/L", "[IU]/L"),
    ("tsh", "m[IU]/L", "mU/L"), ("hemoglobin", "g/dL", "mmol/L"), ("egfr", "mL/min/{1.73_m2}", "mL/s/{1.73_m2}"),
]

# units of pairwise different dimensions
DIMENSIONS = ["mg/dL", "mmol/L", "10*9/L", "[IU]/L", "U/L", "mL/min", "mL/min/{1.73_m2}", "mm[Hg]", "kg",
              "cm", "Cel", "s", "[GPL'U]/mL", "[MPL'U]/mL", "kg/m2", "/min"]

values = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(pair=st.sampled_from(PAIRS), x=values)
def test_round_trip(pair, x):
    analyte, a, b = pair
    there = convert(x, a, b, analyte)
    back = convert(there, b, a, analyte)
    assert back == pytest.approx(x, rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(pair=st.sampled_from(PAIRS), xs=st.lists(values, min_size=1, max_size=20))
def test_vector_equals_scalar(pair, xs):
    analyte, a, b = pair
    vec = convert(np.array(xs), a, b, analyte)
    assert vec.tolist() == pytest.approx([convert(x, a, b, analyte) for x in xs], rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(a=st.sampled_from(DIMENSIONS), b=st.sampled_from(DIMENSIONS), x=values, y=values)
def test_cross_dimension_comparison_is_an_error(a, b, x, y):
    if a == b:
        assert compare(x, a, y, b) in (-1, 0, 1)
        return
    with pytest.raises(UnitConversionError) as err:
        compare(x, a, y, b)
    assert err.value.code in ("unit.dimension_mismatch", "unit.no_molar_mass")
    assert repr(a) in str(err.value) or repr(b) in str(err.value)


_ENZYME_LIKE = sorted(a.id for a in vocabulary().analytes.values()
                      if a.canonical_unit and ("U" in a.canonical_unit) and "GPL" not in a.canonical_unit
                      and "MPL" not in a.canonical_unit)


@settings(max_examples=100, deadline=None)
@given(analyte=st.sampled_from(_ENZYME_LIKE), x=values)
def test_u_versus_iu_follows_the_analyte_flag(analyte, x):
    a = vocabulary().analytes[analyte]
    if a.iu_equals_u:
        assert convert(x, "IU/L", "U/L", analyte) == pytest.approx(x)
    else:
        with pytest.raises(UnitConversionError) as err:
            convert(x, "IU/L", "U/L", analyte)
        assert err.value.code == "unit.dimension_mismatch"


def test_enzyme_like_analytes_cover_both_flags():
    flags = {vocabulary().analytes[a].iu_equals_u for a in _ENZYME_LIKE}
    assert flags == {True, False}


SPELLINGS = ["mg/dl", "x10^9/L", "×109/L", "IU/L", "ml/min/1.73 m²", "mmHg", "mg per day", "bpm", "K/uL",
             "µmol/L", "10*3/uL", "mL/min/{1.73_m2}", "g/24h", "GPL", "years", "%", "Cel", "kg/m^2"]


@given(text=st.sampled_from(SPELLINGS))
def test_to_ucum_is_idempotent(text):
    code = to_ucum(text)
    assert code is not None and to_ucum(code) == code


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="abcdefgxyz/.^*0123456789 µ×%", max_size=12))
def test_to_ucum_never_crashes_and_its_answers_convert(text):
    code = to_ucum(text)
    if code is not None:
        assert convert(1.0, code, code) == 1.0
