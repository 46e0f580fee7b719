"""Conversions the evaluator relies on, checked against independently published values."""

from __future__ import annotations

import numpy as np
import pint
import pytest
from ucumvert import PintUcumRegistry

from screener.units import (
    UnitConversionError,
    compare,
    convert,
    linear_map,
    parse_unit,
    to_canonical,
    to_ucum,
    ureg,
)


# value, from, to, analyte, expected, relative tolerance; expected values are the
# customary clinical conversion figures (SI unit tables), not computed by us.
INDEPENDENT = [
    (1, "mg/dL", "umol/L", "creatinine", 88.4, 1e-3),
    (200, "mg/dL", "mmol/L", "total_cholesterol", 5.17, 2e-3),
    (200, "mg/dL", "mmol/L", "ldl_cholesterol", 5.17, 2e-3),
    (200, "mg/dL", "mmol/L", "triglycerides", 2.26, 3e-3),
    (100, "mg/dL", "mmol/L", "glucose", 5.55, 2e-3),
    (1, "mg/dL", "umol/L", "bilirubin_total", 17.1, 2e-3),
    (150, "10*3/uL", "10*9/L", "platelets", 150, 1e-12),
    (150, "10*3/uL", "/mm3", "platelets", 150_000, 1e-12),
    (150, "10*9/L", "/mm3", "platelets", 150_000, 1e-12),
    (10, "g/dL", "g/L", "hemoglobin", 100, 1e-12),
    (7.0, "%", "mmol/mol", "hba1c", 53, 1e-2),
    (10, "ng/mL", "ug/L", "sirolimus_trough", 10, 1e-12),
    (10, "mg/dL", "mmol/L", "bun", 3.57, 2e-3),
    (1, "ng/dL", "pmol/L", "free_t4", 12.87, 2e-3),
    (10, "g/dL", "mmol/L", "hemoglobin", 6.206, 2e-3),
    (37, "Cel", "[degF]", None, 98.6, 1e-9),
]


@pytest.mark.parametrize("value,src,dst,analyte,expected,rel", INDEPENDENT)
def test_independent_values(value, src, dst, analyte, expected, rel):
    assert convert(value, src, dst, analyte) == pytest.approx(expected, rel=rel)


def test_hba1c_is_affine_not_a_factor():
    # IFCC = (NGSP - 2.15) * 10.929: 6.5 % -> 47.5, 5.0 % -> 31.1; a pure factor could not give both
    assert convert([5.0, 6.5, 7.0], "%", "mmol/mol", "hba1c") == pytest.approx([31.15, 47.54, 53.0], abs=0.05)
    assert convert(48, "mmol/mol", "%", "hba1c") == pytest.approx(6.54, abs=0.01)
    assert linear_map("%", "mmol/mol", "hba1c").how == "analyte_converter"
    # without the analyte, % -> mmol/mol is the plain dimensionless factor (7 % = 70 mmol/mol)
    assert convert(7.0, "%", "mmol/mol") == pytest.approx(70.0)


def test_criteria_spellings_convert():
    assert convert(100, "x10^9/L", "/mm3") == pytest.approx(100_000)
    assert convert(100, "×109/L", "10*3/uL") == pytest.approx(100)
    assert convert(1.5, "mg/dl", "µmol/L", "creatinine") == pytest.approx(132.6, rel=1e-3)
    assert convert(60, "ml/min/1.73 m²", "mL/min/{1.73_m2}", "egfr") == 60
    assert convert(1000, "mcg", "mg") == pytest.approx(1)
    assert convert(3.5, "g/24h", "mg/d") == pytest.approx(3500)


def test_vectorised_input_gives_array():
    out = convert(np.array([1.0, 2.0]), "g/dL", "g/L")
    assert isinstance(out, np.ndarray) and out.tolist() == [10.0, 20.0]
    assert convert([1, 2], "g/dL", "g/L").tolist() == [10.0, 20.0]
    assert isinstance(convert(1, "g/dL", "g/L"), float)


@pytest.mark.parametrize(
    "args,code",
    [
        ((1, "mg/dL", "10*9/L"), "unit.dimension_mismatch"),
        ((1, "mL/min", "mL/min/{1.73_m2}", "egfr"), "unit.dimension_mismatch"),
        ((1, "IU/L", "U/L"), "unit.dimension_mismatch"),
        ((1, "[IU]/L", "10*9/L"), "unit.dimension_mismatch"),
        ((1, "[GPL'U]/mL", "[MPL'U]/mL"), "unit.dimension_mismatch"),
        ((1, "mg/dL", "mmol/L"), "unit.no_molar_mass"),
        ((1, "mg/dL", "mmol/L", "crp"), "unit.no_molar_mass"),
        ((1, "furlongs per fortnight", "m/s"), "unit.unknown"),
        ((1, "x ULN", "U/L"), "unit.unknown"),
        ((1, "mg/dL", "mg/L", "no_such_analyte"), "unit.unknown_analyte"),
        ((7, "%", "1", "hba1c"), "unit.analyte_unit_unsupported"),
    ],
)
def test_errors_have_stable_codes(args, code):
    with pytest.raises(UnitConversionError) as err:
        convert(*args)
    assert err.value.code == code
    assert err.value.message


def test_iu_equals_u_only_where_the_analyte_says_so():
    assert convert(40, "IU/L", "U/L", "alt") == 40
    assert convert(2.5, "mU/L", "mIU/L", "tsh") == 2.5
    assert convert(40, "U/mL", "[arb'U]/mL", "anti_b2gp1_igg") == 40
    with pytest.raises(UnitConversionError):
        convert(40, "IU/L", "U/L", "creatinine")


def test_compare_orders_across_units_and_refuses_across_dimensions():
    assert compare(1.2, "mg/dL", 100, "umol/L", "creatinine") == 1
    assert compare(150, "10*9/L", 150_000, "/mm3") == 0
    assert compare(99, "10*3/uL", 100, "10*9/L") == -1
    with pytest.raises(UnitConversionError, match="different dimensions"):
        compare(1.0, "mg/dL", 1.0, "10*9/L")


def test_to_canonical_groups_by_analyte_and_unit():
    out = to_canonical([1.0, 88.4, 150, 150_000], ["mg/dL", "umol/L", "10*3/uL", "/mm3"],
                       ["creatinine", "creatinine", "platelets", "platelets"])
    assert out == pytest.approx([1.0, 1.0, 150, 150], rel=1e-3)


def test_parse_unit_returns_app_registry_units():
    u = parse_unit("mg/dL")
    assert isinstance(u, pint.Unit) and u._REGISTRY is ureg
    assert parse_unit("mL/min/1.73m2") != parse_unit("mL/min")
    with pytest.raises(UnitConversionError) as err:
        parse_unit("no unit here")
    assert err.value.code == "unit.unknown"


def test_ucumvert_registry_trap_and_our_fix():
    """ucumvert's own from_ucum builds quantities in pint's global registry: mixing them fails.

    Our parse path hands ucumvert's transformer the application registry, so a
    unit parsed from UCUM and a quantity made in ``ureg`` combine.
    """
    foreign = PintUcumRegistry()
    trap = foreign.from_ucum("mg/dL")
    with pytest.raises(ValueError, match="different registries"):
        _ = trap + ureg.Quantity(1, "mg/dL")
    ours = ureg.Quantity(2.0, parse_unit("mg/dL")) + ureg.Quantity(1, "mg/L")
    assert ours.to("mg/L").magnitude == pytest.approx(21.0)
    assert (ureg.Quantity(1, parse_unit("10*3/uL")) == ureg.Quantity(1000, parse_unit("/uL")))


@pytest.mark.parametrize(
    "text,code",
    [
        ("mg/dl", "mg/dL"), ("mg/dL", "mg/dL"), ("x10^9/L", "10*9/L"), ("×10^9/L", "10*9/L"),
        ("10\\^9/L", "10*9/L"), ("×109/L", "10*9/L"), ("×10⁹/L", "10*9/L"), ("10^9/l", "10*9/L"),
        ("G/L", "10*9/L"), ("g/L", "g/L"), ("/mm3", "/mm3"), ("/mm^3", "/mm3"), ("cells/mm3", "{cells}/mm3"),
        ("per mm3", "/mm3"), ("mcg", "ug"), ("µg", "ug"), ("μg", "ug"), ("ug", "ug"), ("IU/L", "[IU]/L"),
        ("U/L", "U/L"), ("mL/min/1.73m2", "mL/min/{1.73_m2}"), ("mL/min/1.73m\\^2", "mL/min/{1.73_m2}"),
        ("ml/min/1.73 m²", "mL/min/{1.73_m2}"), ("g/dl", "g/dL"), ("mmol/L", "mmol/L"), ("µmol/L", "umol/L"),
        ("umol/l", "umol/L"), ("mg/day", "mg/d"), ("mg/d", "mg/d"), ("mg per day", "mg/d"), ("%", "%"),
        ("kg/m2", "kg/m2"), ("kg/m^2", "kg/m2"), ("mmHg", "mm[Hg]"), ("mm Hg", "mm[Hg]"), ("bpm", "/min"),
        ("years", "a"), ("10*3/uL", "10*3/uL"), ("mL/min/{1.73_m2}", "mL/min/{1.73_m2}"), ("mm[Hg]", "mm[Hg]"),
        ("Cel", "Cel"), ("°C", "Cel"), ("{score}", "{score}"), ("/min", "/min"), ("mIU/mL", "m[IU]/mL"),
        ("mEq/L", "meq/L"), ("K/uL", "10*3/uL"), ("x10E3/uL", "10*3/uL"), ("GPL", "[GPL'U]/mL"),
        ("MPL U/mL", "[MPL'U]/mL"), ("lbs", "[lb_av]"), ("ft", "[ft_i]"), ("mg/24 h", "mg/(24.h)"),
        ("kg·m-2", "kg.m-2"), ("kg\u2219m-2", "kg.m-2"),
    ],
)
def test_to_ucum(text, code):
    assert to_ucum(text) == code


@pytest.mark.parametrize("text", ["", "  ", "x ULN", "ULN", "times", "at", "foo", "mg/dl/zz", "10+3/ul"])
def test_to_ucum_refuses_what_it_cannot_vouch_for(text):
    assert to_ucum(text) is None


def test_many_values_cost_one_pint_call_per_distinct_pair():
    from screener.units import PINT_CALLS

    rng = np.random.default_rng(7)
    pairs = [("creatinine", "umol/L"), ("glucose", "mmol/L"), ("platelets", "/mm3"), ("hemoglobin", "g/L")]
    pick = rng.integers(0, len(pairs), size=50_000)
    linear_map.cache_clear()
    before = PINT_CALLS.pint_calls
    out = to_canonical(rng.uniform(1, 100, 50_000), [pairs[i][1] for i in pick], [pairs[i][0] for i in pick])
    assert PINT_CALLS.pint_calls - before == len(pairs)
    assert np.isfinite(out).all()


@pytest.mark.parametrize(
    "text,code",
    [  # spellings seen in the Chia corpus's measurement values
        ("msec", "ms"), ("mUI/ml", "m[IU]/mL"), ("gm/dl", "g/dL"), ("/microL", "/uL"), ("beats per minute", "/min"),
        ("ºC", "Cel"), ("x 109 cells/L", "10*9/L"), ("K/cumm", "10*3/mm3"), ("million/ml", "10*6/mL"),
        ("mg⁄dL", "mg/dL"), ("units/L", "U/L"), ("10^9 /L", "10*9/L"),
    ],
)
def test_to_ucum_corpus_spellings(text, code):
    assert to_ucum(text) == code
