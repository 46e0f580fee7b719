"""What the pre-check page offers binds back to the vocabulary: the page sends names and units
as a person picks them, and every pick must come out as the analyte, drug or condition meant,
with the value converted (docs/http.md, "The pre-check page")."""

from __future__ import annotations

from screener.http.choices import condition_choices, drug_choices, lab_choices
from screener.records.bind import bind_patients
from screener.records.model import ConditionRecord, Medication, Observation, Patient
from screener.vocab import vocabulary


def test_every_offered_lab_and_unit_binds_and_converts():
    labs = lab_choices()
    assert len(labs) == len(vocabulary().analytes)
    obs = []
    for lab in labs:
        if lab["qualitative"]:
            obs.append(Observation(id=f"{lab['id']}|", text=lab["name"], value_text="positive"))
        for u in lab["units"]:
            obs.append(Observation(id=f"{lab['id']}|{u['unit']}", text=lab["name"], value=2.0, unit=u["unit"]))
    (p,) = bind_patients([Patient(id="p", observations=obs)])
    for o in p.observations:
        analyte, unit = o.id.split("|")
        assert o.analyte == analyte, (o.text, o.analyte)
        if unit:
            assert o.problem is None and o.normalized_value is not None, (analyte, unit, o.problem)
    assert not p.problems


def test_units_are_the_vocabularys_first_and_never_across_dimensions():
    by_id = {lab["id"]: [u["unit"] for u in lab["units"]] for lab in lab_choices()}
    for a in vocabulary().analytes.values():
        if a.canonical_unit and a.value_type != "qualitative":
            assert by_id[a.id][0] == a.canonical_unit
    assert {"g/dL", "g/L", "mmol/L"} <= set(by_id["hemoglobin"])  # "Hb < 100 g/L" can be entered as written
    assert {"10*9/L", "10*3/uL"} <= set(by_id["platelets"])
    assert not {"g/dL", "mmol/L", "%"} & set(by_id["platelets"])
    assert by_id["egfr"] == ["mL/min/{1.73_m2}"]  # a plain mL/min is another quantity (docs/semantics.md)


def test_every_offered_drug_and_condition_binds():
    meds = [Medication(id=d["id"], text=d["name"]) for d in drug_choices()]
    conds = [ConditionRecord(id=c["id"], text=c["name"]) for c in condition_choices()]
    (p,) = bind_patients([Patient(id="p", medications=meds, conditions=conds)])
    assert [m.drug for m in p.medications] == [m.id for m in p.medications]
    for c in p.conditions:
        assert c.id in c.groups, (c.text, c.groups)
