"""Follow-up definitions are rule-language text compiled by the criteria grammar (docs/outcomes.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from screener import ir
from screener.compile import compile_rule
from screener.followup.compile import compile_followup
from screener.followup.definitions import load_definitions, read_definitions
from screener.ir import followup as fu
from screener.outcomes import assess_patient
from screener.parse.lexer import tokenize
from screener.records.model import Patient
from tests.strategies import DRUGS, QUANTITY_ANALYTES, durations, ops

BUNDLED = [("NCT06722586", "outcomes"), ("NCT05746689", "outcomes"), ("NCT05746689", "protocol")]


@pytest.mark.parametrize("trial,kind", BUNDLED)
def test_bundled_definitions_compile_whole(trial, kind):
    defs = load_definitions(trial, kind)
    assert defs.problems == []
    assert defs.definitions and all(d.compiled for d in defs.definitions)
    for d in defs.definitions:  # the canonical text compiles back to the same rule
        start = "schedule" if d.keyword == "dose" else "followup"
        assert compile_followup(d.canonical, start).node == d.rule, d.canonical


def test_the_registry_definitions_read_as_written():
    o6 = {d.name: d.canonical for d in load_definitions("NCT06722586", "outcomes").definitions}
    assert o6["complete_response"] == "platelets > 100 10*9/L"
    assert o6["partial_response"] == "(platelets <= 100 10*9/L) and (platelets > 2 x baseline)"
    assert o6["overall_response"] == "(complete_response) or (partial_response)"
    o5 = {d.name: d for d in load_definitions("NCT05746689", "outcomes").definitions}
    assert o5["disease_response"].rule == fu.Change(subject="igg4_rd_ri", direction="fall", op=">=",
                                                     value=ir.Quantity(value=2.0))
    assert [fu.timepoint(t) for t in o5["disease_response"].timepoints] == ["12 week within 14 day"]
    p5 = {d.name: d.rule for d in load_definitions("NCT05746689", "protocol").definitions}
    assert p5["prednisone"].steps[0] == fu.DoseLevel(
        per_day=ir.Quantity(value=0.8, unit="mg/kg/d"), maximum=ir.Quantity(value=60.0, unit="mg/d"),
        rounding=ir.Quantity(value=5.0, unit="mg/d"))
    assert p5["prednisone"].steps[1:] == (
        fu.Taper(step=ir.Quantity(value=5.0, unit="mg/d"), every=ir.Duration(value=14.0, unit="day"),
                 floor=ir.Quantity(value=30.0, unit="mg/d")),
        fu.Taper(step=ir.Quantity(value=2.5, unit="mg/d"), every=ir.Duration(value=2.0, unit="week"),
                 floor=ir.Quantity(value=0.0, unit="mg/d")))
    assert p5["sirolimus"].steps == (
        fu.DoseLevel(per_day=ir.Quantity(value=2.0, unit="mg/d"), duration=ir.Duration(value=3.0, unit="day")),
        fu.DoseLevel(per_day=ir.Quantity(value=1.0, unit="mg/d")))
    # "4-15 ug/L" stays in ug/L; the evaluator compares it with ng/mL results through pint
    assert p5["sirolimus_trough"] == ir.Between(analyte="sirolimus_trough", low=ir.Quantity(value=4.0, unit="ug/L"),
                                                 high=ir.Quantity(value=15.0, unit="ug/L"))


# ---- canonical text round trip -----------------------------------------------------------------

_numbers = st.integers(1, 500).map(lambda n: n / 2)
_refs = st.none() | st.builds(ir.Duration, value=st.integers(1, 60).map(float), unit=st.sampled_from(["week", "month"]))
_windows = st.none() | st.builds(ir.Window, within=durations)
_names = st.sampled_from(["complete_response", "disease_response", "remission", "relapse_after"])

leaves = st.one_of(
    st.builds(fu.VersusBaseline, analyte=st.sampled_from(QUANTITY_ANALYTES), op=ops, factor=_numbers),
    st.builds(fu.Change, subject=st.sampled_from(QUANTITY_ANALYTES), direction=st.sampled_from(["rise", "fall", "change"]),
              reference=_refs, op=ops, value=st.builds(ir.Quantity, value=_numbers), window=_windows),
    st.builds(lambda d, direction, ref, as_drug: fu.Change(subject=d, direction=direction, reference=ref, dose=True,
                                                           as_drug=as_drug),
              st.sampled_from(DRUGS), st.sampled_from(["rise", "fall", "change"]), _refs,
              st.none() | st.sampled_from(DRUGS)),
    st.builds(fu.DoseRaised, drug=st.sampled_from(DRUGS), as_drug=st.none() | st.sampled_from(DRUGS), window=_windows),
    st.builds(fu.Missing, analyte=st.sampled_from(QUANTITY_ANALYTES)),
    st.builds(fu.OutcomeRef, name=_names, at=_refs),
)
rules = st.recursive(leaves, lambda inner: st.one_of(
    st.builds(ir.Not, item=inner),
    st.lists(inner, min_size=2, max_size=3).map(lambda xs: ir.All(items=tuple(xs))),
    st.lists(inner, min_size=2, max_size=3).map(lambda xs: ir.Any(items=tuple(xs)))), max_leaves=5)

_mg = st.builds(ir.Quantity, value=_numbers, unit=st.just("mg/d"))
steps = st.one_of(
    st.builds(fu.DoseLevel, per_day=st.builds(ir.Quantity, value=_numbers, unit=st.sampled_from(["mg/d", "mg/kg/d"])),
              maximum=st.none() | _mg, rounding=st.none() | _mg, duration=st.none() | durations),
    st.builds(fu.Taper, step=_mg, every=durations, floor=_mg))
schedules = st.builds(lambda d, s: fu.DoseSchedule(drug=d, steps=tuple(s)), st.sampled_from(DRUGS),
                      st.lists(steps, min_size=1, max_size=4))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=rules)
def test_followup_rules_round_trip(rule):
    text = fu.render(rule)
    compiled = compile_followup(text, "followup")
    assert compiled.node == rule, (text, compiled.diagnostics)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule=schedules)
def test_schedules_round_trip(schedule):
    text = fu.render(schedule)
    compiled = compile_followup(text, "schedule")
    assert compiled.node == schedule, (text, compiled.diagnostics)


@given(tps=st.lists(st.builds(fu.Timepoint, offset=durations, tolerance=st.none() | durations), min_size=1, max_size=4))
def test_timepoints_round_trip(tps):
    text = ", ".join(fu.timepoint(t) for t in tps)
    assert compile_followup(text, "timepoints").node == tuple(tps)


# ---- what does not compile, and why -------------------------------------------------------------

@pytest.mark.parametrize("text,start,code", [
    ("life expectancy > 3 month", "followup", "followup.unknown_subject"),
    ("platelets > 2 x baseline soon", "followup", "lex.ignored_words"),
    ("prednisone 5 mg/L", "schedule", "followup.bad_unit"),
    ("prednisone 50 mg/d minimum 10 mg/d", "schedule", "followup.bad_schedule"),
    ("prednisone or sirolimus 5 mg/d", "schedule", "followup.bad_schedule"),
    ("glucocorticoids dose fall within 3 week", "followup", "followup.bad_change"),
    ("platelets rise from baseline > 2 x ULN", "followup", "followup.bad_change"),
    ("platelets rise from baseline", "timepoints", "syntax.unexpected_token"),
    ("", "followup", "syntax.empty"),
])
def test_definitions_that_do_not_compile_say_why(text, start, code):
    out = compile_followup(text, start)
    assert out.node is None
    assert [d.code for d in out.diagnostics][:1] == [code], out.diagnostics


def test_file_level_problems_are_reported_per_definition():
    text = "\n".join([
        "timepoints: 2 week within 3 day",
        "outcome a: platelets > 100 10*9/L",
        "outcome a: platelets > 50 10*9/L",                      # defined twice
        "outcome b: nonexistent_outcome or g",                     # unknown reference
        "outcome c: platelets rise from 3 month > 10 10*9/L",     # reference timepoint not declared
        "outcome d at 6 month: platelets > 100 10*9/L",          # no tolerance for 6 month
        "measure e: platelets rise from baseline > 10 10*9/L",    # a measure has no comparison
        "measure ee: platelets rise from 2 week within 1 week",   # nor a window
        "outcome f: platelets change from baseline",              # an outcome needs one
        "outcome g: gg",                                          # g and gg depend on each other
        "outcome gg: g",
        "monitor i: platelets > 100 10*9/L",                      # a monitor needs its timepoints
        "dose j: platelets > 100 10*9/L",                         # a dose needs a schedule
        "nonsense line",
    ])
    defs = read_definitions(text)
    problems = {d.name: d.error() for d in defs.definitions if not d.compiled}
    assert set(problems) == {"a", "b", "c", "d", "e", "ee", "f", "g", "gg", "i", "j"}
    assert "defined twice" in problems["a"] and "no outcome named 'nonexistent_outcome'" in problems["b"]
    assert "3 month is not declared" in problems["c"] and "6 month has no tolerance" in problems["d"]
    assert "depends on itself" in problems["g"]
    assert "a window belongs to an outcome" in problems["ee"]
    assert [n.code for n in defs.notes] == ["followup.invalid"] and defs.notes[0].line == 14


def test_a_definition_that_does_not_compile_is_unsupported_for_every_patient():
    defs = read_definitions("timepoints: 2 week within 3 day\noutcome ok: platelets > 100 10*9/L\n"
                            "outcome broken: platelets > 2 x baseline whatever\n", trial="T")
    r = assess_patient(defs, Patient(id="p"), dt.date(2025, 1, 1), dt.date(2025, 6, 1))
    got = {o.name: o.status for o in r.timepoints[0].outcomes}
    assert got == {"ok": "unknown", "broken": "unsupported"}


def test_followup_keywords_stay_words_in_criteria():
    kinds = [t.type for t in tokenize("dose change then taper every week, rise and fall, rounded, missing")]
    assert not {"CHANGE", "THEN", "TAPER", "EVERY", "ROUND", "MISSING"} & set(kinds)
    followup = [t.type for t in tokenize("dose change then taper every week", followup=True)]
    assert {"CHANGE", "THEN", "TAPER", "EVERY"} <= set(followup)
    # nor can a criterion reach a follow-up rule
    assert compile_rule("platelets > 2 x baseline") is None
    assert compile_rule("missing platelets") is None
