"""Stage 2: character-level normalization keeps an exact offset map."""

import pytest
from hypothesis import given, strategies as st

from screener.text.normalize import normalize


@pytest.mark.parametrize("raw, expected", [
    ("eGFR\\<40mL/min/1.73m\\^2", "eGFR<40mL/min/1.73m^2"),
    ("30-100\u00d710\\^9/L", "30-100 x 10^9/L"),
    ("<100x109/L", "<100 x 10^9/L"),
    ("100 \u00d7 109 / l", "100 x 10^9 / l"),
    ("ANC \u2265 1,500/mm\u00b3", "ANC >= 1500/mm^3"),
    ("platelets \u00b3 100 000 per mm3", "platelets >= 100000 per mm3"),
    ("Hb \u2264 9 g/dL", "Hb <= 9 g/dL"),
    ("age =>18", "age >=18"),
    ("ECOG 0~2", "ECOG 0 - 2"),
    ("anti-platelet and/or anti-coagulant", "anti-platelet or anti-coagulant"),
    ("2,5 mg", "2.5 mg"),
    ("1,2,3", "1,2,3"),
    ("WBC\\<3.0\u00d710\\^9/L", "WBC<3.0 x 10^9/L"),
    # LCT: modifier-letter arrowhead for "<", a number glued to "than"
    ("Age \u02c2 18 years old", "Age < 18 years old"),
    ("Haemoglobin equal to or greater than100 g/L", "Haemoglobin equal to or greater than 100 g/L"),
    ("5\u20442 mg", "5/2 mg"),
])
def test_rewrites(raw, expected):
    assert normalize(raw).text == expected


def test_offsets_point_at_the_source():
    raw = "eGFR\\<40mL/min"
    n = normalize(raw)
    lt = n.text.index("<")
    assert raw[n.source(lt)] in "\\<"
    assert raw[n.source(n.text.index("40"))] == "4"


@given(st.text(max_size=200))
def test_never_raises_and_map_is_aligned(raw):
    n = normalize(raw)
    assert len(n.offsets) == len(n.text)
    assert all(0 <= o <= len(raw) for o in n.offsets)
    assert list(n.offsets) == sorted(n.offsets)


def test_a_rewrite_that_reads_context_moves_no_position():
    # "ASA status 1,2": the rewrite of "1,2" matched from "status" on, and every character it returned
    # pointed at "s", so the rule's span ended inside "status" and the caret missed the numbers
    raw = "ASA status 1,2"
    n = normalize(raw)
    assert n.text == "ASA status 1, 2"
    for i, ch in enumerate(n.text):
        if ch != " ":
            assert raw[n.offsets[i]] == ch
