"""NCT06722586 compiles criterion by criterion to reviewed rules (tests/golden/, read line by line)."""

import json
from pathlib import Path

import pytest

from screener import ir
from screener.compile import compile_text
from screener.trials import read_trial

GOLDEN = Path(__file__).parent / "golden" / "NCT06722586.compile.json"


@pytest.fixture(scope="module")
def compiled():
    tid, text, overrides = read_trial("NCT06722586")
    return compile_text(text, trial=tid, overrides=overrides)


def test_every_line_compiles(compiled):
    assert compiled.counts() == {"compiled": 18, "partial": 0, "unsupported": 0}
    ids = [c.id for c in compiled.criteria]
    assert ids == ["I1", "I2", "I3", "I4", "I5", "I6"] + [f"E{i}" for i in range(1, 11)] + ["age_min", "sex"]
    heads = {c.id: c.heading for c in compiled.criteria}
    assert all(heads[f"I{i}"] == "Eligible concomitant treatment" for i in range(3, 7))


@pytest.mark.parametrize("row", json.loads(GOLDEN.read_text(encoding="utf-8")), ids=lambda r: r["id"])
def test_golden(compiled, row):
    got = {c.id: c for c in compiled.criteria}[row["id"]]
    assert (got.section, got.origin, got.status, got.text, got.canonical) == (
        row["section"], row["origin"], row["status"], row["text"], row["canonical"])


def test_alt_or_ast_is_or_not_and(compiled):
    e6 = {c.id: c for c in compiled.criteria}["E6"].rule
    assert isinstance(e6, ir.Any)
    liver = e6.items[0]
    assert isinstance(liver, ir.Any)
    assert {m.analyte for m in liver.items} == {"alt", "ast"}
    assert all(m.value == ir.RefMultiple(factor=3, bound="ULN") and m.op == ">" for m in liver.items)


def test_allowances_become_exclusions(compiled):
    by_id = {c.id: c for c in compiled.criteria}
    pred = by_id["I3"].rule
    assert by_id["I3"].section == "exclusion" and by_id["I3"].origin == "allowance"
    use, forbidden = pred.items
    assert use == ir.DrugUse(drug="glucocorticoids")
    dose, stable = forbidden.item.items
    assert dose == ir.DrugDose(drug="glucocorticoids", op="<", per_day=ir.Quantity(value=10, unit="mg/d"),
                               as_drug="prednisone")
    assert stable == ir.DoseStable(drug="glucocorticoids", op=">", duration=ir.Duration(value=2, unit="week"))
    washout = by_id["I6"].rule
    assert {u.drug for u in washout.items} == {"tpo_receptor_agonists", "ivig", "immunosuppressants",
                                               "b_cell_inhibitors", "anti_cd20"}
    assert all(u.window == ir.Window(within=ir.HalfLives(count=5)) for u in washout.items)


def test_spans_point_into_the_source(compiled):
    _, text, _ = read_trial("NCT06722586")
    for c in compiled.criteria:
        assert text[c.span["start"]:c.span["end"]].strip()
    e6 = {c.id: c for c in compiled.criteria}["E6"].rule
    egfr = e6.items[1]
    assert text[egfr.span.start:egfr.span.end].startswith("eGFR")


def test_igg4_trial_has_no_criteria():
    tid, text, overrides = read_trial("NCT05746689")
    t = compile_text(text, trial=tid, overrides=overrides)
    assert [c.id for c in t.criteria] == ["sex"]
    assert any(n.code == "section.no_criteria" for n in t.notes)
