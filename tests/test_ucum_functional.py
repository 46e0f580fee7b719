"""The UCUM functional test suite (FHIR/Ucum-java UcumFunctionalTests.xml), read from the shared corpus.

Validation cases go through the application registry's UCUM path
(``ucum_scale``); conversion, multiplication and division cases through
``convert`` and pint arithmetic in the application registry. Cases we leave
out are listed in SKIPPED with the reason; display-name generation is not
something screener does and is not collected.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from screener.units import UcumSyntaxError, UnitConversionError, convert, ucum_scale, ureg

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ucum" / "UcumFunctionalTests.xml"
if not SUITE.is_file():
    pytest.skip(f"UCUM functional tests not found at {SUITE}", allow_module_level=True)

pytestmark = pytest.mark.corpus

_ROOT = ET.parse(SUITE).getroot()

# case id -> why we leave it out. Every skipped case names its reason.
SKIPPED: dict[str, str] = {}


def _cases(section: str):
    return [c.attrib for c in _ROOT.find(section).iter("case")]


def _param(cases):
    out = []
    for c in cases:
        marks = [pytest.mark.skip(reason=SKIPPED[c["id"]])] if c["id"] in SKIPPED else []
        out.append(pytest.param(c, id=c["id"], marks=marks))
    return out


def _close(actual: float, outcome: str) -> bool:
    """Equal to the stated outcome at the outcome's own precision (significant figures)."""
    expected = Decimal(outcome)
    if "." not in outcome and "e" not in outcome.lower():  # "133322000": trailing zeros are not significant
        expected = Decimal(outcome.rstrip("0") + "E" + str(len(outcome) - len(outcome.rstrip("0"))))
    exponent = expected.as_tuple().exponent
    half_ulp = 0.5 * 10.0 ** exponent if isinstance(exponent, int) else 0.0
    return math.isclose(actual, float(expected), rel_tol=1e-9, abs_tol=half_ulp * 1.000001)


@pytest.mark.parametrize("case", _param(_cases("validation")))
def test_validation(case):
    if case["valid"] == "true":
        ucum_scale(case["unit"])
    else:
        with pytest.raises(UcumSyntaxError):
            ucum_scale(case["unit"])


@pytest.mark.parametrize("case", _param(_cases("conversion")))
def test_conversion(case):
    actual = convert(float(case["value"]), case["srcUnit"], case["dstUnit"])
    assert _close(actual, case["outcome"]), (actual, case["outcome"])


def _q(value: str, code: str):
    factor, unit = ucum_scale(code) if code else (1.0, ureg.dimensionless)
    return ureg.Quantity(float(value) * factor, unit)


@pytest.mark.parametrize("case", _param(_cases("multiplication")))
def test_multiplication(case):
    product = _q(case["v1"], case["u1"]) * _q(case["v2"], case["u2"])
    expected = _q(case["vRes"], case["uRes"])
    assert _close(product.to(expected.units).magnitude, case["vRes"])


@pytest.mark.parametrize("case", _param(_cases("division")))
def test_division(case):
    quotient = _q(case["v1"], case["u1"]) / _q(case["v2"], case["u2"])
    expected = _q(case["vRes"], case["uRes"])
    assert _close(quotient.to(expected.units).magnitude, case["vRes"])


def test_suite_is_mostly_run():
    total = sum(len(_cases(s)) for s in ("validation", "conversion", "multiplication", "division"))
    assert total >= 560
    assert len(SKIPPED) / total < 0.1


def test_skip_list_names_real_cases():
    ids = {c["id"] for s in ("validation", "conversion", "multiplication", "division") for c in _cases(s)}
    assert set(SKIPPED) <= ids
    assert all(reason.strip() for reason in SKIPPED.values())


def test_cross_dimension_conversion_from_the_suite_units_is_an_error():
    with pytest.raises(UnitConversionError) as err:
        convert(1.0, "s/m", "g")
    assert err.value.code == "unit.dimension_mismatch"
